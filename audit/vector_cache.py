"""Sentence vectors kept on disk between runs, so re-auditing an edited article encodes only what changed.

One SQLite file in the user cache directory (``$AUDIT_CACHE_DIR``, else
``$XDG_CACHE_HOME/audit``, else ``~/.cache/audit``), in WAL mode so that several
``audit`` processes (a pre-commit hook and an editor's run) read and write it at
once. A vector is keyed by the model's weight hash and the text after Unicode
NFC and whitespace folding (the model's tokenizer sees the same tokens). The
file is bounded: past ``max_mb`` the least recently used vectors go first.

Vectors are stored as the model returned them (float32 bytes), so a cached run
gives exactly the figures an uncached one does; the signature need not change.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .errors import AuditError

DEFAULT_MAX_MB = 512  # about 300,000 MiniLM vectors (1.5 KB and the key each): years of one newsroom's articles
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    key BLOB NOT NULL UNIQUE,
    model TEXT NOT NULL,
    vec BLOB NOT NULL,
    used REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS vectors_used ON vectors(used);
"""


def cache_dir() -> Path:
    if os.environ.get("AUDIT_CACHE_DIR"):
        return Path(os.environ["AUDIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "audit"


def normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _key(model: str, text: str) -> bytes:
    return hashlib.blake2b(f"{model}\0{normalise_text(text)}".encode("utf-8"), digest_size=20).digest()


class VectorCache:
    """A bounded, process-safe store of vectors on disk (see the module docstring)."""

    def __init__(self, path: Path | None = None, *, max_mb: float = DEFAULT_MAX_MB) -> None:
        self.path = Path(path) if path is not None else cache_dir() / "vectors.sqlite"
        self.max_bytes = int(max_mb * 1024 * 1024)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise AuditError(f"cannot open the vector cache {self.path}: {exc}; set AUDIT_CACHE_DIR to a "
                             "writable folder, or pass --config \"cache = false\"") from exc

    def get(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of ``texts`` (those found), marked as just used."""
        keys = {_key(model, t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        ks = list(keys)
        for s in range(0, len(ks), 500):  # SQLite's limit on bound parameters
            chunk = ks[s:s + 500]
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            for k, vec in rows:
                found[keys[k]] = np.frombuffer(vec, np.float32)
        if found:
            now = time.time()
            hit = [(now, k) for k in ks if keys[k] in found]
            self._write("UPDATE vectors SET used = ? WHERE key = ?", hit)
        return found

    def put(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        now = time.time()
        rows = [(_key(model, t), model, np.asarray(v, np.float32).tobytes(), now) for t, v in items]
        if rows:
            self._write("INSERT OR REPLACE INTO vectors (key, model, vec, used) VALUES (?, ?, ?, ?)", rows)
            self._evict()

    def _write(self, sql: str, rows: list[tuple]) -> None:
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
        except sqlite3.OperationalError:
            # Another process held the file past the timeout: this run simply does not
            # cache (or refresh) these vectors; the figures are the same either way.
            pass

    def _evict(self) -> None:
        size = self.size_bytes()
        if size <= self.max_bytes:
            return
        count = self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        per_row = max(size / max(count, 1), 1.0)
        drop = int((size - 0.9 * self.max_bytes) / per_row) + 1
        self._write("DELETE FROM vectors WHERE rowid IN (SELECT rowid FROM vectors ORDER BY used LIMIT ?)", [(drop,)])
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def size_bytes(self) -> int:
        page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
        return int(page_size * (pages - free))

    def info(self) -> dict[str, object]:
        rows = self._db.execute("SELECT model, COUNT(*) FROM vectors GROUP BY model").fetchall()
        return {"path": str(self.path), "vectors": sum(n for _, n in rows), "models": dict(rows),
                "size_mb": round(self.size_bytes() / 1024 / 1024, 2), "max_mb": round(self.max_bytes / 1024 / 1024, 2)}

    def clear(self) -> int:
        n = self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        self._write("DELETE FROM vectors", [()])
        self._db.execute("VACUUM")
        return n

    def close(self) -> None:
        self._db.close()


def open_cache(config) -> VectorCache | None:
    """The disk cache an audit with ``config`` uses: None when ``cache = false``, or when it cannot be
    opened (a read-only home), then with one warning, since the run only loses speed."""
    if not config.cache:
        return None
    try:
        return VectorCache(max_mb=config.cache_max_mb)
    except AuditError as exc:
        import logging

        logging.getLogger("audit").warning(f"{exc} (running without it)")
        return None
