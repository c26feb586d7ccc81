"""Which name and number errors the seed audit raises, against hand labels.

    python benchmarks/bench_seed_precision.py

Audits seeds 001-004 against the reference with the shipped confidence
models and prints every ``mangled_name`` and changed-number ("X became Y")
finding with its severity and confidence, labelled right or wrong from
``tests/fixtures/seed_contradictions.csv`` (unlisted pairs are shown as "?").
The seeds were never used to fit the models; the name and number rules were
developed while looking at them, so this is a regression check, not a
held-out score.
"""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit.config import AuditConfig  # noqa: E402
from audit.embed import load_embedder  # noqa: E402
from audit.ingest.read import read_document  # noqa: E402
from audit.pipeline import audit  # noqa: E402

LABELS = ROOT / "tests/fixtures/seed_contradictions.csv"


def digits(s: str) -> str:
    return s.replace(",", "")


def labels() -> dict[tuple[str, str, str], int]:
    with open(LABELS, encoding="utf-8") as f:
        return {(r["kind"], r["ref_text"], digits(r["repost_text"])): int(r["right"]) for r in csv.DictReader(f)}


def main() -> None:
    config = AuditConfig()
    embedder = load_embedder(config.model)
    seeds = sorted((ROOT / "seeds").glob("00[1-4]_*.txt"))
    t0 = time.perf_counter()
    result = audit(read_document(ROOT / "seeds/000_reference_aljazeera.txt"), [read_document(p) for p in seeds],
                   embedder=embedder, config=config)
    elapsed = time.perf_counter() - t0
    gold = labels()
    tally = {}
    print(f"{'repost':4} {'kind':16} {'severity':8} {'conf':>5} {'label':5}  reference -> repost")
    for r in result.reposts:
        for f in r.findings:
            changed = f.kind == "number_mismatch" and f.ref_span and f.repost_span
            if f.kind != "mangled_name" and not changed:
                continue
            label = gold.get((f.kind, f.ref_span, digits(f.repost_span)))
            mark = {1: "right", 0: "wrong", None: "?"}[label]
            tally[(f.kind, f.severity.value, mark)] = tally.get((f.kind, f.severity.value, mark), 0) + 1
            conf = "" if f.confidence is None else f"{f.confidence:.2f}"
            print(f"{Path(r.name).name[:3]:4} {f.kind:16} {f.severity.value:8} {conf:>5} {mark:5}  "
                  f"{f.ref_span} -> {f.repost_span}   [{r.relation.kind}, {f.rule}]")
    print("\ncounts (kind, severity, label):")
    for k, n in sorted(tally.items()):
        print(f"  {k[0]:16} {k[1]:8} {k[2]:5} {n}")
    wrong_errors = sum(n for (k, s, m), n in tally.items() if s == "error" and m == "wrong")
    right_errors = sum(n for (k, s, m), n in tally.items() if s == "error" and m == "right")
    print(f"\nerrors that pair the wrong names or facts: {wrong_errors}; right errors: {right_errors} "
          f"of {sum(gold.values())} labelled right (audit {elapsed:.1f} s, model load excluded)")


if __name__ == "__main__":
    main()
