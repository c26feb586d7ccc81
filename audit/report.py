"""Reports at the edge: pandas tables, CSV files written atomically.

Column names are a contract other tools read; add columns, never rename.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .errors import OutputError
from .types import FINDING_KINDS, AuditResult, Bead, Segment

ALIGNMENT_COLUMNS = ["repost", "ref_ids", "repost_ids", "ref_text", "repost_text", "status",
                     "similarity", "chrf", "bleu", "moved"]
FINDING_COLUMNS = ["repost", "kind", "severity", "ref_text", "repost_text", "ref_sentence",
                   "repost_sentence", "score", "message", "fingerprint"]
SUMMARY_COLUMNS = (["repost", "coverage", "mean_similarity", "chrf", "bleu"]
                   + [f"n_{k}" for k in FINDING_KINDS] + ["verdict", "n_accepted"])


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
    from .baseline import fingerprint

    rows = [{
        "repost": r.name, "kind": f.kind, "severity": f.severity.value, "ref_text": f.ref_span,
        "repost_text": f.repost_span, "ref_sentence": f.ref_sentence, "repost_sentence": f.repost_sentence,
        "score": f.score, "message": f.message, "fingerprint": fingerprint(f, r.name),
    } for r in result.reposts for f in r.findings]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def summary_table(result: AuditResult) -> pd.DataFrame:
    rows = []
    for r in result.reposts:
        row = {"repost": r.name, "coverage": r.coverage, "mean_similarity": r.mean_similarity,
               "chrf": r.chrf, "bleu": r.bleu}
        for k in FINDING_KINDS:
            row[f"n_{k}"] = sum(f.kind == k for f in r.findings)
        row["verdict"] = r.verdict
        row["n_accepted"] = len(r.accepted)  # findings accepted by a baseline or inline comment: not above
        rows.append(row)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def check_writable(out_dir: Path) -> None:
    """Fail before any work is done if the reports could not be written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output directory {out_dir}: {exc.strerror}; pass -o with a writable directory") from exc
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK):
        raise OutputError(f"output directory {out_dir} is not writable; pass -o with a writable directory")


def write_files(files: dict[Path, str]) -> None:
    """Write every file to a temporary name first, then rename them all.

    A crash while writing leaves the old reports untouched, never half a CSV.
    """
    temps = []
    try:
        for path, content in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps.append((tmp, path))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; reports should read like any file
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(content)
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


FORMATS = ("csv", "json", "html")


def csv_files(result: AuditResult, out_dir: Path) -> dict[Path, str]:
    tables = {"alignment.csv": alignment_table(result), "findings.csv": findings_table(result),
              "summary.csv": summary_table(result)}
    files = {out_dir / name: df.to_csv(index=False) for name, df in tables.items()}
    files[out_dir / "signature.txt"] = result.signature + "\n"
    return files


def write_reports(result: AuditResult, out_dir: Path, formats: tuple[str, ...] = ("csv",)) -> list[Path]:
    """Render every requested format first, then rename them all into place together."""
    check_formats(formats)
    check_writable(out_dir)
    files: dict[Path, str] = {}
    if "csv" in formats:
        files.update(csv_files(result, out_dir))
    if "json" in formats:
        from .json_report import dumps

        files[out_dir / "report.json"] = dumps(result)
    if "html" in formats:
        from .html_report import html_filenames, render_html

        files.update({out_dir / name: render_html(result, i) for i, name in enumerate(html_filenames(result))})
    write_files(files)
    return list(files)


def check_formats(formats: tuple[str, ...]) -> None:
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        from .errors import ConfigError

        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, got {', '.join(bad) or 'nothing'}; "
                          "pass e.g. --format csv --format html")


def write_csv_reports(result: AuditResult, out_dir: Path) -> list[Path]:
    return write_reports(result, out_dir, ("csv",))
