"""Which script a question is written in: it decides how much to trust each retriever and each signal."""

from __future__ import annotations

import re

_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]")
_KANA = re.compile(r"[\u3040-\u30ff]")


def script_of(text: str) -> str:
    """"en" when most letters are Latin, "kana" when there is no kanji and kana dominate, else "ja".

    Latin acronyms inside Japanese (「IT導入」「AIチップ」) stay "ja": the share is over letters, and a Latin
    letter counts a third of a Japanese character (a word of ~3 letters says what one kanji says).
    """
    latin = len(_LATIN.findall(text)) / 3
    kanji = len(_KANJI.findall(text))
    kana = len(_KANA.findall(text))
    total = latin + kanji + kana
    if not total:
        return "ja"
    if latin / total >= 0.6:
        return "en"
    if kanji == 0 and kana >= 4:
        return "kana"
    return "ja"


# An input method's last 「n」 left unconverted at the end of a kana word (「よさn」「ほじょきn」「けんきゅうn」): the 「ん」
# it stands for. Only a lone n (or nn) after kana and before a space, punctuation or the end: a Latin word is untouched.
_UNCONVERTED_N = re.compile(r"(?<=[\u3041-\u3096\u30a1-\u30faー])[nｎ]{1,2}(?=[\s、。,.?？!！]|$)")


def converted_n(text: str) -> str:
    """The text with an input method's unconverted final 「n」 after kana read as 「ん」 (「ン」 after katakana)."""
    return _UNCONVERTED_N.sub(lambda m: "ン" if "\u30a1" <= text[m.start() - 1] <= "\u30fa" or
                              text[m.start() - 1] == "ー" else "ん", text)


# Regional and colloquial words for the genre's question words (「なんぼ」 of the Kansai and Hokkaido speech is 「いくら」;
# 「どんだけ」「どんくらい」 of the chat are 「どれだけ」「どれくらい」), read as the standard word the rules and the
# documents' readers know.
_REGIONAL = {"なんぼ": "いくら", "ナンボ": "いくら", "どんだけ": "どれだけ", "どんくらい": "どれくらい", "どんぐらい": "どれぐらい"}
_REGIONAL_WORD = re.compile("|".join(_REGIONAL))


def standard_words(text: str) -> str:
    """The text with regional question words in their standard form (「ひがい こうふきん なんぼ?」 -> 「…いくら?」)."""
    return _REGIONAL_WORD.sub(lambda m: _REGIONAL[m.group(0)], text)
