"""Numbers as other languages write them (audit.checks.numerals)."""
import pytest

from audit.checks.numerals import ascii_digits, source_numbers


def values(text, lang):
    return [(n.value, n.unit) for n in source_numbers(text, lang)]


@pytest.mark.parametrize("text, lang, expected", [
    ("两百名囚犯逃跑了", "zh", [(200.0, "")]),
    ("共有1.2万人", "zh", [(12000.0, "")]),
    ("三千五百人", "zh", [(3500.0, "")]),
    ("三点五米", "zh", [(3.5, "")]),
    ("百分之三十的人", "zh", [(30.0, "%")]),
    ("第三次会议", "zh", [(3.0, "ordinal")]),
    ("2021年7月7日", "zh", [(20210707.0, "date")]),
    ("二〇二一年", "zh", [(2021.0, "year")]),
    ("فرّ ٢٠٠ سجين", "ar", [(200.0, "")]),
    ("قتل ستة من رجال الشرطة", "ar", [(6.0, "")]),
    ("۲۵ نفر", "fa", [(25.0, "")]),
    ("3,5 Prozent und 1.200 Menschen", "de", [(3.5, "%"), (1200.0, "")]),
    ("zwei Tage", "de", [(2.0, "")]),
    ("1,200 people and 3.5 tonnes", "en", [(1200.0, ""), (3.5, "")]),
    # found on real MT (mqm-ted): a Chinese numeral next to digits is two numbers, "X年半" is X.5,
    # and a comma in digits separates thousands only before three digits, as in English
    ("谋杀率从每一百万15起", "zh", [(1000000.0, ""), (15.0, "")]),
    ("15一百", "zh", [(15.0, ""), (100.0, "")]),
    ("两年半的时间", "zh", [(2.5, "")]),
    ("[1,1] 的输入和1,200人", "zh", [(1.1, ""), (1200.0, "")]),
])
def test_values_by_script(text, lang, expected):
    assert values(text, lang) == expected


@pytest.mark.parametrize("text", ["他们一起去了", "这十分重要", "一些事情", "他是其中之一", "千万不要", "老百姓",
                                  "不仅仅是一两件事", "两三百人", "三五个朋友"])  # estimates: "one or two"
def test_words_that_only_contain_a_numeral_are_no_numbers(text):
    assert source_numbers(text, "zh") == []


def test_surface_is_the_source_text_as_written():
    [n] = source_numbers("فرّ ٢٠٠ سجين", "ar")
    assert n.surface == "٢٠٠" and "فرّ ٢٠٠ سجين"[n.start:n.end] == "٢٠٠"
    [n] = source_numbers("约两百名囚犯", "zh")
    assert n.surface == "两百"


def test_ascii_digits_keeps_positions():
    text = "٣٥ و۲۵ और १२ ０９"
    assert ascii_digits(text) == "35 و25 और 12 09" and len(ascii_digits(text)) == len(text)
