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
    code, prob = detect_language(text)
    if code and code != "en" and prob >= 0.5:
        return (f"{name} looks mostly {language_name(code)} ({prob:.0%}), but the model is English-only; "
                "its scores will be unreliable: translate it first or pass --model with a multilingual model")
    return None
