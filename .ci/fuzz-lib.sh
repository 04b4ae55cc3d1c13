# Shared by fuzz-smoke.sh and fuzz-long.sh (sourced, not run): builds the fuzz preset and runs one
# libFuzzer target on a throwaway copy of its corpus, so the repository is never modified.

fuzz_build() {
    if [[ "${LIAISON_SKIP_DEPS:-0}" != 1 ]]; then   # set to 1 when the packages are known to be there
        bash .ci/install-deps.sh
    fi
    cmake --preset fuzz
    cmake --build --preset fuzz
}

# fuzz_targets [names...]: "name|exe|dict|corpus|regressions" lines, all or the named ones.
fuzz_targets() {
    local list=build/fuzz/fuzz-targets.txt
    if [[ $# -eq 0 ]]; then cat "$list"; return; fi
    local name
    for name in "$@"; do
        grep "^${name}|" "$list" || { echo "unknown fuzz target: $name" >&2; return 1; }
    done
}

# fuzz_run <line> <log> <extra libFuzzer args...>: returns libFuzzer's exit status.
fuzz_run() {
    local line=$1 log=$2; shift 2
    local name exe dict corpus regressions
    IFS='|' read -r name exe dict corpus regressions <<<"$line"
    local work
    work=$(mktemp -d "${TMPDIR:-/tmp}/liaison-fuzz-${name}.XXXXXX")
    cp -r "$corpus" "$work/corpus"
    [[ -d "$regressions" ]] && cp -r "$regressions"/. "$work/corpus/" 2>/dev/null || true
    mkdir -p "$work/artifacts"
    local rc=0
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$exe" -dict="$dict" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" >"$log" 2>&1 || rc=$?
    FUZZ_ARTIFACTS=$(ls "$work/artifacts" 2>/dev/null | sed "s|^|$work/artifacts/|" | tr '\n' ' ')
    if [[ $rc -eq 0 ]]; then rm -rf "$work"; fi   # keep the crash input (and corpus) on failure
    return $rc
}

# fuzz_figures <log>: "execs=N cov=N ft=N exec/s=N" from libFuzzer's last status lines and final stats.
fuzz_figures() {
    local log=$1
    local status execs cov ft speed
    status=$(grep -E '^#[0-9]+' "$log" | tail -1)
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
    [[ -z "$execs" ]] && execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$status")
    cov=$(grep -oE 'cov: [0-9]+' <<<"$status" | grep -oE '[0-9]+')
    ft=$(grep -oE 'ft: [0-9]+' <<<"$status" | grep -oE '[0-9]+')
    speed=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$')
    echo "execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} exec/s=${speed:-?}"
}
