#!/usr/bin/env bash
# Installs the Debian 12 packages ntm needs, only those that are missing.
# `scripts/setup.sh fuzz` also installs what the fuzz targets need (clang and libFuzzer).
set -euo pipefail
packages=(g++ cmake ninja-build libboost-graph-dev libboost-program-options-dev libpugixml-dev
          libspdlog-dev catch2 nlohmann-json3-dev libxml2-utils chromium graphviz
          libcpp-httplib-dev libzip-dev pkg-config python3-websocket wrk curl)
fuzz_packages=(clang libclang-rt-14-dev)
if [ "${1:-}" = fuzz ]; then
  packages+=("${fuzz_packages[@]}")
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
