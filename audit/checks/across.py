"""Checks across languages: a repost in English against a source in Chinese, Arabic, German…

The English rules read capital letters, English number words and English word
overlap; none of that exists on a Chinese or Arabic side. Here each side is read
in its own language and the two are compared on what survives translation:

- **numbers** by value (:mod:`audit.checks.numerals` reads ``两百``, ``٢٠٠``, ``3,5``);
- **names** by sound: each English name is transliterated back against the source
  (``unidecode``: pinyin for Chinese, consonants for Arabic), so ``Qala-e-Naw`` for
  ``قلعة نو`` is a variant and ``Galano`` is mangled;
- **dropped clauses** by ablation with the multilingual encoder: a source clause
  whose removal brings the source *closer* to the repost is missing from it.

What is weaker than in English (measured in the README): a name written in the
source with different sounds (Chinese renders "Herat" as 赫拉特, *he-la-te*) cannot
be told from a mangled one, so such names are only checked when the sounds agree
closely; and a name translated by meaning (国家安全局, "National Security Agency")
is not checked at all.

Confidence: these rules bypass the English confidence models (their features are
English). Each rule carries one confidence, the share of its findings that are right on
labelled data (DEMETR half A and three mqm-ted talks; ``benchmarks/bench_crosslingual.py
--calibration`` fits them and scores them on what was held out): a number changed in a pair
that translates is an error (0.96), a mangled name a warning at 0.28 (about one in four is
right), a number one side lacks informs.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz.fuzz import ratio
from unidecode import unidecode

from ..types import Finding, Severity
from .lexicon import zipf
from .names import extract_names
from .numbers import NumberMention, extract_numbers, is_weak
from .numerals import source_numbers

# Name bands (similarity of sound keys, 0-1) and the ablation gain: set by hand (see above).
NAME_FAITHFUL = {"cjk": 0.9, "abjad": 0.8, "alphabetic": 0.8}  # at or above: the same name
NAME_MANGLED = {"cjk": 0.8, "abjad": 0.5, "alphabetic": 0.6}  # from here to faithful: mangled
NAME_MIN_LETTERS = {"cjk": 5, "abjad": 3, "alphabetic": 3}  # shorter tokens match some syllables by chance
# Japanese writes foreign names in kana, whose romanisation drifts too far from the English spelling
# (ピラミッド, ファラオ) to tell a variant from a mangling: names are not checked against it.
NAME_UNCHECKED_LANGS = {"ja"}
NAME_COMMON_ZIPF = 4.0  # an English word this common ("Central", "Prison") is translated, not transliterated
PAIR_MIN_COSINE = 0.45  # a pair must translate this well before its numbers or names are compared
CLAUSE_MIN_GAIN = 0.04  # ablation gain that marks a source clause as missing from the repost
CLAUSE_MAX_COSINE = 0.35  # ...while the clause alone is this far from the repost
# Each rule's confidence: the share of its findings that are right on DEMETR half A and three
# mqm-ted talks, add-one smoothed (`bench_crosslingual.py --calibration`, which prints them and
# their calibration on DEMETR half B and the two other talks); the severity follows from it.
CONFIDENCE = {
    "across.number.changed": 0.96, "across.number.missing": 0.28, "across.number.extra": 0.30,
    "across.name.mangled": 0.28, "across.clause.dropped": 0.5,
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_ABJAD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTERS = re.compile(r"[^\W\d_]+")
_CLAUSE_BREAK = re.compile(r"[，,；;：:、،؛]")


def script_of(text: str) -> str:
    """``cjk`` (Chinese, Japanese), ``abjad`` (Arabic, Persian, Hebrew: vowels unwritten) or ``alphabetic``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "alphabetic"
    cjk = sum(1 for c in letters if _CJK.match(c))
    abjad = sum(1 for c in letters if _ABJAD.match(c))
    if cjk >= 0.3 * len(letters):
        return "cjk"
    return "abjad" if abjad >= 0.3 * len(letters) else "alphabetic"


def sound_key(text: str, script: str) -> str:
    """What a spelling sounds like, as far as ``script`` writes it: lower-case ASCII letters,
    doubled letters once; without vowels (and w, y, h, which abjads use for vowels) for an abjad."""
    s = re.sub(r"[^a-z]", "", unidecode(text).lower())
    if script == "abjad":
        s = re.sub(r"[aeiouwyh]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def _windows(source: str, script: str) -> list[tuple[str, str]]:
    """(source span, its sound key) for runs of 1-4 characters (CJK) or 1-3 words."""
    if script == "cjk":
        units = list(_CJK.finditer(source))
        most = 4
    else:
        units = list(_LETTERS.finditer(source))
        most = 3
    out = []
    for i in range(len(units)):
        for k in range(1, most + 1):
            if i + k <= len(units):
                span = source[units[i].start():units[i + k - 1].end()]
                out.append((span, sound_key(span, script)))
    return out


def _best_match(token: str, windows: list[tuple[str, str]], script: str) -> tuple[float, str]:
    key = sound_key(token, script)
    best, where = 0.0, ""
    for span, wkey in windows:
        if wkey:
            s = ratio(key, wkey) / 100
            if s > best:
                best, where = s, span
    return best, where


def _name_tokens(name: str) -> list[str]:
    """The tokens of an English name that a translator transliterates: not common words, not initials."""
    return [t for t in re.split(r"[\s\-–’']+", name) if len(t) >= 3 and zipf(t.lower()) < NAME_COMMON_ZIPF]


def name_findings(pairs: Sequence, languages: tuple[str, str]) -> list[Finding]:
    """Names of the English side whose sounds only half match the source: mangled."""
    ref_lang, rep_lang = languages
    if "en" not in languages or set(languages) & NAME_UNCHECKED_LANGS:
        return []
    out = []
    for p in pairs:
        if p.scores.similarity < PAIR_MIN_COSINE:
            continue
        english, source = (p.repost_text, p.ref_text) if rep_lang == "en" else (p.ref_text, p.repost_text)
        script = script_of(source)
        windows = _windows(source, script)
        for mention in extract_names(english):
            worst = None  # one finding per name: its token whose sounds agree least
            for token in _name_tokens(mention.text):
                if len(token) < NAME_MIN_LETTERS[script]:
                    continue
                if token.casefold() in source.casefold():
                    continue  # the source writes it in Latin letters too (的Kekertsuatsiak上): the same name
                # a Latin-script source declines names (Warszawy, Merkels): a shared stem is the same name
                if script == "alphabetic" and unidecode(token.lower())[:5] in unidecode(source.lower()):
                    continue
                best, where = _best_match(token, windows, script)
                if NAME_MANGLED[script] <= best < NAME_FAITHFUL[script] and (worst is None or best < worst[0]):
                    worst = (best, where, token)
            if worst is None:
                continue
            best, where, token = worst
            read = unidecode(where).strip()
            ref_span, rep_span = (where, mention.text) if rep_lang == "en" else (mention.text, where)
            out.append(Finding(
                "mangled_name", Severity.ERROR, ref_span, rep_span, p.ref_text, p.repost_text, round(best, 4),
                f"'{token}' does not render the source's '{where}' (read '{read}'): "
                f"the sounds agree only {best:.0%}", p.index, "across.name.mangled"))
    return out


def _english_atoms(m: NumberMention) -> set[float]:
    return _atoms(m.value, m.unit) | ({float(m.upper)} if m.upper is not None else set())


def _atoms(value: float, unit: str) -> set[float]:
    """A value and, for a date, its parts (year, month and day), so that "July 7" meets 7月7日."""
    out = {float(value)}
    if unit == "date":
        v = int(value)
        year, md = divmod(v, 10000)
        month, day = divmod(md, 100)
        out |= {float(x) for x in (year, md, month * 100, day) if x}
    return out


def _mentions(text: str, lang: str) -> list[tuple[set[float], str, str]]:
    """(values, unit, surface) of every quantity in ``text``, English or not."""
    if lang == "en":
        return [(_english_atoms(m), m.unit, m.surface) for m in extract_numbers(text) if not is_weak(m)]
    return [(_atoms(n.value, n.unit), n.unit, n.surface) for n in source_numbers(text, lang)]


def number_findings(pairs: Sequence, languages: tuple[str, str]) -> list[Finding]:
    """Numbers compared by value; one left over on each side of a good pair is a change."""
    out = []
    for p in pairs:
        if p.scores.similarity < PAIR_MIN_COSINE:
            continue
        ref = _mentions(p.ref_text, languages[0])
        rep = _mentions(p.repost_text, languages[1])
        ref_all = set().union(*(v for v, _, _ in ref))
        rep_all = set().union(*(v for v, _, _ in rep))
        left_ref = [m for m in ref if not (m[0] & rep_all)]
        left_rep = [m for m in rep if not (m[0] & ref_all)]
        if (len(left_ref) == 1 and len(left_rep) == 1 and _comparable(left_ref[0][1], left_rep[0][1])
                and not _scaled(left_ref[0][0], left_rep[0][0])):
            (_, _, a), (_, _, b) = left_ref[0], left_rep[0]
            out.append(Finding("number_mismatch", Severity.ERROR, a, b, p.ref_text, p.repost_text,
                               p.scores.similarity, f"{a} in the reference became {b} in the repost",
                               p.index, "across.number.changed"))
            continue
        # A number one side lacks is often rendered in words this module does not read (Hindi,
        # Czech, a month name), so it only informs: precision before recall.
        for _, unit, surface in left_ref:
            if unit not in ("year", "ordinal"):
                out.append(Finding("number_mismatch", Severity.INFO, surface, "", p.ref_text, p.repost_text,
                                   p.scores.similarity, f"{surface} in the reference is missing from the repost",
                                   p.index, "across.number.missing"))
        for _, unit, surface in left_rep:
            if unit not in ("year", "ordinal"):
                out.append(Finding("number_mismatch", Severity.INFO, "", surface, p.ref_text, p.repost_text,
                                   p.scores.similarity, f"{surface} in the repost is not in the reference",
                                   p.index, "across.number.extra"))
    return out


def _scaled(a: set[float], b: set[float]) -> bool:
    """One value is the other times a scale word the source reader may have missed (3,5 milionu / 3.5 million)."""
    for x in a:
        for y in b:
            lo, hi = sorted((abs(x), abs(y)))
            if lo and any(abs(hi / lo - k) < 1e-6 for k in (1e3, 1e4, 1e6, 1e8, 1e9, 1e12)):
                return True
    return False


def _comparable(a: str, b: str) -> bool:
    """Two leftovers describe one quantity only if they are of one kind (a count, a share, a date)."""
    plain = ("", "%")
    return a == b or (a in plain and b in plain)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans between clause punctuation (，、；: and their Latin and Arabic forms)."""
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip(" ，,；;：:、،؛。.")]


def _long_enough(span: str) -> bool:
    cjk = len(_CJK.findall(span))
    return cjk >= 6 if cjk else len(_LETTERS.findall(span)) >= 4


def clause_ablations(ref_text: str, similarity: float) -> list[tuple[str, str]]:
    """(clause, the source without it) for each clause of a pair that translates well enough to ablate."""
    if similarity < PAIR_MIN_COSINE:
        return []
    spans = _clauses(ref_text)
    if len(spans) < 2:
        return []
    return [(ref_text[a:b], (ref_text[:a] + ref_text[b:]).strip()) for a, b in spans if _long_enough(ref_text[a:b])]


def clause_texts(ref_text: str, similarity: float) -> list[str]:
    """Every text :func:`clause_findings` will encode for one pair, so a caller can batch them."""
    return [t for clause, rest in clause_ablations(ref_text, similarity) for t in (clause, rest)]


def clause_findings(pairs: Sequence, embedder, languages: tuple[str, str]) -> list[Finding]:
    """Source clauses the repost lacks, by ablation with the multilingual encoder."""
    jobs = [(p, clause, rest) for p in pairs for clause, rest in clause_ablations(p.ref_text, p.scores.similarity)]
    if not jobs:
        return []
    texts = list(dict.fromkeys(t for p, c, rest in jobs for t in (p.ref_text, p.repost_text, c, rest)))
    vec = dict(zip(texts, embedder.encode(texts)))
    out = []
    for p, clause, rest in jobs:
        full = float(np.dot(vec[p.ref_text], vec[p.repost_text]))
        gain = float(np.dot(vec[rest], vec[p.repost_text])) - full
        alone = float(np.dot(vec[clause], vec[p.repost_text]))
        if gain >= CLAUSE_MIN_GAIN and alone <= CLAUSE_MAX_COSINE:
            out.append(Finding("dropped_clause", Severity.WARNING, clause.strip(" ，,；;"), "", p.ref_text,
                               p.repost_text, round(gain, 4),
                               f"the repost lacks '{clause.strip()}': without it the source reads closer to "
                               f"the repost (cosine +{gain:.2f}; the clause alone {alone:.2f})",
                               p.index, "across.clause.dropped"))
    return out

