#!/usr/bin/env bash
# Installs what `npm start` or `npm test` needs on a fresh Debian machine, then
# builds the kernel. Safe to run again: it only installs what is missing.
#   tools/setup.sh start   system packages for building the kernel and running the app
#   tools/setup.sh test    also QEMU and Chromium for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-start}"

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have make || missing+=(make)
have gcc || missing+=(gcc)
# 32-bit libgcc (64-bit division helpers for the kernel) comes with gcc-multilib.
if ! have gcc || [ ! -f "$(gcc -m32 -print-libgcc-file-name 2>/dev/null)" ]; then missing+=(gcc-multilib); fi
if [ "$mode" = test ]; then
  have qemu-system-i386 || missing+=(qemu-system-x86)
  have chromium || missing+=(chromium)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# npm packages: install when absent or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  # The Electron binary cannot be downloaded everywhere; the web edition does not need it.
  ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}" npm ci --no-audit --no-fund
fi

make -s -C kernel
