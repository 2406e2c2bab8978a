"""Many priced items per page (a national 予算の概要): 「○トマホークの取得（２，１１３億円）」 (`items.py`).

A prefecture's 補正予算の説明書 by columns too: 款・項 lines with 既決予算額 / 補正額 / 計 (`columns.py`) as totals and its
programs' categories, 「○…事業費（交通政策課）　補正額　286,000」 lines in the unit its legend states, its 総括's
歳出合計 as the document's total. A city's 補正予算の概要 that lists its items is read here too: 「１　○○事業　　12,345千円」 rows (△ a decrease), a name
wrapped onto its amount's line or over a labelled 「補正額　3,200千円」 line, 説明 / （財源） / （担当） lines under each,
「○○費　計」 and 歳出合計 lines as totals.
"""

from __future__ import annotations

from qa.ingest.columns import column_row, header_columns
from qa.ingest.items import (
    AREA_TOTAL,
    PRICED,
    ROW,
    bare_labelled_row,
    bare_row,
    is_subtotal,
    labelled_row,
    parse_items,
    reordered_row,
)
from qa.ingest.lines import Line
from qa.ingest.models import Document, Program
from qa.ingest.signals import figure_lines
from qa.ingest.vocabulary import unit_in

NAME = "priced_items"


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's figure lines that hold a priced item (name then amount in parentheses), a list row
    ending in an amount (「・子ども食堂支援事業　45,000千円」「１　○○事業　△2,640千円」), an area total or a subtotal
    (「総務費　計　228,100千円」), the labelled amount of a numbered name (「補正額　3,200千円」), a row with a bare figure
    labelled or set apart as the budget (「○…事業費（交通政策課）　補正額　286,000」) or a row of columns of a 補正予算の
    説明書 (「２款　総務費　38,215,400　484,600　38,700,000」 under 「既決予算額　補正額　計」), times min(1, items / 3)."""
    own = 0
    header = None
    for i, ln in enumerate(lines):
        if not ln.norm or (len(ln.norm) <= 30 and unit_in(ln.norm)):
            continue
        header = header_columns(ln.norm) or header
        if (PRICED.search(ln.norm) or ROW.match(ln.norm) or AREA_TOTAL.match(ln.norm) or is_subtotal(ln.norm)
                or labelled_row(lines, i) or bare_row(ln) or bare_labelled_row(lines, i)
                or column_row(ln.norm, header) or reordered_row(ln.norm)):
            own += 1
    if not own:
        return 0.0
    return round(min(1.0, own / max(1, figure_lines(lines))) * min(1.0, own / 3), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Priced items (kind "item") and area totals (kind "total")."""
    return parse_items(doc)
