"""Audit a table of segment pairs that are already aligned.

Each pair is its own tiny "repost": one reference segment, one repost segment
and one bead between them (a one-sided bead when a cell is empty: an empty
repost is an omitted sentence, an empty reference an added one). The checks
are exactly those of ``audit run``; only segmentation and alignment are
skipped, because a pair is a pair.

Input is CSV or TSV with the columns ``id``, ``reference`` and ``repost``, or a
bilingual TMX file whose source language (the header's ``srclang``, else the
first ``<tuv>``) is the reference.
"""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .checks import run_checks
from .config import AuditConfig
from .embed import ENGLISH_ONLY_MODELS, Embedder
from .errors import InputError
from .ingest import _decode, _read_bytes
from .language import non_english_warning
from .names import NameBook
from .omissions import texts_to_embed
from .pipeline import apply_severity_overrides, log, signature, verdict
from .score import cosine, pair_scores
from .types import AuditResult, Bead, Document, PairScores, RepostAudit, Segment

Progress = Callable[[int, int], None]
COLUMNS = ("id", "reference", "repost")
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


def read_pairs(path: str | Path) -> list[SegmentPair]:
    """Read pairs from a CSV, TSV or TMX file (by extension, else by sniffing)."""
    p = Path(path)
    data = _read_bytes(p)
    suffix = p.suffix.lower()
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix == ".tmx" or (suffix not in (".csv", ".tsv", ".tab", ".txt")
                            and (head.startswith(b"<?xml") or head.startswith(b"<tmx"))):
        pairs = _read_tmx(data, p)
    else:
        pairs = _read_table(_decode(data, str(p)).text, p)
    if not pairs:
        raise InputError(f"{p} holds no pairs; add rows with id, reference and repost")
    seen: dict[str, int] = {}
    for pair in pairs:
        seen[pair.id] = seen.get(pair.id, 0) + 1
    dup = [k for k, n in seen.items() if n > 1]
    if dup:
        raise InputError(f"{p} repeats the pair id {dup[0]!r} ({seen[dup[0]]} times); give every pair its own id")
    return pairs


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


def _read_table(text: str, p: Path) -> list[SegmentPair]:
    text = text.lstrip("\ufeff")
    delim = _delimiter(text, p)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True))
    except csv.Error as exc:
        raise InputError(f"cannot parse {p} as {'TSV' if delim == chr(9) else 'CSV'} ({exc}); "
                         "quote cells that contain the delimiter, quotes or line breaks") from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{p} is empty; add a header row id,reference,repost and one row per pair")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        got = ", ".join(h for h in header if h) or "none"
        raise InputError(f"{p} has no column {', '.join(repr(m) for m in missing)} (columns: {got}); "
                         "add a header row id,reference,repost")
    col = {c: header.index(c) for c in COLUMNS}
    out = []
    for line, row in enumerate(rows[1:], start=2):
        cells = {c: (row[i] if i < len(row) else "") for c, i in col.items()}
        pid = cells["id"].strip()
        if not pid:
            raise InputError(f"{p} row {line} has an empty id; give every pair an id")
        out.append(SegmentPair(pid, _clean(cells["reference"]), _clean(cells["repost"])))
    return out


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


def _read_tmx(data: bytes, p: Path) -> list[SegmentPair]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"{p} is not well-formed TMX/XML ({exc}); fix the XML or export the TMX again") from exc
    if root.tag.rsplit("}", 1)[-1] != "tmx":
        raise InputError(f"{p} is XML but not TMX (root element <{root.tag}>); pass a .tmx file or a CSV")
    header = root.find("header")
    src = (header.get("srclang") if header is not None else "") or ""
    src = src.strip().lower()
    out = []
    for n, tu in enumerate(root.iter("tu"), start=1):
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
        out.append(SegmentPair(pid, ref, rep))
    return out


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
) -> AuditResult:
    """Audit every pair as its own one-sentence repost of its own one-sentence reference.

    ``AuditResult.reference`` holds all non-empty references, one paragraph
    each, and ``reference_segments`` indexes them; each ``RepostAudit.beads``
    points into that shared list, while its ``segments`` are the pair's own.
    """
    texts = list(dict.fromkeys(t for p in pairs for t in (p.reference, p.repost) if t))
    vecs = dict(zip(texts, embedder.encode(texts, progress=progress)))
    # Omission suspects are embedded too: batched here, one encode call per pair later would crawl.
    extra = [t for p in pairs if p.reference and p.repost
             for t in texts_to_embed(p.reference, p.repost, cosine(vecs[p.reference], vecs[p.repost]), config)]
    if extra:
        embedder.encode(list(dict.fromkeys(extra)))

    ref_segs: list[Segment] = []
    pos = 0
    ref_parts = []
    for p in pairs:
        if p.reference:
            ref_segs.append(Segment(len(ref_segs), p.reference, pos, pos + len(p.reference), len(ref_segs)))
            ref_parts.append(p.reference)
            pos += len(p.reference) + 2
    ref_text = "\n\n".join(ref_parts)
    reference = Document(path=name, raw=ref_text, text=ref_text, offsets=tuple(range(len(ref_text))),
                         paragraphs=tuple((s.start, s.end) for s in ref_segs), encoding="str")

    results = []
    g = 0
    for p in pairs:
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
                                                       embedder=embedder, config=config, book=book), config)
        shared = tuple(Bead((g,) if b.ref_ids else (), b.repost_ids, b.score, b.moved) for b in beads)
        g += bool(p.reference)
        results.append(RepostAudit(
            name=p.id, document=_document(p.id, p.repost), segments=local_rep, beads=shared,
            scores=(score,) * len(beads), findings=tuple(findings),
            chrf=score.chrf if score else 0.0, bleu=score.bleu if score else 0.0,
            coverage=1.0 if score else 0.0, mean_similarity=score.similarity if score else 0.0,
            verdict=verdict(findings, config.fail_on),
        ))
    warnings = []
    if embedder.name in ENGLISH_ONLY_MODELS and pairs:
        sample = " ".join(p.repost for p in pairs[:200] if p.repost)
        w = non_english_warning(f"{name} (repost column)", sample) if sample else None
        if w:
            warnings.append(w)
    for w in warnings:
        log.warning(w)
    return AuditResult(reference, tuple(ref_segs), tuple(results), signature(config, embedder), tuple(warnings))

