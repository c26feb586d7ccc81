"""Lines of text that remember where each character came from.

A :class:`_Line` is the unit every ingest step works on (Markdown stripping,
mojibake repair, space collapsing, unwrapping): one line of text plus, per
character, its index in the decoded file, so findings can point back into the
original.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable


@dataclass(frozen=True)
class _Line:
    """One line of text and, per character, its index in ``raw``.

    ``eol`` is the raw index of the line break that ends the line (``-1`` for
    HTML). ``starts``/``ends`` force a paragraph boundary before/after the line
    (Markdown headings and list items).
    """

    text: str
    offs: tuple[int, ...]
    eol: int
    starts: bool = False
    ends: bool = False


def _split_lines(raw: str) -> list[_Line]:
    lines = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.splitlines()[0] if piece.splitlines() else ""
        lines.append(_Line(body, tuple(range(pos, pos + len(body))), pos + len(body)))
        pos += len(piece)
    return lines


def _keep(line: _Line, keep: Iterable[bool]) -> _Line:
    """The line without the characters whose ``keep`` flag is false."""
    pairs = [(c, o) for c, o, k in zip(line.text, line.offs, keep) if k]
    return replace(line, text="".join(c for c, _ in pairs), offs=tuple(o for _, o in pairs))
