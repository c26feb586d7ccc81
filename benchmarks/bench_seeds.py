"""Time `audit run` on the four seed reposts against the reference, phase by phase.

    python benchmarks/bench_seeds.py

Phases: model load (import + weights check + load), pure encoding of every
sentence and merge window, and everything else (ingest, segmentation,
alignment, scoring, checks, writing the CSVs). Peak memory is the process's
maximum resident set size.
"""
from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    t0 = time.perf_counter()
    from audit.config import AuditConfig
    from audit.embed import load_embedder

    config = AuditConfig()
    embedder = load_embedder(config.model)
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
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n_sent = len(result.reference_segments) + sum(len(r.segments) for r in result.reposts)
    print(f"seeds: 1 reference + {len(reposts)} reposts, {n_sent} sentences; {embedder.encoded} distinct texts "
          f"encoded ({len(texts)} content sentences, the rest merge windows and clauses)")
    print(f"model load   {t_load:6.2f} s")
    print(f"encoding     {t_enc:6.2f} s")
    print(f"everything else {t_rest:6.2f} s (ingest, segment, align, score, check, write)")
    print(f"total        {t_load + t_enc + t_rest:6.2f} s")
    print(f"peak memory  {peak_mb:6.0f} MB (max RSS)")


if __name__ == "__main__":
    main()
