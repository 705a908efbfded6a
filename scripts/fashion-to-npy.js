#!/usr/bin/env node
// fashion-to-npy.js — converts Fashion-MNIST's IDX files (gzip, as Debian's
// dataset-fashion-mnist ships them) into .npy files nnc's model files load directly.
//
// Usage: node fashion-to-npy.js IDX_DIR OUT_DIR
// Reads IDX_DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz and writes, as little-endian
// float32 .npy (format 1.0), the dataset's own split:
//   fashion_train_x.npy [60000,784], fashion_test_x.npy [10000,784]  pixels / 255, in [0,1]
//   fashion_train_y.npy [60000],     fashion_test_y.npy [10000]      class ids 0..9
// (nnc can read the IDX files itself, but as [n,28,28] bytes; models want [n,784] floats.)
// Each file is written to a temporary name, then renamed.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function die(msg) {
  process.stderr.write('fashion-to-npy: ' + msg + '\n');
  process.exit(1);
}

// The IDX file's u8 elements and dimensions; magic 0x0801 (labels) or 0x0803 (images).
function readIdx(file, rank) {
  let b;
  try {
    b = zlib.gunzipSync(fs.readFileSync(file));
  } catch (e) {
    die(file + ': ' + e.message);
  }
  if (b.length < 4 + 4 * rank || b.readUInt16BE(0) !== 0 || b[2] !== 0x08 || b[3] !== rank)
    die(file + ': not an IDX file of unsigned bytes and rank ' + rank);
  const dims = [];
  for (let i = 0; i < rank; i++) dims.push(b.readUInt32BE(4 + 4 * i));
  const n = dims.reduce((a, d) => a * d, 1), off = 4 + 4 * rank;
  if (b.length !== off + n)
    die(file + ': ' + (b.length - off) + ' bytes of data for dimensions ' + dims.join('x'));
  return { dims, data: b.subarray(off) };
}

function npyHeader(shape) {
  const dims = shape.length === 1 ? shape[0] + ',' : shape.join(', ');
  let h = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + '), }';
  const total = 10 + h.length + 1;
  h += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(h.length, 8);
  return Buffer.concat([pre, Buffer.from(h, 'latin1')]);
}

function writeNpy(file, shape, floats) {
  const tmp = file + '.tmp';
  const body = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  fs.writeFileSync(tmp, Buffer.concat([npyHeader(shape), body]));
  fs.renameSync(tmp, file);
}

function convert(idxDir, outDir, from, to) {
  const img = readIdx(path.join(idxDir, from + '-images-idx3-ubyte.gz'), 3);
  const lab = readIdx(path.join(idxDir, from + '-labels-idx1-ubyte.gz'), 1);
  const n = img.dims[0], pixels = img.dims[1] * img.dims[2];
  if (lab.dims[0] !== n) die(from + ': ' + n + ' images but ' + lab.dims[0] + ' labels');
  const x = new Float32Array(n * pixels), y = new Float32Array(n);
  for (let i = 0; i < x.length; i++) x[i] = img.data[i] / 255;
  for (let i = 0; i < n; i++) {
    if (lab.data[i] > 9) die(from + ': label ' + lab.data[i] + ' at ' + i + ' is not a class 0..9');
    y[i] = lab.data[i];
  }
  writeNpy(path.join(outDir, 'fashion_' + to + '_x.npy'), [n, pixels], x);
  writeNpy(path.join(outDir, 'fashion_' + to + '_y.npy'), [n], y);
}

if (process.argv.length !== 4) die('usage: node fashion-to-npy.js IDX_DIR OUT_DIR');
convert(process.argv[2], process.argv[3], 'train', 'train');
convert(process.argv[2], process.argv[3], 't10k', 'test');
