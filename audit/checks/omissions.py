"""Clauses and words that a matched repost sentence lost.

Word coverage alone cannot tell a dropped phrase from a paraphrase: two
independent translations of one sentence already differ in most content words.
The deciding signal is an ablation. Delete the suspect span from the reference
sentence and embed it again: if the shortened reference reads *closer* to the
repost, the repost lacks that span; if it reads further away, the repost said
the same thing in other words ("who spoke on condition of anonymity" / "who
asked not to be named").
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import clauses as cl
from ..config import AuditConfig
from ..embed import Embedder
from ..types import Finding, Severity


def clause_suspects(ref_text: str, repost_text: str,
                    config: AuditConfig) -> list[tuple[cl.Clause, float, list[str]]]:
    """(clause, coverage, repost pieces) for each reference clause the word-coverage signal doubts."""
    out = []
    pieces: list[str] | None = None
    for c in cl.split_clauses(ref_text):
        n_words = len(cl.content_words(c.text))
        # Attribution is short but carries who says so; dropping it turns a claim into a fact.
        least = 1 if cl.is_attribution(c.text) else config.clause_min_words
        if n_words < least:
            continue
        cov = cl.coverage(c.text, repost_text)
        if cov < config.clause_max_coverage and (cov == 0 or n_words >= config.clause_min_words):
            if pieces is None:
                pieces = [x.text for x in cl.split_clauses(repost_text)] + [repost_text]
            out.append((c, cov, pieces))
    return out


def clause_texts(ref_text: str, repost_text: str, config: AuditConfig, *, words: bool = True) -> list[str]:
    """Every text the omission checks would embed for this pair (for batching ahead of time)."""
    texts = [repost_text]
    for c, _, pieces in clause_suspects(ref_text, repost_text, config):
        texts += [c.text, cl.without(ref_text, c.start, c.end), *pieces]
    if words:
        texts += [cl.without(ref_text, a, b) for a, b in cl.missing_spans(ref_text, repost_text)]
    return texts


def texts_to_embed(ref_text: str, repost_text: str, similarity: float, config: AuditConfig) -> list[str]:
    """What the omission checks will embed for a pair whose cosine is ``similarity``."""
    return clause_texts(ref_text, repost_text, config, words=similarity >= config.word_min_similarity)


def omission_findings(pairs: Sequence, embedder: Embedder, config: AuditConfig) -> list[Finding]:
    """Dropped clauses first; then single words and short runs outside those clauses."""
    vecs = _encode_all(pairs, embedder, config)
    out: list[Finding] = []
    for p in pairs:
        base = float(np.dot(vecs[p.ref_text], vecs[p.repost_text]))
        clauses = []
        for c, cov, pieces in clause_suspects(p.ref_text, p.repost_text, config):
            sim = max(float(np.dot(vecs[c.text], vecs[t])) for t in pieces)
            # A long clause of which almost no word survives is gone, even when the
            # repost talks about the same topic (which keeps the cosine up).
            nearly_all_gone = (cov <= config.clause_gone_coverage
                               and len(cl.content_words(c.text)) >= config.clause_gone_min_words)
            g = _gain(vecs, p, c.start, c.end, base)
            if (sim < config.clause_max_similarity or nearly_all_gone) and g >= config.clause_min_gain:
                clauses.append((c.start, c.end))
                out.append(Finding(
                    "dropped_clause", Severity.WARNING, c.text, "", p.ref_text, p.repost_text, round(sim, 4),
                    f"clause missing from the repost: {cov:.0%} of its content words survive, "
                    f"closest repost piece has cosine {sim:.2f}, and the reference without it reads "
                    f"closer to the repost ({g:+.3f})", p.index, "clause.ablation",
                ))
        if base < config.word_min_similarity:
            continue  # loose renderings differ in most words; testing each one is noise and slow
        # The gain is taken relative to the gap left to close: the same +0.02 means
        # more between near-identical sentences than between loose renderings.
        spans = [(_gain(vecs, p, a, b, base) / (1.05 - base), a, b) for a, b in cl.missing_spans(p.ref_text, p.repost_text)
                 if not any(ca <= a and b <= cb for ca, cb in clauses)]
        if spans:
            rel, a, b = max(spans)
            if rel >= config.word_min_gain:
                text = p.ref_text[a:b]
                out.append(Finding(
                    "dropped_clause", Severity.WARNING, text, "", p.ref_text, p.repost_text, round(rel, 4),
                    f"'{text}' has no counterpart in the repost: cutting it from the reference raises the "
                    f"cosine from {base:.2f} to {base + _gain(vecs, p, a, b, base):.2f} "
                    f"(it closes {rel:.0%} of the gap)", p.index, "word.ablation",
                ))
    return out


def _gain(vecs: dict[str, np.ndarray], p, start: int, end: int, base: float) -> float:
    """How much closer the reference reads to the repost once ``start:end`` is cut from it."""
    return float(np.dot(vecs[cl.without(p.ref_text, start, end)], vecs[p.repost_text])) - base


def _encode_all(pairs: Sequence, embedder: Embedder, config: AuditConfig) -> dict[str, np.ndarray]:
    """The pairs' own texts first (to know which pairs are close), then every suspect in one batch."""
    vecs = _encode(list(dict.fromkeys(t for p in pairs for t in (p.ref_text, p.repost_text))), embedder)
    more = [t for p in pairs for t in texts_to_embed(
        p.ref_text, p.repost_text, float(np.dot(vecs[p.ref_text], vecs[p.repost_text])), config)]
    return {**vecs, **_encode([t for t in dict.fromkeys(more) if t not in vecs], embedder)}


def _encode(texts: list[str], embedder: Embedder) -> dict[str, np.ndarray]:
    return dict(zip(texts, embedder.encode(texts))) if texts else {}
