"""End to end across languages: an Arabic or Chinese reference, English reposts, the real encoders."""
from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.embed import load_embedder
from audit.ingest.language import crosses_languages, language_of
from audit.ingest.read import read_document
from audit.pipeline import audit
from audit.types import Severity

HERE = Path(__file__).parent / "fixtures/across"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def multilingual():
    return load_embedder("all-MiniLM-L6-v2", encoder="use-m3")


def run(reference, *reposts, embedder, multilingual):
    return audit(read_document(HERE / reference), [read_document(HERE / r) for r in reposts],
                 embedder=embedder, crosslingual=multilingual)


def faults(repost):
    return {(f.kind, f.ref_span, f.repost_span) for f in repost.findings if f.severity.rank >= Severity.WARNING.rank}


def test_languages_are_detected():
    assert language_of((HERE / "prison_ar.txt").read_text()) == "ar"
    assert language_of((HERE / "prison_zh.txt").read_text()) == "zh"
    assert language_of((HERE / "prison_en_clean.txt").read_text()) == "en"
    assert language_of("Short.") == ""  # too short to tell: audited as one language
    assert crosses_languages("zh", "en") and not crosses_languages("", "en")


@pytest.mark.parametrize("reference, clean, mangled, name, number", [
    ("prison_ar.txt", "prison_en_clean.txt", "prison_en_mangled.txt", ("قلعة نو", "Galano"), ("200", "600")),
    ("prison_zh.txt", "prison_zh_en_clean.txt", "prison_zh_en_mangled.txt", ("清扬", "Chan Kingyan"),
     ("两百", "600")),
])
def test_mangled_name_and_changed_number_found_against_the_source(real_embedder, multilingual, reference, clean,
                                                                    mangled, name, number):
    result = run(reference, clean, mangled, embedder=real_embedder, multilingual=multilingual)
    good, bad = result.reposts
    assert good.relation.kind == bad.relation.kind == "translation"
    assert faults(good) == set()  # a faithful translation: nothing to dismiss
    found = faults(bad)
    assert ("mangled_name", *name) in found
    assert ("number_mismatch", *number) in found
    [change] = [f for f in bad.findings if f.kind == "number_mismatch"]
    assert change.severity is Severity.ERROR
    assert "|crosslingual:" in result.signature and "use-multilingual-v3@sha256:0db566fd0af82cbf" in result.signature


def test_english_audit_does_not_load_the_multilingual_encoder(real_embedder):
    def refuse():
        raise AssertionError("the multilingual encoder was loaded for an English audit")

    result = audit(read_document(HERE / "prison_en_clean.txt"), [read_document(HERE / "prison_en_mangled.txt")],
                   embedder=real_embedder, crosslingual=refuse)
    assert "|crosslingual:" not in result.signature
    assert any(f.kind == "number_mismatch" for f in result.reposts[0].findings)


def test_reference_lang_overrides_detection(real_embedder, multilingual):
    config = AuditConfig(reference_lang="ar")
    result = audit(read_document(HERE / "prison_ar.txt"), [read_document(HERE / "prison_en_mangled.txt")],
                   embedder=real_embedder, crosslingual=multilingual, config=config)
    assert "crosslingual:ar-en@" in result.signature


def test_plain_english_skips_langdetect(monkeypatch):
    import audit.ingest.language as language

    monkeypatch.setattr(language, "detect_language", lambda text: (_ for _ in ()).throw(AssertionError("called")))
    assert language_of((HERE / "prison_en_clean.txt").read_text()) == "en"
    monkeypatch.undo()
    german = "Der Minister sagte in Berlin, dass die Regierung und das Parlament zustimmen werden, aber später."
    assert language_of(german * 2) == "de"


def test_without_a_multilingual_encoder_the_english_path_runs_and_warns(real_embedder):
    result = audit(read_document(HERE / "prison_zh.txt"), [read_document(HERE / "prison_zh_en_mangled.txt")],
                   embedder=real_embedder)
    assert "|crosslingual:" not in result.signature
    assert not any(f.rule.startswith("across.") for f in result.reposts[0].findings)
    assert any("English-only" in w for w in result.warnings)


def test_audit_pairs_against_a_chinese_source(tmp_path):
    """``audit pairs`` with a source column (CSV) and a TMX whose srclang is Chinese, with the real encoders."""
    import csv

    from typer.testing import CliRunner

    from audit.cli import main as cli

    pairs = Path(__file__).parent / "fixtures/pairs"
    runner = CliRunner()
    bad = runner.invoke(cli.app, ["pairs", str(pairs / "source_zh.csv"), "-o", str(tmp_path / "bad"), "-q"])
    assert bad.exit_code == 1, bad.output
    with open(tmp_path / "bad/findings.csv", encoding="utf-8", newline="") as f:
        found = {(r["repost"], r["kind"], r["severity"], r["ref_text"], r["repost_text"]) for r in csv.DictReader(f)}
    assert ("s1", "number_mismatch", "error", "两百", "600") in found
    assert ("s2", "mangled_name", "warning", "清扬", "Chan Kingyan") in found
    assert "|crosslingual:zh-en@use-multilingual-v3" in (tmp_path / "bad/signature.txt").read_text()
    with open(tmp_path / "bad/summary.csv", encoding="utf-8", newline="") as f:
        assert {(r["reference_lang"], r["repost_lang"]) for r in csv.DictReader(f)} == {("zh", "en")}
    good = runner.invoke(cli.app, ["pairs", str(pairs / "source_zh.tmx"), "-o", str(tmp_path / "good"), "-q",
                                   "--fail-on", "warning"])
    assert good.exit_code == 0, good.output  # the faithful translation memory: nothing at warning or above


def test_a_one_sentence_foreign_article_about_something_else_is_unrelated(real_embedder, multilingual):
    # It shares no anchor with the reference; a summed five-sentence window once reached the
    # cross-language keep_min by chance, and the repost came out "partial" with 27 omissions.
    from audit.ingest.read import document_from_text

    seeds = Path(__file__).parents[1] / "seeds"
    french = document_from_text("Le conseil municipal s'est réuni lundi pour approuver le budget des écoles.\n",
                                path="council.fr.txt")
    result = audit(read_document(seeds / "000_reference_aljazeera.txt"), [french],
                   embedder=real_embedder, crosslingual=multilingual)
    repost = result.reposts[0]
    assert repost.relation.kind == "unrelated"
    assert [f.kind for f in repost.findings] == ["unrelated_repost"]
