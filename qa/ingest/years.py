"""Fiscal years and budget kinds from the labels documents put on amounts.

「令和5年度補正予算額」 -> (2023, 補正); 「令和７年度概算要求額」 -> (2025, 概算要求); 「令和2年度第二次補正」 ->
(2020, 第2次補正); 「平成三十年度」「H30」「2018年度」 -> 2018. The era table lives in `data/eras.toml`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kanjize import kanji2number

from qa.ingest.normalize import nfkc

_DATA = Path(__file__).parent / "data" / "eras.toml"


@cache
def eras() -> dict[str, int]:
    """Era name or abbreviation -> the Western year before its first year (令和 -> 2018, so 令和1 = 2019)."""
    table = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    out: dict[str, int] = {}
    for era in table["era"]:
        for name in [era["name"], *era.get("abbreviations", []), *era.get("readings", [])]:
            out[name] = era["first_year"] - 1
    return out


def _era_pattern() -> re.Pattern[str]:
    names = sorted(eras(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    # Not inside a Latin designation: 「UH60J」「SH60L」 hold 「H60」, no year.
    return re.compile(rf"(?<![A-Za-zＡ-Ｚａ-ｚ])(?P<era>{alternatives})\s*"
                      rf"(?P<year>\d{{1,2}}|元|[〇一二三四五六七八九十]{{1,3}})(?![\dA-Za-zＡ-Ｚａ-ｚ])\s*(?:年度?)?")


ERA_YEAR = _era_pattern()
WESTERN_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年度")
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"概算要求|要求額"), "概算要求"),
    (re.compile(r"第\s*(?P<n>[\d一二三四五六七八九]+)\s*次\s*補正"), "第{n}次補正"),
    (re.compile(r"補正"), "補正"),
    (re.compile(r"前年度|昨年度"), "前年度"),
    (re.compile(r"当初|予算案?の概要|予算額|予算案"), "当初"),
]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(kanji2number(text))


def year_of(text: str) -> int | None:
    """The fiscal year a label names, as a Western year (「令和元年度」 -> 2019, 「H30」 -> 2018, 「2018年度」 -> 2018)."""
    text = nfkc(text)
    match = ERA_YEAR.search(text)
    if match:
        year = match.group("year")
        # Abbreviations need a digit right after them (「H30」); a bare capital H is not an era.
        if len(match.group("era")) == 1 and not year[0].isdigit():
            return None
        return eras()[match.group("era")] + (1 if year == "元" else _number(year))
    western = WESTERN_YEAR.search(text)
    return int(western.group("year")) if western else None


def kind_of(text: str) -> str:
    """The budget kind a label names: 当初, 補正, 第N次補正, 概算要求, 前年度; "" when it names none."""
    text = nfkc(text)
    for pattern, kind in _KINDS:
        match = pattern.search(text)
        if match:
            n = match.groupdict().get("n")
            return kind.format(n=_number(n) if n else "")
    return ""


@dataclass(frozen=True)
class FiscalLabel:
    """A fiscal year and budget kind, each possibly unknown."""

    year: int | None
    kind: str


def label_of(label: str, fallback: str = "") -> FiscalLabel:
    """Year and kind of an amount's label, filled from a fallback (the document title) where the label is silent.

    A 前年度 label without its own year is one year before the fallback's year; a bare 補正 label (「補正額」) takes
    the fallback's 第N次補正 of the same year.
    """
    year, kind = year_of(label), kind_of(label)
    base_year, base_kind = year_of(fallback), kind_of(fallback)
    if year is None and base_year is not None:
        year = base_year - 1 if kind == "前年度" else base_year
    if kind == "補正" and base_kind.endswith("次補正") and year == base_year:
        kind = base_kind  # a 「補正額」 column of a 第2次補正 document is of that 補正
    return FiscalLabel(year=year, kind=kind or base_kind)


def era_name(year: int) -> str:
    """A Western fiscal year written in the current era: 2023 -> 令和5年度, 2019 -> 令和元年度, 2017 -> 平成29年度."""
    table = tomllib.loads(_DATA.read_text(encoding="utf-8"))["era"]
    for era in sorted(table, key=lambda e: -e["first_year"]):
        if year >= era["first_year"]:
            n = year - era["first_year"] + 1
            return f"{era['name']}{'元' if n == 1 else n}年度"
    return f"{year}年度"
