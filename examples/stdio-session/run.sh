#!/usr/bin/env bash
# Plays session.jsonl into sciorex-tickets over stdio the way a host does: one message at a time,
# waiting for the answer to each request before sending the next (the server runs requests
# concurrently, so a plain `< session.jsonl` may answer them out of order). Prints each answer, and
# any notification the server sends meanwhile (usually none: the session is shorter than the
# server's 200 ms change-watcher poll).
# usage: examples/stdio-session/run.sh [WORKSPACE] [SESSION_FILE]   (default: a fresh temp folder)
# env: SCIOREX_TICKETS (the server binary; default build/bin/sciorex-tickets)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVER=${SCIOREX_TICKETS:-$ROOT/build/bin/sciorex-tickets}
SESSION=${2:-$ROOT/examples/stdio-session/session.jsonl}
[[ -x $SERVER ]] || { echo "run.sh: $SERVER is not built (bash scripts/setup.sh)" >&2; exit 2; }
ws=${1:-}
[[ -n $ws ]] && mkdir -p "$ws"   # the servers never create a workspace folder themselves
if [[ -z $ws ]]; then
  ws=$(mktemp -d)
  trap 'rm -rf "$ws"' EXIT
fi
coproc SRV { exec "$SERVER" --workspace "$ws" 2>/dev/null; }
while IFS= read -r line || [[ -n $line ]]; do
  [[ -z $line ]] && continue
  printf '%s\n' "$line" >&"${SRV[1]}"
  if [[ $line =~ \"id\":([0-9]+) ]]; then  # a request: print what comes until its answer (at most 10 s)
    id=${BASH_REMATCH[1]}
    while :; do
      IFS= read -r -t 10 reply <&"${SRV[0]}" || { echo "run.sh: no answer to: $line" >&2; exit 1; }
      printf '%s\n' "$reply"  # the answer, or a notification the server sent meanwhile
      [[ $reply =~ \"id\":$id[,}] ]] && break
    done
  fi
done <"$SESSION"
exec {SRV[1]}>&-   # end of input: the server exits
wait "$SRV_PID"
