"""audit match: static candidates, confirmed by the aligner, written as a manifest for audit batch (fake model)."""
from __future__ import annotations

import csv

import pytest
from clitools import invoke, one_line_error
from fakes import FakeEmbedder

import audit.static_model
from audit.batch import read_manifest
from audit.batch.match import TOP_K, articles, match_reposts, static_coverage
from audit.config import AuditConfig
from audit.embed import CachingEmbedder
from audit.errors import InputError

TOPICS = {
    "prison": ["Taliban fighters attacked the prison in Qala-e-Naw on Sunday night.",
               "About 200 prisoners escaped during the attack, officials said.",
               "The governor of Badghis province asked Kabul for reinforcements.",
               "Security forces later recaptured parts of the town after heavy fighting.",
               "Residents said shops and schools stayed closed for a third day."],
    "bank": ["The central bank raised its main interest rate by half a point.",
             "Inflation in the euro zone reached its highest level in ten years.",
             "Economists expect two further increases before the end of the year.",
             "Mortgage lenders said repayments would rise for millions of households.",
             "Shares in European banks gained after the announcement."],
    "storm": ["A tropical storm flooded coastal villages in the south of the island.",
              "Rescue teams evacuated thousands of families overnight.",
              "Power lines were cut across three districts by falling trees.",
              "The weather service warned of more heavy rain on Tuesday.",
              "Farmers reported that most of the rice harvest was lost."],
}


@pytest.fixture(autouse=True)
def fake_static(monkeypatch):
    monkeypatch.setattr(audit.static_model, "StaticEmbedder", lambda *a, **kw: FakeEmbedder())


@pytest.fixture
def folders(tmp_path):
    refs, reps = tmp_path / "refs", tmp_path / "reps"
    refs.mkdir()
    reps.mkdir()
    for name in ("prison", "bank"):
        (refs / f"{name}.txt").write_text("\n\n".join(TOPICS[name]) + "\n", encoding="utf-8")
    (reps / "prison-copy.txt").write_text("\n\n".join(TOPICS["prison"]) + "\n", encoding="utf-8")
    (reps / "bank-excerpt.txt").write_text("\n\n".join(TOPICS["bank"][:4]) + "\n", encoding="utf-8")
    (reps / "storm.txt").write_text("\n\n".join(TOPICS["storm"]) + "\n", encoding="utf-8")
    return refs, reps


def run(folders, top_k=TOP_K, embedder=None):
    refs, reps = folders
    return match_reposts(articles(refs), articles(reps), embedder=embedder or CachingEmbedder(FakeEmbedder()),
                         static=FakeEmbedder(), config=AuditConfig(), top_k=top_k)


def test_each_repost_gets_its_reference_and_an_unrelated_one_none(folders):
    refs, reps = folders
    got = {m.repost.name: m for m in run(folders)}
    assert got["prison-copy.txt"].reference == (refs / "prison.txt").resolve()
    assert got["prison-copy.txt"].relation == "translation"
    assert got["bank-excerpt.txt"].reference == (refs / "bank.txt").resolve()
    assert got["bank-excerpt.txt"].relation in ("partial", "translation")
    assert got["storm.txt"].reference is None and got["storm.txt"].relation == "unrelated"
    assert "matched" in got["storm.txt"].evidence


def test_the_static_encoder_only_proposes_and_top_k_bounds_the_aligner_work(folders):
    """With top_k=1 only the static encoder's best reference is aligned: one candidate each."""
    encoder = CachingEmbedder(FakeEmbedder())
    one = run(folders, top_k=1, embedder=encoder)
    assert all(len(m.candidates) == 1 for m in one)
    both = run(folders, top_k=5)
    assert all(len(m.candidates) == 2 for m in both)  # never more than there are references
    assert [m.reference for m in one] == [m.reference for m in both]
    assert both[0].candidates[0] == both[0].reference  # best first


def test_min_relation_keeps_only_closer_copies(folders):
    refs, reps = folders
    partial = {m.repost.name: m for m in run(folders)}
    strict = {m.repost.name: m for m in match_reposts(
        articles(refs), articles(reps), embedder=CachingEmbedder(FakeEmbedder()), static=FakeEmbedder(),
        config=AuditConfig(), min_relation="translation")}
    assert strict["prison-copy.txt"].reference == partial["prison-copy.txt"].reference is not None
    excerpt = strict["bank-excerpt.txt"]
    assert (excerpt.reference is None) == (excerpt.relation != "translation")
    assert excerpt.closest == (refs / "bank.txt").resolve()


def test_static_coverage_is_the_mean_best_cosine():
    import numpy as np

    rep = np.eye(3, dtype=np.float32)[:2]
    refs = [np.eye(3, dtype=np.float32), np.eye(3, dtype=np.float32)[2:], np.zeros((0, 3), np.float32)]
    assert static_coverage(rep, refs).tolist() == [1.0, 0.0, 0.0]
    assert static_coverage(np.zeros((0, 3), np.float32), refs).tolist() == [0.0, 0.0, 0.0]


def test_bad_inputs_say_what_to_pass(tmp_path, folders):
    with pytest.raises(InputError, match="does not exist"):
        articles(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no articles"):
        articles(tmp_path / "empty")
    with pytest.raises(InputError, match="--top-k"):
        run(folders, top_k=0)


# --------------------------------------------------------------------------- CLI


def test_cli_writes_a_manifest_that_audit_batch_reads(tmp_path, folders):
    refs, reps = folders
    out = tmp_path / "pairs.csv"
    r = invoke("match", refs, reps, "-o", out)
    assert r.exit_code == 0, r.output
    assert "3 reposts, 2 references: 2 matched, 1 not related to any reference" in r.output
    assert "unmatched:" in r.output and "storm.txt" in r.output
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {(r["reference"].rsplit("/", 1)[1], r["repost"].rsplit("/", 1)[1]) for r in rows} == {
        ("prison.txt", "prison-copy.txt"), ("bank.txt", "bank-excerpt.txt")}
    assert {"relation", "static_score", "evidence"} <= set(rows[0])
    jobs = read_manifest(out)
    assert sorted(j.id for j in jobs) == ["bank--bank-excerpt", "prison--prison-copy"]


def test_cli_leaves_the_references_out_of_the_reposts(tmp_path, folders):
    refs, reps = folders
    r = invoke("match", refs, refs, "-o", tmp_path / "p.csv")
    one_line_error(r, "no reposts", "other than the references")


@pytest.mark.parametrize("args, needles", [
    (("match", "{tmp}/nowhere", "{reps}"), ("does not exist",)),
    (("match", "{refs}", "{reps}", "--top-k", "0"), ("--top-k must be at least 1",)),
    (("match", "{refs}", "{reps}", "--min-relation", "close"), ("--min-relation must be one of",)),
])
def test_cli_bad_options_are_one_line_errors(tmp_path, folders, args, needles):
    refs, reps = folders
    r = invoke(*[a.format(tmp=tmp_path, refs=refs, reps=reps) for a in args], "-o", tmp_path / "p.csv")
    one_line_error(r, *needles)
    assert not (tmp_path / "p.csv").exists()


def test_a_text_in_another_language_is_matched_with_a_warning(tmp_path, folders, caplog):
    refs, reps = folders
    (reps / "prison-fr.txt").write_text(
        "Des combattants talibans ont attaqué la prison de Qala-e-Naw dimanche soir. Environ deux cents "
        "prisonniers se sont évadés pendant l'attaque, selon les autorités. Le gouverneur de la province "
        "a demandé des renforts à Kaboul, et les écoles sont restées fermées pendant trois jours.\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="audit"):
        run(folders)
    assert any("prison-fr.txt looks like fr" in r.message and "pair it by hand" in r.message for r in caplog.records)
