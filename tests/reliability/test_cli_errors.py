"""Usage errors read as usage errors, bugs exit 3 in every mode, Ctrl-C says so and keeps the old reports."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from clitools import invoke, one_line_error

from audit.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "seeds" / "000_reference_aljazeera.txt"
REPOST = ROOT / "seeds" / "001_repost_mt_afghanistan_news.txt"


@pytest.mark.parametrize("args, needle", [
    (["run"], "Missing argument"),
    (["run", "--bogus", "x"], "No such option: --bogus"),
    (["pairs"], "Missing argument"),
    (["check", "--no-such-flag"], "No such option"),
    (["frobnicate"], "No such command"),
])
def test_usage_errors_are_one_line_that_points_to_help(args, needle):
    r = invoke(*args)
    assert "internal error" not in r.output
    one_line_error(r, needle, "--help'")


def test_bad_option_value_is_one_line():
    one_line_error(invoke("run", REFERENCE, REPOST, "--fail-on", "bogus"), "--fail-on")


@pytest.mark.parametrize("debug", ["0", "1"])
def test_internal_error_exits_3_in_every_mode(monkeypatch, tmp_path, debug):
    monkeypatch.setenv("AUDIT_DEBUG", debug)

    def broken(config, quiet):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_load_embedder", broken)
    r = invoke("run", REFERENCE, REPOST, "-o", tmp_path / "out")
    assert r.exit_code == 3, r.output
    assert "internal error RuntimeError: boom" in r.output
    assert ("Traceback" in r.output) == (debug == "1")


# A real process: the fake model sleeps in encode() so that SIGINT lands mid-run.
_SLOW_AUDIT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from fakes import FakeEmbedder
    from audit.cli import main as cli
    from audit.embed import CachingEmbedder

    class Slow(FakeEmbedder):
        def encode(self, texts, *, progress=None):
            print("encoding", file=sys.stderr, flush=True)
            time.sleep(30)
            return super().encode(texts, progress=progress)

    cli._load_embedder = lambda config, quiet, **kw: CachingEmbedder(Slow())
    sys.argv = ["audit"] + sys.argv[1:]
    cli.app()
""")


def test_ctrl_c_says_interrupted_and_keeps_the_previous_reports(tmp_path):
    out = tmp_path / "out"
    assert invoke("run", REFERENCE, REPOST, "-o", out, "-q").exit_code in (0, 1)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    script = tmp_path / "slow_audit.py"
    script.write_text(_SLOW_AUDIT.format(tests=str(ROOT / "tests")))
    proc = subprocess.Popen([sys.executable, str(script), "run", str(REFERENCE), str(REPOST), "-o", str(out)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    line = ""
    while "encoding" not in line and time.monotonic() < deadline:
        line = proc.stderr.readline()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "error: interrupted" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_keyboard_interrupt_in_process_exits_130_with_a_message(monkeypatch, tmp_path):
    def interrupted(config, quiet):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_load_embedder", interrupted)
    r = invoke("run", REFERENCE, REPOST, "-o", tmp_path / "out")
    assert r.exit_code == 130 and "error: interrupted" in r.output
    assert not (tmp_path / "out").exists()


def test_no_arguments_prints_help_and_exits_2():
    r = invoke()
    assert r.exit_code == 2 and "Commands" in r.output and "run" in r.output


def test_a_folder_without_articles_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    one_line_error(invoke("run", REFERENCE, tmp_path / "empty", "-o", tmp_path / "out"), "holds no .txt")
