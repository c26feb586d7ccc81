"""Audit a table of segment pairs that are already aligned.

Each pair is its own tiny "repost": one reference segment, one repost segment
and one bead between them (a one-sided bead when a cell is empty: an empty
repost is an omitted sentence, an empty reference an added one). The checks
are exactly those of ``audit run``; only segmentation and alignment are
skipped, because a pair is a pair.

Input is CSV or TSV with the columns ``id``, ``reference`` and ``repost``, or a
bilingual TMX file whose source language (the header's ``srclang``, else the
first ``<tuv>``) is the reference.

The reference may be in another language than the repost (translation-memory QA
against the source: a ``source`` column, or a TMX whose ``srclang`` is not
English). The two languages are read once per file, from the TMX's language
codes or ``reference-lang``, else detected on the first pairs; when they differ,
the pairs are audited with the multilingual encoder and the checks that work
across scripts, exactly as ``audit run`` does for a foreign-language reference.
"""
from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .checks.runner import run_checks
from .config import AuditConfig
from .embed import ENGLISH_ONLY_MODELS, Embedder
from .errors import InputError
from .ingest.decode import _BOMS, _CONTROL, _MAGIC, _MAX_CONTROL_SHARE, _binary_error, _bomless_utf16
from .ingest.language import crosses_languages, language_of, non_english_warning
from .checks import across
from .checks.names import NameBook
from .checks.omissions import texts_to_embed
from .pipeline import apply_severity_overrides, log, signature, verdict
from .score import cosine, pair_scores
from .types import AuditResult, Bead, Document, PairScores, RepostAudit, Segment

Progress = Callable[[int, int], None]
COLUMNS = ("id", "reference", "repost")
# Other headers for the reference column: a translation memory calls it the source.
COLUMN_ALIASES = {"source": "reference", "target": "repost"}
LANGUAGE_SAMPLE_PAIRS = 200  # pairs whose text decides each column's language
LANGUAGE_SAMPLE_CHARS = 5000  # as much as langdetect reads
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline TMX elements that hold native markup codes, not text.
_CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass(frozen=True)
class SegmentPair:
    id: str
    reference: str
    repost: str


# --------------------------------------------------------------------------
# reading
#
# A pairs file is read twice, one row at a time, never whole: a first pass
# checks everything (decoding, columns, ids, sizes) before the model loads; the
# second hands the pairs out in chunks. Memory is one chunk, whatever the size.

CHUNK_ROWS = 2000  # pairs audited (and their vectors cached) at a time
_HEAD = 1 << 16  # bytes sniffed for BOMs, magic numbers and NULs
_MAX_FIELD = 2**31 - 1


@dataclass(frozen=True)
class PairsFile:
    """A checked pairs file: how to read it again, how many pairs it holds, what to warn about."""

    path: Path
    kind: str  # "table" or "tmx"
    count: int
    codec: str = ""  # tables: the Python codec to read it with
    delimiter: str = ","
    warnings: tuple[str, ...] = ()
    languages: tuple[str, str] = ("", "")  # (reference, repost): declared or detected; "" if unsure

    @property
    def crosses_languages(self) -> bool:
        """Whether the reference column is in another language than the repost column."""
        return crosses_languages(*self.languages)

    def __iter__(self) -> Iterator[SegmentPair]:
        yield from (_tmx_pairs(self.path) if self.kind == "tmx"
                    else (pair for _, pair in _table_pairs(self.path, self.codec, self.delimiter)))

    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[list[SegmentPair]]:
        """The pairs in file order, ``size`` at a time."""
        chunk: list[SegmentPair] = []
        for pair in self:
            chunk.append(pair)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def read_pairs(path: str | Path) -> list[SegmentPair]:
    """Read pairs from a CSV, TSV or TMX file (by extension, else by sniffing)."""
    return list(open_pairs(path))


def open_pairs(path: str | Path, *, config: AuditConfig = AuditConfig()) -> PairsFile:
    """Check a CSV, TSV or TMX pairs file from end to end, holding one row at a time.

    Raises :class:`InputError` for anything :func:`read_pairs` would refuse, and
    for a cell over ``max-input-mb`` million characters. A pairs file is not
    capped as a whole (it is audited in chunks); cells longer than
    ``max-sentence-chars`` are counted in a warning, since the model reads only
    their first 256 tokens and a pair cannot be split.
    """
    p = Path(path)
    size = _file_size(p)
    with p.open("rb") as f:
        head = f.read(_HEAD)
    suffix = p.suffix.lower()
    sniff = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    is_tmx = suffix == ".tmx" or (suffix not in (".csv", ".tsv", ".tab", ".txt")
                                  and (sniff.startswith(b"<?xml") or sniff.startswith(b"<tmx")))
    warnings: list[str] = []
    if is_tmx:
        source = PairsFile(p, "tmx", 0)
    else:
        codec = _table_codec(head, size, p)
        try:
            source = _scan_table(p, codec)
        except UnicodeDecodeError as exc:
            if codec != "utf-8":
                raise InputError(f"cannot decode input file {p} as {codec} (at byte {exc.start} of a block); "
                                 "re-save it as UTF-8") from exc
            # cp1252 is what "not UTF-8" exports from Windows tools almost always are.
            msg = f"{p} is not valid UTF-8; decoded it as cp1252 (re-save it as UTF-8 to be sure)"
            log.warning(msg)
            warnings.append(msg)
            try:
                source = _scan_table(p, "cp1252")
            except UnicodeDecodeError as exc2:
                raise InputError(f"cannot decode input file {p} as UTF-8 or cp1252; re-save it as UTF-8") from exc2
    count, long_cells, ids = 0, 0, Counter()
    samples: tuple[list[str], list[str]] = ([], [])
    limit = config.max_input_mb * 1e6
    for pair in source:
        count += 1
        ids[pair.id] += 1
        if count <= LANGUAGE_SAMPLE_PAIRS:
            for sample, cell in zip(samples, (pair.reference, pair.repost)):
                if cell and sum(map(len, sample)) < LANGUAGE_SAMPLE_CHARS:
                    sample.append(cell)
        for cell in (pair.reference, pair.repost):
            if len(cell) > limit:
                raise InputError(f"{p} pair {pair.id!r} has a cell of {len(cell):,} characters, over the limit of "
                                 f"{config.max_input_mb:g} MB of text (max-input-mb); split it into pairs of sentences")
            long_cells += len(cell) > config.max_sentence_chars
    if not count:
        raise InputError(f"{p} holds no pairs; add rows with id, reference and repost")
    dup = [k for k, n in ids.items() if n > 1]
    if dup:
        raise InputError(f"{p} repeats the pair id {dup[0]!r} ({ids[dup[0]]} times); give every pair its own id")
    if long_cells:
        msg = (f"{p}: {long_cells} cell(s) longer than {config.max_sentence_chars} characters "
               "(max-sentence-chars); the model reads only the first 256 tokens of each, so the rest is not compared")
        log.warning(msg)
        warnings.append(msg)
    declared = _tmx_languages(p) if is_tmx else ("", "")
    if config.reference_lang != "auto":
        declared = (config.reference_lang, declared[1])
    languages = (language_of(" ".join(samples[0]), declared[0] or "auto"),
                 language_of(" ".join(samples[1]), declared[1] or "auto"))
    return replace(source, count=count, warnings=tuple(warnings), languages=languages)


def _file_size(p: Path) -> int:
    """The size of ``p``, after the errors of ``ingest._read_bytes`` (missing, a folder, unreadable, empty)."""
    if not p.exists():
        raise InputError(f"input file not found: {p}; check the path and spelling")
    if p.is_dir():
        raise InputError(f"expected a file but got a directory: {p}; pass the article file, not its folder")
    try:
        with p.open("rb") as f:
            first = f.read(1)
    except OSError as exc:
        raise InputError(f"cannot read input file {p} ({exc.strerror or exc}); check that it is readable") from exc
    if not first:
        raise InputError(f"input file is empty: {p}; pass a file that contains the article text")
    return p.stat().st_size


# Python codecs that consume their BOM, for the BOMs ingest knows.
_BOM_CODECS = {"utf-32-le": "utf-32", "utf-32-be": "utf-32", "utf-8": "utf-8-sig",
               "utf-16-le": "utf-16", "utf-16-be": "utf-16"}


def _table_codec(head: bytes, size: int, p: Path) -> str:
    """The codec of a table from its first bytes, refusing what is binary (as ``ingest`` does)."""
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            return _BOM_CODECS[codec]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _binary_error(str(p), what)
    utf16 = _bomless_utf16(head[: len(head) - len(head) % 2] if size > len(head) else head)
    if utf16:
        return utf16
    if b"\x00" in head:
        raise _binary_error(str(p), "binary data (it contains NUL bytes)")
    return "utf-8"


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _delimiter(text: str, p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",\t;").delimiter
    except csv.Error:
        return "\t" if "\t" in first else ","


def _scan_table(p: Path, codec: str) -> PairsFile:
    """Check decoding, header, rows and control characters in one streaming pass."""
    with p.open(encoding=codec, newline="") as f:
        first = ""
        for line in f:  # the first non-blank line decides the delimiter
            if line.strip():
                first = line
                break
    delim = _delimiter(first, p)
    chars = controls = 0
    for _, pair in _table_pairs(p, codec, delim):
        for cell in (pair.id, pair.reference, pair.repost):
            chars += len(cell)
            controls += len(_CONTROL.findall(cell))
    if controls > _MAX_CONTROL_SHARE * max(chars, 1):
        raise _binary_error(str(p), "binary data (it is full of control characters)")
    return PairsFile(p, "table", 0, codec, delim)


def _table_pairs(p: Path, codec: str, delim: str) -> Iterator[tuple[int, SegmentPair]]:
    """(line number, pair) for every data row; InputError for a bad table."""
    what = "TSV" if delim == "\t" else "CSV"
    # csv refuses cells over 128 KB by default; let max-input-mb (checked per cell) decide instead.
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_FIELD))
    with p.open(encoding=codec, newline="") as f:
        reader = csv.reader(f, delimiter=delim, strict=True)
        col: dict[str, int] | None = None
        try:
            for row in reader:
                if not any(c.strip() for c in row):
                    continue
                if col is None:
                    header = [h.strip().lstrip("\ufeff").strip().lower() for h in row]
                    col = _columns(header, p)
                    continue
                cells = {c: (row[i] if i < len(row) else "") for c, i in col.items()}
                pid = cells["id"].strip()
                if not pid:
                    raise InputError(f"{p} line {reader.line_num} has an empty id; give every pair an id")
                yield reader.line_num, SegmentPair(pid, _clean(cells["reference"]), _clean(cells["repost"]))
        except csv.Error as exc:
            raise InputError(f"cannot parse {p} as {what} ({exc}, line {reader.line_num}); "
                             "quote cells that contain the delimiter, quotes or line breaks") from exc
    if col is None:
        raise InputError(f"{p} is empty; add a header row id,reference,repost and one row per pair")


def _columns(header: list[str], p: Path) -> dict[str, int]:
    """Where each of COLUMNS is, reading ``source`` as ``reference`` (and so on) when the name itself is absent."""
    col = {c: header.index(c) for c in COLUMNS if c in header}
    for alias, name in COLUMN_ALIASES.items():
        if name not in col and alias in header:
            col[name] = header.index(alias)
    missing = [c for c in COLUMNS if c not in col]
    if missing:
        got = ", ".join(h for h in header if h) or "none"
        raise InputError(f"{p} has no column {', '.join(repr(m) for m in missing)} "
                         f"(columns: {got}); add a header row id,reference,repost (or id,source,target)")
    return {c: col[c] for c in COLUMNS}


def _seg_text(el: ET.Element) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag not in _CODE_TAGS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang(tuv: ET.Element) -> str:
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip().lower()


def _tmx_pairs(p: Path) -> Iterator[SegmentPair]:
    """The pairs of a TMX file, parsed incrementally: each <tu> is dropped once read."""
    src = ""
    stack: list[ET.Element] = []
    n = 0
    try:
        for event, el in ET.iterparse(p, events=("start", "end")):
            if event == "start":
                if not stack and el.tag.rsplit("}", 1)[-1] != "tmx":
                    raise InputError(f"{p} is XML but not TMX (root element <{el.tag}>); pass a .tmx file or a CSV")
                stack.append(el)
                continue
            stack.pop()
            if el.tag == "header" and len(stack) == 1:
                src = (el.get("srclang") or "").strip().lower()
            elif el.tag == "tu":
                n += 1
                yield _tu_pair(el, n, src, p)
                if stack:
                    stack[-1].remove(el)  # read: let it go
    except ET.ParseError as exc:
        raise InputError(f"{p} is not well-formed TMX/XML ({exc}); fix the XML or export the TMX again") from exc


def _tmx_languages(p: Path) -> tuple[str, str]:
    """(reference, repost) language codes as the TMX declares them: ``srclang`` and the first <tu>'s other <tuv>.

    Only the primary subtag counts (``zh-CN`` is ``zh``); "" where the file does not say.
    """
    src = ""
    for event, el in ET.iterparse(p, events=("end",)):
        if el.tag == "header":
            src = (el.get("srclang") or "").strip().lower()
            src = "" if src == "*all*" else src
        elif el.tag == "tu":
            langs = [_lang(tuv) for tuv in el.findall("tuv")]
            if not src and langs:
                src = langs[0]
            other = next((x for x in langs if x and x.split("-")[0] != src.split("-")[0]), "")
            return _primary(src), _primary(other)
    return _primary(src), ""


def _primary(code: str) -> str:
    """``zh-cn`` → ``zh``; codes other than two letters are left undecided (the text is detected instead)."""
    head = code.split("-")[0].split("_")[0]
    return head if re.fullmatch(r"[a-z]{2}", head) else ""


def _tu_pair(tu: ET.Element, n: int, src: str, p: Path) -> SegmentPair:
    tuvs = tu.findall("tuv")
    pid = (tu.get("tuid") or str(n)).strip()
    if not tuvs or len(tuvs) > 2:
        raise InputError(f"{p} <tu> {pid} has {len(tuvs)} <tuv> elements, expected 2; "
                         "pass a bilingual TMX (reference and repost language)")
    texts = []
    for tuv in tuvs:
        seg = tuv.find("seg")
        texts.append((_lang(tuv), _clean(_seg_text(seg)) if seg is not None else ""))
    ref_at = 0
    if src and src != "*all*":
        hits = ([i for i, (lang, _) in enumerate(texts) if lang == src]
                or [i for i, (lang, _) in enumerate(texts) if lang.split("-")[0] == src.split("-")[0]])
        if hits:
            ref_at = hits[0]
        elif len(texts) == 1:
            ref_at = -1  # the only <tuv> is not the reference language: an added segment
    if len(texts) == 1:
        ref, rep = (texts[0][1], "") if ref_at == 0 else ("", texts[0][1])
    else:
        ref, rep = texts[ref_at][1], texts[1 - ref_at][1]
    return SegmentPair(pid, ref, rep)


# --------------------------------------------------------------------------
# auditing


def _document(path: str, text: str) -> Document:
    return Document(path=path, raw=text, text=text, offsets=tuple(range(len(text))),
                    paragraphs=((0, len(text)),) if text else (), encoding="str")


def _segments(text: str) -> tuple[Segment, ...]:
    return (Segment(0, text, 0, len(text), 0),) if text else ()


def audit_pairs(
    pairs: Sequence[SegmentPair],
    *,
    embedder: Embedder,
    config: AuditConfig = AuditConfig(),
    book: NameBook | None = None,
    progress: Progress | None = None,
    name: str = "<pairs>",
    check_language: bool = True,
    languages: tuple[str, str] = ("", ""),
) -> AuditResult:
    """Audit every pair as its own one-sentence repost of its own one-sentence reference.

    ``languages`` (reference, repost), when they differ, switch the checks to those
    across scripts; ``embedder`` must then be multilingual (see :func:`audit_pair_chunks`).

    ``AuditResult.reference`` holds all non-empty references, one paragraph
    each, and ``reference_segments`` indexes them; each ``RepostAudit.beads``
    points into that shared list, while its ``segments`` are the pair's own.

    ``progress`` gets (pairs done, pairs): encoding the texts counts as the
    first half of the work, checking the pairs one by one as the second.
    """
    n = len(pairs)
    enc = None if progress is None else (lambda d, t: progress(n * d // (2 * max(t, 1)), n))
    across_langs = crosses_languages(*languages)
    _encode_all(pairs, embedder, config, enc, across_langs)
    reference, ref_segs = _shared_reference(pairs, name)
    results = []
    g = 0  # the pair's reference sentence in the shared list
    for done, p in enumerate(pairs):
        if progress is not None and done % 50 == 0:
            progress(n // 2 + done // 2, n)
        results.append(_audit_one(p, g, embedder=embedder, config=config, book=book,
                                  languages=languages if across_langs else ("", "")))
        g += bool(p.reference)
    warnings = _language_warnings(pairs, name, embedder) if check_language else []
    for w in warnings:
        log.warning(w)
    used = {languages: embedder} if across_langs else None
    return AuditResult(reference, tuple(ref_segs), tuple(results), signature(config, embedder, used),
                       tuple(warnings))


def _encode_all(pairs: Sequence[SegmentPair], embedder: Embedder, config: AuditConfig, progress,
                crossing: bool = False) -> None:
    """Every text the checks will embed, in two batches (one encode call per pair would crawl)."""
    texts = list(dict.fromkeys(t for p in pairs for t in (p.reference, p.repost) if t))
    vecs = dict(zip(texts, embedder.encode(texts, progress=progress)))
    ablations = ((lambda p, sim: across.clause_texts(p.reference, sim)) if crossing
                 else (lambda p, sim: texts_to_embed(p.reference, p.repost, sim, config)))
    extra = [t for p in pairs if p.reference and p.repost
             for t in ablations(p, cosine(vecs[p.reference], vecs[p.repost]))]
    if extra:
        embedder.encode(list(dict.fromkeys(extra)))


def _shared_reference(pairs: Sequence[SegmentPair], name: str) -> tuple[Document, list[Segment]]:
    """All non-empty references as one document, one paragraph each."""
    ref_segs: list[Segment] = []
    pos = 0
    for p in pairs:
        if p.reference:
            ref_segs.append(Segment(len(ref_segs), p.reference, pos, pos + len(p.reference), len(ref_segs)))
            pos += len(p.reference) + 2
    ref_text = "\n\n".join(s.text for s in ref_segs)
    reference = Document(path=name, raw=ref_text, text=ref_text, offsets=tuple(range(len(ref_text))),
                         paragraphs=tuple((s.start, s.end) for s in ref_segs), encoding="str")
    return reference, ref_segs


def _audit_one(p: SegmentPair, g: int, *, embedder: Embedder, config: AuditConfig,
               book: NameBook | None, languages: tuple[str, str] = ("", "")) -> RepostAudit:
    """One pair as a one-bead repost; its bead points at sentence ``g`` of the shared reference."""
    local_ref, local_rep = _segments(p.reference), _segments(p.repost)
    score: PairScores | None = None
    local: Bead | None = None
    if p.reference and p.repost:
        rv, pv = embedder.encode([p.reference, p.repost])
        sim = cosine(rv, pv)
        score = pair_scores(p.reference, p.repost, sim)
        local = Bead((0,), (0,), sim)
    elif p.reference:
        local = Bead((0,), ())
    elif p.repost:
        local = Bead((), (0,))
    beads = (local,) if local is not None else ()
    findings = apply_severity_overrides(run_checks(local_ref, local_rep, beads, [score] * len(beads),
                                                   embedder=embedder, config=config, book=book,
                                                   languages=languages), config)
    shared = tuple(Bead((g,) if b.ref_ids else (), b.repost_ids, b.score, b.moved) for b in beads)
    return RepostAudit(
        name=p.id, document=_document(p.id, p.repost), segments=local_rep, beads=shared,
        scores=(score,) * len(beads), findings=tuple(findings),
        chrf=score.chrf if score else 0.0, bleu=score.bleu if score else 0.0,
        coverage=1.0 if score else 0.0, mean_similarity=score.similarity if score else 0.0,
        verdict=verdict(findings, config.fail_on), languages=languages,
    )


def _language_warnings(pairs: Sequence[SegmentPair], name: str, embedder: Embedder) -> list[str]:
    """An English-only model reading a column in another language: say so, once per column."""
    if embedder.name not in ENGLISH_ONLY_MODELS or not pairs:
        return []
    out = []
    for column in ("reference", "repost"):
        sample = " ".join(getattr(p, column) for p in pairs[:LANGUAGE_SAMPLE_PAIRS] if getattr(p, column))
        w = non_english_warning(f"{name} ({column} column)", sample) if sample else None
        if w:
            out.append(w)
    return out



# --------------------------------------------------------------------------
# streaming: a pairs file audited chunk by chunk


def audit_pair_chunks(
    source: PairsFile,
    *,
    embedder: Embedder,
    config: AuditConfig = AuditConfig(),
    book: NameBook | None = None,
    progress: Progress | None = None,
    name: str = "<pairs>",
    chunk_rows: int | None = None,
    crosslingual: Embedder | None = None,
) -> Iterator[AuditResult]:
    """Audit ``source`` ``chunk_rows`` pairs at a time, yielding one :class:`AuditResult` per chunk.

    Each chunk is read, audited and handed on before the next is read, and the
    embedder's cache is emptied between chunks, so memory does not grow with
    the number of rows. ``progress`` gets (pairs done, pairs in the file).

    ``crosslingual`` is the multilingual encoder: when the file's two columns are
    in different languages (``source.languages``) every pair is audited with it and
    the checks across scripts. Without it such a file takes the English path, with
    a warning that the English-only model reads another language.
    """
    languages = source.languages if source.crosses_languages and crosslingual is not None else ("", "")
    if languages != ("", ""):
        embedder = crosslingual
    done = 0
    for n, chunk in enumerate(source.chunks(chunk_rows or CHUNK_ROWS)):
        step = None
        if progress is not None:
            def step(d: int, t: int, base: int = done) -> None:
                progress(base + d, source.count)
        result = audit_pairs(chunk, embedder=embedder, config=config, book=book, progress=step, name=name,
                             check_language=n == 0, languages=languages)  # the language sample is the first 200 pairs, as unchunked
        done += len(chunk)
        if progress is not None:
            progress(done, source.count)
        yield result
        clear = getattr(embedder, "clear", None)
        if clear is not None:
            clear()
