"""One self-contained HTML page per repost: the alignment side by side, findings in place.

The page loads nothing (inline CSS and a few lines of dependency-free JS; a
Content-Security-Policy forbids anything else), so it works offline and can be
mailed around. Every text is HTML-escaped; findings are wrapped in
``<mark class="fnd f-<kind> sev-<severity>">`` at their span in the bead's cell,
and sentence-level findings (omitted, added, drifted) mark the whole row.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .tables import bead_status, check_writable, write_files
from ..types import FINDING_KINDS, AuditResult, Finding, RepostAudit, Segment

#: Findings about a whole sentence: they mark the row, not a span inside it.
SENTENCE_KINDS = frozenset({"omitted_sentence", "added_sentence", "semantic_drift"})
SEVERITIES = ("error", "warning", "info")
#: Severity is shown by shape and word as well as colour.
SEV_SYMBOL = {"error": "\u2716", "warning": "\u25b2", "info": "\u25cf"}  # ✖ ▲ ●
#: Okabe-Ito colours (safe for the common colour-vision deficiencies): (line, background tint).
KIND_COLOURS = {
    "omitted_sentence": ("#D55E00", "#F6D2B8"),
    "added_sentence": ("#0072B2", "#BFDCEE"),
    "semantic_drift": ("#CC79A7", "#F2D6E6"),
    "mangled_name": ("#E69F00", "#FBE2A8"),
    "name_variant": ("#56B4E9", "#D3EBF9"),
    "number_mismatch": ("#009E73", "#B6E4D6"),
    "dropped_clause": ("#8C8000", "#F7F0A0"),  # Okabe-Ito yellow F0E442, line darkened for contrast
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


def html_filenames(result: AuditResult) -> list[str]:
    """``<repost stem>.html`` for each repost, made unique where stems collide."""
    names: list[str] = []
    seen: Counter = Counter()
    for r in result.reposts:
        stem = Path(r.name).stem or "repost"
        seen[stem] += 1
        names.append(f"{stem}.html" if seen[stem] == 1 else f"{stem}-{seen[stem]}.html")
    return names


def write_html_reports(result: AuditResult, out_dir: Path) -> list[Path]:
    """Write one page per repost into ``out_dir``, all renamed into place together."""
    out_dir = Path(out_dir)
    check_writable(out_dir)
    files = {out_dir / name: render_html(result, i) for i, name in enumerate(html_filenames(result))}
    write_files(files)
    return list(files)


# --------------------------------------------------------------------------- placing findings


@dataclass
class _Cell:
    """What goes into one side of one row: the text and the findings to mark in it."""

    text: str
    spans: list[tuple[int, str, str]] = field(default_factory=list)  # (finding no., span, context)


@dataclass
class _Row:
    ref: _Cell
    rep: _Cell
    badges: list[int] = field(default_factory=list)  # findings that mark the whole row


def _join(segments: Sequence[Segment], ids: Sequence[int]) -> str:
    return " ".join(segments[i].text for i in ids)


def _bead_of_sentence(sentence: str, segments: Sequence[Segment], seg_bead: dict[int, int],
                      cells: list[str]) -> int | None:
    """The bead holding ``sentence``: a segment with exactly that text, else a bead text containing it."""
    if not sentence:
        return None
    for s in segments:
        if s.text == sentence and s.index in seg_bead:
            return seg_bead[s.index]
    return next((k for k, text in enumerate(cells) if sentence in text), None)


def locate(result: AuditResult, r: RepostAudit) -> list[tuple[int | None, int | None]]:
    """(reference-side bead, repost-side bead) of each finding of ``r``.

    Checks set ``Finding.bead``; findings about two sentences the aligner did
    not pair (a retold count) have -1 and are found by their sentences.
    """
    ref_cells = [_join(result.reference_segments, b.ref_ids) for b in r.beads]
    rep_cells = [_join(r.segments, b.repost_ids) for b in r.beads]
    ref_bead = {i: k for k, b in enumerate(r.beads) for i in b.ref_ids}
    rep_bead = {j: k for k, b in enumerate(r.beads) for j in b.repost_ids}
    out = []
    for f in r.findings:
        if 0 <= f.bead < len(r.beads):
            out.append((f.bead, f.bead))
        else:
            out.append((_bead_of_sentence(f.ref_sentence, result.reference_segments, ref_bead, ref_cells),
                        _bead_of_sentence(f.repost_sentence, r.segments, rep_bead, rep_cells)))
    return out


def _bounded(text: str, start: int, end: int) -> bool:
    """The span is not part of a longer word or number ("200" inside "2000")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (text[start].isalnum() and before.isalnum()) and not (text[end - 1].isalnum() and after.isalnum())


def _place(text: str, span: str, context: str, taken: set[tuple[int, int]]) -> tuple[int, int] | None:
    """Where to mark ``span`` in ``text``: inside its sentence, on word boundaries, not already marked."""
    starts, i = [], text.find(span)
    while i >= 0:
        starts.append(i)
        i = text.find(span, i + 1)
    if not starts:
        return None
    lo = text.find(context) if context else -1
    hi = lo + len(context) if lo >= 0 else len(text)
    lo = max(lo, 0)

    def rank(s: int):
        e = s + len(span)
        return (not (lo <= s and e <= hi), not _bounded(text, s, e), (s, e) in taken, s)

    s = min(starts, key=rank)
    return (s, s + len(span))


def _confidence(f: Finding) -> str:
    """The calibrated confidence, so an editor can tell a sure finding from a hint."""
    return "" if f.confidence is None else f' <span class="conf">confidence {f.confidence:.2f}</span>'


def _mark_open(no: int, f: Finding, side: str) -> str:
    sev = f.severity.value
    return (f'<mark id="f{no}-{side}" class="fnd f-{esc(f.kind)} sev-{sev}" data-finding="{no}" '
            f'data-kind="{esc(f.kind)}" data-severity="{sev}" title="{esc(f.message)}">')


def render_marked(text: str, marks: Sequence[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap each (start, end, open tag) in it; overlapping marks nest.

    A mark that crosses the end of an enclosing one is cut at that end, so the
    markup stays well formed and every mark appears exactly once.
    """
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open marks, innermost last
    for s, e, tag in sorted(marks, key=lambda m: (m[0], -m[1])):
        while stack and stack[-1] <= s:
            end = stack.pop()
            out += [esc(text[pos:end]), "</mark>"]
            pos = end
        if stack:
            e = min(e, stack[-1])
        out += [esc(text[pos:s]), tag]
        pos = s
        stack.append(e)
    while stack:
        end = stack.pop()
        out += [esc(text[pos:end]), "</mark>"]
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def _rows(result: AuditResult, r: RepostAudit, where: list[tuple[int | None, int | None]]) -> list[_Row]:
    rows = [_Row(_Cell(_join(result.reference_segments, b.ref_ids)), _Cell(_join(r.segments, b.repost_ids)))
            for b in r.beads]
    for no, (f, (rb, pb)) in enumerate(zip(r.findings, where)):
        if f.kind in SENTENCE_KINDS:
            k = rb if rb is not None else pb
            if k is not None:
                rows[k].badges.append(no)
            continue
        if f.ref_span and rb is not None:
            rows[rb].ref.spans.append((no, f.ref_span, f.ref_sentence))
        if f.repost_span and pb is not None:
            rows[pb].rep.spans.append((no, f.repost_span, f.repost_sentence))
    return rows


def _cell_html(cell: _Cell, findings: Sequence[Finding], side: str, row: _Row) -> str:
    marks, taken = [], set()
    for no, span, context in cell.spans:
        at = _place(cell.text, span, context, taken)
        if at is None:  # the span is not in this text: mark the row instead, so it is not lost
            row.badges.append(no)
            continue
        taken.add(at)
        marks.append((*at, _mark_open(no, findings[no], side)))
    return render_marked(cell.text, marks)


# --------------------------------------------------------------------------- page parts


def _jump_html(r: RepostAudit, where: list[tuple[int | None, int | None]]) -> str:
    """Links from the summary to every error and warning: to its note beside its row, else to the list."""
    items = []
    for no in sorted(range(len(r.findings)), key=lambda n: (-r.findings[n].severity.rank, n)):
        f = r.findings[no]
        if f.severity.rank < 1:
            continue
        target = f"n{no}" if any(x is not None for x in where[no]) else f"f{no}"
        what = f"{_clip(f.ref_span, 40) or '∅'} → {_clip(f.repost_span, 40) or '∅'}"
        items.append(f'<li class="sev-{f.severity.value}"><a href="#{target}"><span class="sym">'
                     f'{SEV_SYMBOL[f.severity.value]}</span> {kind_label(f.kind)}: {esc(what)}</a></li>')
    if not items:
        return ""
    return f'<nav id="jump"><h2>Errors and warnings ({len(items)})</h2><ol class="jump">{"".join(items)}</ol></nav>'


def _summary_html(result: AuditResult, r: RepostAudit, jump: str = "") -> str:
    by = Counter((f.kind, f.severity.value) for f in r.findings)
    head = "".join(f'<th scope="col" class="sev-{s}"><span class="sym">{SEV_SYMBOL[s]}</span> {s}</th>'
                   for s in SEVERITIES)
    body = []
    for k in FINDING_KINDS:
        cells = "".join(f"<td>{by[(k, s)] or '·'}</td>" for s in SEVERITIES)
        total = sum(by[(k, s)] for s in SEVERITIES)
        body.append(f'<tr><th scope="row"><span class="swatch f-{k}"></span>{kind_label(k)}</th>{cells}'
                    f"<td><b>{total}</b></td></tr>")
    totals = "".join(f"<td><b>{sum(by[(k, s)] for k in FINDING_KINDS)}</b></td>" for s in SEVERITIES)
    warnings = ""
    if result.warnings:
        warnings = ('<ul class="warnings">' + "".join(f"<li>warning: {esc(w)}</li>" for w in result.warnings)
                    + "</ul>")
    verdict = esc(r.verdict)
    symbol = "\u2714" if r.verdict == "pass" else "\u2716"
    return f"""<header>
<h1>Audit of <code>{esc(Path(r.name).name)}</code></h1>
<p class="paths">repost <code>{esc(r.name)}</code><br>reference <code>{esc(result.reference.path)}</code></p>
<div class="top">
<div id="verdict" class="verdict v-{verdict}">{symbol} verdict: <b>{verdict}</b></div>
<dl class="metrics">
<div><dt>relation</dt><dd id="relation" title="{esc(r.relation.evidence)}">{esc(r.relation.kind)}</dd></div>
<div><dt>coverage</dt><dd id="coverage">{r.coverage:.1%}</dd></div>
<div><dt>mean similarity</dt><dd>{r.mean_similarity:.3f}</dd></div>
<div><dt>chrF</dt><dd>{r.chrf:.1f}</dd></div>
<div><dt>BLEU</dt><dd>{r.bleu:.1f}</dd></div>
<div><dt>beads</dt><dd>{len(r.beads)}</dd></div>
<div><dt>findings</dt><dd>{len(r.findings)}</dd></div>
</dl>
</div>
<table class="counts"><thead><tr><th scope="col">kind</th>{head}<th scope="col">total</th></tr></thead>
<tbody>{''.join(body)}</tbody>
<tfoot><tr><th scope="row">total</th>{totals}<td><b>{len(r.findings)}</b></td></tr></tfoot></table>
{jump}
{warnings}
<details class="signature"><summary>signature</summary><code>{esc(result.signature)}</code></details>
</header>"""


def _filters_html(r: RepostAudit) -> str:
    kinds = Counter(f.kind for f in r.findings)
    sevs = Counter(f.severity.value for f in r.findings)
    k_boxes = "".join(
        f'<label><input type="checkbox" data-filter="kind" value="{k}" id="filter-kind-{k}" checked>'
        f'<span class="swatch f-{k}"></span>{kind_label(k)} ({kinds[k]})</label>' for k in FINDING_KINDS)
    s_boxes = "".join(
        f'<label class="sev-{s}"><input type="checkbox" data-filter="severity" value="{s}" '
        f'id="filter-severity-{s}" checked><span class="sym">{SEV_SYMBOL[s]}</span> {s} ({sevs[s]})</label>'
        for s in SEVERITIES)
    return f"""<form class="filters" id="filters" onsubmit="return false">
<fieldset><legend>kind</legend>{k_boxes}</fieldset>
<fieldset><legend>severity</legend>{s_boxes}</fieldset>
<fieldset><legend>rows</legend><label><input type="checkbox" id="only-findings">only rows with findings</label>
<span id="shown" aria-live="polite"></span></fieldset>
</form>"""


def _badge(no: int, f: Finding) -> str:
    sev = f.severity.value
    return (f'<span class="fnd badge f-{esc(f.kind)} sev-{sev}" data-finding="{no}" data-kind="{esc(f.kind)}" '
            f'data-severity="{sev}" title="{esc(f.message)}"><span class="sym">{SEV_SYMBOL[sev]}</span> '
            f"{kind_label(f.kind)}</span>")


def _side_html(body: str, ids: Sequence[int], segments: Sequence[Segment], status: str, side: str) -> str:
    if not ids:
        what = {"ref": ("added", "added in the repost"), "rep": ("omitted", "omitted from the repost")}[side]
        gap = what[0] if status in ("added", "omitted") else "none"
        return f'<td class="{side} gap gap-{gap}"><span class="marker marker-{what[0]}">{what[1]}</span></td>'
    if status == "boilerplate":
        why = segments[ids[0]].boilerplate or "boilerplate"
        return (f'<td class="{side}"><details class="bp"><summary>boilerplate: {esc(why)}</summary>'
                f"{body}</details></td>")
    return f'<td class="{side}">{body}</td>'


def _note(no: int, f: Finding) -> str:
    """The reason for one finding, printed beside its row: visible without hovering, and on paper."""
    sev = f.severity.value
    conf = "" if f.confidence is None else f" ({f.confidence:.2f})"
    return (f'<p class="fnd note f-{esc(f.kind)} sev-{sev}" id="n{no}" data-finding="{no}" '
            f'data-kind="{esc(f.kind)}" data-severity="{sev}"><a href="#f{no}" class="sym">{SEV_SYMBOL[sev]}</a> '
            f'<span class="nk">{kind_label(f.kind)}</span>{conf}: {esc(f.message)}</p>')


def _table_html(result: AuditResult, r: RepostAudit, rows: list[_Row],
                where: list[tuple[int | None, int | None]]) -> str:
    notes: dict[int, list[int]] = {}
    for no, (a, b) in enumerate(where):  # a finding's note sits on its repost row, else its reference row
        k = b if b is not None else a
        if k is not None:
            notes.setdefault(k, []).append(no)
    out = []
    for k, (b, s, row) in enumerate(zip(r.beads, r.scores, rows)):
        status = bead_status(b, result.reference_segments, r.segments)
        ref = _side_html(_cell_html(row.ref, r.findings, "ref", row), b.ref_ids, result.reference_segments,
                         status, "ref")
        rep = _side_html(_cell_html(row.rep, r.findings, "rep", row), b.repost_ids, r.segments, status, "rep")
        gutter = [f'<a class="num" href="#b{k}">{k}</a> <span class="status">{status}</span>']
        if b.moved:
            gutter.append('<span class="moved-tag" title="off the main reading order: content that moved">'
                          "\u2195 moved</span>")
        if s is not None:
            gutter.append(f'<span class="scores">sim {s.similarity:.2f} · chrF {s.chrf:.0f} · BLEU {s.bleu:.0f}</span>')
        gutter += [_badge(no, r.findings[no]) for no in dict.fromkeys(row.badges)]
        cls = f"bead st-{status}" + (" moved" if b.moved else "")
        note = "".join(_note(no, r.findings[no]) for no in sorted(notes.get(k, []),
                                                                  key=lambda n: -r.findings[n].severity.rank))
        out.append(f'<tr id="b{k}" class="{cls}" data-status="{status}"><td class="gutter">{"".join(gutter)}</td>'
                   f'{ref}{rep}<td class="notes">{note}</td></tr>')
    return f"""<table class="align" id="alignment">
<colgroup><col class="c-gutter"><col><col><col class="c-notes"></colgroup>
<thead><tr><th scope="col">bead</th><th scope="col">reference</th><th scope="col">repost</th>
<th scope="col">why</th></tr></thead>
<tbody>
{chr(10).join(out)}
</tbody></table>"""


def _clip(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "\u2026"


def _quote(span: str, side: str) -> str:
    return f'<q class="{side}">{esc(span)}</q>' if span else '<span class="none">(none)</span>'


def _findings_html(r: RepostAudit, where: list[tuple[int | None, int | None]]) -> str:
    order = sorted(range(len(r.findings)), key=lambda no: (
        min((x for x in where[no] if x is not None), default=len(r.beads)),
        -r.findings[no].severity.rank, no))
    items = []
    for no in order:
        f = r.findings[no]
        sev = f.severity.value
        links = " ".join(f'<a href="#b{k}">bead {k}</a>' for k in dict.fromkeys(x for x in where[no] if x is not None))
        if f.kind in SENTENCE_KINDS:
            spans = f'<q class="sent">{esc(_clip(f.ref_span or f.repost_span))}</q> '
        else:
            spans = f"{_quote(f.ref_span, 'ref')} \u2192 {_quote(f.repost_span, 'rep')} "
        items.append(
            f'<li id="f{no}" class="fnd f-{esc(f.kind)} sev-{sev}" data-finding="{no}" data-kind="{esc(f.kind)}" '
            f'data-severity="{sev}">{links or "(no bead)"} <span class="tag sev-{sev}">'
            f'<span class="sym">{SEV_SYMBOL[sev]}</span> {sev}</span> '
            f'<span class="kind"><span class="swatch f-{esc(f.kind)}"></span>{kind_label(f.kind)}</span> '
            f'{spans}<span class="msg">{esc(f.message)}</span>{_confidence(f)}</li>')
    return (f'<section id="findings"><h2>Findings ({len(r.findings)})</h2>'
            f'<ol class="flist">{"".join(items)}</ol></section>')


def _css() -> str:
    kinds = "\n".join(f".f-{k}{{--c:{line};--bg:{bg}}}" for k, (line, bg) in KIND_COLOURS.items())
    return _CSS + kinds


def render_html(result: AuditResult, repost_index: int) -> str:
    """The page for ``result.reposts[repost_index]``."""
    r = result.reposts[repost_index]
    where = locate(result, r)
    rows = _rows(result, r, where)
    table = _table_html(result, r, rows, where)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>audit: {esc(Path(r.name).name)} vs {esc(Path(result.reference.path).name)}</title>
<style>
{_css()}
</style>
</head>
<body>
{_summary_html(result, r, _jump_html(r, where))}
<main>
<section id="alignment-section">
<h2>Alignment</h2>
{_filters_html(r)}
{table}
</section>
{_findings_html(r, where)}
</main>
<script>
{_JS}
</script>
</body>
</html>
"""


_CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 "DejaVu Sans",system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0 auto;padding:0 1.2rem 3rem;max-width:1500px}
h1{font-size:1.35rem;margin:1rem 0 .2rem} h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
code{font:13px/1.3 "DejaVu Sans Mono",monospace}
.paths{margin:.2rem 0 .6rem;color:#555;font-size:13px}
.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.verdict{font-size:1.2rem;padding:.35rem .8rem;border:3px solid;border-radius:4px}
.v-fail{color:#9b3a00;border-color:#D55E00;background:#fbe6d8}
.v-pass{color:#005a41;border-color:#009E73;background:#dcf2eb;border-style:double}
.metrics{display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;margin:0}
.metrics div{display:flex;flex-direction:column}
.metrics dt{font-size:12px;color:#555}.metrics dd{margin:0;font-weight:bold;font-size:1.1rem}
table.counts{border-collapse:collapse;margin:.8rem 0;font-size:13px}
.counts th,.counts td{border:1px solid #ccc;padding:.15rem .55rem;text-align:right}
.counts th[scope=row],.counts th:first-child{text-align:left;font-weight:normal}
.warnings{color:#7a4a00;font-size:13px}
.signature{font-size:12px;color:#555;margin:.4rem 0}
.signature code{display:block;white-space:pre-wrap;word-break:break-all;font-size:11px;margin-top:.3rem}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em;background:var(--bg);border:2px solid var(--c)}
.sym{font-size:.85em}
.sev-error .sym,.tag.sev-error{color:#9b2a00}
.filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #bbb;padding:.35rem 0;display:flex;flex-wrap:wrap;gap:.3rem .8rem;font-size:13px}
.filters fieldset{border:1px solid #ccc;border-radius:4px;margin:0;padding:.1rem .5rem .3rem;display:flex;flex-wrap:wrap;gap:.1rem .7rem;align-items:center}
.filters legend{font-size:11px;color:#555;padding:0 .2rem}
.filters label{white-space:nowrap;cursor:pointer}
#shown{color:#555}
table.align{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:.4rem}
.c-gutter{width:9.5rem}
.c-notes{width:18rem}
.jump{font-size:12px;columns:2;margin:.3rem 0;padding-left:2rem}
.jump a{color:inherit}
td.notes{font-size:12px;color:#333;vertical-align:top}
.note{margin:0 0 .35rem;padding-left:.3rem;border-left:4px solid var(--c)}
.note.sev-warning{border-left-style:dashed}.note.sev-info{border-left-style:dotted;color:#555}
.note a.sym{text-decoration:none;color:inherit}
.note .nk{font-weight:bold}
.note.off{display:none}
@media print{
  .filters,#only-findings{display:none}
  body{font-size:10pt}
  .c-gutter{width:6rem}.c-notes{width:30%}
  td.notes,.note{display:block;visibility:visible}
  td.notes{display:table-cell}
  tr{break-inside:avoid}
  mark.fnd{outline:1px solid #000}
}
.align th{background:#eee;text-align:left;padding:.25rem .5rem;font-size:13px;z-index:1}
.align td{vertical-align:top;padding:.35rem .5rem;border-top:1px solid #ddd;overflow-wrap:anywhere}
.align td.ref{border-right:1px solid #ddd}
.gutter{font-size:12px;color:#444;border-left:5px solid transparent}
.gutter>*{display:inline-block;margin:0 .25rem .15rem 0}
.gutter .num{font-weight:bold;color:#1b1b1b;text-decoration:none}
.gutter .scores{display:block;color:#666}
.flist .conf{color:#555;font-size:.85em;white-space:nowrap}
.st-omitted .status,.st-added .status{font-weight:bold;color:#1b1b1b}
.moved-tag{border:1px dashed #555;border-radius:3px;padding:0 .25rem}
tr.moved td.gutter{border-left:5px dashed #777}
.gap{background:repeating-linear-gradient(135deg,#f3f3f3 0 6px,#fff 6px 12px)}
.marker{font-size:12px;font-style:italic;color:#444;border:1px solid #999;border-radius:3px;padding:0 .35rem;background:#fff}
.gap-omitted .marker::before{content:"\\2212  "}.gap-added .marker::before{content:"+ "}
.gap-none .marker{display:none}
tr.st-boilerplate td{color:#888;background:#fafafa;font-size:12px}
details.bp summary{cursor:pointer;font-style:italic}
tr.row-on td.gutter{border-left-color:var(--c)}
tr.bead{scroll-margin-top:calc(var(--bar,8rem) + .4rem)}
tr:target td{box-shadow:inset 0 2px 0 #000,inset 0 -2px 0 #000}
mark.fnd{background:var(--bg);color:inherit;border-bottom:3px solid var(--c);padding:0 1px;border-radius:2px}
mark.fnd mark.fnd{border-bottom-width:2px;outline:1px solid var(--c)}
mark.sev-warning{border-bottom-style:dashed}
mark.sev-info{border-bottom-style:dotted}
mark.fnd::after{font-size:.7em;vertical-align:super;margin-left:1px}
mark.sev-error::after{content:"\\2716"}mark.sev-warning::after{content:"\\25B2"}mark.sev-info::after{content:"\\25CF"}
mark.fnd.off{background:none;border-bottom:0;outline:0;padding:0}
mark.fnd.off::after{content:none}
.badge{font-size:11px;background:var(--bg);border:2px solid var(--c);border-radius:3px;padding:0 .3rem}
.badge.sev-warning{border-style:dashed}.badge.sev-info{border-style:dotted}
.badge.off,li.fnd.off,tr[hidden]{display:none}
.flist{font-size:13px;padding-left:2.2rem}
.flist li{margin:.2rem 0;padding-left:.3rem;border-left:4px solid var(--c)}
.flist li.sev-warning{border-left-style:dashed}.flist li.sev-info{border-left-style:dotted}
.flist .tag{font-weight:bold}
.flist q{background:var(--bg)}
.flist .msg{color:#333}
.flist q.sent{background:none;font-style:italic}
.flist .none{color:#666;font-style:italic}
"""

_JS = """
(function () {
  "use strict";
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  function apply() {
    var on = {};
    all("input[data-filter]").forEach(function (i) { on[i.dataset.filter + ":" + i.value] = i.checked; });
    all(".fnd").forEach(function (el) {
      el.classList.toggle("off", !(on["kind:" + el.dataset.kind] && on["severity:" + el.dataset.severity]));
    });
    var only = document.getElementById("only-findings").checked;
    all("tr.bead").forEach(function (tr) {
      var badge = tr.querySelector(".badge.fnd:not(.off)");
      tr.classList.toggle("row-on", !!badge);
      var cs = badge && getComputedStyle(badge);
      ["--c", "--bg"].forEach(function (v) {
        if (cs) { tr.style.setProperty(v, cs.getPropertyValue(v)); } else { tr.style.removeProperty(v); }
      });
      tr.hidden = only && !tr.querySelector(".fnd:not(.off)");
    });
    var items = all("li.fnd");
    var shown = items.filter(function (li) { return !li.classList.contains("off"); }).length;
    document.getElementById("shown").textContent = "showing " + shown + " of " + items.length + " findings";
  }
  function bar() {  // rows jumped to from the findings list land below the sticky filter bar
    document.documentElement.style.setProperty("--bar", document.getElementById("filters").offsetHeight + "px");
  }
  all("#filters input").forEach(function (i) { i.addEventListener("change", apply); });
  window.addEventListener("resize", bar);
  bar();
  apply();
})();
"""
