"""The whole audit as one JSON document.

Built from the same tables as the CSV reports (:mod:`audit.report`), so the
fields and values match ``summary.csv``, ``alignment.csv`` and
``findings.csv``; the only differences are JSON's: sentence ids are lists of
integers instead of space-separated strings, and a missing score is ``null``.
Like the CSVs, this is a contract: keys are only ever added.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from .. import __version__
from .tables import alignment_table, check_writable, findings_table, summary_table, write_files
from ..types import AuditResult

FORMAT = "repost-audit"
FORMAT_VERSION = 1


def _records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain dicts with native Python values; NaN becomes None."""
    out = []
    for row in df.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if hasattr(v, "item"):  # numpy scalar
                v = v.item()
            if v is pd.NA or (isinstance(v, float) and math.isnan(v)):  # NA: a line number a finding lacks
                v = None
            clean[k] = v
        out.append(clean)
    return out


def _ids(value) -> list[int]:
    return [int(x) for x in str(value or "").split()]


def json_document(result: AuditResult) -> dict:
    """The reports as one JSON-ready dict.

    ``{"format", "format_version", "audit_version", "signature", "warnings",
    "reference", "reposts": [{"repost", "summary", "beads", "findings"}]}``.
    ``summary`` has the summary.csv columns; each bead the alignment.csv
    columns (without ``repost``); each finding the findings.csv columns plus
    ``bead``, the index into ``beads`` of the bead it is about (``null`` when it
    concerns two sentences the aligner did not pair).
    """
    summaries = _records(summary_table(result))
    beads = _records(alignment_table(result))
    findings = _records(findings_table(result))
    reposts = []
    b = f = 0
    for r, summary in zip(result.reposts, summaries):
        rows = []
        for row in beads[b:b + len(r.beads)]:
            row = {k: v for k, v in row.items() if k != "repost"}
            row["ref_ids"], row["repost_ids"] = _ids(row["ref_ids"]), _ids(row["repost_ids"])
            rows.append(row)
        b += len(r.beads)
        frows = []
        for row, finding in zip(findings[f:f + len(r.findings)], r.findings):
            frows.append({**row, "bead": finding.bead if finding.bead >= 0 else None})
        f += len(r.findings)
        reposts.append({"repost": r.name, "summary": summary, "beads": rows, "findings": frows})
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "audit_version": __version__,
        "signature": result.signature,
        "warnings": list(result.warnings),
        "reference": result.reference.path,
        "reposts": reposts,
    }


def dumps(result: AuditResult) -> str:
    # allow_nan=False: a stray NaN would make the file invalid JSON for strict readers.
    return json.dumps(json_document(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_json_report(result: AuditResult, path: Path) -> Path:
    """Write the document to ``path`` atomically (temporary name, then rename)."""
    path = Path(path)
    check_writable(path.parent)
    write_files({path: dumps(result)})
    return path
