"""How sure a finding is: a calibrated probability, and the severity that follows from it.

The rules in :mod:`audit.checks.rules` and :mod:`audit.checks.omissions` propose
findings with generous cut-offs; a small logistic model per finding kind then
says how likely an editor is to agree, from evidence the rules do not weigh
together: how well the pair translates, how rare the missing words are, where
the span sits, how alike two names are, and what the other side has where an
unmatched sentence sits (:mod:`audit.checks.gaps`). The models are fitted offline on
labelled findings (``benchmarks/bench_confidence.py --write``) and shipped as
``audit/data/confidence.json``; its sha256 is in every report's signature.

Severity follows confidence (``error_confidence``, ``warning_confidence``; a
dropped clause needs ``clause_warning_confidence`` to warn, since short spans
rendered freely are the commonest false finding on clean translations, and a
mangled name ``name_warning_confidence`` and a drift of the negation rule
``negation_warning_confidence``, lower, since their models under-rate them),
so an editor meets an error only when the models are sure; it never rises above the
rule's own severity (how bad the finding would be if true). Evidence that is exact
bypasses the models (``EXACT``): a spelling that the names file lists as wrong, a
repost that matches nothing (``unrelated_repost``), and a sentence whose other side
has no content at all.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz.fuzz import ratio
from unidecode import unidecode

from ..config import AuditConfig
from ..errors import AuditError
from ..types import Finding, Severity
from .base import Context, Pair
from .gaps import gap_features
from .across import CONFIDENCE as ACROSS  # rules across languages: the English models' features do not apply
from .lexicon import zipf

# Standardised features are clipped to this many standard deviations, in fitting and in use: a
# value far outside what the models saw (a 5-sentence bead, a loose retelling) must not
# decide a finding alone.
CLIP = 3.0
MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "confidence.json"

# Exact evidence: no model is asked.
EXACT = {"name.listed": 0.99, "relation.unrelated": 1.0, "sentence.nothing_to_match": 1.0}
# Kinds that only inform (a legitimate variant is not a fault), whatever their confidence.
INFO_ONLY = {"name_variant"}
# Rules whose findings only inform: a reference name that the repost spells right elsewhere.
INFO_RULES = {"name.elsewhere"}
# In a related article (another outlet's report) only contradictions are faults.
CONTRADICTIONS = {"number.same_fact", "number.retold", "name.listed"}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TOKEN = re.compile(r"[a-z]+|\d+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class KindModel:
    """A standardised logistic regression over named features (clipped at ``CLIP``)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def predict(self, values: Mapping[str, float]) -> float:
        """A feature given as NaN was not measured: it counts as its training mean (adds nothing)."""
        z = self.intercept
        for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef):
            v = values.get(name, 0.0)
            if v == v:
                z += c * max(-CLIP, min(CLIP, (v - m) / s))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class ConfidenceModel:
    version: str
    sha256: str
    kinds: Mapping[str, KindModel]

    def predict(self, kind: str, values: Mapping[str, float]) -> float | None:
        model = self.kinds.get(kind)
        return None if model is None else model.predict(values)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> ConfidenceModel:
    """The shipped models (or those in ``path``), checked once per process."""
    p = Path(path) if path else MODEL_FILE
    try:
        raw = p.read_bytes()
        data = json.loads(raw)
        kinds = {k: KindModel(tuple(v["features"]), tuple(v["mean"]), tuple(v["scale"]), tuple(v["coef"]),
                              float(v["intercept"])) for k, v in data["kinds"].items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AuditError(f"cannot read the confidence models {p}: {exc}; reinstall the package "
                         "or rebuild them with benchmarks/bench_confidence.py --write") from exc
    return ConfidenceModel(str(data.get("version", "?")), hashlib.sha256(raw).hexdigest(), kinds)


def model_path(config: AuditConfig) -> str | None:
    """The config's ``confidence-model`` as a path for :func:`load_model` (None: the shipped file)."""
    return None if config.confidence_model == "shipped" else config.confidence_model


def _rarity(text: str) -> tuple[float, float, int]:
    """(lowest Zipf, mean Zipf, words) over the words of ``text``; unseen words count 0."""
    words = _WORD.findall(text)
    if not words:
        return 8.0, 8.0, 0
    z = [zipf(w) for w in words]
    return min(z), sum(z) / len(z), len(words)


def _position(span: str, sentence: str) -> float:
    """Where the span starts in its sentence, 0 (first word) to 1; -1 when it is not found."""
    if not span or not sentence:
        return -1.0
    at = sentence.find(span)
    return -1.0 if at < 0 else at / max(len(sentence), 1)


def tokens(text: str) -> Counter[str]:
    """Folded word prefixes (5 letters) and numbers: "Al-Jazeera's" and "Al Jazeera" share theirs."""
    return Counter(t[:5] for t in _TOKEN.findall(unidecode(text).lower()) if len(t) > 2 or t.isdigit())


def _elsewhere(span: str, sentence: str, doc: Counter[str] | None) -> float:
    """Share of the span's tokens that the other document has outside this sentence (-1: unknown).

    A "dropped" clause whose words the repost has two sentences later was moved,
    not dropped; a reference name the repost spells right elsewhere was not mangled
    here, it was paired with the wrong sentence.
    """
    want = tokens(span)
    if doc is None or not want:
        return -1.0
    here = tokens(sentence)
    return sum(doc[t] - here[t] > 0 for t in want) / len(want)


def features(f: Finding, pair: Pair | None, doc: Mapping[str, float],
             ref_doc: Counter[str] | None = None, repost_doc: Counter[str] | None = None) -> dict[str, float]:
    """What the models see for one finding (names are stable: they index the shipped weights).

    ``ref_doc``/``repost_doc`` are the :func:`tokens` of the whole documents.
    """
    ref_words = max(len(_WORD.findall(f.ref_sentence)), 1)
    rep_words = max(len(_WORD.findall(f.repost_sentence)), 1)
    zmin, zmean, n_ref = _rarity(f.ref_span)
    rzmin, rzmean, n_rep = _rarity(f.repost_span)
    if pair is not None:
        cos, chrf = pair.scores.similarity, pair.scores.chrf / 100
    else:
        cos, chrf = (f.score if f.kind == "number_mismatch" else 0.0), 0.0
    ref_pos, rep_pos = _position(f.ref_span, f.ref_sentence), _position(f.repost_span, f.repost_sentence)
    out = {
        "score": f.score,
        "cos": cos,
        "chrf": chrf,
        "len_ratio": math.log((rep_words + 1) / (ref_words + 1)),
        "ref_words": math.log1p(n_ref),
        "rep_words": math.log1p(n_rep),
        "ref_share": n_ref / ref_words,
        "zipf_min": zmin,
        "zipf_mean": zmean,
        "rep_zipf_min": rzmin,
        "rep_zipf_mean": rzmean,
        "ref_initial": float(ref_pos == 0.0),
        "rep_initial": float(rep_pos == 0.0),
        "ref_pos": ref_pos,
        "name_sim": ratio(unidecode(f.ref_span).lower(), unidecode(f.repost_span).lower()) / 100
        if f.ref_span and f.repost_span else 0.0,
        "digits": float(bool(_DIGIT.search(f.ref_span + f.repost_span))),
        "caps": _caps(f.ref_span),
        "rep_caps": _caps(f.repost_span),
        "bead_size": float(len(pair.bead.ref_ids) + len(pair.bead.repost_ids)) if pair is not None else 0.0,
        "pos_gap": abs(ref_pos - rep_pos) if ref_pos >= 0 and rep_pos >= 0 else -1.0,
        "ref_elsewhere": _elsewhere(f.ref_span, f.repost_sentence, repost_doc) if f.ref_span != f.ref_sentence
        or f.kind != "semantic_drift" else -1.0,
        "rep_in_ref": _elsewhere(f.repost_span, "", ref_doc) if f.repost_span else -1.0,
        **doc,
    }
    if f.rule:
        out[f"rule:{f.rule}"] = 1.0
    return out


def _caps(span: str) -> float:
    words = _WORD.findall(span)
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def doc_features(context: Context) -> dict[str, float]:
    """How much of the reference the repost translates: the same span means less in a loose retelling."""
    sims = [p.scores.similarity for p in context.pairs]
    content = sum(1 for s in context.ref_segments if not s.is_boilerplate) or 1
    matched = len({i for p in context.pairs for i in p.bead.ref_ids})
    # Across languages the cosines come from the multilingual encoder, whose true pairs sit
    # near 0.55 where MiniLM's sit near 0.85: on the models' scale that would read as a loose
    # rendering, so there the mean cosine is not measured (NaN: the models leave it out).
    loose = math.nan if context.crosslingual else (sum(sims) / len(sims) if sims else 0.0)
    return {
        "doc_cos": loose,
        "doc_cov": min(matched / content, 1.0),
        "doc_len": math.log1p(content),
        "related": float(context.relation == "related"),
    }


# Kinds with a warning cut-off of their own (the config field); every other kind uses warning_confidence.
KIND_CUTS = {"dropped_clause": "clause_warning_confidence", "mangled_name": "name_warning_confidence"}
# Rules with a warning cut-off of their own, before their kind's.
RULE_CUTS = {"drift.negation": "negation_warning_confidence"}


def warning_cut(kind: str, config: AuditConfig, rule: str = "") -> float:
    """The confidence a finding of ``kind`` (raised by ``rule``) needs to be a warning."""
    return getattr(config, RULE_CUTS.get(rule) or KIND_CUTS.get(kind, "warning_confidence"))


def severity_for(confidence: float, config: AuditConfig, kind: str = "", rule: str = "") -> Severity:
    if confidence >= config.error_confidence:
        return Severity.ERROR
    return Severity.WARNING if confidence >= warning_cut(kind, config, rule) else Severity.INFO


def assess(findings: Sequence[Finding], context: Context, model: ConfidenceModel | None = None) -> list[Finding]:
    """Every finding with its features, confidence and the severity they imply.

    Findings of kinds no model covers (plug-ins) keep the severity their check gave.
    """
    off = model is None and context.config.confidence_model == "none"  # rule severities (training data)
    if model is None and not off:
        model = load_model(model_path(context.config))
    by_bead = {p.index: p for p in context.pairs}
    doc = doc_features(context)
    ref_doc = tokens(" ".join(s.text for s in context.ref_segments))
    repost_doc = tokens(" ".join(s.text for s in context.repost_segments))
    out = []
    for f in findings:
        values = {**features(f, by_bead.get(f.bead), doc, ref_doc, repost_doc), **gap_features(f, context)}
        conf = EXACT.get(f.rule, ACROSS.get(f.rule))
        if conf is None and model is not None:
            conf = model.predict(f.kind, values)
        if conf is None:
            out.append(replace(f, features=tuple(values.items())))
            continue
        # The rule says how bad the finding is if true, the model how likely it is true:
        # confidence can lower a severity, never raise it (a drift stays a warning at most).
        sev = min(severity_for(conf, context.config, f.kind, f.rule), f.severity, key=lambda x: x.rank)
        if f.kind in INFO_ONLY or f.rule in INFO_RULES or (
                context.relation == "related" and (f.rule not in CONTRADICTIONS or not same_scope(f))):
            sev = Severity.INFO
        out.append(replace(f, severity=sev, confidence=round(conf, 4), features=tuple(values.items())))
    return out


def same_scope(f: Finding) -> bool:
    """Whether the repost sentence names nothing its reference sentence does not.

    Another outlet's sentence with the same measure can still count something
    else: "69 Taliban fighters were killed ... in the outskirts of Qala-e-Naw"
    against "239 Taliban were killed ... in separate areas of the country". A
    name (place, person, body) that only the repost sentence has marks such a
    narrower or different scope, so in a related article the numbers are not
    set against each other. Names match loosely ("Afghan Defense Ministry" is
    "Afghan Ministry of Defense").
    """
    if not f.kind.startswith("number") or not f.repost_sentence:
        return True
    from rapidfuzz import fuzz

    from .names.extract import extract_names

    ref_names = [m.text for m in extract_names(f.ref_sentence)]
    return all(any(fuzz.token_set_ratio(n.text, r) >= SAME_NAME_RATIO for r in ref_names)
               for n in extract_names(f.repost_sentence))


# token_set_ratio at which two spellings name the same thing here: word order and
# "of" do not matter ("Defense Ministry" / "Ministry of Defense" score 100), a
# different place does (Qala-e-Naw / Badghis score 12).
SAME_NAME_RATIO = 80


def keep(findings: Sequence[Finding], min_confidence: float) -> list[Finding]:
    """Findings at or above ``min_confidence`` (unscored plug-in findings always stay)."""
    return [f for f in findings if f.confidence is None or f.confidence >= min_confidence]
