"""Words swapped for their opposites: "early" -> "late", "harmed" -> "unharmed".

Sentence embeddings place a sentence and its reversal close together, and the
words around the swap keep chrF high, so neither score sees it. A lexicon
does: a repost word whose opposite stands in the reference, while the word
itself does not, is a reversal. The list holds common English opposites; a
prefix rule (un-, in-, dis-, non- ...) covers the regular ones.
"""
from __future__ import annotations

import re
from functools import lru_cache

_PAIRS = """
more less, most least, many few, before after, early late, earlier later, first last, begin end,
start finish, start stop, open close, opened closed, increase decrease, rise fall, raise lower,
grow shrink, expand shrink, gain lose, win lose, winner loser, victory defeat, success failure,
succeed fail, accept reject, accept refuse, allow forbid, allow prohibit, permit forbid, admit deny,
confirm deny, agree disagree, approve reject, include exclude, inclusion exclusion, add remove,
buy sell, bought sold, borrow lend, give take, give receive, send receive, push pull, import export,
enter exit, arrive depart, arrive leave, come go, attack defend, offence defence, offense defense,
ally enemy, allies enemies, friend enemy, friend foe, love hate, like dislike, praise criticise,
praise criticize, reward punish, live die, alive dead, life death, birth death, born died, born dead,
young old, new old, modern ancient, ancient modern, high low, higher lower, highest lowest, up down,
upper lower, above below, over under, top bottom, inside outside, internal external, interior exterior,
north south, east west, left right, front back, forward backward, near far, close distant, big small,
large small, huge tiny, great small, long short, tall short, wide narrow, thick thin, heavy light,
deep shallow, fast slow, quick slow, rapid slow, rapidly slowly, quickly slowly, strong weak,
hard soft, hard easy, difficult easy, simple complex, simple complicated, basic advanced, rich poor,
wealthy poor, cheap expensive, expensive cheap, good bad, better worse, best worst, right wrong,
correct incorrect, true false, truth lie, real fake, positive negative, optimistic pessimistic,
happy sad, happy unhappy, pleased angry, calm angry, safe dangerous, safety danger, peace war,
peaceful violent, legal illegal, guilty innocent, public private, clean dirty, full empty, wet dry,
hot cold, warm cool, warm cold, light dark, bright dark, day night, sunrise sunset, summer winter,
always never, often rarely, often seldom, frequently rarely, sometimes never, everyone nobody,
everything nothing, all none, every no, majority minority, maximum minimum, plus minus, profit loss,
surplus deficit, credit debit, asset liability, export import, supply demand, cause effect,
question answer, ask answer, remember forget, find lose, found lost, keep lose, keep discard,
retain lose, save spend, save waste, spend earn, include omit, present absent, presence absence,
visible invisible, known unknown, famous unknown, common rare, usual unusual, normal abnormal,
ordinary extraordinary, possible impossible, likely unlikely, certain uncertain, sure unsure,
able unable, capable incapable, willing unwilling, useful useless, helpful harmful, help harm,
healthy sick, healthy ill, health illness, sick well, cure kill, build destroy, create destroy,
construct demolish, repair break, fix break, join separate, together apart, unite divide,
connect disconnect, attach detach, combine separate, same different, similar different, equal unequal,
fair unfair, just unjust, friendly hostile, kind cruel, generous mean, brave cowardly, wise foolish,
clever stupid, smart stupid, expert amateur, professional amateur, skilled unskilled, active passive,
busy idle, employed unemployed, employ dismiss, hire fire, promote demote, promoted demoted,
support oppose, supporter opponent, supporters opponents, for against, pro anti, liberal conservative,
progressive conservative, left-wing right-wing, domestic foreign, national international,
local foreign, urban rural, mainly partly, partly fully, partial complete, complete incomplete,
finished unfinished, whole part, entire partial, increase reduce, increased reduced, boost cut,
strengthen weaken, tighten loosen, tight loose, win lost, won lost, pass fail, passed failed,
continue stop, continued stopped, continued ceased, keep stop, resume suspend, launch cancel,
approve veto, legalise ban, legalize ban, ban allow, lift impose, release arrest, free arrest,
release detain, freed captured, escape capture, inhale exhale, ascend descend, rise sink,
float sink, above beneath, before since, past future, yesterday tomorrow, ancient recent,
temporary permanent, temporarily permanently, short-term long-term, minor major, main minor,
primary secondary, senior junior, superior inferior, master servant, teacher student, parent child,
male female, man woman, men women, boy girl, husband wife, king queen, father mother, son daughter,
brother sister, host guest, buyer seller, employer employee, landlord tenant, winner runner-up,
question statement, hope fear, courage fear, trust distrust, trust mistrust, interest boredom,
arrive leave, appear disappear, show hide, reveal conceal, reveal hide, discover overlook,
explain obscure, clear unclear, clarity confusion, order chaos, organised chaotic, organized chaotic,
sweet sour, sweet bitter, acid alkaline, acidic alkaline, solid liquid, raw cooked, fresh stale,
wild tame, wild domesticated, natural artificial, organic synthetic, rough smooth, sharp blunt,
loud quiet, noisy quiet, silence noise, rich thin, fat thin, strong mild, severe mild, harsh gentle,
approximately exactly, roughly precisely, exact approximate, precise vague, specific general,
maximum least, win draw, injured unharmed, injured unhurt, hurt unharmed, damaged undamaged
"""

_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=1)
def _opposites() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for pair in _PAIRS.replace("\n", " ").split(","):
        words = pair.split()
        if len(words) == 2:
            a, b = words
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def _forms(word: str) -> set[str]:
    """The word and the bases its common English endings may hide (died -> die, cities -> city)."""
    w = word.lower()
    forms = {w}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e"), ("ly", ""), ("ier", "y"), ("er", ""),
                         ("iest", "y"), ("est", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            forms.add(w[: len(w) - len(suffix)] + repl)
    return forms


def reversals(reference: str, repost: str) -> list[tuple[str, str]]:
    """(reference word, repost word) pairs where the repost put an opposite in its place."""
    ref_words = {w for t in _WORD.findall(reference) for w in _forms(t)}
    rep_tokens = _WORD.findall(repost)
    rep_words = {w for t in rep_tokens for w in _forms(t)}
    table = _opposites()
    out = []
    for token in rep_tokens:
        forms = _forms(token)
        if forms & ref_words:
            continue  # the reference has this word too: nothing was swapped
        for f in forms:
            opposite = _prefix_opposite(f, ref_words) or next(
                (o for o in sorted(table.get(f, ())) if o in ref_words and o not in rep_words), None)
            if opposite:
                out.append((opposite, token))
                break
    return out


def _prefix_opposite(word: str, ref_words: set[str]) -> str | None:
    """"unharmed" against "harmed", or "harmed" against "unharmed"."""
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 4 and word[len(p):] in ref_words:
            return word[len(p):]
        if len(word) >= 4 and p + word in ref_words:
            return p + word
    return None
