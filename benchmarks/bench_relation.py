"""Is the repost a translation, part of one, a related article or unrelated?

    python benchmarks/bench_relation.py [--bench ../shared/bench]

Cases, each with the relation it should get:
- seeds: 001 partial, 002-004 related (the cut-offs were set on these: in-sample);
- MAC chapters: human vs MT translation (in-sample for the translation cut-off);
- mqm-ted talks, 3 MT systems and the paraphrasing human refA: translation (held out);
- excerpts: the first 40 % of a MAC / mqm-ted MT repost: partial (held out);
- crossed pairs: a talk against another talk, a chapter against the seed reference:
  unrelated; a chapter against the next chapter of the same novel: related or
  unrelated (held out).
- across languages (the whole audit, with the multilingual encoder): a MAC chapter's
  Chinese original against its English translation (translation), its first lines (80
  characters: fewer are too short to tell the language) against the English chapter
  (partial), and against the seed reference the Chinese chapter, those lines and a one-sentence French article about a town council
  (unrelated; held out).
Prints each case's coverage on both sides and the confusion of the verdicts.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from audit.config import AuditConfig
from audit.embed import load_embedder
from audit.ingest.read import document_from_text, read_document
from audit.pipeline import align_segments, audit
from audit.align.relation import RELATIONS, classify
from audit.segment.sentences import segment
from audit.types import Document

ROOT = Path(__file__).resolve().parents[1]


def excerpt(path: Path, presegmented: bool, share: float = 0.4) -> Document:
    """The first ``share`` of a repost's paragraphs (of its lines when it has one sentence a line)."""
    sep = "\n" if presegmented else "\n\n"
    parts = path.read_text(encoding="utf-8").strip().split(sep)
    text = sep.join(parts[: int(len(parts) * share)]) + "\n"
    return document_from_text(text, path=f"{path.name}[:40%]", presegmented=presegmented)


def cases(bench: Path) -> list[tuple[str, str, Path | Document, Path | Document, bool]]:
    """(source, expected, reference, repost, presegmented)."""
    seeds = ROOT / "seeds"
    ref = seeds / "000_reference_aljazeera.txt"
    out = [("seeds", "partial", ref, seeds / "001_repost_mt_afghanistan_news.txt", False)]
    out += [("seeds", "related", ref, p, False) for p in sorted(seeds.glob("00[2-4]_*.txt"))]
    mac = bench / "mac"
    chapters = sorted(p.name.split(".")[0] for p in mac.glob("*.human.en"))
    for c in chapters:
        out.append(("mac", "translation", mac / f"{c}.human.en", mac / f"{c}.mt.en", True))
    for a, b in zip(chapters, chapters[1:] + chapters[:1]):
        # Consecutive chapters of one novel share characters, places and stock dialogue:
        # "related" is as right as "unrelated" for them.
        out.append(("mac-crossed", "related|unrelated", mac / f"{a}.human.en", mac / f"{b}.mt.en", True))
    for c in chapters[:4]:
        out.append(("mac-excerpt", "partial", mac / f"{c}.human.en", excerpt(mac / f"{c}.mt.en", True), True))
        out.append(("mac-vs-seed", "unrelated", ref, mac / f"{c}.mt.en", False))
    docs = bench / "mqm-ted" / "docs"
    talks = sorted(p.name for p in docs.iterdir() if p.is_dir())
    for t in talks:
        for system in ("DIDI-NLP", "Online-W", "metricsystem3", "refA"):
            out.append(("mqm-ted", "translation", docs / t / "reference.txt", docs / t / f"{system}.txt", False))
        out.append(("mqm-excerpt", "partial", docs / t / "reference.txt", excerpt(docs / t / "NiuTrans.txt", False), False))
    for a, b in zip(talks, talks[1:] + talks[:1]):
        out.append(("mqm-crossed", "unrelated", docs / a / "reference.txt", docs / b / "SMU.txt", False))
    return out


FRENCH_ONE_LINE = "Le conseil municipal s'est réuni lundi pour approuver le budget des écoles.\n"


def crosslingual_cases(bench: Path) -> list[tuple[str, str, Document, Document, bool]]:
    """(source, expected, reference, repost, presegmented), audited whole across languages."""
    ref = read_document(ROOT / "seeds" / "000_reference_aljazeera.txt")
    mac = bench / "mac"
    out = []
    for c in sorted(p.name.split(".")[0] for p in mac.glob("*.source.zh"))[:4]:
        human = read_document(mac / f"{c}.human.en", presegmented=True)
        zh = read_document(mac / f"{c}.source.zh", presegmented=True)
        lines = [x for x in zh.text.splitlines() if x.strip()]
        # a few lines, enough letters (80) for the language to be told; fewer read as English
        k = next(k for k in range(1, len(lines) + 1) if sum(len(x) for x in lines[:k]) >= 80)
        one = document_from_text("\n".join(lines[:k]) + "\n", path=f"{c}.source.zh[:{k} lines]", presegmented=True)
        out.append(("zh-mac", "translation", human, zh, True))
        out.append(("zh-lines", "partial", human, one, True))
        out.append(("zh-vs-seed", "unrelated", ref, zh, False))
        out.append(("zh-lines-vs-seed", "unrelated", ref, one, False))
    out.append(("fr-vs-seed", "unrelated", ref, document_from_text(FRENCH_ONE_LINE, path="council.fr.txt"), False))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    args = ap.parse_args()
    config = AuditConfig()
    embedder = load_embedder(config.model)
    confusion: Counter[tuple[str, str]] = Counter()
    by_source: dict[str, list[bool]] = {}
    t0 = time.perf_counter()
    for source, expected, ref, rep, preseg in cases(args.bench):
        rd = ref if isinstance(ref, Document) else read_document(ref, presegmented=preseg)
        pd_ = rep if isinstance(rep, Document) else read_document(rep, presegmented=preseg)
        rs, ps = segment(rd, presegmented=preseg), segment(pd_, presegmented=preseg)
        rel = classify(rs, ps, align_segments(rs, ps, embedder, config))
        ok = rel.kind in expected.split("|")
        confusion[(expected.split("|")[-1], rel.kind)] += 1
        by_source.setdefault(source, []).append(ok)
        mark = "ok " if ok else "BAD"
        print(f"{mark} {source:12} {Path(pd_.path).name[:34]:34} expected {expected:11} got {rel.kind:11} "
              f"ref {rel.ref_coverage:.2f} repost {rel.repost_coverage:.2f}")
    multilingual = load_embedder(config.model, encoder="use-m3")
    for source, expected, rd, pd_, preseg in crosslingual_cases(args.bench):
        rel = audit(rd, [pd_], embedder=embedder, config=config, presegmented=preseg,
                    crosslingual=multilingual).reposts[0].relation
        ok = rel.kind in expected.split("|")
        confusion[(expected, rel.kind)] += 1
        by_source.setdefault(source, []).append(ok)
        print(f"{'ok ' if ok else 'BAD'} {source:12} {Path(pd_.path).name[:34]:34} expected {expected:11} "
              f"got {rel.kind:11} ref {rel.ref_coverage:.2f} repost {rel.repost_coverage:.2f}")
    print(f"\n{time.perf_counter() - t0:.1f} s")
    print("\naccuracy by source (seeds and mac set the cut-offs: in-sample; the rest held out)")
    for source, oks in by_source.items():
        print(f"  {source:12} {sum(oks)}/{len(oks)}")
    print("\nconfusion (rows expected, columns found)")
    print(" " * 12 + "".join(f"{k:>12}" for k in RELATIONS))
    for e in RELATIONS:
        print(f"{e:12}" + "".join(f"{confusion[(e, k)]:>12}" for k in RELATIONS))


if __name__ == "__main__":
    main()
