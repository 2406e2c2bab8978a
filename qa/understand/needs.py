"""Everyday words for a need, read as the genre's own terms (`data/everyday.toml`): 「チラシ作ってお客さん増やしたい」
is what a 補正予算の概要 calls 販路開拓. Retrieval reads the terms beside the question."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from qa.ingest.normalize import nfkc
from qa.understand.vocabulary import either

_DATA = Path(__file__).parent / "data" / "everyday.toml"


@cache
def _needs() -> tuple[tuple[tuple[str, ...], tuple[re.Pattern[str], ...]], ...]:
    """(document words, everyday patterns) per entry, read once. Raises tomllib.TOMLDecodeError or re.error for a
    malformed data file."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return tuple((tuple(entry["wording"].split()), tuple(re.compile(p) for p in entry["patterns"]))
                 for entry in data["need"])


@cache
def _any_need() -> re.Pattern[str] | None:
    """Every entry's everyday patterns joined (`either`)."""
    return either([p for _, patterns in _needs() for p in patterns])


def need_terms(question: str) -> list[str]:
    """The document words of every need the question describes in everyday words, in the data file's order, each
    once; [] when it describes none. The question is read NFKC, lower-cased."""
    text = nfkc(question).lower()
    joined = _any_need()
    if joined is not None and not joined.search(text):
        return []  # most questions say no need in everyday words: one search, not one per pattern
    found: list[str] = []
    for words, patterns in _needs():
        if any(p.search(text) for p in patterns):
            found += [w for w in words if w not in found]
    return found
