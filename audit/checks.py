"""Turn aligned, scored beads into findings.

Each check is a small function over the beads of one repost; ``run_checks``
calls them in turn. Checks that need vectors get them from the embedder, which
caches, so a clause shared by many reposts is encoded once.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import clauses as cl
from .config import AuditConfig
from .embed import Embedder
from .names import NameBook, extract_names, pair_names
from .numbers import compare_numbers
from .types import Bead, Finding, PairScores, Segment, Severity

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|hardly|fail(?:s|ed)? to)\b|n't\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pair:
    """A matched bead with its joined texts, as the checks see it."""

    index: int
    bead: Bead
    ref_text: str
    repost_text: str
    scores: PairScores


def run_checks(
    ref_segments: Sequence[Segment],
    repost_segments: Sequence[Segment],
    beads: Sequence[Bead],
    scores: Sequence[PairScores | None],
    *,
    embedder: Embedder,
    config: AuditConfig,
    book: NameBook | None = None,
) -> list[Finding]:
    pairs = [
        Pair(k, b, join(ref_segments, b.ref_ids), join(repost_segments, b.repost_ids), s)
        for k, (b, s) in enumerate(zip(beads, scores))
        if b.ref_ids and b.repost_ids and s is not None
    ]
    findings = unmatched_findings(ref_segments, repost_segments, beads, config)
    findings += name_findings(pairs, ref_segments, repost_segments, book)
    findings += number_findings(pairs)
    findings += clause_findings(pairs, embedder, config)
    findings += drift_findings(pairs, config)
    return findings


def join(segments: Sequence[Segment], ids: Sequence[int]) -> str:
    return " ".join(segments[i].text for i in ids)


def unmatched_findings(ref_segments, repost_segments, beads, config: AuditConfig) -> list[Finding]:
    out = []
    for k, b in enumerate(beads):
        if b.ref_ids and not b.repost_ids and not ref_segments[b.ref_ids[0]].is_boilerplate:
            text = join(ref_segments, b.ref_ids)
            out.append(Finding("omitted_sentence", Severity(config.omitted_severity), text, "", text, "",
                               0.0, "reference sentence has no counterpart in the repost", k))
        elif b.repost_ids and not b.ref_ids and not repost_segments[b.repost_ids[0]].is_boilerplate:
            text = join(repost_segments, b.repost_ids)
            out.append(Finding("added_sentence", Severity(config.added_severity), "", text, "", text,
                               0.0, "repost sentence has no counterpart in the reference", k))
    return out


def name_findings(pairs: Sequence[Pair], ref_segments, repost_segments, book) -> list[Finding]:
    ref_doc = frozenset(n.text for s in ref_segments for n in extract_names(s.text))
    repost_doc = frozenset(n.text for s in repost_segments for n in extract_names(s.text))
    repost_all = " ".join(s.text for s in repost_segments)
    found = []
    renderings: dict[str, set[str]] = {}
    for p in pairs:
        for np_ in pair_names(p.ref_text, p.repost_text, ref_doc_names=ref_doc,
                              repost_doc_names=repost_doc, book=book):
            if np_.label in ("mangled", "variant") and np_.repost is not None:
                found.append((p, np_))
                if np_.label == "mangled":
                    renderings.setdefault(np_.ref.text, set()).add(np_.repost.text)
    out = []
    for p, np_ in found:
        msg = np_.reason
        if np_.label == "mangled":
            times = len(re.findall(re.escape(np_.repost.text), repost_all))
            others = sorted(renderings[np_.ref.text] - {np_.repost.text})
            msg += f"; '{np_.repost.text}' occurs {times}x in the repost"
            if others:
                msg += f"; '{np_.ref.text}' is also rendered as " + ", ".join(f"'{o}'" for o in others)
            kind, sev = "mangled_name", Severity.ERROR
        else:
            kind, sev = "name_variant", Severity.INFO
        out.append(Finding(kind, sev, np_.ref.text, np_.repost.text, p.ref_text, p.repost_text,
                           round(np_.score, 4), msg, p.index))
    return out


_NUMBER_SEVERITY = {"changed": Severity.ERROR, "missing": Severity.WARNING, "extra": Severity.INFO}


def number_findings(pairs: Sequence[Pair]) -> list[Finding]:
    out = []
    for p in pairs:
        for d in compare_numbers(p.ref_text, p.repost_text):
            out.append(Finding(
                "number_mismatch", _NUMBER_SEVERITY[d.kind],
                d.ref.surface if d.ref else "", d.repost.surface if d.repost else "",
                p.ref_text, p.repost_text, 0.0, d.message, p.index,
            ))
    return out


def clause_findings(pairs: Sequence[Pair], embedder: Embedder, config: AuditConfig) -> list[Finding]:
    # First the cheap word-coverage signal; only its survivors are embedded.
    suspects = []
    for p in pairs:
        for c in cl.split_clauses(p.ref_text):
            if len(cl.content_words(c.text)) < config.clause_min_words:
                continue
            cov = cl.coverage(c.text, p.repost_text)
            if cov < config.clause_max_coverage:
                pieces = [x.text for x in cl.split_clauses(p.repost_text)] + [p.repost_text]
                suspects.append((p, c, cov, pieces))
    if not suspects:
        return []
    texts = list(dict.fromkeys([s[1].text for s in suspects] + [t for s in suspects for t in s[3]]))
    vecs = dict(zip(texts, embedder.encode(texts)))
    out = []
    for p, c, cov, pieces in suspects:
        sim = max(float(np.dot(vecs[c.text], vecs[t])) for t in pieces)
        if sim < config.clause_max_similarity:
            out.append(Finding(
                "dropped_clause", Severity.WARNING, c.text, "", p.ref_text, p.repost_text, round(sim, 4),
                f"clause missing from the repost: {cov:.0%} of its content words survive, "
                f"closest repost piece has cosine {sim:.2f}", p.index,
            ))
    return out


def drift_findings(pairs: Sequence[Pair], config: AuditConfig) -> list[Finding]:
    out = []
    for p in pairs:
        s = p.scores
        ref_neg = len(_NEGATION.findall(p.ref_text))
        rep_neg = len(_NEGATION.findall(p.repost_text))
        if ref_neg != rep_neg and s.chrf >= config.drift_surface_min_chrf:
            why = f"negation differs ({ref_neg} in the reference, {rep_neg} in the repost)"
        elif s.similarity < config.drift_threshold and s.chrf >= config.drift_surface_min_chrf:
            why = f"meaning drifted: cosine {s.similarity:.2f} although chrF is {s.chrf:.0f}"
        else:
            continue
        out.append(Finding("semantic_drift", Severity.WARNING, p.ref_text, p.repost_text, p.ref_text,
                           p.repost_text, s.similarity, why + f" (cosine {s.similarity:.2f}, chrF {s.chrf:.0f}, "
                           f"BLEU {s.bleu:.0f})", p.index))
    return out


def count_kinds(findings: Sequence[Finding]) -> Counter:
    return Counter(f.kind for f in findings)
