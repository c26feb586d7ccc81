"""Run every enabled check on one repost, in registry order."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from ..config import AuditConfig
from ..embed import Embedder
from ..types import Bead, Finding, PairScores, Segment
from .base import Context, make_pairs
from .confidence import assess, keep
from .names import NameBook
from .registry import select


def run_checks(
    ref_segments: Sequence[Segment],
    repost_segments: Sequence[Segment],
    beads: Sequence[Bead],
    scores: Sequence[PairScores | None],
    *,
    embedder: Embedder,
    config: AuditConfig,
    book: NameBook | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
    relation: str = "translation",
    languages: tuple[str, str] = ("", ""),
) -> list[Finding]:
    """Run every enabled check (``config.checks``; all registered ones by default) in registry order,
    then give each finding its confidence and the severity that follows (``config.min_confidence`` filters)."""
    context = Context(ref_segments, repost_segments, beads, scores,
                      make_pairs(ref_segments, repost_segments, beads, scores, vectors), embedder, config, book,
                      relation=relation, languages=languages)
    findings: list[Finding] = []
    for check in select(config.checks):
        findings += check.run_document(replace(context, prior=tuple(findings)))
    return keep(assess(findings, context), config.min_confidence)
