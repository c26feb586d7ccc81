"""Pairing the names of an aligned sentence pair: which repost name renders
which reference name, and how (see :func:`pair_names`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .book import NameBook
from .classify import (
    _ALIASES,
    _GOOD,
    VARIANT_THRESHOLD,
    _alias_key,
    _exact_key,
    _is_generic,
    _match_tokens,
    _significant,
    _split_tokens,
    classify_names,
    fold_token,
    token_similarity,
)
from .extract import COMMON_STARTERS, JOINERS, NameMention, _bare, _is_all_caps, _joinable_gap, _words, extract_names


@dataclass(frozen=True)
class NamePair:
    """One reference name and what the repost made of it."""

    ref: NameMention
    repost: NameMention | None
    label: str  # "exact" | "variant" | "mangled" | "missing"
    score: float  # similarity in [0,1] after folding
    reason: str  # one sentence: why it was classed this way


# How far (as a fraction of sentence length) a substitute may sit from a weak
# reference name and still count as standing in its place.
_WEAK_SLOT = 0.35

# Text outside extracted names must be spelled (nearly) the same as the
# reference name to count as rendering it (see _find_in_words).
_IN_TEXT_THRESHOLD = 0.9


# --------------------------------------------------------------------------
# pair_names: the five steps
# --------------------------------------------------------------------------


def pair_names(
    ref_sentence: str,
    repost_sentence: str,
    *,
    ref_doc_names: frozenset[str] = frozenset(),
    repost_doc_names: frozenset[str] = frozenset(),
    book: NameBook | None = None,
) -> list[NamePair]:
    """Pair each reference name in the sentence with its counterpart in the
    aligned repost text and classify it: one NamePair per reference mention,
    in order, plus one per half of a reference span that turned out to hold
    two names of which one was replaced.

    1. Names that match (exact/variant, or accepted by the book) are paired,
       best first.
    2. A name the book lists as wrong for a still unpaired reference name,
       anywhere in the repost text, is "mangled".
    3. A still unpaired reference name that occurs in the repost text outside
       any extracted name (lowercase: "Special Forces" / "special forces") is
       paired with that text.
    4. A repost name that the reference document never uses (``ref_doc_names``,
       raw or folded, plus the sentence's own names) and that matches nothing
       here is a substitute: it is paired with the closest unpaired reference
       name as "mangled". Unknown words glued to a matched repost name, and the
       unmatched half of a reference span, take part in this step too.
    5. Whatever is left is "missing": translators drop and paraphrase names,
       so missing is information, not an error.

    ``repost_doc_names`` (names of the whole repost) only breaks ties in
    step 4: a reference name that the repost renders correctly elsewhere is
    the less likely victim of a substitute here.
    """
    refs = extract_names(ref_sentence)
    reps = extract_names(repost_sentence)
    if not refs:
        return []
    # ``result`` maps a reference mention's index to its pair. Each step only
    # considers the reference names the steps before it left unpaired, so the
    # stronger evidence always wins; insertion order is kept because it
    # breaks ties in the final sort.
    result, used_p = _pair_matches(refs, reps, len(ref_sentence), len(repost_sentence), book)
    if book is not None:
        _pair_book_wrong(refs, repost_sentence, book, result)
    _pair_in_text(refs, repost_sentence, reps, result)
    extra = _pair_substitutes(ref_sentence, repost_sentence, refs, reps, result, used_p,
                              ref_doc_names, repost_doc_names)
    for i, r in enumerate(refs):
        if i not in result:
            result[i] = NamePair(r, None, "missing", 0.0,
                                 f"'{r.text}' has no counterpart in the repost sentence")
    return sorted([*result.values(), *extra], key=lambda pr: (pr.ref.start, -pr.ref.end))


def _pair_matches(
    refs: list[NameMention], reps: list[NameMention], n_ref: int, n_rep: int, book: NameBook | None,
) -> tuple[dict[int, NamePair], set[int]]:
    """Step 1: pair names that match, best first. Returns the pairs and the
    indices of the repost mentions used."""
    cls = {(i, j): _classify_with_book(r.text, p.text, book)
           for i, r in enumerate(refs) for j, p in enumerate(reps)}
    result: dict[int, NamePair] = {}
    used_p: set[int] = set()
    # Exact before variant, then by score, then by how close the two sit in
    # their sentences: a name repeated in a sentence pairs with its own slot.
    order = sorted(
        (k for k, v in cls.items() if v[0] in _GOOD),
        key=lambda k: (cls[k][0] != "exact", -cls[k][1],
                       abs(_relpos(refs[k[0]], n_ref) - _relpos(reps[k[1]], n_rep))),
    )
    consumed: dict[int, set[int]] = {}  # repost mention -> its tokens already matched
    for i, j in order:
        if i in result:
            continue
        hit = _matched_rep_tokens(refs[i].text, reps[j].text)
        repeated = any(pr.repost == reps[j] and _exact_key(pr.ref.text) == _exact_key(refs[i].text)
                       for pr in result.values())
        # A repost mention may serve two reference names when they use
        # different tokens of it ("Badghis Province Husamuddin Shams" for
        # "Badghis" and "Husamuddin Shams"), or for a repeated mention.
        if j in used_p and not repeated and hit & consumed[j]:
            continue
        label, score, why = cls[(i, j)]
        result[i] = NamePair(refs[i], reps[j], label, score, why)
        used_p.add(j)
        consumed.setdefault(j, set()).update(hit)
    return result, used_p


def _pair_book_wrong(refs: list[NameMention], repost_sentence: str, book: NameBook,
                     result: dict[int, NamePair]) -> None:
    """Step 2: a spelling the names file calls wrong, found anywhere in the
    repost sentence (even where extraction saw no name), is a mangled rendering."""
    for i, r in enumerate(refs):
        if i in result:
            continue
        for wrong in book.wrong_spellings(r.text):
            hit = _find_text(repost_sentence, wrong)
            if hit is not None:
                result[i] = NamePair(r, hit, "mangled", classify_names(r.text, wrong)[1],
                                     f"the names file lists '{hit.text}' as a wrong spelling of '{r.text}'")
                break


def _pair_in_text(refs: list[NameMention], repost_sentence: str, reps: list[NameMention],
                  result: dict[int, NamePair]) -> None:
    """Step 3: a reference name the repost writes in lowercase or otherwise
    outside an extracted name ("special forces") is rendered, not missing."""
    for i, r in enumerate(refs):
        if i not in result:
            hit = _find_in_words(r.text, repost_sentence, reps)
            if hit is not None:
                label, score, _ = classify_names(r.text, hit.text)
                result[i] = NamePair(r, hit, label, score,
                                     f"'{r.text}' occurs in the repost as '{hit.text}'")


def _pair_substitutes(
    ref_sentence: str,
    repost_sentence: str,
    refs: list[NameMention],
    reps: list[NameMention],
    result: dict[int, NamePair],
    used_p: set[int],
    ref_doc_names: frozenset[str],
    repost_doc_names: frozenset[str],
) -> list[NamePair]:
    """Step 4: pair leftover reference names with repost names the reference
    never uses, as "mangled". Fills ``result`` for whole reference mentions and
    returns the pairs made for halves of reference spans."""
    known, known_glued = _known_in_reference(ref_sentence, refs, ref_doc_names)
    free = [p for j, p in enumerate(reps) if j not in used_p]
    left = _unpaired_refs(refs, result, free, repost_sentence, reps)
    subs = _substitutes(free, reps, result, known, known_glued)
    rendered = _known_tokens(repost_doc_names)
    return _assign_substitutes(left, subs, result, ref_sentence, repost_sentence, rendered)


# --------------------------------------------------------------------------
# Step 4 in parts
# --------------------------------------------------------------------------


def _known_in_reference(ref_sentence: str, refs: list[NameMention],
                        ref_doc_names: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tokens the reference uses: plain, and with country aliases added.

    Known: names of the reference document, plus every word of the reference
    sentence, so that "End of the World" is no substitute when the reference
    writes "the end of the world". A word glued to a matched name is judged
    with country aliases known ("UK Department of Culture" for "Great
    Britain's Culture ..."); a free standing "UK" needs no alias, step 1
    already paired it if it could.
    """
    sentence_words = {w.text for w in _words(ref_sentence) if _bare(w.text) not in COMMON_STARTERS}
    names = set(ref_doc_names) | {r.text for r in refs} | sentence_words
    return _known_tokens(names), _known_tokens(names, aliases=True)


def _unpaired_refs(
    refs: list[NameMention], result: dict[int, NamePair], free: list[NameMention],
    repost_sentence: str, reps: list[NameMention],
) -> list[tuple[NameMention, int | None]]:
    """Reference side of step 4: unpaired names (with their index), then
    unmatched halves of paired spans (index None) that the repost does not
    render anywhere else either."""
    left: list[tuple[NameMention, int | None]] = [(r, i) for i, r in enumerate(refs) if i not in result]
    for i, pr in sorted(result.items()):
        if pr.repost is None or pr.label not in _GOOD:
            continue
        lost = _lost_folds(pr.ref.text, pr.repost.text)
        part = _edge_part(pr.ref, lambda w: all(fold_token(t) in lost and not _is_generic(t)
                                               for t in _significant(_split_tokens(w))))
        if part is not None and not any(classify_names(part.text, p.text)[0] in _GOOD for p in free) \
                and _find_in_words(part.text, repost_sentence, reps) is None:
            left.append((part, None))
    return left


def _substitutes(
    free: list[NameMention], reps: list[NameMention], result: dict[int, NamePair],
    known: tuple[str, ...], known_glued: tuple[str, ...],
) -> list[NameMention]:
    """Repost side of step 4: unknown unpaired names, then unknown words
    glued to paired ones ("Tinkoff Group Corona")."""
    subs = [p for p in free if not _is_known(p.text, known)]
    for pr in result.values():
        if pr.repost is not None and pr.label in _GOOD and pr.repost in reps:
            part = _edge_part(pr.repost, lambda w: not any(
                _token_known(t, known_glued) or _is_generic(t) for t in _split_tokens(w)))
            if part is not None:
                subs.append(part)
    return subs


def _assign_substitutes(
    left: list[tuple[NameMention, int | None]], subs: list[NameMention], result: dict[int, NamePair],
    ref_sentence: str, repost_sentence: str, rendered: tuple[str, ...],
) -> list[NamePair]:
    """Pair leftovers with substitutes, most plausible first, one each.

    Whole reference mentions go into ``result``; pairs for halves of spans
    are returned.
    """
    n_ref, n_rep = len(ref_sentence), len(repost_sentence)
    cands = sorted(
        ((_substitute_score(r, p, n_ref, n_rep, rendered), a, b)
         for a, (r, _) in enumerate(left) for b, p in enumerate(subs)),
        reverse=True,
    )
    done_a: set[int] = set()
    done_b: set[int] = set()
    extra: list[NamePair] = []
    for _, a, b in cands:
        if a in done_a or b in done_b:
            continue
        (r, i), p = left[a], subs[b]
        # Pairings that rest on a guess (half of a reference span, a lone
        # sentence-initial word on either side) need the substitute to sit in
        # the same slot of the sentence.
        guess = i is None or _is_weak(r, ref_sentence) or _is_weak(p, repost_sentence)
        if guess and abs(r.start / n_ref - p.start / max(1, n_rep)) > _WEAK_SLOT:
            # A lone sentence-initial word may be a common word ("Stocks",
            # "Initial"); only a substitute in the same slot counts.
            continue
        _, score, why = classify_names(r.text, p.text)
        pair = NamePair(r, p, "mangled", score,
                        f"{why[0].upper()}{why[1:]}; '{p.text}' never occurs in the reference")
        if i is None:
            extra.append(pair)
        else:
            result[i] = pair
        done_a.add(a)
        done_b.add(b)
    return extra


def _substitute_score(r: NameMention, p: NameMention, n_ref: int, n_rep: int,
                      rendered: tuple[str, ...]) -> float:
    """How plausibly ``p`` stands in for ``r``: half resemblance, half position;
    a reference name the repost renders correctly elsewhere is the less likely
    victim, so it loses a quarter."""
    return (0.5 * classify_names(r.text, p.text)[1]
            + 0.5 * (1 - abs(_relpos(r, n_ref) - _relpos(p, n_rep)))
            - (0.25 if rendered and _is_known(r.text, rendered) else 0.0))


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _known_tokens(names: Iterable[str], *, aliases: bool = False) -> tuple[str, ...]:
    """Distinct significant tokens (raw spellings) of the given names, and
    with ``aliases`` of their country aliases ("Great Britain" makes "UK"
    known)."""
    seen: dict[str, str] = {}
    names = list(names)
    if aliases:
        for n in list(names):
            for k in _alias_key(n):
                names.extend(_ALIASES[k])
    for n in names:
        for t in _significant(_split_tokens(n)):
            seen.setdefault(fold_token(t), t)
    return tuple(seen.values())


def _token_known(token: str, known: tuple[str, ...]) -> bool:
    folded = fold_token(token)
    return any(fold_token(k) == folded or token_similarity(token, k) >= VARIANT_THRESHOLD for k in known)


def _is_known(name: str, known: tuple[str, ...]) -> bool:
    """Every significant token of ``name`` is (a variant of) a token that the
    reference document uses somewhere."""
    toks = [t for t in _significant(_split_tokens(name)) if not _is_generic(t)]
    return all(_token_known(t, known) for t in toks)


def _relpos(m: NameMention, length: int) -> float:
    return (m.start + m.end) / 2 / max(1, length)


def _matched_rep_tokens(ref: str, rep: str) -> set[int]:
    """Indices of the significant tokens of ``rep`` that match ``ref``."""
    m = _match_tokens(_significant(_split_tokens(ref)), _significant(_split_tokens(rep)))
    return {j for _, j, _ in m.matched}


def _lost_folds(ref: str, rep: str) -> set[str]:
    """Folded significant tokens of ``ref`` with no counterpart in ``rep``."""
    toks = _significant(_split_tokens(ref))
    m = _match_tokens(toks, _significant(_split_tokens(rep)))
    hit = {i for i, _, _ in m.matched}
    return {fold_token(t) for i, t in enumerate(toks) if i not in hit}


def _is_weak(m: NameMention, sentence: str) -> bool:
    """A single capitalised word opening a sentence: possibly not a name."""
    if " " in m.text or _is_all_caps(m.text):
        return False
    return any(w.start == m.start and w.initial for w in _words(sentence))


def _edge_part(m: NameMention, keep: Callable[[str], bool]) -> NameMention | None:
    """The run of words at the start or end of mention ``m`` for which
    ``keep(word)`` holds, as a mention of its own (None if there is none, or
    if it would be the whole mention).

    Two names written side by side with no comma ("Piotr Lekszycki Stefan
    Niesiolowski") come out of extract_names as one span; so does a
    substitute glued to a real name ("Tinkoff Group Corona"). Their edge runs
    let pair_names treat each half on its own.
    """
    words = [w for w in _words(m.text) if _bare(w.text) not in JOINERS]
    if len(words) < 2:
        return None
    flags = [keep(w.text) for w in words]
    for run in (_leading(flags), _trailing(flags)):
        if run and len(run) < len(words):
            a, b = words[run[0]], words[run[-1]]
            return NameMention(m.text[a.start:b.end], m.start + a.start, m.start + b.end)
    return None


def _leading(flags: list[bool]) -> list[int]:
    out = []
    for i, f in enumerate(flags):
        if not f:
            break
        out.append(i)
    return out


def _trailing(flags: list[bool]) -> list[int]:
    n = len(flags)
    return [n - 1 - i for i in reversed(_leading(flags[::-1]))]


def _classify_with_book(ref: str, rep: str, book: NameBook | None) -> tuple[str, float, str]:
    label, score, why = classify_names(ref, rep)
    if book is None:
        return label, score, why
    verdict = book.lookup(ref, rep)
    if verdict == "accepted" and label == "mangled":
        return "variant", score, f"the names file accepts '{rep}' for '{ref}'"
    if verdict == "wrong":
        return "mangled", score, f"the names file lists '{rep}' as a wrong spelling of '{ref}'"
    return label, score, why


def _find_text(sentence: str, needle: str) -> NameMention | None:
    m = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", sentence, flags=re.IGNORECASE)
    return NameMention(m.group(), m.start(), m.end()) if m else None


def _find_in_words(name: str, sentence: str, mentions: list[NameMention]) -> NameMention | None:
    """A run of the sentence's words outside every extracted name, joined by
    plain spaces, that renders ``name`` with every significant token present
    ("the special forces" for "Special Forces")."""
    n = len(_significant(_split_tokens(name)))
    taken = [(m.start, m.end) for m in mentions]
    words = [w for w in _words(sentence)
             if _bare(w.text) not in JOINERS and not any(a <= w.start < b for a, b in taken)]
    best: tuple[float, NameMention] | None = None
    for size in sorted({max(1, n - 1), n, n + 1}):
        for k in range(len(words) - size + 1):
            run = words[k:k + size]
            if all(_bare(w.text) in COMMON_STARTERS for w in run):
                continue
            if not all(_joinable_gap(sentence[x.end:y.start]) or sentence[x.end:y.start].strip() in JOINERS
                       for x, y in zip(run, run[1:])):
                continue
            span = NameMention(sentence[run[0].start:run[-1].end], run[0].start, run[-1].end)
            label, score, _ = classify_names(name, span.text)
            # Text outside names must be spelled (nearly) the same: at the
            # variant threshold "tweeted" would pass for "Twitter".
            if label in _GOOD and score >= _IN_TEXT_THRESHOLD and not _drops_tokens(name, span.text) \
                    and (best is None or score > best[0]):
                best = (score, span)
    return best[1] if best else None


def _drops_tokens(ref: str, rep: str) -> bool:
    m = _match_tokens(_significant(_split_tokens(ref)), _significant(_split_tokens(rep)))
    return len({i for i, _, _ in m.matched}) < len(_significant(_split_tokens(ref)))
