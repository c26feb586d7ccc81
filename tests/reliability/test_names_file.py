"""A names file that is not valid CSV is an error naming the line, never a silent swallow."""
from __future__ import annotations

import pytest

from audit.errors import ConfigError
from audit.checks.names import load_name_book


@pytest.mark.parametrize("body, line", [
    ('Qala-e-Naw,"Qala-i-Naw|Qala e Naw,Galano\nBismillah Khan Mohammadi,,Bismara Khan\n', 2),
    ('Herat,,\nQala-e-Naw,"Qala-i-Naw,Galano\n', 3),
    ('Herat,"Hérat"x,\n', 2),
])
def test_unclosed_or_stray_quote_names_the_line(tmp_path, body, line):
    p = tmp_path / "names.csv"
    p.write_text("canonical,accepted,wrong\n" + body)
    with pytest.raises(ConfigError, match=rf"line {line} is not valid CSV.*close the quote"):
        load_name_book(p)


def test_quoted_commas_are_still_fine(tmp_path):
    p = tmp_path / "names.csv"
    p.write_text('canonical,accepted,wrong\n"Mohammadi, Bismillah Khan",Bismillah Khan Mohammadi,Bismara Khan\n')
    [entry] = load_name_book(p).entries
    assert entry.canonical == "Mohammadi, Bismillah Khan" and entry.wrong == ("Bismara Khan",)


def test_cli_reports_a_bad_names_file_in_one_line(tmp_path):
    from pathlib import Path

    from clitools import invoke, one_line_error

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    p = tmp_path / "names.csv"
    p.write_text('canonical,accepted,wrong\nQala-e-Naw,"Qala-i-Naw,Galano\n')
    r = invoke("run", seeds / "000_reference_aljazeera.txt", seeds / "001_repost_mt_afghanistan_news.txt",
               "--names", p, "-o", tmp_path / "out")
    one_line_error(r, "line 2", "names.csv")
    assert not (tmp_path / "out").exists()
