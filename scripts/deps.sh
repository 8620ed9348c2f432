#!/usr/bin/env bash
# Installs the Debian packages that are missing, and only those.
# Usage: scripts/deps.sh [extra-package ...]
set -euo pipefail
packages=(cmake make g++ clang libboost-dev libboost-test-dev libxsimd-dev libbenchmark-dev libeigen3-dev pkgconf cmark "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
