"""Names file: canonical names with accepted spellings (never flagged) and
known wrong spellings (always errors), read from .csv or .toml."""
from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ...errors import ConfigError
from .classify import _book_key, classify_names


@dataclass(frozen=True)
class NameEntry:
    """One entity of a names file."""

    canonical: str
    accepted: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameBook:
    """Names file: canonical names with accepted spellings (never flagged) and
    known wrong spellings (always errors)."""

    entries: tuple[NameEntry, ...] = ()

    def lookup(self, ref_name: str, repost_name: str) -> str | None:
        """"accepted" | "wrong" | None for rendering ``ref_name`` as ``repost_name``."""
        repost_key = _book_key(repost_name)
        for entry in self._entries_for(ref_name):
            if repost_key in {_book_key(w) for w in entry.wrong}:
                return "wrong"
            if repost_key in {_book_key(a) for a in (entry.canonical, *entry.accepted)}:
                return "accepted"
        return None

    def wrong_spellings(self, ref_name: str) -> tuple[str, ...]:
        """Known wrong spellings of the entity ``ref_name`` belongs to."""
        return tuple(w for e in self._entries_for(ref_name) for w in e.wrong)

    def _entries_for(self, ref_name: str) -> list[NameEntry]:
        # An exact (normalised) hit on a canonical or accepted spelling wins;
        # otherwise a transliteration variant of the canonical name counts, so
        # a book entry "Qala-e-Naw" also covers a reference that writes "Qala-e-No".
        key = _book_key(ref_name)
        exact = [e for e in self.entries if key in {_book_key(s) for s in (e.canonical, *e.accepted)}]
        if exact:
            return exact
        return [
            e
            for e in self.entries
            if any(classify_names(s, ref_name)[0] in ("exact", "variant") and
                   classify_names(ref_name, s)[0] in ("exact", "variant")
                   for s in (e.canonical, *e.accepted))
        ]


def load_name_book(path: str | Path) -> NameBook:
    """Read a names file (.csv or .toml).

    CSV: columns canonical,accepted,wrong; several spellings separated by '|'.
    TOML: ``[[name]]`` tables with ``canonical`` (string), ``accepted`` and
    ``wrong`` (lists of strings).
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"names file not found: {str(p)!r}; pass the path of an existing .csv or .toml file")
    suffix = p.suffix.lower()
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"names file {str(p)!r} cannot be read as UTF-8 ({exc}); save it as UTF-8 text") from exc
    if suffix == ".csv":
        entries = _entries_from_csv(raw, p)
    elif suffix == ".toml":
        entries = _entries_from_toml(raw, p)
    else:
        raise ConfigError(f"names file {str(p)!r} has unsupported extension {suffix!r}; use .csv or .toml")
    _check_entries(entries, p)
    return NameBook(tuple(entries))


def _split_spellings(cell: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (cell or "").split("|") if s.strip())


def _entries_from_csv(raw: str, p: Path) -> list[NameEntry]:
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.DictReader(io.StringIO(raw, newline=""), strict=True)
    try:
        cols = [c.strip().lower() for c in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise _csv_error(p, 1, exc) from exc
    if "canonical" not in cols:
        raise ConfigError(
            f"names file {str(p)!r} has columns {cols}; the first line must be the header canonical,accepted,wrong")
    entries = []
    while True:
        n = reader.line_num + 1  # the line this row starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(p, n, exc) from exc
        if reader.line_num != n or any("\n" in (v or "") for v in row.values() if isinstance(v, str)):
            raise _csv_error(p, n, "a quoted field runs over several lines")
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        canonical = (row.get("canonical") or "").strip()
        if not canonical:
            raise ConfigError(f"names file {str(p)!r} line {n} has an empty canonical name; fill it in or delete the line")
        entries.append(NameEntry(canonical, _split_spellings(row.get("accepted")), _split_spellings(row.get("wrong"))))
    return entries


def _csv_error(p: Path, line: int, why: object) -> ConfigError:
    return ConfigError(f"names file {str(p)!r} line {line} is not valid CSV ({why}); "
                       "close the quote or remove the stray '\"' on that line")


def _entries_from_toml(raw: str, p: Path) -> list[NameEntry]:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"names file {str(p)!r} is not valid TOML ({exc}); fix the syntax") from exc
    tables = data.get("name")
    if not isinstance(tables, list):
        raise ConfigError(f"names file {str(p)!r} has no [[name]] tables; add one per entity with canonical = \"...\"")
    entries = []
    for n, t in enumerate(tables, start=1):
        canonical = t.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            raise ConfigError(f"names file {str(p)!r} [[name]] #{n} lacks a canonical string; add canonical = \"...\"")
        lists = []
        for key in ("accepted", "wrong"):
            val = t.get(key, [])
            if isinstance(val, str):
                val = [val]
            if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
                raise ConfigError(
                    f"names file {str(p)!r} [[name]] {canonical!r}: {key} must be a list of strings, got {val!r}")
            lists.append(tuple(v.strip() for v in val if v.strip()))
        entries.append(NameEntry(canonical.strip(), lists[0], lists[1]))
    return entries


def _check_entries(entries: list[NameEntry], p: Path) -> None:
    if not entries:
        raise ConfigError(f"names file {str(p)!r} lists no names; add at least one entry or drop the option")
    for e in entries:
        good = {_book_key(s) for s in (e.canonical, *e.accepted)}
        clash = [w for w in e.wrong if _book_key(w) in good]
        if clash:
            raise ConfigError(
                f"names file {str(p)!r}: {clash[0]!r} is both accepted and wrong for {e.canonical!r}; keep it in one list")
