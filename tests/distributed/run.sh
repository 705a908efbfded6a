#!/usr/bin/env bash
# run.sh NNC MPIEXEC HAVE_MPI DIR API — data-parallel fit under mpirun (docs/distributed.md):
#   - 2 and 3 ranks train the weights 1 process trains at the same global batch, within 1e-5
#     relative (float sums in another order), through shuffling, validation_split,
#     EarlyStopping and a last batch smaller than the rest, and on the seed model and Task M;
#   - two 2-rank runs give the same bits;
#   - gradients summed in buckets while backward runs (the default, and NNC_DP_BUCKET_MB
#     of 100 bytes) train the same weights within 1e-5 on 2 and 3 ranks, the same bits on
#     two runs, and on 2 ranks the bits of one sum after backward (NNC_DP_BUCKET_MB=0; a+b
#     is b+a); a bad NNC_DP_BUCKET_MB is refused by name;
#   - validation, sharded over the ranks, gives one process's val_loss and val_accuracy
#     (within 1e-6) in every epoch of the --log;
#   - only rank 0 prints and writes (print() once, the --log once), and a file it saves is
#     whole when every rank reads it back on the next line;
#   - faults end the job quickly with the failing rank's message: bad data on rank 1, ranks
#     that disagree on the data, rank 1 killed mid-training;
#   - the C API (api.c): ranks hold the same bits after fits with BatchNormalization (each
#     rank's own moving statistics, averaged); a 2-rank checkpoint resumed by 1 process
#     matches 1 process trained straight through;
#   - a build without MPI refuses to run under mpirun (its environment) and says why.
# Exit 77 (skipped) when MPI is not built in or mpirun is missing.
set -euo pipefail
# Open MPI's runtime leaks at exit from plugins it has unloaded by then, which LeakSanitizer
# cannot name to suppress; the sanitizer build keeps every other check on for these runs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
nnc=$1 mpiexec=$2 have_mpi=$3 dir=$4 api=${5:-}
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export NNC_CACHE="$dir/cache"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$py" - <<'PY'
import numpy as np
r = np.random.default_rng(7)
x = r.normal(size=(203, 8)).astype(np.float32)
y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0).astype(np.float32).reshape(-1, 1)
np.savetxt("x.csv", x, delimiter=",")
np.savetxt("y.csv", y, delimiter=",")
np.savetxt("x150.csv", x[:150], delimiter=",")
np.savetxt("y150.csv", y[:150], delimiter=",")
PY
cat > m.nn <<'NN'
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.callbacks import EarlyStopping
X = load('x.csv')
Y = load('y.csv')
model = Sequential([Dense(12, activation='relu'), Dense(6, activation='tanh'),
                    Dense(1, activation='sigmoid')])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
print('training')
model.fit(X, Y, epochs=EPOCHS, batch_size=32, validation_split=0.1, validation_batch_size=4,
          callbacks=[EarlyStopping(monitor='val_loss', patience=3)])
model.save_weights('w.safetensors')
model.save_weights('w.weights.h5')   # rank 0 writes it, every rank reads it back
model.load_weights('w.weights.h5')
NN
sed 's/EPOCHS/8/' m.nn > short.nn
sed 's/EPOCHS/100000/; s/patience=3/patience=100000/' m.nn > long.nn

if [ "$have_mpi" != "TRUE" ] && [ "$have_mpi" != "1" ] && [ "$have_mpi" != "ON" ]; then
  # what mpirun would put in the environment of each of 2 processes
  if OMPI_COMM_WORLD_SIZE=2 "$nnc" run short.nn >out 2>err; then
    fail "a build without MPI ran under mpirun's environment"
  fi
  grep -q "built without MPI" err || fail "no word of MPI: $(cat err)"
  echo "built without MPI: refuses mpirun, as it should; the rest is skipped"
  exit 77
fi
[ -x "$mpiexec" ] || { echo "no mpirun: skipped"; exit 77; }
mpirun() { timeout 120 "$mpiexec" --allow-run-as-root --oversubscribe "$@"; }

# the same weights on 1, 2 and 3 ranks; the same bits on two runs of 2; the validation's
# numbers of 1 process in every epoch
same_val() { # LOG_A LOG_B: the same epochs, their val_ columns within 1e-6
  "$py" - "$1" "$2" <<'PY' || fail "validation numbers of $2 differ from $1's"
import csv, sys
a, b = (list(csv.DictReader(open(p))) for p in sys.argv[1:3])
assert len(a) == len(b) and len(a) > 0, (len(a), len(b))
keys = [k for k in a[0] if k.startswith("val_")]
assert "val_loss" in keys and "val_accuracy" in keys, keys
worst = max(abs(float(x[k]) - float(y[k])) for x, y in zip(a, b) for k in keys)
print(f"{sys.argv[2]}: validation within {worst:.3g} of {sys.argv[1]}")
sys.exit(worst > 1e-6)
PY
}
"$nnc" run short.nn --log log1.csv >out1 2>err1 || fail "1 process: $(cat err1)"
mv w.safetensors w1.safetensors
for n in 2 3; do
  mpirun -np $n "$nnc" run short.nn --log log$n.csv >out$n 2>err$n || fail "$n ranks: $(cat err$n)"
  mv w.safetensors w$n.safetensors
  "$py" "$here/compare.py" w1.safetensors w$n.safetensors
  same_val log1.csv log$n.csv
done
NNC_DP_BUCKET_MB=0 mpirun -np 2 "$nnc" run short.nn >/dev/null 2>&1 || fail "2 ranks, again"
"$py" "$here/compare.py" w2.safetensors w.safetensors --exact
mv w.safetensors w2one.safetensors

# the issue's own models, several epochs on 1, 2 and 3 ranks: the seed model (784-25-15-1,
# sigmoid, binary cross-entropy, SGD) and Task M (784-128-10, softmax, Adam)
"$py" - <<'PY'
import numpy as np
r = np.random.default_rng(11)
x = r.random((320, 784), dtype=np.float32)
np.save("x784.npy", x)
np.save("y01.npy", (x[:, :392].sum(1) > x[:, 392:].sum(1)).astype(np.float32).reshape(-1, 1))
np.save("y10.npy", (x[:, :10].argmax(1)).astype(np.float32).reshape(-1, 1))
PY
cat > seed.nn <<'NN'
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
model = Sequential([Dense(25, activation='sigmoid'), Dense(15, activation='sigmoid'),
                    Dense(1, activation='sigmoid')])
model.compile(optimizer='sgd', loss='binary_crossentropy')
model.fit(load('x784.npy'), load('y01.npy'), epochs=3, batch_size=32)
model.save_weights('w.safetensors')
NN
cat > taskm.nn <<'NN'
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
model = Sequential([Dense(128, activation='relu'), Dense(10, activation='softmax')])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
model.fit(load('x784.npy'), load('y10.npy'), epochs=3, batch_size=32)
model.save_weights('w.safetensors')
NN
# (Adam's weights compared tensor by tensor: compare.py says why)
for m in seed:"" taskm:--tensor; do
  "$nnc" run ${m%:*}.nn >out 2>err || fail "${m%:*}, 1 process: $(cat err)"
  mv w.safetensors one.safetensors
  for n in 2 3; do
    mpirun -np $n "$nnc" run ${m%:*}.nn >out 2>err || fail "${m%:*}, $n ranks: $(cat err)"
    "$py" "$here/compare.py" one.safetensors w.safetensors ${m#*:}
  done
done

# buckets of 100 bytes (three here: the last layer's, the second's, the first's with the
# step's tail), summed while backward runs: layout and order fixed, so the same bits run
# after run; on 2 ranks the bits of the default buckets and of one sum after backward
for n in 2 3; do
  NNC_DP_BUCKET_MB=0.0001 mpirun -np $n "$nnc" run short.nn --log logb$n.csv >out 2>err ||
    fail "$n ranks in buckets: $(cat err)"
  mv w.safetensors wb$n.safetensors
  "$py" "$here/compare.py" w1.safetensors wb$n.safetensors
  same_val log1.csv logb$n.csv
done
"$py" "$here/compare.py" w2one.safetensors wb2.safetensors --exact
NNC_DP_BUCKET_MB=0.0001 mpirun -np 3 "$nnc" run short.nn >/dev/null 2>&1 ||
  fail "3 ranks in buckets, again"
"$py" "$here/compare.py" wb3.safetensors w.safetensors --exact
if NNC_DP_BUCKET_MB=lots mpirun -np 2 "$nnc" run short.nn >out 2>err; then
  fail "NNC_DP_BUCKET_MB=lots was accepted"
fi
grep -q "NNC_DP_BUCKET_MB=lots: expected the megabytes" err || fail "bad bucket: $(cat err)"
[ "$(grep -c training out2)" = 1 ] || fail "print() on other ranks than 0: $(cat out2)"
[ "$(grep -c '^[0-9]' log2.csv)" -ge 1 ] && [ "$(grep -c epoch log2.csv)" = 1 ] ||
  fail "the --log of 2 ranks: $(cat log2.csv)"
# (Open MPI gives rank 0 a terminal for stdout, so the display may be there, as a bar)
[ "$(cat out2 err2 | grep -c 'Epoch 1/8')" = 1 ] || fail "epoch lines: $(cat out2 err2)"

# the C API: ranks agree, BatchNormalization included; a 2-rank checkpoint resumes on 1
mpirun -np 2 "$api" bn 0 5 - bn.safetensors || fail "C API, BatchNormalization on 2 ranks"
mpirun -np 3 "$api" bn 0 5 - bn.safetensors || fail "C API, BatchNormalization on 3 ranks"
mpirun -np 2 "$api" plain 0 3 - two.safetensors || fail "C API, 3 epochs on 2 ranks"
mpirun -np 1 "$api" plain 3 6 two.safetensors resumed.safetensors || fail "C API, resumed on 1"
mpirun -np 1 "$api" plain 0 6 - straight.safetensors || fail "C API, 6 epochs on 1"
"$py" "$here/compare.py" straight.safetensors resumed.safetensors

# bad data on rank 1: its message, the job ended, quickly
start=$SECONDS
{ head -c 3000 x.csv; echo "1.0,abc"; } > bad.csv
if mpirun -np 1 "$nnc" run short.nn : -np 1 "$nnc" run -D X=bad.csv short.nn >out 2>err; then
  fail "bad data on rank 1 did not fail the job"
fi
grep -q "bad.csv" err && grep -q "rank 1 of 2 failed" err || fail "bad data: $(cat err)"

# ranks that disagree on the data: every rank stops, rank 1 says what differs
if mpirun -np 1 "$nnc" run short.nn : -np 1 "$nnc" run -D X=x150.csv -D Y=y150.csv short.nn \
   >out 2>err; then
  fail "ranks with other data did not fail"
fi
grep -q "rank 1 has training samples 135 where rank 0 has 182" err || fail "disagree: $(cat err)"

# rank 1 killed during training: the job ends, not hangs
if mpirun -np 2 sh -c 'if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then (sleep 2; kill -9 $$) & fi
                       exec "$0" run long.nn' "$nnc" >out 2>err; then
  fail "a killed rank did not fail the job"
fi
took=$((SECONDS - start))
[ $took -lt 60 ] || fail "the three faults took ${took}s to end"
echo "faults: all three ended the job in ${took}s"
