"""A repost that is not a repost: one finding and a verdict, never a crash or hundreds of omissions."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from clitools import invoke

from audit.ingest.read import document_from_text, read_document
from audit.pipeline import audit
from audit.align.relation import classify
from audit.types import Bead, Segment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reliability"
REFERENCE = Path(__file__).resolve().parents[2] / "seeds" / "000_reference_aljazeera.txt"
UNRELATED = FIXTURES / "unrelated_article.txt"
BANNER = FIXTURES / "cookie_banner_only.html"


def _segs(n: int, boilerplate: int = 0) -> list[Segment]:
    return [Segment(i, f"s{i}", 0, 1, i, "banner" if i < boilerplate else "") for i in range(n)]


@pytest.mark.parametrize("ref_matched, rep_matched, n_ref, n_rep, expected", [
    (10, 10, 10, 10, "translation"),
    (9, 9, 10, 10, "translation"),
    (9, 6, 10, 10, "partial"),  # a copy padded with added paragraphs
    (3, 3, 10, 4, "partial"),  # an excerpt: most of the repost, a little of the reference
    (3, 3, 10, 10, "related"),
    (1, 1, 10, 10, "unrelated"),  # one chance pair never makes two articles related
    (0, 0, 10, 10, "unrelated"),
    (0, 0, 10, 0, "unrelated"),
])
def test_relation_from_the_matched_share_of_each_side(ref_matched, rep_matched, n_ref, n_rep, expected):
    ref, rep = _segs(n_ref), _segs(n_rep)
    k = min(ref_matched, rep_matched)
    beads = [Bead((i,), (i,)) for i in range(k)]
    if ref_matched > k:
        beads.append(Bead(tuple(range(k, ref_matched)), (k - 1,)) if k else Bead((), ()))
    if rep_matched > k:
        beads.append(Bead((k - 1,), tuple(range(k, rep_matched))))
    rel = classify(ref, rep, beads)
    assert rel.kind == expected
    assert f"of {n_ref} reference sentences" in rel.evidence


def test_boilerplate_does_not_count_as_content():
    ref, rep = _segs(10), _segs(12, boilerplate=2)
    rel = classify(ref, rep, [Bead((i,), (i + 2,)) for i in range(10)])
    assert rel.kind == "translation" and rel.repost_coverage == 1.0


def test_unrelated_repost_is_one_error_not_a_crash(fake_embedder):
    ref = read_document(REFERENCE)
    # The fake model is a bag of words: a repost with no word of the reference is unrelated to it.
    rep = document_from_text("Knead dough gently.\n\nBake loaves forty minutes.\n\nCool them on racks.\n")
    result = audit(ref, [rep], embedder=fake_embedder)
    [r] = result.reposts
    assert r.relation.kind == "unrelated"
    assert [f.kind for f in r.findings] == ["unrelated_repost"]
    assert r.verdict == "fail"
    assert "not a repost of the reference" in r.findings[0].message


def test_no_pair_matched_still_signs_the_report(fake_embedder):
    # The crash: sacrebleu's signature was asked for before anything was scored.
    ref = read_document(REFERENCE)
    rep = document_from_text("The recipe calls for two cups of flour.\n\nBake the bread for forty minutes.\n")
    result = audit(ref, [rep], embedder=fake_embedder)
    assert "sacrebleu:chrF2++|" in result.signature and "nrefs:1" in result.signature


def test_cli_unrelated_article_gives_report_and_exit_1(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", REFERENCE, UNRELATED, "-o", out, "-q")
    assert result.exit_code == 1, result.output
    summary = pd.read_csv(out / "summary.csv")
    assert summary.loc[0, "relation"] == "unrelated"
    assert "0 of 32 reference sentences" in summary.loc[0, "relation_evidence"]
    findings = pd.read_csv(out / "findings.csv")
    assert list(findings["kind"]) == ["unrelated_repost"]


def test_cli_empty_repost_cells_and_banner_only_page_warn(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", REFERENCE, BANNER, "-o", out)
    assert result.exit_code == 1, result.output
    assert "almost no article text" in result.output
    assert pd.read_csv(out / "summary.csv").loc[0, "relation"] == "unrelated"


@pytest.mark.model
def test_real_model_calls_an_unrelated_real_article_unrelated(real_embedder):
    result = audit(read_document(REFERENCE), [read_document(UNRELATED)], embedder=real_embedder)
    assert result.reposts[0].relation.kind == "unrelated"


def test_pairs_file_with_every_repost_cell_empty(tmp_path):
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("id,reference,repost\n1,Two hundred prisoners escaped.,\n2,The governor resigned.,\n")
    out = tmp_path / "out"
    result = invoke("pairs", pairs, "-o", out, "-q")
    assert result.exit_code == 1, result.output
    findings = pd.read_csv(out / "findings.csv")
    assert set(findings["kind"]) == {"omitted_sentence"} and len(findings) == 2
    # nothing to match: certain, whatever the confidence model makes of an empty document
    assert set(findings["rule"]) == {"sentence.nothing_to_match"} and set(findings["confidence"]) == {1.0}
