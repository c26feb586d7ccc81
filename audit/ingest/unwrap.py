"""Spaces, hard wraps and paragraph joining.

Runs of whitespace collapse to one space; lines are grouped into paragraphs
and the newlines of a hard-wrapped file (text copied from a PDF or an email)
are undone; paragraphs are joined with a blank line into the document text.
Inserted characters map to the raw index of the newline they stand for.
"""
from __future__ import annotations

import logging
import re
import statistics
from array import array
from dataclasses import replace
from typing import Sequence

from .lines import _Line

log = logging.getLogger("audit")


def _collapse_spaces(line: _Line) -> _Line:
    """Strip the line and turn each run of whitespace into one plain space."""
    s = line.text
    chars, offs = [], []
    for m in re.finditer(r"\S+|\s+", s):
        if m.group().isspace():
            if chars and m.end() < len(s):
                chars.append(" ")
                offs.append(line.offs[m.start()])
        else:
            chars.append(m.group())
            offs += line.offs[m.start():m.end()]
    return replace(line, text="".join(chars), offs=tuple(offs))


def _strip(line: _Line) -> _Line:
    s = line.text
    a = len(s) - len(s.lstrip())
    b = len(s.rstrip())
    return replace(line, text=s[a:b], offs=line.offs[a:b])


# A sentence ends here: terminal punctuation, maybe inside closing quotes/brackets.
_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
# Words a sentence cannot end on: a line ending with one was cut mid-sentence.
_GLUE_WORDS = frozenset(
    "a an the and or but nor of in on at to for from with by as into onto than that which who "
    "whom whose its their his her our your this these those is are was were be been has have had "
    "not about after before between against during over under until while if because so".split()
)


def _starts_lower(s: str) -> bool:
    s = s.lstrip("\"'“‘«([")
    return bool(s) and s[0].islower()


def _mid_sentence(a: str, b: str) -> bool:
    """True when the break between lines ``a`` and ``b`` is clearly inside a sentence."""
    if _FINAL.search(a):
        return False
    if _starts_lower(b) or a.endswith((",", "-", "–", "—")):
        return True
    return a.rsplit(" ", 1)[-1].lower() in _GLUE_WORDS


def _is_hard_wrapped(blocks: list[list[_Line]]) -> tuple[bool, float]:
    """Is this file hard-wrapped (like text copied from a PDF or an email)?

    In such files most line breaks inside a paragraph fall mid-sentence on
    lines of similar length; in a one-paragraph-per-line file they almost
    never do. Returns the verdict and the typical wrapped-line width.
    """
    pairs = [(a, b) for block in blocks for a, b in zip(block, block[1:])]
    mids = [len(a.text) for a, b in pairs if _mid_sentence(a.text, b.text)]
    if len(mids) >= 2 and len(mids) >= 0.5 * len(pairs):
        return True, float(statistics.median(mids))
    return False, 0.0


def _joins(a: _Line, b: _Line, hard: bool, width: float) -> bool:
    """Should the newline between ``a`` and ``b`` be undone (same paragraph)?"""
    if a.ends or b.starts:
        return False
    if _FINAL.search(a.text):
        # One-paragraph-per-line files break after every final stop; in a
        # hard-wrapped file only a lowercase continuation ("U.S.\nofficials")
        # shows the stop was an abbreviation rather than a sentence end.
        return hard and _starts_lower(b.text)
    if _mid_sentence(a.text, b.text):
        return True
    # A long line without final punctuation was wrapped at the margin; a short
    # one ("Security headquarters") is a headline and stands alone.
    return hard and len(a.text) >= 0.7 * width


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Group lines into paragraphs (blank lines separate them) and undo hard wraps."""
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.text:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    hard, width = _is_hard_wrapped(blocks)
    if hard:
        log.info("undoing hard wraps (typical line width %.0f chars)", width)
    paras: list[_Line] = []
    for block in blocks:
        current = block[0]
        for nxt in block[1:]:
            if _joins(current, nxt, hard, width):
                current = _glue(current, nxt)
            else:
                paras.append(current)
                current = nxt
        paras.append(current)
    return paras


def _glue(a: _Line, b: _Line) -> _Line:
    # "Qala-e-\nNaw": a word-internal hyphen at the margin continues the word.
    if len(a.text) >= 2 and a.text[-1] == "-" and a.text[-2].isalpha():
        text, offs = a.text + b.text, a.offs + b.offs
    else:
        text, offs = a.text + " " + b.text, a.offs + (a.eol,) + b.offs
    return _Line(text, offs, b.eol, starts=a.starts, ends=b.ends)


def _join(paras: list[_Line]) -> tuple[str, Sequence[int], tuple[tuple[int, int], ...]]:
    """Join paragraphs with a blank line; the blank maps to the paragraph's last newline.

    The offsets are an ``array`` of machine ints, not a tuple: 4 bytes a
    character instead of ~36 (a pointer and an int object), which is most of a
    big document's memory.
    """
    parts: list[str] = []
    top = max((o for para in paras for o in (para.offs[-1:] or (para.eol,))), default=0)
    offsets = array("i" if top < 2**31 - 1 else "q")
    spans = []
    pos = 0
    for i, para in enumerate(paras):
        if i:
            sep = paras[i - 1].eol
            parts.append("\n\n")
            offsets.extend((sep, sep))
            pos += 2
        parts.append(para.text)
        offsets.extend(para.offs)
        spans.append((pos, pos + len(para.text)))
        pos += len(para.text)
    return "".join(parts), offsets, tuple(spans)
