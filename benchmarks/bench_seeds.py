"""Time `audit run` on the four seed reposts against the reference, phase by phase.

    python benchmarks/bench_seeds.py [--encoder onnx|onnx-int8|torch] [--compare torch]

Phases: model load (import + weights check + load), pure encoding of every
sentence and merge window, and everything else (ingest, segmentation,
alignment, scoring, checks, writing the CSVs). Peak memory is the process's
maximum resident set size. No vector cache: every run encodes for itself.

The floor is what no audit can avoid: the load, plus one encode of each distinct
content sentence with the same encoder, timed in the same run with a new
embedder. ``--compare ENC`` runs the whole benchmark again, in fresh processes,
for the chosen encoder and for ENC, and prints the ratio of their totals.
"""
from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(encoder: str | None) -> None:
    t0 = time.perf_counter()
    from audit.config import AuditConfig
    from audit.embed import load_embedder

    config = AuditConfig(cache=False)
    encoder = encoder or config.encoder
    config = config.with_(encoder=encoder)
    embedder = load_embedder(config.model, encoder=encoder)
    t_load = time.perf_counter() - t0

    from audit.ingest.read import read_document
    from audit.pipeline import audit, prepare_texts
    from audit.report import write_csv_reports
    from audit.segment.sentences import segment

    t1 = time.perf_counter()
    ref = read_document(ROOT / "seeds/000_reference_aljazeera.txt")
    reposts = [read_document(p) for p in sorted((ROOT / "seeds").glob("00[1-4]_*.txt"))]
    texts = prepare_texts(segment(ref), [segment(d) for d in reposts])
    t_prep = time.perf_counter() - t1
    t3 = time.perf_counter()
    result = audit(ref, reposts, embedder=embedder, config=config)
    with tempfile.TemporaryDirectory() as out:
        write_csv_reports(result, Path(out))
    t_enc = embedder.seconds  # every call into the model: sentences, merge windows, clauses
    t_rest = time.perf_counter() - t3 + t_prep - t_enc
    total = t_load + t_enc + t_rest
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fresh = load_embedder(config.model, encoder=encoder)  # the same encoder, nothing cached
    t4 = time.perf_counter()
    fresh.encode(texts)
    t_floor = t_load + time.perf_counter() - t4
    n_sent = len(result.reference_segments) + sum(len(r.segments) for r in result.reposts)
    print(f"encoder {encoder}; seeds: 1 reference + {len(reposts)} reposts, {n_sent} sentences; {embedder.encoded} "
          f"distinct texts encoded ({len(texts)} content sentences, the rest merge windows and clauses)")
    print(f"model load   {t_load:6.2f} s")
    print(f"encoding     {t_enc:6.2f} s")
    print(f"everything else {t_rest:6.2f} s (ingest, segment, align, score, check, write)")
    print(f"total        {total:6.2f} s")
    print(f"floor        {t_floor:6.2f} s (load + one encode of the {len(texts)} content sentences); "
          f"wall/floor {total / t_floor:.2f}")
    print(f"peak memory  {peak_mb:6.0f} MB (max RSS)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", help="default: the config's")
    ap.add_argument("--compare", help="also run with this encoder (fresh processes) and print the speed-up")
    args = ap.parse_args()
    if not args.compare:
        run(args.encoder)
        return
    totals = {}
    for enc in (args.encoder, args.compare):
        cmd = [sys.executable, __file__] + (["--encoder", enc] if enc else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        print(out, end="")
        totals[enc] = float(re.search(r"^total\s+([\d.]+)", out, re.M).group(1))
    a, b = totals[args.encoder], totals[args.compare]
    print(f"speed-up against {args.compare}: {b / a:.2f}x ({b:.1f} s / {a:.1f} s)")


if __name__ == "__main__":
    main()
