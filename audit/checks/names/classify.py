"""Deciding whether two spellings name the same thing: "exact", "variant"
(harmless transliteration difference) or "mangled" (a different name).

Whole-string scores cannot tell these apart: "Galano" and "Qala-e-Naw" share a
Metaphone code and the Bismillah/Bismara pair has a Jaro-Winkler of 0.93. So
names are compared *token by token* after romanisation folding, with a
weighted edit distance in which vowel changes are cheap (vowels are what
romanisation systems disagree on) and consonant changes are expensive (they
are what turns one name into another). A reference name is mangled when one
of its tokens has no close counterpart while the repost puts a different
token in its place.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from unidecode import unidecode

from .extract import JOINERS, _bare, _is_all_caps

# A folded token pair at or above this similarity is "the same token".
# Calibrated so vowel-only and doubling differences pass (Shadeed/Shadid 0.92,
# Husamuddin/Hessamuddin 0.91) while one consonant substitution in a short
# name does not (Bismillah/Bismara 0.66, Qala/Galano 0.36).
VARIANT_THRESHOLD = 0.75

# Labels of a pair that renders the reference name acceptably.
_GOOD = ("exact", "variant")

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
    """1 - the weighted edit distance (``_indel``, ``_sub``) over the heavier token's weight.

    The inner loop is written out (costs looked up once per character, no min() call):
    every name pair of a repost passes here, and it was the audit's hottest Python.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    del_b = [_indel(cb) for cb in b]
    vowel_b = [cb in _VOWELS for cb in b]
    prev = [0.0]
    for cost in del_b:
        prev.append(prev[-1] + cost)
    for i, ca in enumerate(a, 1):
        del_a, vowel_a = _indel(ca), ca in _VOWELS
        left = prev[0] + del_a
        cur = [left]
        for j, cb in enumerate(b, 1):
            if ca == cb:
                sub = 0.0
            elif vowel_a and vowel_b[j - 1]:
                sub = 0.3
            else:
                sub = 1.5 if i == 1 and j == 1 else 1.0
            best = prev[j] + del_a
            other = left + del_b[j - 1]
            if other < best:
                best = other
            other = prev[j - 1] + sub
            if other < best:
                best = other
            cur.append(best)
            left = best
        prev = cur
    return max(0.0, 1.0 - prev[-1] / max(_weight(a), _weight(b)))


_DEMONYM_SUFFIXES = ("istan", "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "a", "es", "s")


@lru_cache(maxsize=65536)
def _stems(token: str) -> frozenset[str]:
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
    return frozenset(out)


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
        ra, rb = _letters(a), _letters(b)
        short, long_ = sorted((ra, rb), key=len)
        if 2 <= len(short) <= 3 and len(long_) >= 6 and long_.startswith(short):
            sim = max(sim, VARIANT_THRESHOLD + 0.05)
    return sim


@lru_cache(maxsize=65536)
def _letters(token: str) -> str:
    return re.sub(r"[^a-z]", "", unidecode(token).lower())


# --------------------------------------------------------------------------
# Normalised keys
# --------------------------------------------------------------------------


def _exact_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split()).rstrip(".")


def _book_key(name: str) -> str:
    """Key under which a names file matches spellings: ASCII, casefolded,
    possessives and punctuation dropped. Lives here rather than in ``book``
    because the country aliases below are looked up by the same key."""
    s = unidecode(unicodedata.normalize("NFKC", name)).casefold()
    s = re.sub(r"'s\b", "", s)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


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


# --------------------------------------------------------------------------
# Token matching
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _TokenMatch:
    matched: tuple[tuple[int, int, float], ...]   # (ref idx, repost idx, sim)
    best: tuple[float, ...]                        # best sim per ref token


# A candidate match: (similarity, reference token indices, repost token indices).
_Cand = tuple[float, tuple[int, ...], tuple[int, ...]]


def _match_tokens(ref: list[str], rep: list[str]) -> _TokenMatch:
    """Greedy one-to-one matching of tokens, best pairs first. A token may
    also meet two adjacent tokens of the other side glued together
    ("Qala Nuo" / "Qalanuo")."""
    best = [0.0] * len(ref)
    cands = _single_candidates(ref, rep, best) + _glued_candidates(ref, rep) + _acronym_candidates(ref, rep)
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


def _single_candidates(ref: list[str], rep: list[str], best: list[float]) -> list[_Cand]:
    """Every token against every token; records each reference token's best
    similarity in ``best`` (the score counts near misses too, not only matches)."""
    cands: list[_Cand] = []
    for i, r in enumerate(ref):
        for j, p in enumerate(rep):
            s = token_similarity(r, p)
            best[i] = max(best[i], s)
            cands.append((s, (i,), (j,)))
    return cands


def _glued_candidates(ref: list[str], rep: list[str]) -> list[_Cand]:
    """Two adjacent tokens of one side written as one token on the other."""
    cands: list[_Cand] = []
    for i in range(len(ref) - 1):
        for j, p in enumerate(rep):
            s = _folded_similarity(fold_token(ref[i] + ref[i + 1]), fold_token(p))
            cands.append((s, (i, i + 1), (j,)))
    for j in range(len(rep) - 1):
        for i, r in enumerate(ref):
            s = _folded_similarity(fold_token(r), fold_token(rep[j] + rep[j + 1]))
            cands.append((s, (i,), (j, j + 1)))
    return cands


def _acronym_candidates(ref: list[str], rep: list[str]) -> list[_Cand]:
    """An acronym token may stand for a run of tokens on the other side
    ("U.S. Geological Survey" / "United States Geological Survey")."""
    cands: list[_Cand] = []
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
    return cands


def _is_generic(token: str) -> bool:
    return _bare(token) in GENERIC_PLACE_NOUNS


# --------------------------------------------------------------------------
# Classification of one pair
# --------------------------------------------------------------------------


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
    return _classify_by_tokens(ref_name, repost_name, ref_tok, rep_tok)


def _classify_by_tokens(ref_name: str, repost_name: str,
                        ref_tok: list[str], rep_tok: list[str]) -> tuple[str, float, str]:
    """The token-by-token verdict, once no whole-name rule settled the pair."""
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
