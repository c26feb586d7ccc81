"""Recognise page furniture that is not part of an article.

Reposts are scraped pages: they drag along cookie banners, comment widgets,
ad markers, bylines, photo captions and embedded-tweet attributions. None of
that is a translation of the reference, so the aligner must not count it as
an added sentence. Two layers:

* :func:`boilerplate_reason` judges one segment on its own text;
* :func:`document_reasons` adds rules that need context (a title repeated at
  the top, a breadcrumb that contains the title, the rest of a cookie-banner
  paragraph, everything after a comment-section heading at the end).

The patterns are anchored and short-segment-only on purpose: marking a real
news sentence as boilerplate hides an omission, which is worse than letting a
stray widget line through as an "added sentence".
"""
from __future__ import annotations

import re
from typing import Sequence

_I = re.IGNORECASE

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
_DATE = (
    rf"(?:(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}))"
)
_TIME = r"(?:\s*(?:[,|–-]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
# A capitalised personal name of one to six words ("Jane Smith", "Abdul Aziz
# Bek"), excluding words that start ordinary sentences ("By Wednesday, ...").
_NOT_A_NAME = (
    r"(?!(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Then|Now|Noon|Midnight|Night|Morning|Evening"
    r"|Contrast|Comparison|Law|Far|Early|Late|Mid|Default|Design|Chance|Force|Order|Decree)\b)"
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|del|da|van|von|al|bin|el|ibn))*"

# (reason, pattern) pairs; the first pattern that matches the whole cleaned
# segment decides. Order matters only where two reasons could both apply.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, flags))
    for reason, pattern, flags in (
        # -- separators and ads ------------------------------------------------
        ("separator", r"^(?:[*\-_=~#•·+]\s*){3,}$", 0),
        ("ad marker", r"^\[ad_?\d*\]$", _I),
        ("ad marker", r"^(?:advertisement|advertising|sponsored(?: content)?|ad|ads)\.?$", _I),
        ("ad marker", r"^(?:story continues below (?:this )?advertisement|scroll (?:down )?to continue(?: reading)?)\.?$", _I),
        # -- links -------------------------------------------------------------
        ("source link", r"^source(?: link)?\.?$", _I),
        # "Source: Al Jazeera" names an outlet; "Source: officials said ..." is a sentence.
        ("source link", r"^(?:[Ss]ource|SOURCE)\s*:\s*(?:https?://\S+|[A-Z][\w.&'’-]*(?:,?\s+[A-Z][\w.&'’-]*){0,5})\.?$", 0),
        ("url", r"^(?:https?://|www\.)\S+$", _I),
        ("url", r"^pic\.twitter\.com/\S+$", _I),
        ("embedded tweet", r"\bpic\.twitter\.com/\w+\s*$", _I),
        # "— Ministry of Defense, Afghanistan (@MoDAfghanistan) July 7, 2021"
        ("tweet attribution", rf"^[—–-]\s*[^()]{{1,100}}\(@\w{{1,15}}\)\s*(?:{_DATE})?\.?$", 0),
        ("tweet attribution", rf"^[^()]{{1,100}}\(@\w{{1,15}}\)\s*{_DATE}$", 0),
        # -- cookie banners ----------------------------------------------------
        ("cookie banner", r"\b(?:this|our) (?:web)?site uses cookies\b", _I),
        ("cookie banner", r"^we use cookies\b", _I),
        ("cookie banner", r"^privacy\s*(?:&|and)\s*cookies?(?:\s*policy)?\.?$", _I),
        ("cookie banner", r"^(?:cookie|cookies|consent) (?:policy|settings|preferences|notice)\.?$", _I),
        ("cookie banner", r"^(?:accept|agree|ok|got it)(?: all)?(?: cookies)?(?:\s*(?:read more|reject(?: all)?|settings|more info))*\.?$", _I),
        ("cookie banner", r"\bwe['’]?ll assume you['’]?re ok with this\b", _I),
        ("cookie banner", r"\byou can opt[- ]out if you wish\b", _I),
        ("cookie banner", r"^by (?:continuing to (?:use|browse)|using) (?:this|our) (?:web)?site,? you (?:agree|consent)\b", _I),
        # -- comment widgets and related-article boxes -------------------------
        ("comment widget", r"^(?:\d+|no|one)\s+comments?(?: yet)?\.?$", _I),
        ("comment widget", r"^comments?(?:\s*\(\d+\))?:?$", _I),
        ("comment widget", r"^(?:leave|post|add|write) a (?:comment|reply)\b.{0,40}$", _I),
        ("comment widget", r"^(?:cancel reply|post comment|submit comment|load more comments|show comments)\.?$", _I),
        ("comment widget", r"^you (?:may|might) also (?:like|be interested in|enjoy)\b.{0,20}$", _I),
        ("comment widget", r"^(?:related|recommended|popular|trending|latest|more)(?: posts| articles| stories| news)?:?$", _I),
        ("comment widget", r"\bakismet\b", _I),
        ("comment widget", r"^learn how your comment data is processed\.?$", _I),
        ("comment widget", r"^your email address will not be published\b", _I),
        ("comment widget", r"^required fields are marked\b", _I),
        ("comment widget", r"^save my name, email,? and website\b", _I),
        # -- promos ------------------------------------------------------------
        ("promo", r"^article reserved for (?:our )?subscribers\b", _I),
        ("promo", r"^(?:read|see|watch|listen) (?:also|more)\b(?![,;]| than)", _I),
        ("promo", r"^also (?:read|listen|watch|see)\b", _I),
        ("promo", r"^(?:share|tweet|email|print|whatsapp|pin it)\.?$", _I),
        ("promo", r"^share (?:this|on|via)\b.{0,40}$", _I),
        ("promo", r"^follow us\b.{0,60}$", _I),
        ("promo", r"^subscribe\b.{0,60}$", _I),
        ("promo", r"^sign up (?:for|to) (?:our|the) (?:free )?newsletters?\b.{0,60}$", _I),
        ("promo", r"^(?:click|tap) here\b.{0,60}$", _I),
        ("promo", r"^(?:download|get) (?:our|the) app\b.{0,40}$", _I),
        ("promo", r"^(?:join|like) us on\b.{0,40}$", _I),
        # -- navigation and footers ---------------------------------------------
        ("navigation", r"^home\s*(?:[»>›/|]|$)", _I),
        ("navigation", r"^[^.!?]{1,60}(?:\s[»›>]\s[^.!?]{1,60}){2,}$", 0),
        ("navigation", r"^(?:skip to (?:main )?content|main menu|menu|search|toggle navigation|back to top)\.?$", _I),
        ("navigation", r"^(?:next|previous) (?:article|post|story)\b.{0,80}$", _I),
        ("navigation", r"^(?:about us|contact us|terms of (?:use|service)|privacy policy|all rights reserved)\.?$", _I),
        ("navigation", r"\ball rights reserved\b\.?$", _I),
        ("navigation", r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\b", _I),  # site footer, not a photo
        # -- bylines, sign-offs and datelines ------------------------------------
        ("byline", r"^(?:posted |written |edited )?by:?\s+(?:admin|administrator|staff|editor|editorial team|guest|news desk|web desk)\b.{0,40}$", _I),
        ("byline", rf"^(?:By|BY|by)\s+{_NOT_A_NAME}{_NAME}(?:\s*[,|–-]\s*(?:{_DATE}{_TIME}|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,3}}))?\.?$", 0),
        ("byline", r"^author\s*:\s*.{1,60}$", _I),
        ("byline", r"^\(?reporting by\b.{0,200}$", _I),
        ("byline", r"^(?:the world|le monde|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}) (?:with|avec) (?:AFP|Reuters|AP|dpa|ANSA|EFE|agencies)\.?$", 0),
        ("byline", rf"^(?:(?:published|updated|posted|last updated)(?: on)?:?\s*)?{_DATE}{_TIME}$", _I),
        # -- photos ---------------------------------------------------------------
        ("photo caption", r"^\d{1,3}\s*/\s*\d{1,3}$", 0),  # gallery counter "2/5"
        ("photo caption", r"^(?:©|\(c\)\s|copyright\s*(?::|©|\(c\)))", _I),
        ("photo caption", r"^\(?(?:photo|image|picture|photograph|credit|photo credit)s?(?: by)?\s*:\s*.{1,80}$", _I),
        ("photo caption", r"^\((?:photo|image|picture)s?(?: by)?\b[^)]{1,80}\)\.?$", _I),
        ("photo caption", r"^[A-Z]{2,}(?:/[A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,3})+$", 0),  # "REUTERS/Parwiz"
        ("photo caption", r"^(?:AFP|Reuters|AP|EPA|Getty Images)(?:\s*(?:/|via)\s*[\w ]{1,40})?\.?$", 0),
    )
)

# Reasons whose first segment marks the whole paragraph: a cookie banner or a
# photo caption is one block, and its later sentences ("On July 8, 2021, Afghan
# soldiers patrolled ...") look like content on their own.
_PARAGRAPH_WIDE = frozenset({"cookie banner", "comment widget", "photo caption"})
# Headings that open a comment section: what follows them at the end of a page
# is readers' comments, not article text.
_COMMENT_HEADING = re.compile(
    r"^(?:(?:\d+|no|one)\s+comments?|comments?(?:\s*\(\d+\))?:?|(?:leave|post|add) a (?:comment|reply)\b.*)$", _I
)
_TOP_PARAGRAPHS = 5  # a title or breadcrumb is only recognised this close to the top


def _clean(text: str) -> str:
    return " ".join(text.split())


def boilerplate_reason(text: str) -> str:
    """Why ``text`` (one segment) is boilerplate, or ``""`` if it may be content."""
    s = _clean(text)
    if not s:
        return ""
    for reason, pattern in _RULES:
        if pattern.search(s):
            return reason
    return ""


def document_reasons(texts: Sequence[str], paragraphs: Sequence[int]) -> tuple[str, ...]:
    """Boilerplate reasons for a document's segments, in order.

    ``texts[i]`` is segment ``i`` and ``paragraphs[i]`` its paragraph number.
    Starts from :func:`boilerplate_reason` and adds the context rules.
    """
    reasons = [boilerplate_reason(t) for t in texts]
    _mark_top(texts, paragraphs, reasons)
    _spread_over_paragraphs(paragraphs, reasons)
    _mark_comment_tail(texts, reasons)
    return tuple(reasons)


def _mark_top(texts: Sequence[str], paragraphs: Sequence[int], reasons: list[str]) -> None:
    """Repeated titles and title-bearing breadcrumbs near the top of the page."""
    top = [i for i, p in enumerate(paragraphs) if p < _TOP_PARAGRAPHS]
    keys = {i: _clean(texts[i]).casefold() for i in top}
    for i in top:
        if reasons[i] or not keys[i]:
            continue
        if any(keys[j] == keys[i] for j in top if j < i):
            reasons[i] = "repeated title"
        elif any(_is_breadcrumb(keys[i], keys[j]) for j in top if j != i):
            # "Home World <title> | Site" is a breadcrumb trail ending in the title.
            reasons[i] = "navigation"


def _is_breadcrumb(crumb: str, title: str) -> bool:
    """``crumb`` is "home <a few section names> <title>"; titles carry no full stop."""
    if len(title) < 15 or crumb == title or title.endswith(".") or not crumb.startswith("home "):
        return False
    at = crumb.find(title)
    return at > 0 and len(crumb[:at].split()) <= 4


def _spread_over_paragraphs(paragraphs: Sequence[int], reasons: list[str]) -> None:
    for i in range(1, len(reasons)):
        same = paragraphs[i] == paragraphs[i - 1]
        if same and not reasons[i] and reasons[i - 1] in _PARAGRAPH_WIDE:
            reasons[i] = reasons[i - 1]


def _mark_comment_tail(texts: Sequence[str], reasons: list[str]) -> None:
    """Everything after a comment-section heading in the last third is comments."""
    n = len(texts)
    for i in range(n - (n // 3), n):
        if reasons[i] == "comment widget" and _COMMENT_HEADING.match(_clean(texts[i])):
            for j in range(i + 1, n):
                reasons[j] = reasons[j] or "comment widget"
            return
