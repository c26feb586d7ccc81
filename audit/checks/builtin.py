"""The five built-in checks, in the order they run (a later one may skip what an earlier found)."""
from __future__ import annotations

from ..types import Finding
from . import across
from .base import Check, Context, Pair
from .omissions import omission_findings
from .rules import (_not_within, drift_findings, fact_number_findings, name_findings, number_findings,
                  unmatched_findings)


class Omissions(Check):
    name = "omissions"
    kinds = ("omitted_sentence", "added_sentence")
    description = "reference sentences the repost lacks, and repost sentences the reference lacks"

    def run_document(self, context: Context) -> list[Finding]:
        return unmatched_findings(context.ref_segments, context.repost_segments, context.beads, context.config)


class Names(Check):
    name = "names"
    kinds = ("mangled_name", "name_variant", "dropped_clause")
    description = "names rendered wrongly (mangled), as a spelling variant, or dropped everywhere"

    def run_document(self, context: Context) -> list[Finding]:
        if context.crosslingual:
            return across.name_findings(context.pairs, context.languages)
        # Across the document: a name dropped from one sentence may still appear in another.
        return name_findings(context.pairs, context.ref_segments, context.repost_segments, context.book,
                             context.config)


class Numbers(Check):
    name = "numbers"
    kinds = ("number_mismatch",)
    description = "numbers changed, missing or added, in a pair or in two sentences retelling one count"

    def run(self, pair: Pair, context: Context) -> list[Finding]:
        if context.crosslingual:
            return across.number_findings([pair], context.languages)
        return number_findings([pair])

    def run_document(self, context: Context) -> list[Finding]:
        if context.crosslingual:  # retold counts need English counted nouns
            return super().run_document(context)
        return super().run_document(context) + fact_number_findings(
            context.ref_segments, context.repost_segments, context.beads, context.embedder, context.config)


class Clauses(Check):
    name = "clauses"
    kinds = ("dropped_clause",)
    description = "clauses, phrases or words of a reference sentence that its repost sentence lost"

    def run_document(self, context: Context) -> list[Finding]:
        if context.crosslingual:
            return across.clause_findings(context.pairs, context.embedder, context.languages)
        found = omission_findings(list(context.pairs), context.embedder, context.config)
        return _not_within(found, list(context.prior))  # a dropped name is also a dropped word


class Drift(Check):
    name = "drift"
    kinds = ("semantic_drift",)
    description = "meaning changed: negation flipped, a word swapped for its opposite, or low cosine"

    def run(self, pair: Pair, context: Context) -> list[Finding]:
        if context.crosslingual:  # its gates (chrF, English negation words) need one language
            return []
        return drift_findings([pair], context.config)


BUILTIN: tuple[Check, ...] = (Omissions(), Names(), Numbers(), Clauses(), Drift())
