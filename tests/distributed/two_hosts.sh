#!/usr/bin/env bash
# two_hosts.sh NNC MPIEXEC HAVE_MPI DIR — 2 ranks as two hosts: each rank runs in a network
# namespace of its own, the two joined by a veth pair on private test addresses
# (10.77.0.1/24 and 10.77.0.2/24), and Open MPI is told to use TCP on that subnet alone
# (`--mca btl tcp,self`, no shared memory), so the gradients' allreduce crosses a network
# interface. Checks that the 2 ranks train the weights 1 process trains (within 1e-5
# relative) and that the veth carried at least the gradient bytes of the run.
#
# As on a cluster, mpirun runs on the first host (in namespace a) and starts Open MPI's
# daemon on the second through its "ssh" (plm_rsh_agent), here a script that runs the command
# in namespace b; the hostfile names the hosts by their test addresses. (Starting the ranks
# with `ip netns exec` as mpirun's programs does not work: a rank reaches its local mpirun
# through PMIx over TCP on 127.0.0.1, which is another loopback in another namespace.)
# Exit 77 (skipped, with the reason) without MPI or without the right to
# create network namespaces (CAP_NET_ADMIN). The namespaces are removed on every exit.
set -euo pipefail
# Open MPI's runtime leaks at exit from plugins it has unloaded by then, which LeakSanitizer
# cannot name to suppress; the sanitizer build keeps every other check on for these runs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
nnc=$1 mpiexec=$2 have_mpi=$3 dir=$4
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

case "$have_mpi" in TRUE|1|ON) ;; *) skip "nnc is built without MPI" ;; esac
[ -x "$mpiexec" ] || skip "no mpirun"
command -v ip >/dev/null || skip "no ip command (iproute2)"

# names unique to this run, so that two runs (or a stale one) do not collide
tag=$$
a=nnc2h_a$tag b=nnc2h_b$tag
va=nnc2h_va$tag vb=nnc2h_vb$tag   # at most 15 characters: pids reach 7 digits
cleanup() {
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true   # deleting a namespace deletes its veth end
  ip link del "$va" 2>/dev/null || true    # unless the veth never got there
}
trap cleanup EXIT
# two "hosts" joined by a cable (each step with &&: set -e does not apply within `if`)
setup() {
  ip netns add "$a" && ip netns add "$b" &&
    ip link add "$va" type veth peer name "$vb" &&
    ip link set "$va" netns "$a" && ip link set "$vb" netns "$b" &&
    ip -n "$a" addr add 10.77.0.1/24 dev "$va" && ip -n "$b" addr add 10.77.0.2/24 dev "$vb" &&
    ip -n "$a" link set lo up && ip -n "$b" link set lo up &&
    ip -n "$a" link set "$va" up && ip -n "$b" link set "$vb" up
}
if ! err=$(setup 2>&1); then
  skip "cannot create network namespaces and a veth pair (needs CAP_NET_ADMIN): $err"
fi

rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
export NNC_CACHE="$dir/cache"
"$py" - <<'PY'
import numpy as np
r = np.random.default_rng(11)
x = r.normal(size=(256, 8)).astype(np.float32)
y = (x[:, 0] - x[:, 3] * x[:, 5] > 0).astype(np.float32).reshape(-1, 1)
np.savetxt("x.csv", x, delimiter=",")
np.savetxt("y.csv", y, delimiter=",")
PY
cat > m.nn <<'NN'
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense
X = load('x.csv')
Y = load('y.csv')
model = Sequential([Dense(64, activation='relu'), Dense(32, activation='relu'),
                    Dense(1, activation='sigmoid')])
model.compile(optimizer='adam', loss='binary_crossentropy')
model.fit(X, Y, epochs=4, batch_size=32, verbose=0)
model.save_weights('w.safetensors')
NN
"$nnc" run m.nn 2>err1 || fail "1 process: $(cat err1)"
mv w.safetensors w1.safetensors

cat > agent.sh <<AGENT
#!/bin/sh
# called as ssh is: [OPTIONS] HOST COMMAND...; runs COMMAND on "host" b, its namespace
while [ "\${1#-}" != "\$1" ]; do shift; done
shift
exec ip netns exec $b sh -c "\$*"
AGENT
chmod +x agent.sh
printf '10.77.0.1 slots=1\n10.77.0.2 slots=1\n' > hosts

bytes() { ip netns exec "$a" cat "/sys/class/net/$va/statistics/tx_bytes"; }
before=$(bytes)
timeout 120 ip netns exec "$a" "$mpiexec" --allow-run-as-root --hostfile hosts \
  --mca plm_rsh_agent "$dir/agent.sh" --mca oob_tcp_if_include 10.77.0.0/24 \
  --mca btl tcp,self --mca btl_tcp_if_include 10.77.0.0/24 -x NNC_CACHE \
  -np 2 "$nnc" run m.nn >out 2>err ||
  fail "2 ranks over the veth pair (status $?, 124: timed out): $(cat err)"
sent=$(( $(bytes) - before ))
"$py" "$here/compare.py" w1.safetensors w.safetensors
# 4 epochs of 8 steps; each step's allreduce sends about a gradient (8·64 + 64 + 64·32 + 32
# + 32 + 1 = 2,689 floats) each way
need=$(( 4 * 8 * 2689 * 4 ))
[ "$sent" -ge "$need" ] ||
  fail "the veth carried $sent bytes from rank 0, less than the $need of the gradients"
echo "two hosts: the veth carried $sent bytes from rank 0 (gradients: $need)"
