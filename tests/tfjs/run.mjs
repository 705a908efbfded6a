// run.mjs — TensorFlow.js's half of the comparison (run.sh runs check.c first).
//
// For each case of cases.txt, reads what check.c wrote in OUT/NAME/ (the data, nnc's initial
// and final weights, its epoch loss and metrics, evaluate's and predict's), builds the same model in tfjs's layers API
// (@tensorflow/tfjs, CPU backend: Google's JavaScript port of Keras), sets the same initial
// weights, trains one epoch on the same batches (shuffle off), and compares. Keras 3 is the
// specification: where tfjs computes something else, FIXES corrects tfjs or the row is a
// `skip` with its reason. tfjs is float32 only, as nnc's cases are. Each row's tolerance is
// 1e-5 relative unless it says tol=.
//
// Compared, each relative to the size of tfjs's value (max |nnc - tfjs| / max |tfjs|):
//   weights  every final weight tensor, by its Keras name ("dense_1/kernel")
//   update   final minus initial weights: the epoch's change, a sharper view of the same
//            numbers, held to 1e-4 (a difference of two nearby float32 values carries
//            their rounding: about 2e-6 at most in these cases)
//   loss     the epoch's loss (the mean over its batches, weighted by their sizes), and
//            evaluate's loss on the same data after the epoch
//   metrics  each metric's epoch value, and evaluate's
//   predict  predict's outputs on the same data after the epoch
// Prints one line per case, then the largest differences seen, then "N passed, N failed,
// N skipped". Exits 1 when a case fails.
//
// Usage: node run.mjs CASES OUT_DIR TFJS_DIR   (TFJS_DIR holds node_modules/@tensorflow/tfjs)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [casesPath, outDir, tfjsDir] = process.argv.slice(2);
if (!tfjsDir) {
  console.error('usage: node run.mjs CASES OUT_DIR TFJS_DIR');
  process.exit(2);
}
const tf = createRequire(path.join(path.resolve(tfjsDir), 'package.json'))('@tensorflow/tfjs');
await tf.setBackend('cpu');

const TOL = 1e-5;          // weights, loss, metrics and predict, unless a row says tol=
const UPDATE_TOL = 1e-4;   // the epoch's change of the weights (see above), unless update_tol=
const NONE = tf.Reduction.NONE;

// ---- Keras 3 names in tfjs ----

// Activation strings tfjs spells differently; every other name is the same in both.
const ACTIVATIONS = { log_softmax: 'logSoftmax', silu: 'swish', hard_sigmoid: 'hardSigmoid' };
// Activations tfjs has only as a layer: the Dense stays linear and this layer follows.
// Keras 3's 'leaky_relu' string is keras.activations.leaky_relu, negative_slope 0.2 (the
// LeakyReLU layer's default is 0.3, and tfjs's is too).
const ACTIVATION_LAYERS = { leaky_relu: (name) => tf.layers.leakyReLU({ alpha: 0.2, name }) };

// Per-sample losses (tfjs-layers averages them over the batch, as Keras does). `probs` and
// `logits` (the loss with from_logits) are tfjs-layers' loss of that name, or a function of
// the row's loss arguments (those listed in `takes`) that gives the loss. tfjs-layers'
// losses take no from_logits, so the `logits` forms are tfjs-core's losses, which Keras 3's
// from_logits computes too: the stable sigmoid cross-entropy max(z,0) - z·y + log(1+e^-|z|),
// and -Σ y·log_softmax(z); their label smoothing is Keras 3's (y(1-s) + s/2 for sigmoid,
// y(1-s) + s/classes for softmax).
const softmaxCE = (a) => (y, z) => tf.losses.softmaxCrossEntropy(y, z, undefined, a.label_smoothing ?? 0, NONE);
const LOSSES = {
  binary_crossentropy: {
    probs: 'binaryCrossentropy', takes: ['label_smoothing'],
    logits: (a) => (y, z) => tf.mean(tf.losses.sigmoidCrossEntropy(y, z, undefined, a.label_smoothing ?? 0, NONE), -1),
  },
  categorical_crossentropy: { probs: 'categoricalCrossentropy', logits: softmaxCE, takes: ['label_smoothing'] },
  // tfjs-layers' sparseCategoricalCrossentropy(fromLogits) clips the logits to [ε, 1-ε]
  // before its softmax, and Keras 3 does not; so from logits the class ids become one-hot
  // targets (tfjs checks a custom loss's targets against the output's shape) for softmaxCE.
  sparse_categorical_crossentropy: {
    probs: 'sparseCategoricalCrossentropy', logits: softmaxCE, logitsOneHot: true,
  },
  mean_squared_error: { probs: 'meanSquaredError' },
  mean_absolute_error: { probs: 'meanAbsoluteError' },
  mean_absolute_percentage_error: { probs: 'meanAbsolutePercentageError' },
  mean_squared_logarithmic_error: { probs: 'meanSquaredLogarithmicError' },
  // tfjs takes the labels as they are; Keras 3 turns 0/1 labels into -1/1 first, so the
  // rows give -1/1 labels (y=pm1), which both use unchanged.
  hinge: { probs: 'hinge' },
  squared_hinge: { probs: 'squaredHinge' },
  categorical_hinge: { probs: 'categoricalHinge' },
  log_cosh: { probs: 'logcosh' },
  kl_divergence: { probs: 'kullbackLeiblerDivergence' },
  poisson: { probs: 'poisson' },
  cosine_similarity: { probs: 'cosineProximity' },
  huber: { probs: (a) => (y, p) => tf.mean(tf.losses.huberLoss(y, p, undefined, a.delta ?? 1.0, NONE), -1), takes: ['delta'] },
};

// Keras 3's optimizers with Keras 3's defaults, as tfjs's optimizers.
const OPTIMIZERS = {
  sgd: { defaults: { learning_rate: 0.01, momentum: 0, nesterov: 0 },
    make: (o) => o.momentum ? tf.train.momentum(o.learning_rate, o.momentum, !!o.nesterov)
                            : tf.train.sgd(o.learning_rate) },
  adam: { defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    make: (o) => tf.train.adam(o.learning_rate, o.beta_1, o.beta_2, o.epsilon) },
  rmsprop: { defaults: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: 0 },
    make: (o) => tf.train.rmsprop(o.learning_rate, o.rho, o.momentum, o.epsilon, !!o.centered) },
  adagrad: { defaults: { learning_rate: 0.001, initial_accumulator_value: 0.1 },
    make: (o) => tf.train.adagrad(o.learning_rate, o.initial_accumulator_value) },
  adadelta: { defaults: { learning_rate: 0.001, rho: 0.95, epsilon: 1e-7 },
    make: (o) => tf.train.adadelta(o.learning_rate, o.rho, o.epsilon) },
  adamax: { defaults: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    make: (o) => tf.train.adamax(o.learning_rate, o.beta_1, o.beta_2, o.epsilon, 0) },
};

// Metrics by Keras 3's names (tfjs-layers' compile knows few by name).
const METRICS = {
  binary_accuracy: tf.metrics.binaryAccuracy, categorical_accuracy: tf.metrics.categoricalAccuracy,
  sparse_categorical_accuracy: tf.metrics.sparseCategoricalAccuracy,
  mean_squared_error: 'mse', mean_absolute_error: 'mae', mean_absolute_percentage_error: 'mape',
};

// 'accuracy' as Keras 3 resolves it (get_metric in keras/src/trainers/compile_utils.py),
// from the shapes alone: binary for one output unit, sparse categorical for class-id
// targets, else categorical. tfjs resolves it as Keras 2 did, by the loss too (binary for
// binary cross-entropy on any number of units), so the name is resolved here.
function metricOf(name, y, units) {
  if (name !== 'accuracy' && name !== 'acc') return METRICS[name] ?? name;
  if (units === 1) return METRICS.binary_accuracy;
  return y.shape[1] === 1 ? METRICS.sparse_categorical_accuracy : METRICS.categorical_accuracy;
}

// Where tfjs's formula is not Keras 3's, the correction that makes tfjs compute Keras 3's.
const FIXES = {
  adam_epsilon: {
    why: "tfjs's Adam adds ε to √v̂ (v bias-corrected); Keras 3's adds it to √v, then scales " +
         'by lr·√(1-β2ᵗ)/(1-β1ᵗ). The same update when tfjs uses ε/√(1-β2ᵗ) at step t, ' +
         'which a callback sets before each step',
    callbacks: (opt, o) => {
      let t = 0;
      return { onBatchBegin: () => { t += 1; opt.epsilon = o.epsilon / Math.sqrt(1 - o.beta_2 ** t); } };
    },
  },
  constraints: {
    why: "tfjs applies a weight's constraint only when the weight is written from outside, " +
         "not after the optimizer's updates; Keras 3 after each update: a callback applies " +
         "tfjs's constraint to each constrained weight after each step",
    callbacks: (opt, o, model) => ({
      onBatchEnd: () => { for (const v of model.weights) if (v.constraint) v.val.assign(v.constraint.apply(v.val)); },
    }),
  },
  regularizers: {
    why: "tfjs's evaluate leaves out the regularizers' penalties (its fit has them); Keras 3's " +
         "has them: tfjs's own penalties on the final weights are added to its evaluate loss",
    evaluate: (model, logs) => {
      logs[0] += model.calculateLosses().reduce((sum, t) => sum + t.dataSync()[0], 0);
    },
  },
  rmsprop_centered_epsilon: {
    why: "tfjs's centered RMSprop divides by √(v − (a² + ε)), Keras 3's by √(v − a² + ε): " +
         'tfjs is given −ε',
    options: (o) => ({ ...o, epsilon: -o.epsilon }),
  },
};

// ---- files ----

function readNpy(file) {
  const b = fs.readFileSync(file);
  if (b.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not a .npy file`);
  const v1 = b[6] === 1;
  const len = v1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = v1 ? 10 : 12;
  const header = b.toString('latin1', start, start + len);
  const type = header.includes("'<f4'") ? Float32Array : header.includes("'<f8'") ? Float64Array : null;
  if (!type) throw new Error(`${file}: neither float32 nor float64: ${header}`);
  const shape = header.match(/\(([^)]*)\)/)[1].split(',').filter((s) => s.trim()).map(Number);
  const data = new type(b.buffer.slice(b.byteOffset + start + len, b.byteOffset + b.length));
  return tf.tensor(Float32Array.from(data), shape, 'float32');
}

// A safetensors file as { name: { shape, data: Float32Array or Float64Array } }.
function readSafetensors(file) {
  const b = fs.readFileSync(file);
  const n = Number(b.readBigUInt64LE(0));
  const header = JSON.parse(b.toString('utf8', 8, 8 + n));
  const out = {};
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const type = { F32: Float32Array, F64: Float64Array }[t.dtype];
    if (!type) throw new Error(`${file}: ${name} is ${t.dtype}, not F32 or F64`);
    const [s, e] = t.data_offsets;
    out[name] = { shape: t.shape, data: new type(b.buffer.slice(b.byteOffset + 8 + n + s, b.byteOffset + 8 + n + e)) };
  }
  return out;
}

// The rows of cases.txt, as check.c reads them.
function readCases(file) {
  const rows = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words[0] === 'skip') rows.push({ name: words[1], skip: words.slice(2).join(' ') });
    else if (words.length >= 4) {
      const [name, model, loss, optimizer, ...rest] = words;
      rows.push({ name, model, loss, optimizer, opts: Object.fromEntries(rest.map((w) => w.split('='))) });
    }
  }
  return rows;
}

// ---- the tfjs model ----

function activation(name) {
  return ACTIVATIONS[name] ?? name;
}

// Keras 3's layer classes and configurations as tfjs's: keys in camelCase, but for the
// arguments tfjs names otherwise; regularizer and constraint names or objects
// as tfjs's objects (tfjs has one L1L2 class; Keras's defaults are tfjs's).
const camel = (k) => k.replace(/_(\w)/g, (_, c) => c.toUpperCase());
const ARG_NAMES = { negative_slope: 'alpha' };
const REGULARIZERS = { l1: (c) => tf.regularizers.l1(c), l2: (c) => tf.regularizers.l2(c),
                       l1_l2: (c) => tf.regularizers.l1l2(c), l1l2: (c) => tf.regularizers.l1l2(c) };
const CONSTRAINTS = { max_norm: (c) => tf.constraints.maxNorm(c), non_neg: () => tf.constraints.nonNeg(),
                      unit_norm: (c) => tf.constraints.unitNorm(c), min_max_norm: (c) => tf.constraints.minMaxNorm(c) };
const snake = (k) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();  // MaxNorm -> max_norm
function tfjsObject(table, v) {
  const [name, config] = typeof v === 'string' ? [v, {}] : [snake(v.class_name), v.config ?? {}];
  if (!table[name]) throw new Error(`run.mjs knows no tfjs form of '${name}'`);
  return table[name](Object.fromEntries(Object.entries(config).map(([k, x]) => [camel(k), x])));
}
function tfjsConfig(config) {
  const out = {};
  for (const [k, v] of Object.entries(config)) {
    const key = ARG_NAMES[k] ?? camel(k);
    if (k.endsWith('_regularizer')) out[key] = tfjsObject(REGULARIZERS, v);
    else if (k.endsWith('_constraint')) out[key] = tfjsObject(CONSTRAINTS, v);
    else if (k === 'activation') out[key] = activation(v);
    else out[key] = v;
  }
  return out;
}
const LAYER_CLASSES = { ReLU: 'reLU', PReLU: 'prelu', ELU: 'elu' };
function kerasLayer(cls, config, name) {
  const make = tf.layers[LAYER_CLASSES[cls] ?? cls[0].toLowerCase() + cls.slice(1)];
  if (!make) throw new Error(`tfjs has no layer class ${cls}`);
  return make({ ...tfjsConfig(config), name });
}

// The row's model in tfjs's functional API, each layer named as nnc named it (`names`, in
// the order the layers were made), so that weights match by name.
function buildModel(c, names) {
  const [features, ...specs] = c.model.split('>');
  let k = 0;
  const input = tf.input({ shape: features.split('x').map(Number), name: names[k++] });
  const layer = (spec, h) => {
    const byClass = spec.match(/^(\w+)\((.*)\)$/);
    if (byClass) return kerasLayer(byClass[1], JSON.parse(byClass[2] || '{}'), names[k++]).apply(h);
    const [kind, a, b, flag] = spec.split(':');
    const name = names[k++];
    if (kind === 'dense') {
      const extra = ACTIVATION_LAYERS[b];
      h = tf.layers.dense({ units: Number(a), activation: extra ? 'linear' : activation(b ?? 'linear'),
                            useBias: flag !== 'nobias', name }).apply(h);
      return extra ? extra().apply(h) : h;
    }
    if (kind === 'activation')
      return (ACTIVATION_LAYERS[a]?.(name) ?? tf.layers.activation({ activation: activation(a), name })).apply(h);
    throw new Error(`unknown layer kind '${kind}'`);
  };
  const MERGES = { add: (o) => tf.layers.add(o), concatenate: (o) => tf.layers.concatenate({ axis: -1, ...o }) };
  let h = input;
  for (const spec of specs) {
    const m = spec.match(/^(\w+)\{(.*)\}$/);
    if (!m) { h = layer(spec, h); continue; }
    if (!MERGES[m[1]]) throw new Error(`unknown merge '${m[1]}'`);
    const branches = m[2].split(',').map((b) => layer(b, h));
    h = MERGES[m[1]]({ name: names[k++] }).apply(branches);
  }
  return tf.model({ inputs: input, outputs: h });
}

function setWeights(model, weights) {
  const names = model.weights.map((v) => v.originalName).sort();
  const want = Object.keys(weights).sort();
  if (names.join() !== want.join())
    throw new Error(`tfjs has weights ${names.join(', ')}; nnc saved ${want.join(', ')}`);
  // through the variable itself: a LayerVariable's write() would apply its constraint to the
  // initial weights, and Keras constrains only updated weights
  for (const v of model.weights) v.val.assign(tf.tensor(Float32Array.from(weights[v.originalName].data), weights[v.originalName].shape));
}

// The row's loss ("huber:delta=0.5", "binary_crossentropy:from_logits,label_smoothing=0.1"),
// and its targets as that loss takes them.
function lossOf(c, y, classes) {
  const [name, spec] = c.loss.split(':');
  const l = LOSSES[name];
  if (!l) throw new Error(`run.mjs knows no tfjs loss for '${name}'`);
  const args = Object.fromEntries((spec ? spec.split(',') : []).map((a) => a.split('=')).map(([k, v]) => [k, Number(v ?? 1)]));
  const logits = Boolean(args.from_logits);
  delete args.from_logits;
  const form = logits ? l.logits : l.probs;
  if (!form) throw new Error(`tfjs has no ${name} from logits`);
  for (const k of Object.keys(args))
    if (typeof form === 'string' || !(l.takes ?? []).includes(k)) throw new Error(`tfjs's ${name} takes no ${k}`);
  const loss = typeof form === 'string' ? form : form(args);
  const ids = () => tf.cast(tf.reshape(y, [-1]), 'int32');
  return { loss, y: logits && l.logitsOneHot ? tf.cast(tf.oneHot(ids(), classes), 'float32') : y };
}

// The row's optimizer as a tfjs optimizer, and its arguments with Keras 3's defaults; `fix`
// may change the arguments tfjs is given.
function optimizerOf(c, fix = (o) => o) {
  const [name, args] = c.optimizer.split(':');
  const o = OPTIMIZERS[name.toLowerCase()];
  if (!o) throw new Error(`run.mjs knows no tfjs optimizer for '${name}'`);
  const given = Object.fromEntries((args ? args.split(',') : []).map((a) => a.split('=')).map(([k, v]) => [k, Number(v)]));
  for (const k of Object.keys(given))
    if (!(k in o.defaults)) throw new Error(`run.mjs: ${name} has no argument '${k}' in Keras 3 (or tfjs)`);
  const opts = { ...o.defaults, ...given };
  return { opt: o.make(fix(opts)), opts };
}

// ---- comparing ----

function relDiff(a, b) {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return den === 0 ? num : num / den;
}

const worst = { weights: [0, ''], update: [0, ''], loss: [0, ''], metric: [0, ''], predict: [0, ''] };
function note(kind, value, name) {
  if (value > worst[kind][0]) worst[kind] = [value, name];
}

// Each final weight, and its change over the epoch, against tfjs's.
function compareWeights(model, initial, final, tol, updateTol, r) {
  for (const v of model.weights) {
    const ours = final[v.originalName].data, theirs = v.read().dataSync();
    const start = initial[v.originalName].data;
    const w = relDiff(ours, theirs);
    const u = relDiff(ours.map((o, i) => o - start[i]), theirs.map((t, i) => t - start[i]));
    r.weights = Math.max(r.weights, w);
    r.update = Math.max(r.update, u);
    if (w > tol) r.fails.push(`${v.originalName} ${w.toExponential(2)}`);
    if (u > updateTol) r.fails.push(`${v.originalName}'s update ${u.toExponential(2)}`);
  }
}

// The loss and metrics of fit's epoch and of evaluate after it, as [loss, metrics...] each.
// A metric (an accuracy: a fraction of samples) is compared relative to at least 1e-3.
function compareLogs(nnc, fitLogs, evalLogs, metrics, tol, r) {
  for (const [what, ours, theirs] of [['fit', nnc.fit, fitLogs], ['evaluate', nnc.evaluate, evalLogs]]) {
    ['loss', ...metrics].forEach((m, i) => {
      const d = Math.abs(ours[m] - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-3);
      if (i === 0) r.loss = Math.max(r.loss, d);
      else r.metric = Math.max(r.metric, d);
      if (!(d <= tol)) r.fails.push(`${what} ${m} ${ours[m]} vs ${theirs[i]}`);
    });
  }
}

async function runCase(c, dir) {
  const file = (f) => path.join(dir, f);
  const nnc = JSON.parse(fs.readFileSync(file('nnc.json'), 'utf8'));
  const x = readNpy(file('x.npy'));
  const initial = readSafetensors(file('initial.safetensors'));
  const model = buildModel(c, nnc.layers);
  setWeights(model, initial);
  const fix = c.opts.fix && FIXES[c.opts.fix];
  if (c.opts.fix && !fix) throw new Error(`unknown fix=${c.opts.fix}`);
  const { opt, opts } = optimizerOf(c, fix?.options);
  const metrics = c.opts.metrics ? c.opts.metrics.split(',') : [];
  const units = model.outputs[0].shape[1];
  const { loss, y } = lossOf(c, readNpy(file('y.npy')), units);
  model.compile({ optimizer: opt, loss, metrics: metrics.map((m) => metricOf(m, y, units)) });
  const epochs = Number(c.opts.epochs ?? 1);
  const h = await model.fit(x, y, { epochs, batchSize: nnc.batch, shuffle: false, verbose: 0,
                                    callbacks: fix?.callbacks?.(opt, opts, model) });
  const tol = Number(c.opts.tol ?? TOL);
  const r = { weights: 0, update: 0, loss: 0, metric: 0, predict: 0, fails: [], fix };
  const updateTol = Number(c.opts.update_tol ?? UPDATE_TOL);
  compareWeights(model, initial, readSafetensors(file('final.safetensors')), tol, updateTol, r);
  const keys = Object.keys(h.history).filter((k) => k !== 'loss');  // the metrics, in order
  const ev = [model.evaluate(x, y, { batchSize: nnc.batch })].flat().map((t) => t.dataSync()[0]);
  fix?.evaluate?.(model, ev);
  const last = (k) => h.history[k][epochs - 1];
  compareLogs(nnc, [last('loss'), ...keys.map(last)], ev, metrics, tol, r);
  r.predict = relDiff(readNpy(file('predict.npy')).dataSync(), model.predict(x).dataSync());
  if (r.predict > tol) r.fails.push(`predict ${r.predict.toExponential(2)}`);
  for (const k of ['weights', 'update', 'loss', 'metric', 'predict']) note(k, r[k], c.name);
  return r;
}

// ---- main ----

const count = { passed: 0, failed: 0, skipped: 0 };
const explained = new Set();  // the fixes whose reason was printed (once is enough)
const fmt = (v) => v.toExponential(1).padStart(7);
for (const c of readCases(casesPath)) {
  const dir = path.join(outDir, c.name);
  const file = (f) => path.join(dir, f);
  if (c.skip !== undefined) {
    console.log(`SKIP ${c.name}: ${c.skip}`);
    count.skipped++;
  } else if (fs.existsSync(file('skip.txt'))) {
    console.log(`SKIP ${c.name}: ${fs.readFileSync(file('skip.txt'), 'utf8').trim()}`);
    count.skipped++;
  } else if (fs.existsSync(file('error.txt')) || !fs.existsSync(file('nnc.json'))) {
    const why = fs.existsSync(file('error.txt')) ? fs.readFileSync(file('error.txt'), 'utf8').trim() : 'check.c wrote nothing';
    console.log(`FAIL ${c.name}: nnc: ${why}`);
    count.failed++;
  } else {
    try {
      const r = await runCase(c, dir);
      const line = `${c.name.padEnd(30)} weights${fmt(r.weights)} update${fmt(r.update)} loss${fmt(r.loss)} metrics${fmt(r.metric)} predict${fmt(r.predict)}`;
      if (r.fails.length) {
        console.log(`FAIL ${line}\n     ${r.fails.join('; ')}`);
        count.failed++;
      } else {
        const why = r.fix && !explained.has(c.opts.fix) ? `: ${r.fix.why}` : '';
        if (r.fix) explained.add(c.opts.fix);
        console.log(`PASS ${line}${r.fix ? `\n     (corrected: ${c.opts.fix}${why})` : ''}`);
        count.passed++;
      }
    } catch (e) {
      console.log(`FAIL ${c.name}: ${e.message}`);
      count.failed++;
    }
  }
}
console.log('largest relative differences (max |nnc - tfjs| / max |tfjs|):');
for (const [k, [v, name]] of Object.entries(worst))
  console.log(`  ${k.padEnd(8)} ${v.toExponential(2)}  ${name}`);
console.log(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
process.exit(count.failed ? 1 : 0);
