#!/usr/bin/env bash
# PostgreSQL beside SQLite in one run (issue 13): the same sciorex-tickets binary, the same tool
# calls and the same store of 100k tickets on each backend, then the issue's targets:
#   sequential sciorex_get_ticket on PostgreSQL within 3× of SQLite's;
#   creates from 4 server processes together at least 2× the rate of one;
#   search and list p99 under 10 ms at 100k tickets.
# The PostgreSQL server is a throwaway cluster (scripts/pg_cluster.sh) on a Unix socket, with
# fsync on and synchronous_commit off (PG_DURABLE=1): a commit is not flushed one by one, as
# SQLite's WAL at synchronous=NORMAL, which the servers use, does not flush each commit either.
# shared_buffers is 1 GB, as a team's database server would have it (PostgreSQL's guide: a quarter
# of the memory; this machine has 24 GiB), so the 100k store (about 300 MB) is read from
# PostgreSQL's cache, as SQLite's file is read from the kernel's. The tests' clusters keep 64 MB.
#   bash bench/pg.sh               everything (about 15 minutes on 2 cores)
#   QUICK=1 bash bench/pg.sh       10k tickets and smaller counts (for checking the script)
#   SKIP_BUILD=1                   reuse the build folder
#   BENCH_BUILD=DIR                build folder (default build-bench/, Release)
# Results: $BENCH_WORK (default /tmp/sciorex-bench-pg) holds results.jsonl and table.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BENCH_BUILD:-$ROOT/build-bench}"
WORK="${BENCH_WORK:-/tmp/sciorex-bench-pg}"
QUICK="${QUICK:-0}"
q() { if [ "$QUICK" = 1 ]; then echo "$2"; else echo "$1"; fi; }
N_STORE=$(q 100000 10000)  # tickets in each store
N_SEQ=$(q 10000 2000)      # sequential gets
N_SLOW=$(q 2000 500)       # list / search
N_WRITE=$(q 2000 500)      # sequential creates
N_PAR=$(q 2000 500)        # creates per process in the scaling runs
PAR_WINDOW=4               # in flight per process in the scaling runs
REPEAT=$(q 3 1)

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== build (Release, $BUILD)"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCIOREX_TESTS=OFF >/dev/null
  ninja -C "$BUILD" sciorex-tickets sciorex-bench | grep -v '^\[' || true
fi
BENCH="$BUILD/bin/sciorex-bench"
TICKETS="$BUILD/bin/sciorex-tickets"
PSQL=/usr/lib/postgresql/15/bin/psql
rm -rf "$WORK"
mkdir -p "$WORK"
OUT="$WORK/results.jsonl"
FAILED=0
b() { "$BENCH" "$@" --json-out "$OUT" --server-stderr "$WORK/server.log" || { echo "!! failed: $*"; FAILED=1; }; }
# The machine's CPU in use (all cores, 0..1) between two calls of cpu_mark: how far a run is from
# the machine's ceiling. cpu_busy LABEL appends {"label","busy"} to cpu.jsonl.
cpu_mark() { CPU_MARK=$(head -1 /proc/stat); }
cpu_busy() {
  awk -v a="$CPU_MARK" -v b="$(head -1 /proc/stat)" -v label="$1" 'BEGIN {
    n = split(a, x); split(b, y); total = 0; idle = 0
    for (i = 2; i <= n; i++) { d = y[i] - x[i]; total += d; if (i == 5 || i == 6) idle += d }
    printf "{\"label\": \"%s\", \"busy\": %.3f}\n", label, total ? 1 - idle / total : 0 }' >>"$WORK/cpu.jsonl"
}

PG_DURABLE=1 PG_SHARED_BUFFERS=1GB bash "$ROOT/scripts/pg_cluster.sh" start "$WORK/pg" >/dev/null
trap 'bash "$ROOT/scripts/pg_cluster.sh" stop "$WORK/pg"' EXIT
URI=$(cat "$WORK/pg/uri")
SQLITE="$WORK/store.db"
count() {  # count BACKEND: tickets in that backend's store
  if [ "$1" = sqlite ]; then sqlite3 "$SQLITE" 'select count(*) from tickets'
  else "$PSQL" -X -qtA "$URI" -c 'select count(*) from tickets'; fi
}
store_of() { if [ "$1" = sqlite ]; then echo "$SQLITE"; else echo "$URI"; fi; }

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "sqlite: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?')"
  echo "postgresql: $("$PSQL" -X -qtA "$URI" -c 'show server_version'), shared_buffers $("$PSQL" -X -qtA "$URI" -c 'show shared_buffers')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- protocol storage servers || echo '+changes')"
} | tee "$WORK/machine.txt"

CREATE_ARGS='{"title":"Ticket {i}: parser module {i%97} drops a field","description":"Steps to reproduce {i}: import file {i%1000}.yaml with the parser module {i%97} and compare the export with the golden copy.","type":"bug","priority":"medium","labels":["area-{i%20}"],"subtasks":["Reproduce","Fix","Test"]}'
S=$N_STORE
for be in sqlite pg; do
  DB=$(store_of $be)
  RUN="$TICKETS --db '$DB'"
  echo "== $be: prefill $S tickets through the create tool, 64 in flight"
  b stdio --label "$be-prefill" --cmd "$RUN" --tool sciorex_create_ticket --args "$CREATE_ARGS" -n "$S" -w 64 \
    --time-limit 1200 --warmup 0 >/dev/null
  [ "$(count $be)" = "$S" ] || { echo "!! $be store holds $(count $be) tickets, not $S"; exit 1; }
  # After a bulk load, PostgreSQL's autovacuum vacuums and analyzes the new tables within the
  # minute, and a checkpoint writes the loaded pages out over the next minutes (its log showed one
  # starting in the middle of the reads). Both done here at once, so that neither runs beside the
  # measurements and the planner has the store's statistics, as on a server that has run a while.
  # (SQLite's file is checkpointed as it goes, by the servers' background checkpointer.)
  if [ "$be" = pg ]; then "$PSQL" -X -q "$URI" -c 'VACUUM ANALYZE' -c 'CHECKPOINT'; fi
  echo "== $be: reads at $S tickets"
  b stdio --label "$be-get-seq" --cmd "$RUN" --tool sciorex_get_ticket --args "{\"ticketId\":\"T-{i%$S+1:03d}\"}" -n "$N_SEQ" -w 1 --warmup 1000 --repeat "$REPEAT"
  b stdio --label "$be-get-64" --cmd "$RUN" --tool sciorex_get_ticket --args "{\"ticketId\":\"T-{i%$S+1:03d}\"}" -n "$N_SEQ" -w 64 --warmup 1000
  b stdio --label "$be-list" --cmd "$RUN" --tool sciorex_list_tickets --args '{"priority":"medium","limit":20}' -n "$N_SLOW" -w 1 --warmup 200
  b stdio --label "$be-search" --cmd "$RUN" --tool sciorex_search_tickets --args '{"query":"parser module {i%97} drops"}' -n "$N_SLOW" -w 1 --warmup 200
  echo "== $be: writes"
  b stdio --label "$be-create-seq" --cmd "$RUN" --tool sciorex_create_ticket --args "$CREATE_ARGS" -n "$N_WRITE" -w 1
  cpu_mark
  b stdio --label "$be-create-1proc" --cmd "$RUN" --tool sciorex_create_ticket --args "$CREATE_ARGS" -n "$((4 * N_PAR))" -w "$PAR_WINDOW"
  cpu_busy "$be-create-1proc"
  # Four server processes on the same store, each loaded as the one above, started together.
  before=$(count $be)
  cpu_mark
  for p in 1 2 3 4; do
    "$BENCH" stdio --label "$be-create-4proc-$p" --cmd "$RUN" --tool sciorex_create_ticket --args "$CREATE_ARGS" \
      -n "$N_PAR" -w "$PAR_WINDOW" --json-out "$WORK/par-$be-$p.jsonl" --server-stderr "$WORK/server.log" \
      >"$WORK/par-$be-$p.txt" 2>&1 &
  done
  wait || { echo "!! a process of $be-create-4proc failed"; FAILED=1; }
  cpu_busy "$be-create-4proc"
  cat "$WORK"/par-$be-*.jsonl >>"$OUT"
  after=$(count $be)
  [ "$((after - before))" = "$((4 * N_PAR))" ] ||
    { echo "!! $be: 4 processes stored $((after - before)) tickets, not $((4 * N_PAR))"; FAILED=1; }
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/machine.txt"
echo "== table"
python3 "$ROOT/bench/pg_report.py" "$OUT" "$WORK/machine.txt" "$WORK/cpu.jsonl" | tee "$WORK/table.md"
exit $FAILED
