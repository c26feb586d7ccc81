"""Capitalised common words are not names (wordfreq frequencies plus the documents' own casing)."""
from __future__ import annotations

import pytest

from audit.checks.lexicon import is_common_word, lowercase_words, zipf
from audit.checks.rules import name_findings
from audit.checks.base import make_pairs
from audit.types import Bead, PairScores, Segment

LOWER = lowercase_words("the Taliban were taking control of things", "what we have seen")


@pytest.mark.parametrize("span, sentence", [
    ("Taking", "the Taliban would almost Taking control of the city"),  # MT's stray capital, "taking" elsewhere
    ("Things", "Things are bad."),  # opening a sentence, and very frequent
    ("Make", "Make sure of it."),
    ("Everyone", "(Everyone laughs)"),
])
def test_ordinary_words_are_not_names(span, sentence):
    assert is_common_word(span, sentence, LOWER)


@pytest.mark.parametrize("span, sentence", [
    ("China", "China said so."),  # frequent, but never written in lower case
    ("Russia", "Russia denied it."),
    ("US", "the US said"),  # acronym
    ("Galano", "They left Galano."),
    ("Herat", "Herat is quiet."),
    ("Nasser Shadid", "Nasser Shadid reported"),
])
def test_names_stay_names(span, sentence):
    assert not is_common_word(span, sentence, LOWER)


def test_zipf_folds_case_and_accents():
    assert zipf("Taking") == zipf("taking") > 5
    assert zipf("Galano") == 0.0


def _pairs(ref: str, rep: str):
    ref_segs, rep_segs = [Segment(0, ref, 0, len(ref), 0)], [Segment(0, rep, 0, len(rep), 0)]
    beads, scores = [Bead((0,), (0,), 0.9)], [PairScores(0.9, 70.0, 40.0)]
    return make_pairs(ref_segs, rep_segs, beads, scores), ref_segs, rep_segs


def test_a_name_never_pairs_with_a_common_word():
    pairs, ref, rep = _pairs("The special forces broke the siege of Qalaat Nou, while the Taliban were taking the city.",
                             "The Taliban would almost Taking control of the city, while the special forces were there.")
    found = name_findings(pairs, ref, rep, None)
    assert not [f for f in found if f.kind == "mangled_name"], found


def test_a_nationality_does_not_pair_with_a_place():
    pairs, ref, rep = _pairs("The American trainer came to help the Afghan forces.",
                             "About 200 prisoners escaped from Galano Central Prison with the Afghan forces.")
    found = name_findings(pairs, ref, rep, None)
    assert not [f for f in found if f.kind == "mangled_name" and f.ref_span == "American"], found


def test_a_garbled_name_is_still_mangled():
    pairs, ref, rep = _pairs("The Taliban entered Qala Nuo on Wednesday.", "The Taliban entered Galano on Wednesday.")
    [f] = [f for f in name_findings(pairs, ref, rep, None) if f.kind == "mangled_name"]
    assert (f.ref_span, f.repost_span, f.rule) == ("Qala Nuo", "Galano", "name.mangled")
