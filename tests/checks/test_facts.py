"""Two numbers are compared as "X became Y" only when they count the same thing."""
from __future__ import annotations

import pytest

from audit.checks.base import Pair
from audit.checks.facts import is_list_marker, same_fact
from audit.checks.numbers import extract_numbers
from audit.checks.rules import number_findings
from audit.types import Bead, PairScores


def _mention(text: str, surface: str):
    [m] = [m for m in extract_numbers(text) if m.surface == surface]
    return m


@pytest.mark.parametrize("ref, rs, rep, ps, same", [
    # the seeds' wrong crossings (issue 12): different counted nouns
    ("6 policemen were killed in a Taliban attack.", "6",
     "The Taliban have occupied more than 100 areas in Afghanistan.", "100", False),
    ("About 200 prisoners escaped from the central prison.", "200",
     "The ministry stated that 69 Taliban fighters were killed in operations.", "69", False),
    # the same noun, but another event in its own clause
    ("239 Taliban were killed, 157 others were wounded, and two fighters were arrested.", "two",
     "The ministry stated that 69 Taliban fighters were killed in operations.", "69", False),
    # one fact, retold
    ("About 200 prisoners escaped from the central prison in Badghis.", "200",
     "The fighters freed around 600 prisoners from the provincial central prison.", "600", True),
    ("that 239 Taliban were killed, 157 others were wounded", "239",
     "69 Taliban fighters were killed and 23 others were wounded", "69", True),
    ("The storm destroyed 40 houses in the village.", "40", "The storm destroyed 400 houses in the village.", "400",
     True),
    ("300 Afghan soldiers crossed the border.", "300", "3,000 Afghan troops crossed the border.", "3,000", True),
])
def test_same_fact(ref, rs, rep, ps, same):
    assert same_fact(ref, _mention(ref, rs), rep, _mention(rep, ps))[0] is same


def test_a_pair_with_different_counted_things_is_a_warning_not_an_error():
    ref, rep = "6 policemen were killed near Kabul.", "Officials said 100 areas had fallen near Kabul."
    [f] = number_findings([Pair(0, Bead((0,), (0,)), ref, rep, PairScores(0.6, 40.0, 10.0))])
    assert f.severity.value == "warning" and "count different things" in f.message


def test_a_changed_count_of_the_same_thing_stays_an_error():
    ref, rep = "The storm destroyed 40 houses.", "The storm destroyed 400 houses."
    [f] = number_findings([Pair(0, Bead((0,), (0,)), ref, rep, PairScores(0.9, 80.0, 50.0))])
    assert f.severity.value == "error" and f.message == "40 in the reference became 400 in the repost"


@pytest.mark.parametrize("text, surface, marker", [
    ("1. Preheat the oven.", "1", True),
    ("Step list:\n2) Knead the dough.", "2", True),
    ("He bought 2 loaves.", "2", False),
    ("1,000 people marched.", "1,000", False),
])
def test_list_markers(text, surface, marker):
    assert is_list_marker(text, _mention(text, surface)) is marker
