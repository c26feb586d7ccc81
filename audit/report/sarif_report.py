"""The findings as a SARIF 2.1.0 log (``report.sarif``), for code-scanning tools and editors.

One run. ``tool.driver`` is ``audit`` with one rule per finding kind; each
finding is a result whose ``ruleId`` is its kind, whose level is its severity
(info -> ``note``) and whose location is in the *repost* file, the artifact
being audited, so every result sits on the file a reader would fix:

* a finding with a span in the repost (a name, a number, a drifted sentence)
  points at that span, found inside its sentence; a span the sentence does not
  contain verbatim points at the bead's whole repost sentence(s), and so does a
  finding without a repost span whose bead has repost sentences (a dropped
  clause);
* an omitted sentence has nothing in the repost to point at: its region is an
  empty insertion point where the sentence is missing, just after the repost
  sentence before the gap (before the next one at the start of the file);
* the reference sentence or span, where there is one, is a ``relatedLocation``
  in the reference file, so the omitted text is one click away;
* a finding about the whole file (``unrelated_repost``), or text with no
  position in the raw file (extracted from HTML), has a location without a region.

Lines and columns are 1-based and count Unicode code points (``columnKind``
``unicodeCodePoints``) in ``Document.raw``, the decoded file without its BOM;
CR, LF and CRLF end lines. ``partialFingerprints`` carries the same
fingerprint as findings.csv and the baseline; ``run.properties.signature``
the run's signature. Findings accepted by a baseline or an inline comment are
left out, as they are from findings.csv.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..fingerprint import fingerprint
from ..types import FINDING_KINDS, AuditResult, Document, Finding, RepostAudit, Segment

SARIF_VERSION = "2.1.0"
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "auditFingerprint/v1"  # "/v1": SARIF's convention for a fingerprint's version
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: kind -> (short description, default level). Levels are the defaults before [severity] overrides.
RULES: dict[str, tuple[str, str]] = {
    "omitted_sentence": ("A reference sentence has no counterpart in the repost.", "error"),
    "added_sentence": ("The repost has a sentence the reference does not.", "warning"),
    "semantic_drift": ("A matched sentence says something other than the reference.", "warning"),
    "mangled_name": ("A name is misspelled in the repost.", "error"),
    "name_variant": ("A name is spelled in another accepted form.", "note"),
    "number_mismatch": ("A number, amount or date differs from the reference.", "error"),
    "dropped_clause": ("Part of a reference sentence is missing from the repost.", "warning"),
    "unrelated_repost": ("The file is not a repost of the reference.", "error"),
}
_NEWLINE = re.compile(r"\r\n|\r|\n")


# --------------------------------------------------------------------------- positions in a file


@dataclass(frozen=True)
class _File:
    """One audited file: its document, its sentences, and where its raw lines start."""

    doc: Document
    segments: Sequence[Segment]
    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, doc: Document, segments: Sequence[Segment]) -> _File:
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


def _context(f: _File, ids: Sequence[int], sentence: str) -> tuple[int, int] | None:
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


def _span_region(f: _File, ids: Sequence[int], sentence: str, span: str) -> dict | None:
    """Region of ``span`` inside its sentence, else of the sentence(s) themselves."""
    where = _context(f, ids, sentence)
    if where is None:
        return None
    lo, hi = where
    at = _find(f.doc.text, span, lo, hi) if span else -1
    if at < 0 and span and ids:  # narrowed to the wrong sentence of a bead: try the whole bead
        at = _find(f.doc.text, span, f.segments[ids[0]].start, f.segments[ids[-1]].end)
    return f.region(at, at + len(span)) if at >= 0 else f.region(lo, hi)


def _gap_region(f: _File, r: RepostAudit, bead: int) -> dict | None:
    """Where the omitted bead's sentences would be: after the repost sentence before the gap."""
    # Walk out from the bead, not over all beads: a long repost can have thousands of omissions.
    for k in range(bead - 1, -1, -1):
        if r.beads[k].repost_ids:
            return f.insertion_point(f.segments[r.beads[k].repost_ids[-1]].end - 1, after=True)
    for k in range(bead + 1, len(r.beads)):
        if r.beads[k].repost_ids:
            return f.insertion_point(f.segments[r.beads[k].repost_ids[0]].start, after=False)
    return {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}  # a repost with no sentences


# --------------------------------------------------------------------------- results


def artifact_uri(path: str) -> str:
    """A file path as SARIF wants it: relative paths stay relative (as given), absolute ones are file: URIs."""
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(PurePath(path).as_posix())  # "a b:c.txt" -> "a%20b%3Ac.txt", never read as a scheme


def _location(uri: str, region: dict | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": uri}}
    if region is not None:
        physical["region"] = region
    return {"physicalLocation": physical}


def _bead_ids(r: RepostAudit, finding: Finding) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(reference ids, repost ids) of the finding's bead; empty when it has none (-1)."""
    if 0 <= finding.bead < len(r.beads):
        b = r.beads[finding.bead]
        return b.ref_ids, b.repost_ids
    return (), ()


def _result(finding: Finding, r: RepostAudit, rep: _File, ref: _File, rule_index: int, ref_uri: str) -> dict:
    ref_ids, rep_ids = _bead_ids(r, finding)
    region = _span_region(rep, rep_ids, finding.repost_sentence, finding.repost_span)
    if region is None and ref_ids and not rep_ids:  # omitted: nothing of it is in the repost
        region = _gap_region(rep, r, finding.bead)
    out = {
        "ruleId": finding.kind, "ruleIndex": rule_index, "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message or finding.kind.replace("_", " ")},
        "locations": [_location(artifact_uri(r.name), region)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, r.name)},
        "properties": {"severity": finding.severity.value, "score": _number(finding.score),
                       "confidence": None if finding.confidence is None else _number(finding.confidence),
                       "rule": finding.rule,
                       "refText": finding.ref_span, "repostText": finding.repost_span},
    }
    ref_region = _span_region(ref, ref_ids, finding.ref_sentence, finding.ref_span)
    if ref_region is not None:
        out["relatedLocations"] = [{"id": 1, "message": {"text": "the reference's text"},
                                    **_location(ref_uri, ref_region)}]
    return out


def _number(value: float) -> float | None:
    value = float(value)  # checks may hand numpy floats, which json cannot write
    return value if math.isfinite(value) else None


def _rules(kinds: Sequence[str]) -> list[dict]:
    rules = []
    for kind in kinds:
        text, level = RULES.get(kind, (f"{kind.replace('_', ' ')} (a plug-in check's finding).", "warning"))
        rules.append({"id": kind, "name": "".join(w.capitalize() for w in kind.split("_")),
                      "shortDescription": {"text": text}, "defaultConfiguration": {"level": level}})
    return rules


def sarif_document(result: AuditResult) -> dict:
    """The SARIF log of ``result`` as a JSON-ready dict."""
    kinds = list(dict.fromkeys([*FINDING_KINDS, *(f.kind for r in result.reposts for f in r.findings)]))
    index = {k: i for i, k in enumerate(kinds)}
    ref = _File.of(result.reference, result.reference_segments)
    ref_uri = artifact_uri(result.reference.path)
    results = []
    for r in result.reposts:
        rep = _File.of(r.document, r.segments)  # line starts once per file, not once per finding
        results += [_result(f, r, rep, ref, index[f.kind], ref_uri) for f in r.findings]
    # warnings are the tool's notifications (a file that needed repair, a model reading only 256 tokens)
    notes = [{"level": "warning", "message": {"text": w}} for w in result.warnings]
    run = {
        "tool": {"driver": {"name": "audit", "version": __version__, "semanticVersion": __version__,
                            "rules": _rules(kinds)}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"signature": result.signature, "reference": result.reference.path,
                       "accepted": sum(len(r.accepted) for r in result.reposts)},
    }
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def dumps(result: AuditResult) -> str:
    # allow_nan=False: a stray NaN would make the file invalid JSON for strict readers.
    return json.dumps(sarif_document(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
