#!/usr/bin/env python3
"""The table of bench/ab.sh: per scenario, the median over the rounds of A and of B (requests/s,
or start-up ms), the spread of each (lowest-highest), and B's change. A median more than LIMIT
percent worse is marked and makes the exit code 1.
Usage: ab_report.py results.jsonl [LIMIT]"""
import json
import statistics
import sys


def main():
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    runs = {}  # (scenario, side) -> [values]
    units = {}
    for line in open(sys.argv[1]):
        if not line.strip():
            continue
        r = json.loads(line)
        side, name = r["label"].split(":", 1)
        if r["label"].endswith(":startup"):
            value, units[name] = r["start_ms"], "ms"
        else:
            value, units[name] = r["rps"], "req/s"
        runs.setdefault((name, side), []).append(value)
    names = list(dict.fromkeys(n for n, _ in runs))
    print("| scenario | A median | A range | B median | B range | B vs A |")
    print("|---|---:|---:|---:|---:|---:|")
    worse = []
    for n in names:
        a, b = runs.get((n, "A"), []), runs.get((n, "B"), [])
        if not a or not b:
            continue
        ma, mb = statistics.median(a), statistics.median(b)
        # Rates: higher is better. Start-up times: lower is better.
        change = (mb / ma - 1) * 100 if units[n] == "req/s" else (ma / mb - 1) * 100
        mark = " ❌" if change < -limit else ""
        if mark:
            worse.append(n)
        fmt = "%.0f" if units[n] == "req/s" else "%.2f"
        rng = lambda v: (fmt + "–" + fmt) % (min(v), max(v))
        print("| %s (%s, %d rounds) | %s | %s | %s | %s | %+.1f%%%s |" % (
            n, units[n], min(len(a), len(b)), fmt % ma, rng(a), fmt % mb, rng(b), change, mark))
    print()
    if worse:
        print("B worse than A by more than %g%%: %s" % (limit, ", ".join(worse)))
        sys.exit(1)
    print("B is nowhere worse than A by more than %g%% (medians)" % limit)


if __name__ == "__main__":
    main()
