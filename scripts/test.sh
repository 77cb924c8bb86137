#!/usr/bin/env bash
# The whole test command: set up and build everything (setup.sh --all), the static checks (lint:
# clang-format and clang-tidy, scripts/lint.sh), unit tests, the official conformance suite for both
# protocol eras, the interop tests with the official SDK clients, the board's browser tests (board:
# Debian's chromium driven by playwright-core against the real board server), the MCP Apps views in
# a test host (apps: ext-apps' AppBridge, the views in a sandboxed iframe of the same chromium, the
# real servers over stdio; tests/apps/), the real Claude Code
# as the host of both servers (host: tests/host/, offline, with a scripted model endpoint), README's
# main job (demo: scripts/demo.sh, the workflow end to end against the real server over stdio, with
# SDK clients as the agents, then again with the real Claude Code as their host), the
# Debian package (package: scripts/package.sh --check: built from build/, its contents, then as root
# installed, used, removed), the unit tests
# again under AddressSanitizer and UndefinedBehaviorSanitizer (asan), and the libFuzzer targets for
# a bounded time (fuzz). A failing step does not stop the others; the exit code is non-zero when any
# step failed; a summary table ends the output.
# usage: scripts/test.sh [STEP...]   steps: setup lint unit conformance-2025 conformance-2026 interop board apps host demo package asan fuzz
#                                    (default: all, in that order)
# env: UNIT_TIMEOUT (bound on ctest, default 900 s); ASAN_TIMEOUT (bound on the sanitizer build and
#      its ctest, default 2700 s); FUZZ_SECONDS (per fuzz target, default 30; fuzz/run.sh); the
#      conformance, interop and board scripts have their own bounds (CONFORMANCE_TIMEOUT,
#      INTEROP_TIMEOUT, BOARD_TIMEOUT, APPS_TIMEOUT).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2

ALL_STEPS=(setup lint unit conformance-2025 conformance-2026 interop board apps host demo package asan fuzz)
steps=("$@")
((${#steps[@]})) || steps=("${ALL_STEPS[@]}")

run_step() {
  case $1 in
    setup) bash scripts/setup.sh --all ;;
    lint) bash scripts/lint.sh ;;
    unit) timeout -k 10 "${UNIT_TIMEOUT:-900}" ctest --test-dir build --output-on-failure --no-tests=error \
      --timeout 300 -j "$(nproc)" ;;
    conformance-2025) bash tests/conformance/run.sh 2025-11-25 ;;
    conformance-2026) bash tests/conformance/run.sh 2026-07-28 ;;
    interop) bash tests/interop/run.sh ;;
    board) bash tests/board/run.sh ;;
    apps) bash tests/apps/run.sh ;;
    host) bash tests/host/run.sh ;;
    demo) bash scripts/demo.sh && DEMO_HOST=claude-code bash scripts/demo.sh ;;
    package) bash scripts/package.sh --check ;;
    asan) timeout -k 10 "${ASAN_TIMEOUT:-2700}" bash -c "$(declare -f sanitizer_tests); sanitizer_tests" ;;
    fuzz) bash fuzz/run.sh ;;
    *) echo "test: unknown step '$1' (steps: ${ALL_STEPS[*]})" >&2; return 2 ;;
  esac
}

# The test suite built with -DSCIOREX_SANITIZE=ON (g++: ASan + UBSan, asserts on, -O1) in its own
# folder, then ctest there; any sanitizer report fails the test it happens in. A unity build (8
# sources of a target compiled as one; see docs/reliability.md, Time): the heavy headers (Boost,
# nlohmann, Catch) are parsed and instantiated once per batch instead of once per file. Configured
# every run so that an older build-asan/ becomes one too.
sanitizer_tests() {
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DSCIOREX_SANITIZE=ON -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 >&2 || return 2
  cmake --build build-asan >&2 || return 2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --no-tests=error --timeout 900 -j "$(nproc)"
}

names=() codes=() times=()
for s in "${steps[@]}"; do
  echo >&2
  echo "=============== test step: $s ===============" >&2
  t=$SECONDS
  run_step "$s" </dev/null
  rc=$?
  names+=("$s") codes+=("$rc") times+=($((SECONDS - t)))
  echo "=============== test step: $s: exit $rc ===============" >&2
done

failed=0
echo
echo "== test summary =="
printf '%-18s %-6s %5s %8s\n' step result exit seconds
for i in "${!names[@]}"; do
  if ((codes[i] == 0)); then r=PASS; else r=FAIL; failed=$((failed + 1)); fi
  printf '%-18s %-6s %5s %8s\n' "${names[i]}" "$r" "${codes[i]}" "${times[i]}"
done
if ((failed)); then
  echo "test: $failed of ${#names[@]} steps failed"
  exit 1
fi
echo "test: all ${#names[@]} steps passed"
