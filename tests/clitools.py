"""Helpers shared by the CLI tests: a fake model and one-line error checks."""
from __future__ import annotations

import pytest
from fakes import FakeEmbedder
from typer.testing import CliRunner

from audit.cli import main as cli
from audit.embed import CachingEmbedder

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_model(monkeypatch):
    monkeypatch.setattr(cli, "_load_embedder", lambda config, quiet, **kw: CachingEmbedder(FakeEmbedder()))


def invoke(*args):
    return runner.invoke(cli.app, [str(a) for a in args])


def one_line_error(result, *needles):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and "Traceback" not in result.output
    for n in needles:
        assert n in lines[0]
