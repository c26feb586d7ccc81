"""Markdown: strip the syntax, keep the raw offsets of the text that remains."""
from __future__ import annotations

import re
from dataclasses import replace

from .lines import _keep, _Line

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HRULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ATX = re.compile(r"^(\s{0,3}#{1,6}(?:\s+|$))(.*?)(\s+#+\s*)?$")
_QUOTE = re.compile(r"^(\s{0,3}>\s?)+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_PROTECTED = "\ue000"  # stands in for an escaped char so no rule below matches it

# (pattern, groups to keep). Applied in order; everything else in a match goes.
_INLINE: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), ()),  # images: not text
    (re.compile(r"\[([^\]]+)\]\(\s*<?[^)\s>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"), (1,)),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), (1,)),  # reference-style links
    (re.compile(r"<((?:https?|ftp)://[^>\s]+|[^>\s@]+@[^>\s]+)>"), (1,)),  # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ()),  # inline HTML tags
    (re.compile(r"(`+)(.+?)\1"), (2,)),  # inline code keeps its content
)
_EMPHASIS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\*)(\*{1,3})(?=[^\s*])(.+?)(?<=[^\s*])\1(?!\*)"),
    re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])(.+?)(?<=[^\s_])\1(?![\w_])"),
    re.compile(r"(~~)(?=\S)(.+?)(?<=\S)\1"),
)


def _strip_markdown(lines: list[_Line]) -> list[_Line]:
    """Remove Markdown syntax, keeping raw offsets of the text that remains.

    Dropped lines become blank lines so paragraph boundaries survive. Fenced
    code blocks are dropped whole: code is not prose a translation is judged on.
    """
    out: list[_Line] = []
    fence = ""
    front = _front_matter_end(lines)
    for i, line in enumerate(lines):
        s = line.text
        blank = replace(line, text="", offs=())
        m = _FENCE.match(s)
        if i < front:
            out.append(blank)
        elif fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            out.append(blank)
        elif m:
            fence = m.group(1)
            out.append(blank)
        elif _SETEXT.match(s) and out and out[-1].text.strip() and not _ITEM.match(s):
            out[-1] = replace(out[-1], starts=True, ends=True)  # underline of a heading
            out.append(blank)
        elif _HRULE.match(s) or _REFDEF.match(s):
            out.append(blank)
        else:
            out.append(_strip_inline(_strip_block_prefix(line)))
    return out


def _front_matter_end(lines: list[_Line]) -> int:
    """Index after a leading YAML front-matter block, or 0."""
    if not lines or lines[0].text.strip() != "---":
        return 0
    for i in range(1, min(len(lines), 60)):
        if lines[i].text.strip() in ("---", "..."):
            return i + 1
    return 0


def _strip_block_prefix(line: _Line) -> _Line:
    s = line.text
    m = _ATX.match(s)
    if m:
        keep = [m.start(2) <= i < m.end(2) for i in range(len(s))]
        return replace(_keep(line, keep), starts=True, ends=True)
    starts = False
    for pattern in (_QUOTE, _ITEM):
        m = pattern.match(line.text)
        if m:
            starts = starts or pattern is _ITEM
            line = _keep(line, [i >= m.end() for i in range(len(line.text))])
    return replace(line, starts=line.starts or starts)


def _strip_inline(line: _Line) -> _Line:
    # Escaped characters are literal text: hide them from the patterns, drop the backslash.
    work = list(line.text)
    keep = [True] * len(work)
    for m in _ESCAPE.finditer(line.text):
        keep[m.start()] = False
        work[m.start(1)] = _PROTECTED
    line, work_s = _keep(line, keep), "".join(w for w, k in zip(work, keep) if k)
    for pattern, groups in _INLINE:
        line, work_s = _apply(pattern, groups, line, work_s)
    for _ in range(3):  # nested emphasis (***a** b*) needs more than one pass
        before = work_s
        for pattern in _EMPHASIS:
            line, work_s = _apply(pattern, (2,), line, work_s)
        if work_s == before:
            break
    return line


def _apply(pattern: re.Pattern[str], groups: tuple[int, ...], line: _Line, work: str) -> tuple[_Line, str]:
    """Delete each match of ``pattern`` in ``work`` except the kept groups."""
    keep = [True] * len(work)
    for m in pattern.finditer(work):
        for i in range(m.start(), m.end()):
            keep[i] = False
        for g in groups:
            if m.start(g) >= 0:
                for i in range(m.start(g), m.end(g)):
                    keep[i] = True
    if all(keep):
        return line, work
    return _keep(line, keep), "".join(w for w, k in zip(work, keep) if k)
