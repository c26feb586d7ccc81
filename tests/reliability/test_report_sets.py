"""Report sets under real conditions: stale files, foreign files, two writers, SIGKILL, failed runs.

Writers run as real processes (``python -c``) so the lock, the pids in temp names and the
kernel's view of a killed process are the real ones, not simulated.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_pipeline import REF, REPOST, run

from audit import __version__

from audit.report import files as report_set
from audit.errors import OutputError
from audit.report import write_reports
from audit.report.files import check_output_dir, check_writable, write_set

ROOT = Path(__file__).resolve().parents[2]
SHOT = b"\x89PNG not a report" * 64
CSV_SET = {"alignment.csv", "findings.csv", "summary.csv", "signature.txt"}

# Writes sets in a loop, each file tagged "<tag>:<i>|<name>|"; odd sets drop two files, so a
# leftover of the bigger set would show.
LOOP = """
import os, signal, sys, time
from pathlib import Path
from audit.report import files as report_set

def write_loop(out, tag, n, size, fallback):
    if fallback:
        report_set._exchange = lambda a, b: False  # the rename-aside path of systems without RENAME_EXCHANGE
    for i in range(n):
        sig = f"{tag}:{i}"
        names = ["alignment.csv", "findings.csv", "summary.csv", "report.json", "a.html"][: 3 if i % 2 else 5]
        report_set.write_set(out, {m: (f"{sig}|{m}|").ljust(size, "x") for m in names}, sig)
"""
# argv: folder tag count bytes-per-file fallback(0/1)
WORKER = LOOP + """
print("ready", flush=True)
write_loop(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1")
"""
# One process pays for Python and the imports; for each stdin line "folder tag size delay fallback"
# it forks a writer that loops, SIGKILLs it after the delay, reaps it and says "killed".
KILLER = LOOP + """
print("ready", flush=True)
for line in sys.stdin:
    out, tag, size, delay, fallback = line.split()
    pid = os.fork()
    if pid == 0:
        try:
            write_loop(Path(out), tag, 10**6, int(size), fallback == "1")
        finally:
            os._exit(1)
    time.sleep(float(delay))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print("killed", flush=True)
"""


def tagged(sig: str, size: int, n: int = 5) -> dict[str, str]:
    names = ["alignment.csv", "findings.csv", "summary.csv", "report.json", "a.html"][:n]
    return {m: f"{sig}|{m}|".ljust(size, "x") for m in names}


def start(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    assert p.stdout.readline() == "ready\n"
    return p


def read_set(folder: Path | int) -> str:
    """Check one set is whole: exactly the manifest's files (plus kept ones), right bytes, one writer.

    ``folder`` may be an open directory fd: a reader holding it sees one set even across swaps.
    """
    def read(name: str) -> bytes:
        if isinstance(folder, int):
            fd = os.open(name, os.O_RDONLY, dir_fd=folder)
            with os.fdopen(fd, "rb") as f:
                return f.read()
        return (folder / name).read_bytes()

    manifest = json.loads(read("manifest.json"))
    sig = manifest["signature"]
    listed = {e["name"]: e for e in manifest["files"]}
    assert set(os.listdir(folder)) == {*listed, *manifest["kept"], "manifest.json"}
    for name, e in listed.items():
        data = read(name)
        assert (len(data), hashlib.sha256(data).hexdigest()) == (e["size"], e["sha256"]), name
        if not name.endswith(".txt"):
            assert data.startswith(f"{sig}|{name}|".encode()), (name, data[:40], sig)
    return sig


def hidden_dirs(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".") and p.is_dir())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def result():
    return run(REF, REPOST)[0]


# --------------------------------------------------------------------------- what a set holds


def test_csv_run_after_a_full_set_leaves_only_the_csv_set_and_foreign_files(result, tmp_path):
    out = tmp_path / "out"
    write_reports(result, out, ("csv", "json", "html"))
    assert {"report.json", "r0.html"} <= set(os.listdir(out))
    (out / "screenshot.png").write_bytes(SHOT)
    paths = write_reports(result, out, ("csv",))
    assert set(os.listdir(out)) == CSV_SET | {"manifest.json", "screenshot.png"}
    assert {p.name for p in paths} == CSV_SET | {"manifest.json"} and all(p.parent == out for p in paths)
    assert (out / "screenshot.png").read_bytes() == SHOT
    assert hidden_dirs(out) == []


def test_a_folder_from_before_manifests_keeps_only_what_is_not_a_report(result, tmp_path):
    out = tmp_path / "reports"  # like the repo's reports/: reports, a screenshot, a killed writer's temp file
    out.mkdir()
    for name in ["report.json", "story.html", "summary.csv", ".summary.csv.k3j_x9a2", "notes.md", "001_shot.png"]:
        (out / name).write_text("old")
    write_reports(result, out, ("csv",))
    assert set(os.listdir(out)) == CSV_SET | {"manifest.json", "notes.md", "001_shot.png"}
    assert json.loads((out / "manifest.json").read_text())["kept"] == ["001_shot.png", "notes.md"]


def test_with_a_manifest_an_html_file_of_the_user_is_kept(result, tmp_path):
    out = tmp_path / "out"
    write_reports(result, out, ("html",))
    (out / "mine.html").write_text("user page")
    write_reports(result, out, ("csv",))
    assert set(os.listdir(out)) == CSV_SET | {"manifest.json", "mine.html"}


def test_a_foreign_sub_folder_is_refused_and_nothing_changes(result, tmp_path):
    out = tmp_path / "out"
    write_reports(result, out, ("csv",))
    (out / "photos").mkdir()
    (out / "photos" / "a.png").write_bytes(SHOT)
    before = tree(out)
    for call in (lambda: check_output_dir(out), lambda: write_reports(result, out, ("csv", "json"))):
        with pytest.raises(OutputError, match=r"holds other folders \(e\.g\. photos/\).*pass -o"):
            call()
    assert tree(out) == before and hidden_dirs(out) == []


def test_manifest_lists_exactly_the_files_with_their_hashes_and_the_signature(result, tmp_path):
    out = tmp_path / "out"
    write_reports(result, out, ("csv", "json", "html"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["signature"] == result.signature and manifest["version"] == __version__
    assert manifest["created"] and manifest["kept"] == []
    assert {e["name"] for e in manifest["files"]} == set(os.listdir(out)) - {"manifest.json"}
    for e in manifest["files"]:
        data = (out / e["name"]).read_bytes()
        assert e["size"] == len(data) and e["sha256"] == hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- failures leave the old set


def test_a_failed_run_leaves_no_empty_folder_and_the_old_set_whole(result, tmp_path, monkeypatch):
    import audit.report.html_report

    def broken(*a, **k):
        raise RuntimeError("render failed")

    monkeypatch.setattr(audit.report.html_report, "render_html", broken)
    fresh = tmp_path / "a" / "b"
    with pytest.raises(RuntimeError):
        write_reports(result, fresh, ("csv", "html"))
    assert list(tmp_path.iterdir()) == []  # not even a/ or a lock file

    out = tmp_path / "out"
    write_reports(result, out, ("csv",))
    before = tree(out)
    with pytest.raises(RuntimeError):
        write_reports(result, out, ("csv", "html"))
    assert tree(out) == before


@pytest.mark.parametrize("error, raised", [(KeyboardInterrupt, KeyboardInterrupt),
                                           (OSError(28, "No space left on device"), OutputError)])
def test_interrupted_or_failed_write_keeps_the_old_set_and_no_temp_folder(tmp_path, monkeypatch, error, raised):
    out = tmp_path / "out"
    write_set(out, tagged("old", 100), "old")
    before = tree(out)
    real, calls = report_set._write_file, []

    def flaky(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise error
        real(path, data)

    monkeypatch.setattr(report_set, "_write_file", flaky)
    with pytest.raises(raised, match="cannot write reports.*No space" if raised is OutputError else None):
        write_set(out, tagged("new", 100), "new")
    assert tree(out) == before and hidden_dirs(out) == []


def test_check_writable_creates_nothing(tmp_path):
    check_writable(tmp_path / "a" / "b")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="file is not a directory; pass -o with a writable directory"):
        check_writable(tmp_path / "file" / "sub")


def test_a_writer_killed_between_fallback_renames_is_repaired(tmp_path):
    out = tmp_path / "out"
    write_set(out, tagged("old", 100), "old")
    (out / "screenshot.png").write_bytes(SHOT)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    # What the killed writer left: the old set renamed aside, its whole new set not yet renamed in.
    out.rename(tmp_path / f".out.old-{pid}-0a0b")
    (tmp_path / f".out.set-{pid}-0c0d").mkdir()
    write_set(out, tagged("next", 100), "next")
    assert read_set(out) == "next"
    assert (out / "screenshot.png").read_bytes() == SHOT  # carried from the restored old set
    assert hidden_dirs(out) == []


def test_a_second_writer_waits_then_fails_clearly(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_set(out, tagged("old", 10), "old")
    monkeypatch.setattr(report_set, "LOCK_WAIT_S", 0.2)
    with open(tmp_path / ".out.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another open file: flock makes us wait for it like a process
        with pytest.raises(OutputError, match="another audit is writing to .*out; wait for it or pass another -o"):
            write_set(out, tagged("new", 10), "new")
    assert read_set(out) == "old"


# --------------------------------------------------------------------------- real processes


def test_two_writers_racing_never_mix_sets(tmp_path):
    out, n = tmp_path / "out", 20
    writers = [start(WORKER, out, f"w{k}", n, 20_000, 0) for k in range(2)]
    seen = set()
    while any(w.poll() is None for w in writers):  # read while they write
        try:
            fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue  # before the first set
        try:
            sig = read_set(fd)
        except (FileNotFoundError, AssertionError):
            sig = None  # fine only if the set we held was retired (and is being removed) meanwhile
        # A retired folder never comes back, so one still in place after the read was whole throughout.
        if os.stat(out).st_ino == os.fstat(fd).st_ino:
            assert sig is not None
            seen.add(sig)
        os.close(fd)
    assert [w.wait() for w in writers] == [0, 0]
    assert read_set(out) in {f"w0:{n - 1}", f"w1:{n - 1}"}  # the last swap is some writer's last set
    assert seen and hidden_dirs(out) == []


def test_sigkill_at_random_points_leaves_the_old_or_the_new_set(tmp_path):
    rng = random.Random(10)
    out, size = tmp_path / "out", 80_000  # five files, 400 kB: kills land mid-write
    out.mkdir()
    (out / "screenshot.png").write_bytes(SHOT)  # before the first set, so even its manifest keeps it
    times = []  # the slowest of three writes: one fast first write would put every kill before the swap
    for _ in range(3):
        t0 = time.perf_counter()
        write_set(out, tagged("base:-1", size), "base:-1")
        times.append(time.perf_counter() - t0)
    write_time = max(times)
    prev, outcomes = "base:-1", {"old": 0, "new": 0, "litter": 0}
    killer = start(KILLER)
    for i in range(200):
        killer.stdin.write(f"{out} k{i} {size} {rng.uniform(0, 3 * write_time):.4f} {i % 2}\n")
        killer.stdin.flush()
        assert killer.stdout.readline() == "killed\n"
        outcomes["litter"] += bool(hidden_dirs(out))
        folder = out
        if not out.exists():  # killed between the fallback's two renames: the old set waits aside
            folder, = [out.parent / d for d in hidden_dirs(out) if ".old-" in d]
        sig = read_set(folder)
        assert sig == prev or sig.startswith(f"k{i}:"), (i, sig, prev)
        outcomes["old" if sig == prev else "new"] += 1
        assert (folder / "screenshot.png").read_bytes() == SHOT
        prev = f"base:{i}"
        write_set(out, tagged(prev, 2000, 3 + i % 3), prev)  # one more write clears every leftover
        assert read_set(out) == prev and hidden_dirs(out) == []
    killer.stdin.close()
    assert killer.wait() == 0
    assert min(outcomes.values()) > 0, outcomes  # kills landed before, during and after swaps
