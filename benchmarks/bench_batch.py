"""Throughput of `audit batch` on synthetic repost pairs made from the seeds and MAC.

    python benchmarks/bench_batch.py [--pairs 1000] [--engine ray|local] [--per-core]
                                       [--only scaling|resume]

Each pair is a 25-line window of a MAC chapter (the human translation as the reference,
the machine translation of the same lines as the repost) or the seed reference against
seed 001, with one line dropped and one number changed, so no two pairs are the same.
Printed: pairs per second with 1 and 2 workers with the vector cache off (every pair
encodes all its texts), the scaling between them, a run that fills the cache and a
`--fresh` re-run that reads it (warm), and a resume with every pair done, plus the
largest worker's resident memory in the first and the last quarter of each run.

Workers share this machine's cores (``--threads`` defaults to cores / workers), so one
worker already encodes on every core and a second one adds only what the rest of the audit
could not use. ``--per-core`` also runs one worker with one encoder thread: the scaling
of the engine when each worker has a core of its own, as on a cluster.

The cold cache run is killed (SIGKILL to its whole process group, so nothing cleans up)
once 40 % of the pairs are written, and run again: the rerun must audit only the pairs not
yet written, and its summary must agree with the uninterrupted cache-off run, pair by pair.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAC = ROOT.parent / "shared" / "bench" / "mac"
WINDOW = 25


def make_pairs(n: int, folder: Path) -> Path:
    rng = random.Random(7)
    sources = []
    for human in sorted(MAC.glob("*.human.en")):
        h = human.read_text(encoding="utf-8").splitlines()
        m = (MAC / human.name.replace(".human.", ".mt.")).read_text(encoding="utf-8").splitlines()
        sources.append((h, m))
    seeds = ROOT / "seeds"
    seed_ref = (seeds / "000_reference_aljazeera.txt").read_text(encoding="utf-8").splitlines()
    seed_rep = (seeds / "001_repost_mt_afghanistan_news.txt").read_text(encoding="utf-8").splitlines()
    rows = []
    for i in range(n):
        if i % 10 == 0:
            ref, rep = seed_ref, list(seed_rep)
        else:
            h, m = sources[i % len(sources)]
            start = rng.randrange(0, max(1, min(len(h), len(m)) - WINDOW))
            ref, rep = h[start:start + WINDOW], list(m[start:start + WINDOW])
        if len(rep) > 3:
            del rep[rng.randrange(len(rep))]
        rep = [re.sub(r"\d+", lambda x: str(int(x.group()) + rng.randint(1, 9)), line, count=1) for line in rep]
        rep.append(f"Reposted from the archive, item {i}.")
        (folder / f"r{i:04d}.txt").write_text("\n".join(ref) + "\n", encoding="utf-8")
        (folder / f"p{i:04d}.txt").write_text("\n".join(rep) + "\n", encoding="utf-8")
        rows.append((f"pair{i:04d}", f"r{i:04d}.txt", f"p{i:04d}.txt"))
    manifest = folder / "manifest.csv"
    with open(manifest, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "reference", "repost"])
        w.writerows(rows)
    return manifest


def command(manifest: Path, out: Path, *, workers: int, engine: str, cache: bool, fresh: bool = False,
            threads: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "audit", "batch", str(manifest), "-o", str(out), "--engine", engine,
           "--workers", str(workers), "-q", "--isolated", "--config", f"cache = {'true' if cache else 'false'}"]
    if fresh:
        cmd.append("--fresh")
    if threads is not None:
        cmd += ["--threads", str(threads)]
    return cmd


def run(cmd: list[str], cache_dir: Path):
    """(seconds, exit code, memory, stdout) of one `audit batch` in a fresh process."""
    env = dict(os.environ, AUDIT_CACHE_DIR=str(cache_dir))
    samples: list[tuple[float, float]] = []
    done = threading.Event()
    sampler = threading.Thread(target=_sample_workers, args=(samples, done), daemon=True)
    start = time.perf_counter()
    sampler.start()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if p.returncode not in (0, 1):
        sys.exit(f"audit batch failed ({p.returncode}): {p.stderr.strip()[-2000:]}")
    return seconds, p.returncode, _quarters(samples), p.stdout.strip().split("; summary in")[0]


def killed_run(cmd: list[str], cache_dir: Path, out: Path, target: int) -> tuple[float, str]:
    """Start the command, SIGKILL its process group once `target` pairs are written; (seconds, leftovers)."""
    env = dict(os.environ, AUDIT_CACHE_DIR=str(cache_dir))
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None and sum(1 for _ in out.glob("pairs/[!.]*/row.json")) < target:
        time.sleep(0.2)
    if p.poll() is not None:
        return time.perf_counter() - start, "it finished before the kill"
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    seconds = time.perf_counter() - start
    time.sleep(2)
    left = _stray_processes()
    return seconds, f"{len(left)} stray process(es) left: {', '.join(left)}" if left else "no stray process left"


def _stray_processes() -> list[str]:
    """Worker or Ray processes still alive (after a kill they would hold memory and cores)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(k in cmdline for k in ("ray::", "raylet", "gcs_server", "multiprocessing.spawn", "-m audit batch")):
            found.append(f"{pid} {cmdline[:60]}")
    return found


def summary_rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "summary.csv", encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def compare(a: dict[str, dict[str, str]], b: dict[str, dict[str, str]]) -> str:
    """Pairs whose verdict, counts or relation differ, and the largest difference of a score.

    Vectors read from the cache were encoded in other batches than a cache-off run encodes
    them, so scores may differ in the last digits (padding changes the float arithmetic).
    """
    if a.keys() != b.keys():
        return f"different pairs ({len(a)} against {len(b)})"
    exact = ("verdict", "n_error", "n_warning", "n_info", "relation")
    differ = [k for k in a if any(a[k][c] != b[k][c] for c in exact)]
    gap = 0.0
    for k in a:
        for c in ("coverage", "mean_similarity", "chrf", "bleu"):
            if a[k][c] and b[k][c]:
                gap = max(gap, abs(float(a[k][c]) - float(b[k][c])))
    return f"{len(differ)} of {len(a)} pairs differ in verdict, counts or relation; largest score difference {gap:.4f}"


def _worker_rss_mb() -> float:
    """The largest resident set among worker processes now (0 when none runs)."""
    best = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            if b"ray::Worker" not in cmdline and b"multiprocessing.spawn" not in cmdline:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return best


def _sample_workers(samples, done) -> None:
    start = time.perf_counter()
    while not done.wait(0.5):
        samples.append((time.perf_counter() - start, _worker_rss_mb()))


def _quarters(samples) -> str:
    busy = [(t, mb) for t, mb in samples if mb > 0]
    if len(busy) < 8:
        return "worker RSS: too few samples"
    t0, t1 = busy[0][0], busy[-1][0]
    span = t1 - t0
    first = max(mb for t, mb in busy if t <= t0 + span / 4)
    last = max(mb for t, mb in busy if t >= t1 - span / 4)
    return f"largest worker RSS {first:.0f} MB in the first quarter, {last:.0f} MB in the last"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--engine", default="ray", choices=["ray", "local"])
    ap.add_argument("--per-core", action="store_true", help="also run 1 worker with 1 encoder thread")
    ap.add_argument("--only", choices=["scaling", "resume"],
                    help="scaling: the cache-off runs alone; resume: 2 workers cache off, then the kill, warm and resume runs")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        inputs = tmp / "in"
        inputs.mkdir()
        manifest = make_pairs(args.pairs, inputs)
        n = args.pairs
        print(f"{n} pairs, engine {args.engine}, {os.cpu_count()} CPUs", flush=True)

        def timed(label, workers, out, cache_dir, **kw):
            s, code, memory, stdout = run(command(manifest, out, workers=workers, engine=args.engine, **kw), cache_dir)
            print(f"{label}: {s:7.1f} s  {n / s:6.2f} pairs/s  (exit {code}; {memory}; {stdout})", flush=True)
            return n / s

        counts = (2,) if args.only == "resume" else (1, 2)
        rates = {w: timed(f"cache off, {w} worker(s)", w, tmp / f"out{w}", tmp / "nocache", cache=False)
                 for w in counts}
        if 1 in rates:
            print(f"scaling 2 workers / 1, cores shared among the workers: {rates[2] / rates[1]:.2f}x", flush=True)
        if args.per_core:
            one = timed("cache off, 1 worker, 1 encoder thread", 1, tmp / "out1t", tmp / "nocache", cache=False,
                        threads=1)
            print(f"scaling 2 workers / 1, one encoder thread each: {rates[2] / one:.2f}x", flush=True)
        if args.only == "scaling":
            return

        cold = command(manifest, tmp / "warm", workers=2, engine=args.engine, cache=True)
        s, leftovers = killed_run(cold, tmp / "cache", tmp / "warm", int(0.4 * n))
        written = sum(1 for f in (tmp / "warm" / "pairs").glob("[!.]*/row.json"))
        print(f"cache on, cold, 2 workers: killed after {s:.1f} s with {written} of {n} pairs written; {leftovers}",
              flush=True)
        s, code, memory, stdout = run(cold, tmp / "cache")
        print(f"  rerun after the kill: {s:7.1f} s  (exit {code}; {memory}; {stdout})", flush=True)
        print(f"  against the uninterrupted cache-off run: {compare(summary_rows(tmp / 'warm'), summary_rows(tmp / 'out2'))}",
              flush=True)
        timed("cache on, warm --fresh re-run, 2 workers", 2, tmp / "warm", tmp / "cache", cache=True, fresh=True)
        s, _, _, stdout = run(cold, tmp / "cache")
        print(f"resume with every pair done: {s:7.1f} s  ({stdout})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
