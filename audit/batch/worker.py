"""A batch worker: loads the model once and turns a pair into its summary row and report files.

Workers run in this process, in a local process pool or in Ray actors (:mod:`audit.batch.engines`),
so what they take (:class:`Spec`) and return (:class:`Row`, file contents) is plain and picklable.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import AuditError, InputError
from .manifest import URL, Job

ROW_FILE = "row.json"  # the pair's summary row, inside its report set (so it is whole with it)
FETCH_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Row:
    """One line of the summary."""

    id: str
    reference: str
    repost: str
    status: str  # audited | resumed (done by an earlier run) | error
    verdict: str = ""
    n_error: int = 0
    n_warning: int = 0
    n_info: int = 0
    coverage: float | None = None
    mean_similarity: float | None = None
    chrf: float | None = None
    bleu: float | None = None
    relation: str = ""
    signature: str = ""
    reports: str = ""
    message: str = ""
    seconds: float = 0.0
    reference_lang: str = ""  # as detected; chrf and bleu mean little when the two differ
    repost_lang: str = ""


COLUMNS = tuple(f.name for f in dataclasses.fields(Row))


def settings_key(config, formats: Sequence[str], names: Path | None = None) -> str:
    """What a finished pair's reports depend on, besides its inputs: a new key re-audits every pair.

    The whole configuration counts except what only changes speed (the cache), so any
    threshold, model or encoder change redoes the work; so do the formats and the names file.
    """
    fields = {k: v for k, v in dataclasses.asdict(config).items() if k not in ("cache", "cache_max_mb", "batch_size")}
    names_digest = hashlib.sha256(names.read_bytes()).hexdigest() if names is not None and names.is_file() else ""
    blob = json.dumps([__version__, fields, sorted(set(formats)), names_digest], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Spec:
    """What every worker needs to audit a pair (picklable: it travels to processes and Ray actors)."""

    config: object  # AuditConfig
    names: Path | None
    formats: tuple[str, ...]
    key: str
    threads: int | None = None  # the encoder's threads per worker; None: run_batch gives each its share


class Worker:
    """Audits pairs with one model load: the encoders, the names file and the disk cache stay open."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._broken: AuditError | None = None
        try:
            self._load()
        except AuditError as exc:
            # A pool's initializer or a Ray actor's constructor cannot report an error by raising
            # (the pool breaks, the actor dies with a generic message); audit() raises it instead.
            self._broken = exc

    def _load(self) -> None:
        from ..checks.names import load_name_book
        from ..embed import LazyEmbedder, crosslingual_for, load_embedder
        from ..vector_cache import open_cache

        config, threads = self.spec.config, self.spec.threads
        disk = open_cache(config)
        self.embedder = load_embedder(config.model, batch_size=config.batch_size, disk=disk,
                                      encoder=config.encoder, threads=threads)
        self._multilingual = LazyEmbedder(lambda: load_embedder(
            config.model, disk=disk, encoder=config.crosslingual_encoder, threads=threads))
        self._crosslingual = crosslingual_for(config, self.embedder, self._multilingual)
        self.book = load_name_book(self.spec.names) if self.spec.names else None

    def audit(self, job: Job) -> tuple[Row, dict[str, str | bytes] | None, str]:
        """(row, report files, signature) for one pair; a bad input gives an error row, not an exception.

        A worker that could not load its model raises that error: no pair can run.
        """
        if self._broken is not None:
            raise self._broken
        start = time.perf_counter()
        try:
            files, row, signature = self._audit(job)
        except AuditError as exc:
            return self._error(job, str(exc), start)
        except Exception as exc:  # a bug: this pair is reported, the other pairs still run
            return self._error(job, f"internal error {type(exc).__name__}: {exc}; rerun this pair with "
                                    "audit run and AUDIT_DEBUG=1, and report it", start)
        finally:
            # Vectors of one pair rarely help the next (the disk cache keeps those that may):
            # emptying the memory cache keeps a worker's memory flat over any number of pairs.
            self.embedder.clear()
            if self._multilingual.loaded is not None:
                self._multilingual.loaded.clear()
        row = dataclasses.replace(row, seconds=round(time.perf_counter() - start, 3))
        files[ROW_FILE] = json.dumps({"key": self.spec.key, "row": dataclasses.asdict(row)}, indent=2,
                                     ensure_ascii=False) + "\n"
        return row, files, signature

    @staticmethod
    def _error(job: Job, message: str, start: float):
        return Row(job.id, job.reference, job.repost, "error", message=message,
                   seconds=round(time.perf_counter() - start, 3)), None, ""

    def _audit(self, job: Job):
        from ..baseline import accept_findings, read_repost
        from ..ingest.read import read_document
        from ..pipeline import audit
        from ..report import render_reports

        config = self.spec.config
        with tempfile.TemporaryDirectory(prefix="audit-fetch-") as tmp:
            ref_path, ref_name = _local(job.reference, Path(tmp), "reference", config.max_input_mb)
            rep_path, rep_name = _local(job.repost, Path(tmp), "repost", config.max_input_mb)
            reference = read_document(ref_path, name=ref_name, max_input_mb=config.max_input_mb)
            repost, accepts = read_repost(rep_path, name=rep_name, max_input_mb=config.max_input_mb)
        result = audit(reference, [repost], embedder=self.embedder, config=config, book=self.book,
                       crosslingual=self._crosslingual)
        result = accept_findings(result, fail_on=config.fail_on, inline={repost.path: accepts} if accepts else None)
        return render_reports(result, self.spec.formats), summary_row(job, result), result.signature


def summary_row(job: Job, result) -> Row:
    r = result.reposts[0]
    count = {s: sum(f.severity.value == s for f in r.findings) for s in ("error", "warning", "info")}
    return Row(job.id, job.reference, job.repost, "audited", verdict=r.verdict, n_error=count["error"],
               n_warning=count["warning"], n_info=count["info"], coverage=round(r.coverage, 4),
               mean_similarity=round(r.mean_similarity, 4), chrf=round(r.chrf, 2), bleu=round(r.bleu, 2),
               relation=r.relation.kind, signature=result.signature, reports=f"pairs/{job.id}",
               reference_lang=r.languages[0], repost_lang=r.languages[1])


# --------------------------------------------------------------------------- fetching URLs


_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/markdown": ".md", "text/plain": ".txt"}


def _local(location: str, tmp: Path, role: str, max_mb: float) -> tuple[Path, str | None]:
    """A file to read for ``location`` and the name to report it by (the URL for a fetched page)."""
    if not URL.match(location):
        return Path(location), None
    import urllib.error
    import urllib.request

    request = urllib.request.Request(location, headers={"User-Agent": f"repost-audit/{__version__}"})
    limit = int(max_mb * 1024 * 1024)
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            data = response.read(limit + 1)
            kind = (response.headers.get_content_type() or "").lower()
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot fetch {location}: HTTP {exc.code} {exc.reason}; check the URL, "
                         "or download it and list the file") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(f"cannot fetch {location}: {reason}; check the URL, or download it and list the file") from exc
    if len(data) > limit:
        raise InputError(f"{location} is over {max_mb:g} MB; raise max-input-mb or list a shorter page")
    suffix = Path(location.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
    if suffix not in (".html", ".htm", ".md", ".markdown", ".txt"):
        suffix = _TYPES.get(kind, ".html")
    path = tmp / f"{role}{suffix}"
    path.write_bytes(data)
    return path, location
