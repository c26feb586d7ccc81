"""Surface and semantic scores for matched beads, via sacrebleu and cosine."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .types import PairScores


@lru_cache(maxsize=1)
def _metrics():
    # sacrebleu pulls in regex tables; import it only when scoring.
    from sacrebleu.metrics import BLEU, CHRF

    chrf, sent_bleu = CHRF(word_order=2), BLEU(effective_order=True)
    # A metric's signature names its number of references, which sacrebleu only
    # learns by scoring; without this, a repost with no matched pair crashed there.
    chrf.sentence_score("a", ["a"])
    sent_bleu.sentence_score("a", ["a"])
    return chrf, sent_bleu, BLEU()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two L2-normalised vectors (clipped: rounding can exceed 1)."""
    return float(np.clip(np.dot(a, b), -1.0, 1.0))


def pair_scores(ref_text: str, repost_text: str, similarity: float) -> PairScores:
    chrf, sent_bleu, _ = _metrics()
    return PairScores(
        similarity=round(similarity, 4),
        chrf=round(chrf.sentence_score(repost_text, [ref_text]).score, 2),
        bleu=round(sent_bleu.sentence_score(repost_text, [ref_text]).score, 2),
    )


def document_scores(ref_sentences: Sequence[str], repost_sentences: Sequence[str]) -> tuple[float, float]:
    """chrF++ and BLEU of the whole repost against the whole reference (content only)."""
    chrf, _, bleu = _metrics()
    hyp, ref = " ".join(repost_sentences), " ".join(ref_sentences)
    return round(chrf.corpus_score([hyp], [[ref]]).score, 2), round(bleu.corpus_score([hyp], [[ref]]).score, 2)


def sacrebleu_signature() -> str:
    chrf, sent_bleu, _ = _metrics()
    return f"chrF2++|{chrf.get_signature()} BLEU|{sent_bleu.get_signature()}"
