"""Accepted findings: fingerprints, the baseline file and inline accept comments.

A finding's **fingerprint** is the sha256 of its kind, its reference span, its
repost span and the repost file's name stem, each span normalised (Unicode
NFKC, casefolded, whitespace collapsed, punctuation stripped at both ends). It
holds no line number or sentence index, so an edit elsewhere in the article
leaves the fingerprints of untouched findings as they were, and the same
defect in two reposts gives two fingerprints.

The **baseline file** (``--baseline FILE``) is JSON: a version number and the
accepted findings, sorted, one entry per fingerprint with a ``count`` (the same
span pair may occur more than once in one repost; occurrences beyond the count
are new). ``--update-baseline`` rewrites it from the current findings.

An **inline accept** is a whole line in the repost file, an HTML comment so it
stays invisible in Markdown and HTML::

    <!-- audit: accept mangled_name "Galano" -->
    <!-- audit: accept 3fa2c91b -->

The first form accepts every finding of that kind whose reference or repost span
is the quoted text (normalised as above); the second accepts the finding whose
fingerprint starts with the given hex prefix (at least 8 digits; findings.csv
lists fingerprints). Such lines are blanked before the repost is analysed.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError, OutputError
from .fingerprint import fingerprint, normalise, repost_key  # noqa: F401 (re-exported)
from .types import FINDING_KINDS, AuditResult, Document, Finding, RepostAudit

log = logging.getLogger("audit")

BASELINE_VERSION = 1
MIN_PREFIX = 8


# --------------------------------------------------------------------------
# the baseline file


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    repost: str  # name stem
    kind: str
    severity: str
    ref_text: str
    repost_text: str
    count: int = 1

    def as_json(self) -> dict:
        return {"fingerprint": self.fingerprint, "repost": self.repost, "kind": self.kind,
                "severity": self.severity, "ref_text": self.ref_text, "repost_text": self.repost_text,
                "count": self.count}


@dataclass(frozen=True)
class Baseline:
    entries: tuple[Entry, ...] = ()

    def counts(self) -> Counter[str]:
        return Counter({e.fingerprint: e.count for e in self.entries})

    def dumps(self) -> str:
        ordered = sorted(self.entries, key=lambda e: (e.repost, e.kind, normalise(e.ref_text),
                                                      normalise(e.repost_text), e.fingerprint))
        doc = {"version": BASELINE_VERSION, "tool": "audit",
               "findings": [e.as_json() for e in ordered]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: Path) -> Baseline:
    where = f"baseline file {path}"
    if not path.is_file():
        raise InputError(f"{where} not found; create it with --update-baseline or check the path")
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {where} ({exc}); check that it is a readable UTF-8 file") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{where} is not valid JSON ({exc}); fix it or rewrite it with --update-baseline") from exc
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION or not isinstance(doc.get("findings"), list):
        version = doc.get("version") if isinstance(doc, dict) else None
        raise InputError(f"{where} is not an audit baseline of version {BASELINE_VERSION} (version {version!r}); "
                         "rewrite it with --update-baseline")
    entries = []
    for i, row in enumerate(doc["findings"]):
        try:
            entries.append(Entry(fingerprint=str(row["fingerprint"]), repost=str(row.get("repost", "")),
                                 kind=str(row.get("kind", "")), severity=str(row.get("severity", "")),
                                 ref_text=str(row.get("ref_text", "")), repost_text=str(row.get("repost_text", "")),
                                 count=int(row.get("count", 1))))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"{where}: entry {i} has no usable fingerprint or count ({exc!r}); "
                             "rewrite it with --update-baseline") from exc
    return Baseline(tuple(entries))


def baseline_from(reposts: Iterable[RepostAudit], keep: Baseline | None = None) -> Baseline:
    """Every current finding; entries of ``keep`` for reposts not audited now are carried over."""
    reposts = list(reposts)
    found: dict[str, Entry] = {}
    for r in reposts:
        for f in r.findings:
            fp = fingerprint(f, r.name)
            if fp in found:
                found[fp] = replace(found[fp], count=found[fp].count + 1)
            else:
                found[fp] = Entry(fp, repost_key(r.name), f.kind, f.severity.value, f.ref_span, f.repost_span)
    audited = {repost_key(r.name) for r in reposts}
    kept = [e for e in (keep.entries if keep else ()) if e.repost not in audited and e.fingerprint not in found]
    return Baseline(tuple(found.values()) + tuple(kept))


def stale_entries(baseline: Baseline, reposts: Iterable[RepostAudit]) -> list[Entry]:
    """Entries for the audited reposts that no current finding uses any more (fixed, or text changed)."""
    reposts = list(reposts)
    audited = {repost_key(r.name) for r in reposts}
    current = Counter(fingerprint(f, r.name) for r in reposts for f in (*r.findings, *r.accepted))
    return [e for e in baseline.entries if e.repost in audited and current[e.fingerprint] < e.count]


def write_baseline(baseline: Baseline, path: Path) -> None:
    """Write atomically (temporary file, then rename)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(baseline.dumps())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write baseline file {path}: {exc.strerror or exc}; "
                          "pass --baseline with a writable path") from exc


# --------------------------------------------------------------------------
# inline accept comments

_DIRECTIVE = re.compile(r"^[ \t]*<!--[ \t]*audit[ \t]*:(.*?)-->[ \t]*\r?$", re.M | re.I)
_ACCEPT_KIND = re.compile(r'^\s*accept\s+([a-z_]+)\s+"(.+)"\s*$', re.S)
_ACCEPT_PREFIX = re.compile(r"^\s*accept\s+([0-9a-fA-F]{%d,64})\s*$" % MIN_PREFIX)


@dataclass(frozen=True)
class Accept:
    """One ``<!-- audit: accept ... -->`` line of a repost file."""

    path: str
    line: int
    kind: str = ""
    text: str = ""  # normalised
    prefix: str = ""  # lower-case fingerprint prefix

    def matches(self, f: Finding, repost: str) -> bool:
        if self.prefix:
            return fingerprint(f, repost).startswith(self.prefix)
        return f.kind == self.kind and self.text in (normalise(f.ref_span), normalise(f.repost_span))

    def describe(self) -> str:
        return self.prefix or f'{self.kind} "{self.text}"'


def parse_accepts(raw: str, path: str) -> tuple[list[Accept], str]:
    """The accept comments of a file, and its text with those lines blanked (same length, so offsets hold)."""
    accepts = []
    for m in _DIRECTIVE.finditer(raw):
        line = raw.count("\n", 0, m.start()) + 1
        body = m.group(1)
        if (k := _ACCEPT_KIND.match(body)):
            if k.group(1) not in FINDING_KINDS:
                raise InputError(f"{path}:{line}: unknown finding kind {k.group(1)!r} in audit accept comment; "
                                 f"use one of {', '.join(FINDING_KINDS)}")
            accepts.append(Accept(path, line, kind=k.group(1), text=normalise(k.group(2))))
        elif (p := _ACCEPT_PREFIX.match(body)):
            accepts.append(Accept(path, line, prefix=p.group(1).lower()))
        else:
            raise InputError(f"{path}:{line}: cannot read audit comment {m.group(0).strip()!r}; write "
                             f'<!-- audit: accept KIND "TEXT" --> or <!-- audit: accept FINGERPRINT-PREFIX --> '
                             f"(at least {MIN_PREFIX} hex digits)")
    if not accepts:
        return [], raw
    blanked = _DIRECTIVE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), raw)
    return accepts, blanked


def read_repost(path: str | Path, *, name: str | None = None,
                max_input_mb: float | None = None) -> tuple[Document, list[Accept]]:
    """Read a repost like :func:`audit.ingest.read_document`, taking out its accept comments."""
    from .ingest import decode
    from .ingest import read as ingest

    limit = decode.DEFAULT_MAX_INPUT_MB if max_input_mb is None else max_input_mb
    doc = ingest.read_document(path, name=name, max_input_mb=limit)
    if "audit" not in doc.raw or not _DIRECTIVE.search(doc.raw):
        return doc, []
    accepts, blanked = parse_accepts(doc.raw, doc.path)
    p = Path(path)
    # Rebuild from the blanked text with the same decoding; the blanks keep every offset into the file.
    decoded = decode._decode(decode._read_bytes(p), str(p))
    rebuilt = ingest._build(blanked, kind=ingest._kind_for(p, blanked), where=str(p), shown=doc.path,
                            encoding=decoded.encoding, warnings=decoded.warnings, presegmented=False)
    return rebuilt, accepts


# --------------------------------------------------------------------------
# applying accepts and a baseline to a result


def accept_findings(
    result: AuditResult,
    *,
    fail_on: str,
    baseline: Baseline | None = None,
    inline: dict[str, Sequence[Accept]] | None = None,
) -> AuditResult:
    """Move accepted findings out of ``findings`` into ``accepted`` and recompute each verdict.

    ``inline`` maps a repost name to its accept comments. Comments that accept
    nothing are reported as warnings (remove them).
    """
    from .pipeline import verdict

    budget = baseline.counts() if baseline else Counter()
    reposts = []
    for r in result.reposts:
        accepts = list((inline or {}).get(r.name, ()))
        used: set[Accept] = set()
        keep: list[Finding] = []
        accepted: list[Finding] = list(r.accepted)
        for f in r.findings:
            hit = next((a for a in accepts if a.matches(f, r.name)), None)
            fp = fingerprint(f, r.name) if hit is None else ""
            if hit is not None:
                used.add(hit)
                accepted.append(f)
            elif budget[fp] > 0:
                budget[fp] -= 1
                accepted.append(f)
            else:
                keep.append(f)
        for a in accepts:
            if a not in used:
                log.warning(f"{a.path}:{a.line}: audit accept {a.describe()} matches no finding; remove the comment")
        reposts.append(replace(r, findings=tuple(keep), accepted=tuple(accepted), verdict=verdict(keep, fail_on)))
    return replace(result, reposts=tuple(reposts))

