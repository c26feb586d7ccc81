"""The findings themselves, one line each, for the terminal and ``--format text``.

Vale, ruff and pytest show the problems first and the counts last; so does
this: under each repost, the findings at or above the fail-on severity (and
the level below it, dimmed on a terminal), grouped by kind with errors first,
each as ``line:col severity kind  reference → repost  (reason)``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..types import AuditResult, Finding, Severity
from .locations import FilePositions, repost_region

LIMIT = 20  # lines per repost before "… N more in findings.csv"
_SPAN = 40  # characters of a span; a whole omitted sentence would push the reason off screen
_REASON = 56


def shown(findings: list[Finding], fail_on: str) -> list[Finding]:
    """The findings worth a line: at or above ``fail_on`` and one level below, errors first."""
    bar = Severity.ERROR.rank if fail_on == "never" else Severity(fail_on).rank
    keep = [f for f in findings if f.severity.rank >= bar - 1]
    first = {}
    for f in sorted(keep, key=lambda f: -f.severity.rank):
        first.setdefault(f.kind, len(first))
    return sorted(keep, key=lambda f: (first[f.kind], -f.severity.rank, -(f.confidence or 0)))


def lines(result: AuditResult, fail_on: str, limit: int = LIMIT) -> Iterator[tuple[str, bool]]:
    """(text, dim) for every line of the listing; ``dim`` marks findings below ``fail_on``."""
    bar = Severity.ERROR.rank if fail_on == "never" else Severity(fail_on).rank
    for r in result.reposts:
        found = shown(list(r.findings), fail_on)
        if not found:
            continue
        rep = FilePositions.of(r.document, r.segments)
        yield f"{Path(r.name).name} ({r.relation.kind}, {len(r.findings)} finding(s))", False
        for f in found[:limit]:
            yield "  " + _line(f, r, rep), f.severity.rank < bar
        if len(found) > limit:
            yield f"  … {len(found) - limit} more in findings.csv", False


def _line(f: Finding, r, rep: FilePositions) -> str:
    region = repost_region(f, r, rep)
    where = f"{region['startLine']}:{region['startColumn']}" if region else "-"
    conf = "" if f.confidence is None else f" {f.confidence:.2f}"
    spans = f"{_clip(f.ref_span) or '∅'} → {_clip(f.repost_span) or '∅'}"
    return f"{where:>8} {f.severity.value:7} {f.kind:16}{conf}  {spans}  ({_reason(f.message)})"


def _clip(text: str, width: int = _SPAN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _reason(message: str) -> str:
    """The message's first clause: the why, without the evidence that follows."""
    return _clip(message.split("; ")[0], _REASON)


def fail_on_of(result: AuditResult) -> str:
    """The fail-on the result was judged with, read back from its signature (``…,fail_on=error|…``)."""
    m = re.search(r"fail_on=(\w+)", result.signature)
    return m.group(1) if m else "error"


def text_report(result: AuditResult, fail_on: str) -> str:
    """The listing as plain text (``--format text``), with no limit per repost."""
    out = [text for text, _ in lines(result, fail_on, limit=10**9)]
    return "\n".join(out) + ("\n" if out else "")
