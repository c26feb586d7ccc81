"""Progress off a terminal: plain `progress:` lines on stderr at most every few seconds, none with --quiet."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from clitools import fake_model, runner  # noqa: F401

from audit.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "tests" / "fixtures" / "pairs" / "pairs.csv"
REFERENCE = ROOT / "seeds" / "000_reference_aljazeera.txt"
REPOST = ROOT / "seeds" / "001_repost_mt_afghanistan_news.txt"
LINE = re.compile(r"^progress: (\d+)/(\d+) (pairs|texts), [\d.e+-]+/s(, ETA (\d+h\d\dm|\d+m\d\ds|\d+s))?$")


def _progress_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("progress:")]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lines_come_at_most_every_interval(capsys):
    p = cli._PlainProgress("pairs")
    p._clock = clock = Clock()
    p.start = p.last = 0.0
    for t in range(1, 13):  # a call every second for 12 s
        clock.now = float(t)
        p(t * 1000, 20000)
    lines = _progress_lines(capsys.readouterr().err)
    assert lines == ["progress: 5000/20000 pairs, 1000/s, ETA 15s", "progress: 10000/20000 pairs, 1000/s, ETA 10s"]


@pytest.mark.parametrize("seconds, text", [(9.6, "10s"), (84, "1m24s"), (3725, "1h02m")])
def test_eta_format(seconds, text):
    assert cli._duration(seconds) == text


def test_pairs_prints_pair_counts_when_stderr_is_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_EVERY_S", 0.0)
    r = runner.invoke(cli.app, ["pairs", str(PAIRS), "-o", str(tmp_path)])  # CliRunner's stderr is no TTY
    lines = _progress_lines(r.output)
    assert lines and all(LINE.match(ln) for ln in lines), r.output
    assert lines[-1].startswith("progress: 4/4 pairs")


def test_run_prints_texts_encoded(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_EVERY_S", 0.0)
    r = runner.invoke(cli.app, ["run", str(REFERENCE), str(REPOST), "-o", str(tmp_path), "--isolated"])
    lines = _progress_lines(r.output)
    assert lines and all(LINE.match(ln) and " texts, " in ln for ln in lines), r.output
    done = [int(LINE.match(ln).group(1)) for ln in lines]
    assert done == sorted(done)  # summed over every call into the model, never going back


def test_quiet_prints_no_progress(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PROGRESS_EVERY_S", 0.0)
    r = runner.invoke(cli.app, ["pairs", str(PAIRS), "-o", str(tmp_path), "-q"])
    assert _progress_lines(r.output) == []


def test_real_process_with_piped_stderr(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from fakes import FakeEmbedder
        from audit.cli import main as cli
        from audit.embed import CachingEmbedder
        cli._load_embedder = lambda config, quiet, **kw: CachingEmbedder(FakeEmbedder())
        cli.PROGRESS_EVERY_S = 0.0
        cli.app(["pairs", {str(PAIRS)!r}, "-o", {str(tmp_path / "out")!r}], prog_name="audit")
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert p.returncode == 1, p.stderr  # p1 has a number mismatch
    lines = _progress_lines(p.stderr)
    assert lines and all(LINE.match(ln) for ln in lines), p.stderr
    assert not _progress_lines(p.stdout)
