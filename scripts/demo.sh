#!/usr/bin/env bash
# Installs what is missing, builds ntm (release) and evaluates the bundled Trà Cú submissions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNTM_BUILD_TESTS=OFF >/dev/null
cmake --build build-release
build-release/ntm evaluate communes/tra-cu-2023/*.xml
