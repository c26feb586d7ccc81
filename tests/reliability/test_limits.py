"""Size guards: a maximum input size, and over-long "sentences" cut before the model truncates them."""
from __future__ import annotations

from pathlib import Path

import pytest
from clitools import fake_model, invoke, one_line_error  # noqa: F401

from audit.config import AuditConfig
from audit.errors import ConfigError, InputError
from audit.ingest.read import document_from_text, read_document
from audit.pipeline import audit
from audit.segment.sentences import segment, split_long
from audit.config import resolve

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
REFERENCE = SEEDS / "000_reference_aljazeera.txt"
SENTENCE = "The council met on Tuesday to discuss the new budget for the city schools. "


# ---------------------------------------------------------------- max-input-mb


def test_limit_is_a_config_key_settable_from_toml_and_command_line(tmp_path):
    assert AuditConfig().max_input_mb == 5
    (tmp_path / "audit.toml").write_text("max-input-mb = 12\nmax-sentence-chars = 600\n")
    s = resolve(cwd=tmp_path)
    assert (s.config.max_input_mb, s.config.max_sentence_chars) == (12, 600)
    assert resolve(config_args=["max-input-mb = 10"], isolated=True, cwd=tmp_path).config.max_input_mb == 10
    with pytest.raises(ConfigError, match="max-input-mb"):
        resolve(config_args=["max-input-mb = 0"], isolated=True, cwd=tmp_path)
    with pytest.raises(ConfigError, match="max-sentence-chars"):
        resolve(config_args=["max-sentence-chars = 10"], isolated=True, cwd=tmp_path)


def test_limit_does_not_enter_the_signature_but_sentence_length_does():
    th = AuditConfig().thresholds()
    assert "max_input_mb" not in th and th["max_sentence_chars"] == 900


def test_text_over_the_limit_is_refused_naming_file_size_limit_and_fix(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text(SENTENCE * 20_000)  # 1.5 MB
    with pytest.raises(InputError) as exc:
        read_document(f, max_input_mb=1)
    msg = str(exc.value)
    for needle in (str(f), "1.5 MB", "limit of 1 MB", "max-input-mb", "split it", "\"max-input-mb = 2\""):
        assert needle in msg, msg
    assert "\n" not in msg
    assert read_document(f, max_input_mb=2).text.startswith("The council")


def test_limit_counts_characters_not_bytes(tmp_path):
    f = tmp_path / "utf16.txt"  # 2 bytes a character: 1.2 MB on disk, 0.6 M characters
    f.write_bytes("\ufeff".encode("utf-16-le") + ("Ölpreis steigt. " * 37_500).encode("utf-16-le"))
    assert f.stat().st_size > 1_000_000
    assert read_document(f, max_input_mb=1).encoding == "utf-16-le"


def test_file_too_big_for_any_encoding_is_refused_without_reading_it(tmp_path, monkeypatch):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as out:  # sparse: 9 MB on disk for 1 MB allowed, never written
        out.truncate(9_000_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the file"))
    with pytest.raises(InputError, match=r"9\.0 MB on disk.*limit of 1 MB"):
        read_document(f, max_input_mb=1)


def test_in_memory_text_has_the_same_limit():
    with pytest.raises(InputError, match="limit of 1 MB"):
        document_from_text(SENTENCE * 15_000, max_input_mb=1)


def test_cli_exit_2_before_the_model_loads(tmp_path, monkeypatch):
    from audit.cli import main as cli

    big = tmp_path / "big.txt"
    big.write_text(SENTENCE * 15_000)  # 1.1 MB
    monkeypatch.setattr(cli, "_load_embedder", lambda *a: pytest.fail("model loaded for a refused input"))
    r = invoke("run", REFERENCE, big, "-o", tmp_path / "out", "--isolated", "--config", "max-input-mb = 1")
    one_line_error(r, "big.txt", "limit of 1 MB", "max-input-mb")


def test_pairs_file_is_not_capped_as_a_whole_but_each_cell_is(tmp_path):
    from audit.pairs import open_pairs

    rows = "".join(f"{i},{SENTENCE},{SENTENCE}\n" for i in range(20_000))  # 3 MB in all
    f = tmp_path / "pairs.csv"
    f.write_text("id,reference,repost\n" + rows)
    assert open_pairs(f, config=AuditConfig(max_input_mb=1)).count == 20_000
    f.write_text("id,reference,repost\n1,a,b\n2," + "x " * 600_000 + ",c\n")
    with pytest.raises(InputError, match="pair '2'.*max-input-mb"):
        open_pairs(f, config=AuditConfig(max_input_mb=1))


# ---------------------------------------------------------------- max-sentence-chars


def _assert_pieces(text: str, spans, limit: int) -> None:
    assert spans, "no pieces"
    for a, b in spans:
        assert 0 < b - a <= limit
        assert text[a:b] == text[a:b].strip()
    rebuilt = " ".join(text[a:b] for a, b in spans)
    assert rebuilt.split() == text.split()  # nothing lost, nothing invented


def test_a_200000_character_line_becomes_pieces_within_the_limit():
    doc = document_from_text("Intro sentence here.\n\n" + ("word " * 40_000).strip() + "\n\nLast one.")
    notes: list[str] = []
    segs = segment(doc, notes=notes)
    assert max(len(s.text) for s in segs) <= 900
    assert all(doc.text[s.start:s.end] == s.text for s in segs)
    assert segs[0].text == "Intro sentence here." and segs[-1].text == "Last one."
    assert len(notes) == 1 and "1 sentence(s) longer than 900" in notes[0] and "<text>" in notes[0]


def test_cuts_prefer_clause_marks_then_commas_then_conjunctions_then_spaces():
    clause = ("the ministry said that the forces had regained control of the capital of the province "
              "following two days of heavy fighting ")  # no punctuation, no conjunction
    text = (clause * 4).strip() + "; " + (clause * 4).strip() + ", " + (clause * 4).strip()
    spans = split_long(text, 600)
    _assert_pieces(text, spans, 600)
    assert text[spans[0][0]:spans[0][1]].endswith(";")
    assert text[spans[1][0]:spans[1][1]].endswith(",")
    conj = (clause * 4).strip() + " and " + (clause * 4).strip()
    spans = split_long(conj, 600)
    _assert_pieces(conj, spans, 600)
    assert conj[spans[1][0]:].startswith("and ")


def test_text_without_spaces_is_cut_hard_at_the_limit():
    text = "x" * 2500
    assert split_long(text, 900) == [(0, 900), (900, 1800), (1800, 2500)]


def test_normal_sentences_are_untouched_and_no_warning(fake_embedder):
    ref = read_document(REFERENCE)
    notes: list[str] = []
    segs = segment(ref, notes=notes)
    assert notes == [] and segs == segment(ref, max_chars=100_000)


def test_presegmented_lines_are_never_cut_but_counted(tmp_path):
    f = tmp_path / "lines.txt"
    f.write_text("Short line.\n" + "word " * 400 + "\nAnother.\n")
    doc = read_document(f, presegmented=True)
    notes: list[str] = []
    segs = segment(doc, presegmented=True, notes=notes)
    assert len(segs) == 3 and "1 line(s) longer than 900" in notes[0]


def test_pipeline_warns_once_per_document(fake_embedder):
    long = ", ".join(["the forces regained control of the district after heavy fighting"] * 40) + "."
    rep = document_from_text(read_document(REFERENCE).text + "\n\n" + long + "\n\n" + long, path="rep.txt")
    result = audit(read_document(REFERENCE), [rep], embedder=fake_embedder)
    cut = [w for w in result.warnings if "max-sentence-chars" in w]
    assert len(cut) == 1 and cut[0].startswith("rep.txt: 2 sentence(s)")
    assert max(len(s.text) for s in result.reposts[0].segments) <= 900

