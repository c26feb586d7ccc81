from __future__ import annotations

from conftest import ALL_REPOSTS, MT_REPOST, REFERENCE

from audit.config import AuditConfig
from audit.ingest.read import document_from_text, read_document
from audit.pipeline import audit, verdict
from audit.types import Finding, Severity

REF = """The Taliban attacked the city of Qala-e-Naw on Wednesday.

About 200 prisoners escaped from the central prison.

The governor said that the army was confronting them.

Clashes are escalating across the country."""

REPOST = """The Taliban attacked the city of Qala-e-Naw on Wednesday.

About 600 prisoners escaped from the central prison.

The governor said that the army was confronting them.

This website uses cookies to improve your experience. Accept Read More"""


def run(ref: str, *reposts: str, **kw):
    from fakes import FakeEmbedder

    from audit.embed import CachingEmbedder

    emb = CachingEmbedder(FakeEmbedder())
    return audit(document_from_text(ref, path="ref.txt"),
                 [document_from_text(r, path=f"r{i}.txt") for i, r in enumerate(reposts)], embedder=emb, **kw), emb


def test_small_audit_finds_number_omission_and_ignores_boilerplate():
    result, _ = run(REF, REPOST)
    r = result.reposts[0]
    kinds = {(f.kind, f.ref_span, f.repost_span) for f in r.findings}
    assert ("number_mismatch", "200", "600") in kinds
    assert ("omitted_sentence", "Clashes are escalating across the country.", "") in kinds
    assert not any(f.kind == "added_sentence" and "cookies" in f.repost_span for f in r.findings)
    assert r.verdict == "fail"
    assert r.coverage == 0.75


def test_every_segment_of_both_sides_is_in_exactly_one_bead():
    result, _ = run(REF, REPOST)
    r = result.reposts[0]
    assert sorted(i for b in r.beads for i in b.ref_ids) == list(range(len(result.reference_segments)))
    assert sorted(j for b in r.beads for j in b.repost_ids) == list(range(len(r.segments)))


def test_reference_is_encoded_once_for_many_reposts():
    _, emb = run(REF, REPOST, REPOST.replace("600", "700"), REPOST.replace("600", "800"))
    _, emb_one = run(REF, REPOST)
    # Two more reposts that differ in one sentence add only that sentence's texts.
    assert emb.encoded - emb_one.encoded < 10


def test_identical_repost_warns():
    result, _ = run(REF, REF)
    assert any("identical to the reference" in w for w in result.warnings)
    assert result.reposts[0].findings == ()


def test_signature_records_model_thresholds_and_versions():
    result, _ = run(REF, REPOST)
    sig = result.signature
    for part in ("audit:0.1.0", "model:fake-bag-of-words@sha256:", "drift_threshold=", "sacrebleu:chrF2++", "python:"):
        assert part in sig


def _finding(sev: Severity) -> Finding:
    return Finding("number_mismatch", sev, "", "", "", "", 0.0, "")


def test_verdict_follows_fail_on():
    warn = [_finding(Severity.WARNING)]
    assert verdict(warn, "error") == "pass"
    assert verdict(warn, "warning") == "fail"
    assert verdict(warn, "never") == "pass"
    assert verdict([_finding(Severity.INFO)], "info") == "fail"


def test_fake_model_runs_on_all_seeds(fake_embedder):
    result = audit(read_document(REFERENCE), [read_document(p) for p in ALL_REPOSTS],
                   embedder=fake_embedder, config=AuditConfig())
    assert len(result.reposts) == 4
    mt = next(r for r in result.reposts if r.name == str(MT_REPOST))
    assert mt.coverage > 0.7
