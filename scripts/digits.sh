#!/usr/bin/env bash
# The lecture's model on real handwritten 0s and 1s, from nothing: installs what is
# missing, fetches the digits, builds nnc and trains 784-25-15-1 sigmoid with binary
# cross-entropy and Adam. Usage: scripts/digits.sh [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/fetch-data.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target digits
./build/examples/digits data "${1:-20}"
