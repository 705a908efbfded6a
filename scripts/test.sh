#!/usr/bin/env bash
# Sets up, fetches the data sets, then builds and runs the whole test suite twice: a normal
# build with warnings as errors, then a build under AddressSanitizer + UndefinedBehavior-
# Sanitizer (LeakSanitizer included), the thread rules of nnc.h under ThreadSanitizer (one
# small program, tests/threads/rules.c); last, each fuzz target briefly (scripts/fuzz.sh).
# Usage: scripts/test.sh [--quick]   (--quick skips the sanitizer build and the fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/fetch-data.sh   # the examples' tests train on the real data sets
bash scripts/fetch-onnxruntime.sh >/dev/null  # ONNX Runtime runs the exported models

jobs=$(nproc)
build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNNC_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
}

build build
if [ "${1:-}" != "--quick" ]; then
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    build build-asan -DNNC_SANITIZE="address;undefined"
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNNC_WERROR=ON \
    -DNNC_SANITIZE=thread >/dev/null
  cmake --build build-tsan -j "$jobs" --target thread_rules
  TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/tests/threads/tsan.supp" \
    build-tsan/tests/thread_rules
  bash scripts/fuzz.sh 20
fi
