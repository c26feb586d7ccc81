"""Detection recall and false positives on DEMETR perturbations, via ``audit_pairs``.

Each DEMETR line holds a human reference (``eng_sent``), a machine translation
(``mt_sent``) and the same translation with one deliberate error
(``pert_sent``). Every perturbed pair (eng, pert) should get a finding of the
expected kind; every control pair (eng, mt) should not. All pairs of all files
go through one ``audit_pairs`` call, with the model loaded once.

recall = share of perturbed pairs with a finding of the expected kind;
FP = share of control pairs with one. Both count findings at severity
warning or above (info findings, e.g. name_variant, are not alarms).

    python benchmarks/bench_demetr.py [--data DIR] [--model M] [--dump CSV]
                                      [--half calibration|test|all] [--set KEY=VALUE ...]

Thresholds are chosen on the calibration half (even positions in each file)
and reported on the test half (odd positions) and on all items.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.config import AuditConfig  # noqa: E402
from audit.embed import load_embedder  # noqa: E402
from audit.pairs import SegmentPair, audit_pairs  # noqa: E402
from audit.types import Severity  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/bench/demetr"

# file stem -> (expected kinds, recall target, FP ceiling); None kinds = report only
EXPECTED: dict[str, tuple[tuple[str, ...] | None, float | None, float | None]] = {
    "critical_id9_ne_replaced": (("mangled_name",), 0.90, 0.05),
    "critical_id25_ne_removed": (("dropped_clause", "mangled_name"), 0.70, 0.10),
    "critical_id10_numbers_replaced": (("number_mismatch",), 0.95, 0.02),
    "major_id5_pp_removed": (("dropped_clause",), 0.70, 0.10),
    "critical_id21_adj_adv_removed": (("dropped_clause",), 0.70, 0.10),
    "critical_id22_verb_removed": (("dropped_clause",), 0.70, 0.10),
    "critical_id23_noun_removed": (("dropped_clause",), 0.70, 0.10),
    "critical_id24_subj_removed": (("dropped_clause",), 0.70, 0.10),
    "critical_id7_antonym": (("semantic_drift",), 0.60, 0.10),
    "critical_id8_negation": (("semantic_drift",), 0.60, 0.10),
    "critical_id6_addition": (("added_sentence", "semantic_drift", "dropped_clause"), None, None),
    "base_id35_reference": (None, None, None),
}
MIN_SEVERITY = Severity.WARNING.rank


def load(data: Path) -> dict[str, list[dict]]:
    files = sorted(data.glob("*.jsonl"))
    if not files:
        sys.exit(f"error: no *.jsonl files in {data}; pass --data with the DEMETR directory")
    out = {}
    for f in files:
        rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        out[f.stem] = [r for r in rows if r.get("pert_check", True) is not False]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--model", default=AuditConfig().model)
    ap.add_argument("--dump", type=Path, help="write every perturbed/control pair with its findings here (CSV)")
    ap.add_argument("--half", choices=("all", "calibration", "test"), default="all",
                    help="calibration = even positions in each file, test = odd positions")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override one AuditConfig field, e.g. --set word_min_gain=0.05")
    args = ap.parse_args()

    data = load(args.data)
    if args.half != "all":
        keep = 0 if args.half == "calibration" else 1
        data = {stem: rows[keep::2] for stem, rows in data.items()}
    pairs: list[SegmentPair] = []
    for stem, rows in data.items():
        for r in rows:
            pairs.append(SegmentPair(f"{stem}:{r['id']}:pert", r["eng_sent"], r["pert_sent"]))
            pairs.append(SegmentPair(f"{stem}:{r['id']}:mt", r["eng_sent"], r["mt_sent"]))

    t0 = time.perf_counter()
    embedder = load_embedder(args.model)
    load_s = time.perf_counter() - t0
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        overrides[key] = type(getattr(AuditConfig(), key))(value)
    config = AuditConfig(model=args.model, **overrides)
    t0 = time.perf_counter()
    result = audit_pairs(pairs, embedder=embedder, config=config)
    run_s = time.perf_counter() - t0

    by_id = {r.name: r for r in result.reposts}

    def hit(pid: str, kinds: tuple[str, ...] | None) -> bool:
        fs = [f for f in by_id[pid].findings if f.severity.rank >= MIN_SEVERITY]
        return any(f.kind in kinds for f in fs) if kinds else bool(fs)

    print(f"{'file':34} {'kind':50} {'n':>4} {'recall':>7} {'FP':>6}  {'target':22} met")
    all_met = True
    for stem, rows in data.items():
        kinds, rec_t, fp_t = EXPECTED.get(stem, (None, None, None))
        n = len(rows)
        if kinds is None:
            anyf = sum(len(by_id[f"{stem}:{r['id']}:pert"].findings) for r in rows)
            pairs_hit = sum(hit(f"{stem}:{r['id']}:pert", None) for r in rows)
            met = anyf == 0
            all_met &= met
            print(f"{stem:34} {'(none: any finding)':50} {n:4} {'':>7} {'':>6}  "
                  f"{'0 findings':22} {'yes' if met else 'no'} ({anyf} findings on {pairs_hit} pairs, any severity)")
            continue
        recall = sum(hit(f"{stem}:{r['id']}:pert", kinds) for r in rows) / max(n, 1)
        fp = sum(hit(f"{stem}:{r['id']}:mt", kinds) for r in rows) / max(n, 1)
        if rec_t is None:
            target, met_s = "(report only)", "-"
        else:
            met = recall >= rec_t and fp <= fp_t
            all_met &= met
            target, met_s = f"recall>={rec_t:.2f} FP<={fp_t:.2f}", "yes" if met else "no"
        print(f"{stem:34} {' or '.join(kinds):50} {n:4} {recall:7.3f} {fp:6.3f}  {target:22} {met_s}")
    print(f"(recall/FP count findings at severity >= warning; model load {load_s:.1f} s excluded)")
    print(f"audit_pairs: {len(pairs)} pairs in {run_s:.1f} s = {len(pairs) / run_s:.0f} pairs/s "
          f"(encoding included)")
    print(f"items: {args.half}; config overrides: {overrides or 'none'}")
    print("all targets met" if all_met else "some targets missed")

    if args.dump:
        import csv

        with open(args.dump, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "reference", "repost", "kind", "severity", "ref_span", "message"])
            for p in pairs:
                fs = by_id[p.id].findings or ()
                if not fs:
                    w.writerow([p.id, p.reference, p.repost, "", "", "", ""])
                for x in fs:
                    w.writerow([p.id, p.reference, p.repost, x.kind, x.severity.value, x.ref_span, x.message])


if __name__ == "__main__":
    main()
