"""``audit run -f FORMAT`` end to end, through the writer registry (fake model)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from conftest import MT_REPOST, REFERENCE, ROOT

from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit.report import writers
from audit.report.writers import Writer

SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")


def test_help_lists_the_registry_formats():
    r = invoke("run", "--help")
    assert r.exit_code == 0
    text = " ".join(r.output.replace("│", " ").split())  # rich wraps the help over table cells
    assert "Report format: csv, json, html, sarif" in text


def test_run_writes_sarif_with_paths_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # relative paths in, relative URIs out
    ref, repost = REFERENCE.relative_to(ROOT), MT_REPOST.relative_to(ROOT)
    r = invoke("run", ref, repost, "-o", tmp_path / "out", "-q", "-f", "sarif")
    assert r.exit_code == 1, r.output  # the MT repost has errors
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == {"report.sarif", "manifest.json"}
    log = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in log["runs"][0]["results"]}
    assert uris == {repost.as_posix()}
    assert log["runs"][0]["properties"]["reference"] == str(ref)


def test_sarif_joins_the_other_formats_in_one_set(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q", "-f", "csv", "-f", "sarif", "-f", "json")
    assert r.exit_code == 1, r.output
    names = {e["name"] for e in json.loads((tmp_path / "manifest.json").read_text())["files"]}
    assert {"findings.csv", "report.json", "report.sarif"} <= names


def test_a_writer_registered_in_code_is_a_cli_format(tmp_path, monkeypatch):
    class Count(Writer):
        name = "count"

        def render(self, result):
            return {"count.txt": f"{sum(len(r.findings) for r in result.reposts)}\n"}

    monkeypatch.setattr(writers, "_REGISTERED", dict(writers._REGISTERED))
    writers.register(Count)
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q", "-f", "count")
    assert r.exit_code == 1, r.output
    assert int((tmp_path / "count.txt").read_text()) > 0


def test_pairs_refuses_a_format_it_cannot_stream(tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("id,reference,repost\n1,About 200 people.,About 600 people.\n")
    out = tmp_path / "out"
    one_line_error(invoke("pairs", pairs, "-o", out, "-f", "sarif"), "--format", "sarif")
    assert not out.exists()
