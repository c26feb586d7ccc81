"""The static encoder: distilled once from the bundled MiniLM's ONNX export, cached, cheap, for candidates."""
from __future__ import annotations

import numpy as np
import pytest

from audit.errors import ModelError
from audit.model_files import BUNDLED_SHA256, sha256_file
from audit.static_model import DIMS, StaticEmbedder, static_path


@pytest.fixture(scope="module")
def static():
    return StaticEmbedder()


def test_the_table_is_distilled_once_cached_and_named_by_its_hash(static):
    path = static_path(BUNDLED_SHA256)
    assert path.is_file()
    assert static.fingerprint == sha256_file(path)[:16] and static.sha256 == sha256_file(path)
    before = path.stat().st_mtime_ns
    again = StaticEmbedder()  # reads the cached table, distils nothing
    assert path.stat().st_mtime_ns == before and again.sha256 == static.sha256
    assert static._table.shape[1] == DIMS and static._table.dtype == np.float32


def test_rows_are_normalised_and_empty_text_is_zero(static):
    v = static.encode(["The Taliban took Qala-e-Naw.", "", "Prisoners escaped from the jail."])
    assert v.shape == (3, DIMS)
    assert np.allclose(np.linalg.norm(v[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not v[1].any()
    assert np.array_equal(v, static.encode(["The Taliban took Qala-e-Naw.", "", "Prisoners escaped from the jail."]))


def test_a_rendering_of_a_sentence_is_closer_than_another_sentence(static):
    a, b, c = static.encode([
        "About 200 prisoners escaped after the Taliban attacked the prison in Qala-e-Naw.",
        "Some 200 inmates fled when Taliban fighters stormed the jail of Qala-e-Naw.",
        "The central bank raised interest rates to fight inflation in the euro zone.",
    ])
    assert a @ b > a @ c + 0.1


def test_frequent_words_weigh_little(static):
    """SIF weights: 'the' hardly moves a text's vector, a rare name does."""
    base, with_the, with_name = static.encode(["prisoners escaped", "the prisoners escaped the", "prisoners escaped Badghis"])
    assert base @ with_the > base @ with_name


def test_only_the_bundled_model_is_distilled():
    with pytest.raises(ModelError, match="bundled all-MiniLM-L6-v2"):
        StaticEmbedder("some/other-model")


def test_match_with_the_real_encoders(tmp_path, static, real_embedder):
    """Seed 001 goes to the seed reference, a copy of an unrelated story to its own; the static
    encoder ranks, the real model's alignment decides."""
    from conftest import MT_REPOST, REFERENCE

    from audit.batch.match import match_reposts
    from audit.config import AuditConfig

    story = ["The central bank raised its main interest rate by half a point on Thursday.",
             "Inflation in the euro zone reached its highest level in ten years.",
             "Economists expect two further increases before the end of the year.",
             "Mortgage lenders said repayments would rise for millions of households.",
             "Shares in European banks gained after the announcement."]
    (tmp_path / "bank.txt").write_text("\n\n".join(story) + "\n", encoding="utf-8")
    (tmp_path / "bank-copy.txt").write_text("\n\n".join(story[:4]) + "\n", encoding="utf-8")
    refs = [REFERENCE.resolve(), (tmp_path / "bank.txt").resolve()]
    got = match_reposts(refs, [MT_REPOST.resolve(), (tmp_path / "bank-copy.txt").resolve()],
                        embedder=real_embedder, static=static, config=AuditConfig(), top_k=1)
    assert [m.reference for m in got] == refs
    assert got[0].relation == "partial" and got[1].relation in ("partial", "translation")
