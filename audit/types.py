"""Typed records that pass between the pipeline stages.

Stages exchange these small frozen dataclasses (and numpy arrays), never
dicts of dicts; pandas only appears at the report edge.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Document:
    """A decoded, cleaned article.

    ``text`` is what the pipeline analyses (HTML extracted, mojibake repaired,
    hard wraps undone). ``raw`` is the decoded original file; ``offsets[i]`` is
    the index in ``raw`` of ``text[i]`` (``-1`` where no such position exists,
    e.g. text extracted from HTML markup).
    """

    path: str
    raw: str
    text: str
    offsets: Sequence[int]  # read_document gives an array('i'): 4 bytes a character, not a tuple's ~36
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) spans in ``text``
    encoding: str
    warnings: tuple[str, ...] = ()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``text`` span back to a ``raw`` span (-1, -1 if unknown)."""
        if start >= end or not self.offsets:
            return (-1, -1)
        a = self.offsets[start]
        b = self.offsets[end - 1]
        if a < 0 or b < 0:
            return (-1, -1)
        return (a, b + 1)


@dataclass(frozen=True)
class Segment:
    """One sentence of a document, with character offsets into ``Document.text``."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    boilerplate: str = ""  # why it is boilerplate ("cookie banner", ...); "" if content

    @property
    def is_boilerplate(self) -> bool:
        return bool(self.boilerplate)


class Status(str, Enum):
    MATCH = "match"
    OMITTED = "omitted"
    ADDED = "added"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True)
class Bead:
    """A pairing of reference sentences with repost sentences.

    Either side may be empty (an omitted or added sentence). ``score`` is the
    aligner's similarity for the pair (0 for one-sided beads).
    """

    ref_ids: tuple[int, ...]
    repost_ids: tuple[int, ...]
    score: float = 0.0
    moved: bool = False

    @property
    def kind(self) -> str:
        return f"{len(self.ref_ids)}-{len(self.repost_ids)}"

    def ids(self, side: int) -> tuple[int, ...]:
        """The reference ids (side 0) or the repost ids (side 1)."""
        return self.repost_ids if side else self.ref_ids


@dataclass(frozen=True)
class PairScores:
    """Scores of one matched bead."""

    similarity: float
    chrf: float
    bleu: float


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


FINDING_KINDS = (
    "omitted_sentence",
    "added_sentence",
    "semantic_drift",
    "mangled_name",
    "name_variant",
    "number_mismatch",
    "dropped_clause",
    "unrelated_repost",
)


@dataclass(frozen=True)
class Finding:
    """One problem found in a repost.

    ``ref_span``/``repost_span`` are the exact spans involved (a name, a number,
    a clause or a whole sentence); the ``*_sentence`` fields give the context.

    ``rule`` names the rule that raised it (``number.same_fact``, ``word.ablation``…).
    ``confidence`` is the calibrated probability that an editor would agree
    (:mod:`audit.checks.confidence`); ``None`` for findings no model covers
    (plug-in kinds). ``features`` are what that model saw, kept for the benchmarks.
    """

    kind: str
    severity: Severity
    ref_span: str
    repost_span: str
    ref_sentence: str
    repost_sentence: str
    score: float
    message: str
    bead: int = -1  # index of the bead in the repost's alignment, -1 if none
    rule: str = ""
    confidence: float | None = None
    features: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Relation:
    """What a repost is to the reference, with the coverage that says so.

    ``kind`` is ``translation``, ``partial`` (an excerpt, or a copy with
    paragraphs added or dropped), ``related`` (another article on the same
    story) or ``unrelated``.
    """

    kind: str
    ref_coverage: float
    repost_coverage: float
    evidence: str


@dataclass(frozen=True)
class RepostAudit:
    """Everything learned about one repost."""

    name: str
    document: Document
    segments: tuple[Segment, ...]
    beads: tuple[Bead, ...]
    scores: tuple[PairScores | None, ...]  # parallel to ``beads``; None for unmatched
    findings: tuple[Finding, ...]
    chrf: float
    bleu: float
    coverage: float
    mean_similarity: float
    verdict: str
    accepted: tuple[Finding, ...] = ()  # findings dropped by a baseline file or an inline accept comment
    relation: Relation = Relation("translation", 1.0, 1.0, "")
    # (reference, repost) as detected (ISO 639-1; "" when unsure); chrF/BLEU mean little when they differ
    languages: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class AuditResult:
    reference: Document
    reference_segments: tuple[Segment, ...]
    reposts: tuple[RepostAudit, ...]
    signature: str
    warnings: tuple[str, ...] = field(default=())
