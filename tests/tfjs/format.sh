#!/usr/bin/env bash
# format.sh — TensorFlow.js's model format both ways, the CTest test tfjs_format: nnc saves
# models as model.json + weights.bin that tfjs loads and predicts alike, and loads models
# that tfjs saved and predicts as tfjs does (format.c, then format.mjs, then format.c).
# Exits 77 (CTest's skip) only when tfjs is not installed and the npm registry cannot be
# reached, as run.sh does; every other failure fails the test.
# The model file pyconv.nn saves nnc_pyconv/ through tfjs.converters.save_keras_model (the
# tensorflowjs package's Python spelling) for format.mjs to check too.
# Usage: format.sh TFJS_FORMAT OUT_DIR [NNC]   (NNC empty: a build without the command)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
prog=$1
out=$2
nnc=${3:-}

if ! bash "$root/scripts/fetch-data.sh" tfjs; then
  if ! npm ping >/dev/null 2>&1; then
    echo "SKIP: @tensorflow/tfjs is not installed and the npm registry cannot be reached" >&2
    exit 77
  fi
  echo "format.sh: installing @tensorflow/tfjs failed although the npm registry answers" >&2
  exit 1
fi
rm -rf "$out" && mkdir -p "$out"
"$prog" save "$out"
if [ -n "$nnc" ]; then
  (cd "$out" && "$nnc" run "$here/pyconv.nn" --seed 1)
fi
node "$here/format.mjs" "$out" "$root/data/cache/tfjs"
"$prog" load "$out"
