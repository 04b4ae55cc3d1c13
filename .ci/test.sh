#!/usr/bin/env bash
# Installs what is needed, builds with the developer preset (warnings are errors) and runs
# every test under a private D-Bus session with an unlocked GNOME Keyring, so keychain and
# GUI tests run for real (GUI tests use QT_QPA_PLATFORM=offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
bash .ci/peers-deps.sh
cmake --preset dev
cmake --build --preset dev
exec dbus-run-session -- bash .ci/ctest-in-session.sh build/dev "$@"
