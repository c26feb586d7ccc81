"""Reading a manifest: the pairs an ``audit batch`` runs, with stable ids and local files checked.

A manifest is CSV/TSV, JSONL or Parquet with ``reference`` and ``repost`` columns (paths
relative to the manifest, or http(s) URLs) and an optional ``id``; or a folder, read like
``audit check`` reads it.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

URL = re.compile(r"^https?://", re.I)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Job:
    """One pair: ``reference`` and ``repost`` are local paths (absolute) or http(s) URLs."""

    id: str
    reference: str
    repost: str


def read_manifest(path: Path, *, exclude: Sequence[Path] = ()) -> list[Job]:
    """The pairs a manifest lists, with ids, and every local file checked to exist.

    Paths are relative to the manifest's folder. An ``id`` column names each pair's report
    folder (ids must be unique); without it the id is ``<reference stem>--<repost stem>``.
    ``exclude``: folders a folder manifest does not search (the output).
    """
    path = Path(path)
    if path.is_dir():
        from ..workflow import discover

        found = discover(path, exclude=exclude)  # not the output folder: its HTML reports are not articles
        rows = [{"reference": str(r.resolve()), "repost": str(p.resolve())} for r, ps in sorted(found.items()) for p in ps]
        if not rows:
            raise InputError(f"no reposts found in {path} (NAME.TAG.EXT is a repost of NAME.EXT); "
                             "name the files that way or pass a manifest file")
    elif not path.is_file():
        raise InputError(f"manifest not found: {path}; pass a .csv, .tsv, .jsonl or .parquet file, or a folder")
    else:
        rows = _manifest_rows(path)
    if not rows:
        raise InputError(f"manifest {path} lists no pairs; add rows with reference and repost")
    jobs = _jobs(rows, path if path.is_dir() else path.parent, path)
    _check_files(jobs, path)
    return jobs


def _manifest_rows(path: Path) -> list[dict]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_rows(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"manifest {path} is not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    except OSError as exc:
        raise InputError(f"cannot read manifest {path}: {exc.strerror}; check the path and its permissions") from exc
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_rows(text, path)
    if suffix in (".csv", ".tsv"):
        reader = csv.DictReader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ",")
        return [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader]
    raise InputError(f"manifest {path} has unsupported extension {path.suffix!r}; use .csv, .tsv, .jsonl or .parquet")


def _jsonl_rows(text: str, path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path} line {n} is not JSON ({exc}); write one object per line, "
                             '{"reference": "a.md", "repost": "a.fr.md"}') from exc
        if not isinstance(row, dict):
            raise InputError(f"{path} line {n} is a {type(row).__name__}, not an object; write "
                             '{"reference": "a.md", "repost": "a.fr.md"}')
        rows.append({str(k).strip().lower(): v for k, v in row.items()})
    return rows


def _parquet_rows(path: Path) -> list[dict]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError(f"reading {path} needs pyarrow; install it with pip install -e \".[scale]\", "
                         "or pass the manifest as CSV or JSONL") from exc
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own types for a file that is not Parquet
        raise InputError(f"cannot read {path} as Parquet ({exc}); pass a Parquet, CSV or JSONL manifest") from exc
    table = table.rename_columns([c.strip().lower() for c in table.column_names])
    return table.to_pylist()


def _jobs(rows: list[dict], base: Path, path: Path) -> list[Job]:
    cols = set().union(*(r.keys() for r in rows))
    if not {"reference", "repost"} <= cols:
        raise InputError(f"manifest {path} needs the columns reference and repost (has "
                         f"{', '.join(sorted(map(str, cols))) or 'none'}); add them")
    given = "id" in cols
    jobs, seen = [], set()
    for n, row in enumerate(rows, 1):
        ref, rep = (_cell(row.get(k)) for k in ("reference", "repost"))
        if not ref or not rep:
            raise InputError(f"manifest {path} row {n} has an empty reference or repost; fill it in or delete the row")
        ref, rep = _locate(ref, base), _locate(rep, base)
        if given:
            job_id = _safe_id(_cell(row.get("id")))
            if not job_id:
                raise InputError(f"manifest {path} row {n} has no id; give every row one or drop the id column")
            if job_id in seen:
                raise InputError(f"manifest {path}: id {job_id!r} is used twice (row {n}); ids name report "
                                 "folders, so make them unique")
        else:
            job_id = _unique(f"{_stem(ref)}--{_stem(rep)}", seen)
        seen.add(job_id)
        jobs.append(Job(job_id, ref, rep))
    return jobs


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _locate(value: str, base: Path) -> str:
    return value if URL.match(value) else str((base / Path(value).expanduser()).resolve())


def _stem(location: str) -> str:
    name = location.rstrip("/").rsplit("/", 1)[-1] if URL.match(location) else Path(location).name
    return _safe_id(name.split(".", 1)[0] if not name.startswith(".") else name) or "pair"


def _safe_id(text: str) -> str:
    """A folder name on every system: letters, digits, ``.``, ``_`` and ``-`` (the rest become ``_``)."""
    return _ID_UNSAFE.sub("_", text).strip("._")[:120]


def _unique(base: str, seen: set[str]) -> str:
    if base not in seen:
        return base
    n = 2
    while f"{base}-{n}" in seen:
        n += 1
    return f"{base}-{n}"


def _check_files(jobs: Sequence[Job], path: Path) -> None:
    """Every local input must exist before any work (URLs are fetched when their pair runs)."""
    missing = list(dict.fromkeys(p for j in jobs for p in (j.reference, j.repost)
                                 if not URL.match(p) and not Path(p).is_file()))
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise InputError(f"manifest {path}: file not found: {missing[0]}{more}; fix the paths "
                         "(they are relative to the manifest's folder)")
