"""``audit batch``: audit many reference/repost pairs, each into its own report set, with one summary.

A manifest lists the pairs (:mod:`.manifest`). Each pair's reports go to
``OUT/pairs/<id>/``; ``OUT/summary.csv`` and ``OUT/summary.parquet`` hold one row
per pair (:mod:`.run`). A pair whose report set is whole and was made with the same
settings is not audited again, so a run that was killed resumes where it stopped.

Workers load the model once (:mod:`.worker`); a local process pool or Ray drives
them (:mod:`.engines`). Library code: never prints or exits.
"""
from .manifest import Job, read_manifest
from .run import BatchResult, check_engine, is_done, run_batch, write_summary
from .worker import COLUMNS, ROW_FILE, Row, Spec, Worker, settings_key

__all__ = ["COLUMNS", "ROW_FILE", "BatchResult", "Job", "Row", "Spec", "Worker", "check_engine", "is_done",
           "read_manifest", "run_batch", "settings_key", "write_summary"]
