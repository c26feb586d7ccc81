from __future__ import annotations

import numpy as np
import pytest

from audit import embed, model_files
from audit.embed import normalise, resolve_model
from audit.errors import ModelError


def test_caching_encodes_each_distinct_text_once(fake_embedder):
    fake_embedder.encode(["a b", "c d", "a b"])
    fake_embedder.encode(["c d", "e f"])
    assert fake_embedder.encoded == 3
    assert fake_embedder.inner.calls == [2, 1]


def test_cached_vectors_are_identical(fake_embedder):
    first = fake_embedder.encode(["the same text"])
    again = fake_embedder.encode(["the same text"])
    np.testing.assert_array_equal(first, again)


def test_normalise_keeps_zero_rows_finite():
    out = normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_bundled_weights_hash_is_checked(monkeypatch, tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the real weights")
    monkeypatch.setattr(model_files, "bundled_model_dir", lambda: tmp_path)  # where resolve_model looks it up
    with pytest.raises(ModelError, match="sha256"):
        resolve_model("all-MiniLM-L6-v2")


def test_unknown_model_is_a_clear_error_without_network():
    with pytest.raises(ModelError, match="never downloads"):
        resolve_model("no-such-org/no-such-model-xyz")


def test_local_directory_without_weights_is_rejected(tmp_path):
    with pytest.raises(ModelError, match="model.safetensors"):
        resolve_model(str(tmp_path))


@pytest.mark.model
def test_real_model_is_verified_and_normalised(real_embedder):
    assert real_embedder.inner.sha256 == embed.BUNDLED_SHA256
    v = real_embedder.encode(["Taliban fighters stormed the city.", "The Taliban attacked the town.",
                              "Cookies improve your experience."])
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3
