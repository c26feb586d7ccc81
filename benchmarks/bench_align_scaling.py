"""Aligner time and memory against document length (encoding excluded).

    python benchmarks/bench_align_scaling.py [--sizes 100 1000 5000]

Synthetic documents: 384-dimensional unit vectors (MiniLM's size) in paragraphs
of 3-8 sentences; the repost moves 10 % of the paragraphs, drops 5 %, adds 5 %
new ones, splits some sentences in two and adds noise. Prints wall time, the
peak of Python/numpy allocations (tracemalloc) and the share of reference
sentences aligned to their true counterpart.
"""
from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from audit.align.dp import AlignParams, align

DIM = 384


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def make_pair(n: int, rng: np.random.Generator):
    ref = unit(rng.standard_normal((n, DIM)))
    paras, start = [], 0
    while start < n:
        k = int(rng.integers(3, 9))
        paras.append(list(range(start, min(start + k, n))))
        start += k
    order = list(range(len(paras)))
    moved = rng.choice(len(paras), size=max(1, len(paras) // 10), replace=False)
    for p in moved:  # move the paragraph somewhere else
        order.remove(p)
        order.insert(int(rng.integers(0, len(order) + 1)), p)
    dropped = set(rng.choice(len(paras), size=max(1, len(paras) // 20), replace=False).tolist())
    rows, truth = [], {}
    for p in order:
        if p in dropped:
            continue
        for i in paras[p]:
            truth[i] = len(rows)
            rows.append(ref[i] + 0.02 * rng.standard_normal(DIM))
        if rng.random() < 0.05:  # an added paragraph
            rows += list(rng.standard_normal((3, DIM)))
    return ref, unit(np.array(rows)), truth


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    args = ap.parse_args()
    print(f"{'sentences':>9} {'repost':>7} {'time s':>8} {'peak MB':>8} {'correct':>8}")
    for n in args.sizes:
        ref, rep, truth = make_pair(n, np.random.default_rng(n))
        tracemalloc.start()
        t = time.perf_counter()
        beads = align(ref, rep, params=AlignParams())
        dt = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        hit = sum(1 for b in beads for i in b.ref_ids if truth.get(i) in b.repost_ids)
        ok = hit + sum(1 for b in beads if not b.repost_ids for i in b.ref_ids if i not in truth)
        print(f"{n:9d} {len(rep):7d} {dt:8.2f} {peak:8.1f} {ok / n:8.3f}")


if __name__ == "__main__":
    main()
