"""Text normalisation used only for matching and tokenising; quoted text always stays as written."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}A-Za-z0-9])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[A-Za-z0-9])")


_CIRCLED = re.compile("[\u2460-\u2473]")


def nfkc(text: str) -> str:
    """NFKC with invisible and bidi-control characters dropped (they only hide text from matching).

    Circled numbers (①) are kept: documents use them as markers that plain digits would blur.
    """
    text = _INVISIBLE.sub("", text)
    parts = _CIRCLED.split(text)
    marks = _CIRCLED.findall(text)
    out = unicodedata.normalize("NFKC", parts[0])
    for mark, part in zip(marks, parts[1:], strict=True):
        out += mark + unicodedata.normalize("NFKC", part)
    return out


def normalize(text: str) -> str:
    """NFKC, markdown emphasis removed, whitespace collapsed: the form every matcher compares."""
    text = nfkc(text).replace("**", "").replace("__", "")
    return _SPACES.sub(" ", text).strip()


def tidy_title(text: str) -> str:
    """Drop layout spaces between Japanese and Latin text ("AI システム" -> "AIシステム")."""
    return _SPACE_BETWEEN.sub("", normalize(text))


def key(text: str) -> str:
    """A comparison key: normalised, without spaces or punctuation, lower case."""
    text = normalize(text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def common_run(a: str, b: str) -> int:
    """Length of the longest common substring (dynamic programming; the strings are short names)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


def overlap(a: str, b: str) -> float:
    """Share of the shorter key covered by the longest common substring of two keys."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return 0.0
    if ka in kb or kb in ka:
        return 1.0
    return common_run(ka, kb) / min(len(ka), len(kb))
