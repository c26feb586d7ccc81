"""Words swapped for their opposites: "early" -> "late", "harmed" -> "unharmed".

Sentence embeddings place a sentence and its reversal close together, and the
words around the swap keep chrF high, so neither score sees it. A lexicon
does: a repost word whose opposite stands in the reference, while the word
itself does not, is a reversal. The list holds common English opposites; a
prefix rule (un-, in-, dis-, non- ...) covers the regular ones.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

_PAIRS = """
accept decline, add subtract, advance retreat, agree refuse, alive deceased, allow deny, always rarely,
arrival departure, asleep awake, attack retreat, attract repel, backward forward, beautiful ugly,
beginning end, beginning ending, believe doubt, bless curse, bold timid, brave afraid, broad narrow,
capture release, careful careless, cheap costly, comedy tragedy, comfort discomfort, compulsory optional,
mandatory optional, condemn praise, conceal reveal, contract expand, crooked straight, dangerous harmless,
dawn dusk, decline rise, decline increase, defeat win, dense sparse, descend climb, despair hope,
destroy preserve, disappear emerge, dull bright, dull interesting, economical wasteful, encourage discourage,
entrance exit, even odd, everybody nobody, evil good, failure achievement, faithful unfaithful,
false genuine, famous obscure, fertile barren, fiction fact, foolish sensible, forget recall,
fortunate unlucky, fresh rotten, frown smile, generous stingy, gentle rough, glad sorry, gloomy cheerful,
hate adore, heaven hell, hero villain, hide expose, honest dishonest, horizontal vertical,
hostile welcoming, humble proud, hungry full, ignore notice, innocent guilty, joy sorrow, knowledge ignorance,
laugh cry, lazy diligent, lead follow, leader follower, liquid solid, loss gain, loyal disloyal,
mature immature, melt freeze, misery happiness, modest arrogant, narrow broad, nasty nice,
natural man-made, noisy silent, obey disobey, obvious obscure, offer refuse, optimist pessimist,
past present, patient impatient, plural singular, polite rude, powerful powerless, praise blame,
pretty ugly, prevent cause, problem solution, proud ashamed, pure impure, quiet loud, raise drop,
rapid gradual, rare frequent, rear front, rigid flexible, rise drop, rude courteous, safe unsafe,
scarce plentiful, scatter gather, selfish selfless, serious trivial, sink float, slow swift, sober drunk,
spend save, stay leave, stingy generous, straight curved, strength weakness, stupid intelligent,
sunny cloudy, support undermine, sure doubtful, tame fierce, tense relaxed, tidy untidy, tight slack,
transparent opaque, true untrue, upstairs downstairs, vacant occupied, valuable worthless, victory loss,
virtue vice, visible hidden, war peace, wealth poverty, weak powerful, wild civilised, wild civilized,
young elderly, youth age, success fail, surge plunge, soar plunge, gain drop, boom bust, inflate deflate,
strengthen undermine, approve disapprove, conservative radical, accelerate decelerate, acquit convict,
withdraw deploy, withdrawal deployment, surrender resist, sell purchase, lender borrower, sender recipient,
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
maximum least, win draw, rose fell, risen fallen, rising falling, grew shrank, won lost,
create demolish, establish disband, open shut, injured unharmed, injured unhurt, hurt unharmed, damaged undamaged
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
    """The word and the bases its common English endings may hide (died -> die, admitted -> admit)."""
    w = word.lower()
    forms = {w}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e"), ("ly", ""), ("ier", "y"), ("er", ""),
                         ("iest", "y"), ("est", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: len(w) - len(suffix)] + repl
            forms.add(base)
            if not repl and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                forms.add(base[:-1])  # admitted -> admit, winning -> win
    return forms


def _counts(text: str) -> Counter:
    return Counter(f for t in _WORD.findall(text) for f in _forms(t))


def reversals(reference: str, repost: str) -> list[tuple[str, str]]:
    """(reference word, repost word) pairs where the repost put an opposite in its place.

    Counted, not just looked up: "opening ... closing" against "closing ... closing"
    has one "closing" too many and one "opening" too few.
    """
    ref, rep = _counts(reference), _counts(repost)
    table = _opposites()
    out = []
    for token in _WORD.findall(repost):
        forms = _forms(token)
        if any(rep[f] <= ref[f] for f in forms):
            continue  # the reference has this word as often: nothing was swapped in
        for f in sorted(forms):
            opposite = _prefix_opposite(f, ref, rep) or next(
                (o for o in sorted(table.get(f, ())) if ref[o] > rep[o]), None)
            if opposite:
                if (opposite, token) not in out:
                    out.append((opposite, token))
                break
    return out


def _prefix_opposite(word: str, ref: Counter, rep: Counter) -> str | None:
    """"unharmed" against "harmed", or "harmed" against "unharmed"."""
    for p in _PREFIXES:
        base = word[len(p):]
        if word.startswith(p) and len(base) >= 4 and ref[base] > rep[base]:
            return base
        if len(word) >= 4 and ref[p + word] > rep[p + word]:
            return p + word
    return None
