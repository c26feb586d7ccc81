"""Which report formats exist: the built-ins, those registered in code, and plug-ins.

As sacrebleu keeps its metrics by name, report writers are kept here by name;
``--format NAME`` picks them. A writer has a ``name`` and ``render(result)``,
which returns file name -> content; :func:`write_reports` renders every
requested format and swaps the files into the output folder as one set. A
package adds a format by declaring an entry point in the group ``audit.formats``::

    [project.entry-points."audit.formats"]
    xliff = "newsroom_reports:XliffWriter"

The object named may be a :class:`Writer` subclass, an instance, or any object
with ``name`` and ``render``. A plug-in is imported only when its format is
asked for, so a broken one fails the runs that use it (with a ConfigError
naming it) and no others. Built-in names cannot be taken over by entry points.

This module imports no pandas and no writer module until a format renders:
the CLI reads :func:`names` for its ``--format`` help on every start.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import ConfigError
from .files import MANIFEST, check_output_dir, write_set

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from ..types import AuditResult

ENTRY_POINT_GROUP = "audit.formats"
log = logging.getLogger("audit")
_NAME = re.compile(r"[A-Za-z0-9][\w.+-]*")  # something one can type after --format


class Writer:
    """Base class of report writers: set ``name`` (and ``description``), implement ``render``.

    Register an instance with :func:`register`, or expose the class (or an
    instance) under the entry-point group ``audit.formats``.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        """File name -> content: plain names (no folders), not ``manifest.json``."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


# --------------------------------------------------------------------------- the built-in formats
# Each imports its module when it renders: pandas alone costs the CLI ~0.3 s to import.


class CsvWriter(Writer):
    name = "csv"
    description = "alignment.csv, findings.csv, summary.csv and signature.txt"

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        from .csv_report import csv_files

        return dict(csv_files(result))


class JsonWriter(Writer):
    name = "json"
    description = "report.json: the CSV tables as one JSON document"

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        from .json_report import dumps

        return {"report.json": dumps(result)}


class HtmlWriter(Writer):
    name = "html"
    description = "one self-contained HTML page per repost"

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        from . import html_report  # the module, not its functions: tests replace render_html on it

        return {name: html_report.render_html(result, i)
                for i, name in enumerate(html_report.html_filenames(result))}


class SarifWriter(Writer):
    name = "sarif"
    description = "report.sarif: SARIF 2.1.0 for code-scanning tools and editors"

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        from .sarif_report import dumps

        return {"report.sarif": dumps(result)}


class TextWriter(Writer):
    name = "text"
    description = "findings.txt: the terminal's listing of findings, one line each, with line:column"

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        from .listing import fail_on_of, text_report

        return {"findings.txt": text_report(result, fail_on_of(result))}


BUILTIN: tuple[Writer, ...] = (CsvWriter(), JsonWriter(), HtmlWriter(), SarifWriter(), TextWriter())
_REGISTERED: dict[str, Writer] = {w.name: w for w in BUILTIN}


# --------------------------------------------------------------------------- the registry


def _problem(writer: Any) -> str:
    """Why ``writer`` cannot be a format ("" if it can)."""
    name = getattr(writer, "name", None)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return f"its name {name!r} is not a format name (letters, digits, '.', '_', '+', '-')"
    if not callable(getattr(writer, "render", None)):
        return "it has no render(result) method"
    return ""


def register(writer: Writer | type[Writer]) -> Writer:
    """Add a format (an instance, or a class with no required arguments); a later name replaces an earlier."""
    instance = writer() if isinstance(writer, type) else writer
    problem = _problem(instance)
    if problem:
        raise ConfigError(f"{writer!r} is not a report writer: {problem}; subclass audit.report.writers.Writer")
    _REGISTERED[instance.name] = instance
    return instance


def unregister(name: str) -> None:
    """Remove a format (tests, or a program that wants to hide one); unknown names are ignored."""
    _REGISTERED.pop(name, None)


def _entry_points() -> dict[str, EntryPoint]:
    from importlib.metadata import entry_points

    try:
        found = entry_points(group=ENTRY_POINT_GROUP)
    except Exception as exc:  # one package's broken metadata must not stop the built-in formats
        log.warning(f"cannot list {ENTRY_POINT_GROUP} plug-ins: {type(exc).__name__}: {exc}")
        return {}
    out: dict[str, EntryPoint] = {}
    for ep in found:
        out.setdefault(ep.name, ep)  # two packages claiming a name: the first found wins, as with imports
    return out


def _load(ep: EntryPoint) -> Writer:
    what = f"format plug-in {ep.name!r} ({ep.value})"
    try:
        obj = ep.load()
        writer = obj() if isinstance(obj, type) else obj
    except Exception as exc:  # a broken plug-in must say which one, not crash the run
        raise ConfigError(f"{what} failed to load: {type(exc).__name__}: {exc}; "
                          "fix or uninstall that package") from exc
    problem = _problem(writer) or (f"it calls itself {writer.name!r}" if writer.name != ep.name else "")
    if problem:
        raise ConfigError(f"{what} is not a report writer: {problem}; fix or uninstall that package")
    _REGISTERED[ep.name] = writer
    return writer


def names() -> tuple[str, ...]:
    """Every format name, without importing any plug-in: built-ins, registered ones, then entry points."""
    return tuple(dict.fromkeys([*_REGISTERED, *_entry_points()]))


def get(name: str) -> Writer:
    """The writer of format ``name``, importing its plug-in on first use."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    ep = _entry_points().get(name)
    if ep is None:
        raise ConfigError(_unknown([name]))
    return _load(ep)


def available() -> dict[str, Writer]:
    """Every format by name, every plug-in imported (a broken one raises ConfigError)."""
    return {name: get(name) for name in names()}


def __getattr__(attr: str) -> Any:
    # FORMATS was a constant; it now follows the registry, so it is computed when read.
    if attr == "FORMATS":
        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


# --------------------------------------------------------------------------- using it


def _unknown(bad: Sequence[str]) -> str:
    return (f"--format must be one of {', '.join(names())}, got {', '.join(bad) or 'nothing'}; "
            "pass e.g. --format csv --format html")


def check_formats(formats: Sequence[str], allowed: Sequence[str] | None = None) -> None:
    """Fail before any work on no format, an unknown one, or a plug-in that does not load.

    ``allowed`` narrows the choice for a command that renders only some formats
    (``audit pairs`` streams csv, json and html chunk by chunk).
    """
    if allowed is not None:
        bad = [f for f in formats if f not in allowed]
        if bad:
            raise ConfigError(f"--format must be one of {', '.join(allowed)} here, got {', '.join(bad)}; "
                              f"pass e.g. --format {allowed[0]}")
    known = names()
    bad = [f for f in formats if f not in known]
    if bad or not formats:
        raise ConfigError(_unknown(bad))
    for f in formats:
        get(f)  # imports a plug-in now, so a broken one fails before the model loads


def render_reports(result: AuditResult, formats: Sequence[str]) -> dict[str, str | bytes]:
    """The files of every format in ``formats`` (each once), checked to form one report set."""
    files: dict[str, str | bytes] = {}
    owner: dict[str, str] = {}
    for fmt in dict.fromkeys(formats):
        writer = get(fmt)
        for name, content in _rendered(writer, result).items():
            if name in owner:
                raise ConfigError(f"formats {owner[name]!r} and {fmt!r} both write {name}; "
                                  "pass only one of them")
            owner[name] = fmt
            files[name] = content
    return files


def _rendered(writer: Writer, result: AuditResult) -> Mapping[str, str | bytes]:
    """``writer.render(result)``; a plug-in's failure becomes a ConfigError naming it.

    A built-in writer's exception is a bug of ours and goes up unchanged (exit 3 in the CLI).
    """
    builtin = any(writer is b for b in BUILTIN)
    try:
        files = writer.render(result)
    except Exception as exc:
        if builtin:
            raise
        raise ConfigError(f"format {writer.name!r} ({type(writer).__module__}) failed: "
                          f"{type(exc).__name__}: {exc}; fix or uninstall that plug-in") from exc
    problem = _bad_files(files)
    if problem:
        raise ConfigError(f"format {writer.name!r} ({type(writer).__module__}) returned {problem}")
    return files


def _bad_files(files: object) -> str:
    if not isinstance(files, Mapping):
        return f"a {type(files).__name__}, not a dict of file name -> content"
    for name, content in files.items():
        if not isinstance(name, str) or name in ("", ".", "..", MANIFEST) or re.search(r"[/\\]", name):
            return f"the file name {name!r}: reports need plain file names other than {MANIFEST}"
        if not isinstance(content, (str, bytes)):
            return f"a {type(content).__name__} for {name}, not str or bytes"
    return ""


def write_reports(result: AuditResult, out_dir: Path, formats: Sequence[str] = ("csv",)) -> list[Path]:
    """Render every requested format first, then swap the whole set into ``out_dir`` at once.

    The folder then holds exactly this set and manifest.json (plus any files that are not reports);
    reports of an earlier run, in formats not asked for now, are gone.
    """
    check_formats(formats)
    check_output_dir(out_dir)  # before rendering: a folder we must refuse costs no work
    return write_set(out_dir, render_reports(result, formats), result.signature)


def write_csv_reports(result: AuditResult, out_dir: Path) -> list[Path]:
    return write_reports(result, out_dir, ("csv",))
