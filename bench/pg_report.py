#!/usr/bin/env python3
"""Turns bench/pg.sh's results.jsonl into the Markdown tables of docs/benchmarks.md: each
measurement on SQLite and on PostgreSQL side by side, then issue 13's targets.
Usage: pg_report.py results.jsonl [machine.txt [cpu.jsonl]]"""
import json
import sys

from report import fmt_rate, fmt_us, load, targets_table


def scaling(rows, be):
    """Four processes started together: their creates over the longest one's time."""
    runs = [r for lab, r in rows.items() if lab.startswith(be + "-create-4proc-")]
    if len(runs) != 4 or any(not r.get("rps") for r in runs):
        return None
    return sum(r["ok"] for r in runs) / max(r["n"] / r["rps"] for r in runs)


def main():
    rows = load(sys.argv[1])
    machine = open(sys.argv[2]).read().strip().splitlines() if len(sys.argv) > 2 else []
    cpu = {}  # label -> the machine's CPU in use during that run (0..1), from pg.sh's cpu_busy
    if len(sys.argv) > 3:
        for text in open(sys.argv[3]):
            if text.strip():
                row = json.loads(text)
                cpu[row["label"]] = row["busy"]

    def val(label, key):
        r = rows.get(label)
        return None if r is None else r.get(key)

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    print("## PostgreSQL beside SQLite\n")
    if machine:
        print("```\n" + "\n".join(machine) + "\n```\n")
    print("| measurement | SQLite req/s | p50 | p99 | PostgreSQL req/s | p50 | p99 | PostgreSQL / SQLite |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    names = ["prefill", "get-seq", "get-64", "list", "search", "create-seq", "create-1proc"]
    for n in names:
        s, p = rows.get("sqlite-" + n), rows.get("pg-" + n)
        if not s and not p:
            continue
        cells = []
        for r in (s, p):
            cells += [fmt_rate(r and r.get("rps")), fmt_us(r and r.get("p50_us")), fmt_us(r and r.get("p99_us"))]
        rt = ratio(val("pg-" + n, "rps"), val("sqlite-" + n, "rps"))
        what = (s or p).get("what", "")
        w = (s or p).get("window")
        what += " (%s)" % ("sequential" if w == 1 else "%d in flight" % w) if w else ""
        fails = "".join(" **%s: %d failed**" % (be, r["failed"]) for be, r in (("SQLite", s), ("PostgreSQL", p))
                        if r and r.get("failed"))
        print("| %s: %s%s | %s | %s |" % (n, what, fails, " | ".join(cells), "%.2f×" % rt if rt else "–"))
    sq, pq = scaling(rows, "sqlite"), scaling(rows, "pg")
    rt = ratio(pq, sq)
    print("| create-4proc: 4 server processes, %s in flight each | %s | – | – | %s | – | – | %s |" % (
        val("pg-create-4proc-1", "window") or "?", fmt_rate(sq), fmt_rate(pq), "%.2f×" % rt if rt else "–"))

    line = targets_table("Targets (issue 13)")

    rt = ratio(val("sqlite-get-seq", "rps"), val("pg-get-seq", "rps"))
    line("sequential get on PostgreSQL within 3× of SQLite (time per get)",
         "%.2f×" % rt if rt else "–", None if rt is None else rt <= 3)
    for be, name in (("pg", "PostgreSQL"), ("sqlite", "SQLite")):
        one, four = val(be + "-create-1proc", "rps"), scaling(rows, be)
        rt = ratio(four, one)
        line("%s: creates from 4 processes ≥ 2× one process's rate" % name,
             "%s vs %s = %.2f×" % (fmt_rate(four), fmt_rate(one), rt) if rt else "–",
             None if rt is None or be == "sqlite" else rt >= 2)
    for n in ("search", "list"):
        p99 = val("pg-" + n, "p99_us")
        line("PostgreSQL %s p99 < 10 ms at the full store" % n, fmt_us(p99), None if p99 is None else p99 < 10000)

    # How far the one-process run was from the machine's ceiling: at the same CPU per create, all
    # of the machine buys at most 1/busy its rate, however many processes share the work.
    for be, name in (("pg", "PostgreSQL"), ("sqlite", "SQLite")):
        busy, busy4 = cpu.get(be + "-create-1proc"), cpu.get(be + "-create-4proc")
        if busy:
            print("\n%s: one process's creates kept %.0f%% of the machine's CPU busy (four processes: %s); "
                  "at the same CPU per create, no number of processes can pass %.2f× its rate."
                  % (name, 100 * busy, "%.0f%%" % (100 * busy4) if busy4 else "–", 1 / busy))


if __name__ == "__main__":
    main()
