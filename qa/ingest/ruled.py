"""Tables printed in fixed-width text with their columns divided by vertical rules (「│」「┃」「｜」「|」), as a town's
予算に関する説明書 prints its ledger: 「　　１ 一般管理費  182,845  149,512  33,333 │ １ 報酬  1,980 │ ・職員人件費  118,402」.

A reader of text aligned with spaces reads such a line once its rules are blanks; a rule also says exactly where a
column begins, which spaces alone leave to guessing (a 説明 line beside an empty 節 cell, a wrapped 目 name under
its 目). This module finds the table's rules (a rule character standing at one display column on several lines, a
position or two off where an ambiguous-width character such as △ was counted otherwise) and gives each line with
its rules blanked (same length: offsets into the document stay exact), with where each rule stood and, for a column
named in the table's header (the 説明 column of a ledger), where that column begins on the line.

Lines without rules at the table's columns (a page header, prose with a stray 「|」) are given as they are. A Markdown
table (「| a | b |」 with a 「|---|」 row) is not this: its readers split its cells (`ledger.unframed`) first.

Written here: no library reads a text table from its rule characters while keeping offsets into the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from qa.ingest.lines import Line
from qa.ingest.normalize import normalize, text_width

# Vertical rules: box drawing (light, heavy, dashed), full-width and ASCII bars.
RULES = "│┃｜|┆┇┊┋╎╏"
MIN_RULED_LINES = 4  # lines with a rule at one column, at the least, for that column to be the table's
SLACK = 2  # display columns a line's rule may stand off its column (an ambiguous-width 「△」 counted 1 or 2 before it)


@dataclass
class RuledLine(Line):
    """A line of a ruled table with its rules blanked in `raw` and `norm`.

    `cuts` are the offsets in `raw` where its rules stood, `columns` the table column (display position of the
    table's rule) each stood at, and `opens` the offset in `raw` where the column named in `unruled` begins (the
    character after its rule; -1 when the line has no rule there).
    """

    cuts: tuple[int, ...] = ()
    columns: tuple[int, ...] = ()
    opens: int = -1


def _rule_positions(raw: str) -> list[tuple[int, int]]:
    """(offset, display column) of each rule character of a line."""
    return [(i, text_width(raw[:i])) for i, ch in enumerate(raw) if ch in RULES]


def rule_columns(lines: list[Line]) -> list[int]:
    """The display columns where the table's rules stand: positions holding a rule on at least MIN_RULED_LINES
    lines, positions within SLACK of each other counted as one (the most used of them named)."""
    counts: dict[int, int] = {}
    for line in lines:
        for _, col in _rule_positions(line.raw):
            counts[col] = counts.get(col, 0) + 1
    columns: list[int] = []
    for col in sorted(counts, key=lambda c: -counts[c]):
        if any(abs(col - c) <= SLACK for c in columns):
            continue
        total = sum(n for c, n in counts.items() if abs(c - col) <= SLACK)
        if total >= MIN_RULED_LINES:
            columns.append(col)
    return sorted(columns)


def _column_of(label: re.Pattern[str], lines: list[Line], columns: list[int]) -> int | None:
    """The table column (its rule's display column) that opens the column a header line names with `label`: the
    nearest rule left of the label on the first ruled line that holds it; None without such a header."""
    for line in lines:
        found = label.search(line.raw)
        if found is None or not _rule_positions(line.raw):
            continue
        at = text_width(line.raw[:found.start()])
        before = [c for c in columns if c < at]
        return before[-1] if before else None
    return None


def unruled(lines: list[Line], label: re.Pattern[str] | None = None) -> list[Line]:
    """The lines with the table's rules blanked (`RuledLine`, same offsets and length), the others as they are; the
    lines unchanged when the document has no ruled table.

    Args:
        lines: a document's lines, in order.
        label: the header label of a column whose start each line should give (`RuledLine.opens`), e.g. 説明.
    """
    columns = rule_columns(lines)
    if not columns:
        return lines
    named = _column_of(label, lines, columns) if label is not None else None
    out: list[Line] = []
    for line in lines:
        cuts, where = [], []
        for offset, col in _rule_positions(line.raw):
            near = next((c for c in columns if abs(c - col) <= SLACK), None)
            if near is not None:
                cuts.append(offset)
                where.append(near)
        if not cuts:
            out.append(line)
            continue
        chars = list(line.raw)
        for offset in cuts:
            chars[offset] = " "
        raw = "".join(chars)
        opens = next((offset + 1 for offset, col in zip(cuts, where, strict=True) if col == named), -1)
        kept = {f.name: getattr(line, f.name) for f in fields(Line)}
        kept.update(raw=raw, norm=normalize(raw), stripped=normalize(raw))
        out.append(RuledLine(**kept, cuts=tuple(cuts), columns=tuple(where), opens=opens))
    return out
