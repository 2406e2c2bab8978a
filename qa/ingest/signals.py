"""Counts that layout scores share, so that scores from different layouts compare on one yardstick."""

from __future__ import annotations

import re

from qa.ingest.amounts import AMOUNT_RE
from qa.ingest.lines import Line

# A figure grouped in thousands (「4,679,148」), as tables and ledgers write amounts without a unit.
GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")


def has_figure(line: Line) -> bool:
    """A line that carries a money figure: an amount with 円, or a bare figure grouped in thousands."""
    return bool(line.norm) and bool(AMOUNT_RE.search(line.norm) or GROUPED.search(line.norm))


def figure_lines(lines: list[Line]) -> int:
    """How many lines of a document carry a money figure (the denominator of every layout's coverage)."""
    return sum(1 for line in lines if has_figure(line))
