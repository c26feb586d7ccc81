"""Which repost belongs to which reference: static candidates, confirmed by the aligner.

A media monitor has a folder of reference stories and a folder of reposts
scraped the same day, with no pairing. Aligning every repost with every
reference costs a transformer audit per pair. The static encoder
(:mod:`audit.static_model`) ranks the references for each repost instead, by
coverage (the mean, over the repost's sentences, of the best cosine with a
reference sentence), which costs almost nothing; only the ``top_k`` best are
aligned with the transformer, and the aligner's relation (translation,
partial, related, unrelated; :mod:`audit.align.relation`) decides. A repost
that is unrelated to every candidate stays unmatched. The static score only
orders candidates, so its scale (static cosines sit high) never decides.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError

log = logging.getLogger("audit")
TOP_K = 3
_RANK = {"translation": 3, "partial": 2, "related": 1, "unrelated": 0}
MIN_RELATIONS = ("related", "partial", "translation")
MANIFEST_COLUMNS = ("reference", "repost", "relation", "static_score", "reference_coverage", "repost_coverage",
                    "evidence")


@dataclass(frozen=True)
class Match:
    """A repost and the reference it was matched to (None: below ``min_relation`` with every candidate)."""

    repost: Path
    reference: Path | None
    relation: str  # of the best candidate pair (reference None: it was below min_relation)
    static_score: float  # the chosen (or best) candidate's static coverage
    reference_coverage: float
    repost_coverage: float
    candidates: tuple[Path, ...]  # the references the static encoder proposed, best first
    evidence: str
    closest: Path | None = None  # the candidate the relation and evidence are about


def articles(path: Path) -> list[Path]:
    """A file, or the article files in a folder (its subfolders too), sorted."""
    from ..workflow import is_article

    path = Path(path)
    if path.is_file():
        return [path.resolve()]
    if not path.is_dir():
        raise InputError(f"{path} does not exist; pass an article file or a folder of them")
    found = sorted(p.resolve() for p in path.rglob("*") if p.is_file() and is_article(p.name)
                   and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
    if not found:
        raise InputError(f"no articles (.txt, .md, .html) in {path}; pass the folder that holds them")
    return found


def static_coverage(repost: np.ndarray, references: Sequence[np.ndarray]) -> np.ndarray:
    """For each reference, the mean over the repost's sentences of their best cosine with it."""
    if not len(repost):
        return np.zeros(len(references))
    return np.array([float((repost @ r.T).max(axis=1).mean()) if len(r) else 0.0 for r in references])


def check_options(top_k: int, min_relation: str) -> None:
    """Fail on a bad --top-k or --min-relation (the CLI calls this before the model loads)."""
    if top_k < 1:
        raise InputError(f"--top-k must be at least 1, got {top_k}; pass e.g. --top-k {TOP_K}")
    if min_relation not in MIN_RELATIONS:
        raise InputError(f"--min-relation must be one of {', '.join(MIN_RELATIONS)}, got {min_relation!r}; "
                         "pass e.g. --min-relation partial")


def match_reposts(references: Sequence[Path], reposts: Sequence[Path], *, embedder, static, config,
                  top_k: int = TOP_K, min_relation: str = "related",
                  progress: Callable[[int, int], None] | None = None) -> list[Match]:
    """Match each repost with one of ``references`` (or none), in the order of ``reposts``.

    ``min_relation``: the weakest relation that counts as a match. ``related`` pairs other
    articles on the same story too (and, now and then, another chapter of the same book);
    ``partial`` keeps only copies and excerpts.
    """
    from ..align.relation import classify
    from ..pipeline import align_segments, prepare_texts

    check_options(top_k, min_relation)
    refs = [_segments(p, config) for p in references]
    ref_static = [static.encode([s.text for s in segs if not s.is_boilerplate]) for segs in refs]
    out = []
    for n, path in enumerate(reposts):
        segs = _segments(path, config)
        scores = static_coverage(static.encode([s.text for s in segs if not s.is_boilerplate]), ref_static)
        order = [int(i) for i in np.argsort(-scores, kind="stable")[:top_k]]
        best = None
        for i in order:
            embedder.encode(prepare_texts(refs[i], [segs]))
            rel = classify(refs[i], segs, align_segments(refs[i], segs, embedder, config))
            key = (_RANK[rel.kind], max(rel.ref_coverage, rel.repost_coverage))
            if best is None or key > best[0]:
                best = (key, i, rel)
        _, i, rel = best
        matched = _RANK[rel.kind] >= _RANK[min_relation]
        out.append(Match(path, references[i] if matched else None, rel.kind, round(float(scores[i]), 4),
                         rel.ref_coverage, rel.repost_coverage, tuple(references[j] for j in order),
                         rel.evidence, references[i]))
        if progress:
            progress(n + 1, len(reposts))
    return out


def _segments(path: Path, config):
    from ..ingest.language import language_of
    from ..ingest.read import read_document
    from ..segment.sentences import segment

    doc = read_document(path, max_input_mb=config.max_input_mb)
    lang = language_of(doc.text)
    if lang not in ("", "en"):
        # The static table and the default model are English: another language's words are
        # mostly unknown pieces, so its coverage and its relation mean little.
        log.warning(f"{path} looks like {lang}, and audit match compares English texts: its match is unreliable; "
                    "pair it by hand in the manifest")
    return segment(doc, max_chars=config.max_sentence_chars)


def manifest_rows(matches: Sequence[Match]) -> list[dict]:
    """Rows of the manifest ``audit batch`` reads: the matched pairs, with the evidence beside them."""
    return [dict(zip(MANIFEST_COLUMNS, (str(m.reference), str(m.repost), m.relation, m.static_score,
                                        m.reference_coverage, m.repost_coverage, m.evidence)))
            for m in matches if m.reference is not None]
