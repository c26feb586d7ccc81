"""English word frequencies (wordfreq), and what they say about capitalised words.

A capital letter does not make a name: MT capitalises sentence-initial and
stray words ("Things", "Everyone", "would almost Taking control"), and such
a word must never be paired with a name as its "mangled" rendering.
"""
from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

COMMON_ZIPF = 4.0  # "taking" 5.4, "tombstones" 2.7, "Herat" 2.6, "Kabul" 3.4 (wordfreq's Zipf scale)
# Opening a sentence, a word needs no lower-case use to count as common if it is this frequent:
# "Things" 5.6, "Anyone" 5.5, "Make" 6.1; but "China" 5.2, "India" 5.0, "Russia" 4.6 stay names.
OPENING_ZIPF = 5.3
_LETTERS = re.compile(r"[A-Za-z][a-z'’-]+")
_LOWER = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")


def zipf(word: str) -> float:
    """Word frequency on wordfreq's Zipf scale (0 = unseen, 7 = "the"); folded to ASCII lower case."""
    return _zipf(unidecode(word).lower().strip("'’-"))


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # imported late: it loads its tables on first use

    return zipf_frequency(word, "en")


def lowercase_words(*texts: str) -> frozenset[str]:
    """Words the texts write in lower case somewhere (so they are common words there)."""
    return frozenset(w for t in texts for w in _LOWER.findall(t))


def is_common_word(span: str, sentence: str, lower: frozenset[str]) -> bool:
    """A capitalised span that is only ordinary English: every word frequent, and each
    written in lower case elsewhere in the documents, or very frequent and opening its sentence.

    Acronyms (US, UN) and words the documents never lower-case (China, Russia) stay names.
    """
    words = span.split()
    if not words or not all(_LETTERS.fullmatch(w) for w in words):
        return False
    if any(zipf(w) < COMMON_ZIPF for w in words):
        return False
    opens = sentence.lstrip(" \t\n(\"'“‘[").startswith(span)
    return all(w.lower() in lower or (opens and zipf(w) >= OPENING_ZIPF) for w in words)
