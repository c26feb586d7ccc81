from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.dp import AlignParams, align, vecalign_lines, window_vectors
from audit.types import Bead


def unit(rng, n, d=256):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def noisy(x, rng, scale=0.03):
    y = x + scale * rng.standard_normal(x.shape).astype(np.float32)
    return y / np.linalg.norm(y, axis=1, keepdims=True)


def assert_partition(beads: list[Bead], n: int, m: int) -> None:
    refs = sorted(i for b in beads for i in b.ref_ids)
    reps = sorted(j for b in beads for j in b.repost_ids)
    assert refs == list(range(n)), "every reference sentence in exactly one bead"
    assert reps == list(range(m)), "every repost sentence in exactly one bead"
    assert all(b.ref_ids or b.repost_ids for b in beads)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 40), m=st.integers(0, 40), seed=st.integers(0, 10_000))
def test_every_sentence_in_exactly_one_bead(n, m, seed):
    rng = np.random.default_rng(seed)
    a, b = unit(rng, n), unit(rng, m)
    beads = align(a, b)
    assert_partition(beads, n, m)
    for bead in beads:  # beads are contiguous runs: merges never skip a sentence
        for ids in (bead.ref_ids, bead.repost_ids):
            assert list(ids) == list(range(ids[0], ids[0] + len(ids))) if ids else True


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 60), seed=st.integers(0, 10_000))
def test_identical_document_aligns_one_to_one(n, seed):
    x = unit(np.random.default_rng(seed), n)
    beads = align(x, x)
    assert [(b.ref_ids, b.repost_ids) for b in beads] == [((i,), (i,)) for i in range(n)]
    assert not any(b.moved for b in beads)


# derandomize: CI must not turn red by drawing a new example; known failures are listed below.
@settings(max_examples=25, deadline=None, derandomize=True)
@given(sizes=st.lists(st.integers(1, 8), min_size=2, max_size=6), data=st.data())
def test_shuffled_paragraphs_still_align_to_their_twins(sizes, data):
    rng = np.random.default_rng(len(sizes) * 7 + sum(sizes))
    n = sum(sizes)
    x = unit(rng, n)
    starts = np.cumsum([0] + sizes[:-1])
    paras = [list(range(s, s + k)) for s, k in zip(starts, sizes)]
    order = data.draw(st.permutations(range(len(paras))))
    perm = [i for k in order for i in paras[k]]
    y = noisy(x[perm], rng, 0.03)
    beads = align(x, y)
    assert_partition(beads, n, n)
    for b in beads:
        assert len(b.ref_ids) == 1 and len(b.repost_ids) == 1
        assert perm[b.repost_ids[0]] == b.ref_ids[0]


@pytest.mark.xfail(strict=True, reason="two adjacent one-sentence paragraphs swapped become one 2-2 bead "
                   "(found by hypothesis; aligner work is issue 13)")
def test_two_swapped_one_sentence_paragraphs_align_one_to_one():
    sizes, order = [2, 1, 1], [0, 2, 1]
    rng = np.random.default_rng(len(sizes) * 7 + sum(sizes))
    x = unit(rng, sum(sizes))
    perm = [0, 1, 3, 2]
    assert [i for k in order for i in [[0, 1], [2], [3]][k]] == perm
    beads = align(x, noisy(x[perm], rng, 0.03))
    assert all(len(b.ref_ids) == 1 and len(b.repost_ids) == 1 for b in beads)


def test_moved_block_is_marked_moved():
    rng = np.random.default_rng(1)
    x = unit(rng, 20)
    perm = list(range(0, 5)) + list(range(15, 20)) + list(range(5, 15))
    beads = align(x, noisy(x[perm], rng, 0.03))
    moved = sorted(i for b in beads if b.moved for i in b.ref_ids)
    assert moved == list(range(15, 20))


def test_split_sentence_becomes_one_to_three_bead():
    rng = np.random.default_rng(2)
    parts = unit(rng, 12)
    # Reference sentence 3 says what repost sentences 3, 4, 5 say together.
    ref = np.vstack([parts[:3], window_vectors(parts[3:6], 3), parts[6:]])
    beads = align(ref, parts)
    assert Bead((3,), (3, 4, 5)) in [Bead(b.ref_ids, b.repost_ids) for b in beads]


def test_dropped_and_added_paragraphs_are_one_sided():
    rng = np.random.default_rng(3)
    x = unit(rng, 30)
    extra = unit(rng, 4)
    y = np.vstack([x[:10], extra, x[15:]])  # 10..14 dropped, 4 sentences added
    beads = align(x, noisy(y, rng, 0.03))
    omitted = sorted(i for b in beads if not b.repost_ids for i in b.ref_ids)
    added = sorted(j for b in beads if not b.ref_ids for j in b.repost_ids)
    assert omitted == list(range(10, 15))
    assert added == list(range(10, 14))


def test_generic_line_does_not_anchor_everything():
    """Hubness: one vector close to all others must not be matched by default."""
    rng = np.random.default_rng(4)
    x = unit(rng, 15)
    hub = x.mean(axis=0, keepdims=True)
    hub /= np.linalg.norm(hub)
    y = np.vstack([noisy(x, rng, 0.03), hub])
    beads = align(x, y)
    assert Bead((), (15,)) in [Bead(b.ref_ids, b.repost_ids) for b in beads]


def test_memory_stays_linear_with_small_chunks():
    rng = np.random.default_rng(5)
    x = unit(rng, 300)
    beads = align(x, noisy(x, rng, 0.03), params=AlignParams(chunk=16))
    assert sum(len(b.ref_ids) == 1 and b.ref_ids == b.repost_ids for b in beads) == 300


def test_window_vectors_are_normalised_sums():
    rng = np.random.default_rng(6)
    x = unit(rng, 5)
    w = window_vectors(x, 2)
    assert w.shape == (4, x.shape[1])
    expect = (x[1] + x[2]) / np.linalg.norm(x[1] + x[2])
    np.testing.assert_allclose(w[1], expect, atol=1e-6)


@pytest.mark.parametrize("bead, line", [
    (Bead((0,), (0, 1), 0.5), "[0]:[0, 1]:0.500000"),
    (Bead((3,), ()), "[3]:[]:0.000000"),
    (Bead((), (7,)), "[]:[7]:0.000000"),
])
def test_vecalign_format(bead, line):
    assert vecalign_lines([bead]) == [line]


def test_four_to_one_merge():
    rng = np.random.default_rng(4)
    parts = unit(rng, 12)
    ref = np.vstack([parts[:3], window_vectors(parts[3:7], 4), parts[7:]])
    beads = align(ref, parts)
    assert Bead((3,), (3, 4, 5, 6)) in [Bead(b.ref_ids, b.repost_ids) for b in beads]


def test_crossing_boundaries_make_a_two_to_two_bead():
    """Reference says u+v | w+z, repost u+w | v+z: only the 2-2 bead means the same."""
    rng = np.random.default_rng(5)
    x = unit(rng, 10)
    u, v, w, z = x[3], x[4], x[5], x[6]
    n = lambda a: a / np.linalg.norm(a)
    ref = np.vstack([x[:3], n(u + v), n(w + z), x[7:]])
    rep = np.vstack([x[:3], n(u + w), n(v + z), x[7:]])
    beads = align(ref, rep)
    assert Bead((3, 4), (3, 4)) in [Bead(b.ref_ids, b.repost_ids) for b in beads]


def test_shared_words_steer_the_beads_where_embeddings_cannot_tell():
    """Identical vectors everywhere: only the words say the second line is not part of the match."""
    from audit.align.lexical import word_vectors

    ref_texts = ["Fighters stormed the Herat jail on Monday."]
    rep_texts = ["Fighters stormed the Herat jail.", "Subscribe to our newsletter for more."]
    ref = np.ones((1, 8), np.float32) / np.sqrt(8)
    rep = np.ones((2, 8), np.float32) / np.sqrt(8)
    rw, pw = word_vectors(ref_texts, rep_texts)
    params = AlignParams(keep_min=0.5)
    with_words = align(ref, rep, ref_words=rw, repost_words=pw, params=params)
    assert [(b.ref_ids, b.repost_ids) for b in with_words] == [((0,), (0,)), ((), (1,))]
    assert with_words[0].score == pytest.approx(1.0, abs=1e-5)  # callers get the plain cosine
    plain = align(ref, rep, params=params)
    assert [(b.ref_ids, b.repost_ids) for b in plain] == [((0,), (0, 1))]


def test_swapped_sentences_are_two_moved_pairs_not_one_two_to_two_bead():
    rng = np.random.default_rng(7)
    x = unit(rng, 3)
    beads = align(x, x[[0, 2, 1]])
    assert {(b.ref_ids, b.repost_ids) for b in beads} == {((0,), (0,)), ((1,), (2,)), ((2,), (1,))}


def _with_cosine(x, rng, cos):
    """A unit vector at cosine ``cos`` from each row of ``x`` (a poor translation of it)."""
    noise = unit(rng, len(x))
    noise -= (noise * x).sum(axis=1, keepdims=True) * x
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    return cos * x + np.sqrt(1 - cos**2) * noise


def test_translated_share_counts_chained_anchors_on_the_shorter_side():
    from audit.align.dp import translated_share

    chain = [(i, i, 0.9) for i in range(6)]
    assert translated_share([chain], 10, 6) == 1.0
    assert translated_share([chain[:2], chain[3:5]], 10, 6) == 0.0  # runs of two are chance
    assert translated_share([], 10, 6) == 0.0


def test_a_complete_translation_keeps_its_weak_pairs():
    """Poor MT in places (cosine 0.3) inside a translation is still the pair, not omitted + added."""
    rng = np.random.default_rng(11)
    x = unit(rng, 40)
    y = noisy(x, rng, 0.03)
    weak = [5, 12, 13, 27]
    y[weak] = _with_cosine(x[weak], rng, 0.3)
    beads = align(x, y)
    assert {(b.ref_ids, b.repost_ids) for b in beads} == {((i,), (i,)) for i in range(40)}


def test_an_article_that_mostly_does_not_translate_splits_its_weak_pairs():
    """Few anchors (another article on the same story): the same 0.3 pairs are chance, not matches."""
    rng = np.random.default_rng(12)
    x = unit(rng, 40)
    y = _with_cosine(x, rng, 0.3)
    strong = [30, 31]  # one anchored pair of sentences: nothing chains, nothing encloses the weak pairs
    y[strong] = noisy(x[strong], rng, 0.03)
    beads = align(x, y)
    matched = {(b.ref_ids, b.repost_ids) for b in beads if b.ref_ids and b.repost_ids}
    assert matched == {((i,), (i,)) for i in strong}


def test_a_weak_pair_whose_sentence_moved_is_split_and_rescued():
    """The DP may pair a sentence with a neighbour while its real counterpart moved far."""
    rng = np.random.default_rng(13)
    x = unit(rng, 30)
    order = list(range(30))
    order.remove(8)
    order.insert(25, 8)  # sentence 8 moved near the end
    y = noisy(x[order], rng, 0.03)
    beads = align(x, y)
    bead = next(b for b in beads if 8 in b.ref_ids)
    assert bead.repost_ids == (order.index(8),) and bead.moved


def _split_translation(split_at: int, m: int = 30, window_noise: float = 0.8):
    """A repost of ``m`` sentences; the reference translates each, but splits sentence
    ``split_at`` into a long half and a short half that says little alone (its
    embedded 2-window is weaker than the long half's own pair), and keeps sentence 20,
    which the repost dropped."""
    rng = np.random.default_rng(5)
    rep = unit(rng, m, 64)
    rows, lengths = [], []
    for j in range(m):
        rows.append(noisy(rep[j:j + 1], rng, 0.04)[0])
        lengths.append(100)
        if j == split_at:
            rows.append(unit(rng, 1, 64)[0])
            lengths[-1] = 60
            lengths.append(40)
        if j == 20:
            rows.append(unit(rng, 1, 64)[0])
            lengths.append(100)
    ref = np.asarray(rows, np.float32)
    windows = {2: window_vectors(ref, 2).copy()}
    windows[2][split_at] = noisy(rep[split_at:split_at + 1], rng, window_noise / 8)[0]
    return ref, rep, lengths, windows


def _one_sided_refs(beads):
    return [b.ref_ids[0] for b in beads if b.ref_ids and not b.repost_ids]


def test_a_split_sentence_left_over_joins_its_neighbour_and_a_dropped_one_stays_omitted():
    ref, rep, lengths, windows = _split_translation(10)
    kw = dict(ref_lengths=lengths, repost_lengths=[100] * len(rep), ref_windows=windows)
    before = align(ref, rep, params=AlignParams(absorb_tolerance=None), **kw)
    assert _one_sided_refs(before) == [11, 22]  # the DP alone leaves the short half out
    after = align(ref, rep, **kw)
    assert ((10, 11), (10,)) in [(b.ref_ids, b.repost_ids) for b in after]
    assert _one_sided_refs(after) == [22]  # the dropped sentence would make its bead longer: it stays out
    assert_partition(after, len(ref), len(rep))


def test_the_last_sentence_never_joins_a_neighbour():
    ref, rep, lengths, windows = _split_translation(29)  # the short half is the reference's last sentence
    kw = dict(ref_lengths=lengths, repost_lengths=[100] * len(rep), ref_windows=windows)
    assert len(ref) - 1 in _one_sided_refs(align(ref, rep, **kw))


def _unit(v):
    v = np.asarray(v, np.float32)
    return v / np.linalg.norm(v)


def test_without_any_anchor_a_weak_lone_match_is_not_kept():
    # Across languages keep_min (0.2) sits below anchor_min (0.3). A one-sentence repost
    # about something else, at cosine 0.25 to one reference sentence, shares no anchor
    # with the reference: it must stay unmatched, not become a "partial" copy.
    from audit.align.dp import CROSSLINGUAL

    ref = np.eye(4, 8, dtype=np.float32)
    repost = _unit([0.0, 0.25, 0.0, 0.0, 0.968, 0.0, 0.0, 0.0])[None, :]
    assert float(ref[1] @ repost[0]) == pytest.approx(0.25, abs=0.01)
    beads = align(ref, repost, params=CROSSLINGUAL)
    assert not any(b.ref_ids and b.repost_ids for b in beads)


def test_with_an_anchor_a_weak_pair_between_documents_still_counts():
    from audit.align.dp import CROSSLINGUAL

    ref = np.eye(4, 8, dtype=np.float32)
    repost = np.stack([ref[0], _unit([0.0, 0.25, 0.0, 0.0, 0.968, 0.0, 0.0, 0.0]), ref[2], ref[3]])
    beads = align(ref, repost, params=CROSSLINGUAL)
    assert Bead((1,), (1,)) in [Bead(b.ref_ids, b.repost_ids) for b in beads]


def _shuffled_copy_beads(params=None):
    import random
    from pathlib import Path

    from audit.config import AuditConfig
    from audit.ingest.read import document_from_text, read_document
    from audit.pipeline import align_segments
    from audit.segment.sentences import segment
    from fakes import FakeEmbedder

    path = Path(__file__).parents[1] / "seeds" / "000_reference_aljazeera.txt"
    paras = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    blocks = [paras[k:k + 2] for k in range(0, len(paras), 2)]
    random.Random(7).shuffle(blocks)
    ref = segment(read_document(path))
    rep = segment(document_from_text("\n\n".join(p.strip() for b in blocks for p in b) + "\n", path="moved.txt"))
    return ref, rep, align_segments(ref, rep, FakeEmbedder(), AuditConfig(), params)


def test_a_copy_with_its_paragraphs_moved_matches_every_sentence_to_its_copy():
    ref, rep, beads = _shuffled_copy_beads()
    copy = {s.text: s.index for s in rep}
    got = {i: b.repost_ids for b in beads if b.ref_ids and b.repost_ids for i in b.ref_ids}
    content = [s for s in ref if not s.is_boilerplate]
    assert all(copy[s.text] in got.get(s.index, ()) for s in content)


def test_without_the_claim_step_moved_sentences_are_left_over():
    # the same copy, the step off: weak in-order pairs hold some true counterparts
    import dataclasses

    from audit.config import AuditConfig
    from audit.pipeline import align_params

    ref, rep, beads = _shuffled_copy_beads(dataclasses.replace(align_params(AuditConfig()), claim_margin=None))
    copy = {s.text: s.index for s in rep}
    got = {i: b.repost_ids for b in beads if b.ref_ids and b.repost_ids for i in b.ref_ids}
    assert any(copy[s.text] not in got.get(s.index, ()) for s in ref if not s.is_boilerplate)


def _moved_case(holder):
    # ref: anchor, holder, anchor, anchor, x; repost: anchor, y, anchor, anchor. The DP
    # pairs the holder with y in order; x, at the end, is left over, and y is its best.
    e = np.eye(8)
    ref = np.stack([e[0], _unit(holder), e[2], e[3], _unit(0.9 * e[1] + 0.436 * e[5])])
    repost = np.stack([e[0], e[1], e[2], e[3]])
    return [Bead(b.ref_ids, b.repost_ids) for b in align(ref, repost)]


def test_a_leftover_claims_its_match_from_a_stranger_the_dp_put_in_a_gap():
    e = np.eye(8)
    beads = _moved_case(0.5 * e[1] + 0.7 * e[3] + 0.51 * e[6])  # prefers the fourth sentence
    assert Bead((4,), (1,)) in beads and Bead((1,), ()) in beads


def test_a_leftover_does_not_claim_from_a_bead_whose_sentence_prefers_the_same_match():
    # a repeated phrase: both reference sentences are closest to y; the one in place keeps it
    e = np.eye(8)
    beads = _moved_case(0.6 * e[1] + 0.8 * e[6])
    assert Bead((1,), (1,)) in beads and Bead((4,), ()) in beads


def _heading_case(trim_paragraphs=True):
    # a heading paragraph (like "Talks in Iran") close to the next paragraph's sentence,
    # whose translation the repost has without the heading
    e = np.eye(8)
    heading, sentence = _unit(0.85 * e[1] + 0.527 * e[6]), _unit(0.9 * e[1] + 0.436 * e[5])
    ref = np.stack([e[0], heading, sentence, e[3]])
    repost = np.stack([e[0], e[1], e[3]])
    params = AlignParams(trim_paragraphs=trim_paragraphs)
    beads = align(ref, repost, params=params, ref_paragraphs=[0, 1, 2, 3], repost_paragraphs=[0, 1, 2])
    return [Bead(b.ref_ids, b.repost_ids) for b in beads]


def test_the_trim_peels_a_sentence_of_another_paragraph_off_a_merge():
    beads = _heading_case()
    assert Bead((2,), (1,)) in beads and Bead((1,), ()) in beads


def test_without_the_paragraph_term_the_heading_rides_along():
    assert Bead((1, 2), (1,)) in _heading_case(trim_paragraphs=False)


def _split_case(other_ref_length, dropped_paragraph=None):
    # reference sentences 5 and 6 both translate repost sentence 5 (6 only loosely); the
    # DP leaves 6 over, and the last step decides whether it joins its neighbour's bead.
    # With dropped_paragraph, an unmatched sentence follows 6, in the paragraphs given.
    e = np.eye(16)
    repost = np.stack([e[j] for j in range(9)])
    extra = [e[12]] if dropped_paragraph is not None else []
    ref = np.stack([e[i] for i in range(5)] + [_unit(0.85 * e[5] + 0.527 * e[10]), _unit(0.4 * e[5] + 0.917 * e[11])]
                   + extra + [e[j] for j in (6, 7, 8)])
    lengths = [other_ref_length] * 5 + [25, 10] + [other_ref_length] * (len(extra) + 3)
    paragraphs = dropped_paragraph or None
    beads = align(ref, repost, ref_lengths=lengths, repost_lengths=[20] * 9, ref_paragraphs=paragraphs,
                  repost_paragraphs=list(range(9)) if paragraphs else None)
    return [Bead(b.ref_ids, b.repost_ids) for b in beads]


def test_a_split_joins_where_the_reference_is_written_longer_throughout():
    # every strong match is 30 words against 20, so a bead of 45 against 40 is short, not long
    assert Bead((5, 6), (5,)) in _split_case(30)


def test_a_leftover_that_would_make_its_bead_longer_than_the_document_writes_stays_out():
    assert Bead((6,), ()) in _split_case(20) and Bead((5,), (5,)) in _split_case(20)


@pytest.mark.parametrize("paragraphs, joins", [([], True), ([0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9], False)])
def test_a_leftover_does_not_join_a_bead_across_a_paragraph_break(paragraphs, joins):
    # the split case again, with an unmatched sentence after it; in a paragraph of their
    # own, the two are a dropped paragraph, and neither joins the bead of the one before
    assert (Bead((5, 6), (5,)) in _split_case(30, dropped_paragraph=paragraphs)) is joins
