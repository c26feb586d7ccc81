"""``audit check``: audit every translated article of a folder against its reference.

Naming convention: ``<name>.<tag>.<ext>`` is a repost of ``<name>.<ext>`` in
the same folder (``story.md`` is the reference of ``story.fr-en.md`` and
``story.mt.txt``); ``<name>`` is everything before the first dot, ``<ext>`` any
article extension (.txt, .md, .markdown, .html, .htm). Sub-folders are searched
too, except hidden ones (``.git``, ``.venv``), ``_*``, ``node_modules``,
``venv``, ``site-packages`` and the output folder. Articles without reposts,
reposts without a reference, and README/LICENSE/CHANGELOG files are skipped.

A mapping file replaces the convention: TOML (``"story.md" = ["a.md", "b.txt"]``)
or CSV with columns ``reference,repost`` (one row per repost); paths are
relative to the mapping file.

:func:`audit_groups` is shared with ``audit run`` (one group): it reads every
input first, loads nothing twice, applies inline accepts and the baseline,
and writes each group's reports.
"""
from __future__ import annotations

import csv
import io
import logging
import os
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, InputError
from .types import AuditResult

log = logging.getLogger("audit")

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
SKIP_DIRS = frozenset({"node_modules", "venv", "site-packages", "__pycache__"})
SKIP_STEMS = ("README", "LICENSE", "CHANGELOG")
# Text (characters) of the inputs read for validation that is kept for the audit;
# beyond it a file is read again when audited (a few big files never pile up).
KEEP_READ_CHARS = 8_000_000


@dataclass(frozen=True)
class Group:
    """One reference, its reposts and the folder its reports go to."""

    reference: Path
    reposts: tuple[Path, ...]
    output: Path


# --------------------------------------------------------------------------
# finding the groups


def is_article(name: str) -> bool:
    """Whether a file of this name is an article to audit (not hidden, a text suffix, not a README, LICENSE or CHANGELOG)."""
    return (not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES
            and not name.upper().startswith(SKIP_STEMS))


def discover(root: Path, *, exclude: Sequence[Path] = ()) -> dict[Path, list[Path]]:
    """References and their reposts under ``root`` by the naming convention."""
    if not root.is_dir():
        raise InputError(f"{root} is not a directory; pass the folder that holds the articles, or use --mapping")
    skip = {p.resolve() for p in exclude}
    found: dict[Path, list[Path]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d not in SKIP_DIRS
                             and (here / d).resolve() not in skip)
        articles = sorted(f for f in filenames if is_article(f))
        refs: dict[str, list[str]] = {}
        for f in articles:
            if f.count(".") == 1:
                refs.setdefault(f.split(".", 1)[0], []).append(f)
        for f in articles:
            if f.count(".") < 2:
                continue
            base = f.split(".", 1)[0]
            candidates = refs.get(base, [])
            if len(candidates) > 1:
                raise InputError(f"{here / f} could be a repost of any of {', '.join(candidates)} in {here}; "
                                 "keep one reference per name or pass --mapping")
            if candidates:
                found.setdefault(here / candidates[0], []).append(here / f)
    return found


def read_mapping(path: Path) -> dict[Path, list[Path]]:
    """reference -> reposts from a TOML or CSV mapping file (paths relative to the file)."""
    if not path.is_file():
        raise ConfigError(f"mapping file not found: {path}; pass a .toml or .csv file to --mapping")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read mapping file {path} ({exc}); save it as UTF-8 text") from exc
    base = path.parent
    pairs: list[tuple[str, str]] = []
    if path.suffix.lower() == ".toml":
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"mapping file {path} is not valid TOML ({exc}); write lines like "
                              '"story.md" = ["story.fr.md"]') from exc
        for ref, reposts in table.items():
            items = [reposts] if isinstance(reposts, str) else reposts
            if not isinstance(items, list) or not items or not all(isinstance(x, str) for x in items):
                raise ConfigError(f"{path}: {ref!r} = {reposts!r}: must be a repost path or a list of them; "
                                  f'write e.g. "{ref}" = ["{Path(ref).stem}.fr.md"]')
            pairs += [(ref, x) for x in items]
    elif path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        cols = {c.strip().lower() for c in (rows[0].keys() if rows else ())}
        if not {"reference", "repost"} <= cols:
            raise ConfigError(f"mapping file {path} needs the columns reference,repost (has {', '.join(sorted(cols)) or 'none'}); "
                              "add a header line reference,repost")
        for row in rows:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if row["reference"] and row["repost"]:
                pairs.append((row["reference"], row["repost"]))
    else:
        raise ConfigError(f"mapping file {path} has unsupported extension {path.suffix!r}; use .toml or .csv")
    if not pairs:
        raise ConfigError(f"mapping file {path} maps no reference to any repost; add reference,repost entries")
    out: dict[Path, list[Path]] = {}
    for ref, rep in pairs:
        out.setdefault(base / ref, []).append(base / rep)
    return out


def make_groups(found: dict[Path, list[Path]], root: Path, output: Path) -> list[Group]:
    """Give each reference its report folder: ``output/<reference path under root, no extension>``."""
    groups: list[Group] = []
    seen: dict[Path, Path] = {}
    for ref in sorted(found):
        try:
            rel = ref.resolve().relative_to(root.resolve()).with_suffix("")
        except ValueError:
            rel = Path(ref.stem)
        out = output / rel
        if out in seen:
            raise ConfigError(f"references {seen[out]} and {ref} would both write reports to {out}; "
                              "rename one of them")
        seen[out] = ref
        groups.append(Group(ref, tuple(dict.fromkeys(found[ref])), out))
    return groups


# --------------------------------------------------------------------------
# auditing groups (audit run and audit check)


class _Inputs:
    """Every input read up front (so a bad one fails before the model loads), and kept while small.

    What was read is kept for the audit only up to ``KEEP_READ_CHARS`` of text in
    all; the rest is read again when its turn comes, so memory holds one big
    repost at a time, not all of them.
    """

    def __init__(self, groups: Sequence[Group], max_input_mb: float) -> None:
        self.mb = max_input_mb
        self.kept: dict[tuple[int, Path], object] = {}  # (group, path) -> what reading it gave
        budget = KEEP_READ_CHARS
        for n, g in enumerate(groups):
            for path, repost in [(g.reference, False), *((p, True) for p in g.reposts)]:
                got = self.read(path, repost)
                size = len((got[0] if repost else got).raw)  # type: ignore[index,union-attr]
                if size <= budget:
                    self.kept[(n, path)] = got
                    budget -= size

    def read(self, path: Path, repost: bool):
        from .baseline import read_repost
        from .ingest.read import read_document

        return read_repost(path, max_input_mb=self.mb) if repost else read_document(path, max_input_mb=self.mb)

    def load(self, n: int, path: Path, repost: bool = False):
        got = self.kept.pop((n, path), None)
        return got if got is not None else self.read(path, repost)


def audit_groups(
    groups: Sequence[Group],
    *,
    settings,
    embedder_factory: Callable[[], object],
    run_audit: Callable[..., AuditResult],
    update_baseline: bool = False,
    formats: tuple[str, ...] = ("csv",),
) -> list[tuple[Group, AuditResult]]:
    """Audit each group with one embedder; apply inline accepts and the baseline; write the reports.

    Every input, the names file and the baseline are read, and every output
    folder checked, before the model is loaded, so a bad input costs nothing.
    """
    from .baseline import accept_findings
    from .checks.names import load_name_book
    from .report import check_formats, check_output_dir

    config = settings.config
    check_formats(formats)
    old = _baseline_before(settings, update_baseline)
    inputs = _Inputs(groups, config.max_input_mb)
    book = load_name_book(settings.names) if settings.names else None
    for g in groups:
        check_output_dir(g.output)
    embedder = embedder_factory()

    results = []
    for n, g in enumerate(groups):
        inline: dict[str, list] = {}

        def reposts(n=n, g=g, inline=inline):
            for p in g.reposts:  # read one at a time, as the audit reaches it
                doc, acc = inputs.load(n, p, repost=True)
                if acc:
                    inline[doc.path] = acc
                yield doc

        result = run_audit(inputs.load(n, g.reference), reposts(), embedder=embedder, config=config, book=book)
        results.append((g, accept_findings(result, fail_on=config.fail_on, inline=inline)))
    return _apply_baseline_and_write(results, old, settings, update_baseline, formats)


def _baseline_before(settings, update_baseline: bool):
    """The baseline as it is before this run (None when there is none yet, or none at all)."""
    from .baseline import load_baseline

    if update_baseline and settings.baseline is None:
        raise ConfigError("--update-baseline needs a file: pass --baseline FILE (or set baseline in audit.toml)")
    if settings.baseline is not None and not (update_baseline and not settings.baseline.exists()):
        return load_baseline(settings.baseline)
    return None


def _apply_baseline_and_write(results, old, settings, update_baseline: bool, formats: tuple[str, ...]):
    from .baseline import accept_findings, baseline_from, stale_entries, write_baseline
    from .report import write_reports

    if update_baseline:
        old = baseline_from((r for _, res in results for r in res.reposts), keep=old)
        write_baseline(old, settings.baseline)
    final = []
    for g, result in results:
        if old is not None:
            result = accept_findings(result, fail_on=settings.config.fail_on, baseline=old)
        write_reports(result, g.output, formats)
        final.append((g, result))
    if old is not None and not update_baseline:
        _warn_stale(stale_entries(old, (r for _, res in final for r in res.reposts)), settings.baseline)
    return final


def _warn_stale(stale, path) -> None:
    """Accepted findings that are gone would silently accept their return: say so."""
    if stale:
        e = stale[0]
        example = f"{e.kind} '{e.ref_text or e.repost_text}' in {e.repost}"
        log.warning(f"baseline {path}: {len(stale)} accepted finding(s) no longer occur (e.g. {example}); "
                    "run with --update-baseline to drop them")
