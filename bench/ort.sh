#!/usr/bin/env bash
# Inference against ONNX Runtime (issue 19): Task M and Task L's networks, exported by nnc as
# ONNX, run in ONNX Runtime (npm onnxruntime-node) and in nnc's predict, in the same run, at
# batch 256 (throughput) and batch 1 (latency), both at the same thread count. A one-node
# Identity model of the same input gives the floor of one ONNX Runtime call from Node.js at
# batch 1: the binding and session overhead, which nnc's C call does not pay.
# Prints a Markdown table and writes it to bench/RESULTS-ort.md (--quick: fewer samples and
# repeats, written to build-bench/bench/RESULTS-ort-quick.md).
# Usage: bench/ort.sh [--quick] [--threads N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-bench"
quick=0 threads=2
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --threads) threads=$2; shift ;;
    *) echo "usage: bench/ort.sh [--quick] [--threads N]" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "bench/ort: $*" >&2; }

modules=$("$root/scripts/fetch-onnxruntime.sh")
say "building predict_bench (Release) in $build"
mkdir -p "$build/bench"
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release &&
       cmake --build "$build" -j2 --target predict_bench nnc_peak; } >"$build/ort-build.log" 2>&1; then
  tail -n 30 "$build/ort-build.log" >&2
  say "build failed (log: $build/ort-build.log)"
  exit 1
fi
bin="$build/bench/predict_bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

samples=16384 calls=2000 repeats=5 rounds=3
[ "$quick" -eq 1 ] && samples=2048 calls=200 repeats=2 rounds=1
/usr/bin/python3 - "$work/identity.onnx" <<'PY'
import sys
from onnx import TensorProto, helper, save
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 784])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 784])
g = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "identity", [x], [y])
save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), sys.argv[1])
PY

field() { /usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['$1'])" "$2"; }
# The better of two JSON lines of one side (more samples/s), for best-of rounds.
better() {
  if [ -z "$1" ]; then echo "$2"; return; fi
  /usr/bin/python3 -c "import json,sys; a,b=map(json.loads,sys.argv[1:]); print(sys.argv[1] if a['samples_per_s']>=b['samples_per_s'] else sys.argv[2])" "$1" "$2"
}
# One table row from the two sides' JSON lines, with GFLOP/s and the share of the peak.
row() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
task, batch, n, o, peak = sys.argv[1], int(sys.argv[2]), *map(json.loads, sys.argv[3:5]), float(sys.argv[5])
units = {"M": [784, 128, 10], "L": [784, 1024, 1024, 10]}[task]
flops = 2 * sum(a * b for a, b in zip(units, units[1:]))  # per sample, forward
ns, os = n["samples_per_s"], o["samples_per_s"]
g = lambda s: f"{s * flops * 1e-9:,.1f} ({s * flops * 1e-9 / peak:.0%})"
print(f"| {task} | {batch} | {ns:,.0f} | {os:,.0f} | {ns / os:.2f}× | {n['us_per_batch']:,.1f} "
      f"| {o['us_per_batch']:,.1f} | {g(ns)} | {g(os)} |")
PY
}
ort() { node "$root/bench/ort_predict.mjs" "$modules" "$1" "$2" "$samples" "$calls" "$repeats" "$threads"; }
# The machine's peak at $threads threads (bench/peak.c), the higher of two measures.
peak() { field gflops_n "$("$build/bench/nnc_peak" --threads "$threads")"; }

floor=$(field us_per_batch "$(ort "$work/identity.onnx" 1)")
peak_before=$(peak)
table="| task | batch | nnc samples/s | ONNX Runtime samples/s | nnc ÷ ORT | nnc µs per batch | ORT µs per batch | nnc GFLOP/s (of peak) | ORT GFLOP/s (of peak) |
|---|---|---|---|---|---|---|---|---|"
rows=()
for task in M L; do
  for batch in 256 1; do
    say "task $task, batch $batch"
    n="" o=""
    for _ in $(seq "$rounds"); do # the sides alternate, so a noisy minute hits both
      n=$(better "$n" "$("$bin" --task "$task" --batch "$batch" --samples "$samples" \
            --calls "$calls" --repeats "$repeats" --threads "$threads" --onnx "$work/$task.onnx")")
      o=$(better "$o" "$(ort "$work/$task.onnx" "$batch")")
    done
    rows+=("$task" "$batch" "$n" "$o")
  done
done
peak_after=$(peak)
peak=$(/usr/bin/python3 -c "import sys; print(max(map(float, sys.argv[1:])))" "$peak_before" "$peak_after")
for ((i = 0; i < ${#rows[@]}; i += 4)); do
  table+=$'\n'$(row "${rows[@]:i:4}" "$peak")
done

out="$root/bench/RESULTS-ort.md"
[ "$quick" -eq 1 ] && out="$build/bench/RESULTS-ort-quick.md"
{
  echo "# Inference: nnc predict against ONNX Runtime"
  echo
  echo "$(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $threads threads each, load $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "onnxruntime-node $(node -p "require('$modules/onnxruntime-node/package.json').version"); $samples samples per throughput round, $calls calls per latency round, best of $repeats within a run and of $rounds alternating runs per side."
  echo
  echo "$table"
  echo
  echo "One ONNX Runtime call of a one-node Identity model at batch 1 takes $floor µs: the floor"
  echo "that the Node.js binding and session add to every ORT call in the batch-1 rows."
  echo
  echo "GFLOP/s: samples/s x the forward pass's 2 x (sum of in x out) FLOPs; the peak is the"
  echo "machine's, measured in this run by bench/peak.c on $threads threads: $peak GFLOP/s."
} | tee "$out"
