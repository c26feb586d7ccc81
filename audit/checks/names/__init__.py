"""Proper names: find them, pair them across an aligned sentence pair, classify.

Mangled names are the headline defect of machine-translated reposts
("Qala-e-Naw" -> "Galano", "Bismillah Khan Mohammadi" -> "Bismara Khan
Mohammedi"), while transliteration variants ("Sergei"/"Sergey",
"Shadeed"/"Shadid") are harmless and must never be reported as errors.

The package, in the order the work happens:

- ``extract``: finding name spans in a sentence (:func:`extract_names`);
- ``classify``: romanisation folding and token similarity, and the verdict
  on one pair of spellings (:func:`classify_names`);
- ``book``: the names file of accepted and wrong spellings (:func:`load_name_book`);
- ``pair``: pairing reference names with repost names in an aligned
  sentence pair (:func:`pair_names`);
- ``summary``: how each entity was rendered over a whole repost.

Everything here is pure and deterministic; nothing prints. The names below
are what the rest of the code and the tests import from ``audit.checks.names``.
"""
from __future__ import annotations

from .book import NameBook, NameEntry, load_name_book
from .classify import (
    GENERIC_PLACE_NOUNS,
    VARIANT_THRESHOLD,
    classify_names,
    fold_name,
    fold_token,
    token_similarity,
)
from .extract import (
    COMMON_STARTERS,
    JOINERS,
    MONTHS,
    NAME_POSSESSIVES,
    OFFICE_MODIFIERS,
    TITLE_HEADS,
    WEEKDAYS,
    NameMention,
    extract_names,
)
from .pair import NamePair, pair_names
from .summary import MISSING_KEY, inconsistent_entities, summarise_renderings

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
