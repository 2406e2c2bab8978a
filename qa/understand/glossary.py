"""English words of the genre -> the Japanese the documents use (`data/glossary.en.tsv`).

BM25 and program-name matching find nothing in Japanese documents for "AI chip program"; appending the Japanese
(「チップ」「事業」) lets them help the dense model instead of voting for noise. Acronyms (AI, IT) stay as written.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "glossary.en.tsv"


@cache
def glossary() -> list[tuple[re.Pattern[str], str]]:
    """(word-boundary pattern of the English, Japanese) pairs, longest English first."""
    pairs = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, japanese = line.partition("\t")
        if english.strip() and japanese.strip():
            pairs.append((english.strip().lower(), japanese.strip()))
    pairs.sort(key=lambda p: -len(p[0]))
    return [(re.compile(rf"\b{re.escape(e)}\b", re.IGNORECASE), j) for e, j in pairs]


def translate_terms(text: str) -> str:
    """The question with the Japanese of every glossary word it uses appended (unchanged when none)."""
    found: list[str] = []
    rest = text
    for pattern, japanese in glossary():
        if pattern.search(rest):
            found.append(japanese)
            rest = pattern.sub(" ", rest)  # 「small business」 is not also 「business」
    return f"{text} {' '.join(dict.fromkeys(found))}" if found else text
