#!/usr/bin/env bash
# The ABI of libnnc as a test: its soname is libnnc.so.SOVERSION, and the symbols it exports are
# exactly those of tests/install/symbols.txt. A symbol removed breaks every program linked
# against this major version; a symbol added by accident becomes one we must keep. So both
# fail here: add a new public call to symbols.txt in the commit that declares it in nnc.h.
# Usage: symbols.sh LIBNNC.so SOVERSION
set -euo pipefail
lib=$1 major=$2
list="$(dirname "$0")/symbols.txt"

soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libnnc.so.$major" ]; then
  echo "soname is '$soname', want libnnc.so.$major" >&2
  exit 1
fi
# Defined dynamic symbols but the linker's own (_end, _edata, __bss_start).
exported=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^_' | LC_ALL=C sort)
if ! changes=$(diff -u "$list" <(echo "$exported")); then
  echo "libnnc's exported symbols differ from $list ('-' removed: an ABI break; '+' new:" >&2
  echo "list it if it is public, or make it static or internal):" >&2
  echo "$changes" >&2
  exit 1
fi
echo "libnnc.so.$major exports the $(wc -l <"$list") symbols of symbols.txt"
