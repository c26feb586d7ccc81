"""A deterministic, offline stand-in for the sentence-transformers model.

Each word is hashed to a fixed random direction; a text is the normalised sum
of its words, so texts that share words are similar, as with a real model.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

DIM = 256


def _word_vector(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


class FakeEmbedder:
    name = "fake-bag-of-words"
    fingerprint = "0" * 16

    def __init__(self) -> None:
        self.calls: list[int] = []  # sizes of encode() batches, to test caching

    def encode(self, texts: Sequence[str], *, progress=None) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), DIM), np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i] += _word_vector(w[:6])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        if progress:
            progress(len(texts), len(texts))
        return out / np.maximum(norms, 1e-12)
