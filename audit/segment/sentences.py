"""Split a Document into sentences (Segments) and mark boilerplate.

Sentences are found per paragraph with pysbd, so a sentence never spans a
paragraph break and a headline without final punctuation ("Security
headquarters") stays a segment of its own. Offsets are into ``Document.text``
and always satisfy ``doc.text[s.start:s.end] == s.text``.

A "sentence" longer than ``max_chars`` (the config's ``max-sentence-chars``) is
cut into pieces: the model reads only its first 256 tokens and would silently
judge the rest unseen. Cuts fall after ``;`` ``:`` or a dash, else after a
comma, else before a conjunction, else at the last space before the limit
(a hard cut only where a piece has no space at all); one warning per document
says how many were cut.
"""
from __future__ import annotations

import functools
import logging
import re

from .boilerplate import document_reasons
from ..config import AuditConfig
from ..errors import InputError
from ..types import Document, Segment

log = logging.getLogger("audit")


DEFAULT_MAX_CHARS = AuditConfig.max_sentence_chars


def segment(doc: Document, *, presegmented: bool = False, max_chars: int = DEFAULT_MAX_CHARS,
            notes: list[str] | None = None) -> tuple[Segment, ...]:
    """Sentences of ``doc`` in order, with boilerplate marked.

    ``presegmented=True`` takes the file's own lines as the sentences: one
    segment per non-empty line, none split, merged or dropped. The document
    must have been read with ``read_document(path, presegmented=True)`` so its
    paragraphs are those lines.

    Sentences over ``max_chars`` are cut (see the module doc; presegmented lines
    never are, they are only counted). The warning that says so is appended to
    ``notes`` when given, else logged.
    """
    if presegmented:
        spans = _line_spans(doc)
        long = sum(b - a > max_chars for a, b, _ in spans)
        if long:
            _note(notes, f"{doc.path}: {long} line(s) longer than {max_chars} characters (max-sentence-chars); "
                         "the bundled model reads only the first 256 tokens (about 900 characters) of each, "
                         "so the rest is not compared")
    else:
        spans, cut = _limit_lengths(doc.text, _sentence_spans(doc), max_chars)
        if cut:
            _note(notes, f"{doc.path}: {cut} sentence(s) longer than {max_chars} characters (max-sentence-chars) "
                         "were cut at clause or word boundaries, since the model reads only the first 256 tokens; "
                         "findings there may come from the cuts")
    texts = [doc.text[a:b] for a, b, _ in spans]
    reasons = document_reasons(texts, [p for _, _, p in spans])
    return tuple(
        Segment(index=i, text=t, start=a, end=b, paragraph=p, boilerplate=r)
        for i, ((a, b, p), t, r) in enumerate(zip(spans, texts, reasons))
    )


def _note(notes: list[str] | None, msg: str) -> None:
    if notes is None:
        log.warning(msg)
    else:
        notes.append(msg)


def _line_spans(doc: Document) -> list[tuple[int, int, int]]:
    lines = sum(1 for line in doc.raw.splitlines() if line.strip())
    if lines != len(doc.paragraphs):
        # Segmenting an unwrapped document "by line" would silently merge
        # lines; refuse instead of producing a misaligned sentence list.
        raise InputError(
            f"{doc.path} was not read as presegmented ({lines} non-empty lines became "
            f"{len(doc.paragraphs)} paragraphs); load it with read_document(path, presegmented=True)"
        )
    return [(a, b, i) for i, (a, b) in enumerate(doc.paragraphs) if a < b]


def _sentence_spans(doc: Document) -> list[tuple[int, int, int]]:
    spans = []
    for number, (start, end) in enumerate(doc.paragraphs):
        for a, b in split_sentences(doc.text[start:end]):
            spans.append((start + a, start + b, number))
    return spans


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd  # heavy: compiles many regexes on first use

    return pysbd.Segmenter(language="en", clean=False)


# pysbd never splits inside quotation marks, so a quoted passage of three
# sentences ("Price added: “A. B. C.”") comes back as one segment, and a stray
# or misdirected quote swallows the rest of the paragraph. Masking the quote
# characters with a same-length neutral mark lets it split on the sentences
# themselves while every offset stays valid.
_QUOTES = re.compile(r"[\"“”„‟«»]")
_MASK = "|"
# A piece starting like this continues the previous sentence, it cannot open one.
_CONTINUES = re.compile(r"^[,;:)\]}…]|^[a-z]")


def split_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    """(start, end) spans of the sentences of one paragraph, whitespace trimmed.

    pysbd's own ``char_span`` can point at the wrong copy of a sentence that
    occurs twice in a paragraph, so each sentence is located here by searching
    forward from the end of the previous one.
    """
    if not paragraph.strip():
        return ()
    masked = _QUOTES.sub(_MASK, paragraph)
    spans = _locate(masked, _segmenter().segment(masked))
    return tuple(_trim(paragraph, a, b) for a, b in _repair(paragraph, spans))


def _locate(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        sentence = piece.strip()
        if not sentence:
            continue
        at = text.find(sentence, cursor)
        if at < 0:
            # pysbd altered the text (it should not with clean=False); keep the
            # rest of the paragraph as one segment rather than lose or invent text.
            log.debug("pysbd returned text not found in paragraph: %r", sentence[:60])
            break
        spans.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    if text[cursor:].strip():
        spans.append((cursor, len(text)))
    return spans


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give closing quotes back to their sentence and re-join false starts."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out:
            # A leading quote followed by a space closes the previous sentence.
            while a < b and _QUOTES.match(text[a]) and (a + 1 == b or not text[a + 1].isalnum()):
                out[-1] = (out[-1][0], a + 1)
                a += 1
                while a < b and text[a].isspace():
                    a += 1
            piece = text[a:b]
            if a >= b:
                continue
            if _CONTINUES.match(piece) or not any(ch.isalnum() for ch in piece):
                out[-1] = (out[-1][0], b)
                continue
        out.append((a, b))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# --------------------------------------------------------------------------
# over-long sentences

# Where a long sentence may be cut, best first: after a strong clause mark
# (; : and dashes set off by spaces), after a comma, before a conjunction.
_CUTS = (
    re.compile(r"[;:](?=\s)|\s[—–-]{1,2}(?=\s)|(?<=\w)—(?=\w)"),
    re.compile(r",(?=\s)"),
    re.compile(r"(?<=\S)(?=\s+(?:and|but|or|nor|yet|so|while|whereas|although|though|because|"
               r"unless|which|who|when|after|before)\s)", re.I),
)
_SPACE = re.compile(r"\s")
_MIN_SHARE = 0.3  # a clause cut must leave at least this share of the limit in the first piece


def _limit_lengths(text: str, spans: list[tuple[int, int, int]], max_chars: int
                   ) -> tuple[list[tuple[int, int, int]], int]:
    """Cut every span longer than ``max_chars``; return the spans and how many were cut."""
    out: list[tuple[int, int, int]] = []
    cut = 0
    for a, b, para in spans:
        if b - a <= max_chars:
            out.append((a, b, para))
            continue
        cut += 1
        out += [(a + x, a + y, para) for x, y in split_long(text[a:b], max_chars)]
    return out, cut


def split_long(sentence: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) spans of pieces of ``sentence``, none longer than ``max_chars``, whitespace trimmed."""
    pieces = []
    start, n = 0, len(sentence)
    while start < n:
        while start < n and sentence[start].isspace():
            start += 1
        if n - start <= max_chars:
            end = n
        else:
            end = _cut_point(sentence, start, max_chars)
        a, b = _trim(sentence, start, end)
        if a < b:
            pieces.append((a, b))
        start = end
    return pieces


def _cut_point(s: str, start: int, max_chars: int) -> int:
    """Where to end the piece that begins at ``start``: the best boundary in the allowed window."""
    limit = start + max_chars
    window = s[start:limit + 1]  # +1: a boundary right at the limit still ends a piece of max_chars
    lo = int(max_chars * _MIN_SHARE)
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(window) if lo <= m.end() <= max_chars]
        if ends:
            return start + ends[-1]
    spaces = [m.start() for m in _SPACE.finditer(window, 1, max_chars + 1)]
    return start + spaces[-1] if spaces else limit  # no space at all (a URL, base64): cut at the limit
