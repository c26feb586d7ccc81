"""The vector cache on disk: exact round trips, shared between processes, bounded, and `audit cache`."""
from __future__ import annotations

import multiprocessing as mp

import numpy as np
from clitools import invoke  # noqa: F401
from fakes import FakeEmbedder

from audit.embed import CachingEmbedder
from audit.vector_cache import VectorCache, cache_dir, normalise_text


def test_vectors_come_back_bit_for_bit(tmp_path):
    cache = VectorCache(tmp_path / "v.sqlite")
    vecs = FakeEmbedder().encode(["Fighters stormed the jail.", "Two hundred escaped."])
    cache.put("m1", zip(["Fighters stormed the jail.", "Two hundred escaped."], vecs))
    got = cache.get("m1", ["Two hundred escaped.", "never stored"])
    assert list(got) == ["Two hundred escaped."]
    assert np.array_equal(got["Two hundred escaped."], vecs[1])


def test_the_key_folds_whitespace_and_unicode_forms_but_not_the_model(tmp_path):
    cache = VectorCache(tmp_path / "v.sqlite")
    cache.put("m1", [("Qala-e-Naw  fell.", np.ones(4, np.float32))])
    assert "Qala-e-Naw fell." in cache.get("m1", ["Qala-e-Naw fell."])
    assert normalise_text("Cafe\u0301 \n open") == "Café open"
    assert cache.get("m2", ["Qala-e-Naw fell."]) == {}  # another model's weights never share vectors


def test_a_second_run_encodes_only_the_edited_sentence(tmp_path):
    texts = [f"Sentence number {i} of the article." for i in range(20)]
    first = CachingEmbedder(FakeEmbedder(), disk=VectorCache(tmp_path / "v.sqlite"))
    a = first.encode(texts)
    assert first.encoded == 20
    edited = texts[:7] + ["Sentence number 7 of the article, edited."] + texts[8:]
    second = CachingEmbedder(FakeEmbedder(), disk=VectorCache(tmp_path / "v.sqlite"))
    b = second.encode(edited)
    assert second.encoded == 1 and second.from_disk == 19
    assert np.array_equal(a[3], b[3])


def test_least_recently_used_vectors_go_first_past_the_bound(tmp_path):
    cache = VectorCache(tmp_path / "v.sqlite", max_mb=0.25)
    rng = np.random.default_rng(0)
    cache.put("m", [("kept", rng.standard_normal(384).astype(np.float32))])
    for batch in range(10):
        cache.get("m", ["kept"])  # used again before every write: it stays recent
        cache.put("m", [(f"t{batch}-{i}", rng.standard_normal(384).astype(np.float32)) for i in range(50)])
    assert cache.size_bytes() <= 0.25 * 1024 * 1024
    assert "kept" in cache.get("m", ["kept"])
    assert cache.get("m", ["t0-0"]) == {}  # the oldest went


def _writer(path: str, k: int) -> None:
    cache = VectorCache(path)
    for i in range(40):
        cache.put("m", [(f"process {k} text {i}", np.full(8, k, np.float32))])
        cache.get("m", [f"process {(k + 1) % 3} text {i}"])


def test_several_processes_share_one_cache(tmp_path):
    path = str(tmp_path / "v.sqlite")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, k)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    got = VectorCache(path).get("m", [f"process {k} text {i}" for k in range(3) for i in range(40)])
    assert len(got) == 120
    assert all(v[0] == int(t.split()[1]) for t, v in got.items())


def test_the_cache_lives_where_audit_cache_dir_points(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"
    assert VectorCache().path == tmp_path / "here" / "vectors.sqlite"


def test_cache_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path))
    VectorCache().put("ab" * 32, [("one", np.ones(4, np.float32)), ("two", np.ones(4, np.float32))])
    r = invoke("cache", "info", "--isolated")
    assert r.exit_code == 0, r.output
    assert str(tmp_path / "vectors.sqlite") in r.output and "vectors  2" in r.output
    r = invoke("cache", "clear", "--isolated")
    assert r.exit_code == 0 and "removed 2 vector(s)" in r.output
    assert "vectors  0" in invoke("cache", "info", "--isolated").output


def test_cache_clear_removes_onnx_exports_of_older_releases_only(tmp_path, monkeypatch):
    from audit.onnx_encoder import export_dir

    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path))
    old = tmp_path / "onnx" / ("ab" * 8)  # export 1 had no version in its folder name
    old.mkdir(parents=True)
    (old / "model.onnx").write_bytes(b"x" * 2_000_000)
    current = export_dir("cd" * 32)
    current.mkdir(parents=True)
    (current / "model.onnx").write_bytes(b"y")
    assert "stale ONNX exports of older releases: 1, 2.0 MB" in invoke("cache", "info", "--isolated").output
    r = invoke("cache", "clear", "--isolated")
    assert r.exit_code == 0 and "removed 1 stale ONNX export(s) of older releases (2.0 MB)" in r.output
    assert not old.exists() and (current / "model.onnx").is_file()
    assert "stale" not in invoke("cache", "info", "--isolated").output


def test_cache_can_be_switched_off_in_config():
    from audit.cli.main import _vector_cache
    from audit.config import AuditConfig

    assert _vector_cache(AuditConfig(cache=False)) is None
    r = invoke("config", "--isolated", "--config", "cache = 1")
    assert r.exit_code == 2 and "true or false" in r.output


def test_an_unwritable_cache_dir_warns_and_the_run_goes_on(tmp_path, monkeypatch, caplog):
    from audit.cli.main import _vector_cache
    from audit.config import AuditConfig

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level("WARNING", logger="audit"):
        assert _vector_cache(AuditConfig()) is None
    assert "running without it" in caplog.text and "AUDIT_CACHE_DIR" in caplog.text
