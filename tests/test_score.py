from __future__ import annotations

import numpy as np
import pytest

from audit.score import cosine, document_scores, pair_scores, sacrebleu_signature


def test_identical_pair_scores_full_marks():
    s = pair_scores("About 200 prisoners escaped.", "About 200 prisoners escaped.", 1.0)
    assert s.chrf == pytest.approx(100.0)
    assert s.bleu == pytest.approx(100.0)


def test_changed_pair_scores_lower():
    same = pair_scores("About 200 prisoners escaped from the prison.", "About 200 prisoners escaped from the prison.", 1.0)
    diff = pair_scores("About 200 prisoners escaped from the prison.", "Around 600 inmates fled the jail.", 0.8)
    assert diff.chrf < same.chrf and diff.bleu < same.bleu


def test_document_scores_are_in_range():
    chrf, bleu = document_scores(["A b c.", "D e f."], ["A b c.", "D e g."])
    assert 0 < chrf < 100 and 0 < bleu < 100


def test_cosine_is_clipped():
    v = np.array([1.0, 0.0], np.float32)
    assert cosine(v * 1.0000001, v) <= 1.0


def test_signature_names_both_metrics_and_version():
    sig = sacrebleu_signature()
    assert sig.startswith("chrF2++|") and "BLEU|" in sig and "version:" in sig
