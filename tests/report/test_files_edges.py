"""The report-set writer's refusals and fallbacks: each says what is wrong and leaves no litter."""
from __future__ import annotations

import fcntl
import os

import pytest

from audit.errors import OutputError
from audit.report import files
from audit.report.files import check_output_dir, check_writable, write_set


def test_output_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a directory"):
        check_writable(tmp_path / "out")


def test_output_below_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="is not a directory"):
        check_writable(tmp_path / "f" / "sub" / "out")
    assert sorted(os.listdir(tmp_path)) == ["f"]


def test_a_foreign_sub_folder_is_refused_before_any_work(tmp_path):
    out = tmp_path / "out"
    (out / "drafts").mkdir(parents=True)
    with pytest.raises(OutputError, match="holds other folders"):
        check_output_dir(out)


def test_a_held_lock_times_out_with_a_clear_message(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(files, "LOCK_WAIT_S", 0.1)
    fd = os.open(tmp_path / ".out.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(OutputError, match="another audit is writing to .*wait for it or pass another -o"):
            write_set(out, {"summary.csv": "a\n"}, "sig")
    finally:
        os.close(fd)
    assert not out.exists() and [p for p in os.listdir(tmp_path) if ".set-" in p] == []


def test_hard_links_refused_means_a_copy(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "shot.png").write_bytes(b"\x89PNG")

    def no_links(*a, **k):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(files.os, "link", no_links)
    write_set(out, {"summary.csv": "a\n"}, "sig")
    assert (out / "shot.png").read_bytes() == b"\x89PNG" and (out / "summary.csv").read_text() == "a\n"


def test_a_write_error_is_an_output_error_and_the_old_set_stays(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_set(out, {"summary.csv": "old\n"}, "sig")

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_build", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_set(out, {"summary.csv": "new\n"}, "sig")
    assert (out / "summary.csv").read_text() == "old\n"
    assert [p for p in os.listdir(tmp_path) if p.startswith(".out.set-")] == []


@pytest.mark.parametrize("name", ["", "..", "a/b.csv", "manifest.json"])
def test_report_names_must_be_plain(tmp_path, name):
    with pytest.raises(ValueError, match="plain file name"):
        write_set(tmp_path / "out", {name: "x"}, "sig")
