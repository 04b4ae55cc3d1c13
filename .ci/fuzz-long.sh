#!/usr/bin/env bash
# Long fuzzing: .ci/fuzz-long.sh [seconds] [targets...] (default 3600 s each, all targets).
# Runs each target (one at a time) up to `seconds` or 10,000,000 inputs, keeps going after a
# target fails, and writes build/fuzz/reports/<target>.log plus summary.tsv with
# date, target, status, seconds, execs, cov, ft, exec/s, crashes (appended). Exit status 1 if any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/fuzz-lib.sh
seconds=3600
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
fuzz_build
reports=build/fuzz/reports
mkdir -p "$reports"
summary=$reports/summary.tsv
# Appended to, so runs spread over several sittings add up to one table.
[[ -f "$summary" ]] || printf 'date\ttarget\tstatus\tseconds\texecs\tcov\tft\texec_per_s\tcrashes\n' >"$summary"
failed=0
while IFS= read -r line; do
    name=${line%%|*}
    log=$reports/$name.log
    status=ok
    started=$(date +%s)
    # A per-input timeout of 60 s, not the smoke run's 10: on a machine busy with builds a
    # 100 ms input can wait seconds for a core, and that is not a hang.
    fuzz_run "$line" "$log" -max_total_time="$seconds" -runs=10000000 -timeout="${FUZZ_TIMEOUT:-60}" || status=FAILED
    crashes=0
    if [[ $status != ok ]]; then
        failed=1
        crashes=$(wc -w <<<"${FUZZ_ARTIFACTS:-}")
        for a in ${FUZZ_ARTIFACTS:-}; do cp "$a" "$reports/$name-$(basename "$a")"; done
    fi
    read -r execs cov ft speed <<<"$(fuzz_figures "$log" | sed -E 's/[a-z/]+=//g')"
    elapsed=$(($(date +%s) - started))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$status" "$elapsed" \
        "$execs" "$cov" "$ft" "$speed" "$crashes" >>"$summary"
    printf '%-24s %-6s %ss execs=%s cov=%s ft=%s exec/s=%s crashes=%s\n' "$name" "$status" "$elapsed" "$execs" "$cov" "$ft" "$speed" "$crashes"
done < <(fuzz_targets "$@")
echo "reports: $reports (summary.tsv, one log per target)"
exit $failed
