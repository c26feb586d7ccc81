"""The built-in rules: small functions over the pairs of one repost.

The ``Check`` classes in :mod:`audit.checks.builtin` wrap them for the registry. Rules that
need vectors get them from the embedder, which caches, so a clause shared by
many reposts is encoded once.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from unidecode import unidecode

from . import clauses as cl
from .antonyms import reversals
from ..config import AuditConfig
from ..embed import Embedder
from .names import extract_names, pair_names
from .numbers import NumberMention, compare_numbers, diff_severity, extract_numbers
from ..types import Finding, Segment, Severity
from .base import Pair
from .facts import counted_noun, is_list_marker, same_fact
from .lexicon import is_common_word, lowercase_words

# Case-sensitive on purpose: "No" inside a name (Qala-e-No) is not a negation;
# capitalised cues count only at the start of a sentence.
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|hardly|fail(?:s|ed)? to)\b|n't\b"
    r"|(?:^|(?<=[.!?] ))(?:No|Not|Never|None|Nobody|Nothing|Neither|Without)\b"
)


def _not_within(new: list[Finding], old: list[Finding]) -> list[Finding]:
    """Drop omissions another check already reported (a dropped name is also a dropped word)."""
    seen = {(f.bead, f.ref_span) for f in old if f.kind == "dropped_clause"}
    return [f for f in new if not any(b == f.bead and f.ref_span in span for b, span in seen)]


def join(segments: Sequence[Segment], ids: Sequence[int]) -> str:
    return " ".join(segments[i].text for i in ids)


def unmatched_findings(ref_segments, repost_segments, beads, config: AuditConfig) -> list[Finding]:
    ref_rule, rep_rule = _unmatched_rule(ref_segments), _unmatched_rule(repost_segments)
    out = []
    for k, b in enumerate(beads):
        if b.ref_ids and not b.repost_ids and not ref_segments[b.ref_ids[0]].is_boilerplate:
            text = join(ref_segments, b.ref_ids)
            out.append(Finding("omitted_sentence", Severity(config.omitted_severity), text, "", text, "",
                               0.0, "reference sentence has no counterpart in the repost", k, rep_rule))
        elif b.repost_ids and not b.ref_ids and not repost_segments[b.repost_ids[0]].is_boilerplate:
            text = join(repost_segments, b.repost_ids)
            out.append(Finding("added_sentence", Severity(config.added_severity), "", text, "", text,
                               0.0, "repost sentence has no counterpart in the reference", k, ref_rule))
    return out


def _unmatched_rule(other_side: Sequence[Segment]) -> str:
    """The rule of a sentence unmatched against ``other_side``.

    A side with no content at all (an empty cell of a pairs file) leaves nothing to
    match: then the finding is certain, and its rule says so (it bypasses the model).
    """
    return "sentence.unmatched" if any(not s.is_boilerplate for s in other_side) else "sentence.nothing_to_match"


@lru_cache(maxsize=4)
def doc_names(texts: tuple[str, ...]) -> frozenset[str]:
    """Every name in a document; cached because each repost asks again about the same reference."""
    return frozenset(n.text for t in texts for n in extract_names(t))


def name_findings(pairs: Sequence[Pair], ref_segments, repost_segments, book,
                  config: AuditConfig = AuditConfig()) -> list[Finding]:
    # A name swap is evidence of mangling only in a copy or translation. A related
    # article (another outlet's report) shares few sentences, loosely, and those
    # name different people and places, so there a swap is only a warning.
    sims = [p.scores.similarity for p in pairs]
    doc_sim = sum(sims) / len(sims) if sims else 0.0
    content = sum(1 for s in ref_segments if not s.is_boilerplate) or 1
    coverage = len({i for p in pairs for i in p.bead.ref_ids}) / content
    loose = doc_sim < config.name_min_doc_similarity or coverage < config.name_min_doc_coverage
    ref_doc = doc_names(tuple(s.text for s in ref_segments))
    repost_doc = doc_names(tuple(s.text for s in repost_segments))
    repost_all = " ".join(s.text for s in repost_segments)
    lower = lowercase_words(repost_all, *(s.text for s in ref_segments))
    found = []
    dropped: list[Finding] = []
    renderings: dict[str, set[str]] = {}
    for p in pairs:
        # Sentences joined by a newline, not a space: a headline without a full
        # stop must not run into the next sentence's first word as one name.
        ref_lines = "\n".join(ref_segments[i].text for i in p.bead.ref_ids)
        rep_lines = "\n".join(repost_segments[j].text for j in p.bead.repost_ids)
        for np_ in pair_names(ref_lines, rep_lines, ref_doc_names=ref_doc,
                              repost_doc_names=repost_doc, book=book):
            if _not_a_name_pair(np_, p, lower):
                continue  # a name never pairs with a common word, nor a nationality with a place
            if np_.label == "missing" and _name_gone(np_.ref.text, repost_all):
                dropped.append(Finding(
                    "dropped_clause", Severity.WARNING, np_.ref.text, "", p.ref_text, p.repost_text, 0.0,
                    f"name '{np_.ref.text}' was dropped: it has no counterpart in the repost sentence "
                    "and appears nowhere in the repost", p.index, "name.dropped"))
            if np_.label in ("mangled", "variant") and np_.repost is not None:
                found.append((p, np_))
                if np_.label == "mangled":
                    renderings.setdefault(np_.ref.text, set()).add(np_.repost.text)
    out = []
    for p, np_ in found:
        msg = np_.reason
        if np_.label == "mangled":
            times = len(re.findall(re.escape(np_.repost.text), repost_all))
            others = sorted(renderings[np_.ref.text] - {np_.repost.text})
            msg += f"; '{np_.repost.text}' occurs {times}x in the repost"
            if others:
                msg += f"; '{np_.ref.text}' is also rendered as " + ", ".join(f"'{o}'" for o in others)
            kind, sev = "mangled_name", Severity.ERROR
            rule = "name.listed" if "names file lists" in np_.reason else "name.mangled"
            if rule == "name.mangled" and _spelled_elsewhere(np_.ref.text, p.repost_text, repost_all):
                # "Herat" paired with "Galano" in a merged bead, while the repost writes
                # "Herat Province" in another sentence: the pairing is wrong, not the name.
                rule = "name.elsewhere"
                msg += f"; only informative: the repost spells '{np_.ref.text}' right in another sentence"
            if loose:
                sev = Severity.WARNING
                msg += (f"; only a warning: the repost is loosely related to the reference "
                        f"(mean cosine {doc_sim:.2f}, {coverage:.0%} of it matched), so this may be a different fact")
        else:
            kind, sev, rule = "name_variant", Severity.INFO, "name.variant"
        out.append(Finding(kind, sev, np_.ref.text, np_.repost.text, p.ref_text, p.repost_text,
                           round(np_.score, 4), msg, p.index, rule))
    return out + dropped


_DEMONYM = re.compile(r"(?:ian|ean|ican|ese|ish)$|^(?:afghan|pakistani|iraqi|israeli|saudi|qatari|thai)$")


def _not_a_name_pair(np_, p: Pair, lower: frozenset[str]) -> bool:
    """Either side is an ordinary word ("Things" -> "What", "Qalaat Nou" -> "Taking"), or a
    nationality adjective stands against something that is not one ("American" -> "Galano
    Central Prison": different sentences of a merged bead, not a rendering)."""
    if is_common_word(np_.ref.text, p.ref_text, lower):
        return True
    if np_.repost is None or np_.label != "mangled":
        return False
    if is_common_word(np_.repost.text, p.repost_text, lower):
        return True
    ref_words = re.findall(r"[a-z]+", unidecode(np_.ref.text).lower())
    rep_words = re.findall(r"[a-z]+", unidecode(np_.repost.text).lower())
    return (len(ref_words) == 1 and bool(_DEMONYM.search(ref_words[0]))
            and not any(_DEMONYM.search(w) for w in rep_words) and len(rep_words) > 1)


def _spelled_elsewhere(name: str, sentence: str, repost_text: str) -> bool:
    """The repost has ``name`` as written (folded) outside ``sentence``."""
    fold = lambda t: " ".join(re.findall(r"[a-z0-9]+", unidecode(t).lower()))  # noqa: E731
    n = fold(name)
    return bool(n) and f" {n} " in f" {fold(repost_text.replace(sentence, ' '))} "


def _name_gone(name: str, repost_text: str) -> bool:
    """No word of the name survives anywhere in the repost.

    Words are compared letters-only and folded (Al-Jazeera = Al Jazeera’s), and a
    lone nationality adjective (Afghan, Russian) is not a name worth reporting.
    """
    words = [w for w in re.findall(r"[a-z]+", unidecode(name).lower()) if len(w) > 2]
    if not words or (len(words) == 1 and _DEMONYM.search(words[0])):
        return False
    have = {w[:5] for w in re.findall(r"[a-z]+", unidecode(repost_text).lower())}
    return not any(w[:5] in have for w in words)


def number_findings(pairs: Sequence[Pair]) -> list[Finding]:
    out = []
    for p in pairs:
        for d in compare_numbers(p.ref_text, p.repost_text):
            if any(m is not None and is_list_marker(t, m) for t, m in ((p.ref_text, d.ref), (p.repost_text, d.repost))):
                continue  # "1." opening a list item enumerates; it is no fact
            severity, message = Severity(diff_severity(d)), d.message
            rule = f"number.{d.kind}" + ("_word" if severity is Severity.INFO else "")  # a number word went missing
            if d.kind == "changed" and d.ref and d.repost:
                same, why = same_fact(p.ref_text, d.ref, p.repost_text, d.repost)
                rule = "number.same_fact" if same else "number.other_fact"
                if not same:  # two numbers the pair happens to hold: at most a warning, never "X became Y"
                    severity = Severity.WARNING
                    message = f"{d.ref.surface} in the reference and {d.repost.surface} in the repost differ, but {why}"
            out.append(Finding(
                "number_mismatch", severity,
                d.ref.surface if d.ref else "", d.repost.surface if d.repost else "",
                p.ref_text, p.repost_text, 0.0, message, p.index, rule,
            ))
    return out


def counted_facts(text: str) -> list[tuple[str, float, str, NumberMention]]:
    """(counted noun, value, surface, mention) for quantities like "200 prisoners" or "six policemen"."""
    out = []
    for m in extract_numbers(text):
        if m.unit in ("", "%") and not (1900 <= m.value <= 2100):
            noun = counted_noun(text, m)
            if noun:
                out.append((noun, m.value, m.surface, m))
    return out


def fact_number_findings(ref_segments, repost_segments, beads, embedder: Embedder,
                         config: AuditConfig) -> list[Finding]:
    """The same counted thing with another number, in sentences the aligner did not pair.

    Related articles retell a fact in sentences that are too different to align
    ("about 200 prisoners escaped" / "freed around 600 prisoners"), yet a changed
    count there is exactly what an editor needs to see.
    """
    paired = {(i, j) for b in beads for i in b.ref_ids for j in b.repost_ids}
    refs = [(s, counted_facts(s.text)) for s in ref_segments if not s.is_boilerplate]
    reps = [(s, counted_facts(s.text)) for s in repost_segments if not s.is_boilerplate]
    refs = [(s, f) for s, f in refs if f]
    reps = [(s, f) for s, f in reps if f]
    if not refs or not reps:
        return []
    # Values each document gives for each counted noun: a value the other
    # document also uses for that noun somewhere is a different fact, not a change.
    ref_values = {}
    rep_values_doc = {}
    for _, facts in refs:
        for noun, value, *_ in facts:
            ref_values.setdefault(noun, set()).add(value)
    for _, facts in reps:
        for noun, value, *_ in facts:
            rep_values_doc.setdefault(noun, set()).add(value)
    rv = embedder.encode([s.text for s, _ in refs])
    pv = embedder.encode([s.text for s, _ in reps])
    sims = rv @ pv.T
    out, seen = [], set()
    for a, (rs, rf) in enumerate(refs):
        for b, (ps, pf) in enumerate(reps):
            if (rs.index, ps.index) in paired or sims[a, b] < config.fact_min_similarity:
                continue
            shared = set(cl.content_words(rs.text)) & set(cl.content_words(ps.text))
            for noun, value, surface, rm in rf:
                rep_values = {v for n, v, *_ in pf if n == noun}
                if not rep_values or value in rep_values_doc.get(noun, ()) or len(shared) < 3:
                    continue
                for n, v, psurf, pm in pf:
                    key = (noun, value, v)
                    # the same noun is not enough: "two fighters were arrested" / "69 fighters were killed"
                    if (n == noun and v not in ref_values[noun] and key not in seen
                            and same_fact(rs.text, rm, ps.text, pm)[0]):
                        seen.add(key)
                        out.append(Finding(
                            "number_mismatch", Severity.ERROR, surface, psurf, rs.text, ps.text,
                            round(float(sims[a, b]), 4),
                            f"{surface} {noun}… in the reference is {psurf} in a repost sentence that retells "
                            f"the same fact (cosine {sims[a, b]:.2f}, shared words: {', '.join(sorted(shared)[:5])})",
                            rule="number.retold",
                        ))
    return out


def drift_findings(pairs: Sequence[Pair], config: AuditConfig) -> list[Finding]:
    out = []
    for p in pairs:
        s = p.scores
        ref_neg = len(_NEGATION.findall(p.ref_text))
        rep_neg = len(_NEGATION.findall(p.repost_text))
        swaps = reversals(p.ref_text, p.repost_text)
        if ref_neg != rep_neg and s.chrf >= config.drift_surface_min_chrf:
            why, rule = f"negation differs ({ref_neg} in the reference, {rep_neg} in the repost)", "drift.negation"
        elif swaps and s.chrf >= config.drift_surface_min_chrf:
            why, rule = "reversed: " + ", ".join(f"'{a}' became '{b}'" for a, b in swaps), "drift.antonym"
        elif s.similarity < config.drift_threshold and s.chrf >= config.drift_surface_min_chrf:
            why, rule = f"meaning drifted: cosine {s.similarity:.2f} although chrF is {s.chrf:.0f}", "drift.cosine"
        else:
            continue
        out.append(Finding("semantic_drift", Severity.WARNING, p.ref_text, p.repost_text, p.ref_text,
                           p.repost_text, s.similarity, why + f" (cosine {s.similarity:.2f}, chrF {s.chrf:.0f}, "
                           f"BLEU {s.bleu:.0f})", p.index, rule))
    return out

