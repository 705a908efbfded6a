#!/usr/bin/env bash
# The README's library-only build: configured with -DNNC_BUILD_TESTS=OFF, the build asks for
# no Criterion (nothing in its cache names it) and still makes libnnc and its install rules.
# Configure only: the library's sources are compiled by the test build already.
# Usage: library_only.sh SOURCE_DIR
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake -S "$src" -B "$tmp" -DCMAKE_BUILD_TYPE=Release -DNNC_BUILD_TESTS=OFF >"$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; exit 1; }
found=$(grep -i criterion "$tmp/CMakeCache.txt" | grep -v '^//' || true) # not the help texts
if [ -n "$found" ]; then
  echo "a build with NNC_BUILD_TESTS=OFF still looks for Criterion:" >&2
  echo "$found" >&2
  exit 1
fi
grep -q '^nnc:' <(cd "$tmp" && make help 2>/dev/null | sed -n 's/^\.\.\. \(nnc\)$/\1:/p') ||
  { echo "no target nnc (libnnc) in the library-only build" >&2; exit 1; }
test -f "$tmp/cmake_install.cmake" || { echo "no install rules" >&2; exit 1; }
echo "a library-only build configures without Criterion"
