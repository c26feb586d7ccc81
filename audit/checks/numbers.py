"""Numbers in a sentence: extract every surface form, normalise, compare.

A repost that turns "200 prisoners" into "600 prisoners" is wrong in a way
that embeddings and chrF barely notice, so numbers get their own check.  The
hard part is not finding digits but *not* crying wolf: honest translations
write "6" for "six", "7 July" for "July 7", "90 percent" for "90%", drop a
"one" in favour of "a", and so on.  Everything here leans towards matching
leniently and reporting only what is left over.

Pipeline
    ``extract_numbers`` scans a sentence with a few independent scanners
    (dates, clock times, digits, number words), keeps the first claim on each
    character, then joins ranges and attaches hedges.

    ``compare_numbers`` breaks every mention into *atoms* (a range into its two
    ends, a date into day / month / year), matches atoms between the two sides
    in passes from strict to lenient, pairs what is left as "changed" when the
    two leftovers plausibly describe the same thing, and reports the rest as
    "missing" / "extra".
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

__all__ = [
    "NumberMention",
    "NumberDiff",
    "extract_numbers",
    "compare_numbers",
    "is_weak",
    "diff_severity",
]


@dataclass(frozen=True)
class NumberMention:
    """One number as written in a sentence, with its normalised value.

    ``unit`` is one of ``""`` (plain count or amount), ``"%"``, ``"ordinal"``,
    ``"year"``, ``"date"`` or ``"time"``.  Dates are encoded as
    ``year*10000 + month*100 + day`` with unknown parts 0 (``July 7, 2021`` ->
    20210707, ``7 July`` -> 707); times as hours (``8:30 p.m.`` -> 20.5).
    """

    value: float
    unit: str
    start: int
    end: int
    surface: str
    hedge: str = ""
    upper: float | None = None


@dataclass(frozen=True)
class NumberDiff:
    kind: str  # "changed" | "missing" | "extra"
    ref: NumberMention | None
    repost: NumberMention | None
    message: str


_DIGIT = re.compile(r"\d")


def diff_severity(diff: NumberDiff) -> str:
    """Recommended severity of a diff: "error", "warning" or "info".

    Measured on DEMETR's numbers_replaced set (eng_sent vs pert_sent / mt_sent)
    and on the MAC literary alignments: a "changed" pair is nearly always a
    real error.  "missing"/"extra" are frequent in honest rewording
    ("COVID-19 pandemic" -> "the pandemic", "both" -> "the two"); a number
    written in digits going missing is still worth a look, a number word
    (mostly "two"/"three" used loosely) is not.
    """
    if diff.kind == "changed":
        return "error"
    m = diff.ref or diff.repost
    return "warning" if m is not None and _DIGIT.search(m.surface) else "info"


# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

# Ordinal word -> the cardinal word it stands for.  An ordinal token always
# ends a number ("twenty-first", "one hundredth").
_ORDINAL_WORDS = {
    "first": "one", "second": "two", "third": "three", "fourth": "four",
    "fifth": "five", "sixth": "six", "seventh": "seven", "eighth": "eight",
    "ninth": "nine", "tenth": "ten", "eleventh": "eleven", "twelfth": "twelve",
    "thirteenth": "thirteen", "fourteenth": "fourteen", "fifteenth": "fifteen",
    "sixteenth": "sixteen", "seventeenth": "seventeen",
    "eighteenth": "eighteen", "nineteenth": "nineteen",
    "twentieth": "twenty", "thirtieth": "thirty", "fortieth": "forty",
    "fiftieth": "fifty", "sixtieth": "sixty", "seventieth": "seventy",
    "eightieth": "eighty", "ninetieth": "ninety", "hundredth": "hundred",
    "thousandth": "thousand", "millionth": "million", "billionth": "billion",
}

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Normalised hedge for each phrase.  Synonyms collapse so that callers can
# compare hedges directly ("over 100" and "more than 100" say the same).
_HEDGES = {
    "about": "about", "around": "about", "approximately": "about",
    "roughly": "about", "some": "about", "circa": "about", "approx.": "about",
    "an estimated": "about", "estimated": "about", "~": "about",
    "more than": "more than", "over": "more than", "above": "more than",
    "upwards of": "more than", "in excess of": "more than",
    "greater than": "more than", "exceeding": "more than",
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "below": "less than",
    "at least": "at least", "no less than": "at least",
    "no fewer than": "at least", "as many as": "at least",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just under": "nearly", "just over": "more than",
    "up to": "up to", "at most": "up to", "no more than": "up to",
}
_HEDGE_RE = re.compile(
    r"(?:^|(?<=[\s(\"'“‘]))("
    + "|".join(sorted((re.escape(h) for h in _HEDGES), key=len, reverse=True))
    + r")\s*(?:(?:US|RMB|USD|EUR|Rs\.?)\s?)?(?:[$€£¥]\s?)?$",
    re.IGNORECASE,
)

# Words that never count as content when comparing the neighbourhoods of two
# numbers.
_STOP = frozenset(
    """a an the of in on at to for by with from and or but as is are was were
    be been being it its this that these those than then there their his her
    he she they we you i our your my them him who which what when where how
    not no so if into onto over under about around more less some up out all
    per each every any also only just while after before since during
    has have had do does did will would can could may might must shall should
    s""".split()
)

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

_WORD_RE = re.compile(r"[A-Za-z]+")


def _parse_digits(s: str) -> float:
    """'1,000' -> 1000, '3,5' -> 3.5 (European decimal comma), '1.5' -> 1.5."""
    s = s.replace("\u00a0", "").replace("\u202f", "")
    if "," in s:
        head, _, tail = s.rpartition(",")
        if len(tail) != 3 and "." not in s:
            # A comma followed by one or two digits is a decimal comma, never
            # a thousands separator (those always group three digits).
            return float(head.replace(",", "") + "." + tail)
        s = s.replace(",", "")
    return float(s)


# --------------------------------------------------------------------------
# Scanners.  Each returns candidate mentions; overlap is resolved later.
# --------------------------------------------------------------------------

_MONTH_PAT = (
    r"(?P<{g}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|"
    r"July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|"
    r"Dec(?:ember)?)\b\.?"
)
_DAY_PAT = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.,]\d|\w)"
_YEAR_PAT = r"(?P<{g}>1\d{{3}}|20\d\d)(?![\d:.,]\d|\w)"

# Month names are matched case-sensitively: lower-case "may" is a verb.
_DATE_RES = (
    # July 7, 2021 / July 7th / Sept. 7
    re.compile(
        r"(?<![\w])" + _MONTH_PAT.format(g="mon") + r"\s+(?:the\s+)?"
        + _DAY_PAT.format(g="day")
        + r"(?:,?\s+" + _YEAR_PAT.format(g="year") + r")?"
    ),
    # 7 July 2021 / 7th of July
    re.compile(
        r"(?<![\w.,])" + _DAY_PAT.format(g="day") + r"(?:\s+of)?\s+"
        + _MONTH_PAT.format(g="mon")
        + r"(?:,?\s+" + _YEAR_PAT.format(g="year") + r")?"
    ),
    # July 2021 / July of 2021
    re.compile(
        r"(?<![\w])" + _MONTH_PAT.format(g="mon") + r"(?:\s+of)?,?\s+"
        + _YEAR_PAT.format(g="year")
    ),
)
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\w.,/-])(?:(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))(?![\w.,/-]?\d)"
)


def _scan_dates(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            day = int(m.group("day")) if "day" in rx.groupindex and m.group("day") else 0
            if "day" in rx.groupindex and not 1 <= day <= 31:
                continue
            month = _MONTHS[m.group("mon")[:3].lower()]
            year = int(m.group("year")) if m.group("year") else 0
            out.append(_mention(text, m.start(), m.end(), year * 10000 + month * 100 + day, "date"))
    for m in _NUMERIC_DATE_RE.finditer(text):
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        else:
            a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
            # Day first unless that is impossible: the international order,
            # and the atoms used for matching ignore the order anyway.
            d, mo = (b, a) if a <= 12 < b else (a, b)
        if 1 <= mo <= 12 and 1 <= d <= 31 and 1000 <= y <= 2100:
            out.append(_mention(text, m.start(), m.end(), y * 10000 + mo * 100 + d, "date"))
    return out


_AMPM_TIME_RE = re.compile(
    r"(?<![\w.:,])(?P<h>[01]?\d)(?:[:.](?P<m>[0-5]\d))?\s*(?:(?P<ap>[aApP])\.\s?[mM]\.?|(?P<ap2>[aApP])\s?[mM]\b)"
)
_CLOCK_TIME_RE = re.compile(r"(?<![\w.:,])(?P<h>[012]?\d):(?P<m>[0-5]\d)(?::[0-5]\d)?(?![\d:])")


def _scan_times(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _AMPM_TIME_RE.finditer(text):
        h = int(m.group("h"))
        if not 1 <= h <= 12:
            continue
        h = h % 12 + (12 if (m.group("ap") or m.group("ap2")).lower() == "p" else 0)
        mins = int(m.group("m") or 0)
        out.append(_mention(text, m.start(), m.end(), h + mins / 60, "time"))
    for m in _CLOCK_TIME_RE.finditer(text):
        h = int(m.group("h"))
        if h <= 24:
            out.append(_mention(text, m.start(), m.end(), h + int(m.group("m")) / 60, "time"))
    return out


_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_FRACTION_RE = re.compile(
    r"(?<![\w.,/])(?:(?P<whole>\d+)(?:\s+|-|(?=[½¼¾⅓⅔])))?"  # optional whole part
    r"(?:(?P<n>\d{1,2})/(?P<d>\d{1,2})(?![\d/])|(?P<v>[½¼¾⅓⅔]))"
    r"(?:[\s-]*(?P<scale>(?i:thousand|million|billion|trillion))\b)?"
)


def _scan_fractions(text: str) -> list[NumberMention]:
    """ "2 1/2 million", "1/2", "2½"; "24/7" and "9/11" (numerator >= denominator) are not fractions."""
    out: list[NumberMention] = []
    for m in _FRACTION_RE.finditer(text):
        if m.group("v"):
            frac = _VULGAR[m.group("v")]
        else:
            n, d = int(m.group("n")), int(m.group("d"))
            if not 0 < n < d:
                continue
            frac = n / d
        value = int(m.group("whole") or 0) + frac
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        out.append(_with_percent(text, m.start(), m.end(), value, ""))
    return out


_DIGIT_RE = re.compile(
    # Digits glued to a letter ("G7", "MH17") are names, not numbers; after
    # "2.0" the ".1" of a version string is not a number either.
    r"(?<![\w])(?<!\d[.,])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,000 / 20,000.5
    r"|\d{1,3}(?:[\u00a0\u202f]\d{3})+"  # 10 000 with a no-break space
    r"|\d+\.\d+"  # 1.5
    r"|\d+,\d{1,2}(?![\d])"  # 3,5 (decimal comma)
    r"|\d+)"
    r"(?![\d])"
    r"(?:(?P<ord>st|nd|rd|th)\b|(?P<dec>'?s)\b)?"
    r"(?:[\s-]*(?P<scale>(?i:thousand|million|billion|trillion|bn|mln|mn))\b)?"
)
_PERCENT_RE = re.compile(
    r"\s*(?:%|percent(?:age\s+points?)?\b|per\s*cent\b|pct\b|percentage\s+points?\b)",
    re.IGNORECASE,
)
_SCALE_ABBR = {"bn": 1e9, "mln": 1e6, "mn": 1e6}


def _scan_digits(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _DIGIT_RE.finditer(text):
        num = m.group("num")
        value = _parse_digits(num)
        unit = ""
        if m.group("ord"):
            unit = "ordinal"
        elif m.group("scale"):
            s = m.group("scale").lower()
            value *= _SCALES.get(s) or _SCALE_ABBR[s]
        elif re.fullmatch(r"\d{4}", num) and 1000 <= value <= 2100:
            # A bare four-digit number in this range is almost always a year
            # ("1985", "the 1800s"); "1,500" with a separator is not.
            unit = "year"
        out.append(_with_percent(text, m.start(), m.end(), value, unit))
    return out


def _with_percent(text: str, start: int, end: int, value: float, unit: str) -> NumberMention:
    """Make a mention, swallowing a following percent sign or word."""
    if unit in ("", "year"):
        p = _PERCENT_RE.match(text, end)
        if p:
            return _mention(text, start, p.end(), value, "%")
    return _mention(text, start, end, value, unit)


def _mention(text: str, start: int, end: int, value: float, unit: str) -> NumberMention:
    return NumberMention(float(value), unit, start, end, text[start:end])


# --- number words -----------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group().lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def _joined(text: str, toks: list[_Tok], j: int, hyphen: bool = True) -> bool:
    """True if token j follows token j-1 across plain space (or a hyphen)."""
    if j <= 0 or j >= len(toks):
        return False
    gap = text[toks[j - 1].end:toks[j].start]
    return gap.isspace() and "\n\n" not in gap or (hyphen and gap in ("-", "‑"))


def _card(low: str) -> tuple[str, bool]:
    """Token -> (cardinal word, is_ordinal)."""
    if low in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[low], True
    return low, False


def _sub100(text: str, toks: list[_Tok], i: int) -> tuple[int, int, bool] | None:
    """Parse 0..99 in words starting at token i -> (value, next index, ordinal)."""
    w, ordn = _card(toks[i].low)
    if w in _TENS:
        v = _TENS[w]
        if not ordn and _joined(text, toks, i + 1):
            u, uord = _card(toks[i + 1].low)
            if u in _UNITS and u != "zero":
                return v + _UNITS[u], i + 2, uord
        return v, i + 1, ordn
    if w in _TEENS:
        return _TEENS[w], i + 1, ordn
    if w in _UNITS:
        return _UNITS[w], i + 1, ordn
    return None


def _sub1000(text: str, toks: list[_Tok], i: int) -> tuple[int, int, bool] | None:
    """Parse 0..999 in words ("a hundred", "one hundred and fifty", "nineteen hundred")."""
    n = len(toks)
    low = toks[i].low
    if low in ("a", "an") and i + 1 < n and _card(toks[i + 1].low)[0] == "hundred" \
            and _joined(text, toks, i + 1, False):
        head: tuple[int, int, bool] | None = (1, i + 1, False)
    else:
        head = _sub100(text, toks, i)
    if head is None:
        return None
    v, j, ordn = head
    if ordn or j >= n or not _joined(text, toks, j):
        return head
    w, hord = _card(toks[j].low)
    if w != "hundred":
        return head
    v, j = v * 100, j + 1
    if hord:
        return v, j, True
    # Optional "and" + tail: "one hundred and fifty".
    k = j + 1 if j < n and toks[j].low == "and" and _joined(text, toks, j, False) else j
    if k < n and _joined(text, toks, k):
        tail = _sub100(text, toks, k)
        if tail is not None:
            return v + tail[0], tail[1], tail[2]
    return v, j, False


def _parse_words(text: str, toks: list[_Tok], i: int) -> tuple[float, int, bool] | None:
    """Parse a full number in words at token i -> (value, next index, ordinal)."""
    n = len(toks)
    low = toks[i].low
    # "half a million", "half a dozen"
    if low == "half" and i + 2 < n and toks[i + 1].low == "a" \
            and _joined(text, toks, i + 1, False) and _joined(text, toks, i + 2, False):
        mult = _SCALES.get(toks[i + 2].low) or (12 if toks[i + 2].low == "dozen" else 0)
        if mult:
            return mult / 2, i + 3, False
    seg = _sub1000(text, toks, i)
    if seg is None and low in ("a", "an") and i + 1 < n and _joined(text, toks, i + 1, False):
        nxt = _card(toks[i + 1].low)[0]
        if nxt in _SCALES or nxt == "dozen":
            seg = (1, i + 1, False)  # "a thousand", "a dozen": "a" is one here
    if seg is None:
        return None
    total, last_scale = 0.0, math.inf
    v, j, ordn = seg
    while not ordn:
        k = _and_a_half(text, toks, j)
        if k != j:
            v, j = v + 0.5, k  # "two and a half (million)"
        if j >= n or not _joined(text, toks, j):
            break
        w, sord = _card(toks[j].low)
        if w == "dozen" and last_scale == math.inf:
            v, j, ordn = v * 12, j + 1, sord
            break
        scale = _SCALES.get(w)
        if scale is None or scale >= last_scale:
            break
        total += v * scale
        v, last_scale, j, ordn = 0, scale, j + 1, sord
        if ordn:
            break
        # A following group must be smaller: "two million three hundred thousand".
        k = j + 1 if j < n and toks[j].low == "and" and _joined(text, toks, j, False) else j
        if k >= n or not _joined(text, toks, k):
            break
        nxt = _sub1000(text, toks, k)
        if nxt is None:
            break
        v, j, ordn = nxt
    return total + v, j, ordn


def _and_a_half(text: str, toks: list[_Tok], j: int) -> int:
    """Index after "and a half" at token j, or j if it is not there."""
    if j + 2 < len(toks) and [t.low for t in toks[j:j + 3]] == ["and", "a", "half"] \
            and all(_joined(text, toks, q, False) for q in (j, j + 1, j + 2)):
        return j + 3
    return j


# "one" as a pronoun or in an idiom is not a count.
_ONE_BEFORE = frozenset("no any every each some the this that which such".split())
# A counting "one" is followed by what it counts ("one soldier", "one in
# five"); a pronoun "one" by a function word or punctuation ("a long one and",
# "the one that", "one of them").
_ONE_AFTER = frozenset(
    """of another by after or and nor but that who whom whose which is was are
    were be has had have will would can could may might must should shall does
    did do to at as than if s""".split()
)
# "second" as a unit of time; "first" in idioms.
_SECOND_BEFORE = frozenset("per split one every".split())
_AFTER_A_SECOND = frozenset("later before after or and to of ago earlier longer".split())


def _skip_word_number(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """True if tokens i..j-1 are a number word used as something else."""
    if j - i != 1:
        return False
    w = toks[i].low
    prev = toks[i - 1].low if _joined(text, toks, i) else ""  # hyphen too: "no-one"
    nxt = toks[j].low if j < len(toks) and (_joined(text, toks, j, False)
                                           or text[toks[j - 1].end:toks[j].start] in ("'", "’")) else ""
    if w == "one":
        if j < len(toks) and _joined(text, toks, j) and not _joined(text, toks, j, False):
            return False  # "the one-year mark", "the one-child policy": a real count
        return prev in _ONE_BEFORE or nxt in _ONE_AFTER or not nxt
    if w == "second":
        # "per second", "a split second", "wait a second": a unit of time; but
        # "a second base runner" is an ordinal.
        if prev in _SECOND_BEFORE:
            return True
        return prev == "a" and (not nxt or nxt in _AFTER_A_SECOND)
    if w == "first":
        return prev == "at" or (nxt == "of" and j + 1 < len(toks) and toks[j + 1].low == "all")
    if w == "zero":
        # "zero tolerance", "ground zero": rarely a count worth checking.
        return True
    return False


def _scan_words(text: str) -> list[NumberMention]:
    toks = _tokens(text)
    out: list[NumberMention] = []
    i = 0
    while i < len(toks):
        parsed = _parse_words(text, toks, i)
        if parsed is None:
            i += 1
            continue
        value, j, ordn = parsed
        if _skip_word_number(text, toks, i, j):
            i = j
            continue
        start, end = toks[i].start, toks[j - 1].end
        out.append(_with_percent(text, start, end, value, "ordinal" if ordn else ""))
        i = j
    return out


# --------------------------------------------------------------------------
# Assembly: overlap resolution, ranges, hedges
# --------------------------------------------------------------------------

_RANGE_GAP_RE = re.compile(r"\s*(?:-|–|—|‑|to|through)\s*$|\s+and\s+$")
_BETWEEN_RE = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def _resolve(cands: list[NumberMention]) -> list[NumberMention]:
    """Keep the first claim on each character (scanners are in priority order)."""
    taken: list[NumberMention] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda m: m.start)


def _join_ranges(text: str, ms: list[NumberMention]) -> list[NumberMention]:
    """Merge "10-12", "10 to 12", "between 3 and 5" into one mention with ``upper``."""
    out: list[NumberMention] = []
    i = 0
    while i < len(ms):
        a = ms[i]
        if i + 1 < len(ms):
            b = ms[i + 1]
            gap = text[a.end:b.start]
            between = bool(_BETWEEN_RE.search(text[:a.start]))
            is_and = gap.strip() == "and"
            ok_gap = bool(_RANGE_GAP_RE.fullmatch(gap)) and (between or not is_and)
            if gap.strip() in ("-", "–", "—", "‑") and (a.surface[-1:].isalpha() or b.surface[:1].isalpha()):
                ok_gap = False  # "thirty-five" is parsed already; "two-three" is rare
            unit_a, unit_b = a.unit, b.unit
            if unit_a == "" and unit_b == "%":
                unit_a = "%"  # "10-12%" puts the sign on the upper end only
            if unit_a == "year" and unit_b == "" and re.fullmatch(r"\d\d", b.surface):
                # "2008-09": a two-digit upper year
                b = NumberMention(a.value // 100 * 100 + b.value, "year", b.start, b.end, b.surface)
                unit_b = "year"
            if ok_gap and unit_a == unit_b and unit_a not in ("date", "time") and b.value > a.value:
                out.append(NumberMention(a.value, unit_a, a.start, b.end, text[a.start:b.end], upper=b.value))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _hedge(text: str, start: int) -> str:
    """The normalised hedge right before ``start`` ("" if none).

    "between" is not a hedge: it belongs to the range it introduces.
    """
    # Search the real text (not a slice) so that the lookbehind sees the
    # character before a hedge: "handsome 200" has no "some".
    m = _HEDGE_RE.search(text, max(0, start - 40), start)
    return _HEDGES[m.group(1).lower()] if m else ""


def extract_numbers(text: str) -> list[NumberMention]:
    """Every number mentioned in ``text``, in order, with normalised values."""
    cands = _scan_dates(text) + _scan_times(text) + _scan_fractions(text) + _scan_digits(text) + _scan_words(text)
    ms = _join_ranges(text, _resolve(cands))
    out = []
    for m in ms:
        h = _hedge(text, m.start)
        out.append(NumberMention(m.value, m.unit, m.start, m.end, m.surface, h, m.upper) if h else m)
    return out


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

_WEAK_SURFACES = frozenset({"one", "first"})

# Measurement words after (or currency signs before) a number.  Two leftovers
# in different units ("six feet" / "1.9 meters", "twelve miles" / "20
# kilometers") are a conversion, not a changed number, so they never pair.
_UNIT_WORDS = {
    **dict.fromkeys("foot feet ft".split(), "ft"),
    **dict.fromkeys("inch inches".split(), "in"),
    **dict.fromkeys("yard yards yd yds".split(), "yd"),
    **dict.fromkeys("mile miles mi".split(), "mi"),
    **dict.fromkeys("meter meters metre metres m".split(), "m"),
    **dict.fromkeys("kilometer kilometers kilometre kilometres km kms".split(), "km"),
    **dict.fromkeys("centimeter centimeters centimetre centimetres cm".split(), "cm"),
    **dict.fromkeys("millimeter millimeters millimetre millimetres mm".split(), "mm"),
    **dict.fromkeys("pound pounds lb lbs".split(), "lb"),
    **dict.fromkeys("ounce ounces oz".split(), "oz"),
    **dict.fromkeys("kilogram kilograms kilo kilos kg kgs".split(), "kg"),
    **dict.fromkeys("gram grams g".split(), "g"),
    **dict.fromkeys("ton tons tonne tonnes".split(), "t"),
    **dict.fromkeys("gallon gallons gal".split(), "gal"),
    **dict.fromkeys("liter liters litre litres l".split(), "l"),
    **dict.fromkeys("acre acres".split(), "acre"),
    **dict.fromkeys("hectare hectares ha".split(), "ha"),
    **dict.fromkeys("mph".split(), "mph"),
    **dict.fromkeys("fahrenheit f".split(), "F"),
    **dict.fromkeys("celsius centigrade c".split(), "C"),
    **dict.fromkeys("dollar dollars usd".split(), "$"),
    **dict.fromkeys("euro euros eur".split(), "€"),
    **dict.fromkeys("yuan rmb renminbi".split(), "¥"),
    **dict.fromkeys("cent cents".split(), "¢"),
    **dict.fromkeys("tael taels".split(), "tael"),
}
_CURRENCY_SIGNS = {"$": "$", "€": "€", "£": "£", "¥": "¥"}
_UNIT_AFTER_RE = re.compile(r"[\s-]*(?:°\s*)?([A-Za-z]+)")


def _measure(text: str, m: NumberMention) -> str:
    """The measurement unit written next to a mention, "" if none."""
    before = text[max(0, m.start - 2):m.start].strip()
    if before[-1:] in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[before[-1]]
    u = _UNIT_AFTER_RE.match(text, m.end)
    return _UNIT_WORDS.get(u.group(1).lower(), "") if u else ""


def is_weak(m: NumberMention) -> bool:
    """A bare "one"/"first": often just an article or idiom in translation."""
    return m.surface.lower() in _WEAK_SURFACES


@dataclass(frozen=True)
class _Atom:
    """One comparable value of a mention (a range has two, a date up to three)."""

    value: float
    cls: str  # "count" | "%" | "year" | "time" | "month"
    mention: int  # index into the side's mention list
    aliases: tuple[float, ...] = ()
    soft: bool = False  # never reported on its own (a date's month)
    weak: bool = False


_CLS = {"": "count", "ordinal": "count", "%": "%", "year": "year", "time": "time"}
_CENTURY_RE = re.compile(r"\s+centur(?:y|ies)\b", re.IGNORECASE)
_DOT_THOUSANDS_RE = re.compile(r"\d{1,3}\.\d{3}")
_AMPM_RE = re.compile(r"[aApP]\.?\s?[mM]")


def _atoms(text: str, ms: list[NumberMention]) -> list[_Atom]:
    out: list[_Atom] = []
    for i, m in enumerate(ms):
        if m.unit == "date":
            v = int(m.value)
            y, mo, d = v // 10000, v // 100 % 100, v % 100
            if d:
                out.append(_Atom(d, "count", i))
            out.append(_Atom(mo, "month", i, soft=True))
            if y:
                out.append(_Atom(y, "year", i))
            continue
        cls = _CLS[m.unit]
        aliases: tuple[float, ...] = ()
        if m.unit == "ordinal" and _CENTURY_RE.match(text, m.end):
            aliases = ((m.value - 1) * 100,)  # "19th century" ~ "the 1800s"
        elif m.unit == "year" and m.surface.endswith("s") and m.value % 100 == 0:
            aliases = (m.value // 100 + 1,)  # "the 1800s" ~ "19th century"
        elif m.unit == "" and _DOT_THOUSANDS_RE.fullmatch(m.surface):
            aliases = (m.value * 1000,)  # "1.000" may be German for 1,000
        elif m.unit == "time" and not _AMPM_RE.search(m.surface):
            # "8:30" may be "20:30" on a 12-hour clock
            aliases = ((m.value + 12) % 24, (m.value - 12) % 24)
        out.append(_Atom(m.value, cls, i, aliases, weak=is_weak(m)))
        if m.upper is not None:
            out.append(_Atom(m.upper, cls, i))
    return out


def _key(v: float) -> float:
    # Clock times are fractions of an hour; round away float noise so that
    # 11:35 + 12 h equals 23:35.
    return round(v, 6)


def _match(ra: list[_Atom], pa: list[_Atom], used_r: set[int], used_p: set[int], key) -> None:
    """Greedy multiset matching of unmatched atoms whose keys intersect."""
    for i, a in enumerate(ra):
        if i in used_r:
            continue
        ka = key(a)
        for j, b in enumerate(pa):
            if j not in used_p and ka & key(b):
                used_r.add(i)
                used_p.add(j)
                break


def _strict(a: _Atom) -> set:
    return {(_key(a.value), a.cls)}


def _by_value(a: _Atom) -> set:
    # Months only ever match months: "July 7" must not eat a "7 soldiers".
    return {("month", a.value)} if a.cls == "month" else {_key(a.value)}


def _with_aliases(a: _Atom) -> set:
    return _by_value(a) | {_key(v) for v in a.aliases}


def _content(words: list[str]) -> list[str]:
    out = []
    for w in words:
        w = w.lower()
        if w in _STOP or w in _UNITS or w in _TEENS or w in _TENS or len(w) < 3:
            continue
        out.append(w[:5])  # crude stem: "prisoners" ~ "prisoner", "injured" ~ "injuries"
    return out


def _context(text: str, m: NumberMention, width: int = 3) -> set[str]:
    """The nearest content words on each side of a mention, for pairing leftovers."""
    before = _content(_WORD_RE.findall(text[max(0, m.start - 200):m.start]))[-width:]
    after = _content(_WORD_RE.findall(text[m.end:m.end + 200]))[:width]
    return set(before + after)


@dataclass(frozen=True)
class _Side:
    text: str
    mentions: list[NumberMention]
    atoms: list[_Atom]


def _pair_score(r: _Side, p: _Side, i: int, j: int, sole_r: bool, sole_p: bool) -> float | None:
    """How plausibly two leftover atoms are the same quantity; None if not at all.

    ``sole_r``/``sole_p``: the atom is the only leftover of its class on its side.
    """
    a, b = r.atoms[i], p.atoms[j]
    rm, pm = r.mentions[a.mention], p.mentions[b.mention]
    if (a.cls == "month") != (b.cls == "month"):
        return None  # months only pair with months
    ua, ub = _measure(r.text, rm), _measure(p.text, pm)
    if ua and ub and ua != ub:
        return None  # a unit conversion, not a changed number
    overlap = len(_context(r.text, rm) & _context(p.text, pm))
    same = a.cls == b.cls or {a.cls, b.cls} == {"count", "year"}
    if (a.weak or b.weak) and not overlap:
        return None  # a stray "one" needs evidence that it is the same thing
    if not same and not overlap:
        return None
    rel = rm.start / max(len(r.text), 1) - pm.start / max(len(p.text), 1)
    if not overlap and abs(rel) > _MAX_SHIFT and not (sole_r and sole_p):
        # Nothing in common and far apart: likely two unrelated numbers that
        # each side happens to lack ("these two days" / "the four prisoners").
        return None
    # Prefer the same class, then shared neighbours, then similar position.
    return 2.0 * (a.cls == b.cls) + overlap - abs(rel)


# How far (as a fraction of sentence length) two leftovers with no shared
# neighbours may sit apart and still pair.  Translations reorder clauses, but
# a changed number stays roughly in place.
_MAX_SHIFT = 0.4

_KIND_ORDER = {"changed": 0, "missing": 1, "extra": 2}


def compare_numbers(ref_text: str, repost_text: str) -> list[NumberDiff]:
    """Numbers of an aligned sentence pair that do not correspond.

    Surface form and hedges never count: "about 200" matches "two hundred",
    "July 7th" matches "7 July".  Leftovers that plausibly name the same
    quantity become "changed"; the rest "missing" / "extra", except a bare
    "one"/"first" (usually an article or idiom) and a date's month.
    """
    rms, pms = extract_numbers(ref_text), extract_numbers(repost_text)
    r = _Side(ref_text, rms, _atoms(ref_text, rms))
    p = _Side(repost_text, pms, _atoms(repost_text, pms))
    used_r: set[int] = set()
    used_p: set[int] = set()
    # Strict to lenient, so that a lenient match cannot steal an atom from
    # its exact partner.
    for key in (_strict, _by_value, _with_aliases):
        _match(r.atoms, p.atoms, used_r, used_p, key)

    left_r = [i for i in range(len(r.atoms)) if i not in used_r]
    left_p = [j for j in range(len(p.atoms)) if j not in used_p]
    return _report_leftovers(r, p, left_r, left_p)


def _score_leftovers(r: _Side, p: _Side, left_r: list[int], left_p: list[int]) -> list[tuple[float, int, int]]:
    """Every plausible pairing of a reference leftover with a repost leftover,
    as ``(-score, i, j)`` so that sorting puts the most plausible first."""
    # An atom alone in its class on both sides pairs even when the two sit
    # far apart (see _pair_score), so count the leftovers per class.
    n_cls_r = Counter(r.atoms[i].cls for i in left_r)
    n_cls_p = Counter(p.atoms[j].cls for j in left_p)
    scored = []
    for i in left_r:
        for j in left_p:
            s = _pair_score(r, p, i, j, n_cls_r[r.atoms[i].cls] == 1, n_cls_p[p.atoms[j].cls] == 1)
            if s is not None:
                scored.append((-s, i, j))
    return scored


def _report_leftovers(r: _Side, p: _Side, left_r: list[int], left_p: list[int]) -> list[NumberDiff]:
    """Leftover atoms as diffs: pairs as "changed", the rest "missing" /
    "extra" (months and weak atoms are never reported on their own)."""
    rms, pms = r.mentions, p.mentions
    diffs: dict[tuple, NumberDiff] = {}

    def add(kind: str, rm: NumberMention | None, pm: NumberMention | None, msg: str) -> None:
        # A range or date can leave several atoms; report each mention pair once.
        key = (kind, rm and (rm.start, rm.end), pm and (pm.start, pm.end))
        diffs.setdefault(key, NumberDiff(kind, rm, pm, msg))

    paired_r: set[int] = set()
    paired_p: set[int] = set()
    for _, i, j in sorted(_score_leftovers(r, p, left_r, left_p)):
        if i in paired_r or j in paired_p:
            continue
        paired_r.add(i)
        paired_p.add(j)
        rm, pm = rms[r.atoms[i].mention], pms[p.atoms[j].mention]
        add("changed", rm, pm, f"{rm.surface} in the reference became {pm.surface} in the repost")
    for i in left_r:
        a = r.atoms[i]
        if i not in paired_r and not a.soft and not a.weak:
            rm = rms[a.mention]
            add("missing", rm, None, f"{rm.surface} in the reference is missing from the repost")
    for j in left_p:
        b = p.atoms[j]
        if j not in paired_p and not b.soft and not b.weak:
            pm = pms[b.mention]
            add("extra", None, pm, f"{pm.surface} in the repost is not in the reference")
    return sorted(diffs.values(), key=lambda d: (_KIND_ORDER[d.kind], (d.ref or d.repost).start))
