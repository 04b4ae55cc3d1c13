#!/usr/bin/env bash
# Installs every Debian 12 package Liaison needs to build, run and test. Idempotent.
set -euo pipefail
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    ca-certificates cmake ninja-build g++ pkg-config python3 \
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-httpserver-dev qt6-websockets-dev \
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-charts-dev qtkeychain-qt6-dev libgl-dev \
    libssl-dev openssl \
    libxml2-utils libxml2-dev dbus dbus-x11 gnome-keyring libsecret-tools \
    clang-14 libclang-rt-14-dev libfuzzer-14-dev \
    fonts-dejavu-core >/dev/null
