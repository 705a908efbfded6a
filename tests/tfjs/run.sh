#!/usr/bin/env bash
# run.sh — nnc against TensorFlow.js's Keras, the CTest test tfjs_keras: installs tfjs
# (scripts/fetch-data.sh tfjs, cached under data/cache/tfjs), trains each case of cases.txt
# with nnc (the tfjs_check program, check.c), then with tfjs, and compares (run.mjs).
# Exits 77 (CTest's skip) only when tfjs is not installed and the npm registry cannot be
# reached; every other failure fails the test.
# Usage: run.sh TFJS_CHECK OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
check=$1
out=$2

if ! bash "$root/scripts/fetch-data.sh" tfjs; then
  if ! npm ping >/dev/null 2>&1; then
    echo "SKIP: @tensorflow/tfjs is not installed and the npm registry cannot be reached" >&2
    exit 77
  fi
  echo "run.sh: installing @tensorflow/tfjs failed although the npm registry answers" >&2
  exit 1
fi
rm -rf "$out" && mkdir -p "$out"
"$check" "$here/cases.txt" "$out"
node "$here/run.mjs" "$here/cases.txt" "$out" "$root/data/cache/tfjs"
