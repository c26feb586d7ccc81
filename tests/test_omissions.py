import pytest

from audit.checks.rules import Pair
from audit.checks.clauses import is_attribution, missing_spans, without
from audit.config import AuditConfig
from audit.checks.omissions import clause_texts, omission_findings
from audit.types import Bead, PairScores


def pair(ref: str, repost: str, k: int = 0) -> Pair:
    return Pair(k, Bead((k,), (k,)), ref, repost, PairScores(0.9, 60.0, 30.0))


def spans(ref, repost):
    return [ref[a:b] for a, b in missing_spans(ref, repost)]


def test_missing_spans_are_words_and_runs_without_a_stem_match():
    ref = "Rangers closely monitor shooters in the supplementary pest control trial."
    rep = "Rangers monitor shooters in the pest control trials."
    assert spans(ref, rep) == ["closely", "supplementary"]
    got = spans("Police found the stolen red car near the old bridge.", "Police found the car near the bridge.")
    assert "stolen red" in got and "old" in got


def test_numbers_and_stopwords_are_not_missing_words():
    assert spans("About 200 of them were in the jail.", "Some were in the jail.") == []


def test_without_cuts_and_tidies():
    s = "Zarif spoke, according to an official statement."
    a = s.index("according")
    assert without(s, a, len(s) - 1) == "Zarif spoke, ."
    assert without("a b c", 2, 3) == "a c"


@pytest.mark.parametrize("text, expected", [
    ("according to an official statement", True),
    ("citing police sources", True),
    ("the statement said", False),
])
def test_is_attribution(text, expected):
    assert is_attribution(text) is expected


def test_clause_texts_cover_everything_the_check_embeds(fake_embedder):
    p = pair("Zarif called for peace, according to an official statement.", "Zarif called for peace.")
    omission_findings([p], fake_embedder, AuditConfig())
    before = fake_embedder.encoded
    omission_findings([p], fake_embedder, AuditConfig())
    assert fake_embedder.encoded == before
    assert "according to an official statement" in clause_texts(p.ref_text, p.repost_text, AuditConfig())


def test_a_dropped_word_is_reported_as_its_own_span(fake_embedder):
    p = pair("Rangers closely monitor shooters in the trial.", "Rangers monitor shooters in the trial.")
    found = omission_findings([p], fake_embedder, AuditConfig())
    assert [(f.kind, f.ref_span) for f in found] == [("dropped_clause", "closely")]
    assert found[0].score > AuditConfig().word_min_gain


def test_identical_pair_has_no_omission(fake_embedder):
    s = "Rangers closely monitor shooters in the trial."
    assert omission_findings([pair(s, s)], fake_embedder, AuditConfig()) == []


def test_short_attribution_clause_is_reported(fake_embedder):
    p = pair("Zarif called for peace, according to an official statement.", "Zarif called for peace.")
    assert "according to an official statement" in [f.ref_span for f in omission_findings([p], fake_embedder, AuditConfig())]


def test_gain_threshold_comes_from_config(fake_embedder):
    p = pair("Rangers closely monitor shooters in the trial.", "Rangers monitor shooters in the trial.")
    assert omission_findings([p], fake_embedder, AuditConfig(word_min_gain=0.9)) == []


# -- the real model: ablation tells a paraphrase from a loss -------------------

@pytest.mark.parametrize("ref, repost, lost", [
    ("An official in the Ministry of Defense - who spoke on condition of anonymity - said that militants "
     "had taken control of the regional office.",
     "An official of the Ministry of Defense, who asked not to be named, said that militants have taken "
     "control of the regional offices.", None),
    pytest.param("An official, who spoke on condition of anonymity, said the office was taken.",
                 "An official, who asked not to be named, said the office was taken.", None,
                 marks=pytest.mark.xfail(strict=True, reason="in a short sentence cutting the idiom still "
                                         "brings MiniLM closer (+0.016): the model does not see the paraphrase")),
    ("The ministry said in a tweet on Wednesday that 239 fighters were killed.",
     "The ministry tweeted on Wednesday that 239 fighters were killed.", None),
    ("Cyanuric acid and melamine were found in urine samples of pets.",
     "Acid and melamine were found in urine samples of pets.", "Cyanuric"),
    ("The governor fled the city while the sound of gunfire was heard in the background.",
     "The governor fled the city.", "while the sound of gunfire was heard in the background"),
])
def test_real_model_separates_paraphrase_from_loss(real_embedder, ref, repost, lost):
    found = [f.ref_span for f in omission_findings([pair(ref, repost)], real_embedder, AuditConfig())]
    if lost is None:
        assert found == []
    else:
        assert lost in found
