#!/usr/bin/env bash
# Two builds of sciorex-tickets side by side in one run: the same client, the same stores, the
# scenarios interleaved A, B, B, A, ... round after round, so that the machine's drift falls on both
# alike. Prints each scenario's median over the rounds for A and B and B's change; use it for "this
# change costs nothing" (e.g. a refactor: A is the commit before, B after). Two separate runs of
# bench/run.sh do not answer that on a shared VM: between two runs minutes apart every ceiling here
# moved by 20-40%, ours and the peers' alike.
#   bash bench/ab.sh A_TICKETS_BIN B_TICKETS_BIN      (both Release builds; see bench/run.sh)
# env: ROUNDS (default 5), BENCH (the client, default build-bench/bin/sciorex-bench), LIMIT (percent
# a median may be worse before the exit code is 1, default 10), AB_WORK (default /tmp/sciorex-ab).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
A="$1" B="$2"
ROUNDS=${ROUNDS:-5}
BENCH=${BENCH:-$ROOT/build-bench/bin/sciorex-bench}
WORK=${AB_WORK:-/tmp/sciorex-ab}
rm -rf "$WORK" && mkdir -p "$WORK"
OUT="$WORK/results.jsonl"
echo "A: $A" && echo "B: $B" && echo "rounds: $ROUNDS, load before: $(cut -d' ' -f1-3 /proc/loadavg)"

CREATE_ARGS='{"title":"Ticket {i}: parser module {i%97} drops a field","description":"Steps to reproduce {i}: import file {i%1000}.yaml.","type":"bug","priority":"medium","labels":["area-{i%20}"],"subtasks":["Reproduce","Fix","Test"]}'
# One 10k store, made once by B through its own create tool; both builds read the same file.
"$BENCH" stdio --label prefill --cmd "$B --db $WORK/store.db" --tool sciorex_create_ticket --args "$CREATE_ARGS" \
  -n 10000 -w 64 --time-limit 600 --json-out "$WORK/prefill.jsonl" >/dev/null
fresh="rm -f $WORK/run.db*; cp $WORK/store.db $WORK/run.db"

scenarios() {  # scenarios SIDE BIN: every measurement once, labelled SIDE:NAME
  local side=$1 run="$2 --db $WORK/run.db"
  local b=("$BENCH" stdio --json-out "$OUT" --pre "$fresh" --cmd "$run")
  "${b[@]}" --label "$side:get-seq" --tool sciorex_get_ticket --args '{"ticketId":"T-{i%10000+1:03d}"}' -n 5000 -w 1 --warmup 500 >/dev/null
  "${b[@]}" --label "$side:get-64" --tool sciorex_get_ticket --args '{"ticketId":"T-{i%10000+1:03d}"}' -n 20000 -w 64 --warmup 1000 >/dev/null
  "${b[@]}" --label "$side:list" --tool sciorex_list_tickets --args '{"priority":"medium","limit":20}' -n 1000 -w 1 --warmup 100 >/dev/null
  "${b[@]}" --label "$side:search" --tool sciorex_search_tickets --args '{"query":"parser module {i%97} drops"}' -n 1000 -w 1 --warmup 100 >/dev/null
  "${b[@]}" --label "$side:create" --tool sciorex_create_ticket --args "$CREATE_ARGS" -n 1000 -w 1 >/dev/null
  "${b[@]}" --label "$side:subtask" --tool sciorex_complete_subtask --args '{"ticketId":"T-{i%10000+1:03d}","subtaskId":"sub-{i/10000%3+1:03d}"}' -n 1000 -w 1 >/dev/null
  "$BENCH" startup --json-out "$OUT" --label "$side:startup" --pre "$fresh" --cmd "$run" --runs 10 >/dev/null
  eval "$fresh"
  "$BENCH" http --json-out "$OUT" --label "$side:http" --server-cmd "$run --http --port {port}" \
    --tool sciorex_get_ticket --args '{"ticketId":"T-{i%10000+1:03d}"}' -c 8 -n 10000 --warmup 1000 >/dev/null
}

for ((r = 1; r <= ROUNDS; r++)); do
  echo "round $r of $ROUNDS"
  if ((r % 2)); then scenarios A "$A" && scenarios B "$B"; else scenarios B "$B" && scenarios A "$A"; fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/bench/ab_report.py" "$OUT" "${LIMIT:-10}"
