#!/usr/bin/env bash
# Runs every model file of examples/ in full, as documented, and checks the number each one
# is known for; prints one line per example with its result and wall time, and exits 1 when
# an example misses its mark:
#   digits.nn        held-out accuracy >= 0.99   (the lecture's model, 100 epochs)
#   digits_relu.nn   held-out accuracy >= 0.99
#   fashion.nn       test accuracy     >= 0.85   (Fashion-MNIST's own test set)
#   diabetes.nn      held-out R^2      >  0      (better than predicting the mean)
#   functional.nn    held-out accuracy >= 0.90   (two branches joined, all ten digits)
# Fetches the data sets first (scripts/fetch-data.sh). Uses $NNC when set, else builds
# build/nnc (RelWithDebInfo). Usage: scripts/examples.sh [EXAMPLE...]   (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fetch-data.sh
if [ -z "${NNC:-}" ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j "$(nproc)" --target nnc_tool >/dev/null
  NNC=build/nnc
fi

# name, the label its result follows on stdout, comparison, threshold
table="digits|held-out accuracy:|>=|0.99
digits_relu|held-out accuracy:|>=|0.99
fashion|test accuracy:|>=|0.85
diabetes|held-out R^2:|>|0
functional|held-out accuracy:|>=|0.90"

want=("$@")
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
while IFS='|' read -r name label op mark; do
  if [ "${#want[@]}" -gt 0 ] && [[ " ${want[*]} " != *" $name "* ]]; then continue; fi
  start=$(date +%s.%N)
  if ! out=$("$NNC" run "examples/$name.nn" 2>"$log"); then
    echo "examples: $name.nn failed:" >&2
    tail -n 5 "$log" >&2
    failed=1
    continue
  fi
  secs=$(echo "$start $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')
  value=$(printf '%s\n' "$out" | grep -F "$label" | tail -n 1 | awk '{print $NF}')
  verdict=$(awk -v v="$value" -v m="$mark" -v op="$op" \
    'BEGIN { ok = (op == ">=") ? (v + 0 >= m + 0) : (v + 0 > m + 0); print (v != "" && ok) ? "ok" : "MISSED" }')
  printf '%-16s %-20s %-8.4f %-10s %6ss  %s\n' "$name.nn" "$label" "${value:-nan}" "($op $mark)" \
    "$secs" "$verdict"
  [ "$verdict" = ok ] || failed=1
done <<<"$table"
exit "$failed"
