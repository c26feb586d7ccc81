"""Proper names: find them, pair them across an aligned sentence pair, classify.

Mangled names are the headline defect of machine-translated reposts
("Qala-e-Naw" -> "Galano", "Bismillah Khan Mohammadi" -> "Bismara Khan
Mohammedi"), while transliteration variants ("Sergei"/"Sergey",
"Shadeed"/"Shadid") are harmless and must never be reported as errors.

Whole-string scores cannot tell these apart: "Galano" and "Qala-e-Naw" share a
Metaphone code and the Bismillah/Bismara pair has a Jaro-Winkler of 0.93. So
names are compared *token by token* after romanisation folding, with a
weighted edit distance in which vowel changes are cheap (vowels are what
romanisation systems disagree on) and consonant changes are expensive (they
are what turns one name into another). A reference name is mangled when one
of its tokens has no close counterpart while the repost puts a different
token in its place.

Everything here is pure and deterministic; nothing prints.
"""
from __future__ import annotations

import csv
import io
import os
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from unidecode import unidecode

from ..errors import ConfigError

__all__ = [
    "NameMention",
    "NamePair",
    "NameEntry",
    "NameBook",
    "VARIANT_THRESHOLD",
    "extract_names",
    "fold_token",
    "fold_name",
    "token_similarity",
    "classify_names",
    "pair_names",
    "load_name_book",
    "summarise_renderings",
    "inconsistent_entities",
]

# A folded token pair at or above this similarity is "the same token".
# Calibrated so vowel-only and doubling differences pass (Shadeed/Shadid 0.92,
# Husamuddin/Hessamuddin 0.91) while one consonant substitution in a short
# name does not (Bismillah/Bismara 0.66, Qala/Galano 0.36).
VARIANT_THRESHOLD = 0.75

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

# Generic place nouns: translators swap and drop them freely ("Badghis
# Province" / "Badghis State" / "Badghis"), so they never decide a pairing.
# Organisational nouns (agency, directorate, ministry) are *not* here: the
# brief's "National Security Directorate" -> "National Security Agency" is an
# error because the organisation changed.
GENERIC_PLACE_NOUNS = frozenset(
    """province provinces state states city town village district county region regions
    governorate prefecture municipality area valley river lake mountain mountains mount mt
    island islands sea ocean bay gulf peninsula desert basin strait capital provincial
    municipal regional federal local""".split()
)

# Possessive words that stay inside a name ("South West African People's
# Organization"); any other possessive ends the name ("Qatar's Emir").
NAME_POSSESSIVES = frozenset("people's women's children's workers' men's".split())

_VOWELS = frozenset("aeiou")
_ROMAN_RE = re.compile(r"i{2,3}|iv|vi{1,3}|ix|xi{1,3}|xiv|xv|xvi{1,3}")

# Everyday names of the same country; no spelling rule links "UK" and "Great
# Britain", and independent translators pick either.
_ALIASES: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split("|"))
    for group in (
        "us|usa|united states|united states of america|america|american|americans",
        "uk|united kingdom|britain|great britain|british",
        "uae|united arab emirates|emirates|emirati",
        "eu|european union",
        "un|united nations",
        "ussr|soviet union|soviet",
        "drc|dr congo|democratic republic of the congo|democratic republic of congo",
        "czech republic|czechia|czech",
        "holland|netherlands|the netherlands|dutch",
        "burma|myanmar",
        "ivory coast|cote d'ivoire|cote divoire",
        "korea|south korea|republic of korea",
        "north korea|dprk",
        "turkey|turkiye|turkish",
    )
)

# --------------------------------------------------------------------------
# Data types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class NameMention:
    """A proper-name span; ``text == sentence[start:end]``."""

    text: str
    start: int  # char offsets in the sentence
    end: int


@dataclass(frozen=True)
class NamePair:
    """One reference name and what the repost made of it."""

    ref: NameMention
    repost: NameMention | None
    label: str  # "exact" | "variant" | "mangled" | "missing"
    score: float  # similarity in [0,1] after folding
    reason: str  # one sentence: why it was classed this way


@dataclass(frozen=True)
class NameEntry:
    """One entity of a names file."""

    canonical: str
    accepted: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameBook:
    """Names file: canonical names with accepted spellings (never flagged) and
    known wrong spellings (always errors)."""

    entries: tuple[NameEntry, ...] = ()

    def lookup(self, ref_name: str, repost_name: str) -> str | None:
        """"accepted" | "wrong" | None for rendering ``ref_name`` as ``repost_name``."""
        repost_key = _book_key(repost_name)
        for entry in self._entries_for(ref_name):
            if repost_key in {_book_key(w) for w in entry.wrong}:
                return "wrong"
            if repost_key in {_book_key(a) for a in (entry.canonical, *entry.accepted)}:
                return "accepted"
        return None

    def wrong_spellings(self, ref_name: str) -> tuple[str, ...]:
        """Known wrong spellings of the entity ``ref_name`` belongs to."""
        return tuple(w for e in self._entries_for(ref_name) for w in e.wrong)

    def _entries_for(self, ref_name: str) -> list[NameEntry]:
        # An exact (normalised) hit on a canonical or accepted spelling wins;
        # otherwise a transliteration variant of the canonical name counts, so
        # a book entry "Qala-e-Naw" also covers a reference that writes "Qala-e-No".
        key = _book_key(ref_name)
        exact = [e for e in self.entries if key in {_book_key(s) for s in (e.canonical, *e.accepted)}]
        if exact:
            return exact
        return [
            e
            for e in self.entries
            if any(classify_names(s, ref_name)[0] in ("exact", "variant") and
                   classify_names(ref_name, s)[0] in ("exact", "variant")
                   for s in (e.canonical, *e.accepted))
        ]


# --------------------------------------------------------------------------
# Extraction
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
        if len(bare) == 1 and not _is_all_caps(w.text) and bare in {"a", "i"}:
            return "other"
        return "name"
    if bare in JOINERS:
        return "joiner"
    return "other"


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


# Capitalised mid-sentence by headline style or a typo ("of The broadcast
# council"); never a name on their own.
_FUNCTION_WORDS = frozenset(
    "the a an this that these those and or but of in on at to for with by from it its he she they "
    "we you his her their our my".split())

_PLURAL_COMMON_RE = re.compile(r"(ments|tions|sions|ers|ors|ists|ings|ances|ences|ities|ents|ants)$")


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


# --------------------------------------------------------------------------
# Folding and token similarity
# --------------------------------------------------------------------------

# Applied until nothing changes, so folding is idempotent by construction.
_FOLD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"sch", "sh"),
        (r"ph", "f"),
        (r"kh", "h"),          # Khan/Han is rare; Kh/H romanisation is common
        (r"gh", "g"),
        (r"dh", "d"),
        (r"th", "t"),
        (r"ck", "k"),
        (r"q", "k"),           # Qandahar/Kandahar; g stays distinct (Galano!)
        (r"c(?!h)", "k"),
        (r"x", "ks"),
        (r"dj", "j"),
        (r"z", "s"),
        (r"y", "i"),           # Sergey/Sergei, -y/-i endings
        (r"(?<=[aeiou])w(?![aeiou])", "u"),   # Naw/Nau; not Taiwan
        (r"w", "v"),           # Wladimir/Vladimir
        (r"ou|oo", "u"),
        (r"ee|ie|ei", "i"),
        (r"([aeiou])[aeiou]+", r"\1"),   # remaining vowel runs: Nuo/Nu
        (r"(.)\1+", r"\1"),     # doubled letters: Mohammad/Mohamad
    )
)


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Romanisation-folded form of one word: ASCII, lowercase, letters and
    digits only, common transliteration pairs merged, doubled letters and
    vowel runs collapsed. Idempotent."""
    s = unidecode(unicodedata.normalize("NFKC", token)).lower()
    s = re.sub(r"'s$|’s$", "", s)
    s = re.sub(r"[^a-z0-9]", "", s)
    if _ROMAN_RE.fullmatch(s):
        return s  # regnal numbers: "John Paul II" is not "John Paul I"
    for _ in range(10):
        prev = s
        for pat, rep in _FOLD_RULES:
            s = pat.sub(rep, s)
        if s == prev:
            break
    return s


def _split_tokens(name: str) -> list[str]:
    """Raw word tokens of a name: split on spaces, hyphens, dots of acronyms."""
    name = unicodedata.normalize("NFKC", name).lstrip("#")
    if re.fullmatch(r"(?:[^\W\d_]\.){2,}", name.strip()):
        return [name.replace(".", "")]
    return [t for t in re.split(r"[\s\-–—_/]+|(?<=\w)\.(?=\s|$)", name) if t.strip(".'’")]


def _significant(tokens: list[str]) -> list[str]:
    """Tokens that identify the name: joiners and articles dropped unless the
    name is nothing but joiners."""
    keep = [t for t in tokens if _bare(t) not in JOINERS and fold_token(t)]
    return keep if keep else [t for t in tokens if fold_token(t)]


def fold_name(name: str) -> str:
    """Folded name: significant tokens folded and space-joined.

    Idempotent unless a token folds onto a joiner word ("Dee" -> "di"),
    which a second pass would then drop.
    """
    return " ".join(fold_token(t) for t in _significant(_split_tokens(name)))


def _weight(s: str) -> float:
    return sum(0.5 if c in _VOWELS else 1.0 for c in s)


def _indel(c: str) -> float:
    if c in _VOWELS:
        return 0.4
    return 0.6 if c == "h" else 1.0


def _sub(a: str, b: str, initial: bool) -> float:
    if a == b:
        return 0.0
    if a in _VOWELS and b in _VOWELS:
        # Vowels are what romanisations disagree on (Mohammad/Muhammad,
        # Husam/Hessam), so they cost little ...
        return 0.3
    # ... and the first consonant is the most salient sound of a name, so
    # changing it costs extra (Qala -> Galano).
    return 1.5 if initial else 1.0


@lru_cache(maxsize=65536)
def _folded_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    prev = [0.0]
    for cb in b:
        prev.append(prev[-1] + _indel(cb))
    for i, ca in enumerate(a, 1):
        cur = [prev[0] + _indel(ca)]
        for j, cb in enumerate(b, 1):
            cur.append(min(
                prev[j] + _indel(ca),
                cur[j - 1] + _indel(cb),
                prev[j - 1] + _sub(ca, cb, i == 1 and j == 1),
            ))
        prev = cur
    return max(0.0, 1.0 - prev[-1] / max(_weight(a), _weight(b)))


_DEMONYM_SUFFIXES = ("istan", "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "a", "es", "s")


def _stems(token: str) -> set[str]:
    """Folded token and its crude stem, so demonyms and plurals meet their
    names (Iranian/Iran, Russian/Russia, Afghan/Afghanistan, Afghans/Afghan).
    Stemming runs before folding because folding merges the vowels that the
    suffixes are made of."""
    raw = re.sub(r"[^a-z0-9]", "", unidecode(token).lower())
    out = {fold_token(token)}
    for suffix in _DEMONYM_SUFFIXES:
        if raw.endswith(suffix):
            stem = fold_token(raw[: -len(suffix)])
            # A stem needs two consonants to say anything: "Taiw-an" -> "ta"
            # would otherwise meet every short word.
            if sum(c not in _VOWELS for c in stem) >= 2:
                out.add(stem)
    return out


def token_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two name tokens after folding."""
    fa, fb = fold_token(a), fold_token(b)
    sim = _folded_similarity(fa, fb)
    if sim < 1.0:
        # Slight discount: a stem match is weaker evidence than a full one.
        for sa in _stems(a):
            for sb in _stems(b):
                if (sa, sb) != (fa, fb):
                    sim = max(sim, 0.9 * _folded_similarity(sa, sb))
        # Cognates share a long prefix and differ in their endings
        # (Patriotyczna/Patriotic, Rewolucja/Revolution).
        pre = len(os.path.commonprefix([fa, fb]))
        if pre >= 5 and pre >= 0.6 * min(len(fa), len(fb)):
            sim = max(sim, VARIANT_THRESHOLD + 0.05)
        # Abbreviations: "Rz" for "Rzeczpospolita", "Gen" for "General".
        ra, rb = (re.sub(r"[^a-z]", "", unidecode(t).lower()) for t in (a, b))
        short, long_ = sorted((ra, rb), key=len)
        if 2 <= len(short) <= 3 and len(long_) >= 6 and long_.startswith(short):
            sim = max(sim, VARIANT_THRESHOLD + 0.05)
    return sim


# --------------------------------------------------------------------------
# Classification of one pair
# --------------------------------------------------------------------------


def _exact_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split()).rstrip(".")


def _alias_key(name: str) -> frozenset[int]:
    key = _book_key(name)
    if key.startswith("the "):
        key = key[4:]
    return frozenset(i for i, group in enumerate(_ALIASES) if key in group or key.replace(" ", "") in group)


def _initials(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t).lower()


def _acronym_of(short: str, long_tokens: list[str]) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", short)
    if len(letters) < 2 or not _is_all_caps(short) or len(long_tokens) < 2:
        return False
    sig = _significant(long_tokens)
    return letters.lower() in {_initials(long_tokens), _initials(sig)}


@dataclass(frozen=True)
class _TokenMatch:
    matched: tuple[tuple[int, int, float], ...]   # (ref idx, repost idx, sim)
    best: tuple[float, ...]                        # best sim per ref token


def _match_tokens(ref: list[str], rep: list[str]) -> _TokenMatch:
    """Greedy one-to-one matching of tokens, best pairs first. A token may
    also meet two adjacent tokens of the other side glued together
    ("Qala Nuo" / "Qalanuo")."""
    cands: list[tuple[float, tuple[int, ...], tuple[int, ...]]] = []
    best = [0.0] * len(ref)
    for i, r in enumerate(ref):
        for j, p in enumerate(rep):
            s = token_similarity(r, p)
            best[i] = max(best[i], s)
            cands.append((s, (i,), (j,)))
    for i in range(len(ref) - 1):
        for j, p in enumerate(rep):
            s = _folded_similarity(fold_token(ref[i] + ref[i + 1]), fold_token(p))
            cands.append((s, (i, i + 1), (j,)))
    for j in range(len(rep) - 1):
        for i, r in enumerate(ref):
            s = _folded_similarity(fold_token(r), fold_token(rep[j] + rep[j + 1]))
            cands.append((s, (i,), (j, j + 1)))
    # An acronym token may stand for a run of tokens on the other side
    # ("U.S. Geological Survey" / "United States Geological Survey").
    for short, long_, flip in ((rep, ref, False), (ref, rep, True)):
        for a, tok in enumerate(short):
            letters = re.sub(r"[^A-Za-z]", "", tok)
            if len(letters) < 2 or not _is_all_caps(tok):
                continue
            n = len(letters)
            for b in range(len(long_) - n + 1):
                if _initials(long_[b:b + n]) == letters.lower():
                    run = tuple(range(b, b + n))
                    cands.append((0.9, (a,), run) if flip else (0.9, run, (a,)))
    cands.sort(key=lambda c: (-c[0], len(c[1]) + len(c[2])))
    used_r: set[int] = set()
    used_p: set[int] = set()
    matched: list[tuple[int, int, float]] = []
    for s, ri, pj in cands:
        if s < VARIANT_THRESHOLD:
            break
        if used_r.intersection(ri) or used_p.intersection(pj):
            continue
        used_r.update(ri)
        used_p.update(pj)
        for i in ri:
            best[i] = max(best[i], s)
            matched.append((i, pj[0], s))
        for j in pj[1:]:
            matched.append((ri[0], j, s))
    return _TokenMatch(tuple(matched), tuple(best))


def _is_generic(token: str) -> bool:
    return _bare(token) in GENERIC_PLACE_NOUNS


def classify_names(ref_name: str, repost_name: str) -> tuple[str, float, str]:
    """Classify one pair of name strings as "exact", "variant" or "mangled".

    Returns ``(label, score, reason)``. ``score`` is the mean over the
    reference's significant tokens of their best folded similarity.
    """
    if _exact_key(ref_name) == _exact_key(repost_name):
        return "exact", 1.0, f"'{repost_name}' is written exactly as in the reference"
    ref_tok = _significant(_split_tokens(ref_name))
    rep_tok = _significant(_split_tokens(repost_name))
    if not ref_tok or not rep_tok:
        return "mangled", 0.0, f"'{repost_name}' has no letters to compare with '{ref_name}'"
    if fold_name(ref_name) == fold_name(repost_name):
        return "variant", 1.0, f"'{repost_name}' differs from '{ref_name}' only in spelling conventions"
    if _alias_key(ref_name) & _alias_key(repost_name):
        return "variant", 0.9, f"'{ref_name}' and '{repost_name}' are common names of the same country"
    for short, long_ in ((ref_name, rep_tok), (repost_name, ref_tok)):
        if _acronym_of(short, long_):
            return "variant", 0.9, f"'{ref_name}' and '{repost_name}' are an acronym and its expansion"

    m = _match_tokens(ref_tok, rep_tok)
    matched_r = {i for i, _, _ in m.matched}
    matched_p = {j for _, j, _ in m.matched}
    # Generic place nouns never decide: "Badghis Province" == "Badghis State".
    core_r = [i for i, t in enumerate(ref_tok) if not _is_generic(t)] or list(range(len(ref_tok)))
    lost_r = [ref_tok[i] for i in core_r if i not in matched_r]
    extra_p = [t for j, t in enumerate(rep_tok) if j not in matched_p and not _is_generic(t)]
    score = round(sum(m.best[i] for i in core_r) / len(core_r), 4)

    if not lost_r:
        if extra_p:
            return "variant", score, (
                f"every token of '{ref_name}' has a counterpart; the repost adds "
                f"{_quote_list(extra_p)}")
        return "variant", score, f"'{repost_name}' is a spelling variant or related form of '{ref_name}'"
    if not matched_r.intersection(core_r):
        return "mangled", score, f"no token of '{ref_name}' has a counterpart in '{repost_name}'"
    if extra_p:
        # Name the repost token that most resembles what was lost: that is
        # the one standing in its place ("Bismara" for "Bismillah").
        stand_in = max(extra_p, key=lambda t: max(token_similarity(r, t) for r in lost_r))
        return "mangled", score, (
            f"token {_quote_list(lost_r)} has no counterpart; '{stand_in}' is a different name")
    return "variant", score, f"'{repost_name}' is a shortened form of '{ref_name}' (drops {_quote_list(lost_r)})"


def _quote_list(tokens: Iterable[str]) -> str:
    return ", ".join(f"'{t}'" for t in tokens)


# --------------------------------------------------------------------------
# Pairing within an aligned sentence pair
# --------------------------------------------------------------------------

_GOOD = ("exact", "variant")


def _known_tokens(names: Iterable[str], *, aliases: bool = False) -> tuple[str, ...]:
    """Distinct significant tokens (raw spellings) of the given names, and
    with ``aliases`` of their country aliases ("Great Britain" makes "UK"
    known)."""
    seen: dict[str, str] = {}
    names = list(names)
    if aliases:
        for n in list(names):
            for k in _alias_key(n):
                names.extend(_ALIASES[k])
    for n in names:
        for t in _significant(_split_tokens(n)):
            seen.setdefault(fold_token(t), t)
    return tuple(seen.values())


def _token_known(token: str, known: tuple[str, ...]) -> bool:
    folded = fold_token(token)
    return any(fold_token(k) == folded or token_similarity(token, k) >= VARIANT_THRESHOLD for k in known)


def _is_known(name: str, known: tuple[str, ...]) -> bool:
    """Every significant token of ``name`` is (a variant of) a token that the
    reference document uses somewhere."""
    toks = [t for t in _significant(_split_tokens(name)) if not _is_generic(t)]
    return all(_token_known(t, known) for t in toks)


def _relpos(m: NameMention, length: int) -> float:
    return (m.start + m.end) / 2 / max(1, length)


def _matched_rep_tokens(ref: str, rep: str) -> set[int]:
    """Indices of the significant tokens of ``rep`` that match ``ref``."""
    m = _match_tokens(_significant(_split_tokens(ref)), _significant(_split_tokens(rep)))
    return {j for _, j, _ in m.matched}


def _lost_folds(ref: str, rep: str) -> set[str]:
    """Folded significant tokens of ``ref`` with no counterpart in ``rep``."""
    toks = _significant(_split_tokens(ref))
    m = _match_tokens(toks, _significant(_split_tokens(rep)))
    hit = {i for i, _, _ in m.matched}
    return {fold_token(t) for i, t in enumerate(toks) if i not in hit}


# How far (as a fraction of sentence length) a substitute may sit from a weak
# reference name and still count as standing in its place.
_WEAK_SLOT = 0.35


def _is_weak(m: NameMention, sentence: str) -> bool:
    """A single capitalised word opening a sentence: possibly not a name."""
    if " " in m.text or _is_all_caps(m.text):
        return False
    return any(w.start == m.start and w.initial for w in _words(sentence))


def _edge_part(m: NameMention, keep: Callable[[str], bool]) -> NameMention | None:
    """The run of words at the start or end of mention ``m`` for which
    ``keep(word)`` holds, as a mention of its own (None if there is none, or
    if it would be the whole mention).

    Two names written side by side with no comma ("Piotr Lekszycki Stefan
    Niesiolowski") come out of extract_names as one span; so does a
    substitute glued to a real name ("Tinkoff Group Corona"). Their edge runs
    let pair_names treat each half on its own.
    """
    words = [w for w in _words(m.text) if _bare(w.text) not in JOINERS]
    if len(words) < 2:
        return None
    flags = [keep(w.text) for w in words]
    for run in (_leading(flags), _trailing(flags)):
        if run and len(run) < len(words):
            a, b = words[run[0]], words[run[-1]]
            return NameMention(m.text[a.start:b.end], m.start + a.start, m.start + b.end)
    return None


def _leading(flags: list[bool]) -> list[int]:
    out = []
    for i, f in enumerate(flags):
        if not f:
            break
        out.append(i)
    return out


def _trailing(flags: list[bool]) -> list[int]:
    n = len(flags)
    return [n - 1 - i for i in reversed(_leading(flags[::-1]))]


def pair_names(
    ref_sentence: str,
    repost_sentence: str,
    *,
    ref_doc_names: frozenset[str] = frozenset(),
    repost_doc_names: frozenset[str] = frozenset(),
    book: NameBook | None = None,
) -> list[NamePair]:
    """Pair each reference name in the sentence with its counterpart in the
    aligned repost text and classify it: one NamePair per reference mention,
    in order, plus one per half of a reference span that turned out to hold
    two names of which one was replaced.

    1. Names that match (exact/variant, or accepted by the book) are paired,
       best first.
    2. A name the book lists as wrong for a still unpaired reference name,
       anywhere in the repost text, is "mangled".
    3. A still unpaired reference name that occurs in the repost text outside
       any extracted name (lowercase: "Special Forces" / "special forces") is
       paired with that text.
    4. A repost name that the reference document never uses (``ref_doc_names``,
       raw or folded, plus the sentence's own names) and that matches nothing
       here is a substitute: it is paired with the closest unpaired reference
       name as "mangled". Unknown words glued to a matched repost name, and the
       unmatched half of a reference span, take part in this step too.
    5. Whatever is left is "missing": translators drop and paraphrase names,
       so missing is information, not an error.

    ``repost_doc_names`` (names of the whole repost) only breaks ties in
    step 4: a reference name that the repost renders correctly elsewhere is
    the less likely victim of a substitute here.
    """
    refs = extract_names(ref_sentence)
    reps = extract_names(repost_sentence)
    if not refs:
        return []
    n_ref, n_rep = len(ref_sentence), len(repost_sentence)
    cls = {(i, j): _classify_with_book(r.text, p.text, book)
           for i, r in enumerate(refs) for j, p in enumerate(reps)}

    result: dict[int, NamePair] = {}
    used_p: set[int] = set()
    order = sorted(
        (k for k, v in cls.items() if v[0] in _GOOD),
        key=lambda k: (cls[k][0] != "exact", -cls[k][1],
                       abs(_relpos(refs[k[0]], n_ref) - _relpos(reps[k[1]], n_rep))),
    )
    consumed: dict[int, set[int]] = {}  # repost mention -> its tokens already matched
    for i, j in order:
        if i in result:
            continue
        hit = _matched_rep_tokens(refs[i].text, reps[j].text)
        repeated = any(pr.repost == reps[j] and _exact_key(pr.ref.text) == _exact_key(refs[i].text)
                       for pr in result.values())
        # A repost mention may serve two reference names when they use
        # different tokens of it ("Badghis Province Husamuddin Shams" for
        # "Badghis" and "Husamuddin Shams"), or for a repeated mention.
        if j in used_p and not repeated and hit & consumed[j]:
            continue
        label, score, why = cls[(i, j)]
        result[i] = NamePair(refs[i], reps[j], label, score, why)
        used_p.add(j)
        consumed.setdefault(j, set()).update(hit)

    if book is not None:
        for i, r in enumerate(refs):
            if i in result:
                continue
            for wrong in book.wrong_spellings(r.text):
                hit = _find_text(repost_sentence, wrong)
                if hit is not None:
                    result[i] = NamePair(r, hit, "mangled", classify_names(r.text, wrong)[1],
                                         f"the names file lists '{hit.text}' as a wrong spelling of '{r.text}'")
                    break

    for i, r in enumerate(refs):
        if i not in result:
            hit = _find_in_words(r.text, repost_sentence, reps)
            if hit is not None:
                label, score, _ = classify_names(r.text, hit.text)
                result[i] = NamePair(r, hit, label, score,
                                     f"'{r.text}' occurs in the repost as '{hit.text}'")

    # Known: names of the reference document, plus every word of the
    # reference sentence, so that "End of the World" is no substitute when
    # the reference writes "the end of the world".
    sentence_words = {w.text for w in _words(ref_sentence) if _bare(w.text) not in COMMON_STARTERS}
    known = _known_tokens(set(ref_doc_names) | {r.text for r in refs} | sentence_words)
    # A word glued to a matched name is judged with country aliases known
    # ("UK Department of Culture" for "Great Britain's Culture ..."); a free
    # standing "UK" needs no alias here, step 1 already paired it if it could.
    known_glued = _known_tokens(set(ref_doc_names) | {r.text for r in refs} | sentence_words, aliases=True)
    # Reference side: unpaired names, then unmatched halves of paired spans
    # that the repost does not render anywhere else either.
    left: list[tuple[NameMention, int | None]] = [(r, i) for i, r in enumerate(refs) if i not in result]
    # Pairings that rest on a guess (half of a reference span, a lone
    # sentence-initial word on either side) need the substitute to sit in the
    # same slot of the sentence.
    free = [p for j, p in enumerate(reps) if j not in used_p]
    for i, pr in sorted(result.items()):
        if pr.repost is None or pr.label not in _GOOD:
            continue
        lost = _lost_folds(pr.ref.text, pr.repost.text)
        part = _edge_part(pr.ref, lambda w: all(fold_token(t) in lost and not _is_generic(t)
                                               for t in _significant(_split_tokens(w))))
        if part is not None and not any(classify_names(part.text, p.text)[0] in _GOOD for p in free) \
                and _find_in_words(part.text, repost_sentence, reps) is None:
            left.append((part, None))
    # Repost side: unknown unpaired names, then unknown words glued to paired ones.
    subs = [p for p in free if not _is_known(p.text, known)]
    for pr in result.values():
        if pr.repost is not None and pr.label in _GOOD and pr.repost in reps:
            part = _edge_part(pr.repost, lambda w: not any(
                _token_known(t, known_glued) or _is_generic(t) for t in _split_tokens(w)))
            if part is not None:
                subs.append(part)

    rendered = _known_tokens(repost_doc_names)
    cands = sorted(
        ((0.5 * classify_names(r.text, p.text)[1]
          + 0.5 * (1 - abs(_relpos(r, n_ref) - _relpos(p, n_rep)))
          - (0.25 if rendered and _is_known(r.text, rendered) else 0.0), a, b)
         for a, (r, _) in enumerate(left) for b, p in enumerate(subs)),
        reverse=True,
    )
    done_a: set[int] = set()
    done_b: set[int] = set()
    extra: list[NamePair] = []
    for _, a, b in cands:
        if a in done_a or b in done_b:
            continue
        (r, i), p = left[a], subs[b]
        guess = i is None or _is_weak(r, ref_sentence) or _is_weak(p, repost_sentence)
        if guess and abs(r.start / n_ref - p.start / max(1, n_rep)) > _WEAK_SLOT:
            # A lone sentence-initial word may be a common word ("Stocks",
            # "Initial"); only a substitute in the same slot counts.
            continue
        _, score, why = classify_names(r.text, p.text)
        pair = NamePair(r, p, "mangled", score,
                        f"{why[0].upper()}{why[1:]}; '{p.text}' never occurs in the reference")
        if i is None:
            extra.append(pair)
        else:
            result[i] = pair
        done_a.add(a)
        done_b.add(b)

    for i, r in enumerate(refs):
        if i not in result:
            result[i] = NamePair(r, None, "missing", 0.0,
                                 f"'{r.text}' has no counterpart in the repost sentence")
    return sorted([*result.values(), *extra], key=lambda pr: (pr.ref.start, -pr.ref.end))


def _classify_with_book(ref: str, rep: str, book: NameBook | None) -> tuple[str, float, str]:
    label, score, why = classify_names(ref, rep)
    if book is None:
        return label, score, why
    verdict = book.lookup(ref, rep)
    if verdict == "accepted" and label == "mangled":
        return "variant", score, f"the names file accepts '{rep}' for '{ref}'"
    if verdict == "wrong":
        return "mangled", score, f"the names file lists '{rep}' as a wrong spelling of '{ref}'"
    return label, score, why


def _find_text(sentence: str, needle: str) -> NameMention | None:
    m = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", sentence, flags=re.IGNORECASE)
    return NameMention(m.group(), m.start(), m.end()) if m else None


_IN_TEXT_THRESHOLD = 0.9


def _find_in_words(name: str, sentence: str, mentions: list[NameMention]) -> NameMention | None:
    """A run of the sentence's words outside every extracted name, joined by
    plain spaces, that renders ``name`` with every significant token present
    ("the special forces" for "Special Forces")."""
    n = len(_significant(_split_tokens(name)))
    taken = [(m.start, m.end) for m in mentions]
    words = [w for w in _words(sentence)
             if _bare(w.text) not in JOINERS and not any(a <= w.start < b for a, b in taken)]
    best: tuple[float, NameMention] | None = None
    for size in sorted({max(1, n - 1), n, n + 1}):
        for k in range(len(words) - size + 1):
            run = words[k:k + size]
            if all(_bare(w.text) in COMMON_STARTERS for w in run):
                continue
            if not all(_joinable_gap(sentence[x.end:y.start]) or sentence[x.end:y.start].strip() in JOINERS
                       for x, y in zip(run, run[1:])):
                continue
            span = NameMention(sentence[run[0].start:run[-1].end], run[0].start, run[-1].end)
            label, score, _ = classify_names(name, span.text)
            # Text outside names must be spelled (nearly) the same: at the
            # variant threshold "tweeted" would pass for "Twitter".
            if label in _GOOD and score >= _IN_TEXT_THRESHOLD and not _drops_tokens(name, span.text) \
                    and (best is None or score > best[0]):
                best = (score, span)
    return best[1] if best else None


def _drops_tokens(ref: str, rep: str) -> bool:
    m = _match_tokens(_significant(_split_tokens(ref)), _significant(_split_tokens(rep)))
    return len({i for i, _, _ in m.matched}) < len(_significant(_split_tokens(ref)))


# --------------------------------------------------------------------------
# Names file
# --------------------------------------------------------------------------


def _book_key(name: str) -> str:
    s = unidecode(unicodedata.normalize("NFKC", name)).casefold()
    s = re.sub(r"'s\b", "", s)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def load_name_book(path: str | Path) -> NameBook:
    """Read a names file (.csv or .toml).

    CSV: columns canonical,accepted,wrong; several spellings separated by '|'.
    TOML: ``[[name]]`` tables with ``canonical`` (string), ``accepted`` and
    ``wrong`` (lists of strings).
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"names file not found: {str(p)!r}; pass the path of an existing .csv or .toml file")
    suffix = p.suffix.lower()
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"names file {str(p)!r} cannot be read as UTF-8 ({exc}); save it as UTF-8 text") from exc
    if suffix == ".csv":
        entries = _entries_from_csv(raw, p)
    elif suffix == ".toml":
        entries = _entries_from_toml(raw, p)
    else:
        raise ConfigError(f"names file {str(p)!r} has unsupported extension {suffix!r}; use .csv or .toml")
    _check_entries(entries, p)
    return NameBook(tuple(entries))


def _split_spellings(cell: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (cell or "").split("|") if s.strip())


def _entries_from_csv(raw: str, p: Path) -> list[NameEntry]:
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.DictReader(io.StringIO(raw, newline=""), strict=True)
    try:
        cols = [c.strip().lower() for c in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise _csv_error(p, 1, exc) from exc
    if "canonical" not in cols:
        raise ConfigError(
            f"names file {str(p)!r} has columns {cols}; the first line must be the header canonical,accepted,wrong")
    entries = []
    while True:
        n = reader.line_num + 1  # the line this row starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(p, n, exc) from exc
        if reader.line_num != n or any("\n" in (v or "") for v in row.values() if isinstance(v, str)):
            raise _csv_error(p, n, "a quoted field runs over several lines")
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        canonical = (row.get("canonical") or "").strip()
        if not canonical:
            raise ConfigError(f"names file {str(p)!r} line {n} has an empty canonical name; fill it in or delete the line")
        entries.append(NameEntry(canonical, _split_spellings(row.get("accepted")), _split_spellings(row.get("wrong"))))
    return entries


def _csv_error(p: Path, line: int, why: object) -> ConfigError:
    return ConfigError(f"names file {str(p)!r} line {line} is not valid CSV ({why}); "
                       "close the quote or remove the stray '\"' on that line")


def _entries_from_toml(raw: str, p: Path) -> list[NameEntry]:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"names file {str(p)!r} is not valid TOML ({exc}); fix the syntax") from exc
    tables = data.get("name")
    if not isinstance(tables, list):
        raise ConfigError(f"names file {str(p)!r} has no [[name]] tables; add one per entity with canonical = \"...\"")
    entries = []
    for n, t in enumerate(tables, start=1):
        canonical = t.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            raise ConfigError(f"names file {str(p)!r} [[name]] #{n} lacks a canonical string; add canonical = \"...\"")
        lists = []
        for key in ("accepted", "wrong"):
            val = t.get(key, [])
            if isinstance(val, str):
                val = [val]
            if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
                raise ConfigError(
                    f"names file {str(p)!r} [[name]] {canonical!r}: {key} must be a list of strings, got {val!r}")
            lists.append(tuple(v.strip() for v in val if v.strip()))
        entries.append(NameEntry(canonical.strip(), lists[0], lists[1]))
    return entries


def _check_entries(entries: list[NameEntry], p: Path) -> None:
    if not entries:
        raise ConfigError(f"names file {str(p)!r} lists no names; add at least one entry or drop the option")
    for e in entries:
        good = {_book_key(s) for s in (e.canonical, *e.accepted)}
        clash = [w for w in e.wrong if _book_key(w) in good]
        if clash:
            raise ConfigError(
                f"names file {str(p)!r}: {clash[0]!r} is both accepted and wrong for {e.canonical!r}; keep it in one list")


# --------------------------------------------------------------------------
# Whole-repost summary
# --------------------------------------------------------------------------

MISSING_KEY = ""  # Counter key for "no counterpart"


def summarise_renderings(pairs: Iterable[NamePair]) -> dict[str, Counter[str]]:
    """How each reference entity was rendered over a whole repost.

    Keyed by the folded reference entity (reference spellings that are
    variants of one another share a key: "Qala-e-Nu"/"Qala-e-Naw"); values
    count repost surface forms, with ``MISSING_KEY`` for missing mentions.
    A Counter with several keys means one entity is rendered several ways;
    a large count on a mangled form means a systematic error.
    """
    out: dict[str, Counter[str]] = {}
    members: dict[str, str] = {}  # key -> a reference spelling of it
    for pair in pairs:
        key = _entity_key(pair.ref.text, members)
        out.setdefault(key, Counter())[pair.repost.text if pair.repost else MISSING_KEY] += 1
    return out


def _entity_key(name: str, members: dict[str, str]) -> str:
    folded = fold_name(name)
    if folded in members:
        return folded
    for key, spelling in members.items():
        if (classify_names(spelling, name)[0] in _GOOD and classify_names(name, spelling)[0] in _GOOD):
            return key
    members[folded] = name
    return folded


def inconsistent_entities(summary: dict[str, Counter[str]]) -> list[str]:
    """Entities rendered in more than one way (missing mentions ignored)."""
    return sorted(k for k, c in summary.items() if len([f for f in c if f != MISSING_KEY]) > 1)
