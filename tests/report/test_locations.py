"""findings.csv and report.json give the 1-based line and column of each finding's spans."""
from __future__ import annotations

import json

import pandas as pd
from fakes import FakeEmbedder

from audit.embed import CachingEmbedder
from audit.ingest.read import read_document
from audit.pipeline import audit
from audit.report.tables import findings_table
from audit.report.writers import write_reports

REFERENCE = ("The governor said on Monday that about 200 prisoners escaped from the central prison.\n\n"
             "Security forces later recaptured the northern district after heavy fighting overnight.\n\n"
             "Officials in the capital promised an inquiry into the failures at the prison.\n")
REPOST = ("Local news\n\n"
          "The governor said on Monday that about 600 prisoners escaped from the central prison.\n\n"
          "Officials in the capital promised an inquiry into the failures at the prison.\n")


def _result(tmp_path):
    (tmp_path / "ref.txt").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "rep.txt").write_text(REPOST, encoding="utf-8")
    return audit(read_document(tmp_path / "ref.txt"), [read_document(tmp_path / "rep.txt")],
                 embedder=CachingEmbedder(FakeEmbedder()))


def test_a_changed_number_points_at_both_files(tmp_path):
    table = findings_table(_result(tmp_path))
    [row] = table[(table.kind == "number_mismatch") & (table.ref_text == "200")].to_dict("records")
    assert row["repost_text"] == "600"
    assert (row["repost_line"], row["repost_column"]) == (3, REPOST.splitlines()[2].index("600") + 1)
    assert (row["ref_line"], row["ref_column"]) == (1, REFERENCE.splitlines()[0].index("200") + 1)


def test_an_omitted_sentence_points_where_it_is_missing(tmp_path):
    table = findings_table(_result(tmp_path))
    [row] = table[table.kind == "omitted_sentence"].to_dict("records")
    assert row["ref_line"] == 3 and row["ref_column"] == 1
    assert row["repost_line"] == 3  # just after the repost sentence before the gap


def test_positions_are_whole_numbers_in_csv_and_json(tmp_path):
    result = _result(tmp_path)
    write_reports(result, tmp_path / "out", formats=("csv", "json"))
    csv_rows = pd.read_csv(tmp_path / "out" / "findings.csv", dtype=str)
    assert csv_rows.repost_line.dropna().str.fullmatch(r"\d+").all()
    doc = json.loads((tmp_path / "out" / "report.json").read_text())
    found = [f for r in doc["reposts"] for f in r["findings"]]
    assert found and all(isinstance(f["repost_line"], int) for f in found)
    assert all(f["ref_line"] is None or isinstance(f["ref_line"], int) for f in found)
