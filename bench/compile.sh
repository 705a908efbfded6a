#!/usr/bin/env bash
# Compile time of a task's training step (issue 18), each in a fresh process:
#   cold    nnc_compile --no-cache: LLVM's start-up, the graph, the passes, code generation
#   cached  nnc_compile with a filled compile cache: the graph, the passes, the cache's load
#   torch   PyTorch's first training step (model built, one Adam step), after import torch
# Prints a Markdown table of the least and the median of N runs of each, and writes it to
# build-bench/bench/COMPILE.md. The machine is shared: read the least, run it when quiet.
#
# Usage: bench/compile.sh [--runs N] [--tasks S,M,L]      (default: 15 runs, task S)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-bench"
runs=15
tasks=S
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --tasks) tasks="$2"; shift 2 ;;
    *) echo "usage: bench/compile.sh [--runs N] [--tasks S,M,L]" >&2; exit 2 ;;
  esac
done

echo "compile: building nnc_compile (Release) in $build" >&2
mkdir -p "$build/bench"
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release &&
       cmake --build "$build" -j2 --target nnc_compile; } >"$build/compile-build.log" 2>&1; then
  tail -n 30 "$build/compile-build.log" >&2
  exit 1
fi
bin="$build/bench/nnc_compile"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT

# The values of field in the JSON lines on stdin: "least median".
stats() {
  /usr/bin/python3 -c '
import json, statistics, sys
v = sorted(json.loads(l)[sys.argv[1]] for l in sys.stdin if l.strip())
print("%.1f %.1f" % (v[0], statistics.median(v)))' "$1"
}

have_torch=1
/usr/bin/python3 -c 'import torch' 2>/dev/null || have_torch=0
table="| task | nnc cold compile ms (least / median) | nnc cached ms (least / median) | PyTorch first step ms (least / median) |
|---|---|---|---|"
for t in ${tasks//,/ }; do
  cold=$(for i in $(seq "$runs"); do NNC_CACHE=off "$bin" --task "$t"; done | stats compile_ms)
  NNC_CACHE="$cache" "$bin" --task "$t" >/dev/null  # fills the entry
  hit=$(for i in $(seq "$runs"); do NNC_CACHE="$cache" "$bin" --task "$t"; done | stats compile_ms)
  torch="n/a n/a"
  [ "$have_torch" -eq 1 ] && torch=$(for i in $(seq "$runs"); do
    /usr/bin/python3 "$root/bench/torch_first_step.py" "$t"; done | stats first_step_ms)
  read -r c1 c2 <<<"$cold"; read -r h1 h2 <<<"$hit"; read -r p1 p2 <<<"$torch"
  table+="
| $t | $c1 / $c2 | $h1 / $h2 | $p1 / $p2 |"
done
out="$table

$(date -u '+%Y-%m-%d %H:%M UTC'), \`bench/compile.sh --runs $runs --tasks $tasks\`, load average $(cut -d' ' -f1-3 /proc/loadavg).
Targets (issue 18, Task S): cold ≤ 25 ms, cached ≤ 3 ms. nnc's times are \`nnc_model_compile_ms\`
(loading libnnc and libLLVM is before it, as \`import torch\` is before PyTorch's)."
echo "$out" | tee "$build/bench/COMPILE.md"
