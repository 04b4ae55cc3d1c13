#!/usr/bin/env bash
# Installs what the peer tests (ctest label peers, tests/peers) need: Node.js from Debian and the
# pinned npm libraries of tests/peers/package-lock.json. Idempotent; run before ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v node >/dev/null; then
    $SUDO apt-get install -y -qq --no-install-recommends nodejs >/dev/null
fi
# Debian's nodejs ships npm separately; a nodejs that brings its own npm conflicts with that package.
if ! command -v npm >/dev/null; then
    $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
npm ci --prefix tests/peers --no-audit --no-fund --loglevel=error
