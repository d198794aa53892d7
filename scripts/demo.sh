#!/usr/bin/env bash
# Main job: install dependencies, build (release), run `numpy-plugins list` and the example host.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j"$(nproc)"
./build/release/bin/numpy-plugins list
./build/release/bin/array_host --plugins "$PWD/build/release/lib/numpy-plugins" build/release/array_host_output.npy
