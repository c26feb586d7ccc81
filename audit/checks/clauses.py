"""Find the clause of a reference sentence that a repost lost.

A clause counts as dropped only when two independent signals agree: few of its
content words survive in the repost, and its embedding sits far from every
piece of the repost. Either signal alone misfires on paraphrase.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

# Words that start a new clause or a detachable phrase. "that" and "and" are
# left out: splitting on them cuts ordinary noun phrases in two.
_OPENERS = (
    r"but|while|whereas|although|though|because|since|after|before|until|unless|"
    r"according to|including|which|who|whom|whose|where|when|as well as|in order to|"
    r"so that|despite|without|due to|amid|as a result of"
)
_BOUNDARY = re.compile(
    rf"\s*[,;:()\[\]]\s*|(?<=[.!?])\s+|\s+[—–-]\s+|\s+(?=(?:{_OPENERS})\b)", re.IGNORECASE
)
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
STOPWORDS = frozenset(
    """a an the and or but if of in on at to for from by with without as is are was were be been being
    it its this that these those there here he she they them his her their we our you your i me my
    not no so than then too very can could will would shall should may might must do does did done
    has have had having also just only into onto over under about after before while which who whom
    whose what when where why how all any both each few more most other some such same own said says
    say one two up out off again further once s t also per via within upon against between through
    during since until because although though whereas according including""".split()
)


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int


def split_clauses(sentence: str) -> list[Clause]:
    """Cut a sentence at punctuation and clause openers; keep offsets."""
    clauses = []
    pos = 0
    for m in _BOUNDARY.finditer(sentence):
        if m.start() > pos:
            clauses.append(_trimmed(sentence, pos, m.start()))
        pos = m.end()
    if pos < len(sentence):
        clauses.append(_trimmed(sentence, pos, len(sentence)))
    return [c for c in clauses if c.text]


def _trimmed(text: str, start: int, end: int) -> Clause:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(" \"'“”‘’."))
    tail = len(piece) - len(piece.rstrip(" \"'“”‘’.!?"))
    return Clause(text[start + lead : end - tail], start + lead, end - tail)


def content_words(text: str) -> list[str]:
    return [w for w in (_fold(t) for t in _WORD.findall(text)) if w and w not in STOPWORDS]


def _fold(word: str) -> str:
    return unidecode(word).lower().strip("'-")


def _stem(word: str) -> str:
    # Five letters are enough to tie bombardment/bombarded or escaped/escaping
    # together without a stemmer dependency.
    return word[:5] if len(word) > 5 else word


def coverage(clause: str, repost: str) -> float:
    """Share of the clause's content words that the repost still has (stem match)."""
    words = content_words(clause)
    if not words:
        return 1.0
    have = {_stem(w) for w in content_words(repost)}
    return sum(_stem(w) in have for w in words) / len(words)


_ATTRIBUTION = re.compile(r"^(?:according to|citing|quoting)\b", re.IGNORECASE)


def is_attribution(clause: str) -> bool:
    return bool(_ATTRIBUTION.match(clause))


def without(text: str, start: int, end: int) -> str:
    """The text with one span cut out, spaces tidied."""
    return (text[:start].rstrip() + " " + text[end:].lstrip()).strip()


def missing_spans(ref: str, repost: str) -> list[tuple[int, int]]:
    """Reference content words the repost has no stem match for: each alone, and
    each run of them (joined across stopwords) as one span.

    Numbers are left to the number check, and capitalised words past the first
    to the name check, which knows a transliteration from a loss.
    """
    have = {_stem(w) for w in content_words(repost)}
    found = list(_WORD.finditer(ref))
    toks = [(m.start(), m.end(), _fold(m.group())) for m in found]
    miss = [k for k, (_, _, w) in enumerate(toks)
            if w and w not in STOPWORDS and not any(ch.isdigit() for ch in w) and _stem(w) not in have
            and not (k and found[k].group()[0].isupper())]
    spans = [(toks[k][0], toks[k][1]) for k in miss]
    k = 0
    while k < len(miss):
        j = k
        while j + 1 < len(miss) and all(toks[x][2] in STOPWORDS for x in range(miss[j] + 1, miss[j + 1])):
            j += 1
        if j > k:
            spans.append((toks[miss[k]][0], toks[miss[j]][1]))
        k = j + 1
    return spans
