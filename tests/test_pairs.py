from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from fakes import FakeEmbedder

from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit.cli import main as cli
from audit.config import AuditConfig
from audit.embed import CachingEmbedder
from audit.errors import InputError
from audit.pairs import SegmentPair, audit_pair_chunks, audit_pairs, open_pairs, read_pairs

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- reading

def test_read_csv():
    pairs = read_pairs(FIXTURES / "pairs.csv")
    assert [p.id for p in pairs] == ["p1", "p2", "p3", "p4"]
    assert pairs[0].repost.startswith("About 600")
    assert pairs[2].repost == "" and pairs[3].reference == ""


def test_read_tsv():
    pairs = read_pairs(FIXTURES / "pairs.tsv")
    assert pairs == [
        SegmentPair("t1", "Five soldiers were killed on Sunday.", "Five soldiers were killed on Sunday."),
        SegmentPair("t2", "The bridge, which opened in 2010, was closed.", "The bridge, which opened in 2010, was closed."),
    ]


def test_tsv_is_sniffed_without_extension(tmp_path):
    f = tmp_path / "pairs.dat"
    f.write_bytes((FIXTURES / "pairs.tsv").read_bytes())
    assert [p.id for p in read_pairs(f)] == ["t1", "t2"]


def test_read_tmx_uses_srclang_and_drops_inline_codes():
    pairs = read_pairs(FIXTURES / "pairs.tmx")
    assert [p.id for p in pairs] == ["x1", "x2"]
    # srclang en-US is the second <tuv> of x1: it is the reference
    assert pairs[0].reference == "The price rose by 12 percent last year."
    assert "<b>" not in pairs[0].repost and pairs[0].repost == "The price rose by 12 percent last year."
    assert pairs[1].reference == "Officials met in Geneva on Friday."


def test_columns_are_matched_by_name_in_any_order(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("repost,ID,reference,note\nb text,a1,a text,x\n", encoding="utf-8")
    assert read_pairs(f) == [SegmentPair("a1", "a text", "b text")]


@pytest.mark.parametrize("name, content, needle", [
    ("missing.csv", "id,reference,translation\n1,a,b\n", "repost"),
    ("empty.csv", "", "empty"),
    ("header_only.csv", "id,reference,repost\n", "no pairs"),
    ("bad.tmx", "<tmx><body><tu><tuv xml:lang='en'><seg>a</seg></tuv>", "XML"),
    ("notmx.tmx", "<root><x/></root>", "not TMX"),
    ("dup.csv", "id,reference,repost\n1,a,b\n1,c,d\n", "'1'"),
])
def test_bad_inputs_raise_input_error(tmp_path, name, content, needle):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_pairs(f)
    assert needle in str(exc.value) and name in str(exc.value)
    assert "\n" not in str(exc.value)


def test_undecodable_is_input_error(tmp_path):
    f = tmp_path / "p.csv"
    f.write_bytes(b"id,reference,repost\n1,\x00\xff\xfe,b\n" * 5)
    with pytest.raises(InputError):
        read_pairs(f)


# ---------------------------------------------------------------- auditing

def test_audit_pairs_findings_per_pair(fake_embedder):
    result = audit_pairs(read_pairs(FIXTURES / "pairs.csv"), embedder=fake_embedder, config=AuditConfig())
    by = {r.name: r for r in result.reposts}
    assert [r.name for r in result.reposts] == ["p1", "p2", "p3", "p4"]
    assert any(f.kind == "number_mismatch" and f.ref_span == "200" and f.repost_span == "600" for f in by["p1"].findings)
    assert by["p2"].findings == ()
    assert [f.kind for f in by["p3"].findings] == ["omitted_sentence"]
    assert [f.kind for f in by["p4"].findings] == ["added_sentence"]
    assert by["p1"].verdict == "fail" and by["p2"].verdict == "pass"


def test_identical_pairs_have_no_findings(fake_embedder):
    pairs = read_pairs(FIXTURES / "pairs.tsv") + read_pairs(FIXTURES / "pairs.tmx")
    result = audit_pairs(pairs, embedder=fake_embedder, config=AuditConfig())
    assert all(r.findings == () for r in result.reposts)


def test_texts_are_encoded_in_one_batch(fake_embedder):
    pairs = [SegmentPair(str(i), f"The council met {w} times.", f"The council met {w} times.")
             for i, w in enumerate(["two", "three", "four"])]
    audit_pairs(pairs, embedder=fake_embedder, config=AuditConfig())
    assert fake_embedder.inner.calls[0] == 3  # distinct texts only, in one call


# ---------------------------------------------------------------- CLI

def test_cli_writes_reports_with_pair_ids(tmp_path):
    r = invoke("pairs", FIXTURES / "pairs.csv", "-o", tmp_path, "-q")
    assert r.exit_code == 1, r.output
    findings = rows(tmp_path / "findings.csv")
    assert {f["repost"] for f in findings} == {"p1", "p3", "p4"}
    assert any(f["repost"] == "p1" and f["kind"] == "number_mismatch" for f in findings)
    summary = rows(tmp_path / "summary.csv")
    assert [s["repost"] for s in summary] == ["p1", "p2", "p3", "p4"]
    assert (tmp_path / "alignment.csv").exists()


def test_cli_fail_on(tmp_path):
    assert invoke("pairs", FIXTURES / "pairs.csv", "-o", tmp_path, "-q", "--fail-on", "never").exit_code == 0
    assert invoke("pairs", FIXTURES / "pairs.tsv", "-o", tmp_path, "-q").exit_code == 0
    assert invoke("pairs", FIXTURES / "pairs.tmx", "-o", tmp_path, "-q", "--fail-on", "info").exit_code == 0
    added = tmp_path / "added.csv"
    added.write_text("id,reference,repost\na,,An extra sentence was added here.\n", encoding="utf-8")
    assert invoke("pairs", added, "-o", tmp_path / "o", "-q").exit_code == 0  # a warning only
    assert invoke("pairs", added, "-o", tmp_path / "o", "-q", "--fail-on", "warning").exit_code == 1


def test_cli_bad_fail_on(tmp_path):
    one_line_error(invoke("pairs", FIXTURES / "pairs.csv", "-o", tmp_path, "--fail-on", "sometimes"), "fail-on")


@pytest.mark.parametrize("name, content, needle", [
    ("missing.csv", "id,reference\n1,a\n", "repost"),
    ("empty.csv", "", "empty"),
    ("bad.tmx", "<tmx><body><tu>", "XML"),
])
def test_cli_bad_inputs_are_one_line(tmp_path, name, content, needle):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    r = invoke("pairs", f, "-o", tmp_path / "out")
    one_line_error(r, name, needle)
    assert not (tmp_path / "out").exists()


def test_cli_missing_file(tmp_path):
    one_line_error(invoke("pairs", tmp_path / "nope.csv", "-o", tmp_path / "out"), "nope.csv")


# ---------------------------------------------------------------- a source in another language

def test_a_source_column_is_the_reference_and_its_language_is_detected():
    source = open_pairs(FIXTURES / "source_zh.csv")
    assert source.languages == ("zh", "en") and source.crosses_languages
    first = next(iter(source))
    assert first.reference.startswith("星期日") and first.repost.startswith("On Sunday")


def test_source_and_target_columns(tmp_path):
    f = tmp_path / "tm.csv"
    f.write_text("id,source,target\n1,a text,b text\n", encoding="utf-8")
    assert read_pairs(f) == [SegmentPair("1", "a text", "b text")]


def test_tmx_languages_come_from_its_codes():
    source = open_pairs(FIXTURES / "source_zh.tmx")
    assert source.languages == ("zh", "en")  # srclang zh-CN, the other <tuv> en-US
    assert next(iter(source)).reference.startswith("星期日")  # the zh <tuv> is second, and still the reference


def test_english_pairs_do_not_cross_languages():
    for name in ("pairs.csv", "pairs.tmx"):
        assert not open_pairs(FIXTURES / name).crosses_languages


def test_reference_lang_overrides_detection():
    assert open_pairs(FIXTURES / "pairs.csv", config=AuditConfig(reference_lang="de")).languages[0] == "de"


def test_cli_loads_the_multilingual_encoder_for_a_source_column(tmp_path, monkeypatch):
    asked = []

    def load(config, quiet, encoder=None):
        asked.append(encoder)
        return CachingEmbedder(FakeEmbedder())

    monkeypatch.setattr(cli, "_load_embedder", load)
    invoke("pairs", FIXTURES / "source_zh.csv", "-o", tmp_path / "a", "-q")
    invoke("pairs", FIXTURES / "pairs.csv", "-o", tmp_path / "b", "-q")
    invoke("pairs", FIXTURES / "source_zh.csv", "-o", tmp_path / "c", "-q", "--config", 'crosslingual-encoder = "none"')
    assert asked == ["use-m3", None, None]
    assert "|crosslingual:zh-en@" in (tmp_path / "a/signature.txt").read_text()
    assert "|crosslingual:" not in (tmp_path / "c/signature.txt").read_text()


class Interpreter(FakeEmbedder):
    """Every text on one vector: each pair translates perfectly, whatever its languages."""

    name = "fake-interpreter"

    def encode(self, texts, *, progress=None):
        return np.ones((len(texts), 4), np.float32) / 2


def test_pairs_across_languages_run_the_checks_across_scripts(fake_embedder):
    source = open_pairs(FIXTURES / "source_zh.csv")
    [result] = audit_pair_chunks(source, embedder=fake_embedder, crosslingual=CachingEmbedder(Interpreter()))
    assert "|crosslingual:zh-en@fake-interpreter" in result.signature
    found = {(r.name, f.kind, f.ref_span, f.repost_span) for r in result.reposts for f in r.findings}
    assert ("s1", "number_mismatch", "两百", "600") in found
    assert ("s2", "mangled_name", "清扬", "Chan Kingyan") in found
    assert all(f.rule.startswith("across.") for r in result.reposts for f in r.findings)
