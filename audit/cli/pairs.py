"""``audit pairs``: audit a file of already-aligned segment pairs."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import click
import typer

from . import main
from .main import EXIT_FINDINGS, EXIT_OK, ConfigArgs, FailOn, MinConfidence, Formats, Isolated, Encoder, Model, Names, Quiet, ReferenceLang, app


@app.command()
def pairs(
    file: Annotated[Path, typer.Argument(help="Aligned pairs: CSV/TSV with id,reference,repost (or id,source,repost) "
                                              "columns, or a TMX file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory for the reports.")] = Path("reports"),
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
    """Audit already-aligned segment pairs (one model load for the whole file); write findings.csv and summary.csv.

    A reference column in another language (a source column, a TMX whose srclang is not English) is audited
    against it directly, with the multilingual encoder.
    """
    from ..checks.names import load_name_book
    from ..pairs import audit_pair_chunks, open_pairs
    from ..report.chunked import PairsReports
    from ..report import check_formats, check_output_dir, write_set

    main._setup_logging(quiet)
    settings = main._settings(config_args, isolated, fail_on=fail_on, min_confidence=min_confidence, model=model, encoder=encoder,
                              reference_lang=reference_lang, names=names)
    config = settings.config
    formats = tuple(fmt or ("csv",))
    # PairsReports renders chunk by chunk, which only these formats know how to do (not the registry's all)
    check_formats(formats, allowed=("csv", "json", "html"))
    source = open_pairs(file, config=config)  # the whole file checked, one row at a time
    book = load_name_book(settings.names) if settings.names else None
    check_output_dir(output)
    # One encoder for the whole file: the multilingual one when its columns are in two languages.
    across = source.crosses_languages and config.crosslingual_encoder != "none"
    embedder = main._load_embedder(config, quiet, encoder=config.crosslingual_encoder if across else None)
    # Chunk by chunk: each chunk's rows are rendered to report text and its objects dropped.
    reports = PairsReports(formats, warnings=source.warnings)
    small = []  # the one result of a short file, for the console table

    def run(progress=None):
        for result in audit_pair_chunks(source, embedder=embedder, config=config, book=book,
                                        progress=progress, name=str(file),
                                        crosslingual=embedder if across else None):
            reports.add(result)
            small[:] = [result] if reports.pairs <= 50 else []

    main._with_progress(run, quiet, unit="pairs")
    write_set(output, reports.files(), reports.signature)
    from ..report.console import print_summary

    click.echo(f"{reports.pairs} pairs, {reports.findings} findings, {reports.failed} failing; "
               f"reports written to {output}/")
    if small:
        print_summary(small[0], listing=not quiet)
    raise typer.Exit(EXIT_FINDINGS if reports.failed else EXIT_OK)
