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

import json
import math
from collections.abc import Sequence
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..fingerprint import fingerprint
from ..types import FINDING_KINDS, AuditResult, Finding, RepostAudit
from .locations import FilePositions, ref_region, repost_region

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


def _result(finding: Finding, r: RepostAudit, rep: FilePositions, ref: FilePositions, rule_index: int, ref_uri: str) -> dict:
    region = repost_region(finding, r, rep)
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
    related = ref_region(finding, r, ref)
    if related is not None:
        out["relatedLocations"] = [{"id": 1, "message": {"text": "the reference's text"},
                                    **_location(ref_uri, related)}]
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
    ref = FilePositions.of(result.reference, result.reference_segments)
    ref_uri = artifact_uri(result.reference.path)
    results = []
    for r in result.reposts:
        rep = FilePositions.of(r.document, r.segments)  # line starts once per file, not once per finding
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
