"""Stage 7, report: an ``AuditResult`` -> CSV, JSON, HTML, SARIF (and the terminal), written as one set.

Formats are writers in a registry (:mod:`audit.report.writers`); plug-ins join
through the ``audit.formats`` entry point. Layers, lowest first: ``files``
(atomic report sets) and ``tables`` (pandas tables) know no format; the
``*_report`` modules render one format each; ``writers`` names them. Importing
this package imports no pandas.
"""
from __future__ import annotations

from typing import Any

from .files import check_output_dir, check_writable, write_set
from .writers import (Writer, available, check_formats, get, names, register, render_reports, unregister,
                      write_csv_reports, write_reports)

__all__ = ["FORMATS", "Writer", "available", "check_formats", "check_output_dir", "check_writable", "get",
           "names", "register", "render_reports", "unregister", "write_csv_reports", "write_reports",
           "write_set"]


def __getattr__(attr: str) -> Any:
    # FORMATS follows the registry (a plug-in may add to it), so it is computed when read.
    if attr == "FORMATS":
        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")
