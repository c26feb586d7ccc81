"""`audit check`: a folder of articles by naming convention or a mapping file."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fakes import FakeEmbedder

from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit.cli import main as cli
from audit.workflow import discover
from audit.embed import CachingEmbedder

REF = """The Taliban attacked the city of Qala-e-Naw on Wednesday.

About 200 prisoners escaped from the central prison.

The governor said that the army was confronting them.
"""
CHANGED = REF.replace("200", "600")  # one finding: number_mismatch, an error by default


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "articles"
    write(d / "story.txt", REF)
    write(d / "story.fr-en.txt", CHANGED)
    write(d / "story.mt.md", REF)
    write(d / "other.md", REF.replace("Wednesday", "Thursday"))
    write(d / "other.es.txt", REF.replace("Wednesday", "Thursday"))
    write(d / "lonely.txt", REF)  # no reposts: not audited
    write(d / "orphan.de.txt", REF)  # no orphan.*: not audited
    write(d / "README.md", "# articles\n")
    write(d / "README.fr.md", "# articles\n")
    write(d / "sub" / "deep.html", "<html><body><p>" + REF.replace("\n\n", "</p><p>") + "</p></body></html>")
    write(d / "sub" / "deep.mt.txt", REF)
    write(d / ".hidden" / "x.txt", REF)
    write(d / ".hidden" / "x.y.txt", REF)
    return d


def test_discover_by_naming_convention(folder):
    found = {k.relative_to(folder).as_posix(): sorted(p.relative_to(folder).as_posix() for p in v)
             for k, v in discover(folder).items()}
    assert found == {
        "story.txt": ["story.fr-en.txt", "story.mt.md"],
        "other.md": ["other.es.txt"],
        "sub/deep.html": ["sub/deep.mt.txt"],
    }


def test_ambiguous_reference_is_one_line(tmp_path):
    write(tmp_path / "a.txt", REF)
    write(tmp_path / "a.md", REF)
    write(tmp_path / "a.fr.txt", REF)
    one_line_error(invoke("check", tmp_path, "-o", tmp_path / "out", "--isolated"), "a.fr.txt", "--mapping")


def test_check_writes_reports_per_reference_and_loads_the_model_once(folder, tmp_path, monkeypatch):
    loads = []

    def load(config, quiet):
        loads.append(config.model)
        return CachingEmbedder(FakeEmbedder())

    monkeypatch.setattr(cli, "_load_embedder", load)
    out = tmp_path / "out"
    r = invoke("check", folder, "-o", out, "--isolated")
    assert r.exit_code == 1, r.output  # story.fr-en.txt: 200 -> 600
    assert len(loads) == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("summary.csv")) == [
        "other/summary.csv", "story/summary.csv", "sub/deep/summary.csv"]
    story = {Path(r["repost"]).name: r["verdict"] for r in rows(out / "story" / "summary.csv")}
    assert story == {"story.fr-en.txt": "fail", "story.mt.md": "pass"}
    assert [f["kind"] for f in rows(out / "story" / "findings.csv")] == ["number_mismatch"]
    assert rows(out / "other" / "summary.csv")[0]["verdict"] == "pass"


def test_check_working_directory_by_default(tmp_path, monkeypatch):
    write(tmp_path / "story.txt", REF)
    write(tmp_path / "story.mt.txt", REF)
    monkeypatch.chdir(tmp_path)
    r = invoke("check", "-q", "--isolated")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "reports" / "story" / "summary.csv").is_file()


@pytest.mark.parametrize("severity, codes", [
    (None, {"error": 1, "warning": 1, "info": 1, "never": 0}),
    ("warning", {"error": 0, "warning": 1, "info": 1, "never": 0}),
    ("info", {"error": 0, "warning": 0, "info": 1, "never": 0}),
])
def test_exit_code_under_each_fail_on(tmp_path, monkeypatch, severity, codes):
    write(tmp_path / "story.txt", REF)
    write(tmp_path / "story.mt.txt", CHANGED)
    if severity:
        write(tmp_path / "audit.toml", f'[severity]\nnumber_mismatch = "{severity}"\n')
    monkeypatch.chdir(tmp_path)
    for fail_on, code in codes.items():
        r = invoke("check", "-q", "--fail-on", fail_on)
        assert r.exit_code == code, (fail_on, r.output)
        [f] = rows(tmp_path / "reports" / "story" / "findings.csv")
        assert f["severity"] == (severity or "error")
    # and the file's fail-on is used when no flag is given
    write(tmp_path / "audit.toml", f'fail-on = "never"\n[severity]\nnumber_mismatch = "{severity or "error"}"\n')
    assert invoke("check", "-q").exit_code == 0


def test_mapping_toml(tmp_path):
    write(tmp_path / "src" / "ref.md", REF)
    write(tmp_path / "tr" / "fr.txt", CHANGED)
    write(tmp_path / "tr" / "es.txt", REF)
    m = write(tmp_path / "map.toml", '"src/ref.md" = ["tr/fr.txt", "tr/es.txt"]\n')
    r = invoke("check", "--mapping", m, "-o", tmp_path / "out", "-q", "--isolated")
    assert r.exit_code == 1, r.output
    assert {Path(r["repost"]).name for r in rows(tmp_path / "out" / "src" / "ref" / "summary.csv")} == {
        "fr.txt", "es.txt"}


def test_mapping_csv(tmp_path):
    write(tmp_path / "ref.txt", REF)
    write(tmp_path / "a.txt", REF)
    m = write(tmp_path / "map.csv", "reference,repost\nref.txt,a.txt\n")
    r = invoke("check", "--mapping", m, "-o", tmp_path / "out", "-q", "--isolated")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "ref" / "findings.csv").is_file()


@pytest.mark.parametrize("name, text, needle", [
    ("map.toml", '"ref.txt" = 3\n', "repost path"),
    ("map.toml", "ref.txt = [\n", "not valid TOML"),
    ("map.csv", "ref,rep\nref.txt,a.txt\n", "reference,repost"),
    ("map.yaml", "x: y\n", ".toml or .csv"),
    ("map.toml", "", "maps no reference"),
])
def test_bad_mapping_is_one_line(tmp_path, name, text, needle):
    m = write(tmp_path / name, text)
    one_line_error(invoke("check", "--mapping", m, "-o", tmp_path / "out", "--isolated"), name, needle)


def test_missing_repost_in_mapping_is_one_line(tmp_path):
    write(tmp_path / "ref.txt", REF)
    m = write(tmp_path / "map.toml", '"ref.txt" = "gone.txt"\n')
    one_line_error(invoke("check", "--mapping", m, "-o", tmp_path / "out", "--isolated"), "gone.txt")
    assert not (tmp_path / "out").exists()


def test_directory_and_mapping_together_is_one_line(tmp_path):
    m = write(tmp_path / "map.toml", '"ref.txt" = "a.txt"\n')
    one_line_error(invoke("check", tmp_path, "--mapping", m, "--isolated"), "--mapping")


def test_nothing_to_check_warns_and_passes(tmp_path):
    write(tmp_path / "lonely.txt", REF)
    r = invoke("check", tmp_path, "-o", tmp_path / "out", "--isolated")
    assert r.exit_code == 0 and "warning: no reposts found" in r.output


def test_check_with_baseline(tmp_path, monkeypatch):
    write(tmp_path / "story.txt", REF)
    write(tmp_path / "story.mt.txt", CHANGED)
    write(tmp_path / "audit.toml", 'baseline = "audit-baseline.json"\n')
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("check", "-q"), "audit-baseline.json", "--update-baseline")  # not created yet
    assert invoke("check", "-q", "--isolated").exit_code == 1
    assert invoke("check", "-q", "--update-baseline").exit_code == 0
    assert (tmp_path / "audit-baseline.json").is_file()
    assert invoke("check", "-q").exit_code == 0
    write(tmp_path / "story.de.txt", CHANGED)  # a new repost with the same defect is a new finding
    assert invoke("check", "-q").exit_code == 1


def test_pre_commit_hook_and_ci_example_exist():
    root = Path(__file__).resolve().parents[1]
    hooks = (root / ".pre-commit-hooks.yaml").read_text()
    for needle in ("id: audit-check", "entry: audit check", "language: python", "pass_filenames: false"):
        assert needle in hooks
    ci = (root / "docs" / "ci-example.yml").read_text()
    assert "audit check" in ci and "--baseline" in ci
