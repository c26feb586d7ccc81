"""A negation that moved to another word (audit.checks.rules.moved_negation), from DEMETR's negation file."""
import pytest

from audit.checks.rules import Pair, drift_findings, moved_negation
from audit.config import AuditConfig
from audit.types import Bead, PairScores


@pytest.mark.parametrize("ref, repost, word", [
    ("We cannot increase the profit of our creditors while 50 percent of children live in poverty.",
     "While 50 percent of children do not live in poverty, we can maximize gains for our creditors.", "live"),
    ("Norway's people enjoy one of the highest standards of living, not just in Europe, but in the world.",
     "The people of Norway don't enjoy one of the highest standards of living in Europe, but in the world.", "enjoy"),
])
def test_a_word_the_repost_negates_and_the_reference_does_not(ref, repost, word):
    assert moved_negation(ref, repost) == word


@pytest.mark.parametrize("ref, repost", [
    ("He did not go home.", "He didn't go home."),
    # the reference's negation governs every word near it: "problems" is negated on both sides
    ("Haiti had not encountered problems related to the disease since the 1800s.",
     "Haiti had not had a problem with the disease since the early 19th century."),
    ("This is not going to be goodbye.", "This will not be a farewell."),
])
def test_the_same_negation_reworded_is_no_move(ref, repost):
    assert moved_negation(ref, repost) is None


def test_drift_findings_report_the_move():
    p = Pair(0, Bead((0,), (0,)), "They should not be asked to take on obligations that go beyond their means.",
             "They should be asked to take on obligations that do not go beyond their means.",
             PairScores(0.95, 80.0, 60.0))
    (f,) = drift_findings([p], AuditConfig())
    assert f.rule == "drift.negation" and "negation moved" in f.message and "'go" in f.message
