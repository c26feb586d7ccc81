"""What a check is: a name, the finding kinds it emits, and ``run``.

A check sees one matched pair at a time (``run``), or the whole repost when it
must look across sentences (``run_document``: a name dropped everywhere, a
count retold in sentences the aligner did not pair). The default
``run_document`` calls ``run`` on every pair, so a simple check writes only
``run``. Checks never print; they return :class:`~audit.types.Finding` records.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..config import AuditConfig
from ..types import Bead, Finding, PairScores, Segment

if TYPE_CHECKING:  # names imports pandas-free but heavy regex tables; only the type is needed here
    from ..embed import Embedder
    from .names import NameBook


@dataclass(frozen=True)
class Pair:
    """A matched bead as the checks see it: both sides' sentences, joined texts, vectors and scores."""

    index: int  # the bead's position in the repost's alignment (Finding.bead)
    bead: Bead
    ref_text: str
    repost_text: str
    scores: PairScores
    ref_segments: tuple[Segment, ...] = ()
    repost_segments: tuple[Segment, ...] = ()
    ref_vector: np.ndarray | None = field(default=None, compare=False)
    repost_vector: np.ndarray | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Context:
    """The whole repost, for checks that look across sentences."""

    ref_segments: Sequence[Segment]
    repost_segments: Sequence[Segment]
    beads: Sequence[Bead]
    scores: Sequence[PairScores | None]
    pairs: Sequence[Pair]
    embedder: "Embedder"
    config: AuditConfig
    book: "NameBook | None" = None
    prior: tuple[Finding, ...] = ()  # what the checks before this one found (to avoid reporting twice)
    relation: str = "translation"  # what the repost is to the reference (audit.align.relation)
    languages: tuple[str, str] = ("", "")  # (reference, repost) when they differ; ("", "") otherwise

    @property
    def crosslingual(self) -> bool:
        """Whether the two sides are in different languages (then the English-only rules stand aside)."""
        return bool(self.languages[0] and self.languages[1] and self.languages[0] != self.languages[1])


class Check:
    """Base class of every check; subclass it, set ``name`` and ``kinds``, implement ``run``.

    Register an instance with :func:`audit.checks.registry.register`, or expose
    the class (or an instance) under the entry-point group ``audit.checks``.
    """

    name: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    def run(self, pair: Pair, context: Context) -> list[Finding]:
        return []

    def run_document(self, context: Context) -> list[Finding]:
        return [f for p in context.pairs for f in self.run(p, context)]


def make_pairs(ref_segments: Sequence[Segment], repost_segments: Sequence[Segment], beads: Sequence[Bead],
               scores: Sequence[PairScores | None],
               vectors: Mapping[str, np.ndarray] | None = None) -> list[Pair]:
    """The matched beads of a repost as :class:`Pair` records (one-sided beads have no pair)."""
    out = []
    for k, (b, s) in enumerate(zip(beads, scores)):
        if not (b.ref_ids and b.repost_ids and s is not None):
            continue
        rs = tuple(ref_segments[i] for i in b.ref_ids)
        ps = tuple(repost_segments[j] for j in b.repost_ids)
        rt, pt = " ".join(x.text for x in rs), " ".join(x.text for x in ps)
        vec = vectors or {}
        out.append(Pair(k, b, rt, pt, s, rs, ps, vec.get(rt), vec.get(pt)))
    return out
