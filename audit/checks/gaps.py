"""Where an unmatched sentence sits: the evidence a document-wide mean cannot give.

A sentence the aligner left unmatched is either gone (a paragraph the repost
dropped: it sits in a run of unmatched sentences, and nothing on the other side
between the two matched neighbours says the same thing) or a poor rendering
that the aligner would not pair (the other side holds an unmatched sentence in
the very same place, or the neighbouring bead took its words). The confidence
models saw the second kind only in MAC's complete novel translations and the
first only in the spun talks, so with the document's mean cosine alone they
learnt which corpus a finding came from. These features describe the place
itself, and carry over from one corpus to the other.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..types import Bead, Finding, Segment
from .base import Context

UNMATCHED = {"omitted_sentence": 0, "added_sentence": 1}  # kind -> the side its sentence is on
REACH = 3  # at a document's edge, how many sentences of the other side count as the place


def gap_features(f: Finding, context: Context) -> dict[str, float]:
    """``gap_other`` and ``gap_cos`` for an omitted or added sentence ({} otherwise).

    - gap_other: unmatched content sentences on the other side in the same place, between the
      matched neighbours (log1p);
    - gap_cos: the highest cosine between the sentence and any other-side sentence of that place,
      the neighbours' included (NaN across languages, where cosines are on another scale).
    """
    side = UNMATCHED.get(f.kind)
    beads = context.beads
    if side is None or not 0 <= f.bead < len(beads) or not beads[f.bead].ids(side):
        return {}
    segs = (context.ref_segments, context.repost_segments)
    other = _place(beads, beads[f.bead].ids(side)[0], side, len(segs[1 - side]))
    matched = {j for b in beads if b.ref_ids and b.repost_ids for j in b.ids(1 - side)}
    gap = [j for j in other if j not in matched and not segs[1 - side][j].is_boilerplate]
    return {
        "gap_other": math.log1p(len(gap)),
        "gap_cos": math.nan if context.crosslingual else _best_cosine(
            " ".join(segs[side][i].text for i in beads[f.bead].ids(side)),
            [segs[1 - side][j] for j in other], context),
    }


def _place(beads: Sequence[Bead], at: int, side: int, n_other: int) -> range:
    """The other side's sentences from the counterpart of the matched bead before sentence ``at``
    (of ``side``) to that of the matched bead after it, both included."""
    pairs = sorted((min(b.ids(side)), max(b.ids(side)), min(b.ids(1 - side)), max(b.ids(1 - side)))
                   for b in beads if b.ref_ids and b.repost_ids)
    before = [p for p in pairs if p[1] < at]
    after = [p for p in pairs if p[0] > at]
    lo = max(before, key=lambda p: p[1])[3] if before else None
    hi = after[0][2] if after else None
    if lo is None and hi is None:
        return range(0)
    if lo is None:
        lo = max(hi - REACH, 0)
    if hi is None:
        hi = min(lo + REACH, n_other - 1)
    # A neighbour moved out of order leaves no place between them on the other side.
    return range(lo, hi + 1) if lo <= hi else range(0)


def _best_cosine(text: str, others: Sequence[Segment], context: Context) -> float:
    if not others:
        return 0.0
    vecs = context.embedder.encode([text, *(s.text for s in others)])
    return float(np.max(vecs[1:] @ vecs[0]))
