"""Where a finding sits in the original files: 1-based lines and columns of its spans.

Lines and columns count Unicode code points in ``Document.raw`` (the decoded
file without its BOM); CR, LF and CRLF end lines. A span is found inside its
sentence (the bead's, else the sentence with the finding's text), as a whole
word first; a span that is not there verbatim falls back to its sentence(s).
SARIF regions, ``findings.csv`` and the JSON report all use these positions.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import AuditResult, Document, Finding, RepostAudit, Segment

IN_MEMORY = "str"  # Document.encoding of text that was never read from a file
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FilePositions:
    """One audited file: its document, its sentences, and where its raw lines start."""

    doc: Document
    segments: Sequence[Segment]
    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, doc: Document, segments: Sequence[Segment]) -> FilePositions:
        return cls(doc, segments, (0, *(m.end() for m in _NEWLINE.finditer(doc.raw))))

    def position(self, raw: int) -> tuple[int, int]:
        """1-based (line, column) of the raw offset ``raw``."""
        i = bisect.bisect_right(self.line_starts, raw) - 1
        return i + 1, raw - self.line_starts[i] + 1

    def region(self, start: int, end: int) -> dict | None:
        """The region of the text span [start, end), or None where it has no raw position."""
        a, b = self.doc.raw_span(start, end)
        if a < 0:
            return None
        line, col = self.position(a)
        end_line, end_col = self.position(b - 1)
        return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col + 1,
                "charOffset": a, "charLength": b - a, "snippet": {"text": self.doc.raw[a:b]}}

    def insertion_point(self, text_pos: int, after: bool) -> dict | None:
        """An empty region just after (or before) the character at ``text_pos`` of the text."""
        a, b = self.doc.raw_span(text_pos, text_pos + 1)
        if a < 0:
            return None
        raw = b if after else a
        line, col = self.position(raw)
        return {"startLine": line, "startColumn": col, "endLine": line, "endColumn": col,
                "charOffset": raw, "charLength": 0}


def _bounded(text: str, start: int, end: int) -> bool:
    """Not part of a longer word or number ("200" inside "2000")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (text[start].isalnum() and before.isalnum()) and not (text[end - 1].isalnum() and after.isalnum())


def _find(text: str, span: str, lo: int, hi: int) -> int:
    """Start of ``span`` in ``text[lo:hi]``, a whole-word occurrence first; -1 if absent."""
    first, i = -1, text.find(span, lo, hi)
    while i >= 0:
        if _bounded(text, i, i + len(span)):
            return i
        first = i if first < 0 else first
        i = text.find(span, i + 1, hi)
    return first


def _context(f: FilePositions, ids: Sequence[int], sentence: str) -> tuple[int, int] | None:
    """Text range of the finding's sentence(s): the bead's, else the sentence found by its text."""
    text = f.doc.text
    if ids:
        lo, hi = f.segments[ids[0]].start, f.segments[ids[-1]].end
        at = text.find(sentence, lo, hi) if sentence else -1  # a bead of several: narrow to the sentence
        return (at, at + len(sentence)) if at >= 0 else (lo, hi)
    if not sentence:
        return None
    seg = next((s for s in f.segments if s.text == sentence), None)  # a pair the aligner did not make
    if seg is not None:
        return seg.start, seg.end
    at = text.find(sentence)
    return (at, at + len(sentence)) if at >= 0 else None


def span_region(f: FilePositions, ids: Sequence[int], sentence: str, span: str) -> dict | None:
    """Region of ``span`` inside its sentence, else of the sentence(s) themselves."""
    where = _context(f, ids, sentence)
    if where is None:
        return None
    lo, hi = where
    at = _find(f.doc.text, span, lo, hi) if span else -1
    if at < 0 and span and ids:  # narrowed to the wrong sentence of a bead: try the whole bead
        at = _find(f.doc.text, span, f.segments[ids[0]].start, f.segments[ids[-1]].end)
    return f.region(at, at + len(span)) if at >= 0 else f.region(lo, hi)


def gap_region(f: FilePositions, r: RepostAudit, bead: int) -> dict | None:
    """Where the omitted bead's sentences would be: after the repost sentence before the gap."""
    # Walk out from the bead, not over all beads: a long repost can have thousands of omissions.
    for k in range(bead - 1, -1, -1):
        if r.beads[k].repost_ids:
            return f.insertion_point(f.segments[r.beads[k].repost_ids[-1]].end - 1, after=True)
    for k in range(bead + 1, len(r.beads)):
        if r.beads[k].repost_ids:
            return f.insertion_point(f.segments[r.beads[k].repost_ids[0]].start, after=False)
    return {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}  # a repost with no sentences


def bead_ids(r: RepostAudit, finding: Finding) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(reference ids, repost ids) of the finding's bead; empty when it has none (-1)."""
    if 0 <= finding.bead < len(r.beads):
        b = r.beads[finding.bead]
        return b.ref_ids, b.repost_ids
    return (), ()


def finding_positions(result: AuditResult) -> list[dict[str, int | None]]:
    """``repost_line``/``repost_column`` and ``ref_line``/``ref_column`` of every finding, in order.

    An omitted sentence's repost position is where it is missing; a finding
    with no position (HTML-extracted text, a whole-file finding) gets None, and
    so does every span of a document that was never a file (``encoding`` "str":
    ``audit pairs``' rows, whose shared reference is only a container of them).
    """
    ref = FilePositions.of(result.reference, result.reference_segments)
    out = []
    for r in result.reposts:
        rep = FilePositions.of(r.document, r.segments)
        for f in r.findings:
            where = _positions(f, r, rep, ref)
            for side, doc in (("repost", r.document), ("ref", result.reference)):
                if doc.encoding == IN_MEMORY:
                    where[f"{side}_line"] = where[f"{side}_column"] = None
            out.append(where)
    return out


def repost_region(f: Finding, r: RepostAudit, rep: FilePositions) -> dict | None:
    """The finding's region in the repost file; for an omitted sentence, where it is missing."""
    ref_ids, rep_ids = bead_ids(r, f)
    region = span_region(rep, rep_ids, f.repost_sentence, f.repost_span)
    if region is None and ref_ids and not rep_ids:  # omitted: nothing of it is in the repost
        region = gap_region(rep, r, f.bead)
    return region


def ref_region(f: Finding, r: RepostAudit, ref: FilePositions) -> dict | None:
    """The finding's region in the reference file."""
    return span_region(ref, bead_ids(r, f)[0], f.ref_sentence, f.ref_span)


def _positions(f: Finding, r: RepostAudit, rep: FilePositions, ref: FilePositions) -> dict[str, int | None]:
    region, ref_region_ = repost_region(f, r, rep), ref_region(f, r, ref)
    return {"repost_line": region["startLine"] if region else None,
            "repost_column": region["startColumn"] if region else None,
            "ref_line": ref_region_["startLine"] if ref_region_ else None,
            "ref_column": ref_region_["startColumn"] if ref_region_ else None}
