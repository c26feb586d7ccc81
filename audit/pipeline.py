"""The audit pipeline: segments in, findings and summaries out.

The library entry point is :func:`audit`. It encodes every distinct text once
(the reference once, however many reposts), then aligns, scores and checks
each repost.
"""
from __future__ import annotations

import logging
import platform
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np

from . import __version__
from .align.dp import CROSSLINGUAL, VERSION as ALIGNER_VERSION, AlignParams, align, order_beads, window_vectors, windows_needed
from .checks.runner import run_checks
from .config import AuditConfig
from .embed import ENGLISH_ONLY_MODELS, Embedder
from .ingest.language import crosses_languages, language_of, non_english_warning
from .checks.names import NameBook
from .align.lexical import word_vectors
from .score import document_scores, pair_scores, sacrebleu_signature
from .align.relation import classify
from .segment.sentences import segment
from .types import AuditResult, Bead, Document, Finding, PairScores, Relation, RepostAudit, Segment, Severity

log = logging.getLogger("audit")
Progress = Callable[[int, int], None]
MIN_ARTICLE_WORDS = 20  # fewer content words than a two-sentence news brief: not an article


def align_params(config: AuditConfig) -> AlignParams:
    return AlignParams(
        max_merge=config.max_merge, anchor_min=config.anchor_min_similarity,
        keep_min=config.match_min_similarity, rescue_min=config.rescue_min_similarity,
    )


def content_ids(segments: Sequence[Segment]) -> list[int]:
    return [s.index for s in segments if not s.is_boilerplate]


def align_segments(ref: Sequence[Segment], repost: Sequence[Segment], embedder: Embedder,
                   config: AuditConfig, params: AlignParams | None = None) -> list[Bead]:
    """Align content sentences with the aligner, then put boilerplate back in place.

    ``params`` overrides the aligner's parameters (benchmarks search them); by
    default they follow ``config``.
    """
    ref_ids, rep_ids = content_ids(ref), content_ids(repost)
    ref_texts = [ref[i].text for i in ref_ids]
    rep_texts = [repost[j].text for j in rep_ids]
    rv, pv = embedder.encode(ref_texts), embedder.encode(rep_texts)
    params = params or align_params(config)
    if ref_texts and rep_texts:
        ref_win, rep_win = _window_vectors(rv, pv, ref_texts, rep_texts, embedder, params)
        ref_words, rep_words = word_vectors(ref_texts, rep_texts)
        ref_len, rep_len = _lengths(ref_texts, rep_texts, params.scale_lengths)
        beads = align(rv, pv, ref_lengths=ref_len, repost_lengths=rep_len,
                      ref_windows=ref_win, repost_windows=rep_win,
                      ref_paragraphs=_paragraphs(ref, ref_ids), repost_paragraphs=_paragraphs(repost, rep_ids),
                      ref_words=ref_words, repost_words=rep_words, params=params)
    else:
        beads = align(np.zeros((len(ref_texts), 1), np.float32), np.zeros((len(rep_texts), 1), np.float32))
    mapped = [Bead(tuple(ref_ids[i] for i in b.ref_ids), tuple(rep_ids[j] for j in b.repost_ids),
                   b.score, b.moved) for b in beads]
    mapped += [Bead((s.index,), ()) for s in ref if s.is_boilerplate]
    mapped += [Bead((), (s.index,)) for s in repost if s.is_boilerplate]
    return order_beads(mapped)


def _lengths(ref_texts: Sequence[str], rep_texts: Sequence[str], scale: bool) -> tuple[list[float], list[float]]:
    """Sentence lengths in characters, the repost's scaled so both documents have the same total.

    A Chinese sentence takes about a third of the characters of its English
    translation; unscaled, every bead would pay the same length penalty and the DP
    would merge Chinese sentences to shrink it. Gale and Church scale the same way.
    Only across languages: between two English texts a length difference is evidence
    (a related article is longer), and scaling it away costs precision on the seeds.
    """
    ref_len = [float(len(t)) for t in ref_texts]
    rep_len = [float(len(t)) for t in rep_texts]
    if scale:
        ratio = sum(ref_len) / max(sum(rep_len), 1.0)
        rep_len = [x * ratio for x in rep_len]
    return ref_len, rep_len


def _paragraphs(segments: Sequence[Segment], ids: Sequence[int]) -> list[int] | None:
    """Paragraph numbers, or None when every sentence is its own paragraph (one per line)."""
    paras = [segments[i].paragraph for i in ids]
    return paras if len(set(paras)) < len(paras) else None


# Merge windows embedded for real, per side, at most: the larger of this and
# WINDOWS_PER_OTHER_SENTENCE times the other side's sentences. Articles, and
# 300-sentence book chapters, need far fewer (about two per sentence), so only a
# huge input against a small one is capped: a 40-sentence reference can match
# at most ~40 beads, yet a 5 MB repost asks for ~80,000 windows (minutes of
# encoding). The windows kept are those closest to the other side; sums of
# sentence vectors stand in for the rest, as they do outside the DP's pieces.
MIN_EMBEDDED_WINDOWS = 1000
WINDOWS_PER_OTHER_SENTENCE = 4


def _window_vectors(rv, pv, ref_texts, rep_texts, embedder: Embedder, params: AlignParams):
    """Real embeddings of the merge windows the DP will read; sums stand in for the rest."""
    need_r, need_p = windows_needed(rv, pv, params)
    need_r = _cap_windows(need_r, rv, pv, "reference")
    need_p = _cap_windows(need_p, pv, rv, "repost")
    out = []
    for vecs, texts, need in ((rv, ref_texts, need_r), (pv, rep_texts, need_p)):
        wins = {}
        for k, starts in need.items():
            w = window_vectors(vecs, k).copy()
            if starts:
                w[starts] = embedder.encode([" ".join(texts[i:i + k]) for i in starts])
            wins[k] = w
        out.append(wins)
    return out[0], out[1]


def _cap_windows(need: dict[int, list[int]], vecs: np.ndarray, other: np.ndarray, side: str
                 ) -> dict[int, list[int]]:
    """``need`` cut to the cap (see MIN_EMBEDDED_WINDOWS), keeping the windows nearest the other side."""
    cap = max(MIN_EMBEDDED_WINDOWS, WINDOWS_PER_OTHER_SENTENCE * len(other))
    total = sum(len(v) for v in need.values())
    if total <= cap:
        return need
    scored = []
    for k, starts in need.items():
        if starts:
            approx = window_vectors(vecs, k)[starts]
            best = np.concatenate([(approx[i:i + 4096] @ other.T).max(axis=1) for i in range(0, len(starts), 4096)])
            scored += [(-float(c), k, i) for c, i in zip(best, starts)]
    keep = sorted(scored)[:cap]
    log.warning(f"the {side} needs {total:,} merge windows (runs of 2-3 sentences) against {len(other):,} "
                f"sentences; embedded the {cap:,} closest, approximated the rest from sentence vectors")
    return {k: sorted(i for _, kk, i in keep if kk == k) for k in need}


def prepare_texts(ref: Sequence[Segment], reposts: Sequence[Sequence[Segment]]) -> list[str]:
    """Every sentence the alignment will embed, so one batched pass can encode them all."""
    return list(dict.fromkeys(s.text for segs in [ref, *reposts] for s in segs if not s.is_boilerplate))


def audit(
    reference: Document,
    reposts: Iterable[Document],
    *,
    embedder: Embedder,
    config: AuditConfig = AuditConfig(),
    book: NameBook | None = None,
    progress: Progress | None = None,
    presegmented: bool = False,
    crosslingual: Embedder | Callable[[], Embedder] | None = None,
) -> AuditResult:
    """Audit each repost against the reference, one repost at a time.

    The reference is segmented and encoded first, once; then each repost is
    segmented, encoded and audited before the next is touched, so ``reposts``
    may be a generator that reads each file as it is needed. ``progress`` gets
    (texts encoded so far, texts known to encode so far), summed over every call
    into the model: sentences, merge windows, clause checks.

    ``crosslingual`` is the multilingual encoder (or a function that loads it, called
    only when needed): a repost in another language than the reference is audited
    with it, with the aligner's cross-language parameters and the checks that work
    across scripts (:mod:`audit.checks.across`).
    """
    warnings = list(reference.warnings)
    logged = set(reference.warnings)  # ingest logged these as it read
    ref_segs = segment(reference, presegmented=presegmented, max_chars=config.max_sentence_chars, notes=warnings)
    ref_lang = language_of(reference.text, config.reference_lang)
    multi = _Multilingual(crosslingual, progress)
    if progress is not None:
        embedder = _Counted(embedder, progress)
    if not (crosslingual is not None and ref_lang not in ("", "en")):
        embedder.encode(prepare_texts(ref_segs, []))
    ref_warning = None  # the reference's language warning, looked up once, when an English-only model reads it
    results = []
    for doc in reposts:
        warnings += doc.warnings
        logged.update(doc.warnings)
        segs = segment(doc, presegmented=presegmented, max_chars=config.max_sentence_chars, notes=warnings)
        langs = (ref_lang, language_of(doc.text))
        # Without a multilingual encoder (crosslingual-encoder = "none") the old English path runs, with
        # its warning: the cross-language parameters and checks were set for the multilingual vectors.
        across = crosses_languages(*langs) and crosslingual is not None
        emb = multi.get(langs) if across else embedder
        emb.encode(prepare_texts(ref_segs, [segs]))  # one batch per repost; the reference is cached
        words = sum(len(s.text.split()) for s in segs if not s.is_boilerplate)
        if words < MIN_ARTICLE_WORDS:
            warnings.append(f"{doc.path} has almost no article text ({words} words) once boilerplate "
                            "(menus, cookie banners, share links) is removed; pass the article page or its text")
        if doc.text.strip() == reference.text.strip():
            warnings.append(f"{doc.path} is identical to the reference; nothing to audit in it")
        if emb.name in ENGLISH_ONLY_MODELS:
            if ref_warning is None:
                ref_warning = non_english_warning(reference.path, reference.text) or ""
            for w in (ref_warning, non_english_warning(doc.path, doc.text)):
                if w and w not in warnings:
                    warnings.append(w)
        result = audit_repost(reference, ref_segs, doc, segs, embedder=emb, config=config, book=book,
                              languages=langs if across else ("", ""))
        results.append(replace(result, languages=langs))
    for w in warnings:
        if w not in logged:
            log.warning(w)
    return AuditResult(reference, tuple(ref_segs), tuple(results),
                       signature(config, embedder, multi.used), tuple(warnings))


class _Multilingual:
    """The multilingual encoder, loaded on first need; which language pairs it audited, for the signature."""

    def __init__(self, source, progress: Progress | None) -> None:
        self._source, self._progress = source, progress
        self._embedder: Embedder | None = None
        self.used: dict[tuple[str, str], Embedder] = {}

    def get(self, langs: tuple[str, str]) -> Embedder:
        if self._embedder is None:
            emb = self._source if hasattr(self._source, "encode") else self._source()
            self._embedder = _Counted(emb, self._progress) if self._progress is not None else emb
        self.used[langs] = self._embedder
        return self._embedder


class _Counted:
    """An embedder that reports every text sent to the model as progress, summed over all calls."""

    def __init__(self, inner: Embedder, progress: Progress) -> None:
        self._inner, self._progress = inner, progress
        self.name, self.fingerprint = inner.name, inner.fingerprint
        self._done = 0

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def encode(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        base, last = self._done, [0]

        def step(done: int, total: int) -> None:
            last[0] = total
            self._progress(base + done, base + total)

        out = self._inner.encode(texts, progress=step)
        self._done = base + last[0]
        return out


def audit_repost(reference: Document, ref_segs: Sequence[Segment], doc: Document, segs: Sequence[Segment], *,
                 embedder: Embedder, config: AuditConfig, book: NameBook | None,
                 languages: tuple[str, str] = ("", "")) -> RepostAudit:
    """One repost; ``languages`` (reference, repost) are given when they differ."""
    across = crosses_languages(*languages)
    beads = align_segments(ref_segs, segs, embedder, config, CROSSLINGUAL if across else None)
    joined = [(" ".join(ref_segs[i].text for i in b.ref_ids), " ".join(segs[j].text for j in b.repost_ids))
              if b.ref_ids and b.repost_ids else None for b in beads]
    texts = list(dict.fromkeys(t for pair in joined if pair for t in pair))
    vecs = dict(zip(texts, embedder.encode(texts))) if texts else {}  # one batch: most are cached windows
    scores: list[PairScores | None] = []
    for pair in joined:
        if pair is None:
            scores.append(None)
        else:
            rt, pt = pair
            scores.append(pair_scores(rt, pt, float(np.dot(vecs[rt], vecs[pt]))))
    relation = classify(ref_segs, segs, beads)
    if relation.kind == "unrelated":
        # Every reference sentence would be "omitted" and every name "mangled":
        # one finding says what is wrong instead of hundreds that say nothing.
        found = [unrelated_finding(doc, relation)]
    else:
        found = run_checks(ref_segs, segs, beads, scores, embedder=embedder, config=config, book=book,
                           vectors=vecs, relation=relation.kind, languages=languages)
    findings = apply_severity_overrides(found, config)
    content = [s for s in ref_segs if not s.is_boilerplate]
    coverage = relation.ref_coverage
    sims = [s.similarity for s in scores if s is not None]
    chrf, bleu = document_scores([s.text for s in content], [s.text for s in segs if not s.is_boilerplate])
    return RepostAudit(
        name=doc.path, document=doc, segments=tuple(segs), beads=tuple(beads), scores=tuple(scores),
        findings=tuple(findings), chrf=chrf, bleu=bleu, coverage=round(coverage, 4),
        mean_similarity=round(float(np.mean(sims)), 4) if sims else 0.0,
        verdict=verdict(findings, config.fail_on), relation=relation,
    )


def unrelated_finding(doc: Document, relation: Relation) -> Finding:
    return Finding("unrelated_repost", Severity.ERROR, "", "", "", "", relation.ref_coverage,
                   f"{doc.path} is not a repost of the reference: {relation.evidence}; "
                   "check that the right files were passed", -1, "relation.unrelated", 1.0)


def apply_severity_overrides(findings: Sequence[Finding], config: AuditConfig) -> list[Finding]:
    """The one place where the config's ``[severity]`` table changes findings (before any verdict)."""
    table = dict(config.severity_overrides)
    return [replace(f, severity=Severity(table[f.kind])) if f.kind in table else f for f in findings]


def verdict(findings, fail_on: str) -> str:
    if fail_on == "never":
        return "pass"
    bar = Severity(fail_on).rank
    return "fail" if any(f.severity.rank >= bar for f in findings) else "pass"


def signature(config: AuditConfig, embedder: Embedder,
              crosslingual: dict[tuple[str, str], Embedder] | None = None) -> str:
    """Everything needed to reproduce a result, in sacrebleu's key:value style.

    ``crosslingual``: the language pairs audited with the multilingual encoder, and it.
    """
    from .checks.registry import select

    th = ",".join(f"{k}={_sig_value(v)}" for k, v in config.thresholds().items()
                  if k not in ("checks", "confidence_model") and not (k == "severity_overrides" and not v))
    ran = "+".join(c.name for c in select(config.checks))  # plug-ins change results: name what ran
    return (f"audit:{__version__}|model:{embedder.name}@sha256:{embedder.fingerprint}|{_encoder_signature(embedder)}"
            f"|aligner:{ALIGNER_VERSION}{_crosslingual_signature(crosslingual)}"
            f"|{th}|checks:{ran}"
            f"|confidence:{_confidence_signature(config)}"
            f"|sacrebleu:{sacrebleu_signature()}|python:{platform.python_version()}")


def _crosslingual_signature(used: dict[tuple[str, str], Embedder] | None) -> str:
    """``|crosslingual:zh-en@use-multilingual-v3@sha256:…`` when some reposts crossed languages."""
    if not used:
        return ""
    emb = next(iter(used.values()))
    pairs = "+".join(f"{a}-{b}" for a, b in sorted(used))
    return f"|crosslingual:{pairs}@{emb.name}@sha256:{emb.fingerprint}"


def _encoder_signature(embedder: Embedder) -> str:
    """What ran the model: ``encoder:torch``, or the ONNX file's own hash."""
    name = getattr(embedder, "encoder", "torch")
    digest = getattr(embedder, "encoder_sha256", "")
    return f"encoder:{name}@sha256:{digest[:16]}" if digest else f"encoder:{name}"


def _confidence_signature(config: AuditConfig) -> str:
    """Which models set the confidences: their version and the sha256 of the file (or ``none``)."""
    if config.confidence_model == "none":
        return "none"
    from .checks.confidence import load_model, model_path

    m = load_model(model_path(config))
    return f"{m.version}@sha256:{m.sha256[:16]}"


def _sig_value(v: object) -> str:
    if isinstance(v, tuple):  # severity_overrides: kind:severity pairs, ';'-separated
        return ";".join(":".join(map(str, pair)) for pair in v)
    return str(v)
