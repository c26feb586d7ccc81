"""Checks across languages (audit.checks.across), on pairs built by hand: no model."""
from audit.checks import across
from audit.checks.base import Pair
from audit.types import Bead, PairScores, Severity

AR = "فرّ نحو 200 سجين من سجن في مدينة قلعة نو غرب أفغانستان"
ZH = "省长发言人陈清扬说，六名警察在袭击中丧生。"


def pair(ref, repost, cosine=0.7):
    return Pair(0, Bead((0,), (0,)), ref, repost, PairScores(cosine, 0.0, 0.0))


def rules(findings):
    return sorted(f.rule for f in findings)


def test_script_and_sound_keys():
    assert across.script_of(AR) == "abjad" and across.script_of(ZH) == "cjk"
    assert across.script_of("Der Minister sagte") == "alphabetic"
    # vowels are not written in Arabic: the keys compare consonants
    assert across.sound_key("Qala-e-Naw", "abjad") == across.sound_key("قلعة نو", "abjad")
    assert across.sound_key("Qingyang", "cjk") == across.sound_key("清扬", "cjk")


def test_transliteration_variant_is_no_finding_and_a_mangled_name_is():
    ok = across.name_findings([pair(AR, "About 200 prisoners escaped from a prison in Qala-e-Naw")], ("ar", "en"))
    bad = across.name_findings([pair(AR, "About 200 prisoners escaped from a prison in Galano")], ("ar", "en"))
    assert ok == []
    assert [(f.kind, f.repost_span, f.ref_span) for f in bad] == [("mangled_name", "Galano", "قلعة نو")]


def test_chinese_name_by_pinyin():
    ok = across.name_findings([pair(ZH, "Spokesman Chen Qingyang said six policemen died.")], ("zh", "en"))
    bad = across.name_findings([pair(ZH, "Spokesman Chan Kingyan said six policemen died.")], ("zh", "en"))
    assert ok == [] and [f.repost_span for f in bad] == ["Chan Kingyan"]


def test_a_name_the_source_writes_in_latin_letters_is_the_same_name():
    # real MT of a Chinese talk (mqm-ted): the place is in Latin letters in the source too
    zh = "我想给大家展示的最后图片是我在格陵兰岛的Kekertsuatsiak上拍摄的一个冰山。"
    en = "The last picture I want to show you is an iceberg I took on Kekertsuatsiak in Greenland."
    assert across.name_findings([pair(zh, en)], ("zh", "en")) == []


def test_numbers_the_source_only_estimates_or_writes_as_english_does_are_no_change():
    cases = [("不仅仅是一两件事出了问题。", "It's not just one or two things that go wrong."),
             ("看左面，[1,1] 的输入等于0输出。", "On the left, the input of [1,1] equals 0 output.")]
    for zh, en in cases:
        found = across.number_findings([pair(zh, en)], ("zh", "en"))
        assert [f for f in found if f.severity.rank >= Severity.WARNING.rank] == [], en


def test_translated_names_and_common_words_are_left_alone():
    # Afghanistan is common enough in English to be translated, not transliterated; a name with
    # no counterpart in sound (a translation by meaning) is not guessed at
    found = across.name_findings([pair(AR, "Some 200 inmates fled a jail in Qala-e-Naw, Afghanistan, "
                                            "the National Security Agency said")], ("ar", "en"))
    assert found == []


def test_numbers_compared_by_value_across_scripts():
    same = across.number_findings([pair("约两百名囚犯逃跑，六人死亡", "About 200 prisoners escaped and six died")],
                                  ("zh", "en"))
    changed = across.number_findings([pair("约两百名囚犯逃跑", "About 600 prisoners escaped")], ("zh", "en"))
    assert same == []
    assert [(f.rule, f.ref_span, f.repost_span) for f in changed] == [("across.number.changed", "两百", "600")]


def test_dates_meet_their_parts():
    assert across.number_findings([pair("2021年7月7日发生了袭击", "The attack happened on July 7, 2021")],
                                  ("zh", "en")) == []


def test_a_pair_that_does_not_translate_is_not_compared():
    assert across.number_findings([pair("约两百名囚犯逃跑", "About 600 prisoners escaped", cosine=0.2)],
                                  ("zh", "en")) == []


def test_missing_and_extra_numbers_only_inform():
    found = across.number_findings([pair("两百名囚犯和六名警察", "The prisoners escaped")], ("zh", "en"))
    assert rules(found) == ["across.number.missing", "across.number.missing"]
    assert all(f.severity.value == "info" for f in found)  # often a number word the reader cannot see


def test_an_unread_scale_word_is_no_change():
    # Czech "3,5 milionu": the reader sees 3.5, the English side 3.5 million
    found = across.number_findings([pair("Zemřelo 3,5 milionu lidí", "3.5 million people died")], ("cs", "en"))
    assert "across.number.changed" not in rules(found) and all(f.severity.value == "info" for f in found)

