"""The terminal summary (rich); colour only when stdout is a terminal."""
from __future__ import annotations

from pathlib import Path

from ..types import AuditResult


def print_summary(result: AuditResult, out_dir: Path | None = None, listing: bool = True) -> None:
    """The findings listing (unless ``listing`` is off: ``-q``), then one row per repost."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped or logged: no colour, and no squeezing into 80 columns
        console = Console(width=140)
    table = Table(title="audit summary", title_justify="left")
    for col in ("repost", "relation", "coverage", "similarity", "chrF", "BLEU", "errors", "warnings", "verdict"):
        if col == "repost":
            table.add_column(col, no_wrap=True, overflow="ellipsis", max_width=36)
        else:
            table.add_column(col, justify="right", no_wrap=True, min_width=len(col))
    for r in result.reposts:
        errors = sum(f.severity.value == "error" for f in r.findings)
        warnings = sum(f.severity.value == "warning" for f in r.findings)
        style = "red" if r.verdict == "fail" else "green"
        table.add_row(Path(r.name).name, r.relation.kind, f"{r.coverage:.0%}", f"{r.mean_similarity:.2f}", f"{r.chrf:.1f}",
                      f"{r.bleu:.1f}", str(errors), str(warnings), f"[{style}]{r.verdict}[/{style}]")
    if listing:
        _print_findings(console, result)
    console.print(table)
    accepted = sum(len(r.accepted) for r in result.reposts)
    if accepted:
        console.print(f"{accepted} accepted finding(s) (baseline or inline accept) not counted")
    if out_dir is not None and listing:
        console.print(f"reports written to {out_dir}/")


def _print_findings(console, result: AuditResult) -> None:
    """What is wrong, before the counts: one line per finding (see :mod:`audit.report.listing`)."""
    from rich.text import Text

    from .listing import fail_on_of, lines

    for text, dim in lines(result, fail_on_of(result)):
        console.print(Text(text, style="dim" if dim else ""), soft_wrap=True)
