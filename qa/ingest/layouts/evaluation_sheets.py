"""A city's 事務事業評価シート (administrative program evaluation sheets): one sheet a program, read as that program.

A sheet is a block of labelled cells (事業名, 事業番号, 所管部・課, 事業の目的, 対象, 手段・内容, 根拠法令…), a table
of the program's 事業費 over several years (in 千円 or 円), its 成果指標, the office's 評価 and 今後の方向性. Offices
write the cells 「事業名：…」, 「【事業名】…」, 「■成果指標」 over their lines, 「┃事務事業名┃…」 in a ruled table or
「事業名　　…」 set off by spaces; the labels are the vocabulary of data/evaluation_sheets.toml. A sheet opens at its
事業名 cell (with the lines of its own head above it: a rule of a box, 「シート番号：１」, 「■…評価シート No.3」) and runs
to the next sheet's head, or, for the last, to its last cell; a document that labels no 事業名 opens each sheet with
a banner, its number and name (「No.１　子育て世帯家賃補助事業」 between rules, 「【No.1】　…」), over its cells.

The budget is the figure of the table's 事業費 row (or column) in the column (or row) of this year's budget, found by
its words (本年度, 当初予算, 予算 as against 決算 and 見込), its era year (Ｒ９, 令和９年度) and the document's own
statement of which is which (「「本年度予算」は令和９年度当初予算額」), never by its position alone: the years run as
columns (「前年度決算（Ｒ８）｜本年度予算（Ｒ９）｜次年度見込（Ｒ１０）」) or as rows (「令和10年度　予算（本年度）」).
Where the one axis names the years alone and the other the kinds (「当初予算額」「予算現額」「事業費総額（決算額）」), a
cell is the year of the one and the kind of the other: this year's budget is then the 当初予算額 of the sheet's year,
even where the cost row is the 決算 and left blank for this year.
A sheet without a table may state it on a line (「本年度予算額：52,800千円」), or in its cost cell
(「事業費（当初予算額）：8,640千円（R9当初 7,920千円）」, last year's in the bracket after it), with its parts on lines of
their own (「うち交付金充当額：4,320千円」) as the budget's うち. The previous year's figure is the 前年度
column's when it is a budget or a settlement (予算 preferred where the sheet gives both, 決算 otherwise; its label
says which; an estimate 「決算見込」 is not taken). The labelled cells become the program's sections (目的, 対象,
事業内容, 成果目標 for 成果指標, 評価, 今後の方向性…, and the table's 事業費の推移 and 財源内訳), the 所管部・課 its
department, the 今後の方向性 (拡充/継続/縮小/廃止) and a 【新規】 beside the name its flags.

A town's 総合戦略 事業実施計画・評価シート一覧 is such a list of sheets set under the strategy's outline (「基本目標1　…」
over 「■ 施策1-1　…」, data/evaluation_sheets.toml [outline]): its headings become the programs' categories (outer first)
and close the sheet above them; a sheet numbered by its place in the outline (「［1-1-1］…事業」) opens with that banner;
a 【再掲】 sheet (「【再掲】○○事業（1-2-2参照）」, its cost 「（1-2-2に計上）」) is a repeat, never summed twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.items import PAGE_MARKER
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import nfkc, normalize, text_width, tidy_title
from qa.ingest.structure import finish_reading, program_id
from qa.ingest.vocabulary import (
    bare_unit,
    compact,
    figure,
    header_field,
    is_repeat,
    said_unit,
    strip_markers,
    unit_in,
    without_note,
)
from qa.ingest.years import era_name, year_of

NAME = "evaluation_sheets"
# A sheet's labelled cells are labelled lines of `field_blocks` too, and its 「本年度予算額：…」 a budget line of
# `program_pages`: this layout's signature (a 事業名 cell over a table of years) is the narrower one.
REFINES = ("field_blocks", "program_pages", "text_table")

_DATA = Path(__file__).resolve().parents[1] / "data" / "evaluation_sheets.toml"
# Vertical rules a ruled sheet divides its cells with (after NFKC: 「｜」 is 「|」).
_PIPES = "┃│|｜┆┇╎║"
# A line of a box's rules alone (「┏━━┓」「┣━━┳━━┫」「├──┼──┤」, a Markdown table's 「|---|---|」), or a line of
# dashes: it closes the cell above.
_BORDER = re.compile(r"^[\s┏┓┗┛┣┫┳┻╋━─┃│┠┨┯┷┿┼├┤┬┴┌┐└┘═╔╗╚╝╠╣╦╩╬║\-=＝_＿~〜・･*+|｜:]*$")
# A box's closing rule (「┗━━┛」): the last line of the sheet it closes.
_CLOSER = re.compile(r"[┗┛└┘╚╝]")
# A box's opening rule (「┏━━┓」).
_OPENER = re.compile(r"[┏┓┌┐╔╗]")
# A page's number alone (「- 3 -」「― 12 ―」「3 / 10」): page furniture.
_PAGE_NUMBER = re.compile(r"^[-‐―—ー－]?\s*\d{1,4}\s*[-‐―—ー－]?$|^\d{1,4}\s*/\s*\d{1,4}$")
# The document's statement of what a column means: 「「本年度予算」は令和９年度当初予算額」「「予算」は当初予算額である」.
_STATEMENT = re.compile(r"「(?P<term>[^「」]{1,15})」\s*(?:は|とは|:|=|＝)\s*(?P<rest>[^「」。、,，]{1,40})")
# A note in brackets after a department that says how to reach it (「（家庭支援係　内線２３４１）」): not its name.
_REACH_NOTE = re.compile(r"\s*[（(][^（）()]*(?:内線|電話|TEL|Tel|℡|直通|\d{2,})[^（）()]*[)）]")
_EXTENSION = re.compile(r"内線\s*(?P<ext>\d{2,6})")
# 「（続き）」「(つづき)」 after a title repeated on the next page.
# A word standing as a cell of its own in a grid row: a tab or two spaces before and after it (or the line's end).
_CELL_GAP = re.compile(r"(?:\t|[ \u3000]{2,})\s*(?P<word>[^\s]+)(?=\t|[ \u3000]{2,}|\s*$)")
_CONTINUED = re.compile(r"[(（\[【]?\s*(?:続き|つづき)\s*[)）\]】]?\s*$")
_MAX_HEAD = 4  # lines above a 事業名 cell that may be its sheet's head (a box's top, its title line, its number)
# A plain horizontal rule across the page (「━━━━」「════」「－－－－」), no box's corner in it: it divides two sheets
# (or frames a sheet's banner), so it is no part of the head of the sheet below it.
_PLAIN_RULE = re.compile(r"^[━─═＝=\-－―_＿~〜]{4,}$")


@cache
def _vocabulary() -> dict[str, Any]:
    """The parsed data/evaluation_sheets.toml (see its comments)."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


def _words(table: str, name: str) -> tuple[str, ...]:
    """A list of words of the vocabulary, compared compact (NFKC, no spaces)."""
    return tuple(compact(w) for w in _vocabulary()[table][name])


@cache
def _cell_fields() -> dict[str, tuple[str, str]]:
    """Compact label -> (field, section name)."""
    out: dict[str, tuple[str, str]] = {}
    for cell in _vocabulary()["cell"]:
        for label in cell["labels"]:
            out.setdefault(compact(label), (str(cell["field"]), str(cell["section"])))
    return out


def _label_pattern(labels: list[str]) -> re.Pattern[str]:
    """A labelled cell's opening over a line's NFKC text: rules and a mark before it, the label (spaced letters
    allowed) maybe with a note in brackets, its brackets, and what sets the value off (a colon, a rule, spaces)."""
    alternatives = "|".join(r"\s*".join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True))
    pipes = re.escape(_PIPES)
    return re.compile(
        rf"^(?P<lead>[\s{pipes}#*]*)(?:[■□◆◇●○◎▼▶◦]\s*)?(?P<open>[【\[<《〈〔(])?\s*(?P<label>{alternatives})"
        rf"\**\s*(?P<note>\([^()]{{0,20}}\))?\s*(?P<close>[】\]>》〉〕)])?(?P<sep>\s*:\s*|\s*[{pipes}]\s*|\s+|$)?")


@cache
def _labels() -> re.Pattern[str]:
    return _label_pattern(list(_cell_fields()))


@cache
def _title_labels() -> re.Pattern[str]:
    return _label_pattern([label for label, (name, _) in _cell_fields().items() if name == "title"])


@dataclass
class _Label:
    """A labelled cell's opening line: its field and section, the label as written, and where its value begins
    (document offsets; `value_start == value_end` when the value is on the lines below)."""

    field: str
    section: str
    label: str
    value_start: int
    value_end: int


def _label(line: Line, pattern: re.Pattern[str] | None = None) -> _Label | None:
    """The line as a cell's opening, or None."""
    folded, _ = line.folded
    match = (pattern or _labels()).match(folded)
    if match is None:
        return None
    bracketed = match.group("open") is not None
    if bracketed != (match.group("close") is not None):
        return None  # 「（成果指標」: a bracket opened and never closed is no label's
    set_off = match.group("sep") is not None or match.end() == len(folded) or folded[match.end() - 1].isspace()
    if not bracketed and not set_off:
        return None  # 「対象者数は…」: a label runs into other words
    name, section = _cell_fields()[compact(match.group("label"))]
    begin, end = match.end(), len(folded)
    while begin < end and (folded[begin].isspace() or folded[begin] in _PIPES):
        begin += 1
    if name in ("title", "department"):
        # 「事業名⇥子ども医療費助成事業⇥⇥⇥事業番号⇥03-01-02」: a sheet's grid row holds a second cell; a name ends
        # before the next label set off as a cell of its own (by a tab or a wide space on both sides)
        for cell in _CELL_GAP.finditer(folded, begin):
            if compact(cell.group("word")) in _cell_fields():
                end = cell.start()
                break
    while end > begin and (folded[end - 1].isspace() or folded[end - 1] in _PIPES):
        end -= 1
    value_start, value_end = line.span(begin, end) if end > begin else (line.span(begin, begin)[0],) * 2
    written = (match.group("label") + (match.group("note") or "")).strip()
    return _Label(name, section, written, value_start, value_end)


def _content(line: Line) -> tuple[int, int] | None:
    """The span of a line's text without its surrounding rules and spaces (document offsets); None when blank."""
    raw = line.raw
    begin, end = 0, len(raw)
    while begin < end and (raw[begin].isspace() or raw[begin] in _PIPES):
        begin += 1
    while end > begin and (raw[end - 1].isspace() or raw[end - 1] in _PIPES):
        end -= 1
    return (line.start + begin, line.start + end) if end > begin else None


def _furniture(line: Line) -> bool:
    """A line that closes the cell above it: blank, a rule, a page's marker or number."""
    text = line.norm
    return not text or bool(_BORDER.match(line.raw)) or bool(L.RULE_LINE.match(text.replace(" ", ""))) \
        or bool(PAGE_MARKER.match(text)) or bool(_PAGE_NUMBER.match(text)) or "\f" in line.raw


# --------------------------------------------------------------------------------------------------- the table


@dataclass
class _Token:
    """A piece of a table line: its text (document offsets) and the display columns of its box (the text's own
    extent, or, in a ruled line, the space between its rules)."""

    start: int
    end: int
    raw: str
    word: str  # compact NFKC
    left: int
    right: int
    cell: int = -1  # its place among a ruled line's cells (empty ones counted); -1 in a line set off by spaces

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def _tokens(line: Line) -> list[_Token]:
    """A table line's pieces: its ruled cells when it has two rules (or tabs) or more, else its runs of non-space."""
    raw = line.raw
    # (a sheet copied out of Excel separates its cells by tabs, empty cells too: a tab is a rule between two cells)
    rules = [i for i, ch in enumerate(raw) if ch in _PIPES or ch == "\t"]
    out: list[_Token] = []
    if len(rules) >= 2:
        bounds = [-1, *rules, len(raw)]
        for place, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            part = raw[a + 1:b]
            text = part.strip()
            if not text:
                continue
            at = a + 1 + (len(part) - len(part.lstrip()))
            out.append(_Token(line.start + at, line.start + at + len(text), text, compact(text),
                              text_width(raw[:a + 1]), text_width(raw[:b]), place))
        return out
    # (a colon sets a figure off its label as spaces do: 「本年度予算額：52,800千円」)
    for match in re.finditer(r"[^\s:：]+", raw):
        text = match.group()
        out.append(_Token(line.start + match.start(), line.start + match.end(), text, compact(text),
                          text_width(raw[:match.start()]), text_width(raw[:match.end()])))
    return out


def _value(token: _Token) -> tuple[Decimal | None, int | None] | None:
    """A table cell's figure: (bare figure, None), (None, yen) for one written with its unit (「52,800千円」), (None,
    None) for a dash standing for no figure; None for any other text."""
    bare = figure(token.word)
    if bare is not None:
        return bare, None
    written = AMOUNT_RE.fullmatch(token.word)
    if written is not None and (yen := amount_yen(written)) is not None:
        return None, yen
    if token.word in _words("figures", "none"):
        return None, None
    return None


@dataclass
class _Row:
    """A line of figures: its label's pieces and its figures' pieces."""

    line: int
    label: list[_Token]
    values: list[_Token]


def _figure_row(line: Line) -> _Row | None:
    """The line as a table row: a label, then figures (two at least, or one under a label of a year or a cost)."""
    tokens = _tokens(line)
    first = next((n for n, t in enumerate(tokens) if _value(t) is not None), None)
    if not first:
        return None  # no figure, or no label before it
    values = [t for t in tokens[first:] if _value(t) is not None]
    label = tokens[:first]
    text = "".join(t.word for t in label)
    if len(values) < 2 and _when(text) is None and _cost(text) is None:
        return None
    if "。" in text or len(text) > 40:
        return None  # a sentence holding figures
    return _Row(line.index, label, values)


@dataclass
class _When:
    """What a column (or row) of the table is: relative year (0 this year, -1 the one before…), kind (予算, 決算,
    見込) and Western fiscal year, each None when its words do not say; `initial` when said to be the 当初 budget."""

    relative: int | None
    kind: str | None
    year: int | None
    initial: bool = False


def _when(text: str) -> _When | None:
    """Which year and which kind of figure a header (or a row's label) names; None when it names neither."""
    word = compact(text)
    relative = None
    for name, value in (("before_previous", -2), ("previous", -1), ("next", 1), ("current", 0)):
        if any(w in word for w in _words("time", name)):
            relative = value
            break
    kind = None
    for name, value in (("estimate", "見込"), ("settlement", "決算"), ("budget", "予算")):
        if any(w in word for w in _words("time", name)):
            kind = value
            break
    year = year_of(nfkc(text))
    if relative is None and kind is None and year is None:
        return None
    return _When(relative, kind, year, any(w in word for w in _words("time", "initial")))


def _cost(text: str) -> str | None:
    """Whether a row's label (or a column's header) is the program's cost ("cost"), a total of its breakdown
    ("total") or a source of it ("source"); None otherwise."""
    word = re.sub(r"^(?:[・･]|うち)+", "", without_note(compact(text)))
    if word in _words("costs", "rows") or (word.startswith("事業費") and not re.search(r"推移|内訳|状況|人件費", word)):
        return "cost"
    if word in _words("costs", "totals"):
        return "total"
    if word in _words("costs", "sources") or header_field(word) == "source":
        return "source"
    return None


@dataclass
class _Entry:
    """One year's figure of the program's cost: the header (or row label) as written, what it is, the figure."""

    text: str
    when: _When
    value: _Token | None


@dataclass
class _Table:
    """The 事業費 table of a sheet: its lines, its entries by year, its unit, and the lines of its breakdown."""

    first: int  # line index of its heading (or header)
    last: int  # line index of its last row or note
    entries: list[_Entry]
    unit: tuple[str, int] | None
    sources: tuple[int, int] | None = None  # document span of its 財源内訳 rows (or of every row, years as rows)
    heading: str = ""


def _nearest(box: _Token, columns: list[_Token]) -> int:
    """The column a piece stands in: the one it overlaps, else the nearest by center."""
    def distance(n: int) -> tuple[int, float]:
        col = columns[n]
        gap = max(0, col.left - box.right, box.left - col.right)
        return gap, abs(col.center - box.center)
    return min(range(len(columns)), key=distance)


def _table(lines: list[Line], rows: list[_Row], floor: int, labels: dict[int, _Label | None],
           statements: list[tuple[str, _When]]) -> _Table | None:
    """The run of rows read as the program's 事業費 table, with its header lines above it; None when it is not
    one (no figure, no cost row or column, or no year to read). A row of dashes (a year before the program began)
    is a row of it all the same."""
    if not any(_value(t) != (None, None) for r in rows for t in r.values):
        return None
    top = rows[0].line
    header: list[Line] = []
    heading: Line | None = None
    i = top - 1
    while i >= floor and len(header) < 3:
        line = lines[i]
        if not line.norm or "。" in line.norm:
            break
        if _BORDER.match(line.raw):
            i -= 1
            continue
        if labels.get(i) is not None:
            heading = line if labels[i].field == "cost" else None
            if heading is not None and _cell_count(line) >= 3 and _cell_count(line) == _cell_count(lines[top]):
                # 「事業費の推移⇥（単位：千円）⇥⇥令和6年度決算⇥…」: the heading's own row of a grid heads the columns
                header.insert(0, line)
            break
        header.insert(0, line)
        i -= 1
    heads, grid = _columns(lines, rows, header)
    names = ["".join(t.raw for t in r.label) for r in rows]
    unit = next((u for line in ([heading] if heading else []) + header if (u := unit_in(line.norm) or bare_unit(line.norm))),
                None)
    unit = unit or next((u for h in heads if (u := bare_unit(h))), None)
    by_column = [(_placed(h, statements), h) for h in heads]
    by_row = [(_placed(n, statements), n) for n in names]
    kinds_of_rows = [_cost(n) for n in names]
    kinds_of_columns = [_cost(h) for h in heads]
    entries: list[_Entry] = []
    sources: tuple[int, int] | None = None
    dated_columns = [n for n, (w, _) in enumerate(by_column) if w is not None]
    dated_rows = [n for n, (w, _) in enumerate(by_row) if w is not None]
    cost_row = _first_cost(kinds_of_rows)
    cost_column = _first_cost(kinds_of_columns)
    if dated_columns and cost_row is not None and len(dated_columns) >= len(dated_rows):
        for n in dated_columns:
            when, text = by_column[n]
            entries.append(_Entry(text, _joined(when, by_row[cost_row][0]), grid[cost_row][n]))
            entries += [_Entry(f"{text}{names[r]}", _joined(when, by_row[r][0]), grid[r][n])
                        for r in _budget_lines(by_row, kinds_of_rows, when)]
        owned = [r for r, k in zip(rows, kinds_of_rows, strict=True) if k == "source"]
        if owned:
            sources = (lines[owned[0].line].start, lines[owned[-1].line].end)
    elif dated_rows and cost_column is not None:
        for n in dated_rows:
            when, text = by_row[n]
            entries.append(_Entry(text, _joined(when, by_column[cost_column][0]), grid[n][cost_column]))
            entries += [_Entry(f"{text}{heads[c]}", _joined(when, by_column[c][0]), grid[n][c])
                        for c in _budget_lines(by_column, kinds_of_columns, when)]
        if "source" in kinds_of_columns:
            sources = (lines[rows[0].line].start, lines[rows[-1].line].end)
    elif dated_rows and dated_columns and cost_row is None and cost_column is None:
        # 「予算額｜決算額」 rows under 「令和７年度｜令和８年度」 columns (or years as rows, kinds as columns): a cell is
        # the year of one and the kind of the other, and the table is the cost alone
        for i in dated_rows:
            for j in dated_columns:
                (row, name), (column, head) = by_row[i], by_column[j]
                text = f"{head}{name}" if column is not None and column.year is not None else f"{name}{head}"
                entries.append(_Entry(text, _joined(row, column), grid[i][j]))
    elif dated_rows and not header and all(len(r.values) == 1 for r in rows):
        # 「本年度予算額：52,800千円」「前年度決算額：48,210千円」: the cost stated year by year on lines of its own
        for n in dated_rows:
            when, text = by_row[n]
            entries.append(_Entry(text, when, rows[n].values[0]))
    if not entries:
        return None
    first = heading.index if heading is not None else (header[0].index if header else top)
    return _Table(first, rows[-1].line, entries, unit, sources, heading.raw.strip() if heading is not None else "")


def _budget_lines(named: list[tuple[_When | None, str]], kinds: list[str | None], year: _When) -> list[int]:
    """The rows (or columns) besides the cost's that are a budget of the year the other axis names, when that one
    names the year alone: 「当初予算額」「予算現額」 rows under 「令和６年度｜令和７年度｜令和８年度」 columns, the cost row
    being the 決算 (「事業費総額（決算額）」) and this year's column giving the 当初予算額 alone."""
    if year.kind is not None:
        return []
    return [n for n, (when, _) in enumerate(named)
            if when is not None and when.kind == "予算" and when.year is None and kinds[n] is None]


def _joined(a: _When | None, b: _When | None) -> _When:
    """What a cell is from its row's words and its column's: each says what the other leaves unsaid."""
    a, b = a or _When(None, None, None), b or _When(None, None, None)
    return _When(a.relative if a.relative is not None else b.relative, a.kind or b.kind, a.year or b.year,
                 a.initial or b.initial)


def _cell_count(line: Line) -> int:
    """How many cells a ruled line has (empty ones counted); 0 for a line without two rules."""
    rules = sum(1 for ch in line.raw if ch in _PIPES or ch == "\t")
    return rules + 1 if rules >= 2 else 0


def _columns(lines: list[Line], rows: list[_Row], header: list[Line]) -> tuple[list[str], list[list[_Token | None]]]:
    """The table's columns of figures: each one's header text (its header lines' pieces above it joined) and each
    row's figure in it (None where the row has none).

    Ruled lines with as many cells each (a Markdown table, whose rules stand wherever its text ends) are matched
    cell by cell; lines aligned by display columns (spaces, or rules set one under the other) piece by piece, a
    figure to the column it overlaps or stands nearest, right-aligned or not.
    """
    counts = {_cell_count(line) for line in [*header, *(lines[r.line] for r in rows)]}
    if header and len(counts) == 1 and 0 not in counts:
        places = sorted({t.cell for r in rows for t in r.values})
        first = places[0]
        heads = ["".join(t.raw for line in header for t in _tokens(line) if t.cell == p) for p in places]
        grid = [[next((t for t in r.values if t.cell == p), None) for p in places] for r in rows]
        if all(t.cell < first for r in rows for t in r.label):
            return heads, grid
    columns = max((r.values for r in rows), key=len)
    boundary = max((t.right for r in rows for t in r.label), default=0)
    heads = [""] * len(columns)
    for line in header:
        for token in _tokens(line):
            overlaps = any(min(token.right, c.right) > max(token.left, c.left) for c in columns)
            if token.right <= boundary and not overlaps:
                continue  # 「区分」「年度・区分」: the header of the rows' labels
            heads[_nearest(token, columns)] += token.raw
    grid = []
    for row in rows:
        cells: list[_Token | None] = [None] * len(columns)
        for token in row.values:
            n = _nearest(token, columns)
            if cells[n] is None:
                cells[n] = token
        grid.append(cells)
    return heads, grid


def _first_cost(kinds: list[str | None]) -> int | None:
    """The row (or column) of the program's cost: the first 事業費, else the first total of its breakdown."""
    for wanted in ("cost", "total"):
        if wanted in kinds:
            return kinds.index(wanted)
    return None


def _statements(lines: list[Line]) -> list[tuple[str, _When]]:
    """The document's statements of what its columns are (「「本年度予算」は令和９年度当初予算額」), longest term first."""
    found: dict[str, _When] = {}
    for line in lines:
        for match in _STATEMENT.finditer(line.norm):
            when = _when(match.group("rest"))
            if when is not None:
                found.setdefault(compact(match.group("term")), when)
    return sorted(found.items(), key=lambda kv: -len(kv[0]))


def _placed(text: str, statements: list[tuple[str, _When]]) -> _When | None:
    """What a header (or a row's label) names, filled from the document's statement of a term it holds (the year
    and kind it leaves unsaid, whether it is the 当初 budget); None when neither says anything."""
    when = _when(text)
    word = compact(text)
    said = next((w for term, w in statements if term and term in word), None)
    if said is None:
        return when
    if when is None:
        return said
    return _When(when.relative if when.relative is not None else said.relative, when.kind or said.kind,
                 when.year or said.year, when.initial or said.initial)


def _has_figure(entry: _Entry) -> bool:
    """Whether an entry's cell holds a figure (not a dash for a year without one, nor no cell)."""
    return entry.value is not None and _value(entry.value) not in (None, (None, None))


def _choose(entries: list[_Entry], sheet_year: int | None) -> tuple[_Entry | None, _Entry | None]:
    """This year's budget and last year's figure among a table's entries (None where none is one).

    This year's is the 本年度 entry, else the entry of the sheet's year, that is a budget (or says no kind); failing
    both, the one entry that is a budget. Last year's is the entry of the year before (前年度, or its era year) that is
    a budget or a settlement, the budget preferred; an estimate (決算見込) is not taken.
    """
    said_year = next((e.when.year for e in entries if e.when.relative == 0 and e.when.year), None) or sheet_year
    budgets = ("予算", None)
    current = [e for e in entries if e.when.kind in budgets
               and (e.when.relative == 0 or (said_year is not None and e.when.year == said_year
                                             and e.when.relative in (None, 0)))]
    current.sort(key=lambda e: (e.when.relative != 0, e.when.kind != "予算", not _has_figure(e), not e.when.initial))
    if not current:
        alone = [e for e in entries if e.when.kind == "予算" and e.when.relative in (None, 0)]
        current = alone if len(alone) == 1 else []
    if not current:
        return None, None
    chosen = current[0]
    year = chosen.when.year or said_year
    before = [e for e in entries if e is not chosen and e.when.kind in ("予算", "決算", None)
              and (e.when.relative == -1 or (year is not None and e.when.year == year - 1
                                             and e.when.relative in (None, -1)))]
    before.sort(key=lambda e: {"予算": 0, "決算": 1}.get(e.when.kind or "", 2))
    return chosen, (before[0] if before else None)


# -------------------------------------------------------------------------------------------------------- sheets


@dataclass
class _Cell:
    """A labelled cell: its label and the spans of its value's pieces (one a line)."""

    label: _Label
    pieces: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Sheet:
    """One program's sheet: its lines (first and last index), cells in order, its table, its line entries."""

    first: int
    title_line: int
    last: int
    cells: list[_Cell]
    table: _Table | None
    year: int | None
    categories: list[str] = field(default_factory=list)  # the outline's headings over it, outer first


def _sheets(doc: Document, lines: list[Line]) -> list[_Sheet]:
    """The document's sheets in order, each opened by a 事業名 cell."""
    titles = _titles(doc, lines)
    if not titles:
        return []
    labels: dict[int, _Label | None] = {line.index: _label(line) if line.norm else None for line in lines}
    labels.update(titles)  # a banner's name is its sheet's 事業名 cell
    statements = _statements(lines)
    doc_year = year_of(doc.period or doc.title)
    heads = [_head(lines, t, labels) for t in titles]
    outline = _outline(lines, labels, bannered=not any(_label(lines[t], _title_labels()) for t in titles))
    sheets = []
    for n, title in enumerate(titles):
        bound = heads[n + 1] - 1 if n + 1 < len(titles) else len(lines) - 1
        first = heads[n]
        # a heading of the outline between this sheet and the next closes this one (「■ 施策1-2　…」, 「２　集計」)
        bound = next((i - 1 for i in sorted(outline) if title < i <= bound), bound)
        if any(_OPENER.search(lines[i].raw) for i in range(first, title + 1)):
            # a sheet drawn as a box ends with the box (a contact line under the last box is the document's own)
            bound = next((i for i in range(title + 1, bound + 1) if _CLOSER.search(lines[i].raw)), bound)
        over: dict[int, str] = {}
        for i in sorted(outline):
            if i > title:
                break
            level, text = outline[i]
            if level >= 0:
                over = {k: v for k, v in over.items() if k < level}
                over[level] = text
        rows = _rows(lines, title + 1, bound)
        # the first table that gives this year's budget (a table of 成果指標 by year may stand above it)
        tables = [t for run in rows if (t := _table(lines, run, title + 1, labels, statements)) is not None]
        year = next((y for line in lines[first:title] if (y := year_of(line.norm))), None) or doc_year
        table = next((t for t in tables if _choose(t.entries, year)[0] is not None), tables[0] if tables else None)
        cells, last = _cells(lines, title, bound, labels, table)
        if last + 1 < len(lines) and last + 1 <= bound and _CLOSER.search(lines[last + 1].raw):
            last += 1  # 「┗━━┛」 closing the sheet's box
        sheets.append(_Sheet(first, title, last, cells, table, year, [over[k] for k in sorted(over)]))
    return sheets


@cache
def _outline_pattern() -> re.Pattern[str]:
    """A heading of a strategy's outline over NFKC text: a mark, one of data/evaluation_sheets.toml [outline] levels'
    words, its number (「1」「1-1」「Ⅱ」「①」) in brackets or not, what sets the name off, and the name."""
    words = [w for level in _vocabulary()["outline"]["levels"] for w in level]
    alternatives = "|".join(re.escape(compact(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^[\s■□◆◇●○◎▼▶◦]*[【\[<《〈〔(]?\s*(?P<word>{alternatives})\s*"
                      rf"(?P<number>\d{{1,2}}(?:\s*[-‐－.・]\s*\d{{1,2}}){{0,2}}|[IVXⅠ-Ⅻ]{{1,4}}|[①-⑳]|[一二三四五六七八九十]{{1,3}})"
                      rf"\s*[】\]>》〉〕)]?\s*[.、:]?\s*(?P<name>[^\s\d].*)$")


def _outline(lines: list[Line], labels: dict[int, _Label | None], bannered: bool) -> dict[int, tuple[int, str]]:
    """The outline's headings (line index -> (level, 0 outermost, the heading as written)). A document whose sheets
    open with banners closes a sheet at a numbered heading of its own too (「２　基本目標別の集計」 at the line's start
    under a blank line), as level -1: no category, only a bound."""
    levels = [[compact(w) for w in level] for level in _vocabulary()["outline"]["levels"]]
    out: dict[int, tuple[int, str]] = {}
    for n, line in enumerate(lines):
        if not line.norm or labels.get(n) is not None:
            continue
        folded, _ = line.folded
        match = _outline_pattern().match(folded)
        if match is not None and "。" not in match.group("name") and len(match.group("name")) <= 60:
            word = compact(match.group("word"))
            level = next(k for k, words in enumerate(levels) if word in words)
            out[n] = (level, normalize(folded.strip(" \u3000■□◆◇●○◎▼▶◦")))
        elif bannered and n and not lines[n - 1].norm and re.match(r"^\d{1,2}(?:\s|[.、](?!\d))\s*\S", nfkc(line.raw)):
            out[n] = (-1, "")
    return out


def _clean_title(text: str) -> str:
    """A sheet's name without a note after it (「※施策2-1にも掲載」) nor the reference of a 【再掲】 to the sheet it
    repeats (「（1-2-2参照）」): data/evaluation_sheets.toml [outline] notes and references."""
    table = _vocabulary()["outline"]
    for mark in table["notes"]:
        at = text.find(mark)
        if at > 0:
            text = text[:at]
    refs = "|".join(re.escape(w) for w in sorted(table["references"], key=len, reverse=True))
    text = re.sub(rf"\s*[(（][^()（）]*[\dIVXⅠ-Ⅻ①-⑳][^()（）]*(?:{refs})[^()（）]*[)）]\s*$", "", text.strip())
    return text.strip()


def _said_amount(text: str, unit: tuple[str, int] | None) -> tuple[int, str, int, int] | None:
    """The first amount of a cell's value: (yen, as written, offsets in `text`), written with its unit
    (「8,640千円」「12,345,000円」) or a bare figure in the sheet's unit; None when the cell gives none (「―（交付金の充当
    なし）」「（1-2-2に計上）」)."""
    folded = nfkc(text)
    if len(folded) != len(text):
        return None  # (NFKC changed the length: offsets would not hold; the forms seen keep it)
    for match in re.finditer(rf"{AMOUNT_RE.pattern}|(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?![\d.,])|(?<![\d.,])\d+(?![\d.,%])",
                             folded):
        if match.group(0).endswith("円"):
            yen = amount_yen(match)
            if yen is not None:
                return yen, match.group(0).strip(), match.start(), match.end()
            continue
        before = folded[max(0, match.start() - 3):match.start()]
        after = folded[match.end():match.end() + 2]
        if unit is None or re.search(r"[RHr令和年度No.第\-‐－]$", before) or re.match(r"[年月日度%人件回か]", after):
            continue  # 「R9」「令和9年度」「(1-2-2」: a year or a reference, no amount
        bare = figure(compact(match.group(0)))
        if bare is not None and not re.match(r"[-‐－]\d", folded[match.end():match.end() + 2]):
            return int((bare * unit[1]).to_integral_value()), f"{match.group(0)}{unit[0]}", match.start(), match.end()
    return None


def _labelled_amounts(text: str, unit: tuple[str, int] | None) -> list[tuple[int, str, int, int, _When | None]]:
    """Every amount of a cost cell's value with what the words before it (since the amount before) say it is:
    (yen, as written, offsets in `text`, its `_when`)."""
    out: list[tuple[int, str, int, int, _When | None]] = []
    at = 0
    while (found := _said_amount(text[at:], unit)) is not None:
        yen, written, a, b = found
        out.append((yen, written, at + a, at + b, _when(text[at:at + a])))
        at += b
    return out


def _cost_notes(lines: list[Line]) -> tuple[int | None, bool, _When | None]:
    """What a list of sheets' notes say of its costs: the year of the budget (a note on the cost 「・事業費は令和10年度
    当初予算額（単位：千円）。」, else the first opening line to name one year, not the strategy's period 「（令和7年度〜
    令和11年度）」 of its title), whether it is the 当初 budget, and what a bracket after the figure is (「（　）内は令和9年度
    当初予算額」「［　］内は前年度当初予算額」「（　）書きは前年度当初予算」)."""
    costs = _words("costs", "rows")
    year, initial, bracketed = None, False, None
    for line in lines[:60]:
        word = compact(line.norm)
        if year is None and any(f"{c}は" in word for c in costs) and "予算" in word \
                and (year := year_of(line.norm)) is not None:
            initial = any(w in word for w in _words("time", "initial"))
        said = re.search(r"[(（\[［〔][\s　]*[)）\]］〕](?:書き|内|の数字|の金額)?(?:は|:)(?P<rest>[^。]{1,30})", line.norm)
        if bracketed is None and said is not None:
            bracketed = _when(said.group("rest"))
    if year is None:
        year = next((y for line in lines[:15] if line.norm and not re.search(r"[〜～~]", line.norm)
                     and (y := year_of(line.norm)) is not None), None)
    return year, initial, bracketed


def _line_budget(doc: Document, lines: list[Line], sheet: _Sheet, unit: tuple[str, int] | None) -> Budget | None:
    """This year's budget stated in the sheet's cost cell, for a sheet without a table of years (a 総合戦略's list:
    「事業費（当初予算額）：8,640千円（R9当初 7,920千円）」): its first amount, last year's the amount in a bracket after
    it that names a year, the 「うち交付金充当額」 cells (or lines of the cost cell that open with うち) its parts."""
    cost = next((c for c in sheet.cells if c.label.field == "cost" and c.pieces), None)
    if cost is None:
        return None
    start, end = cost.pieces[0]
    text = doc.text[start:end]
    note = compact(cost.label.label)
    unit = bare_unit(cost.label.label) or unit
    labelled = _labelled_amounts(text, unit)
    if not labelled:
        return None
    yen, written, a, b = labelled[0][:4]  # its first amount
    said_year, said_initial, bracketed = _cost_notes(lines)
    year = year_of(cost.label.label) or said_year or sheet.year
    kind = "当初" if any(w in note for w in _words("time", "initial")) or said_initial else ""
    previous = None
    # 「令和５年度決算 17,650　令和６年度予算 17,900」: figures each labelled by what it is; this year's budget is the one
    # labelled a budget, the settled figure before it last year's (a sheet of the year after its programs ran)
    settled = next((f for f in labelled if f[4] is not None and f[4].kind == "決算"), None)
    budgeted = next((f for f in labelled if f[4] is not None and f[4].kind == "予算"), None)
    if settled is not None and budgeted is not None and settled is labelled[0]:
        yen, written, a, b = budgeted[:4]
        year = budgeted[4].year or year
        when = settled[4]
        if when.relative == -1 or (year and when.year == year - 1):
            previous = Amount(yen=settled[0], text=settled[1], label=normalize(text[:settled[2]]).strip(),
                              fiscal_year=when.year or (year - 1 if year else None), budget_kind="前年度",
                              start=start + settled[2], end=start + settled[3])
    parts: list[Amount] = []
    # the brackets right after the figure: last year's (「（R9当初 7,920千円）」「［前年度 0円］」, or a bare figure the notes
    # say is last year's: 「7,200（6,000）」 under 「（　）書きは前年度当初予算」) and a part (「（うち交付金 4,320千円）」)
    at = b
    while (bracket := re.match(r"\s*[(（\[［〔](?P<inner>[^()（）\[\]［］〔〕]+)[)）\]］〕]", nfkc(text[at:]))) is not None:
        inner, o = bracket.group("inner"), at + bracket.start("inner")
        found = _said_amount(text[o:at + bracket.end("inner")], unit)
        when = _when(inner) or bracketed
        if found is not None and inner.lstrip().startswith("うち"):
            parts.append(Amount(yen=found[0], text=found[1], label=normalize(inner[:found[2]]).rstrip(" :："),
                                fiscal_year=year, budget_kind=kind, start=start + o + found[2], end=start + o + found[3]))
        elif previous is None and found is not None and when is not None \
                and (when.relative == -1 or (year and when.year == year - 1)):
            previous = Amount(yen=found[0], text=found[1], label=normalize(inner[:found[2]]).strip(),
                              fiscal_year=when.year or (year - 1 if year else None), budget_kind="前年度",
                              start=start + o + found[2], end=start + o + found[3])
        at += bracket.end()
    # the parts on lines of their own: 「うち交付金充当額」 cells, and lines of the cost cell that open with うち or name a
    # grant before their figure (「うち ○○交付金　3,600」「デジタル田園都市国家構想交付金　2,000千円」)
    lines_of_parts = [(c.label.label, c.pieces[0]) for c in sheet.cells if c.label.field == "part" and c.pieces]
    lines_of_parts += [("", p) for p in cost.pieces[1:] if nfkc(doc.text[p[0]:p[1]]).lstrip().startswith("うち")
                       or any(w in compact(doc.text[p[0]:p[1]]) for w in _words("outline", "grants"))]
    for label, (p, q) in lines_of_parts:
        part = _said_amount(doc.text[p:q], unit)
        if part is not None:
            label = label or normalize(doc.text[p:p + part[2]]).rstrip(" :：")
            parts.append(Amount(yen=part[0], text=part[1], label=normalize(label), fiscal_year=year,
                                budget_kind=kind, start=p + part[2], end=p + part[3]))
    return Budget(yen=yen, text=normalize(text), amount_text=written, label=normalize(cost.label.label),
                  year=era_name(year) if year else "", fiscal_year=year, budget_kind=kind,
                  start=start + a, end=start + b, previous_year=previous, uchi=parts)


def _titles(doc: Document, lines: list[Line]) -> dict[int, _Label]:
    """The lines that open the document's sheets, each with its 事業名 cell (line index -> cell, in order).

    A sheet opens at its 事業名 cell. Not one: the header of a table of programs (「事業名　　所管課　　予算額」, its
    value more labels), nor a sheet's title repeated over the rest of it after a page break (「事業名：…（続き）」).
    A document without such cells opens each sheet with its name as a banner (`_banners`: 「No.１　子育て世帯…事業」
    between two rules, 「■シートNo.３　…事業」): the name is the sheet's 事業名 cell then.
    """
    out: dict[int, _Label] = {}
    previous = ""
    for line in lines:
        label = _label(line, _title_labels()) if line.norm else None
        if label is None:
            continue
        value = doc.text[label.value_start:label.value_end]
        # (a header's title word is no evidence: 「子ども医療費助成事業」 holds 事業 as every program's name does, and a
        # header row's value after its 事業名 is the other columns' names, 所管課, 予算額)
        if sum(1 for w in value.split() if compact(w) in _cell_fields() or header_field(w) not in (None, "title")) >= 2:
            continue
        name = compact(_CONTINUED.sub("", nfkc(value)))
        if name and name == previous:
            continue
        out[line.index] = label
        previous = name
    return out or _banners(lines)


def _plain_rule(line: Line) -> bool:
    """A line of a horizontal rule alone (「━━━━」「════」), no box's corner in it."""
    text = line.norm.replace(" ", "")
    return bool(L.RULE_LINE.match(text) or _PLAIN_RULE.match(text))


@cache
def _banner_number() -> re.Pattern[str]:
    """A sheet's number before its name on a banner line (data/evaluation_sheets.toml [opener] numbers): 「No.１」
    「【No.3】」「シート番号：2」「(4)」「5.」, with the bracket or mark around it and what sets the name off."""
    words = "|".join(re.escape(compact(w)) for w in sorted(_vocabulary()["opener"]["numbers"], key=len, reverse=True))
    return re.compile(rf"^[■□◆◇●○◎▼▶\s]*[【\[<《〈〔(]?\s*(?:(?:{words})\s*[:.]?\s*)?\d{{1,3}}(?:\s*[-‐－]\s*\d{{1,3}}){{0,3}}"
                      rf"\s*[】\]>》〉〕)]?\s*[.、:]?\s*(?=[^\s\d.、:)）】\]])")


def _banners(lines: list[Line]) -> dict[int, _Label]:
    """Sheets opened by their name as a banner, for a document that labels no 事業名 cell: a line that numbers a
    sheet and names it (「No.１　子育て世帯家賃補助事業」) with a plain rule or a blank line right above it and a
    labelled cell within the next few lines (its sheet's first cells: 「【基本情報】」 then 「事業コード：…」). The
    name is the line after its number (document offsets), as a 事業名 cell of the sheet."""
    labels = {line.index: _label(line) for line in lines if line.norm}
    out: dict[int, _Label] = {}
    for n, line in enumerate(lines):
        if not line.norm or labels.get(n) is not None and labels[n].field != "sheet":
            continue
        folded, _ = line.folded
        number = _banner_number().match(folded)
        if number is not None and folded[number.end() - 1].isdigit():
            # a number run into the words after it is part of them (「第２子保育料無償化事業」「第3回…」), no sheet's
            # number: a banner sets its number off by a space, a bracket or a stop (「No.１　…」「【No.1】…」「5.…」)
            number = None
        rest = folded[number.end():].strip() if number else ""
        if not rest or "。" in rest or len(rest) > 60 or _value_like(rest):
            continue
        above = lines[n - 1] if n else None
        if above is not None and above.norm and not _plain_rule(above):
            continue  # a numbered line inside a block (「１．見守り協力事業者との協定」): no banner
        below = [i for i in range(n + 1, min(len(lines), n + 1 + _MAX_HEAD)) if labels.get(i) is not None]
        if not below:
            continue
        begin = number.end() + (len(folded) - number.end() - len(folded[number.end():].lstrip()))
        end = len(folded.rstrip())
        start, stop = line.span(begin, end)
        # the section's heading is the sheet's number as written (「No.1」)
        written = folded[:number.end()].strip(" \u3000■□◆◇●○◎▼▶【】[]<>《》〈〉〔〕()")
        out[n] = _Label("title", _cell_fields()[compact(_title_word())][1], written, start, stop)
    return out


def _value_like(text: str) -> bool:
    """Text that is a figure or a date rather than a name (「2,400千円」「令和８年度」)."""
    return figure(compact(text)) is not None or bool(AMOUNT_RE.fullmatch(compact(text))) or bool(
        re.fullmatch(r"[\d,.\s年月日度]+", text))


def _title_word() -> str:
    """The first label of the 事業名 cell (its section's name is the banner's)."""
    return next(c["labels"][0] for c in _vocabulary()["cell"] if c["field"] == "title")


def _head(lines: list[Line], title: int, labels: dict[int, _Label | None]) -> int:
    """The first line of the sheet whose 事業名 cell is at `title`: the lines of its head right above it (a box's
    top and title line, 「シート番号：１」), up to a blank line, a plain rule or another cell."""
    first = title
    for i in range(title - 1, max(-1, title - 1 - _MAX_HEAD), -1):
        line = lines[i]
        label = labels.get(i)
        if not line.norm or _plain_rule(line) or _CLOSER.search(line.raw) \
                or PAGE_MARKER.match(line.norm) or (label is not None and label.field != "sheet"):
            break
        first = i
    return first


def _rows(lines: list[Line], begin: int, end: int) -> list[list[_Row]]:
    """Runs of consecutive figure rows between two lines (inclusive)."""
    runs: list[list[_Row]] = []
    current: list[_Row] = []
    for i in range(begin, end + 1):
        row = _figure_row(lines[i]) if lines[i].norm else None
        if row is not None:
            current.append(row)
        elif current and lines[i].norm and _cell_count(lines[i]) >= 3 \
                and _cell_count(lines[i]) == _cell_count(lines[current[-1].line]):
            continue  # 「⇥うち地方債⇥⇥⇥⇥」: a grid's row with its cells empty stays inside its table
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _cells(lines: list[Line], title: int, bound: int, labels: dict[int, _Label | None],
           table: _Table | None) -> tuple[list[_Cell], int]:
    """A sheet's cells from its 事業名 cell to `bound`, and the index of its last line that a cell or its table
    holds. A line without a label continues the cell above it, until a blank line, a rule or a page's furniture;
    the table's lines (and the notes under it) are its own."""
    cells: list[_Cell] = []
    current: _Cell | None = None
    last = title
    i = title
    while i <= bound:
        line = lines[i]
        if table is not None and table.first <= i <= table.last:
            current, last = None, max(last, table.last)
            i = table.last + 1
            while i <= bound and (span := _content(lines[i])) is not None \
                    and lines[i].raw.strip(" \u3000" + _PIPES).startswith(("※", "注", "(注")):
                table.last, last = i, i  # 「※地方債は緊急防災・減災事業債…」 under the table: a note of it
                i += 1
            continue
        label = labels.get(i)
        if label is not None:
            current = _Cell(label)
            if label.value_end > label.value_start:
                current.pieces.append((label.value_start, label.value_end))
            cells.append(current)
            last = i
        elif _furniture(line):
            current = None
        elif current is not None and (span := _content(line)) is not None:
            current.pieces.append(span)
            last = i
        i += 1
    return cells, last


# ------------------------------------------------------------------------------------------------------ programs


def _unit(lines: list[Line], sheet: _Sheet, said: tuple[str, int] | None) -> tuple[str, int] | None:
    """The unit of the sheet's bare figures: its table's, a unit line of the sheet, else the document's."""
    if sheet.table is not None and sheet.table.unit is not None:
        return sheet.table.unit
    return next((u for line in lines[sheet.first:sheet.last + 1] if (u := unit_in(line.norm))), None) or said


def _amount_of(entry: _Entry, unit: tuple[str, int] | None) -> tuple[int | None, str] | None:
    """(yen, the figure as an answer quotes it) of an entry's figure; None when it has none (a dash, no cell)."""
    if entry.value is None:
        return None
    value = _value(entry.value)
    if value is None or value == (None, None):
        return None
    bare, yen = value
    if yen is not None:
        return yen, entry.value.raw
    if bare is None:
        return None
    if unit is None:
        return None, entry.value.raw
    return int((bare * unit[1]).to_integral_value()), f"{entry.value.raw}{unit[0]}"


def _budget(sheet: _Sheet, unit: tuple[str, int] | None) -> Budget | None:
    """The sheet's budget (this year's figure of its 事業費) with last year's figure; None when the table names no
    column of this year's budget or leaves it empty."""
    if sheet.table is None:
        return None
    current, previous = _choose(sheet.table.entries, sheet.year)
    if current is None or current.value is None:
        return None
    read = _amount_of(current, unit)
    if read is None:
        return None
    yen, written = read
    year = current.when.year or sheet.year
    kind = "当初" if current.when.initial else ""
    before = None
    if previous is not None and previous.value is not None and (old := _amount_of(previous, unit)) is not None:
        before = Amount(yen=old[0], text=previous.value.raw, label=normalize(previous.text),
                        fiscal_year=previous.when.year or (year - 1 if year else None), budget_kind="前年度",
                        start=previous.value.start, end=previous.value.end)
    return Budget(yen=yen, text=current.value.raw, amount_text=written, label=normalize(current.text),
                  year=era_name(year) if year else "", fiscal_year=year, budget_kind=kind,
                  start=current.value.start, end=current.value.end, previous_year=before)


def _text(doc: Document, pieces: list[tuple[int, int]]) -> str:
    return " ".join(normalize(doc.text[a:b]) for a, b in pieces)


def _sections(doc: Document, cells: list[_Cell]) -> list[Section]:
    """The cells as sections: cells of one section in a row are one (「【評価】」 and 「評価の理由：…」), its pieces one
    span where only a line break, spaces or the next cell's label stand between them (so quoted lines are read
    whole), else one section a piece (a ruled cell's lines, whose rules stand between its pieces)."""
    merged: list[tuple[str, str, list[tuple[int, int]]]] = []
    for cell in cells:
        if merged and merged[-1][0] == cell.label.section:
            merged[-1][2].extend(cell.pieces)
        else:
            merged.append((cell.label.section, cell.label.label, list(cell.pieces)))
    sections = []
    for name, heading, pieces in merged:
        groups: list[list[int]] = []
        for a, b in pieces:
            between = doc.text[groups[-1][1]:a] if groups else ""
            if groups and between.count("\n") <= 1 and not any(ch in _PIPES for ch in between):
                groups[-1][1] = b
            else:
                groups.append([a, b])
        sections += [Section(name=name, heading=heading, start=a, end=b) for a, b in groups]
    return sections


def _direction(text: str) -> list[str]:
    """The 今後の方向性 a cell states, as a flag: the ticked word where the sheet prints every choice with a box
    (「□拡充　■継続　□縮小」), else the first word of the vocabulary in it (「廃止（県事業へ統合）」 is 廃止)."""
    table = _vocabulary()["direction"]
    words = sorted((compact(w) for w in table["flags"]), key=len, reverse=True)
    ticked, unticked = set(table["ticked"]), set(table["unticked"])
    word = compact(text)
    found: list[tuple[int, str, str]] = []
    taken: set[int] = set()
    for w in words:
        for match in re.finditer(re.escape(w), word):
            if match.start() in taken:
                continue
            taken.update(range(match.start(), match.end()))
            found.append((match.start(), w, word[match.start() - 1] if match.start() else ""))
    found.sort()
    chosen = [w for _, w, mark in found if mark in ticked] or [w for _, w, mark in found if mark not in unticked][:1]
    canonical = table.get("canonical", {})
    return [canonical.get(w, w) for w in chosen[:1]]


def _contacts(doc: Document, cells: list[_Cell], department: str) -> list[Contact]:
    """The phone (or extension) that the department and contact cells give, as the program's contact."""
    for cell in cells:
        if cell.label.field not in ("department", "contact") or not cell.pieces:
            continue
        start, end = cell.pieces[0][0], cell.pieces[-1][1]
        text = nfkc(doc.text[start:end])
        phone = L.PHONE.search(text)
        extension = _EXTENSION.search(text)
        if phone is not None:
            number = re.sub(r"\s|[‐－−―]", lambda m: "" if m.group().isspace() else "-", phone.group())
            after = extension is not None and extension.start() > phone.end()
            return [Contact(dept=department, phone=number, extension=extension.group("ext") if after else None,
                            start=start, end=end)]
        if extension is not None:
            return [Contact(dept=department, phone=f"内線{extension.group('ext')}", start=start, end=end)]
    return []


def _program(doc: Document, lines: list[Line], sheet: _Sheet, unit: tuple[str, int] | None) -> Program | None:
    """A sheet as a program; None when its 事業名 cell is empty."""
    title_cell = next(c for c in sheet.cells if c.label.field == "title")
    if not title_cell.pieces:
        return None
    name, flags = strip_markers(_text(doc, title_cell.pieces))
    title = tidy_title(_clean_title(name))
    if not title:
        return None
    fields = {c.label.field: c for c in reversed(sheet.cells) if c.pieces}  # the first cell of each field
    department = ""
    if "department" in fields:
        department = normalize(_REACH_NOTE.sub("", _text(doc, fields["department"].pieces[:1])))
    category = normalize(_text(doc, fields["plan"].pieces[:1])) if "plan" in fields else None
    categories = [category] if category else list(sheet.categories)
    category = category or (categories[-1] if categories else None)
    if "direction" in fields:
        flags += [f for f in _direction(_text(doc, fields["direction"].pieces)) if f not in flags]
    elif "evaluation" in fields:
        # 「評価⇥今後の方向性⇥拡充⇥⇥（拡充／継続／縮小／廃止）」: the direction is a cell inside the 評価 cell's rows
        said = nfkc(_text(doc, fields["evaluation"].pieces))
        labels = sorted((w for w, (f, _) in _cell_fields().items() if f == "direction"), key=len, reverse=True)
        inner = next((m for w in labels if (m := re.search(re.escape(w) + r"[\s:：]*([^\n]*)", said))), None)
        if inner is not None:
            flags += [f for f in _direction(inner.group(1)) if f not in flags]
    budget = _budget(sheet, unit) or _line_budget(doc, lines, sheet, unit)
    sections = _sections(doc, sheet.cells)
    if budget is not None:
        sections.append(Section(name="予算額", heading=budget.label, start=budget.start, end=budget.end))
    table = sheet.table
    if table is not None:
        top, bottom = _content(lines[table.first]), _content(lines[table.last])
        sections.append(Section(name="事業費の推移", heading=table.heading,
                                start=top[0] if top else lines[table.first].start,
                                end=bottom[1] if bottom else lines[table.last].end))
        if table.sources is not None:
            sections.append(Section(name="財源内訳", heading="財源内訳", start=table.sources[0], end=table.sources[1]))
    sections.sort(key=lambda s: s.start)
    first, last = lines[sheet.first], lines[sheet.last]
    start = first.start + len(first.raw) - len(first.raw.lstrip())
    end = last.start + len(last.raw.rstrip())
    return Program(id=program_id(doc.name, f"{title}:{sheet.title_line}"), title=title, document=doc.name,
                   start=start, end=end, budget=budget, flags=flags, department=department or None,
                   category=category, categories=categories, repeat=is_repeat(flags),
                   contacts=_contacts(doc, sheet.cells, department), sections=sections)


def _repeated(doc: Document, sheet: _Sheet) -> bool:
    """Whether a sheet is a 【再掲】 of another (its name marked so): it states no budget of its own."""
    title = next(c for c in sheet.cells if c.label.field == "title")
    return bool(title.pieces) and is_repeat(strip_markers(_text(doc, title.pieces))[1])


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's sheets (事業名 cells; a 【再掲】 sheet, which states no budget, left out) whose 事業費
    table gives this year's budget, or whose cost cell does in a sheet that evaluates (an 評価 or 成果指標/KPI cell:
    a list of labelled blocks 「事業名：…」「事業費（千円）：…」 that evaluates nothing is `field_blocks`'), times
    min(1, such sheets / 2): a single sheet is weaker evidence; 0 without a sheet."""
    sheets = [s for s in _sheets(doc, lines) if not _repeated(doc, s)]
    if not sheets:
        return 0.0
    said = said_unit(line.norm for line in lines)
    priced = sum(1 for s in sheets if (s.table is not None and _choose(s.table.entries, s.year)[0] is not None)
                 or (any(c.label.field in ("evaluation", "indicator") for c in s.cells)
                     and _line_budget(doc, lines, s, _unit(lines, s, said)) is not None))
    return round(priced / len(sheets) * min(1.0, priced / 2), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a sheet, in document order."""
    said = said_unit(line.norm for line in lines)
    programs = []
    for sheet in _sheets(doc, lines):
        program = _program(doc, lines, sheet, _unit(lines, sheet, said))
        if program is not None:
            programs.append(program)
    return finish_reading(doc, programs, "sheet(s)")
