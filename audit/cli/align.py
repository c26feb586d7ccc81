"""``audit align``: print the beads of one reference and one repost."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import ConfigError
from . import main
from .main import ConfigArgs, Isolated, Encoder, Model, Quiet, app


@app.command("align")
def align_cmd(
    reference: Annotated[Path, typer.Argument(help="The reference article.")],
    repost: Annotated[Path, typer.Argument(help="The repost to align with it.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    presegmented: Annotated[bool, typer.Option("--presegmented", help="Inputs hold one sentence per line, taken exactly as given.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="csv (alignment.csv columns) or vecalign ([i]:[j]:score lines).")] = "csv",
    model: Model = None,
    encoder: Encoder = None,
    config_args: ConfigArgs = None,
    isolated: Isolated = False,
    quiet: Quiet = False,
) -> None:
    """Align REPOST with REFERENCE and print the beads."""
    from ..ingest.read import read_document
    from ..pipeline import align_segments
    from ..segment.sentences import segment

    main._setup_logging(quiet)
    if fmt not in ("csv", "vecalign"):
        raise ConfigError(f"--format must be csv or vecalign, got {fmt!r}; pass --format csv")
    config = main._settings(config_args, isolated, model=model, encoder=encoder).config
    ref_doc = read_document(reference, presegmented=presegmented, max_input_mb=config.max_input_mb)
    rep_doc = read_document(repost, presegmented=presegmented, max_input_mb=config.max_input_mb)
    ref = segment(ref_doc, presegmented=presegmented, max_chars=config.max_sentence_chars)
    rep = segment(rep_doc, presegmented=presegmented, max_chars=config.max_sentence_chars)
    embedder = main._load_embedder(config, quiet)
    from ..pipeline import prepare_texts

    embedder.encode(prepare_texts(ref, [rep]))
    beads = align_segments(ref, rep, embedder, config)
    if fmt == "vecalign":
        from ..align.dp import vecalign_lines

        text = "\n".join(vecalign_lines(beads)) + "\n"
    else:
        from ..report.tables import bead_rows

        text = bead_rows(ref, rep, beads).to_csv(index=False)
    if output:
        from ..report.tables import check_writable, write_files

        check_writable(output.parent if str(output.parent) else Path("."))
        write_files({output: text})
    else:
        sys.stdout.write(text)
