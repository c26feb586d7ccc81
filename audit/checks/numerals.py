"""Numbers as other languages write them: digits of other scripts, Chinese numerals, dates, number words.

An English repost of a Chinese or Arabic report must carry the same quantities,
but the source writes them in its own way: ``٢٠٠`` (Arabic-Indic digits), ``۲۰۰``
(Persian), ``两百`` or ``1.2万`` (Chinese), ``2021年7月7日``, ``3,5 %`` (a German
decimal comma), ``zweihundert``. :func:`source_numbers` reads them all as values, in
the same encoding as :mod:`audit.checks.numbers` (dates as ``year*10000 +
month*100 + day``), so the two sides can be compared by value.

Precision first: Chinese words that merely contain a numeral (一些 "some", 一起
"together", 十分 "very", 千万 "by all means", 百姓 "the people") are not numbers,
nor is a lone 一 ("one", "a"), just as the English side ignores "one", nor an
estimate of two neighbouring numerals (一两 "one or two", 两三百 "two or three hundred").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_ZH_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_UNITS) + "".join(_ZH_BIG)
# A run of digits (any script, already folded to ASCII) with separators, or Chinese numerals,
# or digits followed by a Chinese scale (1.2万); 点 is the Chinese decimal point.
_RUN = re.compile(rf"\d+(?:[.,\u00a0\u202f ]\d+)*(?:[{''.join(_ZH_BIG)}{''.join(_ZH_UNITS)}]+)?|"
                  rf"[{_ZH_CHARS}]+(?:点[{''.join(_ZH_DIGITS)}]+)?")
# Words in which a numeral is no number.
_ZH_IDIOMS = ("一些", "一起", "一直", "一样", "一定", "一般", "一切", "一下", "一点", "一边", "一旦", "一致",
              "统一", "唯一", "万一", "千万", "十分", "百姓", "万物", "一一", "之一", "一部分", "一方面", "第一次")
# Two neighbouring numerals are an estimate, "one or two" (一两, 三四十, 三五 "three or five", a few),
# not the number their digits spell (12, 34): no fact to hold the English to.
_ESTIMATE = re.compile(r"([一二两三四五六七八九])([二两三四五六七八九])[十百千万亿萬億]*")
_ESTIMATE_PAIRS = {(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (3, 5)}
_HALF = re.compile(r"(?:个|個|年|天|周|倍|点钟)半")  # 两年半 two and a half years, 一个半 one and a half
_COMMA_DECIMAL = {"de", "fr", "es", "it", "pt", "nl", "pl", "cs", "ru", "uk", "tr", "da", "sv", "no", "fi"}
_WORDS = {  # number words 2-12, tens and scales of the major European languages ("one" is also "a": left out)
    "de": "zwei 2 drei 3 vier 4 fünf 5 sechs 6 sieben 7 acht 8 neun 9 zehn 10 elf 11 zwölf 12 zwanzig 20 "
          "dreißig 30 hundert 100 tausend 1000 million 1000000 millionen 1000000",
    "fr": "deux 2 trois 3 quatre 4 cinq 5 six 6 sept 7 huit 8 neuf 9 dix 10 onze 11 douze 12 vingt 20 "
          "trente 30 cent 100 mille 1000 million 1000000 millions 1000000",
    "es": "dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 nueve 9 diez 10 once 11 doce 12 veinte 20 "
          "treinta 30 cien 100 mil 1000 millón 1000000 millones 1000000",
    "it": "due 2 tre 3 quattro 4 cinque 5 sei 6 sette 7 otto 8 nove 9 dieci 10 undici 11 dodici 12 venti 20 "
          "trenta 30 cento 100 mille 1000 milione 1000000 milioni 1000000",
    "pt": "dois 2 duas 2 três 3 quatro 4 cinco 5 seis 6 sete 7 oito 8 nove 9 dez 10 onze 11 doze 12 vinte 20 "
          "trinta 30 cem 100 mil 1000 milhão 1000000 milhões 1000000",
    "ru": "два 2 две 2 три 3 четыре 4 пять 5 шесть 6 семь 7 восемь 8 девять 9 десять 10 двадцать 20 "
          "тридцать 30 сто 100 тысяча 1000 тысячи 1000 тысяч 1000 миллион 1000000 миллиона 1000000",
    # Arabic: masculine and feminine forms; a conjunction or preposition may be glued on (و, ب, ل)
    "ar": "اثنان 2 اثنين 2 اثنتان 2 ثلاثة 3 ثلاث 3 أربعة 4 أربع 4 خمسة 5 خمس 5 ستة 6 ست 6 سبعة 7 سبع 7 "
          "ثمانية 8 ثماني 8 تسعة 9 تسع 9 عشرة 10 عشر 10 عشرون 20 عشرين 20 مئة 100 مائة 100 مئات 100 ألف 1000 "
          "آلاف 1000 مليون 1000000 ملايين 1000000",
}
_WORD_VALUES = {lang: dict(zip(s.split()[::2], map(float, s.split()[1::2]))) for lang, s in _WORDS.items()}
_WORD_VALUES["fa"] = {"دو": 2.0, "سه": 3.0, "چهار": 4.0, "پنج": 5.0, "شش": 6.0, "هفت": 7.0, "هشت": 8.0, "نه": 9.0,
                      "ده": 10.0, "صد": 100.0, "هزار": 1000.0}
_PERCENT = ("%", "％", "٪", "prozent", "pour cent", "por ciento", "per cento", "por cento", "procent", "процент")
_LATIN_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class SourceNumber:
    """A quantity in a source-language sentence: its value, unit ("", "%", "year", "date", "ordinal")."""

    value: float
    unit: str
    start: int
    end: int
    surface: str


def ascii_digits(text: str) -> str:
    """Digits of every script (٢, ۲, २, ２) as ASCII, and the Arabic decimal and thousands signs."""
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            d = unicodedata.decimal(ch, None)
            out.append(str(d) if d is not None else ch)
        else:
            out.append({"٫": ".", "٬": ","}.get(ch, ch))
    return "".join(out)


def _zh_value(run: str) -> float | None:
    """The value of a run of Chinese numerals: 两百 200, 三千五百 3500, 二〇二一 2021, 1.2万 12000."""
    if "点" in run:
        whole, frac = run.split("点", 1)
        w = _zh_value(whole) if whole else 0.0
        digits = "".join(str(_ZH_DIGITS[c]) for c in frac if c in _ZH_DIGITS)
        return None if w is None or not digits else w + float("0." + digits)
    m = re.match(r"(\d+(?:\.\d+)?)(.*)$", run)
    if m:  # digits with a Chinese scale: 1.2万, 3千
        value = float(m.group(1))
        for c in m.group(2):
            value *= _ZH_UNITS.get(c) or _ZH_BIG.get(c) or 1
        return value
    if all(c in _ZH_DIGITS for c in run) and len(run) > 1:  # 二〇二一: read digit by digit
        return float("".join(str(_ZH_DIGITS[c]) for c in run))
    total = section = number = 0
    for c in run:
        if c in _ZH_DIGITS:
            number = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (number or 1) * _ZH_UNITS[c]
            number = 0
        elif c in _ZH_BIG:
            total += (section + number) * _ZH_BIG[c]
            section = number = 0
    return float(total + section + number)


def _digits_value(run: str, lang: str) -> float | None:
    """Digits with separators: 1,200 or 1.200 (German) or 1 200 is 1200; 3,5 (German) is 3.5."""
    run = re.sub(r"[\u00a0\u202f ]", "", run)
    if lang in _COMMA_DECIMAL:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", run) or "," in run:
            run = run.replace(".", "").replace(",", ".")
    else:
        run = run.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", run) else run.replace(",", ".")
    try:
        return float(run)
    except ValueError:
        return None


def _idiom(text: str, start: int, end: int) -> bool:
    """Whether an idiom (一些, 十分 …) overlaps the numeral run ``text[start:end]``."""
    return any(text.find(w, max(0, start - len(w) + 1), end + len(w) - 1) >= 0 for w in _ZH_IDIOMS)


_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?")
_YEAR = re.compile(r"(\d{4})\s*年")


def source_numbers(text: str, lang: str) -> list[SourceNumber]:
    """Every quantity in a sentence of language ``lang`` (ISO 639-1), in reading order."""
    original, text = text, ascii_digits(text)  # one character for one: positions hold
    folded = _zh_to_digits(text, original) if lang in ("zh", "ja") else _Folded(text, list(range(len(text))), original)
    out: list[SourceNumber] = []
    taken: set[int] = set()
    if lang in ("zh", "ja"):
        for m in _DATE.finditer(folded.text):
            year, month, day = (int(g) if g else 0 for g in m.groups())
            if 1 <= month <= 12 and day <= 31:
                out.append(_at(folded, m.start(), m.end(), year * 10000 + month * 100 + day, "date"))
                taken.update(range(m.start(), m.end()))
        for m in _YEAR.finditer(folded.text):
            if m.start() not in taken:
                out.append(_at(folded, m.start(), m.end(), int(m.group(1)), "year"))
                taken.update(range(m.start(), m.end()))
    for m in re.finditer(r"\d+(?:[.,]\d+)*", folded.text):
        if m.start() in taken:
            continue
        value = _digits_value(m.group(), "en" if lang in ("zh", "ja") else lang)  # 1,200 but [1,1]
        if value is None:
            continue
        after = folded.text[m.end():m.end() + 12].lstrip().casefold()
        before = folded.text[max(0, m.start() - 4):m.start()]
        unit = "%" if after.startswith(_PERCENT) or before.endswith("百分之") else ""
        if not unit and (before.endswith("第") or (lang not in ("zh", "ja") and after.startswith("."))
                         and lang in ("de", "pl", "cs")):
            unit = "ordinal"  # 第三, or German "3." (der 3. Juli is a date the English side reads as one)
        if not unit and 1900 <= value <= 2100 and value == int(value) and "." not in m.group():
            unit = "year"
        out.append(_at(folded, m.start(), m.end(), value, unit))
    for w in _LATIN_WORD.finditer(text) if lang in _WORD_VALUES else ():
        word = w.group().casefold()
        v = _WORD_VALUES[lang].get(word)
        if v is None and lang == "ar" and word[:1] in "وبل":
            v = _WORD_VALUES[lang].get(word[1:])
        if v is not None:
            out.append(SourceNumber(v, "", w.start(), w.end(), w.group()))
    return sorted(out, key=lambda n: n.start)


def _estimate(run: str) -> bool:
    m = _ESTIMATE.fullmatch(run)
    return bool(m) and (_ZH_DIGITS[m.group(1)], _ZH_DIGITS[m.group(2)]) in _ESTIMATE_PAIRS


@dataclass(frozen=True)
class _Folded:
    text: str  # Chinese numerals replaced by ASCII digits
    origin: list[int]  # for each character of ``text``, its index in the sentence
    source: str  # the sentence as written (surfaces are cut from it)


def _at(f: _Folded, start: int, end: int, value: float, unit: str) -> SourceNumber:
    a, b = f.origin[start], f.origin[end - 1] + 1
    return SourceNumber(float(value), unit, a, b, f.source[a:b])


def _zh_to_digits(text: str, source: str) -> _Folded:
    """Chinese numeral runs rewritten as digits (positions kept), idioms and a lone 一 left alone."""
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _RUN.finditer(text):
        run = m.group()
        if not any(c in _ZH_CHARS for c in run):
            continue
        lone = run in ("一", "百", "千", "万", "亿", "萬", "億") and text[m.start() - 1:m.start()] != "第"
        value = None if lone or _idiom(text, m.start(), m.end()) or _estimate(run) else _zh_value(run)
        if value is None:
            continue
        if _HALF.match(text, m.end()):
            value += 0.5
        out.append(text[pos:m.start()])
        origin += range(pos, m.start())
        before = out[-1] or (out[-2] if len(out) > 1 else "")  # what the folded text ends with so far
        if before[-1:].isdigit():
            out.append(" ")  # 15一百: two numbers, which the digits must not run together
            origin.append(m.start())
        digits = f"{value:.10g}" if value != int(value) else str(int(value))
        out.append(digits)
        origin += [m.start()] * (len(digits) - 1) + [m.end() - 1]
        if text[m.end():m.end() + 1].isdigit():
            out.append(" ")  # 每一百万15起: "per million, 15", not 1000015
            origin.append(m.end() - 1)
        pos = m.end()
    out.append(text[pos:])
    origin += range(pos, len(text))
    return _Folded("".join(out), origin, source)
