"""A finding's fingerprint: what stays the same when a repost is re-run or lightly edited.

Baselines and reports both key findings by it, so it lives below both.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .types import Finding

_WS = re.compile(r"\s+")


def _is_edge_junk(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"  # punctuation and symbols (quotes, dashes, |)


def normalise(text: str) -> str:
    """NFKC, casefold, collapse whitespace, strip punctuation at the ends."""
    t = _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold())
    a, b = 0, len(t)
    while a < b and _is_edge_junk(t[a]):
        a += 1
    while b > a and _is_edge_junk(t[b - 1]):
        b -= 1
    return t[a:b]


def repost_key(name: str) -> str:
    """What a fingerprint knows of the repost: its file name stem (``seeds/001_x.txt`` -> ``001_x``)."""
    return Path(name).stem


def fingerprint(finding: Finding, repost: str) -> str:
    parts = (finding.kind, normalise(finding.ref_span), normalise(finding.repost_span), repost_key(repost))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
