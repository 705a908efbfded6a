#!/usr/bin/env bash
# Installs the build in BUILD_DIR to a temporary prefix, then builds and runs a small
# program against that installed copy twice: through find_package(nnc) and through
# pkg-config, finding libnnc.so.1 at run time once through LD_LIBRARY_PATH and once through
# an rpath, as docs/c-api.md tells an embedder with a private prefix; then examples/c, each
# level's program, the same way. Usage: run.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
lib=$(cd "$tmp/prefix" && ls -d lib*/ | head -1)   # lib/ or lib64/, as GNUInstallDirs chose
lib="$tmp/prefix/${lib%/}"
test -e "$lib/libnnc.so.1" || { echo "no libnnc.so.1 in $lib" >&2; exit 1; }

cmake -S "$here/consumer" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_SKIP_BUILD_RPATH=ON >/dev/null
cmake --build "$tmp/cmake" >/dev/null
LD_LIBRARY_PATH="$lib:${LD_LIBRARY_PATH:-}" "$tmp/cmake/consumer"

export PKG_CONFIG_PATH="$lib/pkgconfig"
cc -std=c17 -o "$tmp/pc_consumer" "$here/consumer/main.c" $(pkg-config --cflags --libs nnc) \
  -Wl,-rpath,"$lib" -lm
env -u LD_LIBRARY_PATH "$tmp/pc_consumer"

# examples/c as a fresh CMake project, with an rpath to the private prefix; graph and keras
# need no data (digits does: it is built, not run).
cmake -S "$here/../../examples/c" -B "$tmp/examples" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_BUILD_RPATH="$lib" >/dev/null
cmake --build "$tmp/examples" >/dev/null
env -u LD_LIBRARY_PATH "$tmp/examples/graph"
env -u LD_LIBRARY_PATH "$tmp/examples/keras" | tail -3
env -u LD_LIBRARY_PATH "$tmp/examples/bridge"
env -u LD_LIBRARY_PATH "$tmp/examples/train_step"
