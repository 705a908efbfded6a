#!/usr/bin/env bash
# The benchmark of issue 4: Tasks S, S at batch 1, M (batch 32 and 256) and L, trained in
# nnc and in PyTorch side by side in one run; prints a Markdown table (samples/s, µs per
# step, the ratio nnc ÷ PyTorch against the issue's targets, nnc's GFLOP/s and fraction of
# peak, JIT compile time, peak RSS) and writes it to bench/RESULTS.md.
#
# Installs what is missing, idempotently: python3-torch, python3-numpy,
# libopenblas0-openmp and dataset-fashion-mnist with apt-get; the MNIST digits with
# scripts/fetch-data.sh. Builds nnc_bench in Release into build-bench.
#
# Usage: bench/run.sh [--quick] [run.py options: --repeats N --threads N --tasks S,M --nice -5 ...]
#   --quick  a short smoke run (fewer samples, one repeat); its table goes to
#            build-bench/bench/RESULTS-quick.md, not bench/RESULTS.md.
#        bench/run.sh --sweep [--quick] [sweep.py options: --threads N --min-seconds S ...]
#            Task L's network over batch sizes 1-1024 and widths 64-4096 in both
#            (bench/sweep.py): bench/sweep.svg and bench/SWEEP.md (--quick: fewer points).
# Full run: about 10 minutes on a quiet 2-core machine (longer under load); it uses both
# cores, so run it when the machine is quiet, or with --nice -5 (root) to be disturbed less.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-bench"
quick=0 sweep=0
for arg in "$@"; do [ "$arg" = "--quick" ] && quick=1; done
[ "${1:-}" = "--sweep" ] && { sweep=1; shift; }

say() { echo "bench: $*" >&2; }

install_missing() {
  local missing=() p
  for p in python3-torch python3-numpy python3-matplotlib libopenblas0-openmp dataset-fashion-mnist; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
}

install_missing
"$root/scripts/fetch-data.sh" "$root/data"
fashion="$(dirname "$(dpkg -L dataset-fashion-mnist | grep 'train-images-idx3-ubyte.gz$' | head -n 1)")"
[ -f "$fashion/train-labels-idx1-ubyte.gz" ] || { say "no Fashion-MNIST IDX files in $fashion"; exit 1; }

say "building nnc_bench (Release) in $build"
log="$build/bench-build.log"
mkdir -p "$build"
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release &&
       cmake --build "$build" -j2 --target nnc_bench nnc_peak; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  say "build failed (log: $log)"
  exit 1
fi

if [ "$sweep" -eq 1 ]; then
  say "sweeping (progress below; the table follows)"
  exec /usr/bin/python3 "$root/bench/sweep.py" --bin "$build/bench/nnc_bench" --fashion "$fashion" "$@"
fi
out="$root/bench/RESULTS.md"
[ "$quick" -eq 1 ] && out="$build/bench/RESULTS-quick.md"
say "running (progress below; the table follows)"
exec /usr/bin/python3 "$root/bench/run.py" --bin "$build/bench/nnc_bench" --data "$root/data" \
  --fashion "$fashion" --out "$out" "$@"
