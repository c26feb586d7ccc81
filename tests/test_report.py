from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from test_pipeline import REF, REPOST, run

from audit.errors import OutputError
from audit.report import write_csv_reports
from audit.report.tables import ALIGNMENT_COLUMNS, FINDING_COLUMNS, SUMMARY_COLUMNS, write_files


@pytest.fixture
def result():
    return run(REF, REPOST)[0]


def test_reports_have_the_contract_columns(result, tmp_path):
    write_csv_reports(result, tmp_path)
    a = pd.read_csv(tmp_path / "alignment.csv", keep_default_na=False)
    f = pd.read_csv(tmp_path / "findings.csv", keep_default_na=False)
    s = pd.read_csv(tmp_path / "summary.csv", keep_default_na=False)
    assert list(a.columns) == ALIGNMENT_COLUMNS
    assert list(f.columns) == FINDING_COLUMNS
    assert list(s.columns) == SUMMARY_COLUMNS
    assert set(a.status) <= {"match", "omitted", "added", "boilerplate"}
    assert "boilerplate" in set(a.status)
    assert s.loc[0, "verdict"] == "fail"
    assert s.loc[0, "n_number_mismatch"] >= 1
    assert (s.loc[0, "reference_lang"], s.loc[0, "repost_lang"]) == ("en", "en")  # said, so chrF can be read
    assert (tmp_path / "signature.txt").read_text().startswith("audit:")


def test_ids_are_space_separated_and_empty_on_the_missing_side(result, tmp_path):
    write_csv_reports(result, tmp_path)
    a = pd.read_csv(tmp_path / "alignment.csv", dtype=str, keep_default_na=False)
    omitted = a[a.status == "omitted"]
    assert (omitted.repost_ids == "").all() and (omitted.ref_ids != "").all()


def test_no_temporary_files_are_left(result, tmp_path):
    write_csv_reports(result, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alignment.csv", "findings.csv", "manifest.json",
                                                         "signature.txt", "summary.csv"]
    assert not [p for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}.") and p.is_dir()]


def test_failed_write_leaves_old_reports_untouched(tmp_path, monkeypatch):
    old = tmp_path / "findings.csv"
    old.write_text("old")
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OutputError, match="cannot write"):
        write_files({old: "new", tmp_path / "summary.csv": "new"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert old.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.csv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_directory_is_an_output_error(result, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(OutputError, match="not writable"):
        write_csv_reports(result, locked)


def test_output_path_that_is_a_file_is_an_output_error(result, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="-o"):
        write_csv_reports(result, Path(blocker))
