from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakes import FakeEmbedder  # noqa: E402

from audit.embed import CachingEmbedder  # noqa: E402

from hypothesis import settings as _hypothesis_settings

# Property tests draw the same examples on every run: a green CI must not turn red because
# a new random example was drawn. Failures found once are kept as explicit tests.
_hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
_hypothesis_settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REFERENCE = SEEDS / "000_reference_aljazeera.txt"
MT_REPOST = SEEDS / "001_repost_mt_afghanistan_news.txt"
ALL_REPOSTS = sorted(p for p in SEEDS.glob("00[1-4]_*.txt"))


@pytest.fixture(scope="session", autouse=True)
def _private_vector_cache(tmp_path_factory):
    """No test reads or writes the user's own vector cache (subprocesses inherit this too)."""
    import os

    old = os.environ.get("AUDIT_CACHE_DIR")
    os.environ["AUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("vector-cache"))
    yield
    if old is None:
        os.environ.pop("AUDIT_CACHE_DIR", None)
    else:
        os.environ["AUDIT_CACHE_DIR"] = old


@pytest.fixture
def fake_embedder() -> CachingEmbedder:
    return CachingEmbedder(FakeEmbedder())


@pytest.fixture(scope="session")
def real_embedder():
    from audit.embed import load_embedder

    return load_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def seed_result(real_embedder):
    """The four seed reposts audited against the reference with the real model (once per session)."""
    from audit.ingest.read import read_document
    from audit.pipeline import audit

    return audit(read_document(REFERENCE), [read_document(p) for p in ALL_REPOSTS], embedder=real_embedder)
