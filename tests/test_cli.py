from __future__ import annotations

import pytest
from conftest import MT_REPOST, REFERENCE

from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit import __version__

from audit.cli import main as cli


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and __version__ in r.output


def test_help_lists_commands():
    r = invoke("--help")
    assert r.exit_code == 0 and "run" in r.output and "align" in r.output


def test_run_writes_reports_and_fails_on_errors(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q")
    assert r.exit_code == 1, r.output
    assert {p.name for p in tmp_path.iterdir()} >= {"alignment.csv", "findings.csv", "summary.csv"}


def test_fail_on_never_passes(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q", "--fail-on", "never")
    assert r.exit_code == 0, r.output


def test_directory_of_reposts_skips_readme_and_reference(tmp_path):
    r = invoke("run", REFERENCE, REFERENCE.parent, "-o", tmp_path, "-q", "--fail-on", "never")
    assert r.exit_code == 0, r.output
    summary = (tmp_path / "summary.csv").read_text()
    assert summary.count("\n") == 5  # header + the four reposts
    assert "README" not in summary and "000_reference" not in summary


def test_missing_file(tmp_path):
    one_line_error(invoke("run", REFERENCE, tmp_path / "nope.txt", "-o", tmp_path / "out"), "nope.txt")
    assert not (tmp_path / "out").exists()


def test_directory_where_file_expected(tmp_path):
    one_line_error(invoke("run", tmp_path, MT_REPOST, "-o", tmp_path / "out"), str(tmp_path))


@pytest.mark.parametrize("content, word", [
    (b"", "empty"),
    (b"  \n\t \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "binary"),
])
def test_bad_files(tmp_path, content, word):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = invoke("run", REFERENCE, bad, "-o", tmp_path / "out")
    one_line_error(r, "bad.txt")
    assert word in r.output.lower()
    assert not (tmp_path / "out").exists()


def test_wrong_option_value_is_one_line(tmp_path):
    one_line_error(invoke("run", REFERENCE, MT_REPOST, "--fail-on", "sometimes", "-o", tmp_path), "fail-on")


def test_unknown_option_is_one_line_that_points_to_help(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "--frobnicate")
    one_line_error(r, "--frobnicate")
    assert "No such option" in r.output and "'audit run --help'" in r.output


def test_output_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    one_line_error(invoke("run", REFERENCE, MT_REPOST, "-o", blocker / "sub"), "-o")


def test_unknown_model_is_one_line(monkeypatch, tmp_path):
    from audit.embed import load_embedder

    monkeypatch.setattr(cli, "_load_embedder", lambda config, quiet: load_embedder(config.model))
    one_line_error(invoke("run", REFERENCE, MT_REPOST, "--model", "no-such/model-xyz", "-o", tmp_path), "never downloads")


def test_align_csv_and_vecalign(tmp_path):
    r = invoke("align", REFERENCE, MT_REPOST)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "ref_ids,repost_ids,ref_text,repost_text,status,similarity,moved"
    r = invoke("align", REFERENCE, MT_REPOST, "--format", "vecalign", "-o", tmp_path / "a.txt")
    assert r.exit_code == 0, r.output
    first = (tmp_path / "a.txt").read_text().splitlines()[0]
    assert first.startswith("[") and first.count(":") == 2


def test_align_presegmented_keeps_every_line(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("First line. Still first.\nSecond line\nThird line.\n")
    b.write_text("First line. Still first.\nThird line.\n")
    r = invoke("align", a, b, "--presegmented", "--format", "vecalign")
    assert r.exit_code == 0, r.output
    ids = [line.split(":")[0] for line in r.output.splitlines()]
    assert ids == ["[0]", "[1]", "[2]"]


def test_bad_align_format(tmp_path):
    one_line_error(invoke("align", REFERENCE, MT_REPOST, "--format", "xml"), "--format")


def test_all_formats_are_written_together(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q", "-f", "csv", "-f", "json", "-f", "html")
    assert r.exit_code == 1, r.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"findings.csv", "report.json", f"{MT_REPOST.stem}.html"} <= names
    assert not [n for n in names if n.startswith(".")]  # no temporary files left


def test_json_alone_writes_no_csv(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q", "--format", "json")
    assert r.exit_code == 1, r.output
    assert {p.name for p in tmp_path.iterdir()} == {"report.json", "manifest.json"}


def test_unknown_format_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    one_line_error(invoke("run", REFERENCE, MT_REPOST, "-o", out, "--format", "pdf"), "--format")
    assert not out.exists()


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_exit_code_follows_fail_on(tmp_path, fail_on, code):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "-q", "--fail-on", fail_on)
    assert r.exit_code == code, r.output


def test_min_confidence_filters_every_report(tmp_path):
    import pandas as pd

    all_ = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path / "all", "-q", "--fail-on", "never")
    sure = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path / "sure", "-q", "--fail-on", "never",
                  "--min-confidence", "0.9")
    assert all_.exit_code == sure.exit_code == 0, all_.output + sure.output
    a = pd.read_csv(tmp_path / "all" / "findings.csv")
    s = pd.read_csv(tmp_path / "sure" / "findings.csv")
    assert {"confidence", "rule"} <= set(a.columns)
    scored = a.confidence.dropna()  # name variants only inform: no model, no confidence
    assert len(scored) and scored.between(0, 1).all() and (scored < 0.9).any()
    assert len(s) == ((a.confidence >= 0.9) | a.confidence.isna()).sum()
    assert (s.confidence.dropna() >= 0.9).all()
    assert "min_confidence=0.9" in (tmp_path / "sure" / "signature.txt").read_text()


def test_min_confidence_out_of_range_is_a_usage_error(tmp_path):
    r = invoke("run", REFERENCE, MT_REPOST, "-o", tmp_path, "--min-confidence", "1.5")
    one_line_error(r, "min-confidence")
