from __future__ import annotations

import pytest

from audit.checks.clauses import content_words, coverage, split_clauses

SENT = ("According to the peace agreement signed in Doha two years ago, the Taliban are prohibited from "
        "going to city centers, but those close to the movement said that government forces also committed "
        "violations by daily aerial bombardment of Taliban positions.")


def test_clauses_keep_offsets():
    for c in split_clauses(SENT):
        assert SENT[c.start:c.end] == c.text


@pytest.mark.parametrize("clause", [
    "According to the peace agreement signed in Doha two years ago",
    "the Taliban are prohibited from going to city centers",
    "but those close to the movement said that government forces also committed violations by daily "
    "aerial bombardment of Taliban positions",
])
def test_split_at_punctuation_and_openers(clause):
    assert clause in [c.text for c in split_clauses(SENT)]


def test_sentence_boundaries_split_too():
    assert [c.text for c in split_clauses("One thing happened. Then another.")] == ["One thing happened", "Then another"]


def test_content_words_drop_stopwords_and_fold():
    assert content_words("The Café was closed by the police") == ["cafe", "closed", "police"]


@pytest.mark.parametrize("clause, repost, expected", [
    ("daily aerial bombardment of Taliban positions", "the Taliban positions were bombarded daily from the air", 0.8),
    ("while the sound of gunfire was heard", "the soldiers expelled the enemy", 0.0),
    ("", "anything", 1.0),
])
def test_coverage(clause, repost, expected):
    assert coverage(clause, repost) == pytest.approx(expected)
