#!/usr/bin/env python3
"""misses.py - where Gyre trails the better peer in a compare.sh CSV.

    bench/misses.py bench/results/2026-11-24-np2.csv [--impl gyre] [--peers openmpi,mpich]

For every test and size measured by all of the implementations, compares
Gyre's figure with the best of the peers' (time: lower is better; the
bandwidth tests `bandwidth` and `busbw`: MB/s, higher is better) and prints
one line per point where Gyre is behind:

    test bytes gyre peer1 peer2 ... (ratio to the best peer)

then a last line `N misses of M`. Forced-algorithm rows (the `algo` column)
are left out: the plain `gyre` column is the default choice. Exit status 0.
"""
import argparse
import collections
import csv

HIGHER_IS_BETTER = {"bandwidth", "busbw"}


def load(path):
    """(test, bytes) -> {impl: (usec, MBps)}"""
    points = collections.defaultdict(dict)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            points[(row["test"], int(row["bytes"]))][row["impl"]] = (
                float(row["usec"]), float(row["MBps"]))
    return points


def figure(test, value):
    usec, mbps = value
    return mbps if test in HIGHER_IS_BETTER else usec


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--impl", default="gyre")
    ap.add_argument("--peers", default="openmpi,mpich")
    args = ap.parse_args()
    peers = args.peers.split(",")

    points = load(args.csv)
    compared = misses = 0
    for (test, size), by_impl in sorted(points.items()):
        if args.impl not in by_impl or any(p not in by_impl for p in peers):
            continue
        compared += 1
        ours = figure(test, by_impl[args.impl])
        theirs = [figure(test, by_impl[p]) for p in peers]
        higher = test in HIGHER_IS_BETTER
        best = max(theirs) if higher else min(theirs)
        behind = ours < best if higher else ours > best
        if behind:
            misses += 1
            ratio = best / ours if higher and ours else ours / best if best else float("inf")
            print(test, size, ours, *theirs, f"({ratio:.2f}x)")
    print(f"{misses} misses of {compared}")


if __name__ == "__main__":
    main()
