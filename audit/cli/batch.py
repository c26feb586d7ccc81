"""``audit batch``: audit every pair a manifest lists, on Ray or a local process pool."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from . import main
from .main import (EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ConfigArgs, Encoder, FailOn, Formats, Isolated, MinConfidence,
                   Model, Names, Quiet, ReferenceLang, app)


@app.command()
def batch(
    manifest: Annotated[Path, typer.Argument(
        help="CSV, TSV, JSONL or Parquet file with reference and repost columns (paths or http(s) URLs; "
             "an optional id column names each pair's folder), or a folder read like audit check.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Reports go to OUTPUT/pairs/<id>/; "
                                                                "OUTPUT/summary.csv and summary.parquet list every pair.")] = Path("reports"),
    engine: Annotated[str, typer.Option("--engine", help="ray, local (a process pool) or auto (ray when it is installed).")] = "auto",
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", help="Workers, each with its own model (default: the CPU count).")] = None,
    threads: Annotated[Optional[int], typer.Option("--threads", help="Encoder threads per worker (default: this machine's cores divided among the workers; on a cluster pass the cores each worker may use).")] = None,
    address: Annotated[Optional[str], typer.Option("--address", help="A Ray cluster to run on (e.g. ray://head:10001 or auto); default: a local Ray runtime.")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Audit every pair again, even those whose reports are complete.")] = False,
    model: Model = None,
    encoder: Encoder = None,
    reference_lang: ReferenceLang = None,
    fail_on: FailOn = None,
    min_confidence: MinConfidence = None,
    names: Names = None,
    fmt: Formats = None,
    config_args: ConfigArgs = None,
    isolated: Isolated = False,
    quiet: Quiet = False,
) -> None:
    """Audit many reference/repost pairs: one report set per pair and one summary; resumes where a run stopped.

    Exit code: 2 when a pair could not be audited (its row says why), else 1 when a pair fails, else 0.
    """
    from ..batch import Spec, read_manifest, run_batch, settings_key

    main._setup_logging(quiet)
    settings = main._settings(config_args, isolated, fail_on=fail_on, min_confidence=min_confidence, model=model,
                              encoder=encoder, reference_lang=reference_lang, names=names)
    formats = tuple(fmt or ("csv",))
    jobs = read_manifest(manifest, exclude=[output])
    spec = Spec(settings.config, settings.names, formats, settings_key(settings.config, formats, settings.names),
                threads=threads)
    n = workers if workers is not None else os.cpu_count() or 1
    # run_batch checks the formats and the engine options before any work or model load
    result = main._with_progress(run_batch, quiet, jobs, spec, output, engine=engine, workers=n, address=address,
                                 fresh=fresh, unit="pairs")
    rows = result.rows
    count = {s: sum(r.status == s for r in rows) for s in ("audited", "resumed", "error")}
    failing = sum(r.verdict == "fail" for r in rows)
    click.echo(f"{len(rows)} pairs: {count['audited']} audited, {count['resumed']} already done, "
               f"{count['error']} could not be audited; {failing} failing; summary in {result.summary[0]}")
    if not quiet:
        for r in rows:
            if r.status == "error":
                click.echo(f"error: {r.id}: {r.message}", err=True)
    raise typer.Exit(EXIT_ERROR if result.errors else EXIT_FINDINGS if result.failed else EXIT_OK)
