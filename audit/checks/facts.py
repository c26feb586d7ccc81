"""Do two numbers count the same thing? "X became Y" is only true of one fact.

"6 policemen were killed" and "more than 100 areas" sit in sentences the
aligner paired, yet they count different things; an editor who is told that
6 became 100 stops trusting the report. So a changed number needs its counted
noun to agree (when both sides name one), and the words around it to share
something besides that noun (when both sides have such words): "two fighters
were arrested" is not "69 fighters were killed".
"""
from __future__ import annotations

import re

from . import clauses as cl
from .numbers import NumberMention

# Small synonym sets of counted nouns that reports swap freely (lower-case stems).
_SAME_NOUN = [
    {"soldi", "troop", "servi", "milit", "perso"},  # soldiers, troops, servicemen, military personnel
    {"polic", "offic", "cops"},
    {"fight", "milit", "insur", "rebel", "talib"},
    {"civil", "peopl", "perso", "resid"},
    {"priso", "inmat", "detai"},
    {"distr", "area", "regio", "provi"},
]
_AFTER = re.compile(r"[\s-]+(?:[A-Z][\w'’-]*\s+){0,2}([a-z]{3,})")
_WINDOW = 4  # content words either side that describe what the number counts
_LIST_MARK = re.compile(r"(?:^|\n)\s*$")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\u2014]|\s(?:and|but|while|whereas|as|after|before|when)\s")


def counted_noun(text: str, m: NumberMention) -> str | None:
    """The stem of the noun right after the number ("200 Afghan soldiers" -> "soldi"), if any."""
    found = _AFTER.match(text, m.end)
    if not found or found.group(1) in cl.STOPWORDS:
        return None
    return cl._stem(found.group(1))


def context_stems(text: str, m: NumberMention, skip: str | None) -> set[str]:
    """Stems of the content words around the number, within its own clause.

    The clause matters: in "239 were killed, 157 wounded and two arrested", the
    two are described by "arrested" alone, not by the "killed" of the clause before.
    """
    before = _CLAUSE_BREAK.split(text[: m.start])[-1]
    after = _CLAUSE_BREAK.split(text[m.end:])[0]
    words = cl.content_words(before)[-_WINDOW:] + cl.content_words(after)[:_WINDOW]
    return {cl._stem(w) for w in words if not w[0].isdigit()} - {skip}


def _nouns_agree(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _SAME_NOUN)


def same_fact(ref_text: str, rm: NumberMention, repost_text: str, pm: NumberMention) -> tuple[bool, str]:
    """Whether ``rm`` and ``pm`` plausibly count one thing; and, when not, why (for the message)."""
    na, nb = counted_noun(ref_text, rm), counted_noun(repost_text, pm)
    if na and nb and not _nouns_agree(na, nb):
        return False, f"they count different things ({_word_after(ref_text, rm)} / {_word_after(repost_text, pm)})"
    ca, cb = context_stems(ref_text, rm, na), context_stems(repost_text, pm, nb)
    if ca and cb and not (ca & cb):
        return False, "nothing around them is shared, so they are likely different facts"
    return True, ""


def is_list_marker(text: str, m: NumberMention) -> bool:
    """"1." or "2)" opening a line or sentence enumerates; it counts nothing."""
    return bool(_LIST_MARK.search(text[: m.start])) and text[m.end: m.end + 1] in (".", ")")


def _word_after(text: str, m: NumberMention) -> str:
    found = _AFTER.match(text, m.end)
    return f"{m.surface} {found.group(1)}" if found else m.surface
