"""Tests for audit.names: extraction, folding, classification, pairing, names file."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from audit.errors import ConfigError
from audit.checks.names import (
    JOINERS,
    MISSING_KEY,
    NameBook,
    NameEntry,
    NameMention,
    NamePair,
    classify_names,
    extract_names,
    fold_name,
    fold_token,
    inconsistent_entities,
    load_name_book,
    pair_names,
    summarise_renderings,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "names_seed001.csv"
REFERENCE = ROOT / "seeds" / "000_reference_aljazeera.txt"


def _texts(text: str) -> list[str]:
    ms = extract_names(text)
    for m in ms:
        assert text[m.start:m.end] == m.text  # offsets are exact
    return [m.text for m in ms]


# --------------------------------------------------------------------------
# extract_names
# --------------------------------------------------------------------------

EXTRACT_CASES = [
    # multi-word and hyphenated
    ("members of the Collective Security Treaty Organization led by Russia",
     ["Collective Security Treaty Organization", "Russia"]),
    ("the security of Hamid Karzai International Airport.", ["Hamid Karzai International Airport"]),
    ("the Taliban took control of Qala-e-Nu, the capital", ["Taliban", "Qala-e-Nu"]),
    ("as saying that the Taliban attacked Qala-e-No from 3 directions", ["Taliban", "Qala-e-No"]),
    ("Al-Jazeera correspondent in Kabul, Nasser Shadeed, said", ["Al-Jazeera", "Kabul", "Nasser Shadeed"]),
    # joiners inside names
    ("Sheikh Tamim bin Hamad Al Thani sent a letter", ["Tamim bin Hamad Al Thani"]),
    ("An official in the Ministry of Defense said", ["Ministry of Defense"]),
    ("Iran and Iraq signed", ["Iran", "Iraq"]),  # "and" never joins
    # titles stay out of the span
    ("Iranian Foreign Minister Mohammad Javad Zarif opened", ["Iranian", "Mohammad Javad Zarif"]),
    ("Russian President Vladimir Putin has held talks", ["Russian", "Vladimir Putin"]),
    ("the Secretary of Defense Lloyd Austin said", ["Lloyd Austin"]),
    ("Minister Zarif called on the people", ["Zarif"]),
    ("said Mr Smith on Monday", ["Smith"]),
    # sentence-initial: names kept, common openers dropped
    ("Lavrov noted that Russian forces", ["Lavrov", "Russian"]),
    ("Sayed Nizami, a commander of the Special Forces, said.", ["Sayed Nizami", "Special Forces"]),
    ("Video footage obtained by Reuters showed smoke.", ["Reuters"]),
    ("The governor said in a previous statement", []),
    ("Reportedly, the talks failed.", []),
    ("Requirements of Tajikistan", ["Tajikistan"]),
    # ALL CAPS
    ("The bravery of the #ANDSF and NATO forces", ["ANDSF", "NATO"]),
    # hashtags
    ("their failed attempt to capture Qala-e-Naw, #Badghis province.", ["Qala-e-Naw", "Badghis"]),
    ("Taliban #terrorist suffered heavy losses", ["Taliban"]),
    # months, weekdays, handles, possessives, affixes
    ("On Wednesday, July 7, 2021 (@MoDAfghanistan) the army moved", []),
    ("Florida's governor spoke", ["Florida"]),
    ("a Russian-led regional organization", ["Russian"]),
    ("the U.S. Department of Defense announced", ["U.S. Department of Defense"]),
    ("the South West African People's Organization won", ["South West African People's Organization"]),
    # the pronoun I and its contractions are capitalised everywhere
    ("Then I'd go to Yangzhou, and I’ll see Ledu, if I've time.", ["Yangzhou", "Ledu"]),
]


@pytest.mark.parametrize(("text", "expected"), EXTRACT_CASES)
def test_extract_names(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_hashtag_span_excludes_hash() -> None:
    text = "the capture of #Badghis"
    (m,) = extract_names(text)
    assert m == NameMention("Badghis", text.index("Badghis"), len(text))


@pytest.mark.xfail(strict=True, reason="two names side by side without a comma come out as one span")
def test_adjacent_names_without_comma_are_split() -> None:
    assert _texts("the Governor of Badghis Province Husamuddin Shams said") == [
        "Badghis Province", "Husamuddin Shams"]


# --------------------------------------------------------------------------
# classify_names
# --------------------------------------------------------------------------

MANGLED = [
    ("Qala-e-Nu", "Galano"),
    ("Qala-e-Naw", "Galano"),
    ("Qala-e-No", "Nauburg"),
    ("Qala Nuo", "Galano"),
    ("Basemullah Mohammadi", "Bismara Khan Mohammedi"),
    ("Bismillah Khan Mohammadi", "Bismara Khan Mohammedi"),
    ("National Security Directorate", "National Security Agency"),
    ("Donald Trump", "Erwin Huber"),
    ("Hamid Karzai International Airport", "Kabul International Airport"),
]

VARIANT = [
    ("Nasser Shadeed", "Nasser Shadid"),
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Mohammad Javad Zarif", "Mohamed Javad Zarif"),
    ("Husamuddin", "Hessamuddin"),
    ("Husamuddin Shams", "Hessamuddin Shams"),
    ("Qala-e-Naw", "Qala-e Naw"),
    ("Qala-e-Nu", "Qala-e-Naw"),
    ("Qala Nuo", "Qala-e-No"),
    ("Al-Jazeera", "Al Jazeera"),
    ("Basemullah Mohammadi", "Bismillah Khan Mohammadi"),
    ("Mohammad Javad Zarif", "Zarif"),  # shortened, nothing in its place
    ("Zarif", "Mohamed Javad Zarif"),
    ("Badghis Province", "Badghis State"),  # generic place nouns never decide
    ("Iranian Foreign Ministry", "Iranian Ministry of Foreign Affairs"),
    ("Russian", "Russia"),
    ("Afghan", "Afghanistan"),
    ("United States Geological Survey", "U.S. Geological Survey"),
    ("USGS", "United States Geological Survey"),
    ("American", "US"),
    ("Great Britain", "UK"),
]


@pytest.mark.parametrize(("ref", "rep"), MANGLED)
def test_classify_mangled(ref: str, rep: str) -> None:
    label, score, reason = classify_names(ref, rep)
    assert label == "mangled", reason
    assert 0.0 <= score < 1.0
    assert reason


@pytest.mark.parametrize(("ref", "rep"), VARIANT)
def test_classify_variant(ref: str, rep: str) -> None:
    label, score, reason = classify_names(ref, rep)
    assert label == "variant", reason
    assert 0.0 <= score <= 1.0


@pytest.mark.parametrize("name", ["Taliban", "Qala-e-Naw", "NATO", "Special Forces"])
def test_classify_exact_ignores_case_only(name: str) -> None:
    assert classify_names(name, name)[0] == "exact"
    assert classify_names(name, name.lower())[0] == "exact"


def test_mangled_reason_names_the_lost_and_the_stand_in_token() -> None:
    _, _, reason = classify_names("Bismillah Khan Mohammadi", "Bismara Khan Mohammedi")
    assert reason == "token 'Bismillah' has no counterpart; 'Bismara' is a different name"


def test_whole_string_similarity_would_mislead() -> None:
    # The point of token-wise comparison: this pair scores high as a whole.
    label, score, _ = classify_names("Bismillah Khan Mohammadi", "Bismara Khan Mohammedi")
    assert label == "mangled" and score > 0.8


@pytest.mark.xfail(strict=True, reason="g and q are kept apart (Galano), so Gaddafi/Qaddafi looks mangled")
def test_gaddafi_qaddafi_is_a_variant() -> None:
    assert classify_names("Gaddafi", "Qaddafi")[0] == "variant"


@pytest.mark.xfail(strict=True, reason="vowels are cheap, so one-syllable pinyin names that differ in the vowel pass")
def test_short_pinyin_names_with_other_vowel_are_mangled() -> None:
    assert classify_names("Li Wei", "Lu Wei")[0] == "mangled"


@pytest.mark.xfail(strict=True, reason="an organisation noun translated differently reads as a substitution")
def test_translated_organisation_noun_is_a_variant() -> None:
    assert classify_names("Meteorological Office of Russia", "Hydrometeorological Center of Russia")[0] == "variant"


# --------------------------------------------------------------------------
# folding
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Shadeed", "Shadid"), ("Sergei", "Sergey"), ("Mohammad", "Mohamad"), ("Qandahar", "Kandahar"),
    ("Naw", "Nau"), ("Joseph", "Josef"), ("Hussein", "Husein"), ("Gül", "Gul"),
])
def test_fold_token_merges_romanisation_pairs(a: str, b: str) -> None:
    assert fold_token(a) == fold_token(b)


@pytest.mark.parametrize(("a", "b"), [("Galano", "Qala"), ("Taiwan", "Tan"), ("Li", "Lin")])
def test_fold_token_keeps_distinct_names_apart(a: str, b: str) -> None:
    assert fold_token(a) != fold_token(b)


NAME_WORD = st.from_regex(r"[A-Z][a-zàáâäçèéêëíîïñóôöúûüğışž]{1,9}", fullmatch=True)
NAME_LIKE = st.lists(NAME_WORD, min_size=1, max_size=4).map(" ".join) | st.tuples(NAME_WORD, NAME_WORD).map(
    lambda t: f"{t[0]}-e-{t[1]}")


@settings(max_examples=200, deadline=None)
@given(NAME_LIKE)
def test_classify_same_name_is_exact(name: str) -> None:
    assert classify_names(name, name)[0] == "exact"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_fold_token_is_idempotent(text: str) -> None:
    once = fold_token(text)
    assert fold_token(once) == once
    assert once == once.lower() and once.isascii()


@settings(max_examples=200, deadline=None)
@given(NAME_LIKE)
def test_fold_name_is_idempotent(name: str) -> None:
    once = fold_name(name)
    assume(not any(t in JOINERS for t in once.split()))  # documented exception
    assert fold_name(once) == once


@settings(max_examples=200, deadline=None)
@given(NAME_LIKE)
def test_folded_spelling_is_a_variant(name: str) -> None:
    # Writing a name in its folded (ASCII, lowercase, merged) form never
    # reads as mangling.
    folded = fold_name(name)
    assume(folded and not any(t in JOINERS for t in folded.split()))
    assert classify_names(name, folded)[0] in ("exact", "variant")


# --------------------------------------------------------------------------
# pair_names on real seed sentence pairs
# --------------------------------------------------------------------------

def _labels(pairs: list[NamePair]) -> list[tuple[str, str | None, str]]:
    return [(p.ref.text, p.repost.text if p.repost else None, p.label) for p in pairs]


PAIR_CASES = [
    ("And Reuters news agency quoted the governor, as saying that the Taliban attacked Qala-e-No from 3 "
     "directions in the morning.",
     "Earlier, Reuters quoted the Governor as saying that the Taliban attacked Nauburg from three directions "
     "in the morning.",
     [("Reuters", "Reuters", "exact"), ("Taliban", "Taliban", "exact"), ("Qala-e-No", "Nauburg", "mangled")]),
    ("The correspondent added that the Afghan Defense Minister, Basemullah Mohammadi, said that the country "
     "is going through a critical military stage.",
     "The reporter added that Afghan Defense Minister Bismara Khan Mohammedi stated that the country is at a "
     "critical military stage.",
     [("Afghan", "Afghan", "exact"), ("Basemullah Mohammadi", "Bismara Khan Mohammedi", "mangled")]),
    ("said that Taliban militants had taken control of the regional office of the National Security "
     "Directorate and the police headquarters",
     "said that Taliban militants have taken control of the National Security Agency’s regional offices and "
     "police headquarters",
     [("Taliban", "Taliban", "exact"), ("National Security Directorate", "National Security Agency", "mangled")]),
    ("Al-Jazeera correspondent in Kabul, Nasser Shadeed, said that what happened today",
     "Al Jazeera’s Kabul correspondent Nasser Shadid reported that what happened today",
     [("Al-Jazeera", "Al Jazeera", "variant"), ("Kabul", "Kabul", "exact"),
      ("Nasser Shadeed", "Nasser Shadid", "variant")]),
    ("In a related context, Russian Foreign Minister Sergei Lavrov said, in statements from the Indonesian "
     "capital, Jakarta,",
     "In this context, Russian Foreign Minister Sergey Lavrov stated in a statement issued in the Indonesian "
     "capital of Jakarta",
     [("Russian", "Russian", "exact"), ("Sergei Lavrov", "Sergey Lavrov", "variant"),
      ("Indonesian", "Indonesian", "exact"), ("Jakarta", "Jakarta", "exact")]),
    # A name rendered in lowercase is found in the text.
    ("Sayed Nizami, a commander of the Special Forces, said",
     "the special forces commander Sayed Nizami said",
     [("Sayed Nizami", "Sayed Nizami", "exact"), ("Special Forces", "special forces", "exact")]),
    # Dropped, with nothing in its place: missing, never mangled.
    ("The Afghan Ministry of Defense said, in a tweet via Twitter published today",
     "The Afghan Ministry of Defense tweeted on Wednesday",
     [("Afghan Ministry of Defense", "Afghan Ministry of Defense", "exact"), ("Twitter", None, "missing")]),
    # A substitute glued to a real name still counts.
    ("Russian entrepreneur and Tinkoff group founder Oleg Tinkov released a video",
     "Russian entrepreneur and founder of the Tinkoff Group Corona published a video",
     [("Russian", "Russian", "exact"), ("Tinkoff", "Tinkoff Group Corona", "variant"),
      ("Oleg Tinkov", "Corona", "mangled")]),
    # A common word opening the sentence is no substitute for a name far away.
    ("The early reports say the plane was diverted back to Afghanistan after being denied a landing in Urumqi.",
     "Initial reports say the plane was diverted back to Afghanistan after it was refused a landing.",
     [("Afghanistan", "Afghanistan", "exact"), ("Urumqi", None, "missing")]),
]


@pytest.mark.parametrize(("ref", "rep", "expected"), PAIR_CASES)
def test_pair_names_seed_sentences(ref: str, rep: str, expected: list) -> None:
    pairs = pair_names(ref, rep, ref_doc_names=frozenset(m.text for m in extract_names(ref)))
    assert _labels(pairs) == expected
    for p in pairs:
        assert ref[p.ref.start:p.ref.end] == p.ref.text
        if p.repost is not None:
            assert rep[p.repost.start:p.repost.end] == p.repost.text
        assert p.reason


def test_pair_names_qala_e_no_nauburg() -> None:
    (pair,) = [p for p in pair_names("the Taliban attacked Qala-e-No from 3 directions",
                                     "the Taliban attacked Nauburg from three directions") if p.label == "mangled"]
    assert (pair.ref.text, pair.repost.text) == ("Qala-e-No", "Nauburg")
    assert "never occurs in the reference" in pair.reason


def test_substitute_known_from_reference_document_is_not_flagged() -> None:
    # "Herat" occurs elsewhere in the reference, so it is not a substitute here.
    ref = "The Taliban attacked Qala-e-No in the morning."
    rep = "The Taliban attacked Herat in the morning."
    assert _labels(pair_names(ref, rep))[-1] == ("Qala-e-No", "Herat", "mangled")
    labels = _labels(pair_names(ref, rep, ref_doc_names=frozenset({"Herat", "Qala-e-No"})))
    assert labels[-1] == ("Qala-e-No", None, "missing")


def test_repost_doc_names_break_ties() -> None:
    # Badghis is rendered correctly elsewhere in the repost, so "Galano" is
    # taken as the rendering of the city, not of the province.
    ref = "what happened today in the capital of Badghis state, the city of Qala Nuo"
    rep = "what happened in Galano today"
    pairs = pair_names(ref, rep, repost_doc_names=frozenset({"Badghis"}))
    assert ("Qala Nuo", "Galano", "mangled") in _labels(pairs)


def test_reference_sentence_without_names() -> None:
    assert pair_names("the city was quiet", "Galano was quiet") == []


# --------------------------------------------------------------------------
# Seed fixture: every name pair of seed 001 against seed 000
# --------------------------------------------------------------------------

SEED_ALIGNED = [
    ('On Wednesday, the Taliban took control of Qala-e-Nu, the capital of Badghis province in northwestern Afghanistan, some time before Afghan special forces were able to regain control of the city, while Tajikistan requested the help of a Russian-led regional organization to counter threats from neighboring Afghanistan.',
     'On Wednesday, the Taliban advanced to the northern and western regions of Afghanistan. The Afghan army regained some areas. Tajikistan requested regional assistance led by Russia to restore border security.'),
    ('Al-Jazeera correspondent in Kabul, Nasser Shadeed, said that what happened today in the capital of Badghis state is a qualitative development of the course of events since the beginning of the withdrawal of foreign forces, with the initiative of the Taliban taking control of the capital of Badghis state, as the movement almost took control of the city of Qala Nuo, the capital of the state, had it not been for the intervention of the Afghan special forces. The American trainer, who came from Herat.',
     'Al Jazeera’s Kabul correspondent Nasser Shadid reported that what happened in Galano today is a substantive development since the beginning of the withdrawal of foreign troops. Without the intervention of the US training Afghan special forces from Herat Province, the Taliban would almost Taking control of the city, at the same time, there were a large number of casualties on both sides.'),
    ("The reporter stated that the Special Forces were able to break the siege of Qalaat Nou, and expelled the Taliban fighters from the city, with the fall of large numbers of both sides' forces.",
     'After the violent conflict between the two parties, the Afghan army expelled Taliban militants from Galano, the capital of Badghis State in the western part of the country.'),
    ('And Reuters news agency quoted the governor of Badghis province, Husamuddin Shams, as saying that the Taliban attacked Qala-e-No from 3 directions in the morning, and that the Afghan security forces were confronting them.',
     'Earlier, Reuters quoted the Governor of Badghis Province Husamuddin Shams as saying that the Taliban attacked Nauburg from three directions in the morning, and the Afghan security forces were confronting them.'),
    ('The governor said in a previous statement that Taliban militants control 6 districts in the province out of 7, that is, all districts of the state except for the headquarters of the capital.',
     'Governor Husamuddin Shams said in a previous statement that Taliban militants control 6 of the province’s 7 districts, that is, control all areas except the provincial capital.'),
    ('Video footage obtained by Reuters showed smoke billowing over the city.',
     'Video clips obtained by Reuters showed smoke billowing over the city.'),
    ('Sayed Nizami, a commander of the Special Forces, said in a street, while the sound of gunfire was heard in the background, that the soldiers "expelled the enemy from the area, the enemy incurred heavy losses and now we are advancing and expelling the enemy from the city."',
     'One of the streets of the special forces commander Sayed Nizami said that the soldiers “expelled the enemy from the area and the enemy suffered heavy losses. , We are now advancing and driving the enemy out of the city.”'),
    ("An official in the Ministry of Defense - who spoke on condition of anonymity - said that Taliban militants had taken control of the regional office of the National Security Directorate and the police headquarters, and were trying to take over the governor's office before the special forces forced them to retreat.",
     'An official of the Ministry of Defense, who asked not to be named, said that Taliban militants have taken control of the National Security Agency’s regional offices and police headquarters and are trying to take over the governor’s office before the special forces force them to retreat.'),
    ('An Afghan security source told Al Jazeera that about 200 prisoners escaped from the central prison in Badghis, after the Taliban took control of the facility.',
     'An Afghan security source told Al Jazeera that about 200 prisoners escaped from the central prison in Badghis after the Taliban took control of the facility.'),
    ('It is the first time that the Taliban has attacked a regional capital.',
     'This is the first time the Taliban has attacked a regional capital.'),
    ('According to the peace agreement signed in Doha two years ago between the movement and the United States, the Taliban are prohibited from going to city centers, but those close to the movement said that government forces also committed violations by daily aerial bombardment of Taliban positions.',
     'According to the peace agreement signed by the Taliban and the United States in Doha two years ago, the Taliban were forbidden to travel to the city center. The agreement stipulates.'),
    ('The correspondent added that the Afghan Defense Minister, Basemullah Mohammadi, said that the country is going through a critical military stage, but he added that the government forces are able to control the situation if efforts are combined.',
     'The reporter added that Afghan Defense Minister Bismara Khan Mohammedi stated that the country is at a critical military stage, but added that if joint efforts are made, government forces can control the situation.'),
    ('The Afghan Ministry of Defense said, in a tweet via Twitter published today, Wednesday, that 239 Taliban were killed, 157 others were wounded, and two fighters were arrested, as a result of operations carried out by the security forces in separate areas of the country, during the past 24 hours.',
     'The Afghan Ministry of Defense tweeted on Wednesday that 239 Taliban fighters were killed, 157 injured and two combatants were arrested in the past 24 hours due to operations carried out by security forces in different parts of the country.'),
    ('An Afghan security source told Al Jazeera that 6 policemen were killed in a Taliban attack on a checkpoint west of the capital, Kabul.',
     'An Afghan security source told Al Jazeera that six policemen were killed when the Taliban attacked a checkpoint west of the capital Kabul.'),
    ('The Taliban continues its campaign to control the largest number of areas since the US and NATO forces began gradual withdrawal from the country last May.',
     'Since the gradual withdrawal of US and NATO forces from Afghanistan in May, the Taliban have continued to control more areas.'),
    ('On Tuesday, the US military said that its forces in Afghanistan have completed more than 90% of their withdrawal, which is scheduled to end next September.',
     'The US military said on Tuesday that its troops in Afghanistan have completed more than 90% of the withdrawal, which is scheduled to end in September.'),
    ('The intensification of fighting in Afghanistan coincides with high-level talks in Iran, where a delegation from the Afghan government met representatives of the Taliban in Tehran, as announced by the Iranian Foreign Ministry, after months of deadlocked talks between the two parties.',
     'The intensification of the war in Afghanistan coincided with Iran’s high-level talks. The Iranian Ministry of Foreign Affairs announced that a delegation of the Afghan government met with Taliban representatives in Tehran after the negotiations between the two sides had stalled for several months.'),
    ('Iranian Foreign Minister Mohammad Javad Zarif opened an "Afghan meeting" between representatives of the Kabul government and the Taliban, according to a brief video clip released by the ministry.',
     'According to a short video clip released by the Iranian Ministry of Foreign Affairs, Iranian Foreign Minister Mohamed Javad Zarif opened the “Afghanistan meeting” between the Kabul government and Taliban representatives.'),
    ('Minister Zarif called on "the people of Afghanistan and its political leaders to make difficult decisions for the future of their country," according to an official statement.',
     'Zarif called on “the Afghan people and their political leaders to make difficult decisions for the future of their country”.'),
    ('Iran is very concerned about the situation in neighboring Afghanistan, which has a long common border with it and has been hosting millions of Afghan refugees for years.',
     'Iran is very concerned about the situation in neighboring Afghanistan. Afghanistan and Iran share a long common border. For many years, Iran has been hosting millions of Afghan refugees.'),
    ('Tajikistan order',
     'Requirements of Tajikistan'),
    ('On the other hand, Tajikistan on Wednesday asked members of the Collective Security Treaty Organization led by Russia to help address security challenges on its border with Afghanistan.',
     'On the other hand, Tajikistan asked on Wednesday that members of the Collective Security Treaty Organization headed by Russia help resolve the security challenges on its border with Afghanistan.'),
    ("The authorities of Tajikistan said that it will mobilize 20,000 of its forces to strengthen the protection of the border with its southern neighbor, as more than a thousand Afghan soldiers crossed the Afghan-Tajik border due to the Taliban's advance in Badakhshan province in the far north of Afghanistan.",
     'Tajik authorities stated that they will mobilize 20,000 troops to strengthen the protection of the border with southern neighboring countries. This is because the Taliban advanced in the northernmost province of Afghanistan, Badakhshan, and more than 1,000 Afghan soldiers crossed the Afghanistan-Tajik border.'),
    ('A security source from Tajikistan told Reuters today that about 300 Afghan soldiers had crossed the border into Tajikistan while they were retreating in front of the advance of Taliban fighters and were flown to their country in the early hours of Wednesday morning.',
     'A security source from Tajikistan told Reuters on Wednesday that, facing the advancing Taliban fighters, about 300 Afghan soldiers crossed the border into Tajikistan during the retreat and returned to their country by plane early on Wednesday morning.'),
    ('In a related context, Russian Foreign Minister Sergei Lavrov said, in statements from the Indonesian capital, Jakarta, that his country will do everything in its power to protect its allies from the threat from Afghanistan, including the use of its base in Tajikistan.',
     'In this context, Russian Foreign Minister Sergey Lavrov stated in a statement issued in the Indonesian capital of Jakarta that his country will do everything it can to protect its allies from threats from Afghanistan, including using its base in Tajikistan.'),
    ('Lavrov noted that Russian President Vladimir Putin has held talks with his counterparts in Tajikistan and Uzbekistan and is in contact with other leaders in Central Asia, stressing that commitments within the framework of the Collective Security Treaty Organization remain in full force.',
     'Lavrov stated that Russian President Vladimir Putin has held talks with the Presidents of Tajikistan and Uzbekistan and maintained contact with other leaders of Central Asia, emphasizing that the commitments made within the framework of the Collective Security Treaty Organization are still fully valid.'),
]


def _fixture_rows() -> list[tuple[str, str, str]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return [(r["ref_name"], r["repost_name"], r["label"]) for r in csv.DictReader(fh)]


def test_seed_fixture_is_well_formed() -> None:
    rows = _fixture_rows()
    assert rows and {label for _, _, label in rows} <= {"exact", "variant", "mangled", "missing"}
    assert all((label == "missing") == (rep == "") for _, rep, label in rows)


@pytest.mark.parametrize("row", [r for r in _fixture_rows() if r[1]], ids=lambda r: f"{r[0]}->{r[1]}")
def test_seed_fixture_classify(row: tuple[str, str, str]) -> None:
    ref, rep, label = row
    assert classify_names(ref, rep)[0] == label


def test_seed_fixture_pairing_precision_recall() -> None:
    doc_names = frozenset(m.text for m in extract_names(REFERENCE.read_text(encoding="utf-8")))
    predicted = Counter()
    for ref, rep in SEED_ALIGNED:
        for p in pair_names(ref, rep, ref_doc_names=doc_names):
            if p.label == "mangled":
                predicted[(p.ref.text, p.repost.text)] += 1
    gold = Counter((r, p) for r, p, label in _fixture_rows() if label == "mangled")
    tp = sum((predicted & gold).values())
    precision = tp / max(1, sum(predicted.values()))
    recall = tp / sum(gold.values())
    assert precision >= 0.8 and recall >= 0.8, (precision, recall, predicted, gold)


# --------------------------------------------------------------------------
# Names file
# --------------------------------------------------------------------------

CSV_BOOK = """canonical,accepted,wrong
Qala-e-Naw,Qala-e-Nu|Qala-i-Naw,Galano|Nauburg
Nasser Shadeed,,Nasser Shadid
"""

TOML_BOOK = """
[[name]]
canonical = "Qala-e-Naw"
accepted = ["Qala-e-Nu", "Qala-i-Naw"]
wrong = ["Galano", "Nauburg"]

[[name]]
canonical = "Nasser Shadeed"
wrong = ["Nasser Shadid"]
"""


@pytest.fixture(params=[("names.csv", CSV_BOOK), ("names.toml", TOML_BOOK)], ids=["csv", "toml"])
def book(request, tmp_path: Path) -> NameBook:
    name, text = request.param
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_name_book(path)


def test_load_name_book(book: NameBook) -> None:
    assert book.entries[0] == NameEntry("Qala-e-Naw", ("Qala-e-Nu", "Qala-i-Naw"), ("Galano", "Nauburg"))
    assert book.entries[1] == NameEntry("Nasser Shadeed", (), ("Nasser Shadid",))


@pytest.mark.parametrize(("ref", "rep", "expected"), [
    ("Qala-e-Naw", "Qala-i-Naw", "accepted"),
    ("Qala-e-Nu", "qala-e-naw", "accepted"),
    ("Qala-e-Naw", "Galano", "wrong"),
    ("Qala-e-No", "Nauburg", "wrong"),  # a variant of the canonical name finds the entry
    ("Qala-e-Naw", "Herat", None),
    ("Kabul", "Galano", None),
])
def test_name_book_lookup(book: NameBook, ref: str, rep: str, expected: str | None) -> None:
    assert book.lookup(ref, rep) == expected


def test_name_book_overrides_classification(book: NameBook) -> None:
    # Wrong spellings are errors even where spelling rules call them variants.
    ref, rep = "Al-Jazeera correspondent Nasser Shadeed said", "Al Jazeera correspondent Nasser Shadid said"
    assert ("Nasser Shadeed", "Nasser Shadid", "variant") in _labels(pair_names(ref, rep))
    assert ("Nasser Shadeed", "Nasser Shadid", "mangled") in _labels(pair_names(ref, rep, book=book))
    # Accepted spellings are never flagged even where the rules would.
    accepting = NameBook((NameEntry("Qala-e-Naw", ("Galano",)),))
    ref, rep = "the Taliban attacked Qala-e-Naw", "the Taliban attacked Galano"
    assert ("Qala-e-Naw", "Galano", "mangled") in _labels(pair_names(ref, rep))
    assert ("Qala-e-Naw", "Galano", "variant") in _labels(pair_names(ref, rep, book=accepting))


def test_name_book_finds_wrong_spelling_outside_names(book: NameBook) -> None:
    pairs = pair_names("the Taliban attacked Qala-e-Naw", "the taliban attacked galano", book=book)
    assert ("Qala-e-Naw", "galano", "mangled") in _labels(pairs)


@pytest.mark.parametrize(("name", "text", "fragment"), [
    ("names.txt", "x", "unsupported extension"),
    ("names.csv", "name,spellings\nQala,\n", "header canonical,accepted,wrong"),
    ("names.csv", "canonical,accepted,wrong\n,Qala,\n", "empty canonical"),
    ("names.csv", "canonical,accepted,wrong\n", "lists no names"),
    ("names.csv", "canonical,accepted,wrong\nQala-e-Naw,Galano,galano\n", "both accepted and wrong"),
    ("names.toml", "[[name]\ncanonical = 1", "not valid TOML"),
    ("names.toml", "title = 'x'\n", "no [[name]] tables"),
    ("names.toml", "[[name]]\naccepted = ['x']\n", "lacks a canonical"),
    ("names.toml", "[[name]]\ncanonical = 'x'\nwrong = 3\n", "must be a list of strings"),
])
def test_load_name_book_errors(tmp_path: Path, name: str, text: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment.replace("[", r"\[").replace("]", r"\]")) as exc:
        load_name_book(path)
    assert "\n" not in str(exc.value)


def test_load_name_book_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_name_book(tmp_path / "nope.csv")


# --------------------------------------------------------------------------
# summarise_renderings
# --------------------------------------------------------------------------

def test_summarise_renderings_groups_reference_spellings() -> None:
    def pair(ref: str, rep: str | None, label: str) -> NamePair:
        return NamePair(NameMention(ref, 0, len(ref)), NameMention(rep, 0, len(rep)) if rep else None, label, 0.0, "")

    pairs = [
        pair("Qala-e-Nu", "Galano", "mangled"),
        pair("Qala-e-Naw", "Galano", "mangled"),
        pair("Qala-e-No", "Nauburg", "mangled"),
        pair("Qala Nuo", None, "missing"),
        pair("Taliban", "Taliban", "exact"),
    ]
    summary = summarise_renderings(pairs)
    assert len(summary) == 2
    qala = summary[fold_name("Qala-e-Nu")]
    assert qala == Counter({"Galano": 2, "Nauburg": 1, MISSING_KEY: 1})
    assert inconsistent_entities(summary) == [fold_name("Qala-e-Nu")]
