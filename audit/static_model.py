"""A static (model2vec-style) encoder distilled from the bundled MiniLM, for candidates only.

Distillation, after model2vec: every wordpiece of the model's vocabulary goes
through the transformer once, alone (``[CLS] piece [SEP]``, mean-pooled like a
sentence), the vectors are reduced by PCA to ``DIMS`` dimensions, and each is
scaled by a smooth inverse frequency weight from ``wordfreq`` (frequent pieces
such as "the" count little, as in SIF). A text's vector is then the mean of its
pieces' vectors: no attention, hundreds of times cheaper than the transformer.

It is used only where a result is a candidate that the transformer, or a
person, then checks: pairing reposts with references in ``audit match``. The
table is built from the ONNX export of the checked weights (no torch, no
download), on first use or by ``python scripts/distil_static.py``, and cached
under the user cache directory; its sha256 is the encoder's fingerprint.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .errors import ModelError
from .model_files import BUNDLED_NAMES, normalise, resolve_model, sha256_file
from .vector_cache import cache_dir

log = logging.getLogger("audit")
DIMS = 256
SIF_A = 1e-4  # SIF's a: a piece as frequent as this (about 1 word in 10,000) gets half weight
RECIPE = "static-1"  # bumped when the distillation changes what the table holds
MIN_FREQUENCY = 1e-8  # pieces wordfreq does not know (subword fragments) count as this rare


def static_path(digest: str) -> Path:
    return cache_dir() / "static" / f"{digest[:16]}-{RECIPE}.npy"


def distil(model: str = "all-MiniLM-L6-v2", *, batch_size: int = 512, path: Path | None = None) -> Path:
    """Build the static table for ``model`` (its ONNX export) and save it; return its path."""
    from .onnx_encoder import OnnxEmbedder

    encoder = OnnxEmbedder(model)
    target = path or static_path(encoder.sha256)
    vocab = encoder.vocabulary()  # piece -> id
    pieces = sorted(vocab, key=vocab.get)
    cls_id, sep_id = vocab.get("[CLS]", 101), vocab.get("[SEP]", 102)
    ids = np.array([vocab[p] for p in pieces], np.int64)
    hidden = None
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        out = encoder.token_states(np.stack([np.full(len(chunk), cls_id), chunk, np.full(len(chunk), sep_id)], axis=1),
                                   np.ones((len(chunk), 3), np.int64))
        if hidden is None:
            hidden = np.zeros((len(ids), out.shape[-1]), np.float32)
        hidden[start:start + len(chunk)] = out.mean(axis=1)  # the model's own mean pooling
    table = _pca(hidden, DIMS) * _weights(pieces)[:, None]
    table[[vocab[p] for p in pieces if p.startswith("[") and p.endswith("]")]] = 0.0  # specials, [unused]
    order = np.argsort(ids)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.part")
    with open(tmp, "wb") as f:
        np.save(f, table[order].astype(np.float32))
    os.replace(tmp, target)  # two processes distilling at once both end with a whole file
    return target


def _pca(x: np.ndarray, dims: int) -> np.ndarray:
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    return x @ vt[:dims].T


def _weights(pieces: Sequence[str]) -> np.ndarray:
    from wordfreq import word_frequency

    freq = np.array([max(word_frequency(p.removeprefix("##"), "en"), MIN_FREQUENCY) for p in pieces])
    return SIF_A / (SIF_A + freq)


class StaticEmbedder:
    """Texts to vectors by the mean of their wordpieces' distilled vectors."""

    encoder = "static"

    def __init__(self, model: str = "all-MiniLM-L6-v2") -> None:
        if model not in BUNDLED_NAMES:
            raise ModelError(f"the static encoder is distilled from the bundled all-MiniLM-L6-v2, not {model!r}; "
                             "omit --model")
        directory, digest = resolve_model(model)
        path = static_path(digest)
        if not path.is_file():
            log.info("distilling the static encoder from the bundled model (once, about a minute)")
            try:
                distil(model, path=path)
            except OSError as exc:
                raise ModelError(f"cannot write the static encoder to {path} ({exc.strerror}); "
                                 "set AUDIT_CACHE_DIR to a writable folder") from exc
        self._table = np.load(path)
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self.name = "all-MiniLM-L6-v2"
        self.sha256 = sha256_file(path)
        self.fingerprint = self.sha256[:16]

    def encode(self, texts: Sequence[str], *, progress=None) -> np.ndarray:
        out = np.zeros((len(texts), self._table.shape[1]), np.float32)
        for i, enc in enumerate(self._tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            if enc.ids:
                out[i] = self._table[enc.ids].mean(axis=0)
        if progress:
            progress(len(texts), len(texts))
        return normalise(out)
