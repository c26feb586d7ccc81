"""The audit pipeline: segments in, findings and summaries out.

The library entry point is :func:`audit`. It encodes every distinct text once
(the reference once, however many reposts), then aligns, scores and checks
each repost.
"""
from __future__ import annotations

import logging
import platform
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from . import __version__
from .align import AlignParams, align, order_beads, window_vectors, windows_needed
from .checks import run_checks
from .config import AuditConfig
from .embed import ENGLISH_ONLY_MODELS, Embedder
from .language import non_english_warning
from .names import NameBook
from .lexical import word_vectors
from .score import document_scores, pair_scores, sacrebleu_signature
from .segment import segment
from .types import AuditResult, Bead, Document, Finding, PairScores, RepostAudit, Segment, Severity

log = logging.getLogger("audit")
Progress = Callable[[int, int], None]


def align_params(config: AuditConfig) -> AlignParams:
    return AlignParams(
        max_merge=config.max_merge, anchor_min=config.anchor_min_similarity,
        keep_min=config.match_min_similarity, rescue_min=config.rescue_min_similarity,
    )


def content_ids(segments: Sequence[Segment]) -> list[int]:
    return [s.index for s in segments if not s.is_boilerplate]


def align_segments(ref: Sequence[Segment], repost: Sequence[Segment], embedder: Embedder,
                   config: AuditConfig) -> list[Bead]:
    """Align content sentences with the aligner, then put boilerplate back in place."""
    ref_ids, rep_ids = content_ids(ref), content_ids(repost)
    ref_texts = [ref[i].text for i in ref_ids]
    rep_texts = [repost[j].text for j in rep_ids]
    rv, pv = embedder.encode(ref_texts), embedder.encode(rep_texts)
    params = align_params(config)
    if ref_texts and rep_texts:
        ref_win, rep_win = _window_vectors(rv, pv, ref_texts, rep_texts, embedder, params)
        ref_words, rep_words = word_vectors(ref_texts, rep_texts)
        beads = align(rv, pv, ref_lengths=[len(t) for t in ref_texts], repost_lengths=[len(t) for t in rep_texts],
                      ref_windows=ref_win, repost_windows=rep_win,
                      ref_paragraphs=_paragraphs(ref, ref_ids), repost_paragraphs=_paragraphs(repost, rep_ids),
                      ref_words=ref_words, repost_words=rep_words, params=params)
    else:
        beads = align(np.zeros((len(ref_texts), 1), np.float32), np.zeros((len(rep_texts), 1), np.float32))
    mapped = [Bead(tuple(ref_ids[i] for i in b.ref_ids), tuple(rep_ids[j] for j in b.repost_ids),
                   b.score, b.moved) for b in beads]
    mapped += [Bead((s.index,), ()) for s in ref if s.is_boilerplate]
    mapped += [Bead((), (s.index,)) for s in repost if s.is_boilerplate]
    return order_beads(mapped)


def _paragraphs(segments: Sequence[Segment], ids: Sequence[int]) -> list[int] | None:
    """Paragraph numbers, or None when every sentence is its own paragraph (one per line)."""
    paras = [segments[i].paragraph for i in ids]
    return paras if len(set(paras)) < len(paras) else None


def _window_vectors(rv, pv, ref_texts, rep_texts, embedder: Embedder, params: AlignParams):
    """Real embeddings of the merge windows the DP will read; sums stand in for the rest."""
    need_r, need_p = windows_needed(rv, pv, params)
    out = []
    for vecs, texts, need in ((rv, ref_texts, need_r), (pv, rep_texts, need_p)):
        wins = {}
        for k, starts in need.items():
            w = window_vectors(vecs, k).copy()
            if starts:
                w[starts] = embedder.encode([" ".join(texts[i:i + k]) for i in starts])
            wins[k] = w
        out.append(wins)
    return out[0], out[1]


def prepare_texts(ref: Sequence[Segment], reposts: Sequence[Sequence[Segment]]) -> list[str]:
    """Every sentence the alignment will embed, so one batched pass can encode them all."""
    return list(dict.fromkeys(s.text for segs in [ref, *reposts] for s in segs if not s.is_boilerplate))


def audit(
    reference: Document,
    reposts: Sequence[Document],
    *,
    embedder: Embedder,
    config: AuditConfig = AuditConfig(),
    book: NameBook | None = None,
    progress: Progress | None = None,
    presegmented: bool = False,
) -> AuditResult:
    ref_segs = segment(reference, presegmented=presegmented)
    rep_segs = [segment(d, presegmented=presegmented) for d in reposts]
    warnings = list(reference.warnings)
    embedder.encode(prepare_texts(ref_segs, rep_segs), progress=progress)
    results = []
    for doc, segs in zip(reposts, rep_segs):
        warnings += doc.warnings
        if doc.text.strip() == reference.text.strip():
            warnings.append(f"{doc.path} is identical to the reference; nothing to audit in it")
        if embedder.name in ENGLISH_ONLY_MODELS:
            w = non_english_warning(doc.path, doc.text)
            if w:
                warnings.append(w)
        results.append(audit_repost(reference, ref_segs, doc, segs, embedder=embedder, config=config, book=book))
    for w in warnings:
        log.warning(w)
    return AuditResult(reference, tuple(ref_segs), tuple(results), signature(config, embedder), tuple(warnings))


def audit_repost(reference: Document, ref_segs: Sequence[Segment], doc: Document, segs: Sequence[Segment], *,
                 embedder: Embedder, config: AuditConfig, book: NameBook | None) -> RepostAudit:
    beads = align_segments(ref_segs, segs, embedder, config)
    joined = [(" ".join(ref_segs[i].text for i in b.ref_ids), " ".join(segs[j].text for j in b.repost_ids))
              if b.ref_ids and b.repost_ids else None for b in beads]
    texts = list(dict.fromkeys(t for pair in joined if pair for t in pair))
    vecs = dict(zip(texts, embedder.encode(texts))) if texts else {}  # one batch: most are cached windows
    scores: list[PairScores | None] = []
    for pair in joined:
        if pair is None:
            scores.append(None)
        else:
            rt, pt = pair
            scores.append(pair_scores(rt, pt, float(np.dot(vecs[rt], vecs[pt]))))
    findings = apply_severity_overrides(
        run_checks(ref_segs, segs, beads, scores, embedder=embedder, config=config, book=book), config)
    content = [s for s in ref_segs if not s.is_boilerplate]
    matched = {i for b in beads if b.repost_ids for i in b.ref_ids}
    coverage = sum(s.index in matched for s in content) / max(len(content), 1)
    sims = [s.similarity for s in scores if s is not None]
    chrf, bleu = document_scores([s.text for s in content], [s.text for s in segs if not s.is_boilerplate])
    return RepostAudit(
        name=doc.path, document=doc, segments=tuple(segs), beads=tuple(beads), scores=tuple(scores),
        findings=tuple(findings), chrf=chrf, bleu=bleu, coverage=round(coverage, 4),
        mean_similarity=round(float(np.mean(sims)), 4) if sims else 0.0,
        verdict=verdict(findings, config.fail_on),
    )


def apply_severity_overrides(findings: Sequence[Finding], config: AuditConfig) -> list[Finding]:
    """The one place where the config's ``[severity]`` table changes findings (before any verdict)."""
    table = dict(config.severity_overrides)
    return [replace(f, severity=Severity(table[f.kind])) if f.kind in table else f for f in findings]


def verdict(findings, fail_on: str) -> str:
    if fail_on == "never":
        return "pass"
    bar = Severity(fail_on).rank
    return "fail" if any(f.severity.rank >= bar for f in findings) else "pass"


def signature(config: AuditConfig, embedder: Embedder) -> str:
    """Everything needed to reproduce a result, in sacrebleu's key:value style."""
    th = ",".join(f"{k}={_sig_value(v)}" for k, v in config.thresholds().items()
                  if not (k == "severity_overrides" and not v))
    return (f"audit:{__version__}|model:{embedder.name}@sha256:{embedder.fingerprint}|{th}"
            f"|sacrebleu:{sacrebleu_signature()}|python:{platform.python_version()}")


def _sig_value(v: object) -> str:
    if isinstance(v, tuple):  # severity_overrides: kind:severity pairs, ';'-separated
        return ";".join(":".join(map(str, pair)) for pair in v)
    return str(v)
