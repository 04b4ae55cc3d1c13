#!/usr/bin/env bash
# Builds with the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer, LeakSanitizer on)
# and runs the test suite under it. Extra arguments go to ctest, e.g. -L store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
bash .ci/peers-deps.sh
cmake --preset asan
cmake --build --preset asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
# print_suppressions=0: a matched suppression must not add lines to a tested stderr.
export LSAN_OPTIONS=suppressions=$PWD/.ci/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec dbus-run-session -- bash .ci/ctest-in-session.sh build/asan "$@"
