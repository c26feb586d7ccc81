"""Read an article file into a :class:`~audit.types.Document`.

The steps, in order: read bytes -> refuse what is not text -> decode -> pick a
kind (txt, md, html) -> extract text (trafilatura for HTML, markup stripping
for Markdown) -> repair mojibake per line (ftfy) -> collapse runs of spaces ->
undo hard wraps -> join paragraphs with a blank line.

Every character of ``Document.text`` carries the index in ``Document.raw`` (the
decoded file, BOM removed) it came from, so findings can point back into the
original file. Characters that were inserted (the space that replaces an
unwrapped newline, the blank line between paragraphs) map to the index of the
newline they stand for. Text extracted from HTML has no position in the raw
markup worth keeping, so its offsets are all ``-1``.

The steps live in their own modules: ``decode`` (bytes -> text, refusals,
size limits), ``html`` (trafilatura and the extraction-quality warnings),
``markdown``, ``unwrap`` (spaces, hard wraps, paragraph joining) and ``lines``
(text with per-character offsets). This module runs them in order.

Quotes, dashes and ellipses are deliberately left alone: the report shows the
text to people, and "fixing" typography would hide what the repost printed.
"""
from __future__ import annotations

import difflib
import functools
import logging
import re
from dataclasses import replace
from pathlib import Path

from ..errors import ConfigError, InputError
from ..types import Document
from .decode import DEFAULT_MAX_INPUT_MB, _decode, _read_bytes, check_text_size
from .html import _html_lines, extraction_warnings
from .lines import _Line, _split_lines
from .markdown import _strip_markdown
from .unwrap import _collapse_spaces, _join, _strip, _unwrap

log = logging.getLogger("audit")

KINDS = ("txt", "md", "html")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_MD_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})


# --------------------------------------------------------------------------
# public API


def read_document(
    path: str | Path, *, name: str | None = None, presegmented: bool = False,
    max_input_mb: float = DEFAULT_MAX_INPUT_MB,
) -> Document:
    """Read and clean one article file.

    ``name`` replaces the path in ``Document.path`` (what reports show).
    ``max_input_mb`` (the config's ``max-input-mb``) caps the decoded text at
    that many million characters: a bigger file is an :class:`InputError`,
    raised from the file's size alone when no encoding could make it fit.
    ``presegmented=True`` reads a one-sentence-per-line text file: every
    non-blank line becomes one paragraph, stripped of surrounding whitespace
    and repaired for mojibake but otherwise verbatim (no markup stripping, no
    unwrapping, no space collapsing), so ``segment(doc, presegmented=True)``
    yields exactly one segment per line.
    """
    p = Path(path)
    data = _read_bytes(p, max_input_mb)
    decoded = _decode(data, str(p), max_input_mb)
    kind = _kind_for(p, decoded.text)
    return _build(
        decoded.text,
        kind=kind,
        where=str(p),
        shown=name if name is not None else str(p),
        encoding=decoded.encoding,
        warnings=decoded.warnings,
        presegmented=presegmented,
    )


def document_from_text(
    text: str, *, path: str = "<text>", kind: str = "txt", presegmented: bool = False,
    max_input_mb: float = DEFAULT_MAX_INPUT_MB,
) -> Document:
    """Build a Document from an in-memory string (tests, pipelines, stdin).

    ``kind`` is one of ``txt``, ``md``, ``html``; the encoding is recorded as
    ``"str"`` because nothing was decoded.
    """
    if kind not in KINDS:
        raise ConfigError(f"unknown document kind {kind!r} for {path}; use one of {', '.join(KINDS)}")
    if not text.strip():
        raise InputError(f"input text is empty or whitespace-only: {path}; pass the article text")
    if text.startswith("\ufeff"):
        text = text[1:]
    check_text_size(text, path, max_input_mb)
    return _build(
        text, kind=kind, where=path, shown=path, encoding="str", warnings=(), presegmented=presegmented
    )


# --------------------------------------------------------------------------
# kinds

_HTML_SNIFF = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def _kind_for(p: Path, text: str) -> str:
    suffix = p.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MD_SUFFIXES:
        return "md"
    # Browsers happily "save as .txt" a whole page; sniff for it.
    return "html" if _HTML_SNIFF.match(text[:2000]) else "txt"


# --------------------------------------------------------------------------
# building a Document


def _build(
    raw: str,
    *,
    kind: str,
    where: str,
    shown: str,
    encoding: str,
    warnings: tuple[str, ...],
    presegmented: bool,
) -> Document:
    if presegmented and kind == "html":
        raise InputError(
            f"cannot read HTML file {where} as presegmented (one sentence per line); "
            "pass a .txt file with one sentence per line, or drop the presegmented option"
        )
    extraction: list[str] = []
    if kind == "html":
        lines = _html_lines(raw, where)
        extraction = extraction_warnings(raw, "\n".join(ln.text for ln in lines), where)
    else:
        lines = _split_lines(raw)
        if kind == "md" and not presegmented:
            lines = _strip_markdown(lines)
    lines, repaired = _repair_mojibake(lines)
    notes = list(warnings) + extraction
    if repaired:
        msg = f"{where}: repaired mojibake (wrongly decoded characters) on {repaired} line(s)"
        log.warning(msg)
        notes.append(msg)
    if presegmented:
        paras = [_strip(ln) for ln in lines if ln.text.strip()]
    else:
        paras = _unwrap([_collapse_spaces(ln) for ln in lines])
    if not paras:
        raise InputError(f"no article text found in {where} after removing markup; pass the article text itself")
    text, offsets, spans = _join(paras)
    return Document(
        path=shown,
        raw=raw,
        text=text,
        offsets=offsets,
        paragraphs=spans,
        encoding=encoding,
        warnings=tuple(notes),
    )


# --------------------------------------------------------------------------
# mojibake


@functools.lru_cache(maxsize=1)
def _ftfy_config():
    import ftfy

    # Only undo encoding damage: curly quotes, ligatures, full-width forms and
    # line breaks are the repost's real typography and stay as printed.
    return ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        fix_line_breaks=False,
        explain=False,
    )


def _repair_mojibake(lines: list[_Line]) -> tuple[list[_Line], int]:
    import ftfy

    config = _ftfy_config()
    out, repaired = [], 0
    for line in lines:
        fixed = ftfy.fix_text(line.text, config) if line.text else line.text
        if fixed != line.text:
            repaired += 1
            line = replace(line, text=fixed, offs=_align(line.text, line.offs, fixed))
        out.append(line)
    return out, repaired


def _align(old: str, offs: tuple[int, ...], new: str) -> tuple[int, ...]:
    """Offsets for ``new`` (a repaired ``old``): unchanged chars keep theirs,
    a repaired span is spread over the original span it replaced."""
    result: list[int] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result += offs[i1:i2]
        elif op == "replace":
            result += [offs[i1 + (k * (i2 - i1)) // (j2 - j1)] for k in range(j2 - j1)]
        elif op == "insert":
            anchor = offs[i1] if i1 < len(offs) else offs[-1] if offs else -1
            result += [anchor] * (j2 - j1)
    return tuple(result)
