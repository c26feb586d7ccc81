"""Fingerprints, the baseline file and inline accept comments."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from conftest import MT_REPOST, REFERENCE

from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit.baseline import (
    Baseline,
    Entry,
    baseline_from,
    fingerprint,
    load_baseline,
    normalise,
    parse_accepts,
    read_repost,
)
from audit.errors import InputError
from audit.types import Finding, Severity

REF = """The Taliban attacked the city of Qala-e-Naw on Wednesday.

About 200 prisoners escaped from the central prison.

The governor said that the army was confronting them.
"""
REPOST = REF.replace("200", "600")


def finding(kind="number_mismatch", ref="200", rep="600", **kw) -> Finding:
    return Finding(kind, Severity.ERROR, ref, rep, kw.get("ref_sentence", "About 200."),
                   kw.get("repost_sentence", "About 600."), 0.0, "changed", kw.get("bead", 3))


def small_pair(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "ref.txt").write_text(REF)
    (tmp_path / "rep.txt").write_text(REPOST)
    return tmp_path / "ref.txt", tmp_path / "rep.txt"


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def seed_copy(tmp_path):
    """The MT seed repost, copied so the test can edit it."""
    d = tmp_path / "articles"
    d.mkdir()
    return Path(shutil.copy(MT_REPOST, d / MT_REPOST.name))


# --------------------------------------------------------------------------
# fingerprints


def test_normalise():
    assert normalise("  «Galano»,\n ") == "galano"
    assert normalise("Qala-e-Naw") == "qala-e-naw"  # inner punctuation stays
    assert normalise("ＧＡＬＡＮＯ") == "galano"  # NFKC: full-width letters
    assert normalise("The  army\n\twas there.") == "the army was there"
    assert normalise("STRASSE") == normalise("straße")  # casefold, not lower


def test_fingerprint_ignores_position_case_and_whitespace():
    a = finding(bead=3, ref_sentence="one context")
    b = finding(bead=17, ref_sentence="another context", ref=" 200 ", rep="600.")
    assert fingerprint(a, "seeds/001.txt") == fingerprint(b, "other/dir/001.txt")
    span = finding("omitted_sentence", "The army was  confronting them.", "")
    respaced = finding("omitted_sentence", "the army was\nconfronting THEM", "")
    assert fingerprint(span, "x.txt") == fingerprint(respaced, "x.txt")


def test_fingerprint_separates_kind_span_and_repost():
    base = fingerprint(finding(), "a.txt")
    assert base != fingerprint(finding(rep="700"), "a.txt")
    assert base != fingerprint(finding(kind="semantic_drift"), "a.txt")
    assert base != fingerprint(finding(), "b.txt")  # same defect in two reposts: two entries
    assert fingerprint(finding(ref="ab", rep="c"), "a.txt") != fingerprint(finding(ref="a", rep="bc"), "a.txt")


# --------------------------------------------------------------------------
# the baseline file


def test_baseline_round_trip_is_sorted_stable_and_counts_repeats(tmp_path):
    from audit.types import RepostAudit

    def repost(name, findings):
        return RepostAudit(name, None, (), (), (), tuple(findings), 0, 0, 0, 0, "fail")  # type: ignore[arg-type]

    reposts = [repost("b/z.txt", [finding(), finding(bead=9)]),
               repost("a.txt", [finding("mangled_name", "Qala-e-Naw", "Galano")])]
    bl = baseline_from(reposts)
    path = tmp_path / "bl.json"
    path.write_text(bl.dumps())
    doc = json.loads(path.read_text())
    assert doc["version"] == 1
    assert [(e["repost"], e["kind"], e["count"]) for e in doc["findings"]] == [
        ("a", "mangled_name", 1), ("z", "number_mismatch", 2)]
    again = load_baseline(path)
    assert again.dumps() == path.read_text()
    assert baseline_from(reversed(reposts)).dumps() == path.read_text()  # order of input does not matter


def test_update_keeps_entries_of_reposts_not_audited_now():
    old = Baseline((Entry("f" * 64, "other", "added_sentence", "warning", "", "x"),
                    Entry("e" * 64, "z", "added_sentence", "warning", "", "gone")))
    from audit.types import RepostAudit

    now = [RepostAudit("z.txt", None, (), (), (), (finding(),), 0, 0, 0, 0, "fail")]  # type: ignore[arg-type]
    kept = {e.repost: e for e in baseline_from(now, keep=old).entries}
    assert set(kept) == {"other", "z"} and kept["z"].kind == "number_mismatch"  # z's fixed finding pruned


@pytest.mark.parametrize("content, needle", [
    ("{not json", "not valid JSON"),
    ('{"version": 99, "findings": []}', "version 99"),
    ('{"version": 1, "findings": [{"count": 2}]}', "entry 0"),
])
def test_bad_baseline_is_one_line(tmp_path, content, needle):
    bl = tmp_path / "bl.json"
    bl.write_text(content)
    ref, rep = small_pair(tmp_path)
    one_line_error(invoke("run", ref, rep, "-o", tmp_path / "out", "--baseline", bl, "--isolated"),
                   "bl.json", needle)
    assert not (tmp_path / "out").exists()


def test_missing_baseline_without_update_is_one_line(tmp_path):
    ref, rep = small_pair(tmp_path)
    one_line_error(invoke("run", ref, rep, "-o", tmp_path / "out", "--baseline", tmp_path / "nope.json",
                          "--isolated"), "nope.json", "--update-baseline")


def test_update_baseline_needs_a_file(tmp_path):
    ref, rep = small_pair(tmp_path)
    one_line_error(invoke("run", ref, rep, "-o", tmp_path / "out", "--update-baseline", "--isolated"),
                   "--baseline FILE")


def test_baseline_workflow_from_failing_to_passing(tmp_path, seed_copy):
    bl = tmp_path / "audit-baseline.json"
    out = tmp_path / "out"
    r = invoke("run", REFERENCE, seed_copy, "-o", out, "-q", "--isolated")
    assert r.exit_code == 1, r.output
    before = rows(out / "findings.csv")
    n_before = len(before)
    assert all(len(f["fingerprint"]) == 64 for f in before)

    r = invoke("run", REFERENCE, seed_copy, "-o", out, "-q", "--isolated", "--baseline", bl, "--update-baseline")
    assert r.exit_code == 0, r.output
    doc = json.loads(bl.read_text())
    assert sum(e["count"] for e in doc["findings"]) == n_before
    # the same findings got the same fingerprints in the second run
    assert {e["fingerprint"] for e in doc["findings"]} == {f["fingerprint"] for f in before}
    assert rows(out / "findings.csv") == []
    [summary] = rows(out / "summary.csv")
    assert summary["verdict"] == "pass" and int(summary["n_accepted"]) == n_before

    # a second update with nothing new changes nothing: a stable, diffable file
    before = bl.read_text()
    invoke("run", REFERENCE, seed_copy, "-o", out, "-q", "--isolated", "--baseline", bl, "--update-baseline")
    assert bl.read_text() == before

    r = invoke("run", REFERENCE, seed_copy, "-o", out, "-q", "--isolated", "--baseline", bl)
    assert r.exit_code == 0, r.output


EDITS = [
    # a changed number elsewhere: exactly that one new finding
    ("told Al Jazeera that about 200 prisoners", "told Al Jazeera that about 900 prisoners",
     [("number_mismatch", "200", "900")]),
    # re-wrapped and re-spaced text: nothing new
    ("The Afghan army regained some areas.", "The  Afghan army\nregained some areas.", []),
    # a comma removed in a sentence without findings: nothing new
    ("On the other hand, Tajikistan asked", "On the other hand Tajikistan asked", []),
    # a new paragraph at the top shifts every sentence index: only the paragraph is new
    ("On Wednesday, the Taliban advanced",
     "The mayor opened a new bakery on the main square of the town.\n\nOn Wednesday, the Taliban advanced",
     [("added_sentence", "", "The mayor opened a new bakery on the main square of the town.")]),
]


def test_unrelated_edit_reports_only_new_findings(tmp_path, seed_copy):
    bl = tmp_path / "bl.json"
    r = invoke("run", REFERENCE, seed_copy, "-o", tmp_path / "o1", "-q", "--isolated", "--baseline", bl,
               "--update-baseline")
    assert r.exit_code == 0, r.output
    text = seed_copy.read_text(encoding="utf-8")
    for old, new, expected in EDITS:
        assert old in text
        seed_copy.write_text(text.replace(old, new), encoding="utf-8")
        r = invoke("run", REFERENCE, seed_copy, "-o", tmp_path / "o2", "-q", "--isolated", "--baseline", bl)
        found = [(f["kind"], f["ref_text"], f["repost_text"]) for f in rows(tmp_path / "o2" / "findings.csv")]
        assert found == expected, (old, new)
        assert r.exit_code == (1 if any(k == "number_mismatch" for k, *_ in expected) else 0), r.output


def test_baseline_entry_per_repost(tmp_path, seed_copy):
    """The same defect in two reposts is two entries: accepting one leaves the other."""
    twin = Path(shutil.copy(seed_copy, seed_copy.with_name("twin.txt")))
    bl = tmp_path / "bl.json"
    invoke("run", REFERENCE, seed_copy, "-o", tmp_path / "o1", "-q", "--isolated", "--baseline", bl,
           "--update-baseline")
    r = invoke("run", REFERENCE, seed_copy, twin, "-o", tmp_path / "o2", "-q", "--isolated", "--baseline", bl)
    assert r.exit_code == 1
    reported = {f["repost"] for f in rows(tmp_path / "o2" / "findings.csv")}
    assert reported == {str(twin)}


# --------------------------------------------------------------------------
# inline accept comments


def test_parse_accepts_blanks_lines_and_keeps_offsets():
    raw = 'One.\n<!-- audit: accept mangled_name "Galano" -->\r\nTwo.\n  <!-- audit: accept 0123abcd -->\n'
    accepts, blanked = parse_accepts(raw, "r.txt")
    assert [(a.line, a.kind, a.text, a.prefix) for a in accepts] == [
        (2, "mangled_name", "galano", ""), (4, "", "", "0123abcd")]
    assert len(blanked) == len(raw) and "audit" not in blanked and blanked.count("\n") == raw.count("\n")
    assert blanked.startswith("One.\n") and "Two.\n" in blanked


@pytest.mark.parametrize("line, needle", [
    ("<!-- audit: accept mangled_nam \"Galano\" -->", "unknown finding kind"),
    ("<!-- audit: accept 12ab -->", "at least 8 hex digits"),
    ("<!-- audit: ignore everything -->", "cannot read audit comment"),
])
def test_bad_accept_comment_is_one_line(tmp_path, line, needle):
    rep = tmp_path / "rep.txt"
    rep.write_text(REPOST + "\n" + line + "\n")
    (tmp_path / "ref.txt").write_text(REF)
    r = invoke("run", tmp_path / "ref.txt", rep, "-o", tmp_path / "out", "--isolated")
    one_line_error(r, "rep.txt:7", needle)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("suffix, comment", [
    (".txt", '<!-- audit: accept number_mismatch "600" -->'),
    (".md", '<!-- audit: accept number_mismatch "200" -->'),
    (".html", '<!--audit: accept number_mismatch "600"-->'),
])
def test_inline_accept_by_kind_and_text(tmp_path, suffix, comment):
    (tmp_path / "ref.txt").write_text(REF)
    body = REPOST if suffix != ".html" else (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in REPOST.split("\n\n")) + "</article></body></html>")
    rep = tmp_path / f"rep{suffix}"
    rep.write_text(body.replace("\n", "\n" + comment + "\n", 1) if suffix != ".html" else body.replace(
        "<article>", "<article>\n" + comment + "\n"))
    doc, accepts = read_repost(rep)
    assert len(accepts) == 1 and "audit" not in doc.text
    r = invoke("run", tmp_path / "ref.txt", rep, "-o", tmp_path / "out", "--isolated")
    assert r.exit_code == 0, r.output
    assert rows(tmp_path / "out" / "findings.csv") == []
    assert rows(tmp_path / "out" / "summary.csv")[0]["n_accepted"] == "1"


def test_inline_accept_by_fingerprint_prefix(tmp_path):
    (tmp_path / "ref.txt").write_text(REF)
    rep = tmp_path / "rep.txt"
    rep.write_text(REPOST)
    r = invoke("run", tmp_path / "ref.txt", rep, "-o", tmp_path / "out", "-q", "--isolated")
    assert r.exit_code == 1
    [f] = rows(tmp_path / "out" / "findings.csv")
    rep.write_text(REPOST + f"\n<!-- audit: accept {f['fingerprint'][:10]} -->\n")
    r = invoke("run", tmp_path / "ref.txt", rep, "-o", tmp_path / "out", "-q", "--isolated")
    assert r.exit_code == 0, r.output
    assert rows(tmp_path / "out" / "findings.csv") == []


def test_inline_accept_that_matches_nothing_warns(tmp_path):
    (tmp_path / "ref.txt").write_text(REF)
    rep = tmp_path / "rep.txt"
    rep.write_text(REPOST + '\n<!-- audit: accept mangled_name "Galano" -->\n')
    r = invoke("run", tmp_path / "ref.txt", rep, "-o", tmp_path / "out", "--isolated")
    assert r.exit_code == 1
    assert 'rep.txt:7: audit accept mangled_name "galano" matches no finding' in r.output


def test_read_repost_without_comments_is_read_document(tmp_path):
    from audit.ingest.read import read_document

    rep = tmp_path / "rep.txt"
    rep.write_text(REPOST)
    doc, accepts = read_repost(rep)
    assert accepts == [] and doc == read_document(rep)


def test_accept_comment_errors_are_input_errors():
    with pytest.raises(InputError):
        parse_accepts("<!-- audit: accept -->\n", "x.md")


def test_stale_baseline_entries_are_reported(tmp_path):
    ref, rep = small_pair(tmp_path)
    bl = tmp_path / "bl.json"
    r = invoke("run", ref, rep, "-o", tmp_path / "out", "-q", "--isolated", "--baseline", bl, "--update-baseline")
    assert r.exit_code == 0, r.output
    r = invoke("run", ref, rep, "-o", tmp_path / "out", "--isolated", "--baseline", bl)
    assert r.exit_code == 0 and "no longer occur" not in r.output
    rep.write_text(REF)  # the editor fixed 600 back to 200: the accepted finding is gone
    r = invoke("run", ref, rep, "-o", tmp_path / "out", "--isolated", "--baseline", bl)
    assert r.exit_code == 0
    assert "1 accepted finding(s) no longer occur (e.g. number_mismatch '200' in rep)" in r.output
    assert "--update-baseline" in r.output


def test_stale_entries_only_for_audited_reposts():
    from types import SimpleNamespace

    from audit.baseline import Baseline, Entry, stale_entries

    bl = Baseline((Entry("f1", "a", "number_mismatch", "error", "200", "600"),
                   Entry("f2", "b", "number_mismatch", "error", "200", "600")))
    audited = [SimpleNamespace(name="dir/a.txt", findings=(), accepted=())]  # only repost a was audited
    assert [e.fingerprint for e in stale_entries(bl, audited)] == ["f1"]
