"""Whole-repost summary: how each reference entity was rendered over all its
mentions, and which entities were rendered inconsistently."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from .classify import _GOOD, classify_names, fold_name
from .pair import NamePair

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
