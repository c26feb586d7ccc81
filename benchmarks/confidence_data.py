"""Labelled findings for the confidence models: raw rule findings with their features.

Runs the audit with ``confidence_model="none"`` (rule severities, no model) on
two sources of human judgement and labels every finding right (1), wrong (0)
or unknown (left out):

* ``demetr``: DEMETR sentence pairs via ``audit_pairs``. A finding of the
  kind the perturbation calls for on the perturbed pair is right; any finding
  on the untouched translation (the control) is wrong.
* ``mqm``: the five mqm-ted talks, each of the 13 MT outputs audited as a
  whole document against the human reference. A finding on a segment that the
  professional rater found clean is wrong; one whose kind matches the rater's
  error label (omission, name/number, addition, mistranslation) is right.
  Segments whose reference carries a Major error are left out (README caveat).
  ``refA`` (a free human paraphrase) is collected apart as ``mqm-refA``.
* ``spun``: synthetic spun reposts made from real MT. Four systems' outputs of
  each talk lose one paragraph in eight (seeded) and gain two paragraphs of
  another talk; an omitted/added sentence finding on those is right, one on a
  clean kept segment wrong. Complete translations have almost no true omitted
  sentences, so without these the models would learn that an omission is
  never real.
* ``mac``: the eight MAC dev chapters (a published human translation of a
  Chinese novel against its MT), audited whole. The human gold alignment says
  which lines have a counterpart, so an omitted or added sentence finding on a
  line the gold aligns is wrong and one on a line it leaves alone is right. A
  complete translation that splits its sentences differently is where those
  findings misfire, and the other sources have almost no such negatives. Only
  lines that are one sentence each are labelled (a finding on part of a line
  cannot be judged against line-level gold).
* ``swapped``: eight other systems' outputs of each talk, whole, with a name
  or a number changed in one clean segment in two (seeded): document-mode
  positives for the name and number models, which DEMETR gives only as
  single sentence pairs.

    python benchmarks/confidence_data.py [--out benchmarks/out/findings.jsonl] [--only demetr|mqm|spun|swapped|mac]
                                         [--encoder onnx|onnx-int8|torch]

Each output line: source, group (the unit to hold out: DEMETR file half, talk),
item, kind, rule, rule severity, label, the segment's labels and the features.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.config import AuditConfig  # noqa: E402
from audit.embed import load_embedder  # noqa: E402
from audit.ingest.read import document_from_text, read_document  # noqa: E402
from audit.pairs import SegmentPair, audit_pairs  # noqa: E402
from audit.pipeline import audit  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "shared/bench"
OUT = Path(__file__).resolve().parent / "out" / "findings.jsonl"
RAW = AuditConfig(confidence_model="none")

# DEMETR file -> kinds a right finding on the perturbed pair has (None: every finding there is wrong)
DEMETR_KINDS: dict[str, tuple[str, ...] | None] = {
    "critical_id9_ne_replaced": ("mangled_name",),
    "critical_id25_ne_removed": ("dropped_clause", "mangled_name"),
    "critical_id10_numbers_replaced": ("number_mismatch",),
    "major_id5_pp_removed": ("dropped_clause",),
    "critical_id21_adj_adv_removed": ("dropped_clause",),
    "critical_id22_verb_removed": ("dropped_clause",),
    "critical_id23_noun_removed": ("dropped_clause",),
    "critical_id24_subj_removed": ("dropped_clause",),
    "critical_id7_antonym": ("semantic_drift",),
    "critical_id8_negation": ("semantic_drift",),
    "critical_id6_addition": ("added_sentence", "semantic_drift"),
    "base_id35_reference": None,
}
# finding kind -> mqm segment labels that make it right
MQM_RIGHT = {
    "omitted_sentence": {"omission"},
    "dropped_clause": {"omission"},
    "mangled_name": {"name_number"},
    "number_mismatch": {"name_number"},
    "added_sentence": {"addition"},
    "semantic_drift": {"mistranslation", "omission", "addition", "name_number"},
}


def record(source: str, group: str, item: str, f, label: int | None, seg_labels) -> dict:
    return {"source": source, "group": group, "item": item, "kind": f.kind, "rule": f.rule,
            "rule_severity": f.severity.value, "label": label, "seg_labels": sorted(seg_labels),
            "ref_span": f.ref_span[:200], "repost_span": f.repost_span[:200], "features": dict(f.features)}


def demetr(embedder) -> list[dict]:
    pairs, meta = [], {}
    for path in sorted((BENCH / "demetr").glob("*.jsonl")):
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        for k, r in enumerate(r for r in rows if r.get("pert_check", True) is not False):
            for side, text in (("pert", r["pert_sent"]), ("mt", r["mt_sent"])):
                pid = f"{path.stem}:{r['id']}:{side}"
                pairs.append(SegmentPair(pid, r["eng_sent"], text))
                meta[pid] = (path.stem, k % 2, side)
    result = audit_pairs(pairs, embedder=embedder, config=RAW, check_language=False)
    out = []
    for rep in result.reposts:
        stem, half, side = meta[rep.name]
        kinds = DEMETR_KINDS.get(stem)
        for f in rep.findings:
            if side == "mt" or kinds is None:
                label = 0
            else:
                label = 1 if f.kind in kinds else None
            out.append(record("demetr", f"{stem}:{half}", rep.name, f, label, {side}))
    # every item, so recall and false-positive rates have their denominators
    out += [{"source": "demetr", "group": f"{meta[p.id][0]}:{meta[p.id][1]}", "item": p.id, "kind": "",
             "label": None, "seg_labels": [meta[p.id][2]]} for p in pairs]
    return out


def mqm(embedder, systems_filter=None) -> list[dict]:
    base = BENCH / "mqm-ted"
    labels: dict[tuple[str, str, int], set[str]] = {}
    for line in (base / "segments.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["misaligned"] or any(e["severity"] == "Major" for e in r["reference_errors"]):
            continue
        labels[(r["doc"], r["system"], r["para"])] = set(r["labels"])
    out = []
    for talk_dir in sorted((base / "docs").iterdir()):
        talk = talk_dir.name
        reference = read_document(talk_dir / "reference.txt")
        systems = sorted(p.stem for p in talk_dir.glob("*.txt") if p.stem != "reference")
        docs = [read_document(talk_dir / f"{s}.txt") for s in systems if not systems_filter or s in systems_filter]
        t0 = time.perf_counter()
        result = audit(reference, docs, embedder=embedder, config=RAW)
        print(f"  {talk}: {len(docs)} reposts in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        for rep in result.reposts:
            system = Path(rep.name).stem
            source = "mqm-refA" if system == "refA" else "mqm"
            for para in {k[2] for k in labels if k[0] == talk and k[1] == system}:
                out.append({"source": source, "group": talk, "item": f"{talk}:{system}:{para}", "kind": "",
                            "label": None, "seg_labels": sorted(labels[(talk, system, para)])})
            by_text = {s.text: s.paragraph for s in rep.segments}
            for f in rep.findings:
                paras = _paragraphs(f, rep, result.reference_segments, by_text)
                segs = [labels.get((talk, system, q)) for q in paras]
                if not paras or any(s is None for s in segs):
                    continue
                union = set().union(*segs)
                right = MQM_RIGHT.get(f.kind, set())
                label = 1 if union & right else (0 if all(s == {"clean"} for s in segs) else None)
                for q in paras:  # one record per segment the finding touches, so FP rates count segments
                    out.append(record(source, talk, f"{talk}:{system}:{q}", f, label, union))
    return out


SPUN_SYSTEMS = ("DIDI-NLP", "SMU", "Online-W", "metricsystem3")


def mqm_labels() -> dict[tuple[str, str, int], set[str]]:
    labels = {}
    for line in (BENCH / "mqm-ted/segments.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if not r["misaligned"] and not any(e["severity"] == "Major" for e in r["reference_errors"]):
            labels[(r["doc"], r["system"], r["para"])] = set(r["labels"])
    return labels


def spun(embedder) -> list[dict]:
    base = BENCH / "mqm-ted/docs"
    labels = mqm_labels()
    talks = sorted(p.name for p in base.iterdir())
    rng = random.Random(12)
    out = []
    for t, talk in enumerate(talks):
        other = (base / talks[(t + 1) % len(talks)] / "reference.txt").read_text(encoding="utf-8").split("\n\n")
        reference = read_document(base / talk / "reference.txt")
        docs, origin = [], {}
        for system in SPUN_SYSTEMS:
            paras = (base / talk / f"{system}.txt").read_text(encoding="utf-8").split("\n\n")
            kept = [(k, x) for k, x in enumerate(paras) if rng.random() >= 1 / 8]
            for x in rng.sample(other, 2):
                kept.insert(rng.randrange(len(kept) + 1), (None, x))
            name = f"{talk}:{system}:spun"
            origin[name] = ([k for k, _ in kept], set(range(len(paras))) - {k for k, _ in kept}, system)
            docs.append(document_from_text("\n\n".join(x for _, x in kept), path=name))
        result = audit(reference, docs, embedder=embedder, config=RAW)
        for rep in result.reposts:
            orig, dropped, system = origin[rep.name]
            for para in range(len(orig) + len(dropped) - 2):
                if (talk, system, para) in labels:
                    seg = labels[(talk, system, para)] | ({"omission"} if para in dropped else set())
                    out.append({"source": "spun", "group": talk, "item": f"{rep.name}:{para}", "kind": "",
                                "label": None, "seg_labels": sorted(seg)})
            for f in rep.findings:
                b = rep.beads[f.bead] if 0 <= f.bead < len(rep.beads) else None
                if f.kind == "added_sentence" and b is not None:
                    src = {orig[rep.segments[j].paragraph] for j in b.repost_ids}
                    label = 1 if src == {None} else _clean_label(labels, talk, system, src - {None}, {None} & src)
                    paras = sorted(x for x in src if x is not None)
                elif f.kind == "omitted_sentence" and b is not None:
                    paras = sorted({result.reference_segments[i].paragraph for i in b.ref_ids})
                    label = 1 if set(paras) <= dropped else _clean_label(labels, talk, system, set(paras), set())
                else:
                    continue  # the other kinds come from the mqm source already
                for q in paras or [-1]:
                    out.append(record("spun", talk, f"{rep.name}:{q}", f, label,
                                      labels.get((talk, system, q), set()) | ({"omission"} if q in dropped else set())))
    return out


SWAP_SYSTEMS = ("MiSS", "NiuTrans", "IIE-MT", "metricsystem1", "metricsystem2", "metricsystem4", "Borderline",
                "Facebook-AI")
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?![\d.,]\d)")


def swapped(embedder) -> list[dict]:
    """Whole MT talks with a name or a number changed in some clean segments (seeded).

    A name that the reference segment also has becomes a name of another talk
    (DEMETR's perturbation, but inside a whole document); a number becomes
    three times itself plus one. The finding that reports the change is right;
    a name or number finding on an untouched clean segment is wrong.
    """
    from audit.checks.lexicon import zipf

    base = BENCH / "mqm-ted/docs"
    labels = mqm_labels()
    talks = sorted(p.name for p in base.iterdir())
    rng = random.Random(13)
    out = []
    for t, talk in enumerate(talks):
        pool = sorted({w for w in _NAME.findall((base / talks[(t + 2) % len(talks)] / "reference.txt").read_text(
            encoding="utf-8")) if zipf(w) < 4})
        ref_paras = (base / talk / "reference.txt").read_text(encoding="utf-8").split("\n\n")
        reference = read_document(base / talk / "reference.txt")
        docs, changes = [], {}
        for system in SWAP_SYSTEMS:
            paras = (base / talk / f"{system}.txt").read_text(encoding="utf-8").split("\n\n")
            change = {}
            for k, x in enumerate(paras):
                if labels.get((talk, system, k)) != {"clean"} or rng.random() >= 1 / 2:
                    continue
                names = [w for w in _NAME.findall(x) if w in ref_paras[k] and zipf(w) < 4]
                nums = [m for m in _NUMBER.finditer(x) if m.group() in ref_paras[k] and not 1900 <= int(m.group()) <= 2100]
                if names and pool and rng.random() < 0.5:
                    old, new = rng.choice(names), rng.choice(pool)
                    paras[k] = re.sub(rf"\b{old}\b", new, x)
                    change[k] = ("swap_name", new)
                elif nums:
                    m = rng.choice(nums)
                    new = str(int(m.group()) * 3 + 1)
                    paras[k] = x[:m.start()] + new + x[m.end():]
                    change[k] = ("swap_number", new)
            name = f"{talk}:{system}:swapped"
            changes[name] = (change, system)
            docs.append(document_from_text("\n\n".join(paras), path=name))
        result = audit(reference, docs, embedder=embedder, config=RAW)
        for rep in result.reposts:
            change, system = changes[rep.name]
            for k in range(len(ref_paras)):
                if k in change:
                    out.append({"source": "swapped", "group": talk, "item": f"{rep.name}:{k}", "kind": "",
                                "label": None, "seg_labels": [change[k][0]]})
                elif labels.get((talk, system, k)) == {"clean"}:
                    out.append({"source": "swapped", "group": talk, "item": f"{rep.name}:{k}", "kind": "",
                                "label": None, "seg_labels": ["clean"]})
            by_text = {x.text: x.paragraph for x in rep.segments}
            for f in rep.findings:
                if f.kind not in ("mangled_name", "number_mismatch"):
                    continue  # the other kinds come from the mqm source already
                paras = _paragraphs(f, rep, result.reference_segments, by_text)
                hit = [q for q in paras if q in change and change[q][1] in f.repost_span
                       and (f.kind == "mangled_name") == (change[q][0] == "swap_name")]
                if hit:
                    label = 1
                elif paras and all(q not in change and labels.get((talk, system, q)) == {"clean"} for q in paras):
                    label = 0
                else:
                    label = None
                for q in paras:
                    out.append(record("swapped", talk, f"{rep.name}:{q}", f, label,
                                      {change[q][0]} if q in change else labels.get((talk, system, q), set())))
    return out


def mac(embedder) -> list[dict]:
    from align_cases import MAC, read_gold

    out = []
    for gold_file in sorted(MAC.glob("*.gold.align")):
        ch = gold_file.name.split(".")[0]
        gold = read_gold(gold_file)  # (human lines, mt lines)
        aligned = ({i for r, m in gold if m for i in r}, {j for r, m in gold if r for j in m})
        reference = read_document(MAC / f"{ch}.human.en", presegmented=True)
        repost = read_document(MAC / f"{ch}.mt.en", presegmented=True)
        result = audit(reference, [repost], embedder=embedder, config=RAW)
        rep = result.reposts[0]
        sides = (result.reference_segments, rep.segments)
        # a line's label holds for a finding only when the line is one segment
        single = [{q for q, n in _counts(s).items() if n == 1} for s in sides]
        for side, (name, missing) in enumerate((("ref", "omission"), ("mt", "addition"))):
            for q in sorted(single[side]):
                out.append({"source": "mac", "group": f"mac{ch}", "item": f"{ch}:{name}:{q}", "kind": "",
                            "label": None, "seg_labels": ["aligned" if q in aligned[side] else missing]})
        for f in rep.findings:
            if f.kind not in ("omitted_sentence", "added_sentence") or not 0 <= f.bead < len(rep.beads):
                continue
            side = 0 if f.kind == "omitted_sentence" else 1
            ids = rep.beads[f.bead].ref_ids if side == 0 else rep.beads[f.bead].repost_ids
            lines = sorted({sides[side][i].paragraph for i in ids})
            if not lines or any(q not in single[side] for q in lines):
                continue
            gone = [q not in aligned[side] for q in lines]
            label = 1 if all(gone) else (0 if not any(gone) else None)
            labels = {"aligned"} if label == 0 else {"omission" if side == 0 else "addition"}
            for q in lines:
                out.append(record("mac", f"mac{ch}", f"{ch}:{('ref', 'mt')[side]}:{q}", f, label, labels))
    return out


def _counts(segments) -> dict[int, int]:
    n: dict[int, int] = defaultdict(int)
    for s in segments:
        if not s.is_boilerplate:
            n[s.paragraph] += 1
    return n


def _clean_label(labels, talk, system, paras, inserted) -> int | None:
    segs = [labels.get((talk, system, q)) for q in paras]
    if inserted or not segs or any(s is None for s in segs):
        return None
    return 0 if all(s == {"clean"} for s in segs) else None


def _paragraphs(f, rep, ref_segments, by_text) -> list[int]:
    if 0 <= f.bead < len(rep.beads):
        b = rep.beads[f.bead]
        if b.repost_ids:
            return sorted({rep.segments[j].paragraph for j in b.repost_ids})
        return sorted({ref_segments[i].paragraph for i in b.ref_ids})
    p = by_text.get(f.repost_sentence)
    return [] if p is None else [p]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--only", choices=("demetr", "mqm", "spun", "swapped", "mac"))
    ap.add_argument("--encoder", default=RAW.encoder, help="the encoder to collect with (default: the config's)")
    args = ap.parse_args()
    embedder = load_embedder(RAW.model, encoder=args.encoder)
    rows: list[dict] = []
    for name, fn in (("demetr", demetr), ("mqm", mqm), ("spun", spun), ("swapped", swapped), ("mac", mac)):
        if args.only in (None, name):
            t0 = time.perf_counter()
            got = fn(embedder)
            rows += got
            n = defaultdict(int)
            for r in got:
                if r["kind"]:
                    n[r["label"]] += 1
            print(f"{name}: {dict(n)} findings (right/wrong/unknown) in {time.perf_counter() - t0:.0f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
