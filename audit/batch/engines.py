"""What runs ``audit batch``'s workers: this process, a local process pool, or Ray.

Each engine yields ``(row, files, signature)`` per pair as it finishes, in any order,
with at most a few pairs per worker in flight: memory stays flat however many pairs
the manifest lists. The driver (:func:`audit.batch.run.run_batch`) writes what comes back,
so workers need the inputs but not the output folder (on a cluster, only the inputs
must be reachable from every node: shared paths or URLs).
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from .manifest import Job
from .worker import Spec, Worker
from ..errors import AuditError, ConfigError

Result = tuple  # (Row, dict[str, str | bytes] | None, str)
IN_FLIGHT_PER_WORKER = 2  # one running, one queued: no worker waits on the driver


def ray_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ray") is not None  # without importing it (a second or more)


def results(jobs: Sequence[Job], spec: Spec, *, engine: str, workers: int, address: str | None) -> Iterator[Result]:
    if engine == "ray" or (engine == "auto" and ray_available()):
        if not ray_available():
            raise ConfigError('--engine ray needs Ray; install it with pip install -e ".[scale]", '
                              "or use --engine local")
        return _ray(jobs, spec, workers, address)
    return _local(jobs, spec, workers)


def threads_per_worker(workers: int) -> int:
    """Each worker's share of this machine's cores, so workers do not fight over them."""
    return max(1, (os.cpu_count() or 1) // workers)


# --------------------------------------------------------------------------- local


_worker: Worker | None = None  # one per pool process, made by _start


def _start(spec: Spec) -> None:
    global _worker
    _worker = Worker(spec)


def _audit(job: Job) -> Result:
    assert _worker is not None, "pool process started without _start"
    return _worker.audit(job)


def _local(jobs: Sequence[Job], spec: Spec, workers: int) -> Iterator[Result]:
    if workers == 1:  # no pool: the model loads in this process, as in audit check
        worker = Worker(spec)
        for job in jobs:
            yield worker.audit(job)
        return
    import concurrent.futures as cf
    import multiprocessing

    # spawn, not fork: a forked child would inherit ONNX Runtime's and the tokenizer's threads half-made.
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                  initializer=_start, initargs=(spec,))
    try:
        pending = iter(jobs)
        running = set()
        for job in pending:
            running.add(pool.submit(_audit, job))
            if len(running) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while running:
            finished, running = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                yield _unwrap(future)
                job = next(pending, None)
                if job is not None:
                    running.add(pool.submit(_audit, job))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _unwrap(future) -> Result:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise AuditError("a worker process died (out of memory, or killed); rerun: finished pairs are kept, "
                         "or pass fewer --workers") from exc


# --------------------------------------------------------------------------- Ray


def _ray(jobs: Sequence[Job], spec: Spec, workers: int, address: str | None) -> Iterator[Result]:
    import logging

    import ray

    started = not ray.is_initialized()
    if started:
        # Local by default: a Ray runtime of `workers` CPUs in this machine, no dashboard.
        ray.init(address=address or None, num_cpus=None if address else workers, include_dashboard=False,
                 log_to_driver=False, logging_level=logging.ERROR)
    actors = []
    try:
        actor_class = ray.remote(num_cpus=1)(Worker)
        actors = [actor_class.remote(spec) for _ in range(workers)]
        pending = iter(jobs)
        running = {}
        for actor in actors:
            for _ in range(IN_FLIGHT_PER_WORKER):
                job = next(pending, None)
                if job is not None:
                    running[actor.audit.remote(job)] = actor
        while running:
            [ready], _ = ray.wait(list(running), num_returns=1)
            actor = running.pop(ready)
            yield _ray_get(ray, ready)
            job = next(pending, None)
            if job is not None:
                running[actor.audit.remote(job)] = actor
    finally:
        for actor in actors:
            ray.kill(actor)
        if started:
            ray.shutdown()


def _ray_get(ray, ref) -> Result:
    """The pair's result; a worker that could not start (its model failed to load) says why in one line."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError as exc:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, AuditError):
            raise cause from None
        raise
    except ray.exceptions.RayActorError as exc:
        cause = getattr(exc, "cause", None) or getattr(exc, "error_msg", "")
        raise AuditError(f"a Ray worker died ({str(cause).splitlines()[0] if str(cause) else 'no reason given'}); "
                         "rerun: finished pairs are kept") from None
