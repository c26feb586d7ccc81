"""The ONNX encoder: the bundled model's own weights, exported once, giving torch's vectors without torch."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from clitools import invoke  # noqa: F401

from audit.embed import load_embedder
from audit.onnx_encoder import export_dir

TEXTS = [
    "The Taliban took control of Qala-e-Naw, the capital of Badghis province.",
    "About 200 prisoners escaped.",
    "",
    "Word " * 400,  # past the model's 256 tokens: truncated the same way
]


@pytest.fixture(scope="module")
def torch_vectors():
    return load_embedder("all-MiniLM-L6-v2", encoder="torch").encode(TEXTS)


def test_onnx_gives_the_torch_models_vectors(torch_vectors):
    onnx = load_embedder("all-MiniLM-L6-v2", encoder="onnx")
    got = onnx.encode(TEXTS)
    cos = (got * torch_vectors).sum(axis=1)
    assert cos[[0, 1, 3]].min() > 0.9999
    assert np.linalg.norm(got[2]) == pytest.approx(np.linalg.norm(torch_vectors[2]), abs=1e-4)


def test_int8_is_close_and_says_so(torch_vectors):
    int8 = load_embedder("all-MiniLM-L6-v2", encoder="onnx-int8")
    cos = (int8.encode(TEXTS) * torch_vectors).sum(axis=1)
    assert cos[[0, 1, 3]].min() > 0.95
    assert int8.encoder == "onnx-int8" and len(int8.encoder_sha256) == 64


def test_the_export_happens_once_and_lives_in_the_cache_dir():
    first = load_embedder("all-MiniLM-L6-v2", encoder="onnx")
    path = export_dir(first.inner.sha256) / "model.onnx"
    stamp = path.stat().st_mtime_ns
    again = load_embedder("all-MiniLM-L6-v2", encoder="onnx")
    assert path.stat().st_mtime_ns == stamp and again.encoder_sha256 == first.encoder_sha256


def test_the_fast_path_never_imports_torch(tmp_path):
    # The export already sits in the session's cache dir (the tests above made it).
    code = ("import sys\nfrom audit.embed import load_embedder\n"
            "load_embedder('all-MiniLM-L6-v2', encoder='onnx').encode(['One sentence.'])\n"
            "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))")
    load_embedder("all-MiniLM-L6-v2", encoder="onnx")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_signature_names_the_encoder_and_its_hash():
    from audit.config import AuditConfig
    from audit.pipeline import signature

    e = load_embedder("all-MiniLM-L6-v2", encoder="onnx")
    assert f"|encoder:onnx@sha256:{e.encoder_sha256[:16]}|" in signature(AuditConfig(), e)


def test_a_wrong_encoder_is_one_line_and_exit_2():
    r = invoke("config", "--isolated", "--encoder", "tensorrt")
    assert r.exit_code == 2
    assert "onnx, onnx-int8, torch" in r.output and len(r.output.strip().splitlines()) == 1


def test_an_unwritable_cache_dir_exports_for_this_run_only(tmp_path, monkeypatch, caplog):
    from audit.model_files import resolve_model
    from audit.onnx_encoder import exported_model

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(blocker / "cache"))
    directory, digest = resolve_model("all-MiniLM-L6-v2")
    with caplog.at_level("WARNING", logger="audit"):
        path = exported_model(directory, digest, int8=False)
    assert path.is_file() and "audit-onnx-" in str(path)
    assert "for this run only" in caplog.text
