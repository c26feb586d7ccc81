"""audit batch on real workers: a local process pool and a local Ray runtime of 2 workers, real model."""
from __future__ import annotations

import csv
import dataclasses

import pytest
from conftest import ALL_REPOSTS, REFERENCE, ROOT

from audit.batch import Spec, read_manifest, run_batch, settings_key
from audit.config import AuditConfig
from audit.errors import AuditError

pytestmark = pytest.mark.model


def _manifest(tmp_path):
    path = tmp_path / "pairs.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["reference", "repost"])
        w.writerows((REFERENCE, p) for p in ALL_REPOSTS)
    return read_manifest(path)


def _spec(config=AuditConfig()):
    return Spec(config, None, ("csv",), settings_key(config, ("csv",)), threads=1)


def _comparable(rows):
    return [dataclasses.replace(r, status="", seconds=0.0) for r in rows]


@pytest.fixture(scope="module")
def in_process(tmp_path_factory):
    """The four seed pairs audited in this process: what every engine must reproduce."""
    tmp = tmp_path_factory.mktemp("batch-in-process")
    return run_batch(_manifest(tmp), _spec(), tmp / "out", engine="local", workers=1).rows


def test_the_seed_pairs_audit_as_audit_run_does(in_process):
    by_repost = {r.repost.rsplit("/", 1)[-1]: r for r in in_process}
    mt = by_repost[ALL_REPOSTS[0].name]
    assert mt.verdict == "fail" and mt.n_error >= 1 and mt.relation in ("translation", "partial")
    assert {by_repost[p.name].relation for p in ALL_REPOSTS[1:]} <= {"related", "partial"}


def test_a_local_pool_of_two_processes_gives_the_same_rows(tmp_path, in_process):
    rows = run_batch(_manifest(tmp_path), _spec(), tmp_path / "out", engine="local", workers=2).rows
    assert {r.status for r in rows} == {"audited"}
    assert _comparable(rows) == _comparable(in_process)


def test_a_local_ray_runtime_of_two_workers_gives_the_same_rows_and_resumes(tmp_path, in_process):
    pytest.importorskip("ray")
    jobs = _manifest(tmp_path)
    rows = run_batch(jobs, _spec(), tmp_path / "out", engine="ray", workers=2).rows
    assert {r.status for r in rows} == {"audited"}
    assert _comparable(rows) == _comparable(in_process)
    import shutil

    shutil.rmtree(tmp_path / "out" / "pairs" / jobs[2].id)
    again = run_batch(jobs, _spec(), tmp_path / "out", engine="ray", workers=2).rows
    assert sorted(r.status for r in again) == ["audited", "resumed", "resumed", "resumed"]
    assert _comparable(again) == _comparable(in_process)


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_a_model_that_cannot_load_in_the_workers_is_its_own_error(tmp_path, engine):
    if engine == "ray":
        pytest.importorskip("ray")
    with pytest.raises(AuditError, match="no-such"):
        run_batch(_manifest(tmp_path), _spec(AuditConfig(model="no-such/model-xyz")), tmp_path / "out",
                  engine=engine, workers=2)
    assert not (tmp_path / "out" / "summary.csv").exists()


def test_a_run_killed_mid_way_resumes_where_it_stopped(tmp_path):
    """SIGKILL the real command (no clean-up runs) once a pair is written; the rerun audits only the rest."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from audit.report.files import whole_set

    lines = [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = []
    for i in range(24):  # small pairs, so many are still to do when the first one is written
        window = [lines[(i + k) % len(lines)] for k in range(3)]
        (tmp_path / f"r{i}.txt").write_text("\n".join(window) + "\n", encoding="utf-8")
        (tmp_path / f"p{i}.txt").write_text("\n".join(window[:2]) + "\n", encoding="utf-8")
        rows.append((f"r{i}.txt", f"p{i}.txt"))
    manifest = tmp_path / "pairs.csv"
    manifest.write_text("reference,repost\n" + "".join(f"{r},{p}\n" for r, p in rows), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "audit", "batch", str(manifest), "-o", str(out), "--engine", "local", "-w", "1",
           "--isolated", "-q"]
    child = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not list(out.glob("pairs/[!.]*/row.json")):  # a pair in place, not one still being built (.name)
        assert child.poll() is None, child.stderr.read().decode()
        assert time.monotonic() < deadline, "no pair was written in 300 s"
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    whole = [f for f in (out / "pairs").iterdir() if not f.name.startswith(".") and whole_set(f) is not None]
    assert 1 <= len(whole) < len(rows) and not (out / "summary.csv").exists()

    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode in (0, 1), again.stderr
    assert f"{len(rows)} pairs: {len(rows) - len(whole)} audited, {len(whole)} already done" in again.stdout
    with open(out / "summary.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(rows)
    assert all(whole_set(f) is not None for f in (out / "pairs").iterdir() if not f.name.startswith("."))
