"""``audit run``: audit reposts against one reference."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import main
from .main import (EXIT_FINDINGS, EXIT_OK, BaselineOpt, ConfigArgs, FailOn, MinConfidence, Formats, Isolated, Encoder, Model, Names, Quiet, ReferenceLang, UpdateBaseline, app)


@app.command()
def run(
    reference: Annotated[Path, typer.Argument(help="The reference article (.txt, .md or .html).")],
    reposts: Annotated[list[Path], typer.Argument(help="Reposts to audit: files, or directories of articles.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory for the reports.")] = Path("reports"),
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
    """Audit REPOST... against REFERENCE and write alignment.csv, findings.csv and summary.csv
    (and/or report.json, one HTML page per repost)."""
    from ..workflow import Group

    main._setup_logging(quiet)
    settings = main._settings(config, isolated, fail_on=fail_on, min_confidence=min_confidence, model=model, encoder=encoder, reference_lang=reference_lang, names=names, baseline=baseline)
    group = Group(reference, tuple(main.expand_reposts(reposts, reference)), output)
    [(_, result)] = main._audit_groups([group], settings, quiet, update_baseline, fmt)
    from ..report.console import print_summary

    print_summary(result, output, listing=not quiet)
    failed = any(r.verdict == "fail" for r in result.reposts)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
