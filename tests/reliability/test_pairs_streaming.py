"""`audit pairs` reads, audits and renders its input in chunks: the same reports, memory flat in rows."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from clitools import fake_model, invoke  # noqa: F401

from audit import pairs as pairs_mod
from audit.config import AuditConfig
from audit.errors import InputError
from audit.pairs import audit_pair_chunks, audit_pairs, open_pairs, read_pairs
from audit.report.chunked import PairsReports
from audit.report import write_reports

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"
ROWS = [
    ("a1", "About 200 people were killed in Kabul on Sunday.", "About 600 people were killed in Kabul on Sunday."),
    ("a2", "The bridge, which opened in 2010, was closed.", "The bridge, which opened in 2010, was closed."),
    ("a3", "Officials met in Geneva on Friday.", ""),
    ("a4", "", "An extra sentence was added here by the editor."),
    ("a5", "President Joe Biden defended the decision.", "President Joe Bidan defended the decision."),
    ("a6", "Prices rose by 12 percent last year.", "Prices did not rise by 12 percent last year."),
    ("a7", "The council met on Tuesday.", "The council met on Tuesday."),
]


def _table(path: Path, rows=ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "reference", "repost"])
        w.writerows(rows)
    return path


def test_chunked_reports_equal_the_unchunked_ones(tmp_path, fake_embedder):
    f = _table(tmp_path / "p.csv")
    formats = ("csv", "json", "html")
    whole = tmp_path / "whole"
    write_reports(audit_pairs(read_pairs(f), embedder=fake_embedder, config=AuditConfig(), name=str(f)),
                  whole, formats)
    reports = PairsReports(formats)
    for result in audit_pair_chunks(open_pairs(f), embedder=fake_embedder, name=str(f), chunk_rows=2):
        reports.add(result)
    files = reports.files()
    assert {"alignment.csv", "findings.csv", "summary.csv", "signature.txt", "report.json", "a1.html"} <= set(files)
    for name, text in files.items():
        assert (whole / name).read_text(encoding="utf-8") == text, name
    assert (reports.pairs, reports.failed) == (7, sum(r["verdict"] == "fail" for r in csv.DictReader(
        (whole / "summary.csv").open())))


def test_vectors_are_forgotten_between_chunks(tmp_path, fake_embedder):
    f = _table(tmp_path / "p.csv", [(f"r{i}", f"The council met {i} times in {i + 1990}.",
                                     f"The council met {i} times in {i + 1990}.") for i in range(30)])
    sizes = [len(fake_embedder) for _ in audit_pair_chunks(open_pairs(f), embedder=fake_embedder, chunk_rows=10)]
    assert len(sizes) == 3 and max(sizes) <= 3 * 10  # a chunk's own texts (and its clause variants), no more
    assert len(fake_embedder) == 0


def test_progress_counts_pairs_over_the_whole_file(tmp_path, fake_embedder):
    f = _table(tmp_path / "p.csv")
    seen = []
    for _ in audit_pair_chunks(open_pairs(f), embedder=fake_embedder, chunk_rows=3,
                               progress=lambda d, t: seen.append((d, t))):
        pass
    assert {t for _, t in seen} == {7} and seen[-1] == (7, 7)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("name", ["pairs.csv", "pairs.tsv", "pairs.tmx"])
def test_files_are_read_a_row_at_a_time_not_whole(name, monkeypatch):
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: pytest.fail("read the whole file"))
    src = open_pairs(FIXTURES / name)
    assert src.count == len(list(src)) > 0


def test_tmx_units_are_dropped_once_read(tmp_path):
    units = "".join(f"<tu tuid='u{i}'><tuv xml:lang='en'><seg>Sentence {i}.</seg></tuv>"
                    f"<tuv xml:lang='fr'><seg>Phrase {i}.</seg></tuv></tu>" for i in range(500))
    f = tmp_path / "big.tmx"
    f.write_text(f"<tmx version='1.4'><header srclang='en'/><body>{units}</body></tmx>", encoding="utf-8")
    pairs = list(open_pairs(f))
    assert len(pairs) == 500 and pairs[-1].reference == "Sentence 499." and pairs[-1].repost == "Phrase 499."


def test_errors_anywhere_in_the_file_come_before_any_audit(tmp_path):
    rows = [(f"r{i}", "A sentence.", "A sentence.") for i in range(5000)] + [("r7", "dup", "dup")]
    f = _table(tmp_path / "p.csv", rows)
    with pytest.raises(InputError, match="repeats the pair id 'r7'"):
        open_pairs(f)


def test_cp1252_table_is_read_with_a_warning(tmp_path):
    f = tmp_path / "p.csv"
    f.write_bytes("id,reference,repost\n1,Caf\u00e9 prices rose.,Caf\u00e9 prices rose.\n".encode("cp1252"))
    src = open_pairs(f)
    assert [p.reference for p in src] == ["Caf\u00e9 prices rose."]
    assert "cp1252" in src.warnings[0]


def test_long_cells_are_counted_in_a_warning(tmp_path):
    f = _table(tmp_path / "p.csv", [("x", "word " * 300, "word " * 300), ("y", "short", "short")])
    src = open_pairs(f)
    assert any("2 cell(s) longer than 900" in w for w in src.warnings)


def test_cli_streams_in_chunks_and_writes_one_set(tmp_path, monkeypatch):
    monkeypatch.setattr(pairs_mod, "CHUNK_ROWS", 3)
    f = _table(tmp_path / "p.csv")
    out = tmp_path / "out"
    r = invoke("pairs", f, "-o", out, "-f", "csv", "-f", "json")
    assert r.exit_code == 1, r.output
    assert "7 pairs" in r.output
    summary = list(csv.DictReader((out / "summary.csv").open()))
    assert [s["repost"] for s in summary] == [r[0] for r in ROWS]
    alignment = list(csv.DictReader((out / "alignment.csv").open()))
    assert [a["ref_ids"] for a in alignment] == ["0", "1", "2", "", "3", "4", "5"]
    assert (out / "report.json").exists() and (out / "manifest.json").exists()
