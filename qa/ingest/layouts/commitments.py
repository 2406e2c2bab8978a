"""A budget's 継続費・債務負担行為・地方債に関する調書: three tables of what the budget commits beyond its year.

A prefecture (or a city) annexes them to its budget, each under a heading naming its kind (「第1  継続費に関する調書」
「■ 債務負担行為調書」「第3  地方債に関する調書」):

- 継続費: 事業名, 総額, the 年度割 by year (one line per year under the 事業, or one column per year), 財源;
- 債務負担行為: 事項, 期間, 限度額, 前年度末までの支出見込額, 当該年度以降の支出予定額, 財源 (「※」 or 「（注2）」 for a
  限度額 a note defines instead);
- 地方債: 起債の目的, 限度額, 起債の方法, 利率, 償還の方法 (often one merged cell wrapped down the whole table), then
  the balances by purpose (前年度末現在高 / 当該年度中増減見込 / 当該年度末現在高見込) in a table of its own.

Each row of a table with a title column and an amount column (総額, 限度額) is a program: its title, its amount (the
budget; none for a 「※」), the table's kind as its category (a numbered group inside, 「2  令和10年度に設定するもの」,
after it), and every other cell a section named by its column's header (「事業期間」「財源」「利率」「年割額（令和10年度）」).
A table without an amount column (継続費の財源内訳 by 事業, the 現在高 by 目的) adds its cells to the programs it names;
its rows that name none (借入先別, 利率別) are kept as totals of the kind (never summed). 合計/小計 rows are totals.
Notes under a table (「（注）2  東雲警察署庁舎建設事業は、…完了する予定である。」) and a list of descriptions after it
(「◆ 概要」 over 「ア 西峰県議会議事堂改修事業」 and its lines) are sections of the programs they name.

Tables drawn with ｜, tabs or spaces (a header over two lines, cells lined up by display column) are read alike; the
words are data/commitments.toml's, with the shared vocabulary's units and totals.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest import layout as L
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Budget, Document, Program, Section
from qa.ingest.normalize import key, normalize, text_width, tidy_title
from qa.ingest.signals import has_figure
from qa.ingest.structure import finish_reading, program_id
from qa.ingest.vocabulary import (
    bare_unit,
    compact,
    figure,
    is_grand_total,
    is_total,
    strip_markers,
    unit_in,
    vocabulary,
    without_note,
)
from qa.ingest.years import label_of

NAME = "commitments"
# The least share of a document's figure lines the tables' rows must hold for the document to be a 調書.
MIN_SHARE = 0.5

_DATA = Path(__file__).resolve().parents[1] / "data" / "commitments.toml"

# A group heading inside a table (「1  前年度以前に議決を経たもの」「（2）令和10年度に設定するもの」「ア …」「【新規設定分】」):
# its rows' sub-category, never a wrapped name.
_GROUP = re.compile(r"^(?:\d{1,2}[\s.．、)）]|[（(]\s*\d{1,2}\s*[)）]|[ア-ン][\s.．、]|[①-⑳]|第\s*\d|[■□◆◇●○【\[<〈《])")
# A marker opening an item of a list of descriptions (「ア 西峰県議会議事堂改修事業」「(1) …」「・…」).
_ITEM = re.compile(r"^(?:[ア-ン][\s.．、]|[（(]\s*(?:\d{1,2}|[ア-ン])\s*[)）]|\d{1,2}[\s.．、)）]|[①-⑳]|[・●○◆◇■□])\s*")
# A bracketed note closing a name in a list (「新西峰県消防学校整備事業（R10設定）」): the name is before it.
_CLOSING_NOTE = re.compile(r"\s*[（(][^（）()]{1,12}[)）]\s*$")


@cache
def _vocabulary() -> dict[str, Any]:
    """The parsed data/commitments.toml (see its comments)."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _year_cell() -> re.Pattern[str]:
    return re.compile(_vocabulary()["years"]["pattern"])


@cache
def _row_number() -> re.Pattern[str]:
    """A row's number before its name (data/commitments.toml [row_numbers])."""
    return re.compile(_vocabulary()["row_numbers"]["pattern"])


# An office alone in brackets (「（総務部 管財課）」「(教育委員会)」).
_BRACKETED = re.compile(r"^[（(]\s*(?P<office>[^（）()]{2,30}?)\s*[)）]$")


def _office(text: str) -> str | None:
    """The office a line names alone in brackets (「（総務部 管財課）」 -> 「総務部 管財課」), or None: its words end as
    an office does (data/vocabulary.toml [ledger] department_endings, data/commitments.toml [departments])."""
    match = _BRACKETED.match(text.strip())
    if match is None:
        return None
    office = match.group("office")
    endings = (*vocabulary()["ledger"]["department_endings"], *_vocabulary()["departments"]["endings"])
    return office if compact(office).endswith(endings) else None


def _unnumbered(cells: list[Cell]) -> list[Cell]:
    """A title's cells without the row's number before the name (「 1 北嶺県立図書館…」 -> 「北嶺県立図書館…」)."""
    if not cells:
        return cells
    first = cells[0]
    match = _row_number().match(first.raw)
    if match is None or match.end() >= len(first.raw):
        return cells
    raw = first.raw[match.end():]
    return [Cell(first.start + match.end(), first.end, raw, normalize(raw)), *cells[1:]]


@dataclass
class Column:
    """One column of a table: its section name, its header as written (a group's words before the column's own),
    its role (amount, title, department, period, year; None for any other), and its display columns (space tables)."""

    name: str
    heading: str
    role: str | None
    begin: int = 0
    end: int = 0


@dataclass
class Table:
    """A table of one kind: its header's columns, how its lines are split, the unit of its bare figures, and the
    heading just above it (its caption: 「2  地方債の前年度末における現在高…」)."""

    kind: str
    caption: str
    separator: str
    framed: bool
    columns: list[Column]
    unit: tuple[str, int] | None

    def role(self, role: str) -> int | None:
        """The index of the first column with this role, or None."""
        return next((i for i, c in enumerate(self.columns) if c.role == role), None)


@dataclass
class Record:
    """A row of a table read over its lines: each line's cells by column index, what qualifies the line's figures
    (its year in a 継続費 table that writes one year per line, or 「うち…」), and the group heading it stands under."""

    table: Table
    lines: list[tuple[Line, dict[int, list[Cell]], str]]
    group: str | None
    total: bool = False
    lead: list[Cell] = field(default_factory=list)
    title_cells: list[Cell] = field(default_factory=list)
    label: str = ""  # a total's words (「合計」「小計」), a 「うち」 line's
    office: Cell | None = None  # an office in brackets on the line under the row (「（総務部 管財課）」)


def role_of(text: str) -> str | None:
    """The role a header cell names (data/commitments.toml [roles], in order), or None."""
    word = compact(without_note(compact(text)) or text)
    for role, words in _vocabulary()["roles"].items():
        if word in words.get("exact", []) or any(w in word for w in words.get("words", [])) \
                or word.endswith(tuple(words.get("ends", []))):
            return role
    return None


def kind_of(line: Line) -> str | None:
    """The kind of table a heading line names (「第1  継続費に関する調書」 -> 継続費), or None: a line naming two kinds
    (the document's own title), a note, a sentence or a table's row heads none."""
    text = compact(line.norm)
    if not text or len(text) > 60 or "。" in text or line.separator in ("pipe", "tab") or _note(line):
        return None
    if sum(1 for c in line.cells if figure(c.norm) is not None) >= 2:
        return None  # a table's row with figures (「12 森林環境整備事業（ゼロ県債）  R10〜R11  320,000 …」)
    kinds = [k["name"] for k in _vocabulary()["kind"] if any(w in text for w in k["words"])]
    return kinds[0] if len(kinds) == 1 else None


def _note(line: Line) -> bool:
    """A note under a table (「（注）1 …」「※ …」「備考」)."""
    return line.norm.lstrip().startswith(tuple(compact(o) for o in _vocabulary()["notes"]["openers"])) \
        or line.raw.lstrip().startswith(tuple(_vocabulary()["notes"]["openers"]))


def _cells(line: Line) -> list[Cell]:
    """A line's cells, without the empty outer parts of a row framed by pipes."""
    cells = line.cells
    if line.separator == "pipe" and line.framed and len(cells) >= 2:
        return cells[1:-1]
    return cells


def _col(line: Line, offset: int) -> int:
    """Display column of a document offset within a line (wide characters count 2)."""
    return text_width(line.raw[:offset - line.start])


def _no_figure(text: str) -> bool:
    """A cell that holds no figure and says so (「―」「※」「（注2）」)."""
    word = compact(text).strip("()（）")
    return bool(word) and any(word.startswith(compact(w)) for w in _vocabulary()["amounts"]["no_figure"])


def _figured(text: str) -> bool:
    """A cell of a money column: a figure or a sign of none."""
    return figure(text) is not None or _no_figure(text)


# The widest gap (display columns) between the letters of a word spaced out over its column (「事　　　　項」: 8).
_LETTER_GAP = 8


def _header_cells(line: Line) -> list[Cell]:
    """A header line's cells, words spaced out letter by letter (「事　　　　項」「区　　分」) joined back: single
    letters in a row, each within _LETTER_GAP display columns of the one before."""
    out: list[Cell] = []
    run: list[Cell] = []
    for cell in [*_cells(line), None]:
        single = cell is not None and len(cell.norm.strip()) == 1 and not cell.norm.strip().isdigit()
        if single and run and _col(line, cell.start) - _col(line, run[-1].end) <= _LETTER_GAP:
            run.append(cell)
            continue
        if len(run) >= 2:
            raw = line.raw[run[0].start - line.start:run[-1].end - line.start]
            out.append(Cell(run[0].start, run[-1].end, raw, "".join(c.norm.strip() for c in run)))
        else:
            out += run
        run = [cell] if single else []
        if cell is not None and not single:
            out.append(cell)
    return out


def _columns_of(line: Line, below: Line | None) -> list[Column] | None:
    """The columns of a header line (and the line under it, for a header written over two lines in a space table),
    or None when the line is no header: a title column and an amount column, or a title and two others, no figure."""
    if line.separator not in ("pipe", "tab", "space"):
        return None
    cells = [c for c in _header_cells(line) if c.raw]
    if len(cells) < 3 or any(figure(c.norm) is not None for c in cells):
        return None
    roles = [role_of(c.norm) for c in cells]
    if "title" not in roles or ("amount" not in roles and len(cells) < 3):
        return None
    if line.separator == "space":
        columns = _spaced_columns(line, cells, below)
    else:
        columns = [Column(compact(c.norm), compact(c.norm), role_of(c.norm)) for c in cells]
    return _grouped_years(columns)


def _spaced_columns(line: Line, cells: list[Cell], below: Line | None) -> list[Column]:
    """Columns of a space-aligned header; the words of the line under it join the cell they stand under (「前年度末」
    over 「現在高見込額」), or split it into columns of a group when two or more stand under it (「財　源　内　訳」 over
    「国庫支出金  県　債  その他  一般財源」)."""
    upper = [(c, _col(line, c.start), _col(line, c.end)) for c in cells]
    lower: list[tuple[Cell, int, int]] = []
    if below is not None and _second_header_line(below):
        lower = [(c, _col(below, c.start), _col(below, c.end)) for c in _header_cells(below) if c.raw]
    under: dict[int, list[tuple[Cell, int, int]]] = {i: [] for i in range(len(upper))}
    alone: list[tuple[Cell, int, int]] = []
    astray: list[tuple[Cell, int, int]] = []
    for cell, begin, end in lower:
        overlaps = [min(end, e) - max(begin, b) for _, b, e in upper]
        best = max(range(len(upper)), key=lambda i: overlaps[i])
        (under[best] if overlaps[best] > 0 else astray).append((cell, begin, end))
    for cell, begin, end in astray:
        # under no word of the line above: a column of the group whose words stand last before it (「財　源　内　訳」
        # centred over four columns, the last two beyond its end), else a column of its own
        before = [i for i, (_, b, _) in enumerate(upper) if b <= begin]
        if before and under[before[-1]]:
            under[before[-1]].append((cell, begin, end))
        else:
            alone.append((cell, begin, end))
    columns: list[tuple[int, Column]] = []
    for i, (cell, begin, end) in enumerate(upper):
        word = compact(cell.norm)
        children = under[i]
        if len(children) == 1:
            child, b, e = children[0]
            joined = word + compact(child.norm)
            columns.append((min(begin, b), Column(joined, joined, role_of(joined), min(begin, b), max(end, e))))
        elif children:
            for child, b, e in children:
                name = compact(child.norm)
                columns.append((b, Column(name, f"{word} {name}", role_of(name) or role_of(word), b, e)))
        else:
            columns.append((begin, Column(word, word, role_of(word), begin, end)))
    columns += [(b, Column(compact(c.norm), compact(c.norm), role_of(c.norm), b, e)) for c, b, e in alone]
    return [c for _, c in sorted(columns, key=lambda x: x[0])]


def _second_header_line(line: Line) -> bool:
    """The second line of a two-line header: words without figures, no group heading, no rule."""
    if not line.norm or L.RULE_LINE.match(line.norm) or _GROUP.match(line.norm) or line.separator not in ("space", ""):
        return False
    return not any(_figured(c.norm) for c in line.cells)


def _grouped_years(columns: list[Column]) -> list[Column]:
    """Year columns named with their group (「年度割 R8｜R9」 -> 年度割（R8）, 年度割（R9）; 「当該年度以降の支出予定額」 over
    「令和10年度」 -> 当該年度以降の支出予定額（令和10年度））: a year alone is no name a question uses."""
    group = ""
    out = []
    for column in columns:
        words = column.heading.split(" ")
        *head, last = words
        tail = re.match(r"^(?P<group>.*?\D)(?P<year>(?:令和|平成|R|H)\s*\d.*)$", last)
        if _year_cell().match(last):
            group = " ".join(head) or group
            name = f"{group}（{last}）" if group else last
            out.append(Column(name, column.heading, column.role if column.role != "period" else None,
                              column.begin, column.end))
            continue
        if tail and _year_cell().match(tail.group("year")) and not head:
            group = tail.group("group")  # 「年度割 R8」 compacted to 「年度割R8」
            out.append(Column(f"{group}（{tail.group('year')}）", column.heading, None, column.begin, column.end))
            continue
        group = ""
        out.append(column)
    return out


def _placed(line: Line, table: Table) -> dict[int, list[Cell]]:
    """A row's cells by column index: by position in a ｜ or tab table, by display column in a space table (the
    best order-keeping assignment: each cell to the column it overlaps most, a right-aligned figure wider than its
    header still to its own, cells of one column — a letter-spaced 「合　　計」 — together)."""
    cells = [c for c in _cells(line)]
    if table.separator != "space":
        return {i: [c] for i, c in enumerate(cells) if c.raw and i < len(table.columns)}
    columns = table.columns
    cells = [part for c in cells if c.raw for part in _overrun(line, c, columns)]
    spans = [(_col(line, c.start), _col(line, c.end)) for c in cells]
    m = len(columns)

    def fit(i: int, j: int) -> float:
        b, e = spans[i]
        cb, ce = columns[j].begin, columns[j].end
        over = min(e, ce) - max(b, cb)
        score = float(over) if over > 0 else -float(max(cb - e, b - ce))
        if abs(e - ce) <= 1 or abs(b - cb) <= 1:
            score += 3  # aligned right (a figure) or left (a name) with the header
        return score

    # best[i][j]: the best total for cells[:i+1] with cell i in column j (columns never decrease along the line).
    neg = float("-inf")
    best = [[neg] * m for _ in cells]
    back = [[-1] * m for _ in cells]
    for i in range(len(cells)):
        for j in range(m):
            here = fit(i, j)
            if i == 0:
                best[i][j] = here
                continue
            for k in range(j + 1):
                if best[i - 1][k] == neg:
                    continue
                value = best[i - 1][k] + here - (2 if k == j else 0)
                if value > best[i][j]:
                    best[i][j], back[i][j] = value, k
    out: dict[int, list[Cell]] = {}
    if not cells:
        return out
    j = max(range(m), key=lambda x: best[-1][x])
    for i in range(len(cells) - 1, -1, -1):
        out.setdefault(j, []).insert(0, cells[i])
        j = back[i][j]
    return out


def _overrun(line: Line, cell: Cell, columns: list[Column]) -> list[Cell]:
    """A cell of a space table split where a name too wide for its column runs into the next one's cell, one space
    between them (「情報システム機器賃借（基幹系業務システム） R10〜R14」 over 「事項 … 期間」): the words after a single
    space that begin exactly where a later column's header begins are that column's cell; two figures one space
    apart are two cells."""
    starts = {c.begin for c in columns if c.begin > _col(line, cell.start) + 1}
    for match in re.finditer(r"(?<=\S) (?=\S)", cell.raw):
        at = cell.start + match.end()
        head, tail = cell.raw[:match.start()], cell.raw[match.end():]
        figures = figure(head) is not None, figure(tail) is not None
        # (a name running into the next column's words, or two figures one space apart: 「2,068,000 10,702,700」)
        if (_col(line, at) in starts and not figures[0]) or (all(figures) and "," in head and "," in tail):
            return [Cell(cell.start, cell.start + len(head), head, normalize(head)),
                    *_overrun(line, Cell(at, cell.end, tail, normalize(tail)), columns)]
    return [cell]


def _text(cells: list[Cell] | None) -> str:
    return compact("".join(c.norm for c in cells or []))


def _tables(doc: Document, lines: list[Line]) -> list[Record]:
    """Every record of every table of the three kinds, in order (programs, totals, and rows of the tables that add to
    them)."""
    records: list[Record] = []
    kind: str | None = None
    caption = ""
    unit: tuple[str, int] | None = None
    table: Table | None = None
    group: str | None = None
    current: Record | None = None
    lead: list[Cell] = []
    gap = False
    skip = -1
    for n, line in enumerate(lines):
        if n <= skip:
            continue
        if not line.norm:
            gap = True
            continue
        declared = unit_in(line.norm)
        if declared and len(line.norm) <= 40:
            unit = declared
            if table is not None:
                table.unit = declared
            continue
        if kind is not None:
            below = lines[n + 1] if n + 1 < len(lines) else None
            columns = _columns_of(line, below)
            if columns is not None:
                header_units = [u for c in _header_cells(line) if (u := bare_unit(c.norm))]
                table = Table(kind, caption, line.separator, line.framed, columns, header_units[0] if header_units else unit)
                group, current, lead, gap = None, None, [], False
                if line.separator == "space" and below is not None and _second_header_line(below):
                    skip = n + 1
                continue
        if table is not None and L.RULE_LINE.match(compact(line.norm)):
            continue
        if table is not None and not _ends(line, table):
            if current is not None and not current.total and current.office is None and not gap \
                    and _office(line.norm) is not None:
                body = line.raw.strip()
                at = line.start + len(line.raw) - len(line.raw.lstrip())
                current.office = Cell(at, at + len(body), body, line.norm.strip())
                current.lines.append((line, {}, ""))  # the row's department, not the rest of its name
                continue
            row = _row(line, table)
            if row is not None:
                placed, title, qualifier, total = row
                # (a row holds a figure or a sign of none: 「起債の方法  証書借入又は証券発行」 under the 地方債 table is
                # the terms written below it, no 目的)
                if total or (title and _has_content(placed, table) and _first_figure(placed) < 10**6):
                    current = Record(table, [(line, placed, qualifier)], group, total=bool(total),
                                     lead=lead, title_cells=placed.get(table.role("title") or 0, []) if not total else [],
                                     label=total or "")
                    records.append(current)
                    lead, gap = [], False
                    continue
                if qualifier.startswith("うち") and current is not None:
                    current.lines.append((line, placed, qualifier))  # 「うち令和10年度年割額の計」 under a total
                    continue
                if title and not _has_content(placed, table):
                    text = compact(line.norm)
                    if _GROUP.match(line.norm.strip()):
                        group, current, lead = L.PLAIN_HEADING_NAME.sub("", line.norm.strip()).strip(), None, []
                    elif current is not None and not current.total and not gap \
                            and (_indented(line, placed, table) or not _leads(lines, n, table)):
                        current.title_cells += placed[table.role("title") or 0]  # a name wrapped onto the next line
                        current.lines.append((line, {}, ""))
                    elif len(text) <= 40:
                        lead += placed[table.role("title") or 0]  # a name begun above the line of its figures
                    gap = False
                    continue
                if current is not None and not title and (not (gap or current.total) or _first_figure(placed) < 10**6):
                    # (after a blank line only figures go on a row: 「・県庁舎耐震改修事業：…」 under a 合計 is
                    # the list of descriptions below the table)
                    current.lines.append((line, placed, qualifier))
                    gap = False
                    continue
            continue
        table, current, lead = None, None, []
        found = kind_of(line)
        if found is not None:
            kind, caption = found, _caption(line)
        elif kind is not None and len(line.norm) <= 60 and "。" not in line.norm and not _note(line) \
                and not has_figure(line):
            caption = _caption(line)
    return records


def _caption(line: Line) -> str:
    """A heading line as a table's caption, its number or marker off (「3  地方債の借入先別…」 -> 「地方債の借入先別…」)."""
    text = line.norm.strip()
    for _ in range(3):  # (「◆ 3 借入先別の…」: a marker, then a number)
        text = L.PLAIN_HEADING_NAME.sub("", text).strip()
    return text


def _ends(line: Line, table: Table) -> bool:
    """Whether a line ends the table above it: a note, another kind's heading, a line split otherwise than its rows
    (a ｜ or tab table), a sentence across the page."""
    if _note(line) or (kind_of(line) is not None and line.separator == "" and _GROUP.match(line.norm)):
        return True
    if table.separator in ("pipe", "tab"):
        return line.separator != table.separator
    if line.separator == "" and len(line.norm) > 40:
        return True
    return _GROUP.match(line.norm) is not None and kind_of(line) is not None


def _indented(line: Line, placed: dict[int, list[Cell]], table: Table) -> bool:
    """Whether a row's title stands indented in its cell (「｜　業務委託｜」, 「  債務保証   1,540,000」 under a name
    begun at the column's start): the rest of a name begun on the line above."""
    cells = placed.get(table.role("title") or 0)
    if not cells:
        return False
    at = cells[0].start - line.start
    if table.separator != "space":
        before = line.raw[:at]
        return bool(before) and before[-1] in " \u3000"
    return _col(line, cells[0].start) > table.columns[table.role("title") or 0].begin + 1


def _leads(lines: list[Line], n: int, table: Table) -> bool:
    """Whether a name alone on line `n` begins the row under it: the next line is a row whose title is indented."""
    below = lines[n + 1] if n + 1 < len(lines) else None
    if below is None or not below.norm:
        return False
    row = _row(below, table)
    return row is not None and bool(row[1]) and _has_content(row[0], table) and _indented(below, row[0], table)


def _has_content(placed: dict[int, list[Cell]], table: Table) -> bool:
    """Whether a row has a cell besides its title."""
    title = table.role("title")
    return any(i != title and any(c.raw for c in cells) for i, cells in placed.items())


def _row(line: Line, table: Table) -> tuple[dict[int, list[Cell]], str, str, str | None] | None:
    """A line of a table as (cells by column, its title's text, what qualifies its figures, its total's words or
    None); None for a line that is no row."""
    placed = _placed(line, table)
    if not placed:
        return None
    title_at = table.role("title") or 0
    year_at = table.role("year")
    # The words before the first figure (「合　　計（6事業）」 split at its spaces, 「うち令和10年度年割額の計」)
    words = []
    for i in sorted(placed):
        if any(_figured(c.norm) for c in placed[i]) or i == year_at:
            break
        words.append(_text(placed[i]))
    head = "".join(words)
    total = head if head and is_total(head) else None
    if total is None and head.startswith("計") and len(head) <= 3:
        total = head
    title = _text(placed.get(title_at))
    qualifier = _text(placed.get(year_at)) if year_at is not None else ""
    if head.startswith("うち"):
        return placed, "", head, None
    return placed, title if not total else "", qualifier, total


def _merged_columns(records: list[Record]) -> set[int]:
    """Columns of a table written as one cell down the whole table (「証書借入 / 又は証券発行」 over two rows, then
    blank): text columns whose cells stop before the table's last row and start on its first."""
    table = records[0].table
    if len(records) < 3:
        return set()
    merged = set()
    title = table.role("title") or 0
    for i, column in enumerate(table.columns):
        if column.role is not None:
            continue
        seen = [any(c.raw for line in r.lines for c in line[1].get(i, [])) for r in records]
        texts = [c.norm for r in records for line in r.lines for c in line[1].get(i, [])]
        if not texts or any(figure(t) is not None for t in texts) or len(set(texts)) < len(texts) or not seen[0]:
            continue
        # on lines of its own past the rows (a line with neither a title nor a figure), or stopping before the rows do
        beyond = any(p.get(i) and not p.get(title) and not any(_figured(c.norm) for cs in p.values() for c in cs)
                     for r in records for _, p, _ in r.lines[1:])
        if beyond or (not all(seen) and seen.index(False) == sum(seen)):
            merged.add(i)
    return merged


def _amount(cell: Cell | None, unit: tuple[str, int] | None, label: str, period: str) -> Budget | None:
    """A record's amount cell as its budget: a bare figure scaled by the table's unit; None without a figure."""
    if cell is None:
        return None
    value = figure(cell.norm)
    if value is None:
        return None
    fiscal = label_of(label, period)
    yen = int(value * unit[1]) if unit else None
    era = L.ERA_YEAR.search(period)
    return Budget(yen=yen, text=cell.raw, amount_text=f"{cell.raw}{unit[0] if unit else ''}", label=label,
                  year=era.group(0) if era else "", fiscal_year=fiscal.year, budget_kind=fiscal.kind,
                  start=cell.start, end=cell.end)


def _sections(record: Record, merged: set[int], skip: set[int]) -> list[Section]:
    """The cells of a record's lines as sections, named by their column (and the line's year or 「うち」)."""
    table = record.table
    vocab = _vocabulary()["sections"]
    sections = []
    for n, (_line, placed, qualifier) in enumerate(record.lines):
        for i, cells in sorted(placed.items()):
            if i in merged or i in skip or not cells or not any(c.raw for c in cells):
                continue
            if (record.total or qualifier.startswith("うち")) and (n == 0 or qualifier.startswith("うち")) \
                    and not any(_figured(c.norm) for c in cells) and i < _first_figure(placed):
                continue  # the total's own words (「合　　計（6事業）」), its title
            column = table.columns[i] if i < len(table.columns) else None
            if column is None:
                continue
            name = vocab.get(column.role, column.name) if column.role in ("period", "department") else column.name
            if qualifier and all(_figured(c.norm) for c in cells):  # (a year's figures; not its 款・項 beside them)
                name = f"{name}（{qualifier}）"
            sections.append(Section(name=name, heading=column.heading, start=cells[0].start, end=cells[-1].end))
    return sections


def _first_figure(placed: dict[int, list[Cell]]) -> int:
    """The index of a row's first column holding a figure (or a sign of none); past the last when none does."""
    return next((i for i in sorted(placed) if any(_figured(c.norm) for c in placed[i])), 10**6)


def _programs(doc: Document, records: list[Record]) -> list[Program]:
    """Programs and totals of the records of tables with an amount column; the records of the other tables added
    to the programs they name (or kept as totals of their kind)."""
    period = doc.period or doc.title
    programs: list[Program] = []
    by_table: dict[int, list[Record]] = {}
    for record in records:
        by_table.setdefault(id(record.table), []).append(record)
    merged_of = {t: _merged_columns([r for r in rs if not r.total]) for t, rs in by_table.items()}
    shared: dict[int, list[Section]] = {}
    for t, rs in by_table.items():
        table = rs[0].table
        shared[t] = [Section(name=table.columns[i].name, heading=table.columns[i].heading, start=c.start, end=c.end)
                     for i in sorted(merged_of[t]) for r in rs if not r.total
                     for line in r.lines for c in line[1].get(i, []) if c.raw]
    # Tables without amounts whose rows name programs of their kind (財源内訳 by 事業, 現在高 by 目的) add to them; the
    # others (借入先別, 利率別) are tables of their own, their rows and total kept under their caption.
    # A later table with an amount column too (継続費's 財源内訳 and 支出予定額 tables, each with its 総額) whose rows
    # name the programs an earlier table of its kind read adds to them as well: a 事業 is one program however many
    # tables it is written in.
    first_table: dict[tuple[str, str], int] = {}
    for r in records:
        if r.table.role("amount") is not None and not r.total:
            first_table.setdefault((r.table.kind, _title_key(r)), id(r.table))
    attached = {t for t, rs in by_table.items()
                if any(first_table.get((r.table.kind, _title_key(r)), t) != t for r in rs if not r.total)}
    titles = set(first_table)
    attached |= {t for t, rs in by_table.items() if rs[0].table.role("amount") is None
                 and any((r.table.kind, _title_key(r)) in titles for r in rs if not r.total)}
    for record in records:
        table = record.table
        t = id(table)
        amount_at, title_at = table.role("amount"), table.role("title")
        first_line = record.lines[0][0]
        last_line = record.lines[-1][0]
        start = first_line.start + len(first_line.raw) - len(first_line.raw.lstrip())
        end = last_line.start + len(last_line.raw.rstrip())
        amount_cells = next((p.get(amount_at) for _, p, _ in record.lines if amount_at is not None and p.get(amount_at)), None)
        amount_cell = amount_cells[0] if amount_cells else None
        label = table.columns[amount_at].name if amount_at is not None else ""
        budget = _amount(amount_cell, table.unit, label, period)
        skip = {i for i in (amount_at, title_at, table.role("year")) if i is not None}
        sections = _sections(record, merged_of[t], skip)
        categories = [record.table.kind] + ([record.group] if record.group else [])
        if record.total and is_grand_total(without_note(record.label)):
            categories = [table.kind]  # (the 合計 closing the groups of 債務負担行為 belongs to no group)
        alone = amount_at is None and t not in attached
        adds = t in attached  # a row of a table adding to the programs an earlier table read
        if alone:
            categories = [table.kind, table.caption] if table.caption else [table.kind]
        if record.total:
            title = tidy_title(record.label)  # the table's own word (「合計（6事業）」「小計」), its table the category
            if adds:
                owner = _owner(programs, table.kind, record.label, total=True)
                if owner is not None:
                    owner.sections += sections
                    continue
            if amount_cell is not None:
                sections.insert(0, Section(name="予算額", heading=label, start=amount_cell.start, end=amount_cell.end))
            programs.append(Program(id=program_id(doc.name, f"{title}:{first_line.index}"), title=title,
                                    category=table.kind, categories=categories, document=doc.name, start=start,
                                    end=end, budget=budget, sections=sections, kind="total"))
            continue
        cells = _unnumbered(record.lead + record.title_cells)
        name, flags = strip_markers(compact("".join(c.norm for c in cells)))
        title = tidy_title(name)
        if not title:
            continue
        if adds:
            owner = _owner(programs, table.kind, title, total=False)
            if owner is not None:
                if amount_cell is not None:  # (this table's 総額: the same figure, named by its own header)
                    sections.insert(0, Section(name=label, heading=label, start=amount_cell.start, end=amount_cell.end))
                owner.sections += sections
                continue
        # (a name wrapped onto the next line: a section of each part, the rest of that line between them no name)
        title_sections = [Section(name="事業名", heading=table.columns[title_at or 0].heading, start=c.start, end=c.end)
                          for c in cells]
        if amount_cell is not None:
            title_sections.append(Section(name="予算額", heading=label, start=amount_cell.start, end=amount_cell.end))
        department = table.role("department")
        dept = _text(record.lines[0][1].get(department)) if department is not None else ""
        if record.office is not None:
            dept = dept or compact(_office(record.office.norm) or "")
            sections.append(Section(name=_vocabulary()["sections"]["department"], heading=record.office.raw,
                                    start=record.office.start, end=record.office.end))
        kind = "program" if amount_at is not None else "total"
        ident = f"{table.kind}:{title}" if kind == "program" else f"{table.kind}:{title}:{first_line.index}"
        programs.append(Program(id=program_id(doc.name, ident), title=title, category=table.kind,
                                categories=categories, department=dept or None, document=doc.name, start=start,
                                end=end, budget=budget, sections=title_sections + sections + shared[t], kind=kind,
                                flags=flags))
    return programs


def _title_key(record: Record) -> str:
    """The comparison key of a record's title (its row number off)."""
    return key(_text(_unnumbered(record.lead + record.title_cells)))


def _owner(programs: list[Program], kind: str, title: str, total: bool) -> Program | None:
    """The program (or, for a total row, the total) of this kind that a row of a table without amounts names."""
    if total:
        totals = [p for p in programs if p.kind == "total" and p.category == kind and p.budget is not None]
        grand = [p for p in totals if len(p.categories) == 1]
        return (grand or totals or [None])[-1] if is_total(title) else None
    wanted = key(title)
    return next((p for p in programs if p.kind == "program" and p.category == kind and key(p.title) == wanted), None)


def _notes_and_descriptions(doc: Document, lines: list[Line], programs: list[Program]) -> None:
    """Notes under the tables and items of a list of descriptions, as sections of the programs they name (in place).

    A note item (「（注）2  …」 and the lines indented under it) names a program when the program's title is in it; a
    description item (「ア 西峰県議会議事堂改修事業」) is one when its name is the title, its indented lines what it says.
    """
    own = [(key(p.title), p) for p in programs if p.kind == "program" and len(key(p.title)) >= 4]
    if not own:
        return
    spans = [(p.start, p.end) for p in programs]
    by_title = dict(own)
    note_name = _vocabulary()["notes"]["section"]
    described = _vocabulary()["descriptions"]["section"]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.norm or any(s <= line.start < e for s, e in spans):
            i += 1
            continue
        item = _ITEM.sub("", re.sub(r"^[（(]?\s*注\s*\d*\s*[)）:：]?\s*", "", line.norm.strip())).strip()
        j = i + 1
        while j < len(lines) and lines[j].norm and lines[j].indent > line.indent and not _ITEM.match(lines[j].norm) \
                and not _note(lines[j]):
            j += 1
        name = key(_CLOSING_NOTE.sub("", item))
        said = re.match(r"^(?P<name>[^:：]{2,60})[:：]\s*(?P<text>\S.*)$", item)
        if said and key(said.group("name")) in by_title and not _note(line):
            # 「・県庁舎耐震改修事業：本庁舎（昭和46年建設）の耐震補強…」: the name and what it says on one line
            colon = re.search(r"[:：]\s*", line.raw)
            begin = line.start + (colon.end() if colon else len(line.raw) - len(line.raw.lstrip()))
            last = lines[j - 1]
            by_title[key(said.group("name"))].sections.append(Section(
                name=described, heading=said.group("name"), start=begin, end=last.start + len(last.raw.rstrip())))
        elif name in by_title and j > i + 1:
            body = lines[i + 1:j]
            by_title[name].sections.append(Section(name=described, heading=line.norm.strip(), start=body[0].start
                                                   + len(body[0].raw) - len(body[0].raw.lstrip()),
                                                   end=body[-1].start + len(body[-1].raw.rstrip())))
        elif _note(line) or (i > 0 and _in_notes(lines, i)):
            text = key("".join(ln.norm for ln in lines[i:j]))
            for title, program in own:
                if title in text:
                    last = lines[j - 1]
                    program.sections.append(Section(name=note_name, heading="注", start=line.start + len(line.raw)
                                                    - len(line.raw.lstrip()), end=last.start + len(last.raw.rstrip())))
        i = j


def _in_notes(lines: list[Line], i: int) -> bool:
    """Whether a numbered line continues a block of notes (「（注）1 …」 then 「      2 …」)."""
    for k in range(i - 1, max(-1, i - 12), -1):
        if not lines[k].norm:
            return False
        if _note(lines[k]):
            return bool(re.match(r"^\d{1,2}\s", lines[i].norm.strip()))
    return False


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs (each 継続費 事業, 債務負担行為 事項, 地方債 目的) and totals of the document's tables, in order."""
    programs = _programs(doc, _tables(doc, lines))
    _notes_and_descriptions(doc, lines, programs)
    programs.sort(key=lambda p: p.start)
    return finish_reading(doc, programs, "table row(s)")


def score(doc: Document, lines: list[Line]) -> float:
    """How strongly the document is a 継続費・債務負担行為・地方債 調書 (0-1).

    Returns:
        0 unless tables of programs of two kinds are read (or of one kind, the document calling itself a 調書 in its
        first lines) and their rows hold at least MIN_SHARE of the document's figure lines; else that share. (A
        補正予算's 説明書 closes with its 債務負担行為補正 and 地方債補正 tables too: a small share of its figures.)
    """
    text = "".join(ln.norm for ln in lines[:_vocabulary()["form"]["first_lines"]])
    if not any(w in doc.text for k in _vocabulary()["kind"] for w in k["words"]):
        return 0.0  # cheap test first
    records = _tables(doc, lines)
    read_kinds = {r.table.kind for r in records if not r.total and r.table.role("amount") is not None}
    if not read_kinds or (len(read_kinds) < 2 and not any(w in text for w in _vocabulary()["form"]["words"])):
        return 0.0
    inside = {ln.index for r in records for ln, _, _ in r.lines}
    figures = [ln for ln in lines if has_figure(ln) or any(figure(c.norm) is not None for c in ln.cells)]
    share = sum(1 for ln in figures if ln.index in inside) / max(1, len(figures))
    return round(share, 3) if share >= MIN_SHARE else 0.0
