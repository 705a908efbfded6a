// onnx_run.js — runs an ONNX file in ONNX Runtime (npm onnxruntime-node) on .npy inputs, one
// per graph input in the graph's order, and writes its first output as .npy, for
// tests/keras/test_onnx.c and test_multi_input.c.
// Usage: node onnx_run.js NODE_MODULES MODEL.onnx X.npy... OUT.npy   (f4 or f8, C order)
'use strict';
const fs = require('fs');
const [modules, model, ...paths] = process.argv.slice(2);
const outPath = paths.pop();
const ort = require(modules + '/onnxruntime-node');

function readNpy(path) {
  const b = fs.readFileSync(path);
  const v1 = b[6] === 1;  // format version 1.0: a 2-byte header length, else 4 bytes
  const at = v1 ? 10 : 12;
  const start = at + (v1 ? b.readUInt16LE(8) : b.readUInt32LE(8));
  const header = b.toString('latin1', at, start);
  const descr = /'descr': *'([^']*)'/.exec(header)[1];
  const shape = /'shape': *\(([^)]*)\)/.exec(header)[1].split(',').filter(s => s.trim())
    .map(Number);
  const data = b.buffer.slice(b.byteOffset + start, b.byteOffset + b.length);
  const f64 = descr === '<f8';
  return {type: f64 ? 'float64' : 'float32',
          data: f64 ? new Float64Array(data) : new Float32Array(data), shape};
}

function writeNpy(path, t) {
  const descr = t.type === 'float64' ? '<f8' : '<f4';
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${t.dims.join(', ')}${t.dims.length === 1 ? ',' : ''}), }`;
  h += ' '.repeat(63 - ((10 + h.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from('\x93NUMPY', 'latin1').copy(head);
  head[6] = 1; head[7] = 0; head.writeUInt16LE(h.length, 8);
  fs.writeFileSync(path, Buffer.concat([head, Buffer.from(h, 'latin1'),
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)]));
}

(async () => {
  const s = await ort.InferenceSession.create(model);
  const feeds = {};
  paths.forEach((p, k) => {
    const x = readNpy(p);
    feeds[s.inputNames[k]] = new ort.Tensor(x.type, x.data, x.shape);
  });
  const out = await s.run(feeds);
  writeNpy(outPath, out[s.outputNames[0]]);
})().catch(e => { console.error(String(e)); process.exit(1); });
