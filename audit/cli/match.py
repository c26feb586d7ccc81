"""``audit match``: pair reposts with their references, and write a manifest for ``audit batch``."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import click
import typer

from . import main
from .main import ConfigArgs, Encoder, Isolated, Model, Quiet, app


@app.command("match")
def match_cmd(
    references: Annotated[Path, typer.Argument(help="A reference article, or a folder of them.")],
    reposts: Annotated[Path, typer.Argument(help="A folder of reposts (or one file) to match with the references.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The manifest to write (CSV with reference, repost "
                                                                "and the evidence), for audit batch.")] = Path("pairs.csv"),
    top_k: Annotated[int, typer.Option("--top-k", help="References per repost that the aligner checks, "
                                                       "the static encoder's best first.")] = 3,
    min_relation: Annotated[str, typer.Option("--min-relation", help="Weakest relation that counts as a match: "
                                              "related (other articles on the story too), partial or translation.")] = "related",
    model: Model = None,
    encoder: Encoder = None,
    config_args: ConfigArgs = None,
    isolated: Isolated = False,
    quiet: Quiet = False,
) -> None:
    """Find the reference each repost copies (or none), and write the pairs as a manifest for audit batch.

    A static encoder proposes the closest references; the aligner confirms them. Reposts unrelated
    to every reference are listed, not written.
    """
    import pandas as pd

    from ..batch.match import MANIFEST_COLUMNS, articles, check_options, manifest_rows, match_reposts
    from ..errors import InputError
    from ..report.tables import check_writable, write_files
    from ..static_model import StaticEmbedder

    main._setup_logging(quiet)
    check_options(top_k, min_relation)
    config = main._settings(config_args, isolated, model=model, encoder=encoder).config
    refs = articles(references)
    skip = set(refs)
    reps = [p for p in articles(reposts) if p not in skip]
    if not reps:
        raise InputError(f"no reposts in {reposts} other than the references; pass the folder of reposts")
    check_writable(output.parent if str(output.parent) else Path("."))
    embedder = main._load_embedder(config, quiet)
    matches = main._with_progress(match_reposts, quiet, refs, reps, embedder=embedder, static=StaticEmbedder(),
                                  config=config, top_k=top_k, min_relation=min_relation, unit="reposts")
    rows = manifest_rows(matches)
    write_files({output: pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS)).to_csv(index=False)})
    unmatched = [m for m in matches if m.reference is None]
    click.echo(f"{len(reps)} reposts, {len(refs)} references: {len(rows)} matched, {len(unmatched)} not "
               f"{min_relation} to any reference; manifest in {output} (run: audit batch {output})")
    if not quiet:
        for m in unmatched:
            click.echo(f"unmatched: {m.repost} (closest: {m.closest.name}, {m.relation}; {m.evidence})", err=True)
