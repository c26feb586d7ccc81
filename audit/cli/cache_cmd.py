"""``audit cache info|clear``: the sentence vectors kept on disk between runs."""
from __future__ import annotations

import typer

from .main import ConfigArgs, Isolated, app

cache_app = typer.Typer(help="The vector cache on disk: what it holds, or empty it.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")



@cache_app.command("info")
def info(config: ConfigArgs = None, isolated: Isolated = False) -> None:
    """Where the cache is, how big, and how many vectors of which model."""
    cache = _open(config, isolated)
    data = cache.info()
    typer.echo(f"path     {data['path']}")
    typer.echo(f"size     {data['size_mb']} MB of at most {data['max_mb']} MB")
    typer.echo(f"vectors  {data['vectors']}")
    for model, n in data["models"].items():
        typer.echo(f"  model sha256 {model[:16]}…  {n}")
    stale = _stale()
    if stale:
        typer.echo(f"stale ONNX exports of older releases: {len(stale)}, {_mb(stale)} MB (`audit cache clear` "
                   "removes them)")


@cache_app.command("clear")
def clear(config: ConfigArgs = None, isolated: Isolated = False) -> None:
    """Delete every cached vector (the next run encodes everything again) and stale ONNX exports."""
    import shutil

    cache = _open(config, isolated)
    typer.echo(f"removed {cache.clear()} vector(s) from {cache.path}")
    stale = _stale()
    if stale:
        size = _mb(stale)
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)
        typer.echo(f"removed {len(stale)} stale ONNX export(s) of older releases ({size} MB)")


def _stale():
    from ..onnx_encoder import stale_exports

    return stale_exports()


def _mb(folders) -> float:
    return round(sum(f.stat().st_size for d in folders for f in d.rglob("*") if f.is_file()) / 1e6, 1)


def _open(config, isolated):
    from ..vector_cache import VectorCache
    from . import main

    settings = main._settings(config, isolated)
    return VectorCache(max_mb=settings.config.cache_max_mb)
