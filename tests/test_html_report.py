"""The HTML report: escaping, findings marked in place, markers, filters' hooks, atomic writes.

Structure is checked by parsing the page with lxml (a real HTML parser), so a
mis-nested tag or an unescaped ``<`` shows up as a wrong tree, not just a
missing substring. The page's behaviour in a browser is tested in tests/browser/.
"""
from __future__ import annotations

import dataclasses
import os
import re

import lxml.html
import pytest
from fakes import FakeEmbedder

from audit.embed import CachingEmbedder
from audit.errors import OutputError
from audit.report.html_report import (
    SENTENCE_KINDS,
    _place,
    html_filenames,
    locate,
    render_html,
    render_marked,
    write_html_reports,
)
from audit.ingest.read import document_from_text
from audit.pipeline import audit
from audit.types import FINDING_KINDS

REF = """The Taliban attacked the city of Qala-e-Naw on Wednesday, said governor Husamuddin Shams.

About 200 prisoners escaped from the central prison & the police station.

The governor said that the army was confronting them in the "old" market <b>today</b>.

Officials said <script>alert("x")</script> was found in the archive & the museum.

Clashes are escalating across the country."""

REPOST = """The Taliban attacked the city of Nauburg on Wednesday, said governor Husamuddin Shams.

About 600 prisoners escaped from the central prison & the police station.

The governor said that the army was confronting them in the "old" market <b>today</b>.

Officials said <script>alert("x")</script> was found in the archive & the museum.

A new <img src=x onerror=alert(1)> statement & "quote" was added here by the editors of the site.

This website uses cookies to improve your experience. Accept Read More"""

REPOST_NAME = 'dir/r<1>&"x".txt'


@pytest.fixture(scope="module")
def result():
    return audit(document_from_text(REF, path="ref.txt"), [document_from_text(REPOST, path=REPOST_NAME)],
                 embedder=CachingEmbedder(FakeEmbedder()))


@pytest.fixture(scope="module")
def page(result) -> str:
    return render_html(result, 0)


@pytest.fixture(scope="module")
def tree(page):
    return lxml.html.fromstring(page)


def row(tree, k: int):
    (tr,) = tree.xpath(f'//tr[@id="b{k}"]')
    return tr


def cell(tree, k: int, side: str):
    (td,) = row(tree, k).xpath(f'./td[contains(concat(" ", @class, " "), " {side} ")]')
    return td


def test_the_fixture_has_every_kind_of_row_and_the_findings_this_file_tests(result):
    r = result.reposts[0]
    kinds = {(f.kind, f.ref_span, f.repost_span) for f in r.findings}
    assert ("mangled_name", "Qala-e-Naw", "Nauburg") in kinds
    assert ("number_mismatch", "200", "600") in kinds
    assert {"omitted_sentence", "added_sentence"} <= {f.kind for f in r.findings}
    assert any(s.is_boilerplate for s in r.segments)


# --------------------------------------------------------------------------- escaping


def test_article_text_stays_inert(page, tree):
    # One <script> element: the page's own. The articles' markup is text.
    assert len(tree.xpath("//script")) == 1
    assert not tree.xpath("//img") and not tree.xpath("//table[@id='alignment']//b")
    assert page.count("<script") == 1
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert " & " not in re.sub(r"<script>.*?</script>|<style>.*?</style>", "", page, flags=re.S)


@pytest.mark.parametrize("side, segments", [("ref", "reference"), ("rep", "repost")])
def test_each_cell_shows_exactly_the_bead_text(result, tree, side, segments):
    r = result.reposts[0]
    segs = result.reference_segments if segments == "reference" else r.segments
    for k, b in enumerate(r.beads):
        ids = b.ref_ids if side == "ref" else b.repost_ids
        if not ids:
            continue
        td = cell(tree, k, side)
        text = " ".join(segs[i].text for i in ids)
        if td.xpath(".//details"):  # boilerplate: the text follows its summary
            assert td.xpath(".//details")[0].text_content().endswith(text)
        else:
            assert td.text_content() == text


def test_repost_name_is_escaped_in_title_and_heading(tree):
    assert tree.findtext(".//title").startswith('audit: r<1>&"x".txt vs ref.txt')
    assert REPOST_NAME in tree.xpath("string(//p[@class='paths'])")


def test_messages_with_quotes_are_escaped_in_title_attributes(result):
    r = result.reposts[0]
    evil = dataclasses.replace(r.findings[0], message='say "hi" & <b>bye</b>')
    res = dataclasses.replace(result, reposts=(dataclasses.replace(r, findings=(evil, *r.findings[1:])),))
    t = lxml.html.fromstring(render_html(res, 0))
    assert t.xpath('//*[@data-finding="0"]')
    assert all(el.get("title") == 'say "hi" & <b>bye</b>' for el in t.xpath('//*[@data-finding="0"][@title]'))


# --------------------------------------------------------------------------- findings in place


def test_every_span_finding_has_exactly_one_mark_in_the_right_cell(result, tree):
    r = result.reposts[0]
    where = locate(result, r)
    checked = 0
    for no, f in enumerate(r.findings):
        marks = tree.xpath(f'//mark[@data-finding="{no}"]')
        if f.kind in SENTENCE_KINDS:
            assert not marks
            continue
        expected = [(side, span, k) for side, span, k in (("ref", f.ref_span, where[no][0]),
                                                           ("rep", f.repost_span, where[no][1])) if span]
        assert len(marks) == len(expected)
        for side, span, k in expected:
            (m,) = cell(tree, k, side).xpath(f'.//mark[@data-finding="{no}"]')
            assert m.text_content() == span
            assert m.get("class").split() == ["fnd", f"f-{f.kind}", f"sev-{f.severity.value}"]
            assert (m.get("data-kind"), m.get("data-severity"), m.get("title")) == (
                f.kind, f.severity.value, f.message)
            checked += 1
    assert checked >= 4  # Qala-e-Naw, Nauburg, 200, 600


@pytest.mark.parametrize("kind, ref_span, repost_span", [
    ("mangled_name", "Qala-e-Naw", "Nauburg"),
    ("number_mismatch", "200", "600"),
])
def test_known_findings_are_marked_on_both_sides(tree, kind, ref_span, repost_span):
    assert [m.text_content() for m in tree.xpath(f'//td[contains(@class,"ref")]//mark[@data-kind="{kind}"]')] == [ref_span]
    assert [m.text_content() for m in tree.xpath(f'//td[contains(@class,"rep")]//mark[@data-kind="{kind}"]')] == [repost_span]


@pytest.mark.parametrize("kind", sorted(SENTENCE_KINDS & {"omitted_sentence", "added_sentence"}))
def test_sentence_findings_mark_their_row(result, tree, kind):
    r = result.reposts[0]
    for no, f in enumerate(r.findings):
        if f.kind == kind:
            (badge,) = row(tree, f.bead).xpath(f'.//*[contains(@class,"badge")][@data-finding="{no}"]')
            assert badge.get("data-kind") == kind and badge.get("data-severity") == f.severity.value
            assert f.severity.value in badge.get("class")


def test_unpaired_fact_finding_is_found_by_its_sentences(result):
    """Cross-sentence number facts carry bead -1; the page finds their rows from the sentences."""
    r = result.reposts[0]
    f = next(f for f in r.findings if f.kind == "number_mismatch")
    moved = dataclasses.replace(f, bead=-1, ref_sentence=result.reference_segments[1].text,
                                repost_sentence=r.segments[1].text)
    res = dataclasses.replace(result, reposts=(dataclasses.replace(r, findings=(moved,)),))
    assert locate(res, res.reposts[0]) == [(f.bead, f.bead)]
    t = lxml.html.fromstring(render_html(res, 0))
    assert [m.text_content() for m in cell(t, f.bead, "ref").xpath(".//mark")] == ["200"]
    assert [m.text_content() for m in cell(t, f.bead, "rep").xpath(".//mark")] == ["600"]
    assert t.xpath('//li[@id="f0"]/a/@href') == [f"#b{f.bead}"]


def test_a_span_that_is_not_in_the_text_marks_the_row_instead(result):
    r = result.reposts[0]
    f = next(f for f in r.findings if f.kind == "mangled_name")
    odd = dataclasses.replace(f, repost_span="Nowhere-in-text")
    res = dataclasses.replace(result, reposts=(dataclasses.replace(r, findings=(odd,)),))
    t = lxml.html.fromstring(render_html(res, 0))
    assert len(t.xpath('//mark[@data-finding="0"]')) == 1  # the reference side
    assert row(t, f.bead).xpath('.//*[contains(@class,"badge")][@data-finding="0"]')


@pytest.mark.parametrize("text, marks, expected", [
    ("plain & <b>", [], "plain &amp; &lt;b&gt;"),
    ("a <x> b", [(2, 5, "<m>")], "a <m>&lt;x&gt;</mark> b"),
    ("abcdef", [(0, 6, "<A>"), (2, 4, "<B>")], "<A>ab<B>cd</mark>ef</mark>"),
    ("abcdef", [(2, 4, "<B>"), (0, 6, "<A>")], "<A>ab<B>cd</mark>ef</mark>"),  # order given does not matter
    ("abcdef", [(0, 4, "<A>"), (2, 6, "<B>")], "<A>ab<B>cd</mark></mark>ef"),  # crossing: cut at the outer end
    ("abc", [(0, 3, "<A>"), (0, 3, "<B>")], "<A><B>abc</mark></mark>"),  # same span twice: nested
    ("a&b", [(0, 1, "<A>"), (2, 3, "<B>")], "<A>a</mark>&amp;<B>b</mark>"),
])
def test_render_marked(text, marks, expected):
    assert render_marked(text, marks) == expected


@pytest.mark.parametrize("text, span, context, taken, expected", [
    ("2000 men and 200 prisoners", "200", "", set(), (13, 16)),  # whole number, not inside 2000
    ("Shams met Shams", "Shams", "", set(), (0, 5)),
    ("Shams met Shams", "Shams", "", {(0, 5)}, (10, 15)),  # the next occurrence for a second finding
    ("Kabul. Then Kabul again.", "Kabul", "Then Kabul again.", set(), (12, 17)),  # inside its sentence
    ("no such name", "Galano", "", set(), None),
])
def test_place(text, span, context, taken, expected):
    assert _place(text, span, context, taken) == expected


# --------------------------------------------------------------------------- rows and markers


def test_omitted_and_added_rows_show_markers_and_an_empty_other_side(result, tree):
    r = result.reposts[0]
    statuses = {tr.get("data-status") for tr in tree.xpath("//tr[@data-status]")}
    assert statuses == {"match", "omitted", "added", "boilerplate"}
    for tr in tree.xpath('//tr[@data-status="omitted"]'):
        rep = tr.xpath('./td[contains(@class,"rep")]')[0]
        assert rep.xpath('.//*[contains(@class,"marker-omitted")]')
        assert rep.text_content().strip() == "omitted from the repost"
    for tr in tree.xpath('//tr[@data-status="added"]'):
        ref = tr.xpath('./td[contains(@class,"ref")]')[0]
        assert ref.xpath('.//*[contains(@class,"marker-added")]')
        assert ref.text_content().strip() == "added in the repost"
    # one row per bead, in bead order
    assert [tr.get("id") for tr in tree.xpath("//tr[@data-status]")] == [f"b{k}" for k in range(len(r.beads))]


def test_boilerplate_rows_are_collapsed_and_have_no_gap_marker(tree):
    rows = tree.xpath('//tr[@data-status="boilerplate"]')
    assert rows
    for tr in rows:
        (det,) = tr.xpath(".//details")
        assert det.get("open") is None and "cookie banner" in det.findtext("summary")
        assert not tr.xpath('.//*[contains(@class,"gap-omitted") or contains(@class,"gap-added")]')


def test_moved_beads_are_marked(result):
    r = result.reposts[0]
    beads = list(r.beads)
    k = next(i for i, b in enumerate(beads) if b.ref_ids and b.repost_ids)
    beads[k] = dataclasses.replace(beads[k], moved=True)
    res = dataclasses.replace(result, reposts=(dataclasses.replace(r, beads=tuple(beads)),))
    t = lxml.html.fromstring(render_html(res, 0))
    assert "moved" in row(t, k).get("class").split()
    assert "moved" in row(t, k).xpath("string(.//*[contains(@class,'moved-tag')])")
    assert len(t.xpath('//*[contains(@class,"moved-tag")]')) == 1


# --------------------------------------------------------------------------- summary, filters, list


def test_summary_shows_verdict_scores_counts_and_signature(result, tree):
    r = result.reposts[0]
    assert r.verdict in tree.xpath("string(//*[@id='verdict'])")
    assert tree.xpath("string(//*[@id='coverage'])") == f"{r.coverage:.1%}"
    assert tree.xpath("string(//details[contains(@class,'signature')]/code)") == result.signature
    rows = {tr.xpath("string(./th)"): [td.text_content() for td in tr.xpath("./td")]
            for tr in tree.xpath("//table[contains(@class,'counts')]/tbody/tr")}
    for kind in FINDING_KINDS:
        assert int(rows[kind.replace("_", " ")][-1]) == sum(f.kind == kind for f in r.findings)


def test_filters_exist_for_every_kind_and_severity(tree):
    kinds = tree.xpath('//input[@data-filter="kind"]/@value')
    sevs = tree.xpath('//input[@data-filter="severity"]/@value')
    assert kinds == list(FINDING_KINDS) and sevs == ["error", "warning", "info"]
    assert tree.xpath('//input[@id="only-findings"]')
    assert set(tree.xpath("//*[contains(@class,'fnd')]/@data-kind")) <= set(FINDING_KINDS)


def test_findings_list_links_every_finding_to_its_row(result, tree):
    r = result.reposts[0]
    items = tree.xpath('//ol[@class="flist"]/li')
    assert sorted(int(li.get("data-finding")) for li in items) == list(range(len(r.findings)))
    for li in items:
        f = r.findings[int(li.get("data-finding"))]
        (href,) = li.xpath("./a/@href")
        assert href == f"#b{f.bead}" and tree.xpath(f'//tr[@id="{href[1:]}"]')
        assert li.get("data-kind") == f.kind and f.severity.value in li.text_content()


def test_page_is_self_contained(page, tree):
    assert not tree.xpath("//link | //img | //iframe | //script[@src] | //*[@src]")
    assert all(h.startswith("#") for h in tree.xpath("//a/@href"))
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    assert "url(" not in page and "@import" not in page
    assert "default-src 'none'" in page


# --------------------------------------------------------------------------- writing


def test_write_html_reports_writes_one_page_per_repost_and_no_temp_files(result, tmp_path):
    two = dataclasses.replace(result, reposts=result.reposts * 2)
    paths = write_html_reports(two, tmp_path / "out")
    assert [p.name for p in paths] == ['r<1>&"x".html', 'r<1>&"x"-2.html']
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    assert paths[0].read_text(encoding="utf-8") == render_html(two, 0)


def test_html_filenames_use_the_repost_stem(result):
    assert html_filenames(result) == ['r<1>&"x".html']


def test_failed_write_leaves_old_page_and_no_temp_files(result, tmp_path, monkeypatch):
    old = tmp_path / html_filenames(result)[0]
    old.write_text("old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="cannot write"):
        write_html_reports(result, tmp_path)
    monkeypatch.undo()
    assert old.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == [old.name]


def test_the_summary_links_to_every_error_and_warning(tree, result):
    r = result.reposts[0]
    links = tree.xpath("//nav[@id='jump']//a/@href")
    alarms = [f for f in r.findings if f.severity.value in ("error", "warning")]
    assert len(links) == len(alarms) > 0
    for href in links:  # every link lands on a note beside its row, or on the findings list
        assert tree.xpath(f"//*[@id='{href[1:]}']"), href
