"""Is a text mostly English? The bundled model only understands English."""
from __future__ import annotations

_NAMES = {
    "ar": "Arabic", "de": "German", "es": "Spanish", "fa": "Persian", "fr": "French", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "ru": "Russian", "tr": "Turkish", "ur": "Urdu", "zh-cn": "Chinese",
    "zh-tw": "Chinese", "ja": "Japanese", "ko": "Korean", "pl": "Polish", "uk": "Ukrainian", "hi": "Hindi",
}


def detect_language(text: str) -> tuple[str, float]:
    """(ISO code, probability) of the dominant language of ``text``; ("", 0) if unknown."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    try:
        best = detect_langs(text[:5000])[0]
    except LangDetectException:
        return "", 0.0
    return best.lang, best.prob


def language_name(code: str) -> str:
    return _NAMES.get(code, code)


def non_english_warning(name: str, text: str) -> str | None:
    if _plainly_english(text[:5000]):
        return None  # no need to load langdetect's profiles (about half a second)
    code, prob = detect_language(text)
    if code and code != "en" and prob >= 0.5:
        return (f"{name} looks mostly {language_name(code)} ({prob:.0%}), but the model is English-only; "
                "its scores will be unreliable: translate it first or pass --model with a multilingual model")
    return None


_ENGLISH_FUNCTION_WORDS = frozenset("the and of to in that is was for on with said by from".split())


def _plainly_english(text: str) -> bool:
    """ASCII letters (99 % at least), and English function words are at least an eighth of the words
    (about a quarter in news; under 2 % in German or French, whose "in", "on" are rare)."""
    letters = [c for c in text if c.isalpha()]
    if sum(not c.isascii() for c in letters) > 0.01 * len(letters):  # a name with an accent is fine
        return False
    words = text.lower().split()
    return bool(words) and sum(w.strip(".,;:\"'()") in _ENGLISH_FUNCTION_WORDS for w in words) >= len(words) / 8


MIN_LETTERS = 60  # about two short sentences; langdetect guesses wildly below that


def language_of(text: str, declared: str = "auto") -> str:
    """The two-letter code of ``text``'s language (``declared`` when it is not "auto"); "" if unsure.

    Only a confident guess counts (langdetect's probability 0.8 or more): a wrong one
    would switch an English audit to the multilingual encoder and its weaker checks.
    """
    if declared and declared != "auto":
        return declared
    if sum(c.isalpha() for c in text[:5000]) < MIN_LETTERS:
        return ""  # too short to tell reliably: audit as one language
    if _plainly_english(text[:5000]):
        return "en"  # langdetect's profiles take about half a second to load: English runs skip it
    code, prob = detect_language(text)
    return code.split("-")[0] if code and prob >= 0.8 else ""


def crosses_languages(ref_lang: str, repost_lang: str) -> bool:
    """Whether an audit pairs two languages: both known and different."""
    return bool(ref_lang and repost_lang and ref_lang != repost_lang)
