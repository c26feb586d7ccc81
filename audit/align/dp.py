"""Sentence alignment from vectors: order-free blocks, in-order beads inside them.

The aligner never sees a model. It takes L2-normalised sentence vectors (and,
optionally, vectors of 2- and 3-sentence windows for merges), and returns beads.

Recipe (after Bertalign's anchors-then-DP and Vecalign's window vectors):
1. Anchors: mutual nearest neighbours under a hubness-corrected score (CSLS),
   so short generic lines that sit close to everything do not anchor.
2. Blocks: chain anchors that keep their order with small gaps; take the best
   chain, claim its spans, repeat. Reordered paragraphs become separate blocks.
3. Beads: dynamic programming with m-n beads (up to 5-1, 2-2, 3-2 ...) inside
   each block, cut into small rectangles at runs of confident diagonal anchors
   so the cost stays near-linear in document length. A bead is scored by its
   cosine, plus shared rare words when word vectors are given, less the
   window's mean cosine to random sentences of the other side (Vecalign's
   normalisation: a long window is close to everything).
4. Moved content: sentences left unmatched are aligned once more among
   themselves with a stricter threshold; the beads found there are ``moved``.
5. In a document that translates, a lone sentence still unmatched between two
   matched ones joins the neighbouring bead it fits: a translator who splits a
   sentence in three leaves no sentence untranslated.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .lexical import window_rows
from ..types import Bead

NEG = -1e9
# Bumped whenever the defaults or the recipe change what the aligner returns; reports'
# signatures carry it, since most aligner parameters are not config keys.
VERSION = "8"


@dataclass(frozen=True)
class AlignParams:
    max_merge: int = 5
    anchor_min: float = 0.5  # cosine an anchor must reach
    threshold: float = -0.2  # a bead gains (sim - threshold); skipping a sentence gains 0
    rescue_min: float = 0.7  # stricter threshold for pairing leftovers (moved content)
    rescue_passes: int = 8
    merge_penalty: float = 0.0  # per extra sentence in a bead: prefer 1-1 when in doubt
    length_weight: float = 0.2  # penalty per unit of |log length ratio|
    size_power: float = 0.4  # bead gain grows as (sentences/2)**size_power; 0 = one gain per bead
    keep_min: float = 0.5  # after the DP, a bead below this cosine is split into unmatched sentences...
    keep_locked: float = 0.2  # ...unless it sits between strong matches with no gap, then this is enough
    edges_vouch: bool = False  # a document edge counts as a strong match for vouching
    keep_floor: float = 0.15  # ...where the document translates (translated share >= share_high), keep_min falls to this
    null_percentile: float = 50.0  # ...but never below this percentile of random-pair cosines in the same documents
    share_low: float = 0.25  # translated share at or below which keep_min holds in full
    share_high: float = 0.35  # translated share at or above which keep_floor holds
    trim_tolerance: float = -0.1  # drop an edge sentence from a merge if the cosine falls by less than this
    trim_paragraphs: bool = True  # ...counting paragraph_penalty for a merge across a paragraph break, as the DP does
    chain_gap: int = 12  # largest jump (sentences) between anchors of one block
    cut_min: float = 0.5  # diagonal anchors this strong split the DP into pieces
    top_k: int = 4  # neighbours averaged for the hubness correction
    chunk: int = 1024  # rows of the similarity matrix held in memory at once
    paragraph_penalty: float = 0.15  # a merge that spans a paragraph break
    max_cells: int = 250_000  # largest DP rectangle (about 500 x 500 sentences without an anchor)
    lexical_weight: float = 1.0  # weight of shared-word similarity, when word vectors are given
    scale_lengths: bool = False  # scale the repost's sentence lengths to the reference's total (across languages)
    margin_weight: float = 1.0  # subtract this times the window's mean cosine to random sentences (hubness)
    embedded_windows: int = 3  # windows up to this many sentences are worth embedding; longer ones use sums
    max_total: int = 6  # sentences in one bead, both sides together
    max_many: int = 5  # beads with several sentences on both sides (2-2, 3-2) up to this total
    absorb_tolerance: float | None = 0.3  # where the document translates, a lone unmatched sentence joins a
    # neighbouring bead if the bead's quality falls by less than this (None: never)...
    absorb_length: bool = True  # ...and the bead's length ratio gets no further from the document's typical one
    claim_margin: float | None = 0.1  # a leftover sentence takes its mutual best match (>= rescue_min) back
    # from a bead this much weaker, where blocks moved (None: never)


# Across languages (the multilingual encoder, a Chinese original against its English
# translation) cosines sit lower: a true pair's median is about 0.55, not 0.8, while random
# pairs stay near 0.07. The cosine cut-offs move down with them, and sentence lengths are
# scaled to the same total. Chosen by `benchmarks/tune_align.py --crosslingual` (120 settings
# on the eight MAC Chinese chapters): the best on all eight, strict F1 0.881 in-sample;
# picking by leave-one-chapter-out gives 0.875 on the chapter left out. Shared words count
# half as much as in English: across scripts only names and numbers can be shared.
CROSSLINGUAL = AlignParams(anchor_min=0.3, cut_min=0.3, keep_min=0.2, keep_locked=0.15, keep_floor=0.0,
                           rescue_min=0.6, threshold=-0.3, length_weight=0.1, size_power=0.5,
                           lexical_weight=0.5, scale_lengths=True)


def window_vectors(vecs: np.ndarray, k: int) -> np.ndarray:
    """Approximate the vector of each run of ``k`` sentences by their normalised sum."""
    if k == 1 or len(vecs) < k:
        return vecs if k == 1 else np.zeros((0, vecs.shape[1]), np.float32)
    csum = np.cumsum(np.vstack([np.zeros((1, vecs.shape[1]), vecs.dtype), vecs]), axis=0)
    win = csum[k:] - csum[:-k]
    return win / np.maximum(np.linalg.norm(win, axis=1, keepdims=True), 1e-12)


def align(
    ref: np.ndarray,
    repost: np.ndarray,
    *,
    ref_lengths: Sequence[int] | None = None,
    repost_lengths: Sequence[int] | None = None,
    ref_windows: dict[int, np.ndarray] | None = None,
    repost_windows: dict[int, np.ndarray] | None = None,
    ref_paragraphs: Sequence[int] | None = None,
    repost_paragraphs: Sequence[int] | None = None,
    ref_words=None,
    repost_words=None,
    params: AlignParams = AlignParams(),
) -> list[Bead]:
    """Align two documents given as sentence vectors; return beads in reference order.

    Paragraph numbers, when given, make a merge across a paragraph break cost
    ``paragraph_penalty``: a sentence is rarely split over two paragraphs.

    Every sentence of both sides appears in exactly one bead. Windows, when given,
    map a length ``k`` to an array whose row ``i`` is the vector of sentences
    ``i..i+k-1`` (real embeddings of the joined text beat the default sums).
    """
    n, m = len(ref), len(repost)
    if n == 0 or m == 0:
        return _one_sided(range(n), range(m))
    both = ref_words is not None and repost_words is not None
    sides = [_Side(ref, ref_lengths, ref_windows, params.max_merge, ref_paragraphs, ref_words if both else None),
             _Side(repost, repost_lengths, repost_windows, params.max_merge, repost_paragraphs,
                   repost_words if both else None)]
    if params.margin_weight:
        rng = np.random.default_rng(0)
        for me, other in ((sides[0], sides[1]), (sides[1], sides[0])):
            sample = other.vecs[rng.choice(len(other.vecs), min(len(other.vecs), 256), replace=False)]
            me.hub = {k: (w @ sample.T).mean(axis=1) if len(w) else np.zeros(0) for k, w in me.windows.items()}
    anchors, best = _scan(sides[0].vecs, sides[1].vecs, params)
    chains = _chains(anchors, n, m, params.chain_gap)
    beads = _align_lists(list(range(n)), list(range(m)), sides, params, params.threshold, chains)
    # The blend of cosine and shared words steers the DP and the trim; keeping or
    # dropping a match is decided on the cosine alone, since a related article
    # shares names and words with the reference without translating it.
    beads = _with_cosines([t for b in beads for t in _trim(b, sides, params)], sides)
    keep = _keep_min(chains, n, m, params, _null_cosine(sides, params.null_percentile))
    if not anchors:
        # Two documents without a single anchor share nothing that a weak pair could sit
        # between, and their random pairs are all the null there is: a match must then be as
        # strong as an anchor. (English keeps its matches at that strength anyway; across
        # languages keep_min is lower, and a one-sentence foreign article about something
        # else matched five reference sentences on a summed window's chance cosine.)
        params = replace(params, keep_min=max(params.keep_min, params.anchor_min))
        keep = max(keep, params.anchor_min)
    beads = _drop_weak(beads, n, m, params, keep, best)
    # Content that moved far is invisible to the in-order DP: pair the leftovers
    # among themselves, again and again, since each pass finds one order. The DP
    # there only proposes (its gains are already net of the hubness margin); the
    # plain cosine must then reach rescue_min.
    beads = _rescue(beads, sides, params)
    if params.claim_margin is not None:
        beads = _rescue(_claim(beads, sides, params), sides, params)
    if params.absorb_tolerance is not None and translated_share(chains, n, m) >= params.share_high:
        beads = _absorb(order_beads(beads), sides, params)
    return _mark_moved(order_beads(beads))


def _rescue(beads: list[Bead], sides: list[_Side], p: AlignParams) -> list[Bead]:
    """Pair the leftovers among themselves, pass after pass (each DP pass finds one order)."""
    for _ in range(p.rescue_passes):
        left_r = [i for b in beads if not b.repost_ids for i in b.ref_ids]
        left_p = [j for b in beads if not b.ref_ids for j in b.repost_ids]
        if not left_r or not left_p:
            break
        rescued = [b for b in _with_cosines(_align_lists(left_r, left_p, sides, p, 0.0), sides)
                   if b.ref_ids and b.repost_ids and b.score >= p.rescue_min]
        if not rescued:
            break
        used_r = {i for b in rescued for i in b.ref_ids}
        used_p = {j for b in rescued for j in b.repost_ids}
        beads = [b for b in beads if not (set(b.ref_ids) & used_r or set(b.repost_ids) & used_p)]
        beads += [Bead(b.ref_ids, b.repost_ids, b.score, moved=True) for b in rescued]
    return beads


def _claim(beads: list[Bead], sides: list[_Side], p: AlignParams) -> list[Bead]:
    """A leftover sentence takes back its mutual best match from a clearly weaker bead.

    When blocks are reordered, the in-order DP fills the gaps between anchors with
    weak pairs of unrelated sentences, and a sentence whose true counterpart sits
    in such a pair is left over: the rescue pass only pairs leftovers with each
    other. Here a leftover whose best match (at least ``rescue_min``, and the best
    for that match too) is held by a bead at least ``claim_margin`` weaker, whose
    own sentences on the leftover's side prefer other matches, breaks that bead and
    pairs with it; the bead's other sentences become leftovers, for
    the rescue pass that follows. Passes repeat, since one claim can free the
    counterpart of another.
    """
    vecs = (sides[0].vecs, sides[1].vecs)
    found: dict[tuple[int, int], tuple[int, float]] = {}

    def best(side: int, x: int) -> tuple[int, float]:
        """x's best match on the other side and its cosine; vectors never change, so once each."""
        if (side, x) not in found:
            row = vecs[1 - side] @ vecs[side][x]  # one row at a time: memory stays linear
            y = int(row.argmax())
            found[(side, x)] = y, float(row[y])
        return found[(side, x)]

    for _ in range(p.rescue_passes):
        owner = {}
        for b in beads:
            if b.ref_ids and b.repost_ids:
                for i in b.ref_ids:
                    owner[(0, i)] = b
                for j in b.repost_ids:
                    owner[(1, j)] = b
        claims = []
        for b in beads:
            if b.ref_ids and b.repost_ids:
                continue
            side, x = (0, b.ref_ids[0]) if b.ref_ids else (1, b.repost_ids[0])
            y, cos = best(side, x)
            if cos < p.rescue_min or best(1 - side, y)[0] != x:
                continue
            holder = owner.get((1 - side, y))
            if holder is None or holder.score > cos - p.claim_margin:
                continue
            # A bead whose own sentence also prefers y is a true pair of a repeated
            # phrase ("There is no sign of correlation" twice in a talk), not a
            # stranger the DP put into a gap: it keeps y.
            mine = holder.ref_ids if side == 0 else holder.repost_ids
            if any(best(side, h)[0] == y for h in mine):
                continue
            claims.append((cos, (x, y) if side == 0 else (y, x), holder))
        if not claims:
            return beads
        broken, new = set(), []
        for score, (i, j), holder in sorted(claims, key=lambda t: -t[0]):
            if id(holder) in broken:
                continue
            broken.add(id(holder))
            new.append((Bead((i,), (j,), score, moved=True), holder))
        taken_r = {b.ref_ids[0] for b, _ in new}
        taken_p = {b.repost_ids[0] for b, _ in new}
        keep = []
        for b in beads:
            if id(b) in broken:
                keep += _one_sided([i for i in b.ref_ids if i not in taken_r],
                                   [j for j in b.repost_ids if j not in taken_p])
            elif not (set(b.ref_ids) & taken_r or set(b.repost_ids) & taken_p):
                keep.append(b)
        beads = keep + [b for b, _ in new]
    return beads


def _absorb(beads: list[Bead], sides: list[_Side], p: AlignParams) -> list[Bead]:
    """Let a lone unmatched sentence join the matched bead before or after it.

    Only where the document translates (the caller checks its translated share):
    there a sentence left over between two matches is most often one the other
    side merged into a neighbour (MAC's human translation splits what the MT
    keeps whole), and the DP left it out only because the merge's gain fell
    short of two beads' gain. The bead must stay nearly as good (its quality
    falls by less than ``absorb_tolerance``) and, with ``absorb_length``, its
    length ratio no further from the document's typical ratio (the median of its
    strong matches): an added sentence makes its bead longer than what it
    translates, but a translator who writes longer throughout makes every bead
    longer (MAC's human side: its strong matches' smoothed ratio is 1.05-1.16),
    and measured against a ratio of 1 most of its splits could never join. A
    document's first and last sentences never join, since news puts headlines,
    bylines and added boilerplate there.
    Nor does a sentence join across a paragraph break (where the document has
    paragraphs): there a short dropped or added paragraph changes a bead's quality
    too little to be told from a split, whatever the lengths say.
    Passes repeat, one sentence per bead each, so two leftovers in a row can
    both join.
    """
    typical = _typical_log_ratio(beads, sides, p)
    while True:
        matched = [b for b in beads if b.ref_ids and b.repost_ids and not b.moved]
        offers: dict[int, tuple[float, Bead, Bead]] = {}  # id(bead) -> best (quality change, single, merged)
        for side in (0, 1):
            ids = (lambda b: b.ref_ids) if side == 0 else (lambda b: b.repost_ids)
            ends = {ids(b)[-1]: b for b in matched}
            starts = {ids(b)[0]: b for b in matched}
            last = len(sides[side].vecs) - 1
            for single in beads:
                if not ids(single) or (single.ref_ids and single.repost_ids):
                    continue
                i = ids(single)[0]
                if i == 0 or i == last:
                    continue
                for nb in (ends.get(i - 1), starts.get(i + 1)):
                    if nb is None or len(ids(nb)) >= p.max_merge or len(nb.ref_ids) + len(nb.repost_ids) >= p.max_total:
                        continue
                    own = tuple(sorted(ids(nb) + (i,)))
                    if sides[side].paragraphs[own[0]] != sides[side].paragraphs[own[-1]]:
                        continue  # a paragraph break between them: a dropped or added paragraph, not a split
                    r, c = (own, nb.repost_ids) if side == 0 else (nb.ref_ids, own)
                    change = _quality(list(r), list(c), sides, p) - _quality(list(nb.ref_ids), list(nb.repost_ids),
                                                                               sides, p)
                    if change < -p.absorb_tolerance:
                        continue
                    if p.absorb_length and (abs(_log_ratio(r, c, sides) - typical)
                                            > abs(_log_ratio(nb.ref_ids, nb.repost_ids, sides) - typical)):
                        continue
                    best = offers.get(id(nb))
                    if best is None or change > best[0]:
                        offers[id(nb)] = (change, single, Bead(r, c, _cos(list(r), list(c), sides)))
        taken: set[int] = set()
        merges = []
        for change, single, merged in sorted(offers.values(), key=lambda o: -o[0]):
            if id(single) not in taken:  # a sentence offered to both neighbours joins the better one
                taken.add(id(single))
                merges.append(merged)
        if not merges:
            return beads
        gone = {i for b in merges for i in b.ref_ids}, {j for b in merges for j in b.repost_ids}
        beads = [b for b in beads if not (set(b.ref_ids) & gone[0] or set(b.repost_ids) & gone[1])] + merges
        beads = order_beads(beads)


def _log_ratio(r, c, sides: list[_Side]) -> float:
    lr = sum(sides[0].lengths[i] for i in r) + 20
    lp = sum(sides[1].lengths[j] for j in c) + 20
    return float(np.log(lr / lp))


def _typical_log_ratio(beads: list[Bead], sides: list[_Side], p: AlignParams) -> float:
    """The median length ratio of the document's strong matches: how much longer one side
    writes the same thing (a literary translator expands; a news repost keeps length)."""
    strong = [_log_ratio(b.ref_ids, b.repost_ids, sides) for b in beads
              if b.ref_ids and b.repost_ids and b.score >= p.anchor_min]
    return float(np.median(strong)) if strong else 0.0


def _length_gap(r, c, sides: list[_Side]) -> float:
    """|log length ratio| of a bead, as the DP's length penalty measures it."""
    return abs(_log_ratio(r, c, sides))


def _with_cosines(beads: list[Bead], sides: list[_Side]) -> list[Bead]:
    return [Bead(b.ref_ids, b.repost_ids, _cos(list(b.ref_ids), list(b.repost_ids), sides), b.moved)
            if b.ref_ids and b.repost_ids else b for b in beads]


class _Side:
    def __init__(self, vecs: np.ndarray, lengths: Sequence[int] | None,
                 windows: dict[int, np.ndarray] | None, max_merge: int,
                 paragraphs: Sequence[int] | None = None, words=None) -> None:
        self.vecs = np.asarray(vecs, np.float32)
        self.paragraphs = np.asarray(paragraphs if paragraphs is not None else [0] * len(vecs))
        self.lengths = np.asarray(lengths if lengths is not None else [1] * len(vecs), float)
        self.windows = {1: self.vecs}
        for k in range(2, max_merge + 1):
            given = (windows or {}).get(k)
            self.windows[k] = given if given is not None else window_vectors(self.vecs, k)
        self.hub = None
        self.words = None if words is None else {k: window_rows(words, k) for k in range(1, max_merge + 1)}


def _align_lists(ri: list[int], pj: list[int], sides: list[_Side], params: AlignParams,
                 threshold: float, chains=None) -> list[Bead]:
    """Align two ordered lists of sentence ids (a whole document or its leftovers)."""
    beads: list[Bead] = []
    for r0, r1, c0, c1 in _all_pieces(ri, pj, sides[0].vecs, sides[1].vecs, params, chains):
        beads += _dp([ri[x] for x in range(r0, r1)], [pj[y] for y in range(c0, c1)],
                     sides[0], sides[1], params, threshold)
    return beads


def _all_pieces(ri, pj, ref_vecs, rep_vecs, params: AlignParams, chains=None):
    if chains is None:
        chains = _chains(_anchors(ref_vecs[ri], rep_vecs[pj], params), len(ri), len(pj), params.chain_gap)
    for rows, cols, cuts in _regions(chains, len(ri), len(pj), params.cut_min):
        yield from _pieces(rows, cols, cuts)


def windows_needed(ref: np.ndarray, repost: np.ndarray, params: AlignParams = AlignParams()
                   ) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Which multi-sentence windows the DP will look at, per window length.

    Encoding every 2- and 3-sentence window triples the encoding work, yet the
    DP only reads windows inside the rectangles between anchors. Callers can
    embed just these and let :func:`align` approximate the rest by sums.
    """
    n, m = len(ref), len(repost)
    sizes = range(2, min(params.max_merge, params.embedded_windows) + 1)
    need_r: dict[int, set[int]] = {k: set() for k in sizes}
    need_p: dict[int, set[int]] = {k: set() for k in sizes}
    if n and m:
        for r0, r1, c0, c1 in _all_pieces(list(range(n)), list(range(m)), ref, repost, params):
            if (r1 - r0) * (c1 - c0) <= 1 or (r1 - r0) * (c1 - c0) > params.max_cells:
                continue
            for k in need_r:
                need_r[k].update(range(r0, r1 - k + 1))
                need_p[k].update(range(c0, c1 - k + 1))
    return ({k: sorted(v) for k, v in need_r.items()}, {k: sorted(v) for k, v in need_p.items()})


def _anchors(a: np.ndarray, b: np.ndarray, p: AlignParams) -> list[tuple[int, int, float]]:
    return _scan(a, b, p)[0]


def _scan(a: np.ndarray, b: np.ndarray, p: AlignParams):
    """Mutual nearest neighbours under CSLS, computed in row chunks (memory ~ n + m).

    Also returns each sentence's highest plain cosine with the other side (rows,
    then columns), which the neighbour search finds on the way.
    """
    n, m = len(a), len(b)
    k = min(p.top_k, n, m)
    row_hub = np.zeros(n, np.float32)
    row_max = np.zeros(n, np.float32)
    col_top = np.full((k, m), -1.0, np.float32)
    for s in range(0, n, p.chunk):
        sims = a[s:s + p.chunk] @ b.T
        top = -np.partition(-sims, k - 1, axis=1)[:, :k]
        row_hub[s:s + p.chunk] = top.mean(axis=1)
        row_max[s:s + p.chunk] = top.max(axis=1)
        col_top = -np.partition(-np.vstack([col_top, sims]), k - 1, axis=0)[:k]
    col_hub = col_top.mean(axis=0)
    row_best = np.zeros(n, np.int64)
    row_cos = np.zeros(n, np.float32)
    col_best = np.zeros(m, np.int64)
    col_score = np.full(m, -np.inf, np.float32)
    for s in range(0, n, p.chunk):
        sims = a[s:s + p.chunk] @ b.T
        csls = 2 * sims - row_hub[s:s + p.chunk, None] - col_hub[None, :]
        best = csls.argmax(axis=1)
        row_best[s:s + p.chunk] = best
        row_cos[s:s + p.chunk] = sims[np.arange(len(sims)), best]
        cb = csls.argmax(axis=0)
        cv = csls[cb, np.arange(m)]
        better = cv > col_score
        col_score[better] = cv[better]
        col_best[better] = cb[better] + s
    anchors = [(i, int(row_best[i]), float(row_cos[i])) for i in range(n)
               if col_best[row_best[i]] == i and row_cos[i] >= p.anchor_min]
    return anchors, (row_max, col_top.max(axis=0))


def _chains(anchors: list[tuple[int, int, float]], n: int, m: int, gap: int
            ) -> list[list[tuple[int, int, float]]]:
    """Split anchors into order-keeping chains that never overlap on either side."""
    free_r = np.ones(n + 1, bool)
    free_c = np.ones(m + 1, bool)
    pool = sorted(anchors)
    chains = []
    while pool:
        # Prefix sums let us ask "is anything between these two claimed?" in O(1).
        claimed_r = np.concatenate([[0], np.cumsum(~free_r)])
        claimed_c = np.concatenate([[0], np.cumsum(~free_c)])
        score = [a[2] for a in pool]
        back = [-1] * len(pool)
        for x, (i, j, s) in enumerate(pool):
            y = x - 1
            while y >= 0 and i - pool[y][0] <= gap:
                pi, pj, _ = pool[y]
                if (pi < i and pj < j and j - pj <= gap
                        and claimed_r[i] == claimed_r[pi + 1] and claimed_c[j] == claimed_c[pj + 1]
                        and score[y] + s > score[x]):
                    score[x], back[x] = score[y] + s, y
                y -= 1
        x = int(np.argmax(score))
        chain = []
        while x >= 0:
            chain.append(pool[x])
            x = back[x]
        chain.reverse()
        chains.append(chain)
        r0, r1 = chain[0][0], chain[-1][0]
        c0, c1 = chain[0][1], chain[-1][1]
        free_r[r0:r1 + 1] = False
        free_c[c0:c1 + 1] = False
        pool = [a for a in pool if free_r[a[0]] and free_c[a[1]]]
    return chains


def _regions(chains, n: int, m: int, cut_min: float):
    """Give every sentence to exactly one region: a block plus the gap after it.

    A gap after a block (in each side's own order) most likely holds that block's
    deleted or inserted sentences, so it is aligned together with the block.
    """
    if not chains:
        return [((0, n), (0, m), [])]
    by_ref = sorted(chains, key=lambda c: c[0][0])
    by_rep = sorted(chains, key=lambda c: c[0][1])
    ref_end = {id(c): (by_ref[k + 1][0][0] if k + 1 < len(by_ref) else n) for k, c in enumerate(by_ref)}
    rep_end = {id(c): (by_rep[k + 1][0][1] if k + 1 < len(by_rep) else m) for k, c in enumerate(by_rep)}
    regions = []
    head = ((0, by_ref[0][0][0]), (0, by_rep[0][0][1]), [])
    if head[0][0] < head[0][1] or head[1][0] < head[1][1]:
        regions.append(head)
    for c in chains:
        cuts = [(i, j) for (pi, pj, ps), (i, j, s) in zip(c, c[1:])
                if i == pi + 1 and j == pj + 1 and min(ps, s) >= cut_min]
        regions.append(((c[0][0], ref_end[id(c)]), (c[0][1], rep_end[id(c)]), cuts))
    return regions


def _pieces(rows, cols, cuts):
    r0, c0 = rows[0], cols[0]
    for i, j in cuts:
        yield r0, i, c0, j
        r0, c0 = i, j
    yield r0, rows[1], c0, cols[1]


def _dp(ri: list[int], pj: list[int], ref: _Side, rep: _Side, p: AlignParams,
        threshold: float) -> list[Bead]:
    """Best in-order beads for one rectangle; skipping a sentence scores 0."""
    h, w = len(ri), len(pj)
    if h == 0 or w == 0 or h * w > p.max_cells:
        # A stretch this large with no anchor at all shares no content worth a
        # quadratic search: report it unmatched (the rescue pass still pairs
        # any strong matches inside it).
        return _one_sided(ri, pj)
    types = [(a, b) for a in range(1, p.max_merge + 1) for b in range(1, p.max_merge + 1)
             if (min(a, b) == 1 or a + b <= p.max_many) and a + b <= p.max_total]
    gains = {}
    sims = {}
    for a, b in types:
        if a > h or b > w:
            continue
        sa = _window_rows(ri, a, ref)
        sb = _window_rows(pj, b, rep)
        sim = sa[0] @ sb[0].T
        if ref.words is not None:
            sim = _blend(sim, _word_sims(ri, a, ref, pj, b, rep), p)
        sims[(a, b)] = sim
        if ref.hub is not None:
            sim = sim - p.margin_weight * (_hub_rows(ri, a, ref)[:, None] + _hub_rows(pj, b, rep)[None, :]) / 2
        lr = np.abs(np.log((sa[1][:, None] + 20) / (sb[1][None, :] + 20)))
        g = (sim - threshold) * ((a + b) / 2) ** p.size_power - p.merge_penalty * (a + b - 2) - p.length_weight * lr
        g -= p.paragraph_penalty * (sa[3][:, None] + sb[3][None, :])
        g[~sa[2][:, None] | ~sb[2][None, :]] = NEG  # runs across a gap are not real merges
        if a > 1 and b > 1:
            # Two swapped sentences look like one 2-2 bead; a real m-n bead is closer
            # as a whole than either of its crossing corners alone.
            single = sims[(1, 1)]
            cross = np.maximum(single[: h - a + 1, b - 1:], single[a - 1:, : w - b + 1])
            g[cross >= sims[(a, b)]] = NEG
        gains[(a, b)] = g.tolist()
    score = [[0.0] * (w + 1) for _ in range(h + 1)]
    move = [[(0, 0)] * (w + 1) for _ in range(h + 1)]
    for i in range(h + 1):
        row = score[i]
        for j in range(w + 1):
            if i == 0 and j == 0:
                continue
            best, arg = NEG, (0, 0)
            if i > 0 and score[i - 1][j] > best:
                best, arg = score[i - 1][j], (1, 0)
            if j > 0 and row[j - 1] > best:
                best, arg = row[j - 1], (0, 1)
            for (a, b), g in gains.items():
                if a <= i and b <= j:
                    v = score[i - a][j - b] + g[i - a][j - b]
                    if v > best:
                        best, arg = v, (a, b)
            row[j] = best
            move[i][j] = arg
    beads = []
    i, j = h, w
    while i > 0 or j > 0:
        a, b = move[i][j]
        i, j = i - a, j - b
        if a and b:
            beads.append(Bead(tuple(ri[i:i + a]), tuple(pj[j:j + b]), float(sims[(a, b)][i, j])))
        else:
            beads.append(Bead(tuple(ri[i:i + a]), tuple(pj[j:j + b]), 0.0))
    beads.reverse()
    return beads


def _trim(bead: Bead, sides: list[_Side], p: AlignParams) -> list[Bead]:
    """Peel unrelated edge sentences off a merged bead, then drop weak matches.

    The DP rewards covering a sentence, so a neighbour that adds nothing can
    ride along in a merge; if the bead is as similar without it, it goes.
    """
    if not bead.ref_ids or not bead.repost_ids:
        return [bead]
    r, c, sim = list(bead.ref_ids), list(bead.repost_ids), bead.score
    def quality(r, c):  # as the DP scores a merge: a paragraph break inside it costs too
        breaks = sum(int(sides[k].paragraphs[ids[-1]] != sides[k].paragraphs[ids[0]]) for k, ids in ((0, r), (1, c)))
        return _quality(r, c, sides, p) - p.paragraph_penalty * breaks * p.trim_paragraphs

    best = max(((r[a:b], c[x:y]) for a in range(len(r)) for b in range(a + 1, len(r) + 1)
                for x in range(len(c)) for y in range(x + 1, len(c) + 1)),
               key=lambda rc: quality(rc[0], rc[1]))
    loose: list[Bead] = []
    if (len(best[0]) + len(best[1]) < len(r) + len(c)
            and quality(*best) >= quality(r, c) - p.trim_tolerance):
        loose = _one_sided([i for i in r if i not in best[0]], [j for j in c if j not in best[1]])
        r, c = best
        sim = _sim(r, c, sides, p)
    return [Bead(tuple(r), tuple(c), sim)] + loose


def _drop_weak(beads: list[Bead], n: int, m: int, p: AlignParams, keep: float,
               best: tuple[np.ndarray, np.ndarray]) -> list[Bead]:
    """Split weak matches into unmatched sentences, unless the context vouches for them.

    A weak pair sitting in an unbroken run of matches that starts and ends with
    a strong match (or a document edge) is where a translation put it; the same
    cosine between a dropped and an added paragraph is a coincidence of topic.
    In a document that mostly translates, ``keep`` (below ``keep_min``) is
    enough, unless one of the bead's sentences has a strong match elsewhere
    (``best``: each sentence's highest cosine): then the DP paired it with a
    neighbour while its counterpart moved, and the rescue pass will find it.
    """
    out = [b for b in beads if not (b.ref_ids and b.repost_ids)]
    matched = sorted((b for b in beads if b.ref_ids and b.repost_ids), key=lambda b: b.ref_ids[0])
    runs: list[list[Bead]] = []
    for b in matched:
        prev = runs[-1][-1] if runs else None
        if prev and prev.ref_ids[-1] + 1 == b.ref_ids[0] and prev.repost_ids[-1] + 1 == b.repost_ids[0]:
            runs[-1].append(b)
        else:
            runs.append([b])
    for run in runs:
        strong = [k for k, b in enumerate(run) if b.score >= p.anchor_min]
        if p.edges_vouch and run[0].ref_ids[0] == 0 and run[0].repost_ids[0] == 0:
            strong.insert(0, -1)
        if p.edges_vouch and run[-1].ref_ids[-1] == n - 1 and run[-1].repost_ids[-1] == m - 1:
            strong.append(len(run))
        lo, hi = (strong[0], strong[-1]) if strong else (0, -1)
        for k, b in enumerate(run):
            vouched = lo < k < hi and b.score >= p.keep_locked
            elsewhere = max(best[0][list(b.ref_ids)].max(), best[1][list(b.repost_ids)].max()) >= p.rescue_min
            if b.score >= (p.keep_min if elsewhere else min(keep, p.keep_min)) or vouched:
                out.append(b)
            else:
                out += _one_sided(b.ref_ids, b.repost_ids)
    return out


def _null_cosine(sides: list[_Side], percentile: float) -> float:
    """A percentile of the cosines of random sentence pairs of these two documents: what chance alone reaches."""
    a, b = sides[0].vecs, sides[1].vecs
    rng = np.random.default_rng(1)
    k = min(4000, len(a) * len(b))
    return float(np.percentile(np.einsum("ij,ij->i", a[rng.integers(0, len(a), k)], b[rng.integers(0, len(b), k)]),
                               percentile))


def translated_share(chains, n: int, m: int, min_chain: int = 3) -> float:
    """How much of the shorter side sits on in-order runs of anchors: the document's own estimate of how much translates.

    A translation, even a poor one, chains a third or more of its sentences
    (MAC chapters 0.37-0.81, mqm-ted talks 0.87-1.0); another article about the
    same event chains a fifth at most (seeds 002-004 and their crossings
    0.16-0.21), and an unrelated one almost nothing.
    """
    chained = sum(len(c) for c in chains if len(c) >= min_chain)
    return chained / max(min(n, m), 1)


def _keep_min(chains, n: int, m: int, p: AlignParams, null: float) -> float:
    """The cosine a match needs to stand on its own, from the translated share.

    Where most of the document translates, a weak pair the DP put in sequence is
    poor MT, not a coincidence of topic, so it is kept down to ``keep_floor``;
    where little does, a match needs ``keep_min``. In between, linearly.
    """
    share = translated_share(chains, n, m)
    lo, hi = p.share_low, p.share_high
    t = min(max((share - lo) / max(hi - lo, 1e-9), 0.0), 1.0)
    return p.keep_min + t * (max(p.keep_floor, null) - p.keep_min)


def _quality(r: list[int], c: list[int], sides: list[_Side], p: AlignParams) -> float:
    """Cosine less the length-ratio penalty: merges are judged on both, as in the DP."""
    return _sim(r, c, sides, p) - p.length_weight * _length_gap(r, c, sides)


def _cos(r: list[int], c: list[int], sides: list[_Side]) -> float:
    return float(sides[0].windows[len(r)][r[0]] @ sides[1].windows[len(c)][c[0]])


def _sim(r: list[int], c: list[int], sides: list[_Side], p: AlignParams) -> float:
    cos = _cos(r, c, sides)
    if sides[0].words is None:
        return cos
    wa = sides[0].words[len(r)][r[0]]
    wb = sides[1].words[len(c)][c[0]]
    return float(_blend(cos, float(wa.multiply(wb).sum()), p))


def _blend(cos, lex, p: AlignParams):
    return cos + p.lexical_weight * lex


def _hub_rows(ids: list[int], k: int, side: _Side) -> np.ndarray:
    h = side.hub[k]
    return h[np.minimum(np.asarray(ids[: len(ids) - k + 1]), len(h) - 1)]


def _word_sims(ri: list[int], a: int, ref: _Side, pj: list[int], b: int, rep: _Side) -> np.ndarray:
    ra = np.minimum(np.asarray(ri[: len(ri) - a + 1]), ref.words[a].shape[0] - 1)
    pb = np.minimum(np.asarray(pj[: len(pj) - b + 1]), rep.words[b].shape[0] - 1)
    return (ref.words[a][ra] @ rep.words[b][pb].T).toarray()


def _window_rows(ids: list[int], k: int, side: _Side):
    """Vectors, lengths and validity of each run of ``k`` ids starting in ``ids``."""
    starts = np.asarray(ids[: len(ids) - k + 1])
    win = side.windows[k]
    ok = np.ones(len(starts), bool)
    if k > 1:
        arr = np.asarray(ids)
        ok = arr[k - 1:] - arr[: len(arr) - k + 1] == k - 1  # the ids must be consecutive
        ok &= starts < len(win)
    vecs = win[np.minimum(starts, len(win) - 1)] if len(win) else np.zeros((len(starts), side.vecs.shape[1]))
    csum = np.concatenate([[0.0], np.cumsum(side.lengths)])
    lengths = csum[np.minimum(starts + k, len(side.lengths))] - csum[starts]
    ends = np.minimum(starts + k - 1, len(side.paragraphs) - 1)
    crosses = (side.paragraphs[ends] != side.paragraphs[starts]).astype(float)
    return vecs, lengths, ok, crosses


def _one_sided(ri, pj) -> list[Bead]:
    return [Bead((i,), ()) for i in ri] + [Bead((), (j,)) for j in pj]


def order_beads(beads: list[Bead]) -> list[Bead]:
    """Reference order; an added sentence sits after the bead that precedes it in the repost."""
    anchor_of = {}
    last = -1.0
    for b in sorted((b for b in beads if b.repost_ids), key=lambda b: b.repost_ids[0]):
        if b.ref_ids:
            last = b.ref_ids[-1]
        anchor_of[b.repost_ids[0]] = last + 0.5 if not b.ref_ids else b.ref_ids[0]
    def key(b: Bead):
        if b.ref_ids:
            return (b.ref_ids[0], 0, b.repost_ids[0] if b.repost_ids else -1)
        return (anchor_of[b.repost_ids[0]], 1, b.repost_ids[0])
    return sorted(beads, key=key)


def _mark_moved(beads: list[Bead]) -> list[Bead]:
    """A matched bead is moved when it is off the longest in-order chain of matches."""
    matched = [k for k, b in enumerate(beads) if b.ref_ids and b.repost_ids]
    seq = [beads[k].repost_ids[0] for k in matched]  # already in reference order
    keep = set(_lis(seq))
    out = list(beads)
    for pos, k in enumerate(matched):
        moved = pos not in keep
        if moved != beads[k].moved:
            b = beads[k]
            out[k] = Bead(b.ref_ids, b.repost_ids, b.score, moved=moved)
    return out


def _lis(seq: list[int]) -> list[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails, tails_pos, prev = [], [], [-1] * len(seq)
    for pos, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_pos.append(pos)
        else:
            tails[k] = v
            tails_pos[k] = pos
        prev[pos] = tails_pos[k - 1] if k else -1
    out, pos = [], tails_pos[-1] if tails_pos else -1
    while pos >= 0:
        out.append(pos)
        pos = prev[pos]
    return out[::-1]


def vecalign_lines(beads: Sequence[Bead]) -> list[str]:
    """Beads as Vecalign's ``[i, j]:[k]:score`` lines."""
    return [f"[{', '.join(map(str, b.ref_ids))}]:[{', '.join(map(str, b.repost_ids))}]:{b.score:.6f}"
            for b in beads]


__all__ = ["AlignParams", "align", "order_beads", "window_vectors", "windows_needed", "vecalign_lines"]
