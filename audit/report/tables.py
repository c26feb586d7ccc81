"""Reports at the edge: the pandas tables every writer builds on, and single files written atomically.

Column names are a contract other tools read; add columns, never rename.
This module knows no report format: the writers (:mod:`audit.report.writers`)
import it, never the other way round.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import OutputError
# check_writable, check_output_dir and write_set live in files.py (no pandas there); older callers import them from here.
from .files import check_output_dir, check_writable, write_set  # noqa: F401
from ..types import FINDING_KINDS, AuditResult, Bead, Segment

ALIGNMENT_COLUMNS = ["repost", "ref_ids", "repost_ids", "ref_text", "repost_text", "status",
                     "similarity", "chrf", "bleu", "moved"]
FINDING_COLUMNS = ["repost", "kind", "severity", "ref_text", "repost_text", "ref_sentence",
                   "repost_sentence", "score", "message", "fingerprint", "confidence", "rule",
                   "repost_line", "repost_column", "ref_line", "ref_column"]
POSITION_COLUMNS = ("repost_line", "repost_column", "ref_line", "ref_column")
SUMMARY_COLUMNS = (["repost", "coverage", "mean_similarity", "chrf", "bleu"]
                   + [f"n_{k}" for k in FINDING_KINDS] + ["verdict", "n_accepted",
                                                          "relation", "repost_coverage", "relation_evidence",
                                                          "reference_lang", "repost_lang"])


def bead_status(bead: Bead, ref: Sequence[Segment], repost: Sequence[Segment]) -> str:
    if (bead.ref_ids and ref[bead.ref_ids[0]].is_boilerplate) or (
            bead.repost_ids and repost[bead.repost_ids[0]].is_boilerplate):
        return "boilerplate"
    return "match" if bead.ref_ids and bead.repost_ids else "omitted" if bead.ref_ids else "added"


def _bead_row(bead: Bead, ref: Sequence[Segment], repost: Sequence[Segment]) -> dict:
    return {
        "ref_ids": " ".join(map(str, bead.ref_ids)),
        "repost_ids": " ".join(map(str, bead.repost_ids)),
        "ref_text": " ".join(ref[i].text for i in bead.ref_ids),
        "repost_text": " ".join(repost[j].text for j in bead.repost_ids),
        "status": bead_status(bead, ref, repost),
    }


def bead_rows(ref: Sequence[Segment], repost: Sequence[Segment], beads: Sequence[Bead]) -> pd.DataFrame:
    """Beads alone (``audit align``): the alignment.csv columns that need no scoring."""
    rows = [{**_bead_row(b, ref, repost), "similarity": round(b.score, 4) if b.ref_ids and b.repost_ids else None,
             "moved": bool(b.moved)} for b in beads]
    return pd.DataFrame(rows, columns=["ref_ids", "repost_ids", "ref_text", "repost_text", "status",
                                       "similarity", "moved"])


def alignment_table(result: AuditResult) -> pd.DataFrame:
    rows = []
    for r in result.reposts:
        for b, s in zip(r.beads, r.scores):
            rows.append({
                "repost": r.name, **_bead_row(b, result.reference_segments, r.segments),
                "similarity": s.similarity if s else None,
                "chrf": s.chrf if s else None,
                "bleu": s.bleu if s else None,
                "moved": bool(b.moved),
            })
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)


def findings_table(result: AuditResult) -> pd.DataFrame:
    from ..fingerprint import fingerprint

    from .locations import finding_positions

    findings = [(r, f) for r in result.reposts for f in r.findings]
    rows = [{
        "repost": r.name, "kind": f.kind, "severity": f.severity.value, "ref_text": f.ref_span,
        "repost_text": f.repost_span, "ref_sentence": f.ref_sentence, "repost_sentence": f.repost_sentence,
        "score": f.score, "message": f.message, "fingerprint": fingerprint(f, r.name),
        "confidence": f.confidence, "rule": f.rule, **where,
    } for (r, f), where in zip(findings, finding_positions(result))]
    table = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for col in POSITION_COLUMNS:  # whole numbers, empty where a finding has no position
        table[col] = table[col].astype("Int64")
    return table


def summary_table(result: AuditResult) -> pd.DataFrame:
    rows = []
    for r in result.reposts:
        row = {"repost": r.name, "coverage": r.coverage, "mean_similarity": r.mean_similarity,
               "chrf": r.chrf, "bleu": r.bleu}
        for k in FINDING_KINDS:
            row[f"n_{k}"] = sum(f.kind == k for f in r.findings)
        row["verdict"] = r.verdict
        row["n_accepted"] = len(r.accepted)  # findings accepted by a baseline or inline comment: not above
        row["relation"] = r.relation.kind
        row["repost_coverage"] = r.relation.repost_coverage
        row["relation_evidence"] = r.relation.evidence
        row["reference_lang"], row["repost_lang"] = r.languages
        rows.append(row)
    # A plug-in check's own kinds get their counts after the built-in columns (columns are only added).
    extra = list(dict.fromkeys(f.kind for r in result.reposts for f in r.findings if f.kind not in FINDING_KINDS))
    for row, r in zip(rows, result.reposts):
        row.update({f"n_{k}": sum(f.kind == k for f in r.findings) for k in extra})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS + [f"n_{k}" for k in extra])


def write_files(files: dict[Path, str | bytes]) -> None:
    """Write single files (``audit align -o``, one JSON or HTML report): temporary name, then rename.

    A crash while writing leaves the old file untouched, never half a CSV. Report *sets* go
    through ``write_set`` instead, which also swaps the files together.
    """
    temps = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)  # check_writable no longer creates it
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps.append((tmp, path))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports should read like any file
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise OutputError(f"cannot write reports to {path.parent}: {exc.strerror}; pass -o with a writable directory") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
