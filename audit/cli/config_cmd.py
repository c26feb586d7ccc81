"""``audit config``: the settings in effect, and the checks."""
from __future__ import annotations

from typing import Annotated

import typer

from . import main
from .main import BaselineOpt, ConfigArgs, FailOn, MinConfidence, Isolated, Encoder, Model, Names, app


@app.command("config")
def config_cmd(
    show_sources: Annotated[bool, typer.Option("--show-sources", help="Say after each value where it came from.")] = False,
    model: Model = None,
    encoder: Encoder = None,
    fail_on: FailOn = None,
    min_confidence: MinConfidence = None,
    names: Names = None,
    baseline: BaselineOpt = None,
    config: ConfigArgs = None,
    isolated: Isolated = False,
) -> None:
    """Print the configuration in effect, one key = value per line (valid audit.toml)."""
    from ..checks.registry import available, select

    settings = main._settings(config, isolated, fail_on=fail_on, min_confidence=min_confidence, model=model, encoder=encoder, names=names, baseline=baseline)
    for line in settings.lines(show_sources=show_sources):
        typer.echo(line)
    on = {c.name for c in select(settings.config.checks)}
    typer.echo("\n# checks (enable some with checks = [...]; plug-ins join through the audit.checks entry point)")
    for name, check in available().items():
        typer.echo(f"#   {name:10} {'on ' if name in on else 'off'}  {', '.join(check.kinds)}: {check.description}")
