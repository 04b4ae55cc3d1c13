#!/usr/bin/env bash
# Runs inside dbus-run-session: unlock a throwaway keyring, then ctest. Extra args go to ctest.
set -euo pipefail
build_dir=$1; shift
eval "$(echo -n liaison-ci | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j2 "$@"
