from __future__ import annotations

import math

import pytest

from audit.checks.base import Context, make_pairs
from audit.checks.gaps import gap_features
from audit.checks.rules import unmatched_findings
from audit.config import AuditConfig
from audit.types import Bead, Finding, PairScores, Segment, Severity
from fakes import FakeEmbedder

REF = ["The council met on Monday.", "It approved the new budget for schools.",
       "Teachers will get a pay rise next year.", "The mayor praised the vote.", "The meeting ended at noon."]


def _segments(texts: list[str]) -> list[Segment]:
    return [Segment(k, t, 0, len(t), k) for k, t in enumerate(texts)]


def _context(rep_texts: list[str], beads: list[Bead], languages=("", "")) -> Context:
    ref, rep = _segments(REF), _segments(rep_texts)
    scores = [PairScores(0.9, 80.0, 60.0) if b.ref_ids and b.repost_ids else None for b in beads]
    return Context(ref, rep, beads, scores, make_pairs(ref, rep, beads, scores), FakeEmbedder(), AuditConfig(),
                   languages=languages)


def _features(context: Context, kind: str) -> list[dict[str, float]]:
    found = unmatched_findings(context.ref_segments, context.repost_segments, context.beads, context.config)
    return [gap_features(f, context) for f in found if f.kind == kind]


def test_a_dropped_run_has_no_partner_on_the_other_side():
    rep = ["The council met on Monday.", "The mayor praised the vote.", "The meeting ended at noon."]
    beads = [Bead((0,), (0,), 0.9), Bead((1,), ()), Bead((2,), ()), Bead((3,), (1,), 0.9), Bead((4,), (2,), 0.9)]
    feats = _features(_context(rep, beads), "omitted_sentence")
    assert len(feats) == 2
    for f in feats:
        assert f["gap_other"] == 0.0
        assert f["gap_cos"] < 0.5  # only the neighbours' own counterparts are in the place


def test_a_poor_rendering_has_a_partner_in_the_same_place():
    rep = ["The council met on Monday.", "It approved a budget, new, for the schools.",
           "Teachers will get a pay rise next year.", "The mayor praised the vote.", "The meeting ended at noon."]
    beads = [Bead((0,), (0,), 0.9), Bead((1,), ()), Bead((), (1,)), Bead((2,), (2,), 0.9),
             Bead((3,), (3,), 0.9), Bead((4,), (4,), 0.9)]
    context = _context(rep, beads)
    omitted, = _features(context, "omitted_sentence")
    added, = _features(context, "added_sentence")
    for f in (omitted, added):
        assert f["gap_other"] == pytest.approx(math.log1p(1))
        assert f["gap_cos"] > 0.6  # the unmatched partner says nearly the same


def test_an_edge_sentence_looks_a_few_sentences_into_the_other_side():
    rep = ["The council met on Monday.", "It approved the new budget for schools.",
           "Teachers will get a pay rise next year.", "The mayor praised the vote."]
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9), Bead((2,), (2,), 0.9), Bead((3,), (3,), 0.9),
             Bead((4,), ())]
    f, = _features(_context(rep, beads), "omitted_sentence")
    assert f["gap_other"] == 0.0


def test_across_languages_the_cosine_is_not_measured():
    rep = ["Le conseil s'est réuni lundi.", "Le maire a salué le vote.", "La réunion a pris fin à midi."]
    beads = [Bead((0,), (0,), 0.5), Bead((1,), ()), Bead((2,), ()), Bead((3,), (1,), 0.5), Bead((4,), (2,), 0.5)]
    for f in _features(_context(rep, beads, ("en", "fr")), "omitted_sentence"):
        assert math.isnan(f["gap_cos"])
        assert f["gap_other"] == 0.0


def test_other_kinds_get_no_gap_features():
    context = _context(list(REF), [Bead((k,), (k,), 0.9) for k in range(5)])
    name = Finding("mangled_name", Severity.ERROR, "council", "counsel", REF[0], REF[0], 0.3, "why", 0, "name.mangled")
    assert gap_features(name, context) == {}
