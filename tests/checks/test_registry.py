"""Checks are found through a registry and the ``audit.checks`` entry point, and picked in audit.toml."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest
from clitools import invoke

from audit.checks import registry
from audit.checks.base import Check
from audit.errors import ConfigError

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REFERENCE = SEEDS / "000_reference_aljazeera.txt"
REPOST = SEEDS / "001_repost_mt_afghanistan_news.txt"

# A newsroom's own check, as a plug-in package would ship it: the house style writes "Qala-e-Naw".
TOY = textwrap.dedent('''
    from audit.checks.base import Check
    from audit.types import Finding, Severity

    class HouseStyle(Check):
        name = "house-style"
        kinds = ("style_spelling",)
        description = "spellings the style guide forbids"

        def run(self, pair, context):
            return [Finding("style_spelling", Severity.WARNING, "", "Galano", pair.ref_text, pair.repost_text,
                            0.0, "style guide: write Qala-e-Naw, not Galano", pair.index)
                    for _ in range(pair.repost_text.count("Galano"))]
''')


@pytest.fixture
def fresh_registry(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setattr(registry, "_plugins_loaded", False)


def install(site: Path, dist: str, entry: str, monkeypatch) -> None:
    """A distribution on sys.path, found by importlib.metadata like any pip-installed one."""
    info = site / f"{dist}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[audit.checks]\n{entry}\n")
    monkeypatch.syspath_prepend(str(site))


@pytest.fixture
def toy_plugin(tmp_path, monkeypatch, fresh_registry):
    site = tmp_path / "site"
    install(site, "toy_checks", "house-style = toy_checks:HouseStyle", monkeypatch)
    (site / "toy_checks.py").write_text(TOY)
    return site


def test_builtins_run_in_pipeline_order(fresh_registry):
    assert list(registry.available()) == ["omissions", "names", "numbers", "clauses", "drift"]
    assert all(isinstance(c, Check) and c.kinds for c in registry.available().values())


def test_select_keeps_registry_order_and_names_unknown_checks(fresh_registry):
    assert [c.name for c in registry.select(("drift", "omissions"))] == ["omissions", "drift"]
    with pytest.raises(ConfigError, match="did you mean 'numbers'"):
        registry.select(("numbrs",))


def test_entry_point_check_reaches_findings_csv(toy_plugin, tmp_path):
    out = tmp_path / "out"
    r = invoke("run", REFERENCE, REPOST, "-o", out, "-q")
    assert r.exit_code == 1, r.output
    findings = pd.read_csv(out / "findings.csv")
    toy = findings[findings["kind"] == "style_spelling"]
    assert len(toy) >= 1 and set(toy["repost_text"]) == {"Galano"}
    summary = pd.read_csv(out / "summary.csv")
    assert summary.loc[0, "n_style_spelling"] == len(toy)
    assert "checks:omissions+names+numbers+clauses+drift+house-style" in (out / "signature.txt").read_text()


def test_audit_toml_disables_checks(toy_plugin, tmp_path, monkeypatch):
    (tmp_path / "audit.toml").write_text('checks = ["omissions", "house-style"]\n')
    monkeypatch.chdir(tmp_path)
    r = invoke("run", REFERENCE, REPOST, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 1, r.output
    kinds = set(pd.read_csv(tmp_path / "out" / "findings.csv")["kind"])
    assert kinds == {"omitted_sentence", "added_sentence", "style_spelling"}


def test_audit_config_lists_the_checks(toy_plugin):
    r = invoke("config", "--isolated")
    assert r.exit_code == 0, r.output
    assert "checks = []" in r.output
    for name in ("omissions", "names", "numbers", "clauses", "drift", "house-style"):
        assert f"#   {name}" in r.output


def test_a_broken_plugin_is_one_config_error(tmp_path, monkeypatch, fresh_registry):
    install(tmp_path / "site", "bad", "bad = no_such_module:Check", monkeypatch)
    with pytest.raises(ConfigError, match="check plug-in 'bad'.*failed to load"):
        registry.available()
