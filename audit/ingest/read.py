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

Quotes, dashes and ellipses are deliberately left alone: the report shows the
text to people, and "fixing" typography would hide what the repost printed.
"""
from __future__ import annotations

import difflib
import functools
from array import array
import logging
import re
import statistics
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from ..config import AuditConfig
from ..errors import ConfigError, InputError
from ..types import Document

log = logging.getLogger("audit")

KINDS = ("txt", "md", "html")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_MD_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

# Binary formats people plausibly pass by mistake; naming the format makes the
# error message actionable ("export the article as text") instead of cryptic.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (.docx/.odt/.epub are ZIP files)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "a legacy Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
)

# UTF-32 BOMs must be tried before UTF-16: FF FE 00 00 starts with FF FE.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.02
# Fewer words than this extracted from a page means no article was found.
_MIN_HTML_WORDS = 3
# Unicode category Cc (C0, DEL, C1) less the fine ones (\t \n \v \f \r): one regex pass, not a loop per character.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
DEFAULT_MAX_INPUT_MB = AuditConfig.max_input_mb  # million characters of decoded text


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
# size limit

# No text encoding spends more than this many bytes on a character (UTF-8,
# UTF-16 and UTF-32 all top out at 4), so a file bigger than this many bytes per
# allowed character is over the limit whatever it decodes to.
_MAX_BYTES_PER_CHAR = 4


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


def _too_big(where: str, what: str, limit_mb: float, need: float) -> InputError:
    raise_to = max(int(limit_mb) + 1, int(-(-need // 1e6)))
    return InputError(
        f"input file {where} is {what}, over the limit of {limit_mb:g} MB of text (max-input-mb = {limit_mb:g}); "
        f"split it into smaller files, or raise the limit with --config \"max-input-mb = {raise_to}\""
    )


def check_file_size(p: Path, max_input_mb: float, size: int | None = None) -> None:
    """Refuse a file that cannot fit in ``max_input_mb`` million characters, from its size alone."""
    if size is None:
        try:
            size = p.stat().st_size
        except OSError:
            return  # _read_bytes reports what is wrong with the path
    if size > _MAX_BYTES_PER_CHAR * max_input_mb * 1e6:
        raise _too_big(str(p), f"{_mb(size)} on disk", max_input_mb, size / _MAX_BYTES_PER_CHAR)


def check_text_size(text: str, where: str, max_input_mb: float, size: int | None = None) -> None:
    """Refuse decoded text over ``max_input_mb`` million characters."""
    if len(text) > max_input_mb * 1e6:
        disk = f" ({_mb(size)} on disk)" if size is not None and size != len(text) else ""
        raise _too_big(where, f"{_mb(len(text))} of text ({len(text):,} characters){disk}", max_input_mb, len(text))


# --------------------------------------------------------------------------
# reading and decoding


def _read_bytes(p: Path, max_input_mb: float | None = None) -> bytes:
    if not p.exists():
        raise InputError(f"input file not found: {p}; check the path and spelling")
    if p.is_dir():
        raise InputError(f"expected a file but got a directory: {p}; pass the article file, not its folder")
    if max_input_mb is not None:
        check_file_size(p, max_input_mb)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read input file {p} ({exc.strerror or exc}); check that it is readable") from exc
    if not data:
        raise InputError(f"input file is empty: {p}; pass a file that contains the article text")
    return data


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _decode(data: bytes, where: str, max_input_mb: float | None = None) -> _Decoded:
    """Decode bytes, refusing binary files (and, given ``max_input_mb``, too much text); record the codec."""
    def _checked(text: str, encoding: str, where: str, warnings: tuple[str, ...] = ()) -> _Decoded:
        if max_input_mb is not None:  # before the per-character scan, which is the slow part
            check_text_size(text, where, max_input_mb, len(data))
        return _checked_text(text, encoding, where, warnings)

    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data[len(bom):], codec, where), label, where)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(where, what)
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, where)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the NUL check below calls it binary
    if b"\x00" in data:
        raise _binary_error(where, "binary data (it contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return _checked(data.decode(declared), declared, where)
        except (UnicodeDecodeError, LookupError):
            pass
    # cp1252 is what "not UTF-8" text files from Windows and old CMSes almost
    # always are; latin-1 would accept anything and so never catch garbage.
    text = _strict(data, "cp1252", where)
    msg = f"{where} is not valid UTF-8; decoded it as cp1252 (re-save it as UTF-8 to be sure)"
    log.warning(msg)
    return _checked(text, "cp1252", where, (msg,))


def _strict(data: bytes, codec: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise InputError(
            f"cannot decode input file {where} as {codec} (byte 0x{bad} at offset {exc.start}); "
            "re-save it as UTF-8"
        ) from exc


def _checked_text(text: str, encoding: str, where: str, warnings: tuple[str, ...] = ()) -> _Decoded:
    if not text.strip():
        raise InputError(f"input file contains only whitespace: {where}; pass a file that contains the article text")
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise _binary_error(where, "binary data (it is full of control characters)")
    return _Decoded(text, encoding, warnings)


def _binary_error(where: str, what: str) -> InputError:
    return InputError(
        f"input file looks like {what}, not text: {where}; export the article as .txt, .md or .html"
    )


def _bomless_utf16(data: bytes) -> str:
    """Guess BOM-less UTF-16 from where the NULs fall ("a\\0b\\0" is LE).

    Latin-script UTF-16 has a NUL in (almost) every other byte; binary files
    have NULs scattered on both sides, so demand a lopsided pattern.
    """
    if len(data) < 4 or len(data) % 2:
        return ""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.4 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.4 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return ""


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def _declared_charset(data: bytes) -> str:
    """The charset an HTML page declares, when UTF-8 failed (old CMS pages)."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else ""


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
# lines: text plus the raw index of every character


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


# --------------------------------------------------------------------------
# HTML


def _html_lines(raw: str, where: str) -> list[_Line]:
    """Main text of a page, one line per paragraph, offsets -1 (see module doc)."""
    import trafilatura  # heavy: lxml, justext, courlan...

    extracted = trafilatura.extract(
        raw,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_recall=True,  # reposts are short; losing a paragraph is worse than one stray line
        output_format="txt",
    )
    # On a page with no article trafilatura falls back to whatever text there
    # is, often a lone menu word ("Home"); that is not an article either.
    if not extracted or len(extracted.split()) < _MIN_HTML_WORDS:
        raise InputError(
            f"no article text found in HTML file {where}; save the article body as .txt "
            "(the page may be a consent wall, a login page or built by JavaScript)"
        )
    # trafilatura puts every block (paragraph, heading, list item) on its own line.
    return [
        _Line(body, (-1,) * len(body), -1, starts=True, ends=True)
        for body in extracted.splitlines()
    ]


# Extraction quality. A real article page yields a few thousand characters
# that are a good share of what a reader sees; a page trafilatura misreads
# yields a caption, a teaser or the page's template code, and the audit of that
# would be meaningless without anyone noticing. Thresholds, from what pages give:
# - under 500 characters (two or three sentences) while the page shows at least
#   twice that much text, or the page is a real served one (10 KB of HTML or
#   more: head, scripts, menus) that keeps its article in a script: a caption
#   or teaser was taken for the article. A hand-written snippet whose text is
#   all extracted is just short, and passes;
# - under 2% of the visible text, however long: a front page or a listing
#   (an article page with a long comment section still gives 5-30%);
# - template or program code in the text: unrendered {{ }} / {% %} / ${ }
#   markers, or lines dense in ; { } => (a JavaScript-built page).
MIN_ARTICLE_CHARS = 500
MIN_ARTICLE_SHARE = 0.02
SERVED_PAGE_BYTES = 10_000
MAX_CODE_SHARE = 0.1  # share of the extracted characters on code-like lines
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|<%.*?%>")
_CODE_MARK = re.compile(r"[;{}]|=>|===?|&&|\|\||\bfunction\s*\(|\b(?:var|const|let|return)\s")
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")


def visible_text_length(raw: str) -> int:
    """Characters of text a browser would show for ``raw`` (scripts, styles, head left out)."""
    try:
        import lxml.html

        tree = lxml.html.document_fromstring(raw)
    except Exception:  # unparsable markup, or an XML encoding declaration: strip tags instead
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>|<[^>]+>", " ", raw)
        return len(" ".join(text.split()))
    for el in list(tree.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()
    return len(" ".join(" ".join(tree.itertext()).split()))


def _looks_like_code(line: str) -> bool:
    marks = len(_CODE_MARK.findall(line))
    return marks >= 3 and marks * 25 >= len(line)  # a mark every 25 characters; prose has one in hundreds


def extraction_warnings(raw: str, text: str, where: str) -> list[str]:
    """Warnings when the text extracted from the HTML ``raw`` is unlikely to be the article."""
    out = []
    size = len(raw.encode("utf-8"))
    n = len(text)
    visible = visible_text_length(raw)
    if (n < MIN_ARTICLE_CHARS and (visible >= 2 * n or size >= SERVED_PAGE_BYTES)) or n < MIN_ARTICLE_SHARE * visible:
        out.append(f"{where}: only {n:,} characters of article text were extracted from {_mb(size)} of HTML "
                   f"({visible:,} characters of visible text); is this an article page? the audit may be "
                   "meaningless: save the article text as .txt and pass that instead")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    templates = _TEMPLATE.findall(text)
    code = [ln for ln in lines if _looks_like_code(ln)]
    code_chars = sum(len(ln) for ln in code)
    if templates or code_chars > MAX_CODE_SHARE * max(n, 1):
        what = (f"{len(templates)} unrendered template marker(s) such as {templates[0][:40]!r}" if templates
                else f"{len(code)} of {len(lines)} line(s) of program code such as {code[0][:40]!r}")
        out.append(f"{where}: the extracted text looks like template or program code ({what}); the page is "
                   "probably built by JavaScript, so the audit may be meaningless: save the rendered article "
                   "text as .txt and pass that instead")
    return out


# --------------------------------------------------------------------------
# Markdown

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


# --------------------------------------------------------------------------
# spaces and hard wraps


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
