#!/usr/bin/env bash
# Runs inside dbus-run-session: start a throwaway, unlocked GNOME Keyring (its files in a temp
# folder, so a keyring left by an earlier run with another password can't stay locked), then ctest.
# Extra arguments go to ctest.
set -euo pipefail
build_dir=$1; shift
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
eval "$(echo -n liaison-ci | XDG_DATA_HOME=$keyring_home gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j2 "$@"
