#!/usr/bin/env bash
# Compile time against depth: nnc run of N Dense(8, relu) layers + Dense(1, sigmoid), one
# epoch of 64 samples, so the training step's compile is nearly all of the run. Prints N,
# wall and user seconds, and user ms per layer (flat when compile time is linear in depth).
# Usage: bench/compile_layers.sh [PATH/TO/nnc] [N...]   (default build/nnc; 50 100 200 400)
# NNC_JIT_THREADS=1 in the environment compiles on one thread (the default splits in two
# when a CPU is idle, which makes wall time depend on the load).
# The compile cache is off, so that every run compiles.
set -euo pipefail
nnc=$(realpath "${1:-build/nnc}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 100 200 400)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" - "$tmp" <<'PY'
import struct, sys
def npy(path, shape, values):
    hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % "".join(f"{s}," for s in shape)
    hdr += " " * (63 - (len(hdr) + 10) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode())
        f.write(struct.pack(f"<{len(values)}f", *values))
npy(f"{sys.argv[1]}/x.npy", (64, 8), [((i * 7919) % 97) / 97 for i in range(64 * 8)])
npy(f"{sys.argv[1]}/y.npy", (64, 1), [float(i % 2) for i in range(64)])
PY
printf '%6s %9s %9s %14s\n' layers wall_s user_s user_ms/layer
for n in "${sizes[@]}"; do
  {
    echo "from tensorflow.keras import Sequential"
    echo "from tensorflow.keras.layers import Dense"
    echo "X = load('x.npy')"
    echo "Y = load('y.npy')"
    echo "model = Sequential()"
    echo "for i in range($n):"
    echo "    model.add(Dense(units=8, activation='relu'))"
    echo "model.add(Dense(units=1, activation='sigmoid'))"
    echo "model.compile(loss='binary_crossentropy')"
    echo "model.fit(X, Y, epochs=1, verbose=0)"
  } >"$tmp/deep.nn"
  t=$( { cd "$tmp" && NNC_CACHE=off /usr/bin/time -f "%e %U" "$nnc" run deep.nn >/dev/null; } 2>&1 | tail -1)
  read -r wall user <<<"$t"
  printf '%6d %9.2f %9.2f %14.1f\n' "$n" "$wall" "$user" "$(echo "$user * 1000 / $n" | bc -l)"
done
