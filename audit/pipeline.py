"""The audit pipeline: segments in, findings and summaries out.

The library entry point is :func:`audit`. It encodes every distinct text once
(the reference once, however many reposts), then aligns, scores and checks
each repost.
"""
from __future__ import annotations

import logging
import platform
from collections.abc import Callable, Sequence

import numpy as np

from . import __version__
from .align import AlignParams, align, order_beads
from .checks import run_checks
from .config import AuditConfig
from .embed import ENGLISH_ONLY_MODELS, Embedder
from .language import non_english_warning
from .names import NameBook
from .score import document_scores, pair_scores, sacrebleu_signature
from .segment import segment
from .types import AuditResult, Bead, Document, PairScores, RepostAudit, Segment, Severity

log = logging.getLogger("audit")
Progress = Callable[[int, int], None]


def align_params(config: AuditConfig) -> AlignParams:
    return AlignParams(
        max_merge=config.max_merge, anchor_min=config.anchor_min_similarity,
        keep_min=config.match_min_similarity, rescue_min=config.rescue_min_similarity,
    )


def content_windows(segments: Sequence[Segment], max_merge: int) -> tuple[list[int], dict[int, list[str]]]:
    """Indices of content segments and the texts of their runs of 1..max_merge."""
    ids = [s.index for s in segments if not s.is_boilerplate]
    texts = [segments[i].text for i in ids]
    return ids, {k: [" ".join(texts[i:i + k]) for i in range(len(texts) - k + 1)]
                 for k in range(1, max_merge + 1)}


def align_segments(ref: Sequence[Segment], repost: Sequence[Segment], embedder: Embedder,
                   config: AuditConfig) -> list[Bead]:
    """Align content sentences with the aligner, then put boilerplate back in place."""
    ref_ids, ref_win = content_windows(ref, config.max_merge)
    rep_ids, rep_win = content_windows(repost, config.max_merge)
    rv = {k: embedder.encode(t) for k, t in ref_win.items() if t}
    pv = {k: embedder.encode(t) for k, t in rep_win.items() if t}
    beads = align(
        rv.get(1, np.zeros((0, 1), np.float32)), pv.get(1, np.zeros((0, 1), np.float32)),
        ref_lengths=[len(t) for t in ref_win[1]], repost_lengths=[len(t) for t in rep_win[1]],
        ref_windows=rv, repost_windows=pv, params=align_params(config),
    )
    mapped = [Bead(tuple(ref_ids[i] for i in b.ref_ids), tuple(rep_ids[j] for j in b.repost_ids),
                   b.score, b.moved) for b in beads]
    mapped += [Bead((s.index,), ()) for s in ref if s.is_boilerplate]
    mapped += [Bead((), (s.index,)) for s in repost if s.is_boilerplate]
    return order_beads(mapped)


def prepare_texts(ref: Sequence[Segment], reposts: Sequence[Sequence[Segment]], max_merge: int) -> list[str]:
    """Every text the alignment will embed, so one batched pass can encode them all."""
    out = []
    for segs in [ref, *reposts]:
        for texts in content_windows(segs, max_merge)[1].values():
            out += texts
    return list(dict.fromkeys(out))


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
    embedder.encode(prepare_texts(ref_segs, rep_segs, config.max_merge), progress=progress)
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
    scores: list[PairScores | None] = []
    for b in beads:
        if b.ref_ids and b.repost_ids:
            rt = " ".join(ref_segs[i].text for i in b.ref_ids)
            pt = " ".join(segs[j].text for j in b.repost_ids)
            sim = float(np.dot(*embedder.encode([rt, pt])))
            scores.append(pair_scores(rt, pt, sim))
        else:
            scores.append(None)
    findings = run_checks(ref_segs, segs, beads, scores, embedder=embedder, config=config, book=book)
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


def verdict(findings, fail_on: str) -> str:
    if fail_on == "never":
        return "pass"
    bar = Severity(fail_on).rank
    return "fail" if any(f.severity.rank >= bar for f in findings) else "pass"


def signature(config: AuditConfig, embedder: Embedder) -> str:
    """Everything needed to reproduce a result, in sacrebleu's key:value style."""
    th = ",".join(f"{k}={v}" for k, v in config.thresholds().items())
    return (f"audit:{__version__}|model:{embedder.name}@sha256:{embedder.fingerprint}|{th}"
            f"|sacrebleu:{sacrebleu_signature()}|python:{platform.python_version()}")
