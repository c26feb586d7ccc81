"""audit batch: manifests, one report set per pair, the summary, resuming, URLs (fake model, in-process)."""
from __future__ import annotations

import csv
import dataclasses
import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
from clitools import invoke, one_line_error
from conftest import ALL_REPOSTS, MT_REPOST, REFERENCE, SEEDS
from fakes import FakeEmbedder

from audit import batch
from audit.batch import engines as batch_engines
from audit.batch import Job, Spec, read_manifest, run_batch, settings_key
from audit.config import AuditConfig
from audit.embed import CachingEmbedder
from audit.errors import AuditError, ConfigError, InputError


@pytest.fixture(autouse=True)
def fake_worker_model(monkeypatch):
    """Workers in this process load the fake model (the real pool and Ray: test_batch_engines)."""
    import audit.embed

    monkeypatch.setattr(audit.embed, "load_embedder", lambda *a, **kw: CachingEmbedder(FakeEmbedder()))


def spec(config=AuditConfig(), formats=("csv",)):
    return Spec(config, None, formats, settings_key(config, formats))


def write_csv(path, rows, header=("reference", "repost")):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def seed_manifest(tmp_path, reposts=ALL_REPOSTS):
    return write_csv(tmp_path / "pairs.csv", [(REFERENCE, p) for p in reposts])


# --------------------------------------------------------------------------- manifests


def test_csv_manifest_paths_are_relative_to_it_and_ids_come_from_the_names(tmp_path):
    (tmp_path / "a.md").write_text("A story.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.fr.md").write_text("Une histoire.\n", encoding="utf-8")
    m = write_csv(tmp_path / "m.csv", [("a.md", "sub/a.fr.md"), ("a.md", "sub/a.fr.md")])
    jobs = read_manifest(m)
    assert [j.id for j in jobs] == ["a--a", "a--a-2"]  # the same pair twice keeps two folders
    assert jobs[0].reference == str(tmp_path / "a.md") and jobs[0].repost == str(tmp_path / "sub" / "a.fr.md")


def test_tsv_jsonl_and_parquet_manifests_list_the_same_pairs(tmp_path):
    rows = [{"id": "one", "reference": str(REFERENCE), "repost": str(MT_REPOST)},
            {"id": "two", "reference": str(REFERENCE), "repost": "https://example.org/story?x=1"}]
    (tmp_path / "m.tsv").write_text("ID\tReference\tRepost\n" + "".join(
        f"{r['id']}\t{r['reference']}\t{r['repost']}\n" for r in rows), encoding="utf-8")
    (tmp_path / "m.jsonl").write_text("".join(json.dumps(r) + "\n\n" for r in rows), encoding="utf-8")
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "m.parquet")
    expected = [Job("one", str(REFERENCE), str(MT_REPOST)), Job("two", str(REFERENCE), "https://example.org/story?x=1")]
    for name in ("m.tsv", "m.jsonl", "m.parquet"):
        assert read_manifest(tmp_path / name) == expected, name


def test_a_folder_is_read_like_audit_check(tmp_path):
    (tmp_path / "story.md").write_text("A story.\n", encoding="utf-8")
    (tmp_path / "story.fr.md").write_text("Une histoire.\n", encoding="utf-8")
    (tmp_path / "story.mt.txt").write_text("A tale.\n", encoding="utf-8")
    assert [j.id for j in read_manifest(tmp_path)] == ["story--story", "story--story-2"]
    (tmp_path / "out").mkdir()  # reports written inside the folder are not read as articles
    (tmp_path / "out" / "story.html").write_text("<p>report</p>", encoding="utf-8")
    (tmp_path / "out" / "story.fr.html").write_text("<p>report</p>", encoding="utf-8")
    assert len(read_manifest(tmp_path, exclude=[tmp_path / "out"])) == 2
    assert len(read_manifest(tmp_path)) == 3


def test_a_folder_given_as_a_relative_path(tmp_path, monkeypatch):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "story.md").write_text("A story.\n", encoding="utf-8")
    (tmp_path / "arts" / "story.fr.md").write_text("Une histoire.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [job] = read_manifest(Path("arts"))
    assert job.reference == str(tmp_path / "arts" / "story.md")


@pytest.mark.parametrize("content, needle", [
    ("reference,text\na.md,b.md\n", "needs the columns reference and repost"),
    ("reference,repost\n", "lists no pairs"),
    ("reference,repost\na.md,\n", "row 1 has an empty"),
    ("reference,repost\na.md,nope.md\n", "file not found"),
    ("id,reference,repost\nx,a.md,a.md\nx,a.md,a.md\n", "used twice"),
    ("id,reference,repost\n,a.md,a.md\n", "has no id"),
])
def test_bad_csv_manifests_say_what_to_fix(tmp_path, content, needle):
    (tmp_path / "a.md").write_text("A story.\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=needle):
        read_manifest(tmp_path / "m.csv")


def test_bad_manifest_files(tmp_path):
    with pytest.raises(InputError, match="manifest not found"):
        read_manifest(tmp_path / "none.csv")
    (tmp_path / "m.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="unsupported extension"):
        read_manifest(tmp_path / "m.xlsx")
    (tmp_path / "m.jsonl").write_text('{"reference": "a"}\n[1]\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2 is a list"):
        read_manifest(tmp_path / "m.jsonl")
    (tmp_path / "m.parquet").write_bytes(b"not parquet")
    pytest.importorskip("pyarrow")
    with pytest.raises(InputError, match="as Parquet"):
        read_manifest(tmp_path / "m.parquet")
    (tmp_path / "latin1.csv").write_bytes("reference,repost\ncaf\xe9.md,b.md\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_manifest(tmp_path / "latin1.csv")


def test_unsafe_ids_become_folder_names(tmp_path):
    m = write_csv(tmp_path / "m.csv", [("../../etc", REFERENCE, MT_REPOST)], header=("id", "reference", "repost"))
    assert read_manifest(m)[0].id == "etc"


# --------------------------------------------------------------------------- a run


def test_each_pair_gets_a_whole_report_set_and_one_summary_row(tmp_path):
    jobs = read_manifest(seed_manifest(tmp_path))
    result = run_batch(jobs, spec(formats=("csv", "json")), tmp_path / "out", engine="local")
    assert [r.status for r in result.rows] == ["audited"] * 4
    for job, row in zip(jobs, result.rows):
        folder = tmp_path / "out" / "pairs" / job.id
        assert row.reports == f"pairs/{job.id}"
        assert {"findings.csv", "alignment.csv", "report.json", "row.json", "manifest.json"} <= {
            p.name for p in folder.iterdir()}
        assert row.verdict in ("pass", "fail") and row.signature.startswith("audit:")
        assert row.n_error == sum(f["severity"] == "error" for f in _findings(folder))
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as f:
        listed = list(csv.DictReader(f))
    assert [r["id"] for r in listed] == [j.id for j in sorted(jobs, key=lambda j: j.id)]
    assert listed[0]["relation"] and float(listed[0]["coverage"]) > 0
    assert (listed[0]["reference_lang"], listed[0]["repost_lang"]) == ("en", "en")


def _findings(folder):
    with open(folder / "findings.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_parquet_summary_matches_the_csv_one(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    run_batch(read_manifest(seed_manifest(tmp_path, ALL_REPOSTS[:2])), spec(), tmp_path / "out", engine="local")
    table = pq.read_table(tmp_path / "out" / "summary.parquet")
    assert table.column_names == list(batch.COLUMNS)
    assert str(table.schema.field("message").type) == "string"  # typed even when every message is empty
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as f:
        assert [r["id"] for r in csv.DictReader(f)] == table.column("id").to_pylist()


def test_a_rerun_skips_finished_pairs_without_loading_the_model(tmp_path, monkeypatch):
    jobs = read_manifest(seed_manifest(tmp_path))
    out = tmp_path / "out"
    first = run_batch(jobs, spec(), out, engine="local")
    monkeypatch.setattr(batch_engines, "Worker", lambda s: pytest.fail("model loaded with nothing to do"))
    again = run_batch(jobs, spec(), out, engine="local")
    assert [r.status for r in again.rows] == ["resumed"] * 4
    strip = [dataclasses.replace(r, status="", seconds=0) for r in first.rows]
    assert [dataclasses.replace(r, status="", seconds=0) for r in again.rows] == strip


def test_only_incomplete_pairs_run_again(tmp_path):
    jobs = read_manifest(seed_manifest(tmp_path))
    out = tmp_path / "out"
    run_batch(jobs, spec(), out, engine="local")
    import shutil

    shutil.rmtree(out / "pairs" / jobs[0].id)  # killed before it was written
    (out / "pairs" / jobs[1].id / "findings.csv").write_text("trunc", encoding="utf-8")  # damaged since
    again = run_batch(jobs, spec(), out, engine="local")
    assert {r.id: r.status for r in again.rows} == {jobs[0].id: "audited", jobs[1].id: "audited",
                                                    jobs[2].id: "resumed", jobs[3].id: "resumed"}


def test_new_settings_or_fresh_redo_every_pair(tmp_path):
    jobs = read_manifest(seed_manifest(tmp_path, ALL_REPOSTS[:2]))
    out = tmp_path / "out"
    run_batch(jobs, spec(), out, engine="local")
    stricter = AuditConfig(drift_threshold=0.8)
    assert settings_key(stricter, ("csv",)) != settings_key(AuditConfig(), ("csv",))
    assert settings_key(AuditConfig(cache=False), ("csv",)) == settings_key(AuditConfig(), ("csv",))
    assert {r.status for r in run_batch(jobs, spec(stricter), out, engine="local").rows} == {"audited"}
    assert {r.status for r in run_batch(jobs, spec(stricter, ("csv", "json")), out, engine="local").rows} == {"audited"}
    assert {r.status for r in run_batch(jobs, spec(stricter, ("csv", "json")), out, engine="local",
                                        fresh=True).rows} == {"audited"}


def test_an_interrupted_run_keeps_finished_pairs_and_the_old_summary(tmp_path, monkeypatch):
    jobs = read_manifest(seed_manifest(tmp_path))
    out = tmp_path / "out"
    real = batch.Worker.audit
    calls = []

    def audit(self, job):
        calls.append(job.id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, job)

    monkeypatch.setattr(batch.Worker, "audit", audit)
    with pytest.raises(KeyboardInterrupt):
        run_batch(jobs, spec(), out, engine="local")
    assert not (out / "summary.csv").exists()
    monkeypatch.setattr(batch.Worker, "audit", real)
    rows = run_batch(jobs, spec(), out, engine="local").rows
    assert sorted(r.status for r in rows) == ["audited", "audited", "resumed", "resumed"]


def test_a_bad_input_is_one_error_row_and_the_rest_still_run(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    jobs = read_manifest(write_csv(tmp_path / "m.csv", [(REFERENCE, tmp_path / "empty.txt"),
                                                        (REFERENCE, tmp_path / "binary.txt"), (REFERENCE, MT_REPOST)]))
    result = run_batch(jobs, spec(), tmp_path / "out", engine="local")
    rows = {r.id: r for r in result.rows}
    assert rows["000_reference_aljazeera--empty"].status == "error" and "empty" in rows["000_reference_aljazeera--empty"].message
    assert rows["000_reference_aljazeera--binary"].status == "error"
    assert rows["000_reference_aljazeera--001_repost_mt_afghanistan_news"].status == "audited"
    assert result.errors == 2 and not (tmp_path / "out" / "pairs" / "000_reference_aljazeera--empty").exists()
    # an errored pair is tried again next time, the audited one is not
    again = {r.id: r.status for r in run_batch(jobs, spec(), tmp_path / "out", engine="local").rows}
    assert again["000_reference_aljazeera--empty"] == "error"
    assert again["000_reference_aljazeera--001_repost_mt_afghanistan_news"] == "resumed"


def test_reposts_are_fetched_from_urls(tmp_path):
    handler = functools.partial(_Quiet, directory=str(SEEDS))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        jobs = read_manifest(write_csv(tmp_path / "m.csv", [(f"{base}/{REFERENCE.name}", f"{base}/{MT_REPOST.name}"),
                                                            (REFERENCE, f"{base}/missing.txt")]))
        rows = {r.id: r for r in run_batch(jobs, spec(), tmp_path / "out", engine="local").rows}
    finally:
        server.shutdown()
    fetched = rows["000_reference_aljazeera--001_repost_mt_afghanistan_news"]
    assert fetched.status == "audited" and fetched.repost.startswith("http://")
    with open(tmp_path / "out" / "pairs" / fetched.id / "summary.csv", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["repost"].endswith(MT_REPOST.name)
    missing = rows["000_reference_aljazeera--missing"]
    assert missing.status == "error" and "cannot fetch" in missing.message and "404" in missing.message


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no request lines in the test output
        pass


def test_engine_and_worker_options_are_checked_first(tmp_path):
    jobs = read_manifest(seed_manifest(tmp_path, ALL_REPOSTS[:1]))
    with pytest.raises(ConfigError, match="unknown engine"):
        run_batch(jobs, spec(), tmp_path / "out", engine="spark")
    with pytest.raises(ConfigError, match="at least 1"):
        run_batch(jobs, spec(), tmp_path / "out", engine="local", workers=0)
    with pytest.raises(ConfigError, match="Ray cluster"):
        run_batch(jobs, spec(), tmp_path / "out", engine="local", address="ray://head:10001")
    assert not (tmp_path / "out").exists()


def test_ray_engine_without_ray_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_engines, "ray_available", lambda: False)
    with pytest.raises(AuditError, match=r"pip install -e \"\.\[scale\]\""):
        run_batch(read_manifest(seed_manifest(tmp_path, ALL_REPOSTS[:1])), spec(), tmp_path / "out", engine="ray")


# --------------------------------------------------------------------------- the command


def test_cli_runs_a_manifest_and_exits_1_on_a_failing_pair(tmp_path):
    r = invoke("batch", seed_manifest(tmp_path, [MT_REPOST]), "-o", tmp_path / "out", "--engine", "local", "-w", "1")
    assert r.exit_code == 1, r.output
    assert "1 pairs: 1 audited" in r.output and (tmp_path / "out" / "summary.csv").is_file()
    r = invoke("batch", tmp_path / "pairs.csv", "-o", tmp_path / "out", "--engine", "local", "-w", "1")
    assert r.exit_code == 1 and "1 already done" in r.output


def test_cli_exits_2_when_a_pair_could_not_be_audited(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    r = invoke("batch", write_csv(tmp_path / "m.csv", [(REFERENCE, tmp_path / "empty.txt")]), "-o", tmp_path / "out",
               "--engine", "local", "-w", "1")
    assert r.exit_code == 2 and "could not be audited" in r.output and "empty" in r.output
    assert (tmp_path / "out" / "summary.csv").is_file()  # the summary says which pair and why


@pytest.mark.parametrize("args, needle", [
    (["nope.csv"], "manifest not found"),
    (["m.csv", "--engine", "spark"], "unknown engine"),
    (["m.csv", "--workers", "0"], "at least 1"),
    (["m.csv", "--threads", "0"], "threads must be at least 1"),
    (["m.csv", "-f", "pdf"], "pdf"),
])
def test_cli_bad_input_is_one_line_and_writes_nothing(tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "m.csv", [(REFERENCE, MT_REPOST)])
    one_line_error(invoke("batch", *args, "-o", tmp_path / "out"), needle)
    assert not (tmp_path / "out").exists()
