#!/usr/bin/env bash
# The flows runner's benchmark (issue 12), on the real `sciorex-flows serve`:
#   1. trigger-to-agent latency: a ticket moved planned -> in_progress, to the agent process started
#      (a bash script stamping $EPOCHREALTIME as flows.runner), one at a time; target p95 < 1 s;
#      with one runner, then with three on the same store;
#   2. exactly once: 1,000 tickets moved at once with three runners serving; every flow run exactly
#      once, counted from the store's run records.
#   bash bench/flows/run.sh             builds the two targets in $BUILD_DIR (default build/) and runs
#   N=20 EVENTS=100 bash bench/flows/run.sh   a quick check of the script
# Results: $BENCH_WORK (default /tmp/sciorex-bench-flows): results.jsonl, machine.txt, runner logs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
WORK="${BENCH_WORK:-/tmp/sciorex-bench-flows}"
N="${N:-200}"
EVENTS="${EVENTS:-1000}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  nice cmake --build "$BUILD" --target sciorex-bench-flows | grep -v '^\[' || true
  nice cmake --build "$BUILD" --target sciorex-flows | grep -v '^\[' || echo "(no sciorex-flows target: runners are the bench's own serve)"
fi
BENCH="$BUILD/bin/sciorex-bench-flows"
# The runners: the real `sciorex-flows serve` when built (SELF_SERVE=1 forces the bench's own serve,
# the same Service and process launcher in a process of its own).
FLOWS="$(find "$BUILD" -name sciorex-flows -type f -perm -u+x | head -1)"
FLOWS_ARG=()
if [ -n "$FLOWS" ] && [ "${SELF_SERVE:-0}" != 1 ]; then FLOWS_ARG=(--flows-bin "$FLOWS"); fi
rm -rf "$WORK"
mkdir -p "$WORK"
OUT="$WORK/results.jsonl"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -m | awk '/Mem:/ {print $2 " MB"}')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "build: $BUILD ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2))"
  echo "runners: ${FLOWS_ARG[*]:-sciorex-bench-flows serve (Service + process launcher)}"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- storage servers || echo '+changes')"
} | tee "$WORK/machine.txt"
FAILED=0
run() { "$BENCH" "$@" "${FLOWS_ARG[@]}" --json-out "$OUT" || { echo "!! failed: $*"; FAILED=1; }; }
echo "== trigger to agent, 1 runner"
run latency --work "$WORK/latency-1" -n "$N" --runners 1
echo "== trigger to agent, 3 runners"
run latency --work "$WORK/latency-3" -n "$N" --runners 3
echo "== $EVENTS trigger events, 3 runners"
run once --work "$WORK/once-3" --events "$EVENTS" --runners 3 --max-runs 2
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/machine.txt"
exit "$FAILED"
