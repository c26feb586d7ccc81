"""The ``audit`` command: a thin layer over the library.

Only this module prints or exits. Every library error becomes one line on
stderr and exit code 2; findings at or above ``--fail-on`` give exit code 1.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import AuditError, InputError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def _click_classes(name: str) -> tuple[type[BaseException], ...]:
    """The named exception class of plain click and of the click that typer vendors.

    typer >= 0.20 ships its own copy of click (``typer._click``); what it raises
    is not a ``click.UsageError``, so catching only click's class turned every
    usage error into an "internal error".
    """
    classes = [getattr(click.exceptions, name)]
    try:
        from typer._click import exceptions as vendored  # type: ignore[import-not-found]

        classes.append(getattr(vendored, name))
    except (ImportError, AttributeError):
        pass
    return tuple(dict.fromkeys(classes))


_USAGE = _click_classes("UsageError")
_CLICK = _click_classes("ClickException")
_ABORT = _click_classes("Abort") + (typer.Abort,)


class OneLineErrors(TyperGroup):
    """Report every error, usage errors included, as one line on stderr; never a traceback.

    Exit codes: 0 pass, 1 findings at or above --fail-on, 2 bad input or usage,
    3 an internal error (a bug), 130 interrupted (Ctrl-C).
    """

    def main(self, *args, **kwargs):  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except _USAGE as exc:
            if "NoArgsIsHelpError" in type(exc).__name__:
                click.echo(exc.ctx.get_help() if exc.ctx else str(exc))  # type: ignore[attr-defined]
            else:  # one line like every other error, and where to look for the right form
                ctx = getattr(exc, "ctx", None)
                # the program's own name, whatever the caller's argv[0] (python -m audit, a test runner)
                where = " ".join(["audit", *ctx.command_path.split()[1:]]) if ctx is not None else "audit"
                message = " ".join(exc.format_message().split()).rstrip(".")  # type: ignore[attr-defined]
                click.echo(f"error: {message}; see '{where} --help'", err=True)
            code = EXIT_ERROR
        except AuditError as exc:
            click.echo(f"error: {exc}", err=True)
            code = EXIT_ERROR
        except (KeyboardInterrupt, *_ABORT):
            code = EXIT_INTERRUPTED
        except _CLICK as exc:
            click.echo(f"error: {exc.format_message()}", err=True)  # type: ignore[attr-defined]
            code = EXIT_ERROR
        except Exception as exc:  # a bug: still one line, with what to do about it
            if _debug():
                import traceback

                traceback.print_exc()
            click.echo(f"error: internal error {type(exc).__name__}: {exc}; "
                       "rerun with AUDIT_DEBUG=1 for details and report it", err=True)
            code = EXIT_INTERNAL
        if code == EXIT_INTERRUPTED:
            # typer turns Ctrl-C into a silent exit 130; say what happened.
            click.echo("error: interrupted; the reports from the previous run are unchanged", err=True)
        sys.exit(code or 0)


def _debug() -> bool:
    import os

    return os.environ.get("AUDIT_DEBUG") == "1"


app = typer.Typer(
    cls=OneLineErrors,
    help="Audit reposted and machine-translated news against a reference article.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"audit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Audit reposted and machine-translated news against a reference article."""


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    log = logging.getLogger("audit")
    log.handlers[:] = [handler]
    log.setLevel(logging.ERROR if quiet else logging.WARNING)
    log.propagate = False


def expand_reposts(paths: list[Path], reference: Path) -> list[Path]:
    """A directory means every article in it (the reference itself excluded)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            # README/LICENSE files describe a folder of articles; they are not articles.
            found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in ARTICLE_SUFFIXES
                           and q.resolve() != reference.resolve()
                           and not q.stem.upper().startswith(("README", "LICENSE", "CHANGELOG")))
            if not found:
                raise InputError(f"directory {p} holds no .txt, .md or .html articles; pass article files or another directory")
            out += found
        else:
            out.append(p)
    return out


FailOn = Annotated[Optional[str], typer.Option("--fail-on", help="Lowest severity that fails the run: error, warning, info or never (default: error).")]
MinConfidence = Annotated[Optional[float], typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Leave out findings whose confidence (the calibrated chance that they are right) is below this, 0-1 (default: 0).")]
Encoder = Annotated[Optional[str], typer.Option("--encoder", help="What runs the model: onnx (default; exact, no torch), onnx-int8 (faster, close), torch, or use-m3 (the multilingual encoder, for every repost).")]
ReferenceLang = Annotated[Optional[str], typer.Option(
    "--reference-lang", help="The reference's language as an ISO 639-1 code (e.g. zh, ar), or auto (default: detect). "
                             "Reposts in another language are audited with the multilingual encoder.")]
Model = Annotated[Optional[str], typer.Option("--model", help="sentence-transformers model name or local path (default: bundled all-MiniLM-L6-v2).")]
Names = Annotated[Optional[Path], typer.Option("--names", help="Names file (CSV or TOML) of accepted and wrong spellings.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, warnings or findings listing: only errors and the summary table.")]
ConfigArgs = Annotated[Optional[list[str]], typer.Option(
    "--config", metavar="FILE|KEY=VALUE",
    help="Use this audit.toml/pyproject.toml instead of searching upwards from the working directory, "
         "or override one setting, e.g. --config \"drift-threshold = 0.7\" (repeatable).")]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore configuration files (audit.toml, pyproject.toml).")]
BaselineOpt = Annotated[Optional[Path], typer.Option(
    "--baseline", help="JSON file of accepted findings: those are left out of findings.csv and the verdict.")]
def _formats_help() -> str:
    # The writer registry's names, installed plug-ins included; the registry imports no pandas.
    from ..report.writers import names

    return f"Report format: {', '.join(names())} (default: csv); repeat for several."


Formats = Annotated[Optional[list[str]], typer.Option("--format", "-f", help=_formats_help())]
UpdateBaseline = Annotated[bool, typer.Option(
    "--update-baseline", help="Write every current finding into the --baseline file (accepting them all).")]


def _settings(config_args: Optional[list[str]], isolated: bool, **flags: object):
    """Defaults < config file < --config overrides < flags; flags keyed by their kebab-case name."""
    from ..checks.registry import select
    from ..config import resolve

    settings = resolve(config_args=config_args, isolated=isolated,
                       flags={k.replace("_", "-"): v for k, v in flags.items()})
    select(settings.config.checks)  # an unknown check name fails now, before the model loads
    return settings


def _audit_groups(groups, settings, quiet: bool, update_baseline: bool, formats: Optional[list[str]] = None):
    from ..embed import LazyEmbedder, crosslingual_for
    from ..workflow import audit_groups
    from ..pipeline import audit

    config = settings.config
    # loaded at most once per command, by the first group that needs it
    multilingual = LazyEmbedder(lambda: _load_embedder(config, quiet, encoder=config.crosslingual_encoder))

    def run_audit(*args, **kwargs):
        kwargs["crosslingual"] = crosslingual_for(config, kwargs["embedder"], multilingual)
        return _with_progress(audit, quiet, *args, **kwargs)

    results = audit_groups(groups, settings=settings, embedder_factory=lambda: _load_embedder(settings.config, quiet),
                           run_audit=run_audit, update_baseline=update_baseline,
                           formats=tuple(formats or ("csv",)))
    if update_baseline and not quiet:
        n = sum(len(r.accepted) for _, res in results for r in res.reposts)
        click.echo(f"baseline {settings.baseline} updated: {n} finding(s) accepted", err=True)
    return results


def _load_embedder(config, quiet: bool, encoder: str | None = None):
    from ..embed import load_embedder

    encoder = encoder or config.encoder
    if not quiet and sys.stderr.isatty():
        click.echo(f"loading model {'use-multilingual-v3' if encoder == 'use-m3' else config.model} …", err=True)
    return load_embedder(config.model, batch_size=config.batch_size, disk=_vector_cache(config), encoder=encoder)


def _vector_cache(config):
    """The disk cache, or None when it is off or cannot be opened (then the run just encodes)."""
    from ..vector_cache import open_cache

    return open_cache(config)


PROGRESS_EVERY_S = 5.0  # plain progress lines (stderr not a terminal): at most one this often


def _with_progress(fn, quiet: bool, *args, unit: str = "texts", **kwargs):
    """Call a library function that takes ``progress=``: a bar on a terminal, plain lines otherwise.

    Off a terminal (CI logs, ``2> file``) a line ``progress: 12000/20000 pairs, 95/s, ETA 1m24s``
    comes at most every PROGRESS_EVERY_S seconds; ``--quiet`` prints neither.
    """
    if quiet:
        return fn(*args, **kwargs)
    if not sys.stderr.isatty():
        return fn(*args, **kwargs, progress=_PlainProgress(unit))
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("embedding" if unit == "texts" else unit, total=None)
        return fn(*args, **kwargs, progress=lambda done, total: bar.update(task, completed=done, total=total))


class _PlainProgress:
    def __init__(self, unit: str) -> None:
        import time

        self.unit = unit
        self._clock = time.monotonic
        self.start = self.last = self._clock()

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        if now - self.last < PROGRESS_EVERY_S:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        eta = f", ETA {_duration((total - done) / rate)}" if rate > 0 and done < total else ""
        shown = f"{rate:.0f}" if rate >= 10 else f"{rate:.2g}"  # 0.4 pairs/s, not 0/s
        click.echo(f"progress: {done}/{total} {self.unit}, {shown}/s{eta}", err=True)


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


