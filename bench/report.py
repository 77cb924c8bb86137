#!/usr/bin/env python3
"""Turns bench/run.sh's results.jsonl into the Markdown tables of docs/benchmarks.md:
every measurement, then the issue's targets with the ratios measured in this run.
Usage: report.py results.jsonl [machine.txt]"""
import json
import sys


def load(path):
    rows = {}
    for line in open(path):
        line = line.strip()
        if line:
            r = json.loads(line)
            rows[r["label"]] = r
    return rows


def fmt_rate(v):
    return "–" if v is None else ("%.1fk" % (v / 1000) if v >= 10000 else "%.0f" % v)


def fmt_us(v):
    if v is None:
        return "–"
    return "%.0f µs" % v if v < 1000 else "%.2f ms" % (v / 1000)


def targets_table(title):
    """Prints the heading of a targets table; returns line(name, measured, ok) for its rows
    (ok None: not judged)."""
    print("\n## %s\n" % title)
    print("| target | measured | met |")
    print("|---|---|---|")

    def line(name, measured, ok):
        mark = "–" if ok is None else ("✅ met" if ok else "❌ missed")
        print("| %s | %s | %s |" % (name, measured, mark))
    return line


def main():
    rows = load(sys.argv[1])
    machine = open(sys.argv[2]).read().strip().splitlines() if len(sys.argv) > 2 else []
    g = rows.get

    def val(label, key):
        r = g(label)
        return None if r is None else r.get(key)

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    # The reference each row is compared with.
    refs = {}
    for lab in rows:
        if lab.startswith("get-") and lab.endswith("-seq"):
            refs[lab] = "echo-seq"
        elif lab.startswith("get-") and lab.endswith("-64"):
            refs[lab] = "echo-64"
        elif lab.startswith("create-") or lab.startswith("subtask-"):
            refs[lab] = "sqlite-insert"
        elif lab.startswith("tickets-http@"):
            refs[lab] = "everything-http@" + lab.split("@")[1]
        elif lab.startswith("everything-http@"):
            refs[lab] = "echo-http@" + lab.split("@")[1]
        elif lab == "everything-seq":
            refs[lab] = "echo-seq"
        elif lab == "everything-64":
            refs[lab] = "echo-64"

    print("## Measurements\n")
    if machine:
        print("```\n" + "\n".join(machine) + "\n```\n")
    print("| measurement | what | requests/s | p50 | p99 | start-up | peak RSS | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for lab, r in rows.items():
        if lab.startswith("prefill-"):
            what = "prefill: %s, 64 in flight" % r.get("what")
        else:
            what = r.get("what", "")
            if r.get("window") and r["mode"] == "stdio":
                what += " (%s)" % ("sequential" if r["window"] == 1 else "%d in flight" % r["window"])
            if r.get("connections"):
                what += " (HTTP, %d conn.)" % r["connections"]
        rate = None if r["mode"] == "startup" else r.get("rps")
        start = r.get("start_ms")
        rss = r.get("rss_peak_kb")
        ref = refs.get(lab)
        rt = ratio(rate, val(ref, "rps")) if ref else None
        rtxt = "%.2f× %s" % (rt, ref) if rt is not None else ""
        if lab.startswith("startup-") and lab != "startup-echo":
            rt = ratio(start, val("startup-echo", "start_ms"))
            rtxt = "%.2f× startup-echo" % rt if rt is not None else ""
        fails = " **%d failed**" % r["failed"] if r.get("failed") else ""
        print("| %s | %s%s | %s | %s | %s | %s | %s | %s |" % (
            lab, what, fails, fmt_rate(rate), fmt_us(r.get("p50_us")) if rate is not None else "–",
            fmt_us(r.get("p99_us")) if rate is not None else "–",
            "%.1f ms" % start if start is not None and (r["mode"] == "startup" or lab.endswith("@1")) else "–",
            "%.1f MB" % (rss / 1024) if rss else "–", rtxt))

    line = targets_table("Targets")

    for s in ("1k", "10k", "100k"):
        rt = ratio(val("get-%s-seq" % s, "rps"), val("echo-seq", "rps"))
        line("sequential reads (get, %s) ≥ 0.8× echo" % s, "%.2f×" % rt if rt else "–", None if rt is None else rt >= 0.8)
    for s in ("1k", "10k", "100k"):
        rt = ratio(val("get-%s-64" % s, "rps"), val("echo-64", "rps"))
        line("reads 64 in flight (get, %s) ≥ 0.4× echo" % s, "%.2f×" % rt if rt else "–", None if rt is None else rt >= 0.4)
    for lab in ("create-0", "create-1k", "create-10k", "create-100k", "subtask-1k", "subtask-100k"):
        rt = ratio(val(lab, "rps"), val("sqlite-insert", "rps"))
        line("sequential writes (%s) ≥ 0.5× raw SQLite commits" % lab, "%.2f×" % rt if rt else "–",
             None if rt is None else rt >= 0.5)
    for lab in ("search-100k", "list-100k"):
        p99 = val(lab, "p99_us")
        line("%s p99 < 5 ms" % lab, fmt_us(p99), None if p99 is None else p99 < 5000)
    rt = ratio(val("create-0", "rps"), val("create-100k", "rps"))
    line("create at 100k ≤ 1.2× create on an empty store (time per create)", "%.2f×" % rt if rt else "–",
         None if rt is None else rt <= 1.2)
    rt = ratio(val("startup-tickets", "start_ms"), val("startup-echo", "start_ms"))
    line("start-up ≤ 3× echo (spawn to initialize answer, 100k store)",
         "%.1f ms vs %.1f ms = %.2f×" % (val("startup-tickets", "start_ms"), val("startup-echo", "start_ms"), rt) if rt else "–",
         None if rt is None else rt <= 3)
    peaks = [(r.get("rss_peak_kb") or 0, lab) for lab, r in rows.items()
             if ("100k" in lab or lab.startswith("tickets-http")) and not lab.startswith("prefill")]
    if peaks:
        kb, lab = max(peaks)
        line("peak RSS at 100k tickets < 20 MB", "%.1f MB (largest: %s)" % (kb / 1024, lab), kb < 20 * 1024)
    rt = ratio(val("tickets-http@32", "rps"), val("everything-http@32", "rps"))
    line("HTTP reads, 32 connections ≥ 10× TypeScript SDK echo", "%.1f×" % rt if rt else "–", None if rt is None else rt >= 10)
    flat = g("tickets-http-flat@32")
    if flat and flat.get("rss_before_kb"):
        grow = flat["rss_after_kb"] - flat["rss_before_kb"]
        line("HTTP memory flat over %d requests" % flat["n"],
             "RSS %.1f → %.1f MB (%+.1f MB)" % (flat["rss_before_kb"] / 1024, flat["rss_after_kb"] / 1024, grow / 1024),
             grow < 1024)


if __name__ == "__main__":
    main()
