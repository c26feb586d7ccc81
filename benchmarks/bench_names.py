"""Name classification against the hand-labelled name pairs of seed 001.

    python benchmarks/bench_names.py

`tests/fixtures/names_seed001.csv` lists every reference name of seed 000 with
its rendering in seed 001 (labelled by hand: exact, variant, mangled, missing).
Prints precision and recall of `mangled` and the agreement on every label.
The DEMETR figures for names come from benchmarks/bench_demetr.py.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from audit.checks.names import classify_names

FIXTURE = Path(__file__).resolve().parents[1] / "tests/fixtures/names_seed001.csv"


def main() -> None:
    rows = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))
    scored = [(r["label"], classify_names(r["ref_name"], r["repost_name"])[0]) for r in rows if r["repost_name"]]
    tp = sum(g == "mangled" and p == "mangled" for g, p in scored)
    fp = sum(g != "mangled" and p == "mangled" for g, p in scored)
    fn = sum(g == "mangled" and p != "mangled" for g, p in scored)
    agree = sum(g == p for g, p in scored)
    print(f"seed 001 name pairs: {len(rows)} labelled, {len(scored)} with a repost rendering "
          f"({dict(Counter(g for g, _ in scored))})")
    print(f"mangled: precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(tp + fn, 1):.3f} "
          f"(tp {tp}, fp {fp}, fn {fn}); label agreement {agree}/{len(scored)}")
    for g, p in scored:
        if g != p:
            print(f"  disagreement: gold {g}, predicted {p}")


if __name__ == "__main__":
    main()
