"""Alignment test cases with gold, and a disk store of their vectors, for the aligner benchmarks.

Two domains: the MAC chapters (a complete machine translation of a novel, human
gold beads) and seed 001 (a spun news repost, hand-labelled links in
``tests/fixtures/align_seed001.csv``). Seeds 002-004 have no gold; they are
related articles whose coverage must stay below 001's.

``stored_embedder`` puts the product's vector cache (in ``benchmarks/out``)
behind the real encoder, so a parameter search re-aligns the same documents
in seconds; the first run encodes.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAC = ROOT.parent / "shared/bench/mac"
OUT = ROOT / "benchmarks/out"
Bead = tuple[tuple[int, ...], tuple[int, ...]]


def shared_scorer():
    """The reference scorer, ``../shared/bench/align_score.py`` (1-0/0-1 beads count in precision)."""
    sys.path.insert(0, str(MAC.parent))
    import align_score

    return align_score


@dataclass(frozen=True)
class Case:
    name: str
    ref: tuple  # Segments
    repost: tuple
    gold: tuple[Bead, ...] | None = None  # (ref ids, repost ids), every sentence of both sides (MAC)
    links: tuple[tuple[int, tuple[int, ...]], ...] | None = None  # (ref id, repost ids) for some ref ids (seed 001)


def read_gold(path: Path) -> list[Bead]:
    """Gold lines are ``[mt ids]:[human ids]``; return (human, mt) = (ref, repost)."""
    return [(h, m) for m, h in shared_scorer().read_beads(path.read_text(encoding="utf-8"))]


def mac_cases(data: Path = MAC) -> list[Case]:
    from audit.ingest.read import read_document
    from audit.segment.sentences import segment

    out = []
    for gold in sorted(data.glob("*.gold.align")):
        ch = gold.name.split(".")[0]
        ref = segment(read_document(data / f"{ch}.human.en", presegmented=True), presegmented=True)
        rep = segment(read_document(data / f"{ch}.mt.en", presegmented=True), presegmented=True)
        out.append(Case(ch, tuple(ref), tuple(rep), gold=tuple(read_gold(gold))))
    return out


def mac_source_cases(data: Path = MAC) -> list[Case]:
    """The MAC chapters across languages: the published English (reference) against the Chinese
    original (repost), which is line for line with the MT, so the gold is the same."""
    from audit.ingest.read import read_document
    from audit.segment.sentences import segment

    out = []
    for case in mac_cases(data):
        src = segment(read_document(data / f"{case.name}.source.zh", presegmented=True), presegmented=True)
        out.append(Case(case.name, case.ref, tuple(src), gold=case.gold))
    return out


def seed_cases() -> list[Case]:
    from audit.ingest.read import read_document
    from audit.segment.sentences import segment

    seeds = ROOT / "seeds"
    ref = tuple(segment(read_document(next(seeds.glob("000_*.txt")))))
    links = []
    with open(ROOT / "tests/fixtures/align_seed001.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            links.append((int(row["ref_ids"]), tuple(int(x) for x in row["repost_ids"].split())))
    out = []
    for path in sorted(seeds.glob("00[1-4]_*.txt")):
        rep = tuple(segment(read_document(path)))
        out.append(Case(path.name[:3], ref, rep, links=tuple(links) if path.name.startswith("001") else None))
    return out


def link_scores(case: Case, beads: list[Bead]) -> dict[str, float]:
    """Precision and recall of the hand-labelled links (a link: ref id ↔ one repost id).

    Only the labelled reference sentences count. A labelled sentence with no
    counterpart must be left unmatched: a link found for it is a false one.
    """
    bead_of = {i: b for b in beads for i in b[0]}
    gold = {(i, j) for i, js in case.links for j in js}
    found = {(i, j) for i, _ in case.links for j in bead_of[i][1]}
    tp = len(gold & found)
    p = tp / len(found) if found else 1.0
    r = tp / len(gold) if gold else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def coverage(case: Case, beads: list[Bead]) -> float:
    """Share of content reference sentences matched (as in the summary table)."""
    content = {s.index for s in case.ref if not s.is_boilerplate}
    matched = {i for b in beads if b[1] for i in b[0]} & content
    return len(matched) / max(len(content), 1)


def stored_embedder(encoder: str = "onnx"):
    """An encoder (the default, or ``use`` for the multilingual one) behind the product's vector
    cache, kept in ``benchmarks/out``: a parameter search re-aligns the same documents without
    encoding them again."""
    from audit.embed import load_embedder
    from audit.vector_cache import VectorCache

    OUT.mkdir(parents=True, exist_ok=True)
    return load_embedder("all-MiniLM-L6-v2", disk=VectorCache(OUT / "vectors.sqlite", max_mb=2048), encoder=encoder)
