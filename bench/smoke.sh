#!/usr/bin/env bash
# Smoke test of nnc_bench (registered with CTest as bench_smoke): on tiny synthetic data —
# .npy for task S, gzip'd IDX for task M — one short run each must print one line of valid
# JSON with the expected fields. Nothing about speed is checked.
# Usage: bench/smoke.sh PATH/TO/nnc_bench   (exit 77: skipped, no /usr/bin/python3)
set -euo pipefail
bin="$1"
[ -x /usr/bin/python3 ] || { echo "bench smoke: skipped (no /usr/bin/python3)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp" <<'PY'
import gzip, struct, sys
d = sys.argv[1]
def npy(path, shape, values):
    hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % "".join(f"{s}," for s in shape)
    hdr += " " * (63 - (len(hdr) + 10) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode())
        f.write(struct.pack(f"<{len(values)}f", *values))
n = 40
npy(f"{d}/x.npy", (n, 784), [((i * 7919) % 256) / 255 for i in range(n * 784)])
npy(f"{d}/y.npy", (n, 1), [float(i % 2) for i in range(n)])
with gzip.open(f"{d}/img-ubyte.gz", "wb") as f:
    f.write(struct.pack(">IIII", 0x803, n, 28, 28) + bytes((i * 31) % 256 for i in range(n * 784)))
with gzip.open(f"{d}/lab-ubyte.gz", "wb") as f:
    f.write(struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n)))
PY
check() { # TASK X Y THREADS
  out=$("$bin" --task "$1" --x "$2" --y "$3" --min-seconds 0 --max-epochs 1 --threads "$4")
  echo "$out"
  printf '%s' "$out" | /usr/bin/python3 -c '
import json, math, sys
lines = sys.stdin.read().splitlines()
assert len(lines) == 1, lines
r = json.loads(lines[0])
for k in ("samples_per_s", "seconds", "compile_ms", "compile_again_ms", "final_loss", "peak_rss_mb",
          "us_per_step"):
    assert isinstance(r[k], (int, float)) and math.isfinite(r[k]), k
assert r["samples"] == 40 and r["epochs"] == 1 and r["task"] == sys.argv[1], r
assert r["threads"] == int(sys.argv[2]), r
' "$1" "$4"
}
check S "$tmp/x.npy" "$tmp/y.npy" 1
check M "$tmp/img-ubyte.gz" "$tmp/lab-ubyte.gz" 2
echo "bench smoke: 2 passed, 0 failed"
