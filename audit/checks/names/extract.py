"""Finding proper names in text: the word lists, the word regexes and
:func:`extract_names`.

A name is a run of capitalised words, with lowercase joiners allowed inside
("Ministry of Defense", "Tamim bin Hamad Al Thani"). The hard part is what to
leave out: titles ("Foreign Minister"), sentence openers ("Video footage"),
months and weekdays, possessives. Everything here is pure and deterministic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------

# Lowercase words allowed *inside* a name when a capitalised word follows
# ("Ministry of Defense", "Qala-e Naw", "Tamim bin Hamad Al Thani").
# "and" is deliberately absent: "Iran and Iraq" must stay two names.
JOINERS = frozenset(
    "of the for al el ul ud ad as bin ibn bint abu e i y de da di do du del della "
    "des la le van von der den ter zu und".split()
)

# Titles and offices are kept out of name spans: "Foreign Minister Sergei
# Lavrov" names Sergei Lavrov, and a repost that writes "Minister Lavrov" or
# "Lavrov" has not changed the name.
TITLE_HEADS = frozenset(
    """president presidents minister ministers secretary governor mr mrs ms miss mx dr prof
    professor sir dame lord lady general gen colonel col lieutenant lt major maj captain capt
    commander cmdr sergeant sgt admiral marshal sheikh shaikh sheik emir amir king queen prince
    princess sultan senator sen rep representative congressman congresswoman judge chancellor
    pope cardinal bishop archbishop imam mullah ayatollah mayor ambassador spokesman
    spokeswoman spokesperson envoy chairman chairwoman chair premier correspondent reporter
    coach attorney mp mla assistant trainee director founder leader inspector commissioner
    superintendent detective officer""".split()
)
# Words that qualify a title ("Defense Minister", "Secretary of State",
# "Prime Minister"); stripped together with the head they qualify.
OFFICE_MODIFIERS = frozenset(
    """foreign defense defence interior finance state justice health education economy
    trade home prime vice deputy acting former chief general associate adjunct senior junior
    special first supreme""".split()
)

MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

# Capitalised only because they open a sentence. A first word not listed here
# is taken as a name ("Lavrov noted ...", "Reuters quoted ..."); listing the
# usual sentence openers of news prose keeps "Video footage ..." or
# "Rangers monitor ..." out of the name lists that pair_names compares.
COMMON_STARTERS = frozenset(
    """a an the this that these those there here it its it's he she they we i you his her
    their our my your one two three four five six seven eight nine ten some many most more
    much few several all both each every any no none not only also and but or nor so yet
    for if when while after before since until as at by from in into of on onto over under
    with without within about above across against along among around behind below beneath
    beside besides between beyond during except inside near off out outside through
    throughout toward towards upon via per than then thus therefore however meanwhile
    moreover furthermore nevertheless nonetheless instead otherwise still already again
    even just ever never always often sometimes soon later earlier now today yesterday
    tomorrow tonight currently recently finally firstly secondly lastly according
    although though because unless whether whereas where what which who whom whose why how
    once whatever whoever such other another same last next first second third new old
    video footage photo photos image images report reports reported reportedly officials
    official sources source security police authorities government witnesses residents
    people experts analysts critics supporters protesters troops soldiers forces fighters
    militants rebels clashes talks fighting attacks attack earlier despite amid following
    asked said says told added noted stressed explained saying speaking talking according
    meanwhile indeed perhaps maybe yes no please thanks thank let lets let's do does did
    is are was were be been being have has had will would shall should can could may might
    must ought dear well like unlike home world news update breaking live read more click
    share follow watch see related advertisement comment comments cookies privacy policy
    accept late early to i'm i've i'd i'll we're we've they're you're it's that's there's
    what's let's don't doesn't didn't can't won't isn't aren't wasn't hundreds thousands millions billions dozens tens
    prior due owing regarding concerning given including excluding preceding
    mon tue tues wed thu thur thurs fri sat sun""".split()
)

# Suffixes of common words, not names. Only used for a sentence-initial
# word standing alone ("Humanitarian aid ...", "Skilled volunteers ...");
# -ing is left out because of Beijing, Nanjing, Reading.
_COMMON_SUFFIX_RE = re.compile(
    r"(ly|ed|ness|ments?|tions?|sions?|ity|ities|ous|ive|ives|able|ible|ful|less|ists?|isms?"
    r"|arian|ers|ors|ings|ances?|ences?)$")

# Company-form words: part of a name ("Tinkoff Bank Ltd") but never a name alone.
_COMPANY_FORMS = frozenset("inc ltd llc plc corp co gmbh".split())

# Possessive words that stay inside a name ("South West African People's
# Organization"); any other possessive ends the name ("Qatar's Emir").
NAME_POSSESSIVES = frozenset("people's women's children's workers' men's".split())

# Capitalised mid-sentence by headline style or a typo ("of The broadcast
# council"); never a name on their own.
_FUNCTION_WORDS = frozenset(
    "the a an this that these those and or but of in on at to for with by from it its he she they "
    "we you his her their our my".split())

# The pronoun "I" is capitalised everywhere, and so are its contractions ("Then I'd go").
_PRONOUN_I = frozenset("i'm i've i'd i'll".split())

_PLURAL_COMMON_RE = re.compile(r"(ments|tions|sions|ers|ors|ists|ings|ances|ences|ities|ents|ants)$")

# --------------------------------------------------------------------------
# Data type
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class NameMention:
    """A proper-name span; ``text == sentence[start:end]``."""

    text: str
    start: int  # char offsets in the sentence
    end: int


# --------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------

# A word: dotted acronym (U.S., U.K.), or a run of letters/digits with inner
# hyphens and apostrophes (Qala-e-Naw, Al-Jazeera, People's, Covid-19), with
# an optional leading '#'.
_WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,}|#?[^\W_][\w]*(?:[-'’][\w]+)*['’]?")
_SENTENCE_BREAK_RE = re.compile(r"[.!?:;]\s*$|^\s*$|[\"“‘(\[—–-]\s*$|\n\s*$")


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence (or of a quote / line)


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    for m in _WORD_RE.finditer(text):
        start, end = m.start(), m.end()
        before = text[max(0, start - 1):start]
        # @handles and URL pieces are not prose names.
        if before in {"@", "/", "."} and not m.group().startswith("#") and start > 0:
            if before != "." or (start >= 2 and not text[start - 2].isspace()):
                continue
        prefix = text[:start]
        initial = bool(_SENTENCE_BREAK_RE.search(prefix[-4:] if prefix else ""))
        out.append(_Word(m.group(), start, end, initial))
    return out


def _is_capitalised(word: str) -> bool:
    w = word.lstrip("#")
    return bool(w) and w[0].isupper()


def _is_all_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _bare(word: str) -> str:
    """Lowercase word without '#', possessive or trailing apostrophe."""
    w = word.lstrip("#").lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.rstrip("'")


def _trim_hyphen_parts(w: _Word) -> _Word | None:
    """Drop lowercase affixes glued to a name: "Russian-led" -> "Russian",
    "pro-Russian" -> "Russian"; keep inner joiners ("Qala-e-Naw")."""
    if "-" not in w.text:
        return w
    parts = w.text.split("-")
    lo, hi = 0, len(parts)
    while lo < hi - 1 and not _is_capitalised(parts[lo]) and not parts[lo][:1].isdigit():
        lo += 1
    while hi - 1 > lo and parts[hi - 1][:1].islower():
        hi -= 1
    if lo == 0 and hi == len(parts):
        return w
    start = w.start + sum(len(p) + 1 for p in parts[:lo])
    text = "-".join(parts[lo:hi])
    return _Word(text, start, start + len(text), w.initial and lo == 0)


def _name_word_kind(w: _Word) -> str:
    """'name', 'joiner', 'title', 'modifier' or 'other' for one word."""
    bare = _bare(w.text)
    if bare in MONTHS or bare in WEEKDAYS:
        return "other"
    if w.text.startswith("#"):
        return "name" if _is_capitalised(w.text) else "other"
    if bare in TITLE_HEADS and _is_capitalised(w.text) and (
            not _is_all_caps(w.text) or len(bare) <= 3):
        # "MP"/"MLA" are titles too; longer all-caps words are acronyms.
        return "title"
    if bare in OFFICE_MODIFIERS and _is_capitalised(w.text):
        return "modifier"
    if _is_capitalised(w.text) or _is_all_caps(w.text):
        if w.initial and not _is_all_caps(w.text) and (
                bare in COMMON_STARTERS or bare.split("-")[0] in COMMON_STARTERS):
            return "other"
        if (len(bare) == 1 and not _is_all_caps(w.text) and bare in {"a", "i"}) or bare in _PRONOUN_I:
            return "other"
        return "name"
    if bare in JOINERS:
        return "joiner"
    return "other"


# --------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------


def extract_names(text: str) -> list[NameMention]:
    """Proper-name spans, in order of appearance.

    Multi-word and hyphenated names (Qala-e-Naw, Collective Security Treaty
    Organization, Mohammad Javad Zarif), names in ALL CAPS (NATO, ANDSF),
    capitalised hashtags (#Badghis -> Badghis) and sentence-initial names (a
    capitalised first word not in COMMON_STARTERS). Lowercase joiners (of,
    the, al, bin, e, de ...) stay inside a name when a capitalised word
    follows. Titles ("President", "Foreign Minister", "Mr") are kept out of
    the span, months and weekdays are never names, and a trailing possessive
    ("Florida's") is dropped from the span.
    """
    words = [t for w in _words(text) if (t := _trim_hyphen_parts(w)) is not None]
    kinds = [_name_word_kind(w) for w in words]
    _strip_titles(words, kinds)
    spans: list[NameMention] = []
    i = 0
    while i < len(words):
        if kinds[i] != "name":
            i += 1
            continue
        j = _span_end(text, words, kinds, i)
        if words[i].initial and i + 1 < j and kinds[i + 1] == "joiner" and _looks_common(words[i]):
            # "Requirements of Tajikistan", "Residents of Kabul": the opener
            # is a common noun; the name starts after the joiner(s).
            i += 1
            while kinds[i] == "joiner":
                i += 1
        if not _is_common_word_alone(words, i, j):
            spans.append(_mention(text, words[i], words[j]))
        i = j + 1
    return [s for s in spans if s.text]


def _span_end(text: str, words: list[_Word], kinds: list[str], i: int) -> int:
    """Index of the last name word of the span that starts at name word ``i``.

    Joiners are crossed but never end a span: "Ministry of" stops at
    "Ministry" unless a name word follows the joiner.
    """
    j = i  # last name word of the span
    k = i + 1
    while k < len(words):
        gap = text[words[k - 1].end:words[k].start]
        if not _joinable_gap(gap) or _ends_span(words[k - 1].text):
            break
        if kinds[k] == "name":
            j = k
            k += 1
        elif kinds[k] == "joiner":
            k += 1
        else:
            break
    return j


def _is_common_word_alone(words: list[_Word], i: int, j: int) -> bool:
    """A one-word span that is a company form ("Inc"), a function word
    ("The"), or a sentence-initial word shaped like a common word
    ("Reportedly", "Humanitarian")."""
    if i != j:
        return False
    w = words[i]
    bare = _bare(w.text)
    if bare.rstrip(".") in _COMPANY_FORMS or bare in _FUNCTION_WORDS:
        return True
    return w.initial and not _is_all_caps(w.text) and bool(_COMMON_SUFFIX_RE.search(bare))


def _looks_common(w: _Word) -> bool:
    bare = _bare(w.text)
    return not _is_all_caps(w.text) and (bare in COMMON_STARTERS or bool(_PLURAL_COMMON_RE.search(bare)))


def _joinable_gap(gap: str) -> bool:
    # Only plain spaces join words into one name; a comma, quote or line
    # break between capitalised words separates two names.
    return gap != "" and gap.strip(" \u00a0") == ""


def _ends_span(word: str) -> bool:
    w = word.lower().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        return w not in NAME_POSSESSIVES
    return False


def _mention(text: str, first: _Word, last: _Word) -> NameMention:
    start, end = first.start, last.end
    if text[start] == "#":
        start += 1
    # Trailing possessive is grammar, not part of the name.
    chunk = text[start:end]
    for suffix in ("'s", "’s", "'", "’"):
        if chunk.endswith(suffix) and chunk.lower() not in NAME_POSSESSIVES:
            end -= len(suffix)
            break
    return NameMention(text[start:end], start, end)


def _strip_titles(words: list[_Word], kinds: list[str]) -> None:
    """Turn title phrases into separators, in place.

    "Foreign Minister Sergei Lavrov": the head "Minister" plus the modifiers
    before it; "Secretary of State Antony Blinken": plus "of <modifier>" after
    it. A modifier with no title head next to it is an ordinary name word
    ("Foreign" in "Collective Foreign Policy Council" is unusual but harmless).
    """
    for i, kind in enumerate(kinds):
        if kind != "title":
            continue
        # The head itself is never part of a name; it separates the names
        # around it ("Iranian" | "Mohammad Javad Zarif").
        kinds[i] = "other"
        j = i - 1
        while j >= 0 and kinds[j] == "modifier":
            kinds[j] = "other"
            j -= 1
        k = i + 1
        if k + 1 < len(words) and kinds[k] == "joiner" and kinds[k + 1] == "modifier":
            kinds[k] = kinds[k + 1] = "other"
            k += 2
        while k < len(words) and kinds[k] in ("modifier", "title"):
            kinds[k] = "other"
            k += 1
    for i, kind in enumerate(kinds):
        if kind == "modifier":
            kinds[i] = "name"

