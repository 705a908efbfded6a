#!/usr/bin/env bash
# The lecture's model on real handwritten 0s and 1s, from nothing: installs what is
# missing, fetches the digits, builds nnc and runs examples/digits.nn (784-25-15-1 sigmoid,
# binary cross-entropy, 100 epochs), then prints the held-out accuracy.
# Usage: scripts/digits.sh [nnc run options...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/fetch-data.sh mnist
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target nnc_tool
./build/nnc run "$@" examples/digits.nn
