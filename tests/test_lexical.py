import numpy as np

from audit.align.lexical import window_rows, word_vectors


def sims(a, b):
    return (a @ b.T).toarray()


def test_shared_rare_words_score_high_and_unrelated_sentences_zero():
    ref, rep = word_vectors(
        ["About 200 prisoners escaped from the jail.", "The weather was mild."],
        ["Some 200 prisoners escape from the prison.", "Talks resumed in Doha."],
    )
    s = sims(window_rows(ref, 1), window_rows(rep, 1))
    assert s[0, 0] > 0.5
    assert s[1, 1] == 0.0
    assert s[0, 0] > s[0, 1]


def test_vocabulary_is_shared_and_inflection_folded():
    ref, rep = word_vectors(["prisoners escaped"], ["prisoner escapes"])
    assert ref.shape[1] == rep.shape[1]
    assert sims(window_rows(ref, 1), window_rows(rep, 1))[0, 0] > 0.99


def test_window_rows_sum_consecutive_sentences_and_normalise():
    (m,) = word_vectors(["alpha beta", "gamma", "delta"])
    w2 = window_rows(m, 2)
    assert w2.shape[0] == 2
    norms = np.sqrt(np.asarray(w2.multiply(w2).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    # a window reads like the joined text: "alpha beta" + "gamma" ~ "alpha beta gamma"
    both, joined = word_vectors(["alpha beta", "gamma"], ["alpha beta gamma"])
    assert sims(window_rows(both, 2), window_rows(joined, 1))[0, 0] > 0.99


def test_window_longer_than_document_is_empty():
    (m,) = word_vectors(["one sentence"])
    assert window_rows(m, 3).shape[0] == 0


def test_empty_and_number_only_sentences():
    ref, rep = word_vectors(["", "2021"], ["2021"])
    s = sims(window_rows(ref, 1), window_rows(rep, 1))
    assert s[0, 0] == 0.0 and s[1, 0] > 0.99
