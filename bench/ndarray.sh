#!/usr/bin/env bash
# The ndarray benchmark: nnc's arrays against numpy on a tutorial's preprocessing (x / 255.0
# on a 60000x784 uint8 array and kin), both timed in the same run on this machine; prints a
# Markdown table with the ratio numpy time / nnc time (issue 13 wants x / 255.0 at 1 or more).
# Builds nd_bench in Release into build-bench. Run it on a quiet machine.
# Usage: bench/ndarray.sh [--rows N] [--repeats N] [--threads N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNNC_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target nd_bench >/dev/null
/usr/bin/python3 "$root/bench/ndarray.py" "$build/bench/nd_bench" "$@"
