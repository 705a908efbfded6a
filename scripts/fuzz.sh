#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ (one per reader of outside input) and runs each
# for SECONDS on a scratch copy of its seed corpus (the checked-in corpus never grows).
# Usage: scripts/fuzz.sh [SECONDS] [READER...]      SECONDS defaults to 60; READERs default to
# every fuzz_<reader>.c whose module builds. Exits non-zero if a target does not build or
# any run found a crash, leak, timeout or sanitizer report; the failing inputs are kept in
# $NNC_FUZZ_BUILD/artifacts/ (replay one with: $NNC_FUZZ_BUILD/fuzz_<reader> FILE).
# Environment: NNC_FUZZ_BUILD (build dir, default build-fuzz), CC (default clang-19).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${NNC_FUZZ_BUILD:-build-fuzz}
cc=${CC:-clang-19}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] [READER...]" >&2; exit 2; }

# Inputs longer than this are not tried: enough for every construct of the format, small
# enough that each execution stays fast.
max_len() {
  case $1 in
    npy|ndnpy|idx) echo 2048 ;;
    h5weights|legacy_h5) echo 32768 ;; # an HDF5 file of four small datasets is 10-20 KB
    *) echo 4096 ;;
  esac
}

# Wall seconds an input may take. libhdf5 runs in a child process stopped at 2 CPU seconds
# (formats/h5.c) when a corrupt file sends it round a loop; on a loaded machine those 2 CPU
# seconds can be 10 wall seconds, and a hang still shows as a timeout at 30.
timeout_s() {
  case $1 in
    h5weights|legacy_h5) echo 30 ;;
    *) echo 10 ;;
  esac
}

# clang with libFuzzer's runtime (Debian: clang-19 + libclang-rt-19-dev); apt only when a
# trivial fuzzer does not link.
have_libfuzzer() {
  local d; d=$(mktemp -d)
  printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$d/t.c"
  local ok=0
  command -v "$cc" >/dev/null && "$cc" -fsanitize=fuzzer "$d/t.c" -o "$d/t" 2>/dev/null || ok=1
  rm -rf "$d"
  return $ok
}
if ! have_libfuzzer; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fuzz: installing clang-19 libclang-rt-19-dev" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    clang-19 libclang-rt-19-dev >&2
  have_libfuzzer || { echo "fuzz: $cc cannot link -fsanitize=fuzzer" >&2; exit 1; }
fi

# The libraries get coverage and sanitizers (fuzzer-no-link); the fuzz executables add
# -fsanitize=fuzzer themselves. -O1 keeps executions fast and stack traces readable.
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
cmake -S . -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS="$flags" -DNNC_FUZZ=ON -DNNC_BUILD_TESTS=OFF >/dev/null

if [ $# -gt 0 ]; then
  readers=("$@")
else
  readers=()
  for src in tests/fuzz/fuzz_*.c; do
    r=$(basename "$src" .c); readers+=("${r#fuzz_}")
  done
fi
known=$(cmake --build "$build" --target help | grep -o 'fuzz_[a-z0-9_]*' | sort -u || true)

status=0
artifacts="$build/artifacts"
mkdir -p "$artifacts"
scratch=$(mktemp -d /tmp/nnc_fuzz_XXXXXX)
trap 'rm -rf "$scratch"' EXIT
summary=""
start=$SECONDS
for r in "${readers[@]}"; do
  if ! grep -qx "fuzz_$r" <<<"$known"; then
    echo "fuzz: no target fuzz_$r (its module or source is missing); skipped" >&2
    summary+=$(printf '%-14s %12s %8s\n' "$r" "-" "skipped")$'\n'
    continue
  fi
  if ! cmake --build "$build" -j2 --target "fuzz_$r" >"$scratch/build_$r.log" 2>&1; then
    tail -30 "$scratch/build_$r.log" >&2
    echo "fuzz: fuzz_$r does not build" >&2
    summary+=$(printf '%-14s %12s %8s\n' "$r" "-" "no-build")$'\n'
    status=1
    continue
  fi
  corpus="$scratch/corpus_$r"
  mkdir -p "$corpus"
  [ -d "tests/fuzz/corpus/$r" ] && cp -r "tests/fuzz/corpus/$r/." "$corpus/"
  dict=()
  if [ -f "tests/fuzz/$r.dict" ]; then
    cp "tests/fuzz/$r.dict" "$scratch/$r.dict"
    # the IR text's op names come from the op table itself, not from a copy of it
    [ "$r" = ir_text ] && sed -n 's/^OP([A-Z_]*, *\("[a-z_]*"\).*/\1/p' ir/ops.def >>"$scratch/$r.dict"
    dict=("-dict=$scratch/$r.dict")
  fi
  log="$scratch/run_$r.log"
  echo "fuzz: fuzz_$r for ${seconds}s" >&2
  rc=0
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n 10 "$build/fuzz_$r" -max_len="$(max_len "$r")" -rss_limit_mb=2048 \
    -timeout="$(timeout_s "$r")" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/$r-" "${dict[@]}" "$corpus" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  crashes=0
  if [ $rc -ne 0 ]; then
    crashes=1
    status=1
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|fuzz_' "$log" | head -20 >&2 || true
  fi
  summary+=$(printf '%-14s %12s %8s\n' "$r" "${execs:-?}" "$crashes")$'\n'
done

printf '\n%-14s %12s %8s\n' reader executions crashes
printf '%s' "$summary"
echo "fuzz: $((SECONDS - start))s of fuzzing; artifacts in $artifacts" >&2
exit $status
