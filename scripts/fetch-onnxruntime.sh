#!/usr/bin/env bash
# Installs ONNX Runtime's Node.js package (npm `onnxruntime-node`), which the tests use to run
# the ONNX files nnc exports. --ignore-scripts: its install script would download a GPU
# build; the CPU library it needs is inside the package. Prints the node_modules directory.
# Usage: scripts/fetch-onnxruntime.sh [DIR]   (default $NNC_NODE_DIR, else ~/.cache/nnc/node)
set -euo pipefail
dir=${1:-${NNC_NODE_DIR:-$HOME/.cache/nnc/node}}
mkdir -p "$dir"
if [ ! -f "$dir/node_modules/onnxruntime-node/package.json" ]; then
  echo "fetch-onnxruntime: npm install onnxruntime-node into $dir" >&2
  (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --silent onnxruntime-node >&2) ||
    { echo "fetch-onnxruntime: npm install failed (network?)" >&2; exit 1; }
fi
node -e "require('$dir/node_modules/onnxruntime-node')" ||
  { echo "fetch-onnxruntime: onnxruntime-node does not load from $dir" >&2; exit 1; }
echo "$dir/node_modules"
