"""Time and peak memory of the real CLI on big inputs (issue 10: size guards, bounded memory).

    python benchmarks/bench_limits.py                      # everything
    python benchmarks/bench_limits.py --only repost --repost-mb 5
    python benchmarks/bench_limits.py --only pairs --pairs 5000 10000 20000
    python benchmarks/bench_limits.py --keep /tmp/limits   # keep the inputs and reports

(a) ``audit run`` of one big repost against ``seeds/000_reference_aljazeera.txt``.
The repost is real article text: the paragraphs of ``seeds/*.txt`` and of the
MAC chapters ``../shared/bench/mac/*.en`` (one sentence per line there, grouped
into paragraphs of 3-6 lines), shuffled with a fixed seed and repeated until
the file holds ``--repost-mb`` million characters (the default max-input-mb is
5, so the default size is the largest input accepted as it is).

(b) ``audit pairs`` on 5k, 10k and 20k rows: the DEMETR pairs
(``eng_sent`` against ``mt_sent`` and against ``pert_sent``) and the 1-1 beads of
the MAC gold alignments, about 4,000 distinct pairs, shuffled and repeated with
new ids. Memory should be flat in the number of rows (the file is audited in
chunks of 2,000 rows).

Each command runs as a child process (``.venv/bin/audit``, stderr piped, so the
plain non-terminal progress lines show); its wall time and peak RSS come from
``os.wait4`` (the child's own ``ru_maxrss``), so nothing of this script counts.

Measured (2 shared cores, load ~6 from other jobs, bundled MiniLM on CPU):
5.0 MB repost (43,211 sentences): 120-134 s, 1.69 GB peak RSS (a tiny run: 0.75 GB);
pairs 5k / 10k / 20k rows: 194 / 366 / 761 s, 912 / 966 / 973 MB peak RSS.
Before (in-process, 0.2 MB repost): 328 s, 217 s of it encoding 4,400 merge windows.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
REFERENCE = ROOT / "seeds" / "000_reference_aljazeera.txt"
AUDIT = ROOT / ".venv" / "bin" / "audit"


def _paragraphs() -> list[str]:
    paras: list[str] = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        paras += [" ".join(b.split()) for b in p.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    rng = random.Random(1)
    for p in sorted((BENCH / "mac").glob("*.en")):
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
        i = 0
        while i < len(lines):
            k = rng.randint(3, 6)
            paras.append(" ".join(lines[i:i + k]))
            i += k
    return paras


def make_repost(path: Path, chars: int) -> None:
    paras = _paragraphs()
    rng = random.Random(0)
    out: list[str] = []
    size = 0
    while True:
        rng.shuffle(paras)
        for para in paras:
            if size + len(para) + 2 > chars:
                path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
                return
            out.append(para)
            size += len(para) + 2


def _pair_pool() -> list[tuple[str, str]]:
    pool: dict[tuple[str, str], None] = {}
    for f in sorted((BENCH / "demetr").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            pool[(d["eng_sent"], d["mt_sent"])] = None
            pool[(d["eng_sent"], d["pert_sent"])] = None
    for gold in sorted((BENCH / "mac").glob("*.gold.align")):
        stem = gold.name.split(".")[0]
        human = (BENCH / "mac" / f"{stem}.human.en").read_text(encoding="utf-8").splitlines()
        mt = (BENCH / "mac" / f"{stem}.mt.en").read_text(encoding="utf-8").splitlines()
        for line in gold.read_text(encoding="utf-8").splitlines():
            a, b = (json.loads(x) for x in line.strip().split(":"))
            if len(a) == 1 and len(b) == 1:
                pool[(human[b[0]].strip(), mt[a[0]].strip())] = None
    return list(pool)


def make_pairs(path: Path, rows: int) -> int:
    import csv

    pool = _pair_pool()
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "reference", "repost"])
        n = 0
        while n < rows:
            rng.shuffle(pool)
            for ref, rep in pool[:rows - n]:
                w.writerow([f"p{n}", ref, rep])
                n += 1
    return len(pool)


def run_child(args: list[str], log: Path) -> tuple[int, float, float, str]:
    """(exit code, wall seconds, peak RSS in MB, last progress line) of one CLI run."""
    with log.open("w") as err:
        t = time.perf_counter()
        p = subprocess.Popen([str(AUDIT), *map(str, args)], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    lines = log.read_text(errors="replace").splitlines()
    progress = [ln for ln in lines if ln.startswith("progress:")]
    errors = [ln for ln in lines if ln.startswith("error:")]
    note = errors[-1] if errors else (f"{len(progress)} progress line(s), last: {progress[-1]}" if progress else "")
    return p.returncode, wall, usage.ru_maxrss / 1024, note


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=("repost", "pairs"))
    ap.add_argument("--repost-mb", type=float, default=5.0, help="million characters of repost text (default 5)")
    ap.add_argument("--pairs", type=int, nargs="+", default=[5000, 10000, 20000])
    ap.add_argument("--keep", type=Path, help="build inputs and reports here and keep them")
    args = ap.parse_args()
    if not AUDIT.exists():
        sys.exit(f"{AUDIT} not found; install the project into .venv first")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_limits."))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'case':<34} {'exit':>4} {'time s':>8} {'peak RSS MB':>12}  notes")
    if args.only in (None, "repost"):
        repost = work / "big_repost.txt"
        make_repost(repost, int(args.repost_mb * 1_000_000))
        size = repost.stat().st_size
        code, wall, rss, note = run_child(
            ["run", REFERENCE, repost, "-o", work / "out_repost", "--isolated",
             "--config", f"max-input-mb = {max(5, int(args.repost_mb) + 1)}"], work / "repost.stderr")
        print(f"{f'run: {size / 1e6:.1f} MB repost':<34} {code:>4} {wall:8.1f} {rss:12.0f}  {note}")
    if args.only in (None, "pairs"):
        for rows in args.pairs:
            table = work / f"pairs_{rows}.csv"
            distinct = make_pairs(table, rows)
            code, wall, rss, note = run_child(
                ["pairs", table, "-o", work / f"out_pairs_{rows}", "--isolated"], work / f"pairs_{rows}.stderr")
            print(f"{f'pairs: {rows} rows ({distinct} distinct)':<34} {code:>4} {wall:8.1f} {rss:12.0f}  {note}")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
