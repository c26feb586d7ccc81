"""Bad pairs files: one InputError naming the file and the fix, never a traceback."""
from __future__ import annotations

import pytest

from audit.errors import InputError
from audit.pairs import read_pairs


@pytest.mark.parametrize("name, data, needle", [
    ("p.csv", b"", "empty"),
    ("p.csv", b"id,reference,repost\n,Two prisoners escaped.,Two escaped.\n", "empty id"),
    ("p.csv", b"id,reference,repost\n1,\x00\x01\x02\x03\x04\x05\x06\x07,\x00\x01\x02\x03\n", "binary"),
    ("p.tmx", b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>'
              b'<tu tuid="1"><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="fr"><seg>Un.</seg></tuv>'
              b'<tuv xml:lang="de"><seg>Eins.</seg></tuv></tu></body></tmx>', "expected 2"),
])
def test_bad_pairs_files(tmp_path, name, data, needle):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=needle):
        read_pairs(p)


def test_a_folder_is_not_a_pairs_file(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_pairs(tmp_path)


def test_utf16_with_bom_reads(tmp_path):
    p = tmp_path / "p.csv"
    p.write_bytes("id,reference,repost\n1,Two prisoners escaped.,Two escaped.\n".encode("utf-16"))
    [pair] = read_pairs(p)
    assert pair.reference == "Two prisoners escaped."


def test_tmx_inline_codes_are_not_text(tmp_path):
    p = tmp_path / "p.tmx"
    p.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu tuid="7">'
                 '<tuv xml:lang="en"><seg>The <bpt i="1">&lt;b&gt;</bpt>governor<ept i="1">&lt;/b&gt;</ept> resigned.</seg></tuv>'
                 '<tuv xml:lang="fr"><seg>The governor quit.</seg></tuv></tu></body></tmx>')
    [pair] = read_pairs(p)
    assert pair.id == "7" and pair.reference == "The governor resigned." and pair.repost == "The governor quit."
