import pytest

from audit.checks.antonyms import reversals


@pytest.mark.parametrize("ref, repost, expected", [
    ("Pets who died after eating the food.", "Pets who were born after eating the food.", [("died", "born")]),
    ("In early February, people verified it.", "In late February, people verified it.", [("early", "late")]),
    ("Prices rose by more than a third.", "Prices rose by less than a third.", [("more", "less")]),
    ("The driver was injured in the crash.", "The driver was unharmed in the crash.", [("injured", "unharmed")]),
    ("The river is navigable in summer.", "The river is unnavigable in summer.", [("navigable", "unnavigable")]),
    ("The results were unclear.", "The results were clear.", [("unclear", "clear")]),
])
def test_reversals_are_found(ref, repost, expected):
    assert reversals(ref, repost) == expected


@pytest.mark.parametrize("ref, repost", [
    ("It happened before and after the vote.", "It happened after the vote."),  # both in the reference
    ("Prices rose sharply.", "Prices increased steeply."),  # synonyms, not opposites
    ("The talks ended early.", "The talks ended early."),
    ("", ""),
])
def test_no_reversal(ref, repost):
    assert reversals(ref, repost) == []


def test_pairs_in_drift_findings(fake_embedder):
    from audit.checks.rules import Pair, drift_findings
    from audit.config import AuditConfig
    from audit.types import Bead, PairScores

    p = Pair(0, Bead((0,), (0,)), "In early February, people verified it.", "In late February, people verified it.",
             PairScores(0.95, 80.0, 60.0))
    (f,) = drift_findings([p], AuditConfig())
    assert f.kind == "semantic_drift" and "'early' became 'late'" in f.message


def test_counts_catch_a_swap_of_a_word_the_reference_also_has():
    assert reversals("opening the session and closing the summit",
                     "closing the session and closing the summit") == [("open", "closing")]
    assert reversals("a flow into deep water at deeper sections",
                     "a flow into shallow water at deeper sections") == [("deep", "shallow")]


def test_doubled_consonants_are_undone():
    assert reversals("He admitted the charge.", "He denied the charge.") == [("admit", "denied")]
