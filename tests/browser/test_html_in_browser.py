"""The HTML report of seed 001 in a real headless Chromium: marks, filters, summary.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package;
skipped (with the reason) when /usr/bin/chromium is absent. Never downloads:
explicit browser and driver paths, SE_OFFLINE=true, networking flags off.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import chromium  # noqa: E402

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not chromium.CHROMIUM.exists(),
                       reason=f"{chromium.CHROMIUM} not found: apt-get install chromium chromium-driver"),
]

MANGLED = ["Galano", "Nauburg", "Bismara Khan"]


@pytest.fixture(scope="module")
def page_url(seed_result, tmp_path_factory) -> str:
    from audit.report.html_report import write_html_reports

    out = tmp_path_factory.mktemp("html")
    paths = write_html_reports(seed_result, out)
    (page,) = [p for p in paths if p.name.startswith("001_")]
    return page.resolve().as_uri()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    pytest.importorskip("selenium", reason="pip install selenium")
    d = chromium.start(tmp_path_factory.mktemp("chromium-profile"))
    yield d
    d.quit()


@pytest.fixture
def page(driver, page_url):
    driver.set_window_size(1400, 1000)
    driver.get(page_url)  # a fresh load per test: every filter starts checked
    return driver


def marks_of(driver, kind: str, text: str):
    from selenium.webdriver.common.by import By

    return [m for m in driver.find_elements(By.CSS_SELECTOR, f"mark.f-{kind}") if text in m.text]


def highlighted(mark) -> bool:
    """Shown with its highlight: displayed, coloured background, not switched off."""
    return (mark.is_displayed() and "off" not in mark.get_attribute("class").split()
            and mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent"))


def click(driver, element_id: str) -> None:
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()


def test_page_loads_offline_without_errors(page):
    assert page.title.startswith("audit: 001_repost_mt_afghanistan_news.txt")
    errors = [e for e in page.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors


@pytest.mark.parametrize("name", MANGLED)
def test_mangled_names_are_marked_and_visible(page, name):
    marks = marks_of(page, "mangled_name", name)
    assert marks, f"no mangled_name mark for {name}"
    # severity follows confidence: each garbled name is at least a warning somewhere
    assert {"error", "warning"} & {m.get_attribute("data-severity") for m in marks}, name
    for m in marks:
        page.execute_script("arguments[0].scrollIntoView({block: 'center'})", m)
        assert highlighted(m)
        assert m.get_attribute("data-severity") in ("error", "warning", "info")
        assert m.get_attribute("title")
        # the row holding it is the repost cell of a bead row
        assert m.find_element("xpath", "ancestor::td").get_attribute("class").split()[0] == "rep"


def test_kind_filter_hides_and_shows_mangled_names(page, seed_result, tmp_path):
    r = next(r for r in seed_result.reposts if "001_" in r.name)
    total, mangled = len(r.findings), sum(f.kind == "mangled_name" for f in r.findings)
    page.save_screenshot(str(tmp_path / "before.png"))
    click(page, "filter-kind-mangled_name")
    for name in MANGLED:
        marks = marks_of(page, "mangled_name", name)
        assert marks and not any(highlighted(m) for m in marks)
        assert all(m.is_displayed() for m in marks)  # the text itself stays readable
    # other kinds are untouched
    assert any(highlighted(m) for m in page.find_elements("css selector", "mark.f-name_variant"))
    assert f"showing {total - mangled} of {total} findings" == page.find_element("id", "shown").text
    click(page, "filter-kind-mangled_name")
    for name in MANGLED:
        assert all(highlighted(m) for m in marks_of(page, "mangled_name", name))
    assert f"showing {total} of {total} findings" == page.find_element("id", "shown").text
    page.save_screenshot(str(tmp_path / "after.png"))
    assert (tmp_path / "after.png").stat().st_size > 10_000


def test_severity_filter(page):
    errors = page.find_elements("css selector", "mark.sev-error")
    infos = page.find_elements("css selector", "mark.sev-info")
    assert errors and infos
    click(page, "filter-severity-error")
    assert not any(highlighted(m) for m in errors)
    assert all("off" not in m.get_attribute("class").split() for m in infos)
    badges = page.find_elements("css selector", ".badge.sev-error")  # omitted sentences
    assert badges and not any(b.is_displayed() for b in badges)
    assert not any(li.is_displayed() for li in page.find_elements("css selector", "li.fnd.sev-error"))
    click(page, "filter-severity-error")
    assert all("off" not in m.get_attribute("class").split() for m in errors)
    assert any(highlighted(m) for m in errors)


def test_only_rows_with_findings(page):
    rows = page.find_elements("css selector", "tr.bead")
    quiet = [r for r in rows if not r.find_elements("css selector", ".fnd")]
    busy = [r for r in rows if r.find_elements("css selector", ".fnd")]
    assert quiet and busy
    click(page, "only-findings")
    assert not any(r.is_displayed() for r in quiet)
    assert all(r.is_displayed() for r in busy)
    # switching a kind off also hides rows whose only findings are of that kind
    click(page, "filter-kind-added_sentence")
    added = page.find_elements("css selector", 'tr[data-status="added"]')
    assert added and not any(r.is_displayed() for r in added)
    click(page, "only-findings")
    assert all(r.is_displayed() for r in rows)


def test_summary_shows_the_verdict(page, seed_result):
    r = next(r for r in seed_result.reposts if "001_" in r.name)
    verdict = page.find_element("id", "verdict")
    assert verdict.is_displayed() and f"verdict: {r.verdict}" in verdict.text
    assert page.find_element("id", "coverage").text == f"{r.coverage:.1%}"


def test_findings_list_links_to_rows(page):
    link = page.find_element("css selector", "li.f-mangled_name a")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    assert page.execute_script("return location.hash") == f"#{target}"
    row = page.find_element("id", target)
    top = page.execute_script("return arguments[0].getBoundingClientRect().top", row)
    bar = page.execute_script("return document.getElementById('filters').getBoundingClientRect().bottom")
    assert bar - 1 <= top < page.execute_script("return window.innerHeight")  # not under the sticky filters
    assert row.is_displayed()


def test_full_page_screenshot(page, tmp_path):
    path = tmp_path / "seed001.png"
    chromium.full_page_screenshot(page, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 50_000


def _galano_note(page):
    from selenium.webdriver.common.by import By

    notes = [n for n in page.find_elements(By.CSS_SELECTOR, "td.notes .note.f-mangled_name")
             if "Galano" in n.get_attribute("textContent")]  # textContent: hidden notes too
    assert notes, "no margin note for Galano"
    return notes[0]


def _visible(driver, el) -> bool:
    """Computed style, not only the DOM: displayed, visible, opaque and with a size."""
    style = driver.execute_script(
        "var s = getComputedStyle(arguments[0]), r = arguments[0].getBoundingClientRect();"
        "return [s.display, s.visibility, s.opacity, r.width, r.height];", el)
    display, visibility, opacity, width, height = style
    return display != "none" and visibility == "visible" and float(opacity) > 0 and width > 50 and height > 5


def test_the_reason_for_galano_is_visible_without_hovering(page, tmp_path):
    note = _galano_note(page)
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", note)
    assert _visible(page, note)
    assert "has a counterpart" in note.text or "Galano" in note.text
    # the note sits in the same row as the marked repost span
    row = note.find_element("xpath", "ancestor::tr")
    assert row.find_elements("css selector", "td.rep mark.f-mangled_name")
    page.save_screenshot(str(tmp_path / "galano-note.png"))


def test_print_keeps_the_notes_and_drops_the_filters(page):
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert _visible(page, _galano_note(page))
        filters = page.find_element("id", "filters")
        assert page.execute_script("return getComputedStyle(arguments[0]).display", filters) == "none"
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_note_follows_the_kind_filter(page):
    click(page, "filter-kind-mangled_name")
    note = _galano_note(page)
    assert page.execute_script("return getComputedStyle(arguments[0]).display", note) == "none"
