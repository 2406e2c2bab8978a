"""A 概算要求 deck's budget written as a two-column table: a row of labels over a row of figures.

Offices draw a program's request and last year's budget side by side, boxed or not::

    ┌──────────────┬──────────────┐        （単位：千円）
    │ 令和10年度要求・要望額 │ 令和９年度予算額 │        要求・要望額　　　前年度予算額
    ├──────────────┼──────────────┤        86,400            72,000
    │      4,800百万円 │  －（新規）     │
    └──────────────┴──────────────┘

`column_budget` reads such a label row as one budget line 「令和10年度要求・要望額 4,800百万円（令和9年度予算額 －）」
that `structure.find_anchors` reads as any other. Label words and the words of a previous-year column are data in
data/vocabulary.toml [request_decks]. (`overviews_as_totals` makes a deck's overview slide a total.) A summary slide's table (a title cell before the figures of each row) is no
such table: its rows are the programs' slides' figures again, never programs of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.lines import Line
from qa.ingest.models import Budget, Program
from qa.ingest.normalize import key
from qa.ingest.vocabulary import compact, figure, unit_in, vocabulary

# Box-drawing edges (┌─┬─┐ ├─┼─┤ └─┴─┘, double and heavy lines too): a frame's border, no text.
_BOX_EDGE = re.compile(r"^[\u2500-\u257f\s]+$")
# A figure cell that says there was none (「－」「－（新規）」「皆増」「新規」).
_NONE_CELL = re.compile(r"^[－ー―‐\-−]?\s*[（(]?\s*(?:新規|皆増|皆減|なし)?\s*[)）]?$")
# How many lines above a label row a unit declaration (「（単位：千円）」) of its slide may stand.
_UNIT_REACH = 3
# How many lines under a label row its figures may stand (a rule of the box between them).
_FIGURE_REACH = 3


def box_edge(line: Line) -> bool:
    """Whether a line is only a box's border (「┌──┐」「├──┼──┤」): passed over when looking for a title."""
    return bool(line.norm) and bool(_BOX_EDGE.match(line.norm))


@cache
def _label_pattern(kind: str = "label_words") -> re.Pattern[str]:
    """A label cell whose word is one of the [request_decks] list `kind` (request_words: the request's column)."""
    table = vocabulary()["request_decks"]
    words = "|".join(map(re.escape, sorted(table[kind], key=len, reverse=True)))
    qualifiers = "|".join(map(re.escape, sorted(table["label_qualifiers"], key=len, reverse=True)))
    return re.compile(rf"^[【\[［]?\s*(?:(?:令和|平成)\s*(?:\d{{1,2}}|元)\s*年度|(?:19|20)\d{{2}}\s*年度)?\s*"
                      rf"(?:{qualifiers})?\s*(?:{words})\s*[】\]］]?\s*(?:[（(][^（）()]{{1,8}}[)）])?$")


def _cells(line: Line) -> list[str]:
    """The line's non-empty cells, normalised (a box's outer verticals give empty ones)."""
    return [c.norm.strip() for c in line.cells if c.norm.strip()]


def _label_row(line: Line) -> list[str] | None:
    """The cells of a row whose first two are budget labels, this year's then last year's (an 増減 column may
    follow), or None."""
    cells = _cells(line)
    if not 2 <= len(cells) <= 4 or not _label_pattern("request_words").match(cells[0]) \
            or not _label_pattern().match(cells[1]):
        return None
    previous = vocabulary()["request_decks"]["previous_words"]
    if any(w in cells[0] for w in previous):
        return None  # the first column is this year's request ...
    if not any(w in cells[1] for w in previous) and "年度" not in cells[1]:
        return None  # ... and the second last year's (「前年度予算額」「令和９年度予算額」); 「増減」 may follow
    return cells


def _unit_above(lines: list[Line], i: int) -> tuple[str, int] | None:
    """The unit a slide declares for its table on a short line just above its label row (「（単位：千円）」)."""
    seen = 0
    for j in range(i - 1, -1, -1):
        if not lines[j].norm:
            continue
        if "単位" in lines[j].norm and len(lines[j].norm) <= 30 and (unit := unit_in(lines[j].norm)):
            return unit
        seen += 1
        if seen >= _UNIT_REACH:
            return None
    return None


def _figure_text(cell: str, unit: tuple[str, int] | None) -> str | None:
    """A figure cell as an amount with its unit (「4,800百万円」, 「86,400」 under 千円 -> 「86,400千円」), 「－」 when it
    says there was none, None when it is no figure."""
    match = AMOUNT_RE.fullmatch(cell.replace(" ", ""))
    if match and amount_yen(match) is not None:
        return cell
    if figure(cell) is not None and re.fullmatch(r"[\d,.]+", compact(cell)):
        return f"{cell}{unit[0]}" if unit else None
    return "－" if _NONE_CELL.match(cell) and cell else None


@dataclass
class ColumnBudget:
    """A label row read with its figures: the budget line's text and the figure row's index."""

    norm: str
    figures_line: int


def column_budget(lines: list[Line], i: int) -> ColumnBudget | None:
    """Line i as a row of labels over a row of figures: 「{label} {figure}（{label} {figure}）」, or None.

    The figures stand in the first line with words under it (box borders passed over, at most _FIGURE_REACH lines
    down), one per label, each with its unit or in the unit declared just above the labels.
    """
    labels = _label_row(lines[i])
    if labels is None:
        return None
    unit = _unit_above(lines, i)
    for j in range(i + 1, min(len(lines), i + 1 + _FIGURE_REACH)):
        if not lines[j].norm or box_edge(lines[j]) or lines[j].separator == "rule":
            continue  # a box's border, a Markdown table's |---|---| row
        cells = _cells(lines[j])
        if len(cells) != len(labels):
            return None
        figures = [_figure_text(c, unit) for c in cells[:2]]
        if figures[0] is None or figures[1] is None or figures[0] == "－":
            return None
        strip = "【】[]［］ "
        text = f"{labels[0].strip(strip)} {figures[0]}（{labels[1].strip(strip)} {figures[1]}）"
        return ColumnBudget(norm=text, figures_line=j)
    return None


def widen(budget: Budget, lines: list[Line], at: int, columns: ColumnBudget) -> None:
    """A budget read from a label row (line `at`) spans its figures row too and quotes the figure as written."""
    figures = lines[columns.figures_line]
    budget.end = figures.start + len(figures.raw.rstrip(" \u3000│┃|｜"))
    budget.text = "\n".join(ln.raw.strip() for ln in lines[at:columns.figures_line + 1] if ln.norm)
    first = next((c for c in figures.cells if c.norm.strip()), None)
    if first is not None:
        budget.amount_text = first.raw.strip()


def part_of_above(norm: str) -> bool:
    """A bracketed line of a part or a breakdown of the figure above (「（うち要望額 1,200百万円）」「（要求額 1,000百万円
    ＋要望額 500百万円）」): the program's own figure, never a program's budget line."""
    text = norm.lstrip("│┃|｜ ")
    if re.match(r"[（(<＜【\[]\s*うち", text):
        return True
    return bool(re.fullmatch(r"[（(].*\d.*[+＋].*\d.*[)）]", text))


@cache
def _overview_words() -> tuple[str, ...]:
    return tuple(vocabulary()["request_decks"]["overview_titles"])


def names_overview(title: str) -> bool:
    """Whether a slide title names the request as a whole (「令和９年度概算要求の全体像」): its figure is a total."""
    return any(key(w) in key(title) for w in _overview_words())


def overviews_as_totals(programs: list[Program]) -> None:
    """A program read from a deck's overview slide (「令和９年度概算要求の全体像」 over the bureau's 要求・要望額) is the
    request's total (kind "total"), no program; a deck's slides are its programs only when they name one."""
    for program in programs:
        if program.kind == "program" and program.budget is not None and names_overview(program.title):
            program.kind = "total"
