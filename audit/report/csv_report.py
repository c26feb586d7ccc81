"""The CSV report set: alignment.csv, findings.csv, summary.csv and signature.txt.

The columns are those of :mod:`audit.report.tables` (a contract other tools
read); this module only turns the tables into file contents.
"""
from __future__ import annotations

from ..types import AuditResult
from .tables import alignment_table, findings_table, summary_table


def csv_files(result: AuditResult) -> dict[str, str]:
    """File name -> content of the CSV set of ``result``."""
    tables = {"alignment.csv": alignment_table(result), "findings.csv": findings_table(result),
              "summary.csv": summary_table(result)}
    files = {name: df.to_csv(index=False) for name, df in tables.items()}
    files["signature.txt"] = result.signature + "\n"
    return files
