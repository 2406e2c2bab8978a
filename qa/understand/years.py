"""Fiscal years as people write them in questions: 2018年度, FY2018, H30, 平成三十年度, 令和元年度, 今年度, 前年度.

Absolute years are read with the documents' own grammar (`qa.ingest.years`, eras in `qa/ingest/data/eras.toml`);
relative ones are kept as words and resolved against the years the corpus covers.
"""

from __future__ import annotations

import re

from qa.ingest.years import ERA_YEAR, year_of

_WESTERN_LOOSE = re.compile(r"(?<![\d])(?P<before>fy|in|for)?\s*(?P<year>(?:19|20)\d{2})"
                            r"(?P<after>\s*年度?(?P<until>まで|\d{1,2}月)?)?", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s*\d{1,2}\s*月")
_RELATIVE = {"今年度": 0, "本年度": 0, "当年度": 0, "今年": 0, "ことし": 0, "this year": 0, "前年度": -1, "昨年度": -1, "去年": -1, "前年": -1,
             "last year": -1, "来年度": 1, "次年度": 1, "next year": 1}


def asked_years(text: str) -> set[int]:
    """Western fiscal years a question names (NFKC text); relative words are not included (see `relative_year`)."""
    years = set()
    for match in ERA_YEAR.finditer(text):
        if _MONTH_AFTER.match(text, match.end()):
            continue  # 「令和4年12月に」: a date
        year = year_of(match.group(0))
        if year is not None:
            years.add(year)
    for match in _WESTERN_LOOSE.finditer(text):
        # 「2018年度」「2018年の」「FY2018」「in 2018」 name a year; 「2020年までに」 is a goal's horizon and 「2022年12月から」
        # a date, not a year asked.
        if match.group("until") or not (match.group("after") or match.group("before")):
            continue
        years.add(int(match.group("year")))
    return years


def relative_year(text: str) -> int | None:
    """Offset a question names relative to the document's year: 今年度 0, 前年度 -1, 来年度 +1; None if none."""
    lowered = text.lower()
    return next((offset for word, offset in _RELATIVE.items() if word in lowered), None)
