"""Tests for audit.ingest: decoding, refusing bad input, extraction, cleaning, offsets."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.errors import ConfigError, InputError
from audit.ingest.read import document_from_text, read_document
from audit.types import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the sample articles, renamed, in the repository


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert found, f"seed {prefix} missing from {SEEDS}"
    return found[0]


def assert_offsets_valid(doc: Document, *, allow_changed: bool = False) -> None:
    """``text[i] == raw[offsets[i]]`` for every non-space char of a plain-text read."""
    assert len(doc.offsets) == len(doc.text)
    assert list(doc.offsets) == sorted(doc.offsets), "offsets must not go backwards"
    for i, ch in enumerate(doc.text):
        assert 0 <= doc.offsets[i] < len(doc.raw)
        if ch.isspace() or allow_changed:
            continue
        assert doc.raw[doc.offsets[i]] == ch, (i, ch, doc.raw[doc.offsets[i]])


def assert_paragraphs_consistent(doc: Document) -> None:
    joined = "\n\n".join(doc.text[a:b] for a, b in doc.paragraphs)
    assert joined == doc.text
    for a, b in doc.paragraphs:
        para = doc.text[a:b]
        assert para and para == para.strip() and "\n" not in para and "  " not in para


# --------------------------------------------------------------------------
# decoding

TEXT = "The minister’s “plan” – café, naïve, 90%.\n\nSecond paragraph here.\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by the NUL pattern
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "utf16be-nobom", "utf32le-bom"],
)
def test_decoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.raw == TEXT  # BOM stripped, nothing else touched
    assert doc.text == TEXT.strip()
    assert doc.warnings == ()
    assert_offsets_valid(doc)


def test_cp1252_fallback_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("The minister’s “plan” – café.".encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="audit"):
        doc = read_document(path)
    assert doc.encoding == "cp1252"
    assert doc.text == "The minister’s “plan” – café."
    assert len(doc.warnings) == 1 and "cp1252" in doc.warnings[0] and str(path) in doc.warnings[0]
    assert any("cp1252" in r.getMessage() for r in caplog.records)


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    html = (FIXTURES / "news_page.html").read_text("utf-8").replace("utf-8", "iso-8859-1")
    html = html.replace("Fighting in the west", "Fighting in the west, café")
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("iso-8859-1"))
    doc = read_document(path)
    assert doc.encoding == "iso-8859-1"
    assert "Fighting in the west, café" in doc.text


# --------------------------------------------------------------------------
# refusing unusable input


def _make(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / {"missing": "nope.txt", "directory": "folder"}.get(kind, f"{kind}.txt")
    contents = {
        "empty": b"",
        "whitespace": b"  \n\t\n   \r\n",
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6",
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "nul": b"some text\x00\x01\x02\x03 with \x00 binary \x00 junk in it",
        "controls": b"abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12def" * 10,
        "undecodable": b"Valid start \x81\x8d\x90 then bytes no codec accepts",
    }
    if kind == "directory":
        path.mkdir()
    elif kind != "missing":
        path.write_bytes(contents[kind])
    return path


@pytest.mark.parametrize(
    "kind, words",
    [
        ("missing", "not found"),
        ("directory", "directory"),
        ("empty", "empty"),
        ("whitespace", "whitespace"),
        ("png", "PNG"),
        ("pdf", "PDF"),
        ("nul", "binary"),
        ("controls", "binary"),
        ("undecodable", "cannot decode"),
    ],
)
def test_unusable_input_raises_one_line(tmp_path: Path, kind: str, words: str) -> None:
    path = _make(tmp_path, kind)
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert words in message
    assert str(path) in message  # names the offending value
    assert ";" in message  # ... and a fix after it
    assert "\n" not in message


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
    ],
    ids=["nav-only", "script-only"],
)
def test_html_without_article_text(tmp_path: Path, html: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(html, "utf-8")
    with pytest.raises(InputError, match="no article text found") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_markdown_with_only_markup(tmp_path: Path) -> None:
    path = tmp_path / "pic.md"
    path.write_text("![photo](a.png)\n\n---\n", "utf-8")
    with pytest.raises(InputError, match="no article text") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_document_from_text_rejects_bad_input() -> None:
    with pytest.raises(ConfigError, match="unknown document kind"):
        document_from_text("Some text.", kind="pdf")
    with pytest.raises(InputError, match="empty"):
        document_from_text("  \n ")


def test_presegmented_html_is_refused() -> None:
    with pytest.raises(InputError, match="presegmented"):
        read_document(FIXTURES / "news_page.html", presegmented=True)


# --------------------------------------------------------------------------
# HTML


@pytest.fixture(scope="module")
def page() -> Document:
    return read_document(FIXTURES / "news_page.html")


@pytest.mark.parametrize(
    "present",
    [
        "Taliban seize key border crossing with Iran",
        "Kabul (Reuters) - Afghan security officials said Taliban militants seized control",
        "Fighting in the west",
        "government forces & customs police.",  # entity decoded
        '"This city is completely under our control," said Fawad Aman',
        "President Joe Biden defended the decision to withdraw U.S. forces",
    ],
)
def test_html_main_text_present(page: Document, present: str) -> None:
    assert present in page.text


@pytest.mark.parametrize(
    "absent",
    [
        "uses cookies",  # cookie banner
        "Politics",  # navigation
        "Subscribe to our newsletter",
        "All rights reserved",  # footer
        "Great article",  # reader comment
        "Leave a Comment",
        "Akismet",
        "Ten things to know",  # related links
        "window.dataLayer",  # script
    ],
)
def test_html_chrome_absent(page: Document, absent: str) -> None:
    assert absent not in page.text


def test_html_paragraphs_and_offsets(page: Document) -> None:
    paras = [page.text[a:b] for a, b in page.paragraphs]
    assert paras[0] == "Taliban seize key border crossing with Iran"
    assert "Fighting in the west" in paras
    assert len(paras) == 8
    assert_paragraphs_consistent(page)
    assert set(page.offsets) == {-1}  # no meaningful position in the markup
    assert page.raw.startswith("<!DOCTYPE html>")


def test_html_sniffed_despite_txt_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved_page.txt"
    path.write_text((FIXTURES / "news_page.html").read_text("utf-8"), "utf-8")
    doc = read_document(path)
    assert "uses cookies" not in doc.text and "Fighting in the west" in doc.text


def test_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.dat"
    path.write_text("Plain article text.\n", "utf-8")
    assert read_document(path).text == "Plain article text."


def test_name_overrides_path() -> None:
    doc = read_document(FIXTURES / "one_per_line.txt", name="repost A")
    assert doc.path == "repost A"


# --------------------------------------------------------------------------
# Markdown


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("# Title here #", "Title here"),
        ("Setext title\n============", "Setext title"),
        ("Some **bold** and *italic* and ***both*** words.", "Some bold and italic and both words."),
        ("Some __bold__ and _italic_ but snake_case_name stays.", "Some bold and italic but snake_case_name stays."),
        ("See [the report](https://example.com/r \"Report\") now.", "See the report now."),
        ("See [the report][ref] now.\n\n[ref]: https://example.com/r", "See the report now."),
        ("Photo ![alt text](img.png) gone.", "Photo gone."),
        ("Run `make all` first.", "Run make all first."),
        ("> Quoted line.", "Quoted line."),
        ("- one\n- two", "one\n\ntwo"),
        ("1. first\n2. second", "first\n\nsecond"),
        ("Text.\n\n```\ncode = 1\n```\n\nMore.", "Text.\n\nMore."),
        ("Escaped \\*stars\\* and 5 * 3 * 2 stay.", "Escaped *stars* and 5 * 3 * 2 stay."),
        ("A ~~struck~~ word.", "A struck word."),
        ("Link <https://example.org> kept.", "Link https://example.org kept."),
        ("---\ntitle: x\n---\nBody text.", "Body text."),
        ("Above.\n\n***\n\nBelow.", "Above.\n\nBelow."),
        ("Soft wrapped\nline in one paragraph.", "Soft wrapped line in one paragraph."),
    ],
)
def test_markdown_stripping(markdown: str, expected: str) -> None:
    doc = document_from_text(markdown, kind="md")
    assert doc.text == expected
    assert_offsets_valid(doc)


def test_markdown_fixture() -> None:
    doc = read_document(FIXTURES / "article.md")
    paras = [doc.text[a:b] for a, b in doc.paragraphs]
    assert paras == [
        "Floods in the valley",
        "Heavy rain on Monday sent the river over its banks in three villages, forcing families to leave.",
        "Rescue work",
        '"We have never seen the river this high," said a farmer.',
        "Volunteers filled sandbags along the main road.",
        "Engineers checked the old_stone_bridge.",
        "Officials said 5 * 3 * 2 teams were deployed *overnight*.",
    ]
    assert_offsets_valid(doc)


# --------------------------------------------------------------------------
# mojibake and typography


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("We donâ€™t know.", "We don’t know."),
        ("The â€œplanâ€\x9d failed.", "The “plan” failed."),
        ("CafÃ© owners agreed.", "Café owners agreed."),
        ("Price rose â€” again.", "Price rose — again."),
    ],
)
def test_mojibake_repair(broken: str, fixed: str) -> None:
    doc = document_from_text(broken)
    assert doc.text == fixed
    assert any("mojibake" in w for w in doc.warnings)
    assert len(doc.offsets) == len(doc.text)
    # Unchanged characters still point at themselves; repaired ones point into
    # the span they replaced.
    for i, ch in enumerate(doc.text):
        if ch.isascii() and not ch.isspace():
            assert doc.raw[doc.offsets[i]] == ch


def test_repaired_span_maps_onto_original_span() -> None:
    doc = document_from_text("We donâ€™t know.")
    i = doc.text.index("’")
    assert doc.offsets[i] == doc.raw.index("â€™")
    start = doc.text.index("don’t")
    a, b = doc.raw_span(start, start + len("don’t"))
    assert doc.raw[a:b] == "donâ€™t"


def test_typography_is_not_normalised() -> None:
    text = "He said “no” – and ‘maybe’… «oui» — done."
    doc = document_from_text(text)
    assert doc.text == text
    assert doc.warnings == ()


# --------------------------------------------------------------------------
# spaces and hard wraps


def test_hard_wrapped_fixture() -> None:
    doc = read_document(FIXTURES / "hard_wrapped.txt")
    paras = [doc.text[a:b] for a, b in doc.paragraphs]
    assert paras[0] == "Floods in the valley"
    assert paras[1].startswith("Heavy rain on Monday sent the river over its banks in three villages, forcing")
    assert paras[1].endswith("than local officials had expected.")
    # "U.S.\nembassy": the abbreviation ends the line but not the sentence.
    assert "the U.S. embassy had offered helicopters" in paras[2]
    # An indented line after a full stop opens a paragraph.
    assert paras[3].startswith("Schools in the district")
    # A short headline line without a blank line after it stands alone.
    assert paras[4] == "Rescue work"
    assert paras[5].startswith("Volunteers filled sandbags") and paras[5].endswith("two of its pillars.")
    assert len(paras) == 7
    assert_paragraphs_consistent(doc)
    assert_offsets_valid(doc)


def test_one_paragraph_per_line_without_blank_lines() -> None:
    doc = read_document(FIXTURES / "one_per_line.txt")
    raw_lines = [line for line in doc.raw.splitlines() if line.strip()]
    assert [doc.text[a:b] for a, b in doc.paragraphs] == raw_lines
    assert_offsets_valid(doc)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("On  July  7th,  fighters  stormed  the city.", "On July 7th, fighters stormed the city."),
        ("  Leading and trailing.  \t", "Leading and trailing."),
        ("Tabs\tand\u00a0spaces.", "Tabs and spaces."),
        ("First line\r\nsecond line.\r\n\r\nNext paragraph.", "First line second line.\n\nNext paragraph."),
        ("A well-\nknown fact.", "A well-known fact."),
        ("It ended.\nA new line.", "It ended.\n\nA new line."),
        ("Heading\nBody sentence here.", "Heading\n\nBody sentence here."),
        ("Cut in the\nmiddle of it.", "Cut in the middle of it."),
    ],
)
def test_whitespace_and_unwrapping(raw: str, expected: str) -> None:
    doc = document_from_text(raw)
    assert doc.text == expected
    assert_offsets_valid(doc)


def test_joining_space_maps_to_the_newline() -> None:
    doc = document_from_text("Cut in the\nmiddle of it.")
    i = doc.text.index("the ") + 3
    assert doc.raw[doc.offsets[i]] == "\n"
    assert doc.raw_span(0, len(doc.text)) == (0, len(doc.raw))


def test_seed_003_is_unwrapped() -> None:
    doc = read_document(seed("003"))
    paras = [doc.text[a:b] for a, b in doc.paragraphs]
    assert_paragraphs_consistent(doc)
    assert_offsets_valid(doc)
    assert len(paras) == 23
    assert paras[0] == "***"
    assert "On July 7th, Taliban fighters stormed the capital city – Qala-e-Naw, expecting to easily “liberate” it." in paras
    assert (
        "The knot in Afghanistan is tying up ever tighter, as clashes between government forces and "
        "the Taliban are happening throughout the country."
    ) in paras
    # The indented line after "…central region." is its own paragraph.
    assert any(p.startswith("Iran is attempting to assist the negotiations") for p in paras)
    assert any(p.endswith("in the central region.") for p in paras)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_offsets(prefix: str) -> None:
    doc = read_document(seed(prefix))
    assert doc.encoding == "utf-8" and doc.warnings == ()
    assert_paragraphs_consistent(doc)
    assert_offsets_valid(doc)


# --------------------------------------------------------------------------
# presegmented reading


def test_presegmented_keeps_lines_verbatim() -> None:
    doc = read_document(FIXTURES / "presegmented.txt", presegmented=True)
    expected = [line.strip() for line in doc.raw.splitlines() if line.strip()]
    assert [doc.text[a:b] for a, b in doc.paragraphs] == expected
    assert "banks.  It rose fast." in doc.text  # no space collapsing
    assert_offsets_valid(doc)


def test_presegmented_markdown_is_not_stripped() -> None:
    doc = document_from_text("# Title\n**Bold** line.", kind="md", presegmented=True)
    assert doc.text == "# Title\n\n**Bold** line."


# --------------------------------------------------------------------------
# property: offsets survive any wrapping and spacing

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;!?'()-", min_size=1, max_size=12)
GAP = st.sampled_from([" ", " ", " ", "  ", "   ", "\n", " \n", "\t"])


@st.composite
def wrapped_text(draw: st.DrawFn) -> str:
    paragraphs = []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(WORD, min_size=1, max_size=30))
        gaps = draw(st.lists(GAP, min_size=len(words), max_size=len(words)))
        paragraphs.append("".join(w + g for w, g in zip(words, gaps)))
    lead = draw(st.sampled_from(["", " ", "\n", "  \n"]))
    return lead + draw(st.sampled_from(["\n\n", "\n \n", "\r\n\r\n"])).join(paragraphs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wrapped_text())
def test_offsets_property(raw: str) -> None:
    doc = document_from_text(raw)
    assert doc.raw == raw
    assert_offsets_valid(doc)
    assert_paragraphs_consistent(doc)
    # Unwrapping only moves whitespace: no visible character is lost or added.
    assert sorted(c for c in doc.text if not c.isspace()) == sorted(c for c in raw if not c.isspace())
