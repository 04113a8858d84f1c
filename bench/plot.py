#!/usr/bin/env python3
"""plot.py: allreduce latency against message size, one line per MPI implementation.

    python3 bench/plot.py bench/results/2025-06-01-np2.csv            # -> ...-np2.png
    python3 bench/plot.py RESULTS.csv --test bcast -o bcast.png

Reads the CSV written by bench/compare.sh (impl,test,np,bytes,usec,MBps[,algo]).
With an `algo` column (GYRE_ALGOS runs), each forced Gyre algorithm is a line of
its own, dashed. Needs matplotlib (Debian: apt-get install -y python3-matplotlib).
"""
import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402


def human_bytes(b, _pos=None):
    for unit, size in (("M", 1 << 20), ("K", 1 << 10)):
        if b >= size:
            return f"{b / size:g}{unit}"
    return f"{b:g}"


def read_series(path, test):
    """{label: {bytes: usec}} for one test, labels in order of appearance."""
    series, nps = {}, set()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row.get("test") != test:
                continue
            label = row["impl"]
            algo = (row.get("algo") or "").strip()
            if algo and not label.endswith("-" + algo):
                label = f"{label}-{algo}"
            size = int(row["bytes"])
            if size > 0:  # a log axis has no place for 0 bytes
                series.setdefault(label, {})[size] = float(row["usec"])
                nps.add(row["np"])
    return series, sorted(nps, key=int)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", help="results CSV from bench/compare.sh")
    ap.add_argument("--test", default="allreduce", help="test to plot (default: allreduce)")
    ap.add_argument("-o", "--output", help="PNG to write (default: next to the CSV)")
    args = ap.parse_args()

    series, nps = read_series(args.csv, args.test)
    if not series:
        sys.exit(f"plot.py: no '{args.test}' rows in {args.csv}")

    fig, ax = plt.subplots(figsize=(8, 5))
    for label, points in series.items():
        xs = sorted(points)
        forced = "-" in label  # gyre-<algo>: one forced algorithm
        ax.plot(xs, [points[x] for x in xs], "--" if forced else "-", marker="o",
                markersize=3, linewidth=1.2 if forced else 1.8, label=label)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(human_bytes))
    ax.set_xlabel("message size (bytes)")
    ax.set_ylabel("latency, slowest rank (µs)")
    ax.set_title(f"{args.test} latency, np {', '.join(nps)}  ({os.path.basename(args.csv)})")
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", axis="y", alpha=0.12)
    ax.legend()

    out = args.output
    if not out:
        stem = os.path.splitext(args.csv)[0]
        out = stem + (".png" if args.test == "allreduce" else f"-{args.test}.png")
    fig.savefig(out, dpi=120, bbox_inches="tight")
    print(out)


if __name__ == "__main__":
    main()
