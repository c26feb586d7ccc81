"""The findings listing: what the terminal shows first, and ``--format text``."""
from __future__ import annotations

from dataclasses import replace

from clitools import fake_model, invoke  # noqa: F401

from audit.report import listing
from audit.types import Finding, Severity
from test_locations import REFERENCE, REPOST, _result


def test_the_terminal_names_each_finding_with_its_line(tmp_path):
    (tmp_path / "ref.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "rep.txt").write_text(REPOST, encoding="utf-8")
    r = invoke("run", tmp_path / "ref.txt", tmp_path / "rep.txt", "-o", tmp_path / "out", "-f", "csv", "-f", "text")
    col = REPOST.splitlines()[2].index("600") + 1
    line = next(x for x in r.output.splitlines() if "200 → 600" in x)
    assert f"3:{col}" in line and "number_mismatch" in line
    assert r.output.index("200 → 600") < r.output.index("audit summary")  # problems first, counts last
    text = (tmp_path / "out" / "findings.txt").read_text(encoding="utf-8")
    assert line.strip() in text


def test_quiet_keeps_the_terse_table_without_the_listing(tmp_path):
    (tmp_path / "ref.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "rep.txt").write_text(REPOST, encoding="utf-8")
    r = invoke("run", tmp_path / "ref.txt", tmp_path / "rep.txt", "-o", tmp_path / "out", "-q")
    assert r.exit_code == 1
    assert "→" not in r.output and "reports written" not in r.output
    assert "audit summary" in r.output
    row = next(x for x in r.output.splitlines() if "rep.txt" in x)
    assert "fail" in row  # one row per repost: the verdict is still there


def test_quiet_check_prints_one_table_per_reference(tmp_path):
    (tmp_path / "story.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "story.mt.txt").write_text(REPOST, encoding="utf-8")
    r = invoke("check", tmp_path, "-o", tmp_path / "out", "-q", "--isolated")
    assert r.output.count("audit summary") == 1 and "→" not in r.output
    assert "repost(s)" not in r.output


def test_errors_first_grouped_by_kind_and_the_level_below_dimmed(tmp_path):
    result = _result(tmp_path)
    rep = result.reposts[0]
    f = Finding("added_sentence", Severity.WARNING, "", "x", "", "x", 0.0, "why", -1, "sentence.unmatched", 0.5)
    extra = [replace(f, repost_span=f"added {k}") for k in range(30)] + [replace(f, severity=Severity.INFO)]
    result = replace(result, reposts=(replace(rep, findings=tuple(extra) + rep.findings),))
    out = list(listing.lines(result, "error", limit=5))
    kinds = [t.split()[2] for t, _ in out[1:6]]
    assert kinds[0] in ("omitted_sentence", "number_mismatch")  # an error kind leads
    assert out[-1][0].strip().startswith("…") and "more in findings.csv" in out[-1][0]
    dimmed = [t for t, dim in out if dim]
    assert dimmed and all(" warning " in t for t in dimmed)  # info (two levels down) is not listed
    assert not any(" info " in t for t, _ in out)


def test_fail_on_is_read_back_from_the_signature(tmp_path):
    result = _result(tmp_path)
    assert listing.fail_on_of(result) == "error"
    assert listing.fail_on_of(replace(result, signature="audit:1|x=1,fail_on=warning|sacrebleu")) == "warning"
