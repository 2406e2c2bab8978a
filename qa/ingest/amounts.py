"""Reading money figures (億円, 百万円, 千円, 万円, 円, 兆) into 億円, the unit budgets are compared in."""

from __future__ import annotations

import re

from qa.ingest.normalize import nfkc

# Value of one unit in 億円.
UNIT_OKU = {"兆円": 10_000.0, "億円": 1.0, "百万円": 0.01, "千万円": 0.1, "万円": 0.0001, "千円": 0.00001, "円": 1e-8}

NUMBER = r"\d[\d,]*(?:\.\d+)?"
AMOUNT = rf"(?:(?P<cho>{NUMBER})兆)?(?P<num>{NUMBER})?\s*(?P<unit>兆円|億円|千万円|百万円|万円|千円|円)"
AMOUNT_RE = re.compile(AMOUNT)


def to_oku(number: str | None, unit: str, cho: str | None = None) -> float | None:
    """Convert a written number and unit to 億円 (None when there is no number)."""
    if number is None and cho is None:
        return None
    value = 0.0
    if cho:
        value += float(cho.replace(",", "")) * UNIT_OKU["兆円"]
    if number:
        value += float(number.replace(",", "")) * UNIT_OKU[unit if not (cho and unit == "兆円") else "億円"]
    return round(value, 6)


def parse_amount(text: str) -> float | None:
    """The first amount in `text`, in 億円 ("1,234百万円" -> 12.34); None when there is none."""
    match = AMOUNT_RE.search(nfkc(text))
    if not match or not (match.group("num") or match.group("cho")):
        return None
    return to_oku(match.group("num"), match.group("unit"), match.group("cho"))


def format_oku(value: float) -> str:
    """Write a 億円 figure the way budget documents do (one decimal at least: 17.0億円, 12.34億円)."""
    text = f"{value:.2f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return f"{text}億円"


def as_written(text: str) -> str:
    """The first amount of a line as the document writes it, with its 億円 value when written in another unit.

    "令和5年度補正予算額 **1,234百万円**" -> "1,234百万円（12.34億円に換算）"; "25.0億円" stays as it is.
    """
    match = AMOUNT_RE.search(nfkc(text).replace("*", ""))
    if not match:
        return text.strip()
    written = match.group(0).strip()
    if match.group("unit") != "億円" and match.group("num"):
        value = to_oku(match.group("num"), match.group("unit"), match.group("cho"))
        if value is not None:
            return f"{written}（{format_oku(value)}に換算）"
    return written
