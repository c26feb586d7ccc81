"""Encoders for the bundled MiniLM: torch, ONNX fp32, ONNX int8 and the distilled static one.

    python benchmarks/bench_encoders.py [--sentences 2000]

For each encoder: the load time (the ONNX export is made beforehand, as a user's
first run makes it once), the time to encode the first N distinct MAC sentences,
their cosine with the torch vectors (mean and minimum), and the MAC dev strict
F1 of the aligner (standard scorer) with that encoder, encoding included. Also
P@1: for the first N one-to-one gold pairs of MAC, how often a human sentence's
nearest MT sentence among those N is its own. The static encoder
(``audit.static_model``, distilled beforehand) lives in another space, so its
cosine with torch is not defined; it is used only to propose candidates.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align_cases import mac_cases, shared_scorer  # noqa: E402

from audit.config import AuditConfig  # noqa: E402
from audit.embed import CachingEmbedder, load_embedder  # noqa: E402
from audit.pipeline import align_segments, prepare_texts  # noqa: E402
from audit.static_model import StaticEmbedder  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=2000)
    args = ap.parse_args()
    cases = mac_cases()
    texts = list(dict.fromkeys(s.text for c in cases for s in c.ref + c.repost))[: args.sentences]
    for enc in ("onnx", "onnx-int8"):
        load_embedder("all-MiniLM-L6-v2", encoder=enc)  # export once, outside the timings
    StaticEmbedder()  # distilled once, outside the timings
    pairs = [(c.ref[g[0][0]].text, c.repost[g[1][0]].text) for c in cases for g in c.gold
             if len(g[0]) == 1 and len(g[1]) == 1][: args.sentences]
    config = AuditConfig()
    scorer = shared_scorer()
    reference = None
    print(f"{len(texts)} MAC sentences; MAC: {len(cases)} chapters")
    for enc in ("torch", "onnx", "onnx-int8", "static"):
        t0 = time.perf_counter()
        emb = CachingEmbedder(StaticEmbedder()) if enc == "static" else load_embedder(config.model, encoder=enc)
        t_load = time.perf_counter() - t0
        t1 = time.perf_counter()
        vecs = emb.encode(texts)
        t_enc = time.perf_counter() - t1
        if reference is None:
            reference = vecs
        cos = (vecs * reference).sum(axis=1) if enc != "static" else np.full(len(vecs), np.nan)
        a, b = emb.encode([p[0] for p in pairs]), emb.encode([p[1] for p in pairs])
        p_at_1 = float(np.mean((a @ b.T).argmax(axis=1) == np.arange(len(pairs))))
        t2 = time.perf_counter()
        emb.encode(prepare_texts([s for c in cases for s in c.ref], [[s for c in cases for s in c.repost]]))
        test = [[(b.ref_ids, b.repost_ids) for b in align_segments(c.ref, c.repost, emb, config)] for c in cases]
        t_mac = time.perf_counter() - t2
        f1 = scorer.score([list(c.gold) for c in cases], test)["f1_strict"]
        print(f"{enc:10s} load {t_load:5.2f} s | {len(texts)} sentences {t_enc:6.1f} s "
              f"({1000 * t_enc / len(texts):.1f} ms each) | cosine with torch mean {cos.mean():.4f} "
              f"min {np.min(cos):.4f} | P@1 {p_at_1:.3f} ({len(pairs)} pairs) | MAC strict F1 {f1:.4f}, "
              f"{t_mac:.0f} s with encoding")


if __name__ == "__main__":
    main()
