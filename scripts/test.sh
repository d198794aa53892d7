#!/usr/bin/env bash
# The whole test suite: install dependencies, lint, build and test (release), then build and test
# again under AddressSanitizer + UndefinedBehaviorSanitizer, then build the libFuzzer targets (clang)
# and run each for a bounded time (scripts/fuzz.sh). `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-deps.sh
cmake --preset release
cmake --build --preset release -j"$(nproc)"
echo "build (release): $(( $(date +%s) - start )) s"
bash scripts/lint.sh build/release
ctest --preset release
cmake --preset asan-ubsan
cmake --build --preset asan-ubsan -j"$(nproc)"
ctest --preset asan-ubsan
cmake --preset fuzz
fuzz_start=$(date +%s)
cmake --build --preset fuzz -j"$(nproc)"
echo "build (fuzz): $(( $(date +%s) - fuzz_start )) s"
bash scripts/fuzz.sh --seconds 30
echo "total: $(( $(date +%s) - start )) s"
