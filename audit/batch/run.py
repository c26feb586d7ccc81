"""Running a batch: skip the pairs already done, write each report set as it comes, then the summary."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .manifest import Job
from .worker import COLUMNS, ROW_FILE, Row, Spec


def is_done(folder: Path, key: str, job: Job) -> Row | None:
    """The row of a pair finished earlier with these settings (its report set whole), else None."""
    from ..report.files import whole_set

    files = whole_set(folder)
    if files is None or ROW_FILE not in {f["name"] for f in files}:
        return None
    try:
        saved = json.loads((folder / ROW_FILE).read_text(encoding="utf-8"))
        row = saved["row"]
        if saved["key"] != key or row["reference"] != job.reference or row["repost"] != job.repost:
            return None  # other settings, or the id now names another pair
        return dataclasses.replace(Row(**{k: row[k] for k in COLUMNS if k in row}), status="resumed")
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class BatchResult:
    rows: tuple[Row, ...]
    summary: tuple[Path, ...]

    @property
    def failed(self) -> bool:
        return any(r.verdict == "fail" for r in self.rows)

    @property
    def errors(self) -> int:
        return sum(r.status == "error" for r in self.rows)


def pair_folder(output: Path, job: Job) -> Path:
    return output / "pairs" / job.id


def plan(jobs: Sequence[Job], output: Path, key: str, fresh: bool) -> tuple[list[Row], list[Job]]:
    """(rows of pairs already done, jobs still to run)."""
    done, todo = [], []
    for job in jobs:
        row = None if fresh else is_done(pair_folder(output, job), key, job)
        (done.append(row) if row is not None else todo.append(job))
    return done, todo


def write_pair(output: Path, job: Job, files: dict[str, str | bytes], signature: str) -> Path:
    from ..report import write_set

    folder = pair_folder(output, job)
    write_set(folder, files, signature)
    return folder


def write_summary(rows: Iterable[Row], output: Path) -> tuple[Path, ...]:
    """``summary.csv`` (and ``summary.parquet`` when pyarrow is there), replaced together."""
    from ..report.tables import write_files

    rows = sorted(rows, key=lambda r: r.id)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(dataclasses.asdict(r) for r in rows)
    files: dict[Path, str | bytes] = {output / "summary.csv": buf.getvalue()}
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        pa = None
    if pa is not None:
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist([dataclasses.asdict(r) for r in rows], schema=_schema(pa)), sink)
        files[output / "summary.parquet"] = sink.getvalue().to_pybytes()
    write_files(files)
    return tuple(files)


_ARROW = {"str": "string", "int": "int64", "float": "float64", "float | None": "float64"}


def _schema(pa):
    # Row's annotations are strings (from __future__ import annotations); a typed schema keeps an
    # all-empty column (no pair errored, so no message) a string column, not a null one.
    return pa.schema([(f.name, pa.type_for_alias(_ARROW[str(f.type)])) for f in dataclasses.fields(Row)])


def run_batch(jobs: Sequence[Job], spec: Spec, output: Path, *, engine: str = "auto", workers: int = 1,
              address: str | None = None, fresh: bool = False, progress=None) -> BatchResult:
    """Audit every pair not already done, write each report set as it comes, then the summary.

    An interruption leaves the finished pairs' reports (the next run skips them) and the
    summary of the run before; the summary is written only when every pair has a row.
    """
    from ..report import check_formats, check_writable
    from .engines import results, threads_per_worker

    check_formats(spec.formats)
    check_engine(engine, workers, address, spec.threads)
    check_writable(output)
    done, todo = plan(jobs, output, spec.key, fresh)
    workers = min(workers, len(todo)) or 1
    if spec.threads is None:  # each worker's share of this machine's cores
        spec = dataclasses.replace(spec, threads=threads_per_worker(workers))
    rows = list(done)
    by_id = {j.id: j for j in todo}
    if progress is not None:
        progress(len(rows), len(jobs))
    if todo:
        for row, files, signature in results(todo, spec, engine=engine, workers=workers, address=address):
            if files is not None:
                write_pair(output, by_id[row.id], files, signature)
            rows.append(row)
            if progress is not None:
                progress(len(rows), len(jobs))
    return BatchResult(tuple(sorted(rows, key=lambda r: r.id)), write_summary(rows, output))


def check_engine(engine: str, workers: int = 1, address: str | None = None, threads: int | None = None) -> None:
    if engine not in ("auto", "local", "ray"):
        raise ConfigError(f"unknown engine {engine!r}; use auto, local or ray")
    if workers < 1:
        raise ConfigError(f"workers must be at least 1 (got {workers}); pass --workers 1 or more")
    if threads is not None and threads < 1:
        raise ConfigError(f"threads must be at least 1 (got {threads}); pass --threads 1 or more, or leave it out")
    if address and engine == "local":
        raise ConfigError("--address names a Ray cluster; drop it or use --engine ray")
