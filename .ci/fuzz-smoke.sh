#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang-14, ASan+UBSan) and runs each for
# FUZZ_SECONDS (default 60), one at a time, on a copy of its seed corpus with its dictionary.
# Fails when any target crashes, leaks, times out or runs out of memory. Arguments: target names
# (default: all of them, see build/fuzz/fuzz-targets.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/fuzz-lib.sh
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
fuzz_build
mkdir -p build/fuzz/logs
failed=()
while IFS= read -r line; do
    name=${line%%|*}
    log=build/fuzz/logs/smoke-$name.log
    if fuzz_run "$line" "$log" -max_total_time="$FUZZ_SECONDS"; then
        printf '%-24s ok     %s\n' "$name" "$(fuzz_figures "$log")"
    else
        printf '%-24s FAILED %s\n' "$name" "$(fuzz_figures "$log")"
        echo "  log: $log   crash input: ${FUZZ_ARTIFACTS:-none}"
        grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" | sed 's/^/  /' || true
        failed+=("$name")
    fi
done < <(fuzz_targets "$@")
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz smoke: ${#failed[@]} target(s) failed: ${failed[*]}"
    echo "Save the crash input under fuzz/regressions/<target>/ once the parser is fixed."
    exit 1
fi
echo "fuzz smoke: all targets ran ${FUZZ_SECONDS}s without a finding"
