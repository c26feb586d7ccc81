"""Every bad setting is one ConfigError that names the key, the value and the fix."""
from __future__ import annotations

import pytest

from audit.config import AuditConfig, resolve
from audit.errors import ConfigError


@pytest.mark.parametrize("kwargs, needle", [
    ({"fail_on": "loud"}, "fail-on must be one of"),
    ({"max_merge": 0}, "max_merge must be at least 1"),
    ({"drift_threshold": -0.5}, "must be between 0 and 1"),
])
def test_audit_config_refuses_bad_values(kwargs, needle):
    with pytest.raises(ConfigError, match=needle):
        AuditConfig(**kwargs)


@pytest.mark.parametrize("toml, needle", [
    ('checks = "omissions"', "must be a list of check names"),
    ('checks = [""]', "must be a list of check names"),
    ('model = ""', "must be a non-empty string"),
    ("max-merge = true", "must be a number"),
    ('severity = "error"', "must be a table"),
])
def test_bad_values_in_a_file(tmp_path, toml, needle):
    (tmp_path / "audit.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError, match=needle):
        resolve(cwd=tmp_path)


def test_a_config_file_that_is_not_utf8(tmp_path):
    (tmp_path / "audit.toml").write_bytes(b"fail-on = \"\xff\"\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        resolve(cwd=tmp_path)


def test_tool_audit_must_be_a_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool]\naudit = "yes"\n')
    with pytest.raises(ConfigError, match="tool.audit must be a table"):
        resolve(cwd=tmp_path)


def test_two_config_files_are_refused(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text("")
    b.write_text("")
    with pytest.raises(ConfigError, match="more than one file"):
        resolve(config_args=[str(a), str(b)], cwd=tmp_path)


def test_path_flags_and_with_(tmp_path):
    s = resolve(isolated=True, flags={"names": "names.csv"}, cwd=tmp_path)
    assert str(s.names) == "names.csv" and s.sources["names"] == "command line"
    assert s.config.with_(drift_threshold=0.6).drift_threshold == 0.6
