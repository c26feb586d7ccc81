"""The writer registry: built-in formats, formats registered in code, entry-point plug-ins."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from test_pipeline import REF, REPOST, run

import audit.report
from audit.errors import ConfigError
from audit.report import writers
from audit.report.writers import Writer, check_formats, get, names, register, render_reports, write_reports
from audit.types import AuditResult

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "audit" / "report"


class ToyWriter(Writer):
    name = "toy"
    description = "one line per repost"

    def render(self, result: AuditResult) -> dict[str, str | bytes]:
        return {"toy.txt": "".join(f"{r.name}: {len(r.findings)}\n" for r in result.reposts)}


@pytest.fixture(autouse=True)
def registry(monkeypatch) -> None:
    # Each test gets its own copy: what one registers or loads is gone for the next.
    monkeypatch.setattr(writers, "_REGISTERED", dict(writers._REGISTERED))
    monkeypatch.setattr(writers, "_entry_points", lambda: {})


@pytest.fixture(scope="module")
def result() -> AuditResult:
    return run(REF, REPOST)[0]


def plugins(monkeypatch, tmp_path: Path, source: str, **entries: str) -> None:
    """Install module ``toyplug`` (``source``) and entry points name -> "toyplug:attr"."""
    (tmp_path / "toyplug.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "toyplug", raising=False)
    eps = {n: EntryPoint(name=n, value=v, group=writers.ENTRY_POINT_GROUP) for n, v in entries.items()}
    monkeypatch.setattr(writers, "_entry_points", lambda: eps)


def test_the_built_in_formats_in_order():
    assert names() == ("csv", "json", "html", "sarif", "text") == audit.report.FORMATS
    assert [w.name for w in writers.BUILTIN] == list(names())


def test_a_registered_writer_is_a_format_and_joins_the_set(result, tmp_path):
    register(ToyWriter)
    assert "toy" in audit.report.FORMATS and "toy" in writers.FORMATS
    check_formats(("csv", "toy"))
    write_reports(result, tmp_path, ("csv", "toy"))
    assert (tmp_path / "toy.txt").read_text() == "r0.txt: " + str(len(result.reposts[0].findings)) + "\n"
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert {e["name"] for e in manifest["files"]} == {"alignment.csv", "findings.csv", "summary.csv",
                                                       "signature.txt", "toy.txt"}


def test_unknown_and_empty_formats_name_the_choices():
    with pytest.raises(ConfigError, match="one of csv, json, html, sarif, text, got pdf"):
        check_formats(("csv", "pdf"))
    with pytest.raises(ConfigError, match="got nothing"):
        check_formats(())


def test_allowed_narrows_the_choice():
    check_formats(("json",), allowed=("csv", "json", "html"))
    with pytest.raises(ConfigError, match="csv, json, html here, got sarif"):
        check_formats(("sarif",), allowed=("csv", "json", "html"))


@pytest.mark.parametrize("bad", [object(), type("NoName", (Writer,), {})(),
                                 type("Spaced", (), {"name": "two words", "render": lambda self, r: {}})()])
def test_register_refuses_what_is_not_a_writer(bad):
    with pytest.raises(ConfigError, match="not a report writer"):
        register(bad)


def test_a_duck_typed_writer_needs_no_base_class(result):
    class Plain:
        name = "plain"

        def render(self, result):
            return {"plain.txt": b"bytes are fine\n"}

    register(Plain())
    assert render_reports(result, ("plain",)) == {"plain.txt": b"bytes are fine\n"}


def test_two_formats_writing_one_file_are_refused(result):
    class Clash(ToyWriter):
        name = "clash"

        def render(self, result):
            return {"summary.csv": "not the summary\n"}

    register(Clash)
    with pytest.raises(ConfigError, match="'csv' and 'clash' both write summary.csv"):
        render_reports(result, ("csv", "clash"))


@pytest.mark.parametrize("files, why", [({"../x.txt": ""}, "plain file names"), ({"manifest.json": ""}, "plain"),
                                        (["toy.txt"], "not a dict"), ({"a.txt": 3}, "not str or bytes")])
def test_a_plug_in_returning_bad_files_is_a_config_error(result, files, why):
    register(type("Bad", (ToyWriter,), {"name": "bad", "render": lambda self, r: files}))
    with pytest.raises(ConfigError, match=why):
        render_reports(result, ("bad",))


def test_a_plug_in_that_fails_to_render_is_named(result, tmp_path):
    def boom(self, r):
        raise KeyError("title")

    register(type("Boom", (ToyWriter,), {"name": "boom", "render": boom}))
    with pytest.raises(ConfigError, match="format 'boom'.*failed: KeyError"):
        write_reports(result, tmp_path / "out", ("csv", "boom"))
    assert not (tmp_path / "out").exists()  # rendered before anything is written


# --------------------------------------------------------------------------- entry-point plug-ins

TOY_PLUGIN = """
from audit.report.writers import Writer

class Xliff(Writer):
    name = "xliff"

    def render(self, result):
        return {"report.xlf": "<xliff/>"}

misnamed = Xliff()
not_a_writer = 42
"""


def test_an_entry_point_is_listed_unloaded_and_loaded_when_asked(monkeypatch, tmp_path, result):
    plugins(monkeypatch, tmp_path, TOY_PLUGIN, xliff="toyplug:Xliff")
    assert names()[-1] == "xliff" and "toyplug" not in sys.modules  # help lists it without importing it
    check_formats(("xliff",))
    assert "toyplug" in sys.modules and get("xliff").name == "xliff"
    assert render_reports(result, ("xliff",)) == {"report.xlf": "<xliff/>"}


@pytest.mark.parametrize("value, why", [("toyplug:missing", "failed to load: AttributeError"),
                                        ("nosuchmodule:X", "failed to load: ModuleNotFoundError"),
                                        ("toyplug:misnamed", "calls itself 'xliff'"),
                                        ("toyplug:not_a_writer", "not a report writer")])
def test_a_bad_entry_point_is_a_config_error_naming_it(monkeypatch, tmp_path, value, why):
    plugins(monkeypatch, tmp_path, TOY_PLUGIN, broken=value)
    with pytest.raises(ConfigError, match=f"format plug-in 'broken' \\({value}\\).*{why}"):
        check_formats(("csv", "broken"))
    check_formats(("csv",))  # a broken plug-in fails only the runs that ask for it


def test_an_entry_point_cannot_take_over_a_built_in_name(monkeypatch, tmp_path, result):
    plugins(monkeypatch, tmp_path, TOY_PLUGIN, csv="toyplug:Xliff")
    assert names().count("csv") == 1
    assert "alignment.csv" in render_reports(result, ("csv",)) and "toyplug" not in sys.modules


# --------------------------------------------------------------------------- layering


def _imports(path: Path) -> set[str]:
    """Modules of audit.report a file imports, lazily inside functions too."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out |= {node.module} if node.module else {a.name for a in node.names}
    return out


def test_tables_knows_no_writer_and_writers_only_build_on_it():
    writer_modules = {"writers", "csv_report", "json_report", "html_report", "sarif_report"}
    assert not _imports(REPORT / "tables.py") & writer_modules
    assert not _imports(REPORT / "files.py") & (writer_modules | {"tables"})
    for module in ("csv_report", "json_report", "html_report", "sarif_report"):
        assert "writers" not in _imports(REPORT / f"{module}.py"), module


def test_importing_the_package_imports_no_pandas():
    # The CLI reads the format names for --help on every start; pandas would cost it ~0.3 s.
    code = "import audit.report, sys; audit.report.names(); assert 'pandas' not in sys.modules, 'pandas'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_old_names_still_import():
    from audit.report.tables import (FINDING_COLUMNS, alignment_table, bead_rows, check_output_dir,  # noqa: F401
                                     check_writable, findings_table, summary_table, write_files, write_set)
    from audit.report import write_csv_reports, write_reports  # noqa: F401
    from audit.report.csv_report import csv_files  # noqa: F401


def test_a_writer_without_render_or_with_a_bad_name_is_refused():
    from audit.errors import ConfigError
    from audit.report import writers

    class Nameless(writers.Writer):
        name = "no spaces allowed"

    class NoRender:
        name = "norender"

    for bad in (Nameless, NoRender()):
        with pytest.raises(ConfigError, match="is not a report writer"):
            writers.register(bad)
    assert repr(writers.BUILTIN[0]) == "<CsvWriter 'csv'>"
    with pytest.raises(NotImplementedError):
        writers.Writer().render(None)  # type: ignore[arg-type]
