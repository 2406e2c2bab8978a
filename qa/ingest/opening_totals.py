"""The tables of totals a document opens with, before its first program, read for any layout: a 予算の概要's
「前年度比較」 by 項 (「教育総務費　170,510　158,960　+11,550　+7.3％」 … 「教育費　計　2,300,460」), a 一部事務組合's 総括表
by 款 (「消防費」「衛生費」). Each row is a total (kind "total": never counted or ranked with the programs) with last
year's figure as its previous_year, so that 「教育費の総額は？」「中学校費は前の年より増えた？」 are answered from it.

The rows are read as `layouts.text_table` reads a table (a header naming its figure columns, a unit line); only
totals are kept, none that a layout already read (a row whose span overlaps a program's or total's), and none where
the layout read totals of its own before its first program (it read that part its own way).
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.ingest.layouts import text_table
from qa.ingest.lines import Line
from qa.ingest.models import Document, Program
from qa.ingest.vocabulary import compact


def opening_totals(doc: Document, lines: list[Line], programs: list[Program]) -> list[Program]:
    """The totals of the tables on the lines before the first program or priced item, not overlapping any of
    `programs`; [] when the document has none or no such table."""
    first = min((p.start for p in programs if p.has_budget_structure), default=None)
    if first is None or sum(p.kind == "total" and p.start < first for p in programs) >= 2:
        # (a layout that read a table of totals there read that part as it meant to: a 総括's 歳出 side, not its 歳入;
        # one total, the 項計 heading the first programs, is no such table)
        return []
    before = [ln if ln.end <= first else replace(ln, raw="", norm="", stripped="", end=ln.start) for ln in lines]
    # (a rule closing a page with its number, 「――――――　5」, is no row: a total's name holds a word)
    # (a table of totals compares the year with the last: a row without last year's figure is an area's own line,
    # 「港湾機能の強化　約５００億円」, which the layout reads as it means to)
    read = [p for p in text_table.table_programs(doc, before)
            if p.kind == "total" and p.budget is not None and p.budget.previous_year is not None
            and re.search(r"\w", p.title)]
    # (nor a row already read elsewhere: the size table's 一般会計 or 水道事業会計, `account_totals`')
    seen = {(compact(p.title), p.budget.yen) for p in programs if p.budget is not None}
    return [t for t in read if not any(p.start < t.end and t.start < p.end for p in programs)
            and (compact(t.title), t.budget.yen) not in seen]
