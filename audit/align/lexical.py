"""Shared-word vectors: the surface evidence the aligner weighs next to embeddings.

Two English renderings of one sentence share rare words (names, numbers,
"shotgun") even where a small embedding model hesitates. Each sentence becomes a
sparse tf-idf vector over crude stems; a run of sentences is the sum of its rows.
The term only ever adds to a bead's score: documents in different languages
share little beyond names and numbers, so there it simply adds little.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_WORD = re.compile(r"[^\W\d_]+|\d+")
STEM = 5  # a 5-letter prefix folds most English inflection (prisoner/prisoners, escaped/escape)


def _stems(text: str) -> list[str]:
    return [w[:STEM] for w in _WORD.findall(text.casefold())]


def word_vectors(*documents: Sequence[str]) -> list[sparse.csr_matrix]:
    """One tf-idf matrix per document (rows = sentences), over a shared vocabulary.

    Document frequency counts sentences of all documents together, so a word
    common on both sides ("the", "said") weighs little and a rare shared one much.
    """
    vocab: dict[str, int] = {}
    rows = [[_stems(t) for t in doc] for doc in documents]
    df: dict[int, int] = {}
    coded = []
    for doc in rows:
        cdoc = []
        for stems in doc:
            ids = [vocab.setdefault(s, len(vocab)) for s in stems]
            for i in set(ids):
                df[i] = df.get(i, 0) + 1
            cdoc.append(ids)
        coded.append(cdoc)
    total = sum(len(d) for d in rows) or 1
    idf = np.zeros(max(len(vocab), 1), np.float32)
    for i, f in df.items():
        idf[i] = math.log((total + 1) / (f + 1)) + 1.0
    out = []
    for cdoc in coded:
        data, cols, ptr = [], [], [0]
        for ids in cdoc:
            counts: dict[int, int] = {}
            for i in ids:
                counts[i] = counts.get(i, 0) + 1
            cols += counts
            data += [idf[i] * (1 + math.log(c)) for i, c in counts.items()]
            ptr.append(len(cols))
        out.append(sparse.csr_matrix((np.asarray(data, np.float32), cols, ptr), shape=(len(cdoc), len(idf))))
    return out


def window_rows(mat: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Row ``i`` = normalised sum of rows ``i..i+k-1`` (a run of ``k`` sentences)."""
    n = mat.shape[0]
    if n < k:
        return sparse.csr_matrix((0, mat.shape[1]), dtype=np.float32)
    band = sparse.diags([np.ones(n - k + 1, np.float32)] * k, list(range(k)), shape=(n - k + 1, n), format="csr")
    win = (band @ mat).tocsr()
    norms = np.sqrt(np.asarray(win.multiply(win).sum(axis=1)).ravel())
    return sparse.diags(1.0 / np.maximum(norms, 1e-12)).dot(win).tocsr().astype(np.float32)
