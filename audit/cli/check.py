"""``audit check``: audit every translated article of a folder against its reference."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from ..errors import ConfigError
from . import main
from .main import (EXIT_FINDINGS, EXIT_OK, BaselineOpt, ConfigArgs, FailOn, MinConfidence, Formats, Isolated, Encoder, Model, Names, Quiet, ReferenceLang, UpdateBaseline, app)


@app.command()
def check(
    directory: Annotated[Optional[Path], typer.Argument(
        help="Folder of articles (default: the working directory): NAME.TAG.EXT is audited against NAME.EXT.")] = None,
    mapping: Annotated[Optional[Path], typer.Option(
        "--mapping", help="TOML (\"ref.md\" = [\"repost.md\", …]) or CSV (reference,repost) file instead of the naming convention.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Reports go to OUTPUT/<reference name>/.")] = Path("reports"),
    model: Model = None,
    encoder: Encoder = None,
    reference_lang: ReferenceLang = None,
    fail_on: FailOn = None,
    min_confidence: MinConfidence = None,
    names: Names = None,
    baseline: BaselineOpt = None,
    update_baseline: UpdateBaseline = False,
    fmt: Formats = None,
    config: ConfigArgs = None,
    isolated: Isolated = False,
    quiet: Quiet = False,
) -> None:
    """Audit every translated article in DIRECTORY against its reference (model loaded once)."""
    from ..workflow import discover, make_groups, read_mapping

    main._setup_logging(quiet)
    settings = main._settings(config, isolated, fail_on=fail_on, min_confidence=min_confidence, model=model, encoder=encoder, reference_lang=reference_lang, names=names, baseline=baseline)
    if directory is not None and mapping is not None:
        raise ConfigError("pass a DIRECTORY or --mapping, not both; the mapping file's paths are relative to it")
    root = mapping.parent if mapping is not None else (directory or Path("."))
    found = read_mapping(mapping) if mapping is not None else discover(root, exclude=[output])
    if not found:
        logging.getLogger("audit").warning(
            f"no reposts found in {root} (NAME.TAG.EXT is a repost of NAME.EXT); nothing audited")
        raise typer.Exit(EXIT_OK)
    results = main._audit_groups(make_groups(found, root, output), settings, quiet, update_baseline, fmt)
    from ..report.console import print_summary

    for group, result in results:
        if not quiet:
            click.echo(f"{group.reference}: {len(group.reposts)} repost(s)")
        print_summary(result, group.output, listing=not quiet)
    failed = any(r.verdict == "fail" for _, res in results for r in res.reposts)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
