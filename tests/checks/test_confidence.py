"""Confidence: features, the shipped models, and severity that follows confidence."""
from __future__ import annotations

import json
from dataclasses import replace
import math

import pytest

from audit.checks import confidence as cf
from audit.checks.base import Context, make_pairs
from audit.config import AuditConfig
from audit.errors import AuditError, ConfigError
from audit.types import Bead, Finding, PairScores, Segment, Severity
from fakes import FakeEmbedder

REF = "Six policemen were killed in Qala-e-Naw on Monday."
REP = "Six policemen were killed in Galano on Monday."


def _context(relation: str = "translation", config: AuditConfig = AuditConfig()) -> Context:
    ref, rep = [Segment(0, REF, 0, len(REF), 0)], [Segment(0, REP, 0, len(REP), 0)]
    beads = [Bead((0,), (0,), 0.9)]
    scores = [PairScores(0.9, 80.0, 60.0)]
    return Context(ref, rep, beads, scores, make_pairs(ref, rep, beads, scores), FakeEmbedder(), config,
                   relation=relation)


def _finding(kind="mangled_name", rule="name.mangled", severity=Severity.ERROR) -> Finding:
    return Finding(kind, severity, "Qala-e-Naw", "Galano", REF, REP, 0.3, "why", 0, rule)


def _model(kind: str, intercept: float, coef: float = 0.0, feature: str = "name_sim") -> cf.ConfidenceModel:
    return cf.ConfidenceModel("test", "0" * 64, {kind: cf.KindModel((feature,), (0.0,), (1.0,), (coef,), intercept)})


def test_kind_model_is_a_standardised_logistic():
    m = cf.KindModel(("a", "b"), (1.0, 0.0), (2.0, 1.0), (0.5, -1.0), 0.25)
    z = 0.25 + 0.5 * (3.0 - 1.0) / 2.0 - 1.0 * 0.5
    assert m.predict({"a": 3.0, "b": 0.5}) == pytest.approx(1 / (1 + math.exp(-z)))
    assert m.predict({}) == pytest.approx(1 / (1 + math.exp(-(0.25 - 0.25))))  # missing features are 0


def test_a_feature_not_measured_counts_as_its_training_mean():
    m = cf.KindModel(("doc_cos",), (0.85,), (0.05,), (4.0,), 1.0)
    assert m.predict({"doc_cos": math.nan}) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert m.predict({"doc_cos": 0.55}) < 0.05  # what a multilingual cosine would read as


def test_across_languages_the_mean_cosine_is_not_measured():
    """The multilingual encoder's cosines are on another scale than the models were fitted on."""
    english = cf.doc_features(_context())
    across = cf.doc_features(replace(_context(), languages=("en", "zh")))
    assert english["doc_cos"] == pytest.approx(0.9) and math.isnan(across["doc_cos"])
    assert across["doc_cov"] == english["doc_cov"]


def test_features_see_rarity_position_and_the_rule():
    v = cf.features(_finding(), make_pairs(*_pair_parts())[0], {"doc_cos": 0.9})
    assert v["zipf_min"] < 3  # "Qala-e-Naw" is rare in English
    assert v["rep_zipf_min"] < 2  # so is "Galano"
    assert v["rule:name.mangled"] == 1.0 and v["doc_cos"] == 0.9
    assert 0 < v["ref_pos"] < 1 and v["ref_initial"] == 0.0
    assert v["cos"] == 0.9 and v["chrf"] == 0.8
    common = cf.features(Finding("mangled_name", Severity.ERROR, "Make", "Put", "Make it so.", "Put it so.",
                                 0.1, "", 0, "name.mangled"), None, {})
    assert common["rep_zipf_min"] > 5 and common["ref_initial"] == 1.0  # a common word opening a sentence


def _pair_parts():
    c = _context()
    return c.ref_segments, c.repost_segments, c.beads, c.scores


def test_severity_follows_confidence():
    ctx = _context()
    for intercept, want in ((4.0, Severity.ERROR), (0.5, Severity.WARNING), (-3.0, Severity.INFO)):
        [f] = cf.assess([_finding()], ctx, _model("mangled_name", intercept))
        assert f.severity is want and f.confidence == pytest.approx(1 / (1 + math.exp(-intercept)), abs=1e-4)
    strict = _context(config=AuditConfig(error_confidence=0.99))
    [f] = cf.assess([_finding()], strict, _model("mangled_name", 4.0))  # 0.982 < 0.99
    assert f.severity is Severity.WARNING


def test_confidence_never_raises_the_rules_severity():
    [f] = cf.assess([_finding("semantic_drift", "drift.negation", Severity.WARNING)], _context(),
                    _model("semantic_drift", 6.0))
    assert f.confidence > 0.99 and f.severity is Severity.WARNING


def test_exact_rules_bypass_the_models_and_variants_only_inform():
    ctx = _context()
    [listed] = cf.assess([_finding(rule="name.listed")], ctx, _model("mangled_name", -5.0))
    assert listed.confidence == 0.99 and listed.severity is Severity.ERROR
    [variant] = cf.assess([_finding("name_variant", "name.variant", Severity.INFO)], ctx, _model("name_variant", 5.0))
    assert variant.confidence > 0.9 and variant.severity is Severity.INFO


def test_related_articles_report_only_contradictions():
    ctx = _context("related")
    model = cf.ConfidenceModel("t", "0" * 64, {
        "mangled_name": cf.KindModel((), (), (), (), 5.0), "number_mismatch": cf.KindModel((), (), (), (), 5.0)})
    number = lambda rule: Finding("number_mismatch", Severity.ERROR, "Six", "Nine", REF, REF.replace("Six", "Nine"),
                                  0.9, "why", 0, rule)
    name, same, other = cf.assess([_finding(), number("number.same_fact"), number("number.other_fact")], ctx, model)
    assert name.severity is Severity.INFO and other.severity is Severity.INFO
    assert same.severity is Severity.ERROR


def test_in_a_related_article_a_number_in_a_narrower_scope_only_informs():
    """69 killed near Qala-e-Naw is not the ministry's 239 killed across the country."""
    ref = ("The Afghan Ministry of Defense said that 239 Taliban were killed and 157 others were wounded "
           "in separate areas of the country during the past 24 hours.")
    rep = ("According to the Afghan Defense Ministry, 69 Taliban fighters were killed and 23 others were "
           "wounded in recent operations in the outskirts of Qala-e-Naw.")
    narrower = Finding("number_mismatch", Severity.ERROR, "239", "69", ref, rep, 0.8, "why", 0, "number.same_fact")
    assert not cf.same_scope(narrower)
    reworded = replace(narrower, repost_sentence=rep.replace(" in the outskirts of Qala-e-Naw", ""))
    assert cf.same_scope(reworded)  # "Afghan Defense Ministry" is the "Afghan Ministry of Defense"
    model = cf.ConfidenceModel("t", "0" * 64, {"number_mismatch": cf.KindModel((), (), (), (), 5.0)})
    got = cf.assess([narrower, reworded], _context("related"), model)
    assert [f.severity for f in got] == [Severity.INFO, Severity.ERROR]
    assert cf.assess([narrower], _context("translation"), model)[0].severity is Severity.ERROR


def test_kinds_without_a_model_keep_their_severity():
    [f] = cf.assess([_finding("style_spelling", "", Severity.WARNING)], _context(), _model("mangled_name", 5.0))
    assert f.severity is Severity.WARNING and f.confidence is None and f.features


def test_confidence_model_none_keeps_rule_severities_with_features():
    ctx = _context(config=AuditConfig(confidence_model="none"))
    [f] = cf.assess([_finding(severity=Severity.ERROR)], ctx)
    assert f.severity is Severity.ERROR and f.confidence is None and dict(f.features)["rule:name.mangled"] == 1


def test_keep_filters_by_confidence_but_never_unscored_findings():
    a = _finding().__class__(**{**_finding().__dict__, "confidence": 0.3})
    b = _finding().__class__(**{**_finding().__dict__, "confidence": 0.8})
    c = _finding()
    assert cf.keep([a, b, c], 0.5) == [b, c]


def test_shipped_models_load_and_cover_the_built_in_kinds():
    m = cf.load_model()
    assert m.version.startswith("confidence-") and len(m.sha256) == 64
    for kind in ("omitted_sentence", "dropped_clause", "mangled_name", "number_mismatch", "semantic_drift"):
        assert kind in m.kinds, kind
    for km in m.kinds.values():
        assert len(km.features) == len(km.coef) == len(km.mean) == len(km.scale)


def test_a_broken_model_file_says_how_to_fix_it(tmp_path):
    bad = tmp_path / "confidence.json"
    bad.write_text(json.dumps({"version": "x", "kinds": {"mangled_name": {"features": ["a"]}}}))
    with pytest.raises(AuditError, match="bench_confidence.py --write"):
        cf.load_model(str(bad))


@pytest.mark.parametrize("kw", [dict(warning_confidence=0.95), dict(error_confidence=1.5), dict(min_confidence=2.0),
                                dict(clause_warning_confidence=0.95), dict(name_warning_confidence=-0.1),
                                dict(negation_warning_confidence=0.95)])
def test_confidence_settings_are_checked(kw):
    with pytest.raises(ConfigError, match="confidence"):
        AuditConfig(**kw)


def test_a_dropped_clause_needs_its_own_higher_confidence_to_warn():
    """Short spans rendered freely are the commonest false finding on clean MT, so dropped_clause
    warns only from clause_warning_confidence; every other kind from warning_confidence."""
    config = AuditConfig()
    assert config.warning_confidence < config.clause_warning_confidence < config.error_confidence
    mid = (config.warning_confidence + config.clause_warning_confidence) / 2
    assert cf.severity_for(mid, config, "mangled_name") == Severity.WARNING
    assert cf.severity_for(mid, config, "dropped_clause") == Severity.INFO
    assert cf.severity_for(config.clause_warning_confidence, config, "dropped_clause") == Severity.WARNING
    assert cf.severity_for(config.error_confidence, config, "dropped_clause") == Severity.ERROR
    lower = config.with_(clause_warning_confidence=config.warning_confidence)
    assert cf.severity_for(mid, lower, "dropped_clause") == Severity.WARNING


def test_a_mangled_name_warns_from_its_own_lower_confidence():
    """The name model under-rates names below 0.4 (cross-fitted, they are right about two times in
    three), so mangled_name warns from name_warning_confidence; drift still needs warning_confidence."""
    config = AuditConfig()
    assert config.name_warning_confidence < config.warning_confidence
    mid = (config.name_warning_confidence + config.warning_confidence) / 2
    assert cf.severity_for(mid, config, "mangled_name") == Severity.WARNING
    assert cf.severity_for(mid, config, "semantic_drift") == Severity.INFO
    below = config.name_warning_confidence - 0.01
    assert cf.severity_for(below, config, "mangled_name") == Severity.INFO
    assert cf.severity_for(mid, config.with_(name_warning_confidence=0.5), "mangled_name") == Severity.INFO


def test_a_drift_from_a_negation_warns_from_its_own_cut_off_other_drifts_do_not():
    """The negation rule's findings given 0.35-0.4 are mostly right; other drifts there are not."""
    config = AuditConfig()
    assert config.negation_warning_confidence < config.warning_confidence
    mid = (config.negation_warning_confidence + config.warning_confidence) / 2
    assert cf.severity_for(mid, config, "semantic_drift", "drift.negation") == Severity.WARNING
    assert cf.severity_for(mid, config, "semantic_drift", "drift.cosine") == Severity.INFO
    assert cf.severity_for(mid, config, "semantic_drift") == Severity.INFO
    drift = Finding("semantic_drift", Severity.WARNING, REF, REP.replace("were", "were not"), REF, REP, 0.8, "why",
                    0, "drift.negation")
    [assessed] = cf.assess([drift], _context(), _model("semantic_drift", math.log(mid / (1 - mid))))
    assert assessed.severity is Severity.WARNING and assessed.confidence == pytest.approx(mid, abs=1e-4)
