#!/usr/bin/env bash
# Installs what is missing, builds ntm (release) and audits the bundled Trà Cú submissions: the
# district summary on the terminal, and the HTML, JSON and CSV reports in build-release/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNTM_BUILD_TESTS=OFF >/dev/null
cmake --build build-release
build-release/ntm audit communes --report build-release/audit-report.html --json build-release/audit.json \
  --csv build-release/audit.csv
echo "reports: build-release/audit-report.html build-release/audit.json build-release/audit.csv"
