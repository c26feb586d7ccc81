"""Config files: discovery order, validation, precedence, and `audit config`."""
from __future__ import annotations

from pathlib import Path

import pytest

from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit.config import AuditConfig
from audit.errors import ConfigError
from audit.config import find_config_file, resolve

REF = """The Taliban attacked the city of Qala-e-Naw on Wednesday.

About 200 prisoners escaped from the central prison.

The governor said that the army was confronting them.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_lines(*args) -> dict[str, str]:
    r = invoke("config", "--show-sources", *args)
    assert r.exit_code == 0, r.output
    out = {}
    for line in r.output.splitlines():
        if not line.strip() or line.startswith("#"):  # the list of checks is TOML comments
            continue
        key, rest = line.split(" = ", 1)
        out[key] = rest
    return out


# --------------------------------------------------------------------------
# discovery


def test_no_file_means_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = resolve()
    assert s.file is None and s.config == AuditConfig() and s.sources == {}
    lines = config_lines()
    assert lines["drift-threshold"] == "0.75  # default"
    assert lines["fail-on"] == '"error"  # default'


def test_cwd_audit_toml_beats_parent(tmp_path, monkeypatch):
    write(tmp_path / "audit.toml", "drift-threshold = 0.6\n")
    child = write(tmp_path / "sub" / "audit.toml", "drift-threshold = 0.7\n")
    monkeypatch.chdir(tmp_path / "sub")
    assert find_config_file() == child.resolve()
    assert config_lines()["drift-threshold"] == f"0.7  # {child.resolve()}"


def test_parent_file_found_from_a_subdirectory(tmp_path, monkeypatch):
    parent = write(tmp_path / "audit.toml", "match-min-similarity = 0.4\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert resolve().config.match_min_similarity == 0.4
    assert config_lines()["match-min-similarity"] == f"0.4  # {parent.resolve()}"


def test_audit_toml_beats_pyproject_in_the_same_directory(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", "[tool.audit]\ndrift-threshold = 0.6\n")
    toml = write(tmp_path / "audit.toml", "drift-threshold = 0.7\n")
    monkeypatch.chdir(tmp_path)
    assert find_config_file() == toml.resolve()
    assert resolve().config.drift_threshold == 0.7


def test_pyproject_without_tool_audit_is_skipped(tmp_path, monkeypatch):
    parent = write(tmp_path / "pyproject.toml", "[tool.audit]\nfail-on = \"warning\"\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n[tool.ruff]\nline-length = 90\n")
    monkeypatch.chdir(tmp_path / "pkg")
    assert find_config_file() == parent.resolve()
    assert config_lines()["fail-on"] == f'"warning"  # {parent.resolve()}'


def test_pyproject_tool_audit_with_severity_table(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml",
          '[tool.audit]\nfail-on = "warning"\n[tool.audit.severity]\nadded_sentence = "info"\n')
    monkeypatch.chdir(tmp_path)
    s = resolve()
    assert s.config.fail_on == "warning"
    assert s.config.severity_overrides == (("added_sentence", "info"),)
    assert config_lines()["severity.added_sentence"] == f'"info"  # {(tmp_path / "pyproject.toml").resolve()}'


def test_isolated_ignores_config_files(tmp_path, monkeypatch):
    write(tmp_path / "audit.toml", "drift-threshold = 0.6\n")
    monkeypatch.chdir(tmp_path)
    assert resolve(isolated=True).config.drift_threshold == AuditConfig().drift_threshold
    assert config_lines("--isolated")["drift-threshold"] == "0.75  # default"


def test_explicit_config_file_replaces_discovery(tmp_path, monkeypatch):
    write(tmp_path / "audit.toml", "drift-threshold = 0.6\n")
    other = write(tmp_path / "elsewhere" / "strict.toml", "drift-threshold = 0.8\nnames = \"names.toml\"\n")
    monkeypatch.chdir(tmp_path)
    lines = config_lines("--config", other)
    assert lines["drift-threshold"] == f"0.8  # {other.resolve()}"
    # paths in a config file are relative to that file
    assert lines["names"] == f'"{other.resolve().parent / "names.toml"}"  # {other.resolve()}'


def test_isolated_with_config_file_is_an_error(tmp_path, monkeypatch):
    f = write(tmp_path / "x.toml", "drift-threshold = 0.6\n")
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("config", "--isolated", "--config", f), "--isolated")


# --------------------------------------------------------------------------
# precedence


def test_cli_flag_beats_file(tmp_path, monkeypatch):
    write(tmp_path / "audit.toml", 'fail-on = "info"\nmodel = "some-model"\n')
    monkeypatch.chdir(tmp_path)
    lines = config_lines("--fail-on", "warning")
    assert lines["fail-on"] == '"warning"  # command line'
    assert lines["model"] == f'"some-model"  # {(tmp_path / "audit.toml").resolve()}'


def test_inline_override_beats_file_and_flag_beats_override(tmp_path, monkeypatch):
    write(tmp_path / "audit.toml", 'drift-threshold = 0.6\nfail-on = "info"\n')
    monkeypatch.chdir(tmp_path)
    lines = config_lines("--config", "drift-threshold = 0.65", "--config", 'fail-on = "never"',
                         "--fail-on", "warning")
    assert lines["drift-threshold"] == "0.65  # command line"
    assert lines["fail-on"] == '"warning"  # command line'


def test_file_threshold_reaches_the_signature(tmp_path, monkeypatch):
    ref = write(tmp_path / "ref.txt", REF)
    rep = write(tmp_path / "rep.txt", REF.replace("200", "600"))
    write(tmp_path / "audit.toml", "drift-threshold = 0.61\n[severity]\nnumber_mismatch = \"warning\"\n")
    monkeypatch.chdir(tmp_path)
    r = invoke("run", ref, rep, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 0, r.output  # the only finding, an error, is now a warning
    sig = (tmp_path / "out" / "signature.txt").read_text()
    assert "drift_threshold=0.61" in sig and "severity_overrides=number_mismatch:warning" in sig
    assert ",warning," in (tmp_path / "out" / "findings.csv").read_text()


def test_show_sources_output_is_valid_toml(tmp_path, monkeypatch):
    import tomllib

    write(tmp_path / "audit.toml", '[severity]\nomitted_sentence = "warning"\n')
    monkeypatch.chdir(tmp_path)
    r = invoke("config", "--show-sources")
    assert r.exit_code == 0, r.output
    table = tomllib.loads(r.output)
    assert table["severity"] == {"omitted_sentence": "warning"}
    # and fed back in, it is accepted as a config file
    write(tmp_path / "copy" / "audit.toml", invoke("config").output)
    assert resolve(cwd=tmp_path / "copy").config == resolve(cwd=tmp_path).config


# --------------------------------------------------------------------------
# bad keys and values: one line naming the file, the key, the value and the fix


@pytest.mark.parametrize("text, needles", [
    ("drift-treshold = 0.6\n", ["drift-treshold", "0.6", "unknown key", "drift-threshold"]),
    ("drift_threshold = 0.6\n", ["drift_threshold", "did you mean 'drift-threshold'"]),
    ('drift-threshold = "high"\n', ["drift-threshold", '"high"', "number", "drift-threshold = 0.75"]),
    ("drift-threshold = 7\n", ["drift-threshold = 7", "from 0 to 1"]),
    ("max-merge = 0\n", ["max-merge = 0", "at least 1"]),
    ("max-merge = 2.5\n", ["max-merge = 2.5", "whole number"]),
    ('fail-on = "sometimes"\n', ["fail-on", "sometimes", "error, warning, info, never"]),
    ("names = 3\n", ["names = 3", "path"]),
    ('[severity]\nadded_sentense = "info"\n', ["severity.added_sentense", "did you mean 'added_sentence'"]),
    ('[severity]\nadded_sentence = "fatal"\n', ["severity.added_sentence", '"fatal"', "error, warning, info"]),
    ('omitted-severity = "warning"\n', ["omitted-severity", "[severity] omitted_sentence"]),
    ("[tool.audit]\ndrift-threshold = 0.6\n", ["[tool.audit]", "top level"]),
    ("drift-threshold = \n", ["not valid TOML"]),
])
def test_bad_config_is_one_line(tmp_path, monkeypatch, text, needles):
    f = write(tmp_path / "audit.toml", text)
    monkeypatch.chdir(tmp_path)
    r = invoke("run", tmp_path / "ref.txt", tmp_path / "rep.txt", "-o", tmp_path / "out")
    one_line_error(r, str(f.resolve()), *needles)
    assert not (tmp_path / "out").exists()


def test_bad_pyproject_value_names_pyproject(tmp_path, monkeypatch):
    f = write(tmp_path / "pyproject.toml", "[tool.audit]\nclause-min-words = -1\n")
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("config"), str(f.resolve()), "clause-min-words = -1")


def test_bad_inline_override_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("config", "--config", "drift-threshold = = 1"), "--config", "drift-threshold = 0.7")
    one_line_error(invoke("config", "--config", "frobnicate = 1"), "--config", "frobnicate")


def test_missing_explicit_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("config", "--config", "nope.toml"), "nope.toml", "not found")


def test_pyproject_without_tool_audit_as_explicit_file(tmp_path, monkeypatch):
    f = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("config", "--config", f), "[tool.audit]")


def test_library_rejects_bad_override_severity():
    with pytest.raises(ConfigError, match="added_sentence"):
        AuditConfig(severity_overrides=(("added_sentence", "fatal"),))
