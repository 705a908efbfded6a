// format.mjs — TensorFlow.js's half of the check of its model format (format.sh runs it
// between `tfjs_format save` and `tfjs_format load`).
//
// 1. Each OUT/nnc_NAME/model.json that nnc saved is loaded with tf.loadLayersModel through a
//    file handler (below: model.json, then every shard its weightsManifest names, read from
//    its directory, as tfjs-node's file:// handler reads them), and tfjs's predictions on
//    x.bin must equal nnc's pred.bin within 1e-5.
// 2. Models built in tfjs are saved through tf.io.withSaveHandler as OUT/tfjs_NAME/model.json
//    and weights.bin (the files tfjs-node's file:// handler writes), with x.bin, tfjs's
//    pred.bin and shapes.json, for `tfjs_format load` to check nnc against.
// Prints one line per model; exits 1 when one fails.
//
// Usage: node format.mjs OUT_DIR TFJS_DIR   (TFJS_DIR holds node_modules/@tensorflow/tfjs)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [outDir, tfjsDir] = process.argv.slice(2);
if (!tfjsDir) {
  console.error('usage: node format.mjs OUT_DIR TFJS_DIR');
  process.exit(2);
}
const tf = createRequire(path.join(path.resolve(tfjsDir), 'package.json'))('@tensorflow/tfjs');
await tf.setBackend('cpu');
const TOL = 1e-5;
let failed = false;

const floats = (file) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

// A float32 .npy file (as nnc's np.save writes it): its shape and its elements.
const npy = (file) => {
  const b = fs.readFileSync(file);
  const hlen = b.readUInt16LE(8);
  const header = b.toString('latin1', 10, 10 + hlen);
  if (!header.includes("'<f4'")) throw new Error(`${file}: not float32`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').filter((d) => d.trim())
    .map(Number);
  const data = b.buffer.slice(b.byteOffset + 10 + hlen, b.byteOffset + b.byteLength);
  return { shape, data: new Float32Array(data) };
};

// x and nnc's predictions: x.npy and pred.npy (a model file's np.save), else x.bin,
// pred.bin and shapes.json (format.c's).
const inputs = (dir) => {
  if (fs.existsSync(path.join(dir, 'x.npy'))) {
    const x = npy(path.join(dir, 'x.npy'));
    return { x: x.data, shape: x.shape, want: npy(path.join(dir, 'pred.npy')).data };
  }
  const shapes = JSON.parse(fs.readFileSync(path.join(dir, 'shapes.json'), 'utf8'));
  return { x: floats(path.join(dir, 'x.bin')), shape: shapes.x,
           want: floats(path.join(dir, 'pred.bin')) };
};

// model.json and its shards, as tfjs's IOHandler gives them to loadLayersModel.
const fileHandler = (modelPath) => ({
  load: async () => {
    const json = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
    const specs = [];
    const parts = [];
    for (const group of json.weightsManifest) {
      for (const p of group.paths) parts.push(fs.readFileSync(path.join(path.dirname(modelPath), p)));
      specs.push(...group.weights);
    }
    const all = Buffer.concat(parts);
    return {
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    };
  },
});

// ---- 1. nnc's files in tfjs ----
const saved = fs.readdirSync(outDir).filter((d) => d.startsWith('nnc_')).sort();
if (saved.length === 0) {
  console.log('FAIL: nnc saved no model');
  failed = true;
}
for (const name of saved) {
  const dir = path.join(outDir, name);
  try {
    const io = inputs(dir);
    const model = await tf.loadLayersModel(fileHandler(path.join(dir, 'model.json')));
    const x = tf.tensor(io.x, io.shape);
    const got = model.predict(x).dataSync();
    const want = io.want;
    let d = got.length === want.length ? 0 : Infinity;
    for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
    const ok = d <= TOL;
    failed ||= !ok;
    console.log(`${ok ? 'ok' : 'FAIL'} ${name}: tfjs predicts nnc's model within ${d.toPrecision(3)}` +
                ` (${model.layers.map((l) => l.getClassName()).join(', ')})`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}: tfjs cannot load it: ${e.message}`);
  }
}

// ---- 2. tfjs's files for nnc ----
const saveForNnc = async (name, model, xShape) => {
  const dir = path.join(outDir, `tfjs_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  const n = 9;
  const count = n * xShape.reduce((a, b) => a * b, 1);
  const xs = Float32Array.from({ length: count }, (_, i) => Math.cos(0.41 * i));
  const pred = model.predict(tf.tensor(xs, [n, ...xShape]));
  await model.save(tf.io.withSaveHandler(async (a) => {
    const manifest = [{ paths: ['weights.bin'], weights: a.weightSpecs }];
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy,
      convertedBy: a.convertedBy, weightsManifest: manifest }));
    fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(a.weightData));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  fs.writeFileSync(path.join(dir, 'x.bin'), Buffer.from(xs.buffer));
  fs.writeFileSync(path.join(dir, 'pred.bin'), Buffer.from(pred.dataSync().buffer));
  fs.writeFileSync(path.join(dir, 'shapes.json'),
                   JSON.stringify({ x: [n, ...xShape], pred: pred.shape }));
};

const L = tf.layers;
const seq = tf.sequential({ layers: [
  L.dense({ units: 7, activation: 'relu', inputShape: [5], biasInitializer: 'randomNormal' }),
  L.batchNormalization({ movingVarianceInitializer: tf.initializers.constant({ value: 2 }),
                         betaInitializer: 'randomNormal' }),
  L.dropout({ rate: 0.5 }),
  L.dense({ units: 3, activation: 'softmax' })] });
await saveForNnc('sequential', seq, [5]);

const inp = tf.input({ shape: [4] });
const a = L.dense({ units: 5, activation: 'tanh' }).apply(inp);
const shared = L.dense({ units: 5, activation: 'sigmoid', biasInitializer: 'ones' });
const s = L.add().apply([a, shared.apply(a)]);
const c = L.concatenate().apply([s, shared.apply(s)]);
const out = L.dense({ units: 2 }).apply(L.layerNormalization().apply(c));
await saveForNnc('functional', tf.model({ inputs: inp, outputs: out }), [4]);
console.log('saved tfjs_sequential, tfjs_functional');

process.exit(failed ? 1 : 0);
