"""The vector cache on disk: a cold run, the same run again, and a run after a one-line edit.

    python benchmarks/bench_cache.py

Audits seed 001 against the reference three times with a fresh cache in a
temporary folder, each time with a new embedder (as separate `audit` runs
would be), and prints the texts encoded and the encoding time of each. The
edit changes one sentence of the repost; what is encoded again is that
sentence, the merge windows that contain it and its clause ablations.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from audit.config import AuditConfig
from audit.embed import load_embedder
from audit.ingest.read import document_from_text, read_document
from audit.pipeline import audit
from audit.vector_cache import VectorCache

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    config = AuditConfig()
    ref = read_document(ROOT / "seeds/000_reference_aljazeera.txt")
    path = ROOT / "seeds/001_repost_mt_afghanistan_news.txt"
    text = path.read_text(encoding="utf-8")
    old = "about 200 prisoners escaped"
    assert old in text
    edited = document_from_text(text.replace(old, "about 300 prisoners escaped"), path=str(path))
    with tempfile.TemporaryDirectory() as tmp:
        for label, repost in (("cold", read_document(path)), ("same again", read_document(path)),
                              ("one-line edit", edited)):
            embedder = load_embedder(config.model, disk=VectorCache(Path(tmp) / "vectors.sqlite"))
            t0 = time.perf_counter()
            audit(ref, [repost], embedder=embedder, config=config)
            total = time.perf_counter() - t0
            print(f"{label:14s} encoded {embedder.encoded:4d} texts in {embedder.seconds:5.2f} s, "
                  f"{embedder.from_disk:4d} read from disk; audit {total:5.2f} s")
        info = VectorCache(Path(tmp) / "vectors.sqlite").info()
        print(f"cache: {info['vectors']} vectors, {info['size_mb']} MB")


if __name__ == "__main__":
    main()
