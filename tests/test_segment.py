"""Tests for audit.segment: sentence spans, presegmented mode, boilerplate on the seeds."""
from __future__ import annotations

from pathlib import Path

import pytest

from audit.errors import InputError
from audit.ingest.read import document_from_text, read_document
from audit.segment.sentences import segment, split_sentences
from audit.types import Document, Segment

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the sample articles, renamed, in the repository


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert found, f"seed {prefix} missing from {SEEDS}"
    return found[0]


def assert_well_formed(doc: Document, segs: tuple[Segment, ...]) -> None:
    assert [s.index for s in segs] == list(range(len(segs)))
    previous_end = 0
    for s in segs:
        assert doc.text[s.start:s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end  # in order, never overlapping
        a, b = doc.paragraphs[s.paragraph]
        assert a <= s.start < s.end <= b  # never crosses a paragraph break
        previous_end = s.end


def texts(segs: tuple[Segment, ...]) -> list[str]:
    return [s.text for s in segs]


# --------------------------------------------------------------------------
# sentence splitting


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("The U.S. military said so. The U.K. agreed.", ["The U.S. military said so.", "The U.K. agreed."]),
        (
            "Kabul (Reuters)-Afghan officials said the city fell. Military offensive.",
            ["Kabul (Reuters)-Afghan officials said the city fell.", "Military offensive."],
        ),
        (
            "He said: “This city is completely (re) under our control.” He left.",
            ["He said: “This city is completely (re) under our control.”", "He left."],
        ),
        ("“We are ending America’s longest war,” he said.", ["“We are ending America’s longest war,” he said."]),
        (
            "Price added: “Talks are continuing. We thank Qatar. We welcome the comments.”",
            ["Price added: “Talks are continuing.", "We thank Qatar.", "We welcome the comments.”"],
        ),
        ('He shouted "Fire!" Everyone ran.', ['He shouted "Fire!"', "Everyone ran."]),
        (
            "Badghis: The fall of the Directorate in the hands of the Mujahideen pic.twitter.com/4a9RcUZiok",
            ["Badghis: The fall of the Directorate in the hands of the Mujahideen pic.twitter.com/4a9RcUZiok"],
        ),
        ("Security headquarters", ["Security headquarters"]),
        ("Hello world. Hello world. Hello world.", ["Hello world.", "Hello world.", "Hello world."]),
        ("It rose 2.5 metres by 3 p.m. on Monday. Then it fell.", ["It rose 2.5 metres by 3 p.m. on Monday.", "Then it fell."]),
        ("   ", []),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    spans = split_sentences(paragraph)
    assert [paragraph[a:b] for a, b in spans] == expected


def test_repeated_sentences_get_their_own_offsets() -> None:
    doc = document_from_text("Hello world. Hello world.\n\nHello world.")
    segs = segment(doc)
    assert [(s.start, s.end, s.paragraph) for s in segs] == [(0, 12, 0), (13, 25, 0), (27, 39, 1)]


def test_headline_without_punctuation_is_its_own_segment() -> None:
    doc = read_document(FIXTURES / "hard_wrapped.txt")
    segs = segment(doc)
    assert_well_formed(doc, segs)
    assert segs[0].text == "Floods in the valley"
    assert "Rescue work" in texts(segs)
    assert "The regional governor, Maria Lopez, said that emergency teams had reached most of the affected areas by noon and that the U.S. embassy had offered helicopters for the evacuation of the elderly." in texts(segs)


@pytest.mark.parametrize("name", ["hard_wrapped.txt", "one_per_line.txt", "article.md", "news_page.html"])
def test_fixture_offsets(name: str) -> None:
    doc = read_document(FIXTURES / name)
    assert_well_formed(doc, segment(doc))


# --------------------------------------------------------------------------
# presegmented


def test_presegmented_keeps_every_line() -> None:
    doc = read_document(FIXTURES / "presegmented.txt", presegmented=True)
    segs = segment(doc, presegmented=True)
    assert_well_formed(doc, segs)
    lines = [line.strip() for line in doc.raw.splitlines() if line.strip()]
    assert texts(segs) == lines
    # Not resegmented, not merged: two sentences on one line stay one segment,
    # a line cut mid-sentence stays cut.
    assert segs[0].text == "Heavy rain on Monday sent the river over its banks.  It rose fast."
    assert segs[3].text == "Volunteers filled sandbags"
    assert [s.paragraph for s in segs] == list(range(len(lines)))


def test_presegmented_marks_but_never_drops_boilerplate() -> None:
    doc = document_from_text("by admin\nThe ministry said 69 fighters died.\nSource link\n", presegmented=True)
    segs = segment(doc, presegmented=True)
    assert texts(segs) == ["by admin", "The ministry said 69 fighters died.", "Source link"]
    assert [s.boilerplate for s in segs] == ["byline", "", "source link"]


def test_presegmented_needs_a_presegmented_read() -> None:
    doc = read_document(FIXTURES / "hard_wrapped.txt")
    with pytest.raises(InputError, match="presegmented=True"):
        segment(doc, presegmented=True)


# --------------------------------------------------------------------------
# the seeds


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_segments_well_formed(prefix: str) -> None:
    doc = read_document(seed(prefix))
    assert_well_formed(doc, segment(doc))


def test_seed_000_only_tweet_furniture_is_boilerplate() -> None:
    segs = segment(read_document(seed("000")))
    marked = {s.text: s.boilerplate for s in segs if s.is_boilerplate}
    assert marked == {
        "pic.twitter.com/1G42e5N7lp": "url",
        "— Ministry of Defense, Afghanistan (@MoDAfghanistan) July 7, 2021": "tweet attribution",
        "Badghis: The fall of the Cadiz Directorate in the hands of the Mujahideen pic.twitter.com/4a9RcUZiok": "embedded tweet",
        "— Islamic Emirate (@alemara_ar) July 7, 2021": "tweet attribution",
    }
    assert len(segs) == 36


def test_seed_001_boilerplate() -> None:
    segs = segment(read_document(seed("001")))
    marked = [(s.index, s.boilerplate) for s in segs if s.is_boilerplate]
    assert marked[:2] == [(0, "navigation"), (2, "byline")]
    assert segs[1].text.startswith("The Afghan Taliban continue") and not segs[1].is_boilerplate  # the title
    tail = [s.boilerplate for s in segs[-9:]]
    assert tail == ["comment widget"] * 5 + ["cookie banner"] * 4
    assert len(marked) == 11
    assert not segs[-10].is_boilerplate  # last article sentence


def test_seed_002_boilerplate() -> None:
    segs = segment(read_document(seed("002")))
    marked = {s.text: s.boilerplate for s in segs if s.is_boilerplate}
    assert marked == {
        "July 26, 2021": "byline",
        "Article reserved for our subscribers Read also In Afghanistan, the Taliban maneuver to surround Kabul": "promo",
        "Article reserved for our subscribers Read also Twenty years after their intervention in Afghanistan, the Americans leave with a feeling of failure": "promo",
        "Also listen Can the Taliban take back power in Afghanistan?": "promo",
        "The World with AFP": "byline",
    }


def test_seed_003_segments() -> None:
    segs = segment(read_document(seed("003")))
    assert len(segs) == 23
    assert [(s.index, s.boilerplate) for s in segs if s.is_boilerplate] == [(0, "separator"), (4, "url")]
    assert segs[3].text == "On July 7th, Taliban fighters stormed the capital city – Qala-e-Naw, expecting to easily “liberate” it."
    assert all(s.text[-1] in ".”" for s in segs if not s.is_boilerplate)  # no sentence cut mid-way


def test_seed_004_boilerplate() -> None:
    segs = segment(read_document(seed("004")))
    marked = [(s.text[:20], s.boilerplate) for s in segs if s.is_boilerplate]
    assert marked == [
        ("[ad_1]", "ad marker"),
        ("5/5", "photo caption"),
        ("© Reuters.", "photo caption"),
        ("On July 8, 2021, Afg", "photo caption"),
        ("REUTERS/Parwiz", "photo caption"),
        ("2/5", "photo caption"),
        ("[ad_2]", "ad marker"),
        ("Source link", "source link"),
    ]
    assert segs[0].text == "Taliban militants occupy key border crossing between Afghanistan and Iran Reuters"
    assert not segs[0].is_boilerplate
    assert any(s.text.startswith("Kabul (Reuters)-Afghan security officials") for s in segs)
