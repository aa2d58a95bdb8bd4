#!/usr/bin/env bash
# Installs what is missing (clang, libFuzzer), builds the fuzz targets with clang under
# AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/, and runs each for SECONDS
# (default 60) on a copy of its corpus. Fails on any crash, leak, sanitizer report, uncaught
# exception or input taking more than 1 s (see fuzz/run.sh).
# usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/setup.sh fuzz
# -O1 keeps asserts (Debug) and makes the fuzzers several times faster than -O0.
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DNTM_BUILD_FUZZ=ON -DNTM_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz --target fuzz_rules fuzz_submission fuzz_csv fuzz_derived fuzz_json
fuzz/run.sh build-fuzz "$seconds"
