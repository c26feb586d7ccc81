"""Aligner quality and speed on the MAC dev chapters (human gold beads), scored the standard way.

    python benchmarks/bench_align_mac.py [--data ../shared/bench/mac]

The human translation is the reference, the machine translation the repost.
Scores come from the reference scorer ``../shared/bench/align_score.py``
(imported, not copied): strict/lax precision, recall and F1, where precision
counts the aligner's own 1-0 and 0-1 beads and recall ignores them. Per
chapter it prints the 1-0/0-1 beads found, found and right, and in the gold.
Then seed 001's hand-labelled links (a second domain) and the coverage of
seeds 002-004 (related articles: it must stay below 001's), a plain 1-1 DP
baseline, and the time with the model load and encoding included.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_cases import MAC, OUT, coverage, link_scores, mac_cases, seed_cases, shared_scorer  # noqa: E402

from audit.config import AuditConfig  # noqa: E402
from audit.embed import load_embedder  # noqa: E402
from audit.pipeline import align_params, align_segments, prepare_texts  # noqa: E402


def one_sided(gold, test) -> tuple[int, int, int]:
    """1-0/0-1 beads: (found, found and in the gold, in the gold)."""
    g = {b for b in gold if not (b[0] and b[1])}
    t = {b for b in test if not (b[0] and b[1])}
    return len(t), len(t & g), len(g)


def plain_dp(sim: np.ndarray) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The monotone 1-1 matching with the largest sum of cosines; a sentence may stay unmatched (gain 0)."""
    n, m = sim.shape
    score = np.zeros((n + 1, m + 1))
    move = np.zeros((n + 1, m + 1), np.int8)  # 0: pair, 1: skip a reference sentence, 2: skip a repost one
    move[1:, 0], move[0, 1:] = 1, 2
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = (score[i - 1, j - 1] + sim[i - 1, j - 1], score[i - 1, j], score[i, j - 1])
            k = max(range(3), key=options.__getitem__)  # the first best, as argmax would
            score[i, j], move[i, j] = options[k], k
    beads, i, j = [], n, m
    while i or j:
        k = move[i, j]
        if k == 0:
            beads.append(((i - 1,), (j - 1,)))
            i, j = i - 1, j - 1
        elif k == 1:
            beads.append(((i - 1,), ()))
            i -= 1
        else:
            beads.append(((), (j - 1,)))
            j -= 1
    return beads[::-1]


def line(name: str, s: dict) -> str:
    return (f"{name:38s} strict P {s['p_strict']:.4f} R {s['r_strict']:.4f} F1 {s['f1_strict']:.4f} | "
            f"lax P {s['p_lax']:.4f} R {s['r_lax']:.4f} F1 {s['f1_lax']:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=MAC)
    ap.add_argument("--write", type=Path, default=OUT / "mac-test",
                    help="write each chapter's beads here as [mt ids]:[human ids] lines, for align_score.py itself")
    args = ap.parse_args()
    scorer = shared_scorer()
    t0 = time.perf_counter()
    config = AuditConfig()
    embedder = load_embedder(config.model)
    t_load = time.perf_counter() - t0
    cases = mac_cases(args.data)
    t1 = time.perf_counter()
    embedder.encode(prepare_texts([s for c in cases for s in c.ref], [[s for c in cases for s in c.repost]]))
    test = [[(b.ref_ids, b.repost_ids) for b in align_segments(c.ref, c.repost, embedder, config)] for c in cases]
    t_total = time.perf_counter() - t1
    t_enc = embedder.seconds  # sentences, then the merge windows the DP asks for
    # One plain 1-1 DP over raw cosines: no anchors, no merges, no margin, no weak-pair
    # splitting and no rescue pass, written out here so that it stays the same baseline
    # whatever the aligner's defaults and rules become.
    base = []
    for c in cases:
        rv = embedder.encode([s.text for s in c.ref])
        pv = embedder.encode([s.text for s in c.repost])
        base.append(plain_dp(rv @ pv.T))
    gold = [list(c.gold) for c in cases]
    n_ref = sum(len(c.ref) for c in cases)
    n_rep = sum(len(c.repost) for c in cases)
    print(f"MAC: {len(cases)} chapters, {n_ref} reference and {n_rep} repost sentences; "
          f"scorer {Path(scorer.__file__).resolve()}")
    print(line("audit aligner", scorer.score(gold, test)))
    print(line("baseline (1-1 DP, no anchors/merges)", scorer.score(gold, base)))
    print("per chapter: strict F1; 1-0/0-1 beads found / right / gold")
    totals = [0, 0, 0]
    for c, g, t in zip(cases, gold, test):
        o = one_sided(g, t)
        totals = [a + b for a, b in zip(totals, o)]
        print(f"  {c.name}: F1 {scorer.score([g], [t])['f1_strict']:.4f}; 1-0/0-1 {o[0]:3d} / {o[1]:2d} / {o[2]:2d}")
    args.write.mkdir(parents=True, exist_ok=True)
    for c, t in zip(cases, test):  # the gold's order: repost (MT) ids first
        (args.write / f"{c.name}.align").write_text("".join(f"{list(p)}:{list(r)}\n" for r, p in t), encoding="utf-8")
    print(f"  all: 1-0/0-1 {totals[0]} / {totals[1]} / {totals[2]} (found/gold {totals[0] / max(totals[2], 1):.1f}x)")
    print(f"beads written to {args.write}/ (check: python {MAC.parent}/align_score.py "
          f"{args.data}/001.gold.align {args.write}/001.align ...)")
    print(f"time: model load {t_load:.1f}s, encoding {t_enc:.1f}s ({embedder.encoded} texts), "
          f"alignment {t_total - t_enc:.1f}s, total {t_load + t_total:.1f}s")
    seeds = seed_cases()
    seed_beads = [[(b.ref_ids, b.repost_ids) for b in align_segments(c.ref, c.repost, embedder, config)]
                  for c in seeds]
    ls = link_scores(seeds[0], seed_beads[0])
    print(f"seed 001 hand-labelled links: P {ls['p']:.3f} R {ls['r']:.3f} F1 {ls['f1']:.3f}")
    print("seed coverage (002-004 related: below 001's): "
          + ", ".join(f"{c.name} {coverage(c, b):.2f}" for c, b in zip(seeds, seed_beads)))
    print(f"params: {align_params(config)}")


if __name__ == "__main__":
    main()
