#!/usr/bin/env bash
# Installs what is missing, builds ntm with AddressSanitizer and UndefinedBehaviorSanitizer and
# warnings as errors, and runs every test (unit, golden CLI, documentation examples).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNTM_SANITIZE=ON -DNTM_WERROR=ON >/dev/null
cmake --build build-ci
ctest --test-dir build-ci --output-on-failure -j "$(nproc)"
