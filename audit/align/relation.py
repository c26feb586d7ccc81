"""What a repost is to the reference: a translation, part of one, a related article, or unrelated.

The verdict rests on how much of each side the aligner matched. The aligner
keeps a weak pair only between strong matches, so an article about something
else matches (almost) nothing, and a different article about the same event
matches a minority of sentences on both sides. A translation matches nearly
everything on both sides; an excerpt, or a copy padded with extra paragraphs,
matches most of one side.

The cut-offs were set on the seeds (001 partial, 002-004 related) and MAC
(complete translations); ``benchmarks/bench_relation.py`` reports them on
those and on data they were not set on (mqm-ted, synthetic excerpts and
unrelated pairs).
"""
from __future__ import annotations

from collections.abc import Sequence

from ..types import Bead, Relation, Segment

RELATIONS = ("translation", "partial", "related", "unrelated")

# Share of a side's content sentences that must be matched.
TRANSLATION_MIN = 0.85  # both sides: MAC chapters and mqm-ted talks sit at 0.93-1.0
PARTIAL_MIN = 0.6  # one side: seed 001 matches 0.875 of the reference; 002-004 at most 0.47
RELATED_MIN = 0.1  # either side: below it a few chance pairs are all there is
RELATED_MIN_SENTENCES = 2  # ...and a single chance pair never makes two articles related


def classify(ref: Sequence[Segment], repost: Sequence[Segment], beads: Sequence[Bead]) -> Relation:
    ref_content = [s.index for s in ref if not s.is_boilerplate]
    rep_content = [s.index for s in repost if not s.is_boilerplate]
    matched_ref = {i for b in beads if b.repost_ids for i in b.ref_ids}
    matched_rep = {j for b in beads if b.ref_ids for j in b.repost_ids}
    n_ref = sum(i in matched_ref for i in ref_content)
    n_rep = sum(j in matched_rep for j in rep_content)
    ref_cov = n_ref / len(ref_content) if ref_content else 0.0
    rep_cov = n_rep / len(rep_content) if rep_content else 0.0
    if ref_cov >= TRANSLATION_MIN and rep_cov >= TRANSLATION_MIN:
        kind = "translation"
    elif max(ref_cov, rep_cov) >= PARTIAL_MIN:
        kind = "partial"
    elif max(ref_cov, rep_cov) >= RELATED_MIN and min(n_ref, n_rep) >= RELATED_MIN_SENTENCES:
        kind = "related"
    else:
        kind = "unrelated"
    evidence = (f"{n_ref} of {len(ref_content)} reference sentences and "
                f"{n_rep} of {len(rep_content)} repost sentences matched")
    return Relation(kind, round(ref_cov, 4), round(rep_cov, 4), evidence)
