"""Memory that does not grow with the reposts: one repost read, encoded and audited at a time."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from fakes import FakeEmbedder

from audit import baseline

from audit import workflow as check_cmd
from audit.workflow import Group, audit_groups
from audit.embed import CachingEmbedder
from audit.ingest.read import read_document
from audit.pipeline import _cap_windows, audit
from audit.config import resolve

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REFERENCE = SEEDS / "000_reference_aljazeera.txt"
REPOSTS = sorted(SEEDS.glob("00[1-4]_*.txt"))


def _kinds(result):
    return [[(f.kind, f.ref_span, f.repost_span) for f in r.findings] for r in result.reposts]


def test_reposts_may_be_a_generator_with_the_same_findings(fake_embedder):
    ref = read_document(REFERENCE)
    listed = audit(ref, [read_document(p) for p in REPOSTS], embedder=fake_embedder)
    lazy = audit(ref, (read_document(p) for p in REPOSTS), embedder=CachingEmbedder(FakeEmbedder()))
    assert _kinds(lazy) == _kinds(listed) and lazy.warnings == listed.warnings


def test_reference_encoded_once_then_each_repost_in_its_turn():
    inner = FakeEmbedder()
    emb = CachingEmbedder(inner)
    ref = read_document(REFERENCE)
    audit(ref, [read_document(REPOSTS[0]), read_document(REPOSTS[0])], embedder=emb)
    once = CachingEmbedder(FakeEmbedder())
    audit(ref, [read_document(REPOSTS[0])], embedder=once)
    assert emb.encoded == once.encoded  # the second, identical repost costs nothing


def test_groups_validate_everything_first_then_read_each_repost_when_audited(tmp_path, monkeypatch):
    events: list[str] = []
    real_read = baseline.read_repost

    def read_repost(path, **kw):
        events.append(f"read {Path(path).name}")
        return real_read(path, **kw)

    def run_audit(ref, reposts, **kw):
        events.append("audit starts")
        docs = []
        for d in reposts:
            events.append(f"audit {Path(d.path).name}")
            docs.append(d)
        return audit(ref, docs, **kw)

    def factory():
        events.append("model")
        return CachingEmbedder(FakeEmbedder())

    monkeypatch.setattr(baseline, "read_repost", read_repost)
    monkeypatch.setattr(check_cmd, "KEEP_READ_CHARS", 0)  # keep nothing read for validation
    settings = resolve(isolated=True, cwd=tmp_path)
    group = Group(REFERENCE, tuple(REPOSTS[:2]), tmp_path / "out")
    audit_groups([group], settings=settings, embedder_factory=factory, run_audit=run_audit)
    a, b = REPOSTS[0].name, REPOSTS[1].name
    assert events == [f"read {a}", f"read {b}", "model", "audit starts",
                      f"read {a}", f"audit {a}", f"read {b}", f"audit {b}"]


def test_small_inputs_are_read_once(tmp_path, monkeypatch):
    reads: list[str] = []
    real_read = baseline.read_repost
    monkeypatch.setattr(baseline, "read_repost", lambda p, **kw: reads.append(p) or real_read(p, **kw))
    settings = resolve(isolated=True, cwd=tmp_path)
    audit_groups([Group(REFERENCE, tuple(REPOSTS), tmp_path / "out")], settings=settings,
                 embedder_factory=lambda: CachingEmbedder(FakeEmbedder()), run_audit=audit)
    assert reads == list(REPOSTS)


def test_the_vector_cache_is_bounded_least_recently_used_first():
    emb = CachingEmbedder(FakeEmbedder(), max_items=3)
    emb.encode(["a", "b", "c"])
    emb.encode(["a"])  # a is now the most recent
    emb.encode(["d"])
    assert len(emb) == 3 and set(emb._cache) == {"a", "c", "d"}
    vec = emb.encode(["b", "e", "f", "g"])  # one call bigger than the cache still returns every vector
    assert vec.shape[0] == 4 and len(emb) == 3
    emb.clear()
    assert len(emb) == 0


def test_merge_windows_are_capped_only_for_huge_inputs(caplog):
    rng = np.random.default_rng(0)
    unit = lambda x: (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)  # noqa: E731
    ref = unit(rng.standard_normal((30, 16)))
    small = {2: list(range(99)), 3: list(range(98))}
    assert _cap_windows(small, unit(rng.standard_normal((100, 16))), ref, "repost") is small
    big = unit(rng.standard_normal((5000, 16)))
    big[1234] = big[1235] = ref[7]  # the window 1234-1235 is a sure match: it must be kept
    need = {2: list(range(4999)), 3: list(range(4998))}
    with caplog.at_level(logging.WARNING, logger="audit"):
        capped = _cap_windows(need, big, ref, "repost")
    assert sum(len(v) for v in capped.values()) == 1000
    assert 1234 in capped[2] and capped[2] == sorted(capped[2])
    assert "9,997 merge windows" in caplog.text and "embedded the 1,000 closest" in caplog.text
