"""Bytes -> text: refuse what is not text or is too big, then decode.

Byte order marks first (UTF-32 before UTF-16), then known binary formats,
BOM-less UTF-16, NUL bytes, UTF-8, an HTML page's declared charset, and
cp1252 as the last resort (with a warning). Decoded text full of control
characters is binary after all.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import AuditConfig
from ..errors import InputError

log = logging.getLogger("audit")

# Binary formats people plausibly pass by mistake; naming the format makes the
# error message actionable ("export the article as text") instead of cryptic.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (.docx/.odt/.epub are ZIP files)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "a legacy Microsoft Office file"),
    (b"{\\rtf", "an RTF document"),
)

# UTF-32 BOMs must be tried before UTF-16: FF FE 00 00 starts with FF FE.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.02
# Unicode category Cc (C0, DEL, C1) less the fine ones (\t \n \v \f \r): one regex pass, not a loop per character.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
DEFAULT_MAX_INPUT_MB = AuditConfig.max_input_mb  # million characters of decoded text


# --------------------------------------------------------------------------
# size limit

# No text encoding spends more than this many bytes on a character (UTF-8,
# UTF-16 and UTF-32 all top out at 4), so a file bigger than this many bytes per
# allowed character is over the limit whatever it decodes to.
_MAX_BYTES_PER_CHAR = 4


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


def _too_big(where: str, what: str, limit_mb: float, need: float) -> InputError:
    raise_to = max(int(limit_mb) + 1, int(-(-need // 1e6)))
    return InputError(
        f"input file {where} is {what}, over the limit of {limit_mb:g} MB of text (max-input-mb = {limit_mb:g}); "
        f"split it into smaller files, or raise the limit with --config \"max-input-mb = {raise_to}\""
    )


def check_file_size(p: Path, max_input_mb: float, size: int | None = None) -> None:
    """Refuse a file that cannot fit in ``max_input_mb`` million characters, from its size alone."""
    if size is None:
        try:
            size = p.stat().st_size
        except OSError:
            return  # _read_bytes reports what is wrong with the path
    if size > _MAX_BYTES_PER_CHAR * max_input_mb * 1e6:
        raise _too_big(str(p), f"{_mb(size)} on disk", max_input_mb, size / _MAX_BYTES_PER_CHAR)


def check_text_size(text: str, where: str, max_input_mb: float, size: int | None = None) -> None:
    """Refuse decoded text over ``max_input_mb`` million characters."""
    if len(text) > max_input_mb * 1e6:
        disk = f" ({_mb(size)} on disk)" if size is not None and size != len(text) else ""
        raise _too_big(where, f"{_mb(len(text))} of text ({len(text):,} characters){disk}", max_input_mb, len(text))


# --------------------------------------------------------------------------
# reading and decoding


def _read_bytes(p: Path, max_input_mb: float | None = None) -> bytes:
    if not p.exists():
        raise InputError(f"input file not found: {p}; check the path and spelling")
    if p.is_dir():
        raise InputError(f"expected a file but got a directory: {p}; pass the article file, not its folder")
    if max_input_mb is not None:
        check_file_size(p, max_input_mb)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read input file {p} ({exc.strerror or exc}); check that it is readable") from exc
    if not data:
        raise InputError(f"input file is empty: {p}; pass a file that contains the article text")
    return data


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _decode(data: bytes, where: str, max_input_mb: float | None = None) -> _Decoded:
    """Decode bytes, refusing binary files (and, given ``max_input_mb``, too much text); record the codec."""
    def _checked(text: str, encoding: str, where: str, warnings: tuple[str, ...] = ()) -> _Decoded:
        if max_input_mb is not None:  # before the per-character scan, which is the slow part
            check_text_size(text, where, max_input_mb, len(data))
        return _checked_text(text, encoding, where, warnings)

    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data[len(bom):], codec, where), label, where)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(where, what)
    utf16 = _bomless_utf16(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), utf16, where)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the NUL check below calls it binary
    if b"\x00" in data:
        raise _binary_error(where, "binary data (it contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return _checked(data.decode(declared), declared, where)
        except (UnicodeDecodeError, LookupError):
            pass
    # cp1252 is what "not UTF-8" text files from Windows and old CMSes almost
    # always are; latin-1 would accept anything and so never catch garbage.
    text = _strict(data, "cp1252", where)
    msg = f"{where} is not valid UTF-8; decoded it as cp1252 (re-save it as UTF-8 to be sure)"
    log.warning(msg)
    return _checked(text, "cp1252", where, (msg,))


def _strict(data: bytes, codec: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise InputError(
            f"cannot decode input file {where} as {codec} (byte 0x{bad} at offset {exc.start}); "
            "re-save it as UTF-8"
        ) from exc


def _checked_text(text: str, encoding: str, where: str, warnings: tuple[str, ...] = ()) -> _Decoded:
    if not text.strip():
        raise InputError(f"input file contains only whitespace: {where}; pass a file that contains the article text")
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise _binary_error(where, "binary data (it is full of control characters)")
    return _Decoded(text, encoding, warnings)


def _binary_error(where: str, what: str) -> InputError:
    return InputError(
        f"input file looks like {what}, not text: {where}; export the article as .txt, .md or .html"
    )


def _bomless_utf16(data: bytes) -> str:
    """Guess BOM-less UTF-16 from where the NULs fall ("a\\0b\\0" is LE).

    Latin-script UTF-16 has a NUL in (almost) every other byte; binary files
    have NULs scattered on both sides, so demand a lopsided pattern.
    """
    if len(data) < 4 or len(data) % 2:
        return ""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.4 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.4 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return ""


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def _declared_charset(data: bytes) -> str:
    """The charset an HTML page declares, when UTF-8 failed (old CMS pages)."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else ""
