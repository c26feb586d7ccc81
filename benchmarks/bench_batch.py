"""Throughput of `audit batch` on synthetic repost pairs made from the seeds and MAC.

    python benchmarks/bench_batch.py [--pairs 1000] [--engine ray|local]

Each pair is a 25-line window of a MAC chapter (the human translation as the reference,
the machine translation of the same lines as the repost) or the seed reference against
seed 001, with one line dropped and one number changed, so no two pairs are the same.
Printed: pairs per second with 1 and 2 workers with the vector cache off (every pair
encodes all its texts), the scaling between them, a run that fills the cache and a
`--fresh` re-run that reads it (warm), and a resume with every pair done, plus each
run's peak memory of a worker (ru_maxrss of the children, so the largest one).
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
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


def run(manifest: Path, out: Path, cache_dir: Path, *, workers: int, engine: str, cache: bool, fresh: bool = False):
    """(seconds, exit code) of one `audit batch` in a fresh process."""
    env = dict(os.environ, AUDIT_CACHE_DIR=str(cache_dir))
    cmd = [sys.executable, "-m", "audit", "batch", str(manifest), "-o", str(out), "--engine", engine,
           "--workers", str(workers), "-q", "--isolated", "--config", f"cache = {'true' if cache else 'false'}"]
    if fresh:
        cmd.append("--fresh")
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
    return seconds, p.returncode, _quarters(samples)


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
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        inputs = tmp / "in"
        inputs.mkdir()
        manifest = make_pairs(args.pairs, inputs)
        n = args.pairs
        print(f"{n} pairs, engine {args.engine}, {os.cpu_count()} CPUs")
        rates = {}
        for workers in (1, 2):
            s, code, memory = run(manifest, tmp / f"out{workers}", tmp / "nocache", workers=workers, engine=args.engine,
                               cache=False)
            rates[workers] = n / s
            print(f"cache off, {workers} worker(s): {s:7.1f} s  {n / s:6.2f} pairs/s  (exit {code}; {memory})")
        print(f"scaling 2 workers / 1: {rates[2] / rates[1]:.2f}x")
        s, _, _ = run(manifest, tmp / "warm", tmp / "cache", workers=2, engine=args.engine, cache=True)
        print(f"cache on, cold (fills it), 2 workers: {s:7.1f} s  {n / s:6.2f} pairs/s")
        s, _, _ = run(manifest, tmp / "warm", tmp / "cache", workers=2, engine=args.engine, cache=True, fresh=True)
        print(f"cache on, warm --fresh re-run, 2 workers: {s:7.1f} s  {n / s:6.2f} pairs/s")
        s, _, _ = run(manifest, tmp / "warm", tmp / "cache", workers=2, engine=args.engine, cache=True)
        print(f"resume with every pair done: {s:7.1f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
