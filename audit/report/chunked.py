"""The reports of a chunked ``audit pairs`` run, rendered chunk by chunk (memory flat in rows)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..types import AuditResult


class PairsReports:
    """The report files of a chunked pairs audit, rendered chunk by chunk.

    Only text is kept: each chunk's CSV rows (and JSON entries, HTML pages)
    are rendered as it comes and its pandas tables and audit objects dropped.
    Reference sentence ids run on across chunks, so the files are the ones a
    single unchunked audit of the whole file writes.
    """

    def __init__(self, formats: tuple[str, ...] = ("csv",), warnings: Sequence[str] = ()) -> None:
        self.formats = formats
        self._csv: dict[str, list[str]] = {"alignment.csv": [], "findings.csv": [], "summary.csv": []}
        self._json: list[str] = []
        self._html: dict[str, str] = {}
        self._stems: Counter = Counter()
        self._first_ref = 0
        self.signature = ""
        self.warnings: list[str] = list(warnings)  # the file's own (decoding, long cells), then the audit's
        self.reference = ""
        self.pairs = self.findings = self.failed = 0

    def add(self, result: AuditResult) -> None:
        from .tables import alignment_table, findings_table, summary_table

        first = not self.pairs
        shift = self._first_ref
        if "csv" in self.formats:
            align = alignment_table(result)
            if shift:
                align["ref_ids"] = [" ".join(str(int(i) + shift) for i in v.split()) for v in align["ref_ids"]]
            for name, df in (("alignment.csv", align), ("findings.csv", findings_table(result)),
                             ("summary.csv", summary_table(result))):
                self._csv[name].append(df.to_csv(index=False, header=first))
        if "json" in self.formats:
            import json

            from .json_report import json_document

            for entry in json_document(result)["reposts"]:
                for bead in entry["beads"]:
                    bead["ref_ids"] = [i + shift for i in bead["ref_ids"]]
                self._json.append(json.dumps(entry, ensure_ascii=False, indent=2, allow_nan=False))
        if "html" in self.formats:
            from .html_report import render_html

            for i, r in enumerate(result.reposts):
                stem = Path(r.name).stem or "repost"
                self._stems[stem] += 1
                k = self._stems[stem]
                self._html[f"{stem}.html" if k == 1 else f"{stem}-{k}.html"] = render_html(result, i)
        self._first_ref += len(result.reference_segments)
        self.signature = result.signature
        self.reference = result.reference.path
        self.warnings += result.warnings
        self.pairs += len(result.reposts)
        self.findings += sum(len(r.findings) for r in result.reposts)
        self.failed += sum(r.verdict == "fail" for r in result.reposts)

    def files(self) -> dict[str, str]:
        """name -> content, for :func:`audit.report_set.write_set`."""
        out: dict[str, str] = {}
        if "csv" in self.formats:
            out.update({name: "".join(parts) for name, parts in self._csv.items()})
            out["signature.txt"] = self.signature + "\n"
        if "json" in self.formats:
            out["report.json"] = self._json_text()
        out.update(self._html)
        return out

    def _json_text(self) -> str:
        import json

        from .. import __version__
        from .json_report import FORMAT, FORMAT_VERSION

        head = json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, "audit_version": __version__,
                           "signature": self.signature, "warnings": self.warnings, "reference": self.reference,
                           "reposts": []}, ensure_ascii=False, indent=2, allow_nan=False)
        if not self._json:
            return head + "\n"
        # json.dumps(..., indent=2) of the whole document, with the entries spliced into "reposts": []
        body = ",\n".join("    " + e.replace("\n", "\n    ") for e in self._json)
        return head[: -len("[]\n}")] + "[\n" + body + "\n  ]\n}\n"
