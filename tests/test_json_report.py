"""The JSON report: one valid document whose values match the CSV reports."""
from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter

import pandas as pd
import pytest
from test_pipeline import REF, REPOST, run

from audit.errors import OutputError
from audit.report.json_report import FORMAT, dumps, json_document, write_json_report
from audit.report import write_csv_reports
from audit.report.tables import ALIGNMENT_COLUMNS, FINDING_COLUMNS, SUMMARY_COLUMNS
from audit.types import FINDING_KINDS

TOP_KEYS = {"format", "format_version", "audit_version", "signature", "warnings", "reference", "reposts"}
REPOST_KEYS = {"repost", "summary", "beads", "findings"}


@pytest.fixture(scope="module")
def result():
    # two reposts, so per-repost slicing of the shared tables is exercised
    return run(REF, REPOST, REPOST.replace("600", "700") + "\n\nAn extra sentence about the weather today.")[0]


def _strict(text: str):
    def no_nan(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=no_nan)


def test_document_round_trips_with_the_expected_keys(result):
    doc = _strict(dumps(result))
    assert doc == json.loads(json.dumps(json_document(result)))
    assert set(doc) == TOP_KEYS and doc["format"] == FORMAT and doc["format_version"] == 1
    assert doc["signature"] == result.signature and doc["warnings"] == list(result.warnings)
    assert doc["reference"] == result.reference.path
    assert [r["repost"] for r in doc["reposts"]] == [r.name for r in result.reposts]
    for r in doc["reposts"]:
        assert set(r) == REPOST_KEYS
        assert list(r["summary"]) == SUMMARY_COLUMNS
        assert all(list(b) == [c for c in ALIGNMENT_COLUMNS if c != "repost"] for b in r["beads"])
        assert all(list(f) == FINDING_COLUMNS + ["bead"] for f in r["findings"])


@pytest.mark.parametrize("i", [0, 1])
def test_counts_match_the_findings(result, i):
    doc = _strict(dumps(result))
    r, audit_r = doc["reposts"][i], result.reposts[i]
    counts = Counter(f["kind"] for f in r["findings"])
    for kind in FINDING_KINDS:
        assert r["summary"][f"n_{kind}"] == counts[kind] == sum(f.kind == kind for f in audit_r.findings)
    assert len(r["findings"]) == len(audit_r.findings)
    assert len(r["beads"]) == len(audit_r.beads)
    assert r["summary"]["verdict"] == audit_r.verdict
    for f, af in zip(r["findings"], audit_r.findings):
        assert (f["kind"], f["severity"], f["ref_text"], f["repost_text"]) == (
            af.kind, af.severity.value, af.ref_span, af.repost_span)
        assert f["repost"] == audit_r.name
        assert f["bead"] == (af.bead if af.bead >= 0 else None)
        if f["bead"] is not None:
            bead = r["beads"][f["bead"]]
            assert f["ref_text"] in bead["ref_text"] and f["repost_text"] in bead["repost_text"]


def test_beads_have_id_lists_and_null_scores_when_unmatched(result):
    doc = _strict(dumps(result))
    for r, audit_r in zip(doc["reposts"], result.reposts):
        for b, ab, s in zip(r["beads"], audit_r.beads, audit_r.scores):
            assert b["ref_ids"] == list(ab.ref_ids) and b["repost_ids"] == list(ab.repost_ids)
            assert isinstance(b["moved"], bool)
            if s is None:
                assert b["similarity"] is b["chrf"] is b["bleu"] is None
            else:
                assert (b["similarity"], b["chrf"], b["bleu"]) == (s.similarity, s.chrf, s.bleu)
        assert {b["status"] for b in r["beads"]} <= {"match", "omitted", "added", "boilerplate"}


def test_values_match_the_csv_reports(result, tmp_path):
    write_csv_reports(result, tmp_path)
    doc = _strict(dumps(result))
    summary = pd.read_csv(tmp_path / "summary.csv", keep_default_na=False).to_dict(orient="records")
    assert [r["summary"] for r in doc["reposts"]] == summary
    findings = pd.read_csv(tmp_path / "findings.csv", dtype=str, keep_default_na=False)
    ours = [f for r in doc["reposts"] for f in r["findings"]]
    assert len(ours) == len(findings)
    for f, (_, row) in zip(ours, findings.iterrows()):
        for col in ("repost", "kind", "severity", "ref_text", "repost_text", "ref_sentence", "repost_sentence", "message"):
            assert f[col] == row[col]


def test_unpaired_finding_has_null_bead(result):
    r = result.reposts[0]
    f = dataclasses.replace(r.findings[0], bead=-1)
    res = dataclasses.replace(result, reposts=(dataclasses.replace(r, findings=(f,)),))
    assert json_document(res)["reposts"][0]["findings"][0]["bead"] is None


def test_texts_with_markup_and_unicode_survive(tmp_path):
    res = run(REF, REPOST.replace("central prison", 'prison <b>"Ürümqi" & co</b>'))[0]
    path = write_json_report(res, tmp_path / "report.json")
    doc = _strict(path.read_text(encoding="utf-8"))
    texts = [b["repost_text"] for b in doc["reposts"][0]["beads"]]
    assert any('<b>"Ürümqi" & co</b>' in t for t in texts)


def test_write_is_atomic_and_leaves_no_temp_files(result, tmp_path):
    out = tmp_path / "new" / "audit.json"
    assert write_json_report(result, out) == out
    assert [p.name for p in out.parent.iterdir()] == ["audit.json"]
    assert _strict(out.read_text(encoding="utf-8"))["signature"] == result.signature


def test_failed_write_leaves_the_old_file(result, tmp_path, monkeypatch):
    out = tmp_path / "audit.json"
    out.write_text("old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="cannot write"):
        write_json_report(result, out)
    monkeypatch.undo()
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["audit.json"]
