"""Aligner quality and speed on the MAC test chapters (human gold beads).

    python benchmarks/bench_align_mac.py [--data ../shared/bench/mac]

The human translation is the reference, the machine translation the repost.
Prints strict/lax precision, recall and F1 (1-0 and 0-1 beads excluded, as in
the Vecalign and Bertalign papers), the 1-0/0-1 beads separately, a simple
baseline, and timings with encoding included.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from audit.align.dp import AlignParams, align
from audit.config import AuditConfig
from audit.embed import load_embedder
from audit.ingest.read import read_document
from audit.pipeline import align_params, align_segments, prepare_texts
from audit.segment.sentences import segment

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def read_gold(path: Path) -> list[Bead]:
    """Gold lines are ``[mt ids]:[human ids]``; return (human, mt) = (ref, repost)."""
    out = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        mt, human = line.split(":")[:2]
        ids = lambda s: tuple(int(x) for x in s.strip("[] ").split(",") if x.strip())
        out.append((ids(human), ids(mt)))
    return out


def score(gold: list[list[Bead]], test: list[list[Bead]]) -> dict[str, float]:
    tp_s = fp_s = tp_l = fp_l = 0
    rtp_s = rfn_s = rtp_l = rfn_l = 0
    for g, t in zip(gold, test):
        g = [b for b in g if b[0] and b[1]]
        t = [b for b in t if b[0] and b[1]]
        gs, ts = set(g), set(t)
        for b in t:
            if b in gs:
                tp_s += 1
                tp_l += 1
            else:
                fp_s += 1
                tp_l += _overlaps(b, g)
                fp_l += not _overlaps(b, g)
        for b in g:
            if b in ts:
                rtp_s += 1
                rtp_l += 1
            else:
                rfn_s += 1
                rtp_l += _overlaps(b, t)
                rfn_l += not _overlaps(b, t)
    p_s, r_s = tp_s / max(tp_s + fp_s, 1), rtp_s / max(rtp_s + rfn_s, 1)
    p_l, r_l = tp_l / max(tp_l + fp_l, 1), rtp_l / max(rtp_l + rfn_l, 1)
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0
    return {"strict_p": p_s, "strict_r": r_s, "strict_f1": f(p_s, r_s),
            "lax_p": p_l, "lax_r": r_l, "lax_f1": f(p_l, r_l)}


def _overlaps(b: Bead, beads: list[Bead]) -> bool:
    return any(set(b[0]) & set(x[0]) and set(b[1]) & set(x[1]) for x in beads)


def one_sided(gold: list[list[Bead]], test: list[list[Bead]]) -> str:
    """Precision/recall of the 1-0 (omitted) and 0-1 (added) beads themselves."""
    parts = []
    for name, side in (("1-0 omitted", 0), ("0-1 added", 1)):
        g = {b for bs in gold for b in bs if b[side] and not b[1 - side]}
        t = {b for bs in test for b in bs if b[side] and not b[1 - side]}
        hit = len(g & t)
        parts.append(f"{name}: gold {len(g)}, found {len(t)}, correct {hit}")
    return "; ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared/bench/mac")
    args = ap.parse_args()
    chapters = sorted(p.name.split(".")[0] for p in args.data.glob("*.gold.align"))
    t0 = time.perf_counter()
    config = AuditConfig()
    embedder = load_embedder(config.model)
    t_load = time.perf_counter() - t0
    gold, docs = [], []
    for ch in chapters:
        ref = segment(read_document(args.data / f"{ch}.human.en", presegmented=True), presegmented=True)
        rep = segment(read_document(args.data / f"{ch}.mt.en", presegmented=True), presegmented=True)
        docs.append((ref, rep))
        gold.append(read_gold(args.data / f"{ch}.gold.align"))
    t1 = time.perf_counter()
    embedder.encode(prepare_texts([s for d in docs for s in d[0]], [[s for d in docs for s in d[1]]]))
    test = [[(b.ref_ids, b.repost_ids) for b in align_segments(ref, rep, embedder, config)] for ref, rep in docs]
    t_total = time.perf_counter() - t1
    t_enc = embedder.seconds  # sentences, then the merge windows the DP asks for
    t_align = t_total - t_enc
    # One plain 1-1 DP over raw cosines: no anchors, no merges, no margin, no weak-pair
    # splitting and no rescue pass, so it stays the same baseline whatever the defaults.
    base_params = AlignParams(max_merge=1, anchor_min=2.0, threshold=0.0, margin_weight=0.0,
                              keep_min=0.0, keep_locked=0.0, rescue_passes=0)
    base = []
    for ref, rep in docs:
        rv = embedder.encode([s.text for s in ref])
        pv = embedder.encode([s.text for s in rep])
        base.append([(b.ref_ids, b.repost_ids) for b in align(rv, pv, params=base_params)])
    n_ref = sum(len(d[0]) for d in docs)
    n_rep = sum(len(d[1]) for d in docs)
    print(f"MAC: {len(chapters)} chapters, {n_ref} reference and {n_rep} repost sentences")
    for name, res in (("audit aligner", test), ("baseline (1-1 DP, no anchors/merges)", base)):
        s = score(gold, res)
        print(f"{name:40s} strict P {s['strict_p']:.3f} R {s['strict_r']:.3f} F1 {s['strict_f1']:.3f} | "
              f"lax P {s['lax_p']:.3f} R {s['lax_r']:.3f} F1 {s['lax_f1']:.3f}")
    print(one_sided(gold, test))
    print(f"time: model load {t_load:.1f}s, encoding {t_enc:.1f}s ({embedder.encoded} texts), "
          f"alignment {t_align:.1f}s, total {t_load + t_total:.1f}s")
    print(f"params: {align_params(config)}")


if __name__ == "__main__":
    main()
