"""``audit match`` measured: does the static encoder put the right reference among its candidates,
does the aligner then pick it (and leave reposts of no listed reference unmatched), and at what cost.

    python benchmarks/bench_match.py [--systems 4] [--top-k 3] [--all-pairs]

Each figure is given for ``--min-relation related`` (the default) and ``partial``.

References: the five mqm-ted talks (human reference), the eight MAC chapters (human
translation) and seed 000: 14 articles, two of them about the same event. Reposts: each
talk's MT by ``--systems`` systems and its free human paraphrase (refA), the eight MAC
machine translations (the same novel: its chapters share names and style, the hard case
for a bag-of-words encoder) and seeds 001-004 (001 partial, 002-004 related articles).

1. Present: every repost's reference is in the list; right = matched to it.
2. Absent: each repost's own reference is taken out of the list; right = unmatched (a
   match to any other reference is a false pairing).
3. Cost: the same matching with every reference aligned (``--all-pairs``: no static
   blocking), against the static encoder's ``--top-k`` candidates.

Nothing here is fitted: the static encoder only orders candidates, and the decision is
the relation cut-offs of ``audit.align.relation`` (set on the seeds and MAC, so those
rows are in-sample for them; mqm-ted is not).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH = ROOT.parent / "shared/bench"
SYSTEMS = ("NiuTrans", "Online-W", "metricsystem1", "DIDI-NLP", "Facebook-AI", "IIE-MT", "MiSS", "SMU")


def corpus(n_systems: int) -> tuple[list[Path], list[tuple[Path, Path, str]]]:
    """References, and (repost, its reference, corpus) triples."""
    refs, reps = [], []
    for talk in sorted((BENCH / "mqm-ted/docs").iterdir()):
        ref = talk / "reference.txt"
        refs.append(ref)
        reps += [(talk / f"{s}.txt", ref, "mqm-ted MT") for s in SYSTEMS[:n_systems]]
        reps.append((talk / "refA.txt", ref, "mqm-ted refA"))
    for human in sorted((BENCH / "mac").glob("*.human.en")):
        refs.append(human)
        reps.append((human.with_name(human.name.replace(".human.", ".mt.")), human, "MAC MT"))
    seed_ref = next((ROOT / "seeds").glob("000_*.txt"))
    refs.append(seed_ref)
    reps += [(p, seed_ref, "seeds") for p in sorted((ROOT / "seeds").glob("00[1-4]_*.txt"))]
    return refs, reps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--systems", type=int, default=4, help="MT systems per mqm-ted talk")
    ap.add_argument("--top-k", type=int, default=3)
    ap.add_argument("--all-pairs", action="store_true", help="also time matching without static blocking")
    args = ap.parse_args()

    from audit.batch.match import _RANK as RANK, match_reposts
    from audit.config import AuditConfig
    from audit.embed import load_embedder
    from audit.static_model import StaticEmbedder

    config = AuditConfig()
    refs, reps = corpus(args.systems)
    t0 = time.perf_counter()
    static = StaticEmbedder()
    t_static_load = time.perf_counter() - t0
    paths = [r for r, _, _ in reps]

    def run(references, top_k):
        embedder = load_embedder(config.model)  # a new in-memory cache: each timed run encodes for itself
        t = time.perf_counter()
        out = match_reposts(references, paths, embedder=embedder, static=static, config=config, top_k=top_k)
        return out, time.perf_counter() - t, embedder

    def paired(m, least):
        return m.reference if m.reference is not None and RANK[m.relation] >= RANK[least] else None

    present, t_present, embedder = run(refs, args.top_k)
    print(f"{len(reps)} reposts, {len(refs)} references; static encoder loaded in {t_static_load:.1f} s, "
          f"top-k {args.top_k}")
    print(f"present: every repost's reference listed ({t_present:.0f} s, model load excluded)")
    groups = sorted({g for _, _, g in reps})
    for g in groups:
        rows = [(m, truth) for m, (_, truth, gg) in zip(present, reps) if gg == g]
        ranked = sum(m.candidates[0] == truth.resolve() for m, truth in rows)
        in_k = sum(truth.resolve() in m.candidates for m, truth in rows)
        kinds = ", ".join(f"{k} {sum(m.relation == k for m, _ in rows)}" for k in
                          ("translation", "partial", "related", "unrelated") if any(m.relation == k for m, _ in rows))
        print(f"  {g:13s} n={len(rows):3d}: static top-1 {ranked}/{len(rows)}, in top-{args.top_k} {in_k}/{len(rows)} "
              f"({kinds})")
        for least in ("related", "partial"):
            right = sum(paired(m, least) == truth.resolve() for m, truth in rows)
            wrong = sum(paired(m, least) not in (None, truth.resolve()) for m, truth in rows)
            print(f"    --min-relation {least:8s}: matched right {right}, to another reference {wrong}, "
                  f"unmatched {len(rows) - right - wrong}")

    t = time.perf_counter()
    absent = []
    for (path, truth, g) in reps:
        others = [r for r in refs if r != truth]
        absent.append((match_reposts(others, [path], embedder=embedder, static=static, config=config,
                                     top_k=args.top_k)[0], g))
    print(f"absent: each repost's own reference left out ({time.perf_counter() - t:.0f} s)")
    for g in groups:
        rows = [m for m, gg in absent if gg == g]
        for least in ("related", "partial"):
            false = [m for m in rows if paired(m, least) is not None]
            detail = "; ".join(f"{m.repost.name} -> {m.reference.name} ({m.relation}, {m.evidence})" for m in false[:2])
            print(f"  {g:13s} n={len(rows):3d} --min-relation {least:8s}: unmatched {len(rows) - len(false)}, "
                  f"falsely paired {len(false)}" + (f": {detail}" if detail else ""))

    if args.all_pairs:
        everything, t_all, _ = run(refs, len(refs))
        same = sum(a.reference == b.reference for a, b in zip(present, everything))
        print(f"cost: top-{args.top_k} candidates {t_present:.0f} s against every reference aligned {t_all:.0f} s "
              f"({t_all / t_present:.1f}x); same decision for {same}/{len(reps)} reposts")


if __name__ == "__main__":
    main()
