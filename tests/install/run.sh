#!/usr/bin/env bash
# Installs the build in BUILD_DIR to a temporary prefix, then builds and runs a small
# program against that installed copy twice: through find_package(nnc) and through
# pkg-config. Usage: run.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
export LD_LIBRARY_PATH="$tmp/prefix/lib:${LD_LIBRARY_PATH:-}"

cmake -S "$here/consumer" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
"$tmp/cmake/consumer"

export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cc -std=c17 -o "$tmp/pc_consumer" "$here/consumer/main.c" $(pkg-config --cflags --libs nnc) -lm
"$tmp/pc_consumer"
