#!/usr/bin/env bash
# Builds the libFuzzer targets with Debian's clang (ASan + UBSan) in build-fuzz/ (a unity build, as
# build/ and build-asan/ are) and runs each for a bounded time on a copy of its committed seed
# corpus (fuzz/corpus/TARGET). Fails when a target crashes, leaks or times out; the input that did
# it lands in build-fuzz/artifacts/TARGET/.
# Turn it into a regression: copy it to fuzz/regressions/TARGET/ (the unit test fuzz_replay replays
# every file there through the same harness), fix the bug, commit both.
# usage: fuzz/run.sh [TARGET...]   targets: dispatch_message tool_arguments yaml_import (default: all)
# env: FUZZ_SECONDS (per target, default 30), FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (build
#      jobs), FUZZ_BUILD_ONLY=1 (build, do not run). Writes a summary line per target with its
#      executions to build-fuzz/summary.txt.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-30}
ALL=(dispatch_message tool_arguments yaml_import)
targets=("$@")
((${#targets[@]})) || targets=("${ALL[@]}")
say() { echo "fuzz: $*" >&2; }

command -v clang++ >/dev/null || { say "clang++ not found (apt-get install clang libclang-rt-14-dev)"; exit 2; }
if [[ ! -f $BUILD/build.ninja ]]; then
  say "configuring $BUILD (clang, libFuzzer, ASan, UBSan)"
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DSCIOREX_FUZZ=ON -DSCIOREX_TESTS=OFF \
    -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 >&2 || exit 2
fi
t0=$SECONDS
cmake --build "$BUILD" ${FUZZ_JOBS:+-j "$FUZZ_JOBS"} --target "${targets[@]/#/fuzz_}" >&2 || { say "build failed"; exit 2; }
say "built in $((SECONDS - t0)) s"
[[ ${FUZZ_BUILD_ONLY:-0} == 1 ]] && exit 0

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0 total=0
: >"$BUILD/summary.txt"
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t" art="$BUILD/artifacts/$t"
  rm -rf "$work" && mkdir -p "$work" "$art"
  cp fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
  [[ -d fuzz/regressions/$t ]] && cp fuzz/regressions/"$t"/* "$work"/ 2>/dev/null
  dict=() && [[ -f fuzz/dictionaries/$t.dict ]] && dict=(-dict="fuzz/dictionaries/$t.dict")
  log="$BUILD/$t.log"
  say "running $t for ${SECONDS_EACH} s"
  "$BUILD/fuzz/fuzz_$t" "$work" "${dict[@]}" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=20 \
    -rss_limit_mb=4096 -artifact_prefix="$art/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  total=$((total + ${runs:-0}))
  line="$t: exit $rc, ${runs:-?} executions in ${SECONDS_EACH} s, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) inputs"
  echo "$line" | tee -a "$BUILD/summary.txt"
  if ((rc != 0)); then
    failed=$((failed + 1))
    say "$t FAILED; the input is in $art/ and the report follows"
    grep -A40 -m1 -E '^==[0-9]+==ERROR|runtime error|deadly signal|ABORTING|Test unit written' "$log" | head -60 >&2
  fi
done
echo "total: $total executions" | tee -a "$BUILD/summary.txt"
((failed == 0)) || { say "$failed of ${#targets[@]} targets failed"; exit 1; }
say "all ${#targets[@]} targets ran clean"
