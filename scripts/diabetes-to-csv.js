#!/usr/bin/env node
// diabetes-to-csv.js — converts scikit-learn's diabetes regression set (as Debian's
// python3-sklearn ships it) into CSV files nnc's model files load directly.
//
// Usage: node diabetes-to-csv.js SKLEARN_DATA_DIR OUT_DIR
// Reads diabetes_data_raw.csv.gz (442 rows of 10 space-separated raw features: age, sex,
// bmi, bp, s1..s6) and diabetes_target.csv.gz (a disease progression score per row).
// The split is fixed: every fifth row (index % 5 == 4) is held out, 354 train and 88 test.
// Features and target are standardised with the TRAINING rows' mean and (population)
// standard deviation, applied to both sets, so nothing of the test set leaks into training.
// Writes, each with a header row:
//   diabetes_train_x.csv [354,10], diabetes_test_x.csv [88,10]
//   diabetes_train_y.csv [354,1],  diabetes_test_y.csv [88,1]
// Each file is written to a temporary name, then renamed.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const NAMES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

function die(msg) {
  process.stderr.write('diabetes-to-csv: ' + msg + '\n');
  process.exit(1);
}

function readRows(file, width) {
  let text;
  try {
    text = zlib.gunzipSync(fs.readFileSync(file)).toString('latin1');
  } catch (e) {
    die(file + ': ' + e.message);
  }
  const rows = text.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    const r = l.trim().split(/[\s,]+/).map(Number);
    if (r.length !== width || r.some((v) => !Number.isFinite(v)))
      die(file + ':' + (i + 1) + ': expected ' + width + ' numbers');
    return r;
  });
  if (rows.length === 0) die(file + ': no rows');
  return rows;
}

// Column means and population standard deviations of rows.
function stats(rows) {
  const w = rows[0].length, mean = new Array(w).fill(0), sd = new Array(w).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j] += v / rows.length));
  for (const r of rows) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / rows.length));
  return { mean, sd: sd.map((s) => Math.sqrt(s) || 1) };
}

function writeCsv(file, header, rows, st) {
  const lines = [header.join(',')];
  for (const r of rows)
    lines.push(r.map((v, j) => ((v - st.mean[j]) / st.sd[j]).toPrecision(9)).join(','));
  fs.writeFileSync(file + '.tmp', lines.join('\n') + '\n');
  fs.renameSync(file + '.tmp', file);
}

if (process.argv.length !== 4) die('usage: node diabetes-to-csv.js SKLEARN_DATA_DIR OUT_DIR');
const [dir, out] = process.argv.slice(2);
const x = readRows(path.join(dir, 'diabetes_data_raw.csv.gz'), 10);
const y = readRows(path.join(dir, 'diabetes_target.csv.gz'), 1);
if (x.length !== y.length) die(x.length + ' rows of features but ' + y.length + ' targets');
const pick = (rows, test) => rows.filter((_, i) => (i % 5 === 4) === test);
const xs = stats(pick(x, false)), ys = stats(pick(y, false));
for (const [name, test] of [['train', false], ['test', true]]) {
  writeCsv(path.join(out, 'diabetes_' + name + '_x.csv'), NAMES, pick(x, test), xs);
  writeCsv(path.join(out, 'diabetes_' + name + '_y.csv'), ['progression'], pick(y, test), ys);
}
