"""Tables of programs written as text: 「No｜事業名｜本年度｜前年度｜増減｜担当課｜主な内容」 rows, tabs, Markdown, aligned.

A municipal 主要事業の概要 / 重点事業一覧 lists its programs in a table: a header row whose cells name the columns
(mapped to fields by the vocabulary in data/vocabulary.toml), bare figures scaled by a unit stated once above the
header (「（単位：千円）」, carried across pages until another unit line) or in a header cell (「本年度(千円)」), section
headings between the rows (「１ 子育て・教育」「【基本目標１】…」「## 1 防災」), names wrapped onto a second row whose
other cells are empty, 【新規】/(拡) markers taken off the title as flags, 小計/合計 rows kept as totals
(kind "total", never summed), ▲/△ as negative changes, the header repeated after a page break. A header written with
its columns close together (「番号 区分 事業名」, a 交付決定一覧) is split word by word when every word names a column, and
a bracketed unit alone under it (「（円）」) scales its figures.

A city's 補正予算の概要 tabulates its items the same way: 「事業名｜補正額｜国庫支出金｜県支出金｜地方債｜その他｜一般財源｜
説明」 under 「財　源　内　訳」, 款 headings between the rows (「【２款　総務費】」), 計 rows per 特別会計. 補正額 is the budget
(its kind 補正); the 財源内訳 columns (a `repeats` field of the vocabulary) are a breakdown of it, kept as the
program's 財源内訳 section, never its budget; 補正前の額/補正後の額 stay in the row. Its tables of totals by 款 or
会計 (no 事業名 column: 「款｜補正額｜…」「会計｜補正前の額｜補正額｜補正後の額」) give totals, never programs.

A city's 公共施設等総合管理計画 lists its facilities' works the same way: 「No.｜施設名｜事業名｜事業区分｜実施年度｜R8｜…｜
R12｜計｜主な財源｜所管課｜備考」 under 施設類型 headings that may name their office (「（1）学校教育系施設　［所管：…］」).
The years are a schedule and the 計 (合計, ５か年計) the budget; 施設名, 事業区分, 財源 and the cost by year are sections;
a plan without a 事業名 column titles each work by its facility and its work (「施設名称｜対策内容」); its 総括表 by
施設類型 or 事業区分 gives totals; a ruled row continuing the row above keeps each wrapped cell in its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.headers import year_column
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import framed_cell, key, normalize, raw_span, text_width, tidy_title
from qa.ingest.signals import figure_lines
from qa.ingest.structure import finish_reading, program_id, running_lines
from qa.ingest.vocabulary import (
    bare_unit,
    compact,
    figure,
    flags_in,
    header_field,
    header_words,
    is_grand_total,
    is_repeat,
    is_total,
    repeating_fields,
    strip_markers,
    unit_in,
    vocabulary,
    without_note,
)
from qa.ingest.years import label_of, year_of

NAME = "text_table"

MONEY = ("budget", "previous", "change")
# A unit alone on the line under a header, in brackets (「（円）」「(千円)」): the unit of the table's figures.
_UNIT_ALONE = re.compile(r"[(（\[［]\s*(?:単位\s*[:：]?\s*)?[^()（）\[\]［］\s]{1,4}\s*[)）\]］]")
# Fields a header names that are sections of the row, never its title or figures (`find_header`).
_SECTION_ONLY = frozenset({"recipient", "limit"})
# A heading between rows: Markdown, numbered (「１ 子育て・教育」「第2章」), boxed (【基本目標１】…, ■…).
HEADING = re.compile(r"^(?:#{1,6}\s*\S|\d{1,2}[\s.．、]\s*\S|第\s*\d{1,2}|[【\[［〔(（]|[■□◆◇●○▼▽])")
# A heading that cannot be the second row of a wrapped name (a parenthesised line can: 「（デマンド交通）」).
SECTION = re.compile(r"^(?:#{1,6}\s*\S|\d{1,2}[\s.．、]\s*\S|第\s*\d{1,2}|【[^】]*\d[^】]*】|[■□◆◇●▼])")
# A heading enclosed whole in brackets (「【２款　総務費】」「＜国民健康保険事業特別会計＞」): its name is inside.
ENCLOSED = re.compile(r"^[【\[［〔＜<〈《](?P<inner>[^】\]］〕＞>〉》]+)[】\]］〕＞>〉》]$")
PAGE_NUMBER = re.compile(r"^[-－―‐−]\s*\d{1,4}\s*[-－―‐−]$|^\d{1,4}$|^\d{1,4}\s*/\s*\d{1,4}$")


# The cell of a column no field names, keyed by this prefix and the column's header text (`Header.others`).
OTHER = "col:"
# The cell of a year column of a plan's schedule (`Header.years`), keyed by this prefix and the column's position.
YEAR = "year:"


@dataclass
class Header:
    """A header row: which field each column holds, and how to read the columns.

    `columns` maps a column position to its field; `labels` keeps each money column's header text (its year);
    `units` a unit written in a column's own header cell (「本年度(千円)」).
    """

    line: int
    separator: str
    framed: bool
    columns: dict[int, str]
    labels: dict[str, str]
    units: dict[int, tuple[str, int]] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)  # display columns, for space-aligned tables
    summary: bool = False  # a table of totals by 款 or 会計 (no 事業名 column): its rows are totals
    # Columns no field names, by their header text (「補助率」「対象」 of a 概算要求's table): kept as the row's sections.
    others: dict[int, str] = field(default_factory=dict)
    # A plan's schedule (「R8｜R9｜…｜R12｜計」): its year columns by position, their header text; the 計 is the budget.
    years: dict[int, str] = field(default_factory=dict)
    # No 事業名 column: each row is titled by its facility and its work (「汐見東小学校」+「長寿命化改修」).
    composed: bool = False
    width: int = 0  # how many cells the header line has (a ruled row continuing the row above has as many)
    # Columns whose header words stand one space apart in one cell (「課名 事業名 委託内容 委託先 契約方法」 of a PDF's
    # text): rows written the same way are read word by word in this order (`_packed_fields`), not by display column.
    packed: tuple[int, ...] = ()
    # Where the last packed row put each field (display column), for its wrapped cells on the lines below.
    starts: dict[str, int] = field(default_factory=dict)
    department: Cell | None = None  # the last packed row's 課名: rows under it leave the column empty
    seen: dict[str, set[str]] = field(default_factory=dict)  # each packed field's values so far (契約方法: 随意契約 …)

    @property
    def key(self) -> tuple[str, ...]:
        """The fields in column order: a header repeated after a page break has the same key."""
        return tuple(self.columns[i] for i in sorted(self.columns))


@dataclass
class _Row:
    """One table row read: its cells by field, with the lines it spans (a wrapped name adds lines)."""

    line: int
    last_line: int
    cells: dict[str, Cell]
    extra: dict[str, list[Cell]] = field(default_factory=dict)  # continuation cells, by field
    category: str | None = None
    unit: tuple[str, int] | None = None
    total: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # the header's text of each field (its year)
    summary: bool = False  # a row of a table of totals (see `Header.summary`)
    lead: list[Cell] = field(default_factory=list)  # the start of its name, on the line above its figures
    composed: bool = False  # titled by its facility and its work (see `Header.composed`)
    office: str | None = None  # the office its heading names (「（1）学校教育系施設　［所管：教育委員会 教育総務課］」)


# A year heading a column of a plan's schedule (「R8」「令和10年度」「2027年度」, NFKC): two of them beside a column totalling
# them count as a header word in `find_header`'s first test (「区分｜令和8年度｜令和9年度｜令和10年度｜合計」 names only two
# fields in words).
_YEAR_WORDS = re.compile(r"(?:令和|平成|R|H)\s*\d{1,2}\s*(?:年度)?(?![\d年])|20\d\d\s*年度")


def find_header(line: Line) -> Header | None:
    """The line as a table header: at least three cells named by the vocabulary, one a title, one a figure.

    Two budget columns are told apart by the years in their headers (「令和６年度予算額」「令和５年度予算額」): the
    earlier one is last year's.
    """
    words = header_words(line.norm)
    if words < 3 and len(_YEAR_WORDS.findall(line.norm)) >= 2:
        sums = sum(header_field(c.norm) == "sum" for c in line.cells)
        words += 1 + sums if sums else 0  # 「区分｜令和8年度｜令和9年度｜令和10年度｜合計」: a schedule and its total
    if words < 3:
        return None  # cheap test first: most lines of a document are not headers
    cells = _spaced_words(line, _row_cells(line, framed=line.framed))
    packed: tuple[int, ...] = ()
    if line.separator == "space":
        cells, packed = _header_words_apart(cells)
    if len(cells) < 3 or sum(figure(c.norm) is not None for c in cells) >= 2:
        # (a row whose words happen to be header words, 「橋りょう長寿命化修繕事業｜…｜186.0｜…｜道路メンテナンス事業費補助｜
        # …判定区分Ⅲ…」, holds figures: a header holds none)
        return None
    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    units: dict[int, tuple[str, int]] = {}
    years: dict[int, int | None] = {}
    for i, cell in enumerate(cells):
        name = header_field(without_note(cell.norm).strip() or cell.norm)
        if name is None or name in _SECTION_ONLY:
            continue  # (a recipient column is a section of the row, by its header text: `others`)
        if name == "change" and "率" in cell.norm:
            continue  # 「増減率」「伸び率」 beside 「比較増減」: a percentage, not the difference in money
        columns[i] = name
        years[i] = year_of(cell.norm)
        unit = bare_unit(cell.norm)
        if unit:
            units[i] = unit
    schedule = _plan_years(cells, columns)
    titles = [i for i, name in columns.items() if name == "title"]
    if len(titles) > 1:
        # 「要望事項｜回答｜関連事業名」: two columns the title's words name, the one with the strongest word (事業名 before
        # 事項) titles the row; the other is a section of it, by its header text
        words = next(f for f in vocabulary()["field"] if f["name"] == "title")["words"]
        rank = {i: min((n for n, w in enumerate(words) if w in compact(cells[i].norm)), default=len(words)) for i in titles}
        for i in sorted(titles, key=lambda i: (rank[i], i))[1:]:
            columns.pop(i)
    budgets = [i for i, name in columns.items() if name == "budget"]
    if len(budgets) > 1:
        dated = [i for i in budgets if years[i] is not None]
        if len(dated) == len(budgets):
            latest = max(dated, key=lambda i: years[i] or 0)
            for i in budgets:
                if i != latest:
                    columns[i] = "previous"
        else:
            for i in budgets[1:]:
                columns.pop(i)  # a second undated budget column: not guessed
    fields = list(columns.values())
    composed = False
    if "title" not in fields and "facility" in fields:
        # 「施設名称｜対策内容｜対策時期｜概算事業費」: a plan without a 事業名 column titles each work by its facility
        # (the work's own name after it, when a column gives it)
        columns[next(i for i, name in columns.items() if name == "facility")] = "title"
        composed, fields = "work" in fields, list(columns.values())
    summary = False
    # (「所管課｜件数｜予算額｜前年度」: a table totalling the list by office, its rows each office's total)
    grouped = columns.get(0, "category") in ("category", "department") \
        or (columns.get(0) == "flag" and ("count" in fields or schedule))
    if "title" not in fields and "budget" in fields and len(columns) >= 2 and grouped:
        # 「款｜補正額｜国庫支出金｜…」「会計｜補正前の額｜補正額｜補正後の額」: a table of totals by 款 or 会計 (a
        # 補正予算の概要 gives them before its items), 「施設類型｜事業数｜R8｜…｜５か年計」「事業区分｜事業数｜５か年計」 a
        # plan's 総括表; its first column names each row.
        columns[0], summary = "title", True
        fields = list(columns.values())
    single = [f for f in fields if f not in repeating_fields()]  # 財源内訳 columns come several to a header
    if len(columns) + len(schedule) < 3 or "title" not in fields or "budget" not in fields or len(set(single)) < len(single):
        return None
    for i, name in sorted(columns.items()):
        if name not in repeating_fields():
            labels.setdefault(name, cells[i].norm)  # each field's header text: the heading of its section
    if schedule:
        labels["years"] = f"{schedule[min(schedule)]}～{schedule[max(schedule)]}"  # 「R8～R12」: the heading of the cost by year
    if composed:
        labels["title"] = "".join(cells[i].norm for i, name in sorted(columns.items()) if name in ("title", "work"))
    spans = []
    if line.separator == "space":
        spans = [(_col(line, c.start), _col(line, c.end)) for c in cells]
    others = {i: label for i, cell in enumerate(cells) if i not in columns and i not in schedule
              and 2 <= len(label := re.sub(r"\s+", "", cell.norm)) <= 12 and not re.search(r"\d", label)}
    return Header(line.index, line.separator, line.framed, columns, labels, units, spans, summary, others, schedule,
                  composed, len(cells), packed)


def _plan_years(cells: list[Cell], columns: dict[int, str]) -> dict[int, str]:
    """The year columns of a plan's schedule, by position (their header text), with the column totalling them made the
    budget, in place; {} for any other header (its columns as they were, a total column no field's).

    「R8｜R9｜R10｜R11｜R12｜計」「令和8年度｜令和9年度｜令和10年度｜合計」: a facility plan (公共施設等総合管理計画's 改修事業
    一覧) spreads each work's cost over the years it runs; the work's budget is the total, each year a part of it. A
    total said to be a period's (「５か年計」) is the budget without years too (a 総括表 by 事業区分). Only where no other
    column names the budget: 「予算額｜…｜合計」 keeps its 予算額.
    """
    sums = [i for i, name in columns.items() if name == "sum"]
    # (a year alone, 「R8」「令和8年度」; 「令和８年度予算額」 names a budget column, never a year of a schedule)
    years = {i: cells[i].norm for i in range(len(cells))
             if columns.get(i) in (None, "budget") and (year := year_column(compact(cells[i].norm))) is not None
             and not year[1]}
    worded = [i for i, name in columns.items() if name == "budget" and i not in years]
    bare = {compact(w) for f in vocabulary()["field"] if f["name"] == "sum" for w in f.get("exact", [])}
    if sums and not worded and (len(years) >= 2 or compact(without_note(cells[sums[-1]].norm)) not in bare):
        for i in [*years, *sums[:-1]]:
            columns.pop(i, None)
        columns[sums[-1]] = "budget"
        return years if len(years) >= 2 else {}
    for i in sums:
        columns.pop(i)  # a total column beside a budget (or alone): no field of a program's
    return {}


def two_row_header(line: Line, below: Line) -> Header | None:
    """A header written over two lines, each column's words split between them (「令和9年度」 over 「要 求 額」, as
    a PDF's table comes out of `pdftotext -layout`): the header the columns' joined words make, its columns where the
    first line puts them. None when `below` holds a figure or the joined words are no header.

    Each cell of the second line joins the first line's cell it overlaps most (by display column).
    """
    if line.separator != "space" or below.separator not in ("space", "") or figure(below.norm) is not None:
        return None
    if header_words(line.norm) + header_words(below.norm) < 3:
        return None
    upper = _spaced_words(line, _row_cells(line, framed=False))
    lower = _spaced_words(below, _row_cells(below, framed=False))
    if len(upper) < 3 or not lower:
        return None
    words = [c.norm.replace(" ", "") for c in upper]
    spans = [(_col(line, c.start), _col(line, c.end)) for c in upper]
    for cell in lower:
        begin, end = _col(below, cell.start), _col(below, cell.end)
        best = max(range(len(spans)), key=lambda i: min(end, spans[i][1]) - max(begin, spans[i][0]))
        if min(end, spans[best][1]) - max(begin, spans[best][0]) <= 0:
            return None  # a word under no column: not the second line of this header
        words[best] += cell.norm.replace(" ", "")
    raw = "  ".join(words)
    joined = Line(line.start, line.start + len(raw), raw, normalize(raw), normalize(raw), 0, index=line.index,
                  page=line.page, indent=line.indent)
    header = find_header(joined)
    if header is None or len(header.spans) != len(spans):
        return None
    header.spans = spans
    return header


def _money(text: str) -> Decimal | None:
    """A money cell's figure: a bare number (「24,860」, scaled by the table's unit) or, for a table that writes the
    unit in every cell (「24,860千円」 copied from a web page), the yen it states; None for anything else."""
    value = figure(text)
    if value is not None:
        return value
    found = AMOUNT_RE.fullmatch(text.strip())
    yen = amount_yen(found) if found else None
    return Decimal(yen) if yen is not None else None


def _spaced_words(line: Line, cells: list[Cell]) -> list[Cell]:
    """Header cells with a word spaced out letter by letter (「事　　業　　名」, 「予　算　額」: a common way to fill a
    column heading) joined back into one cell: split at its spaces, it is single characters in a row."""
    out: list[Cell] = []
    run: list[Cell] = []
    for cell in [*cells, None]:
        letter = cell is not None and len(cell.norm.strip()) == 1 and not cell.norm.strip().isdigit()
        # (letters of one word stand a few spaces apart: 「金」 and 「）」 twenty apart are two columns' wrapped ends)
        if letter and (not run or cell.start - run[-1].end <= 6):
            run.append(cell)
            continue
        if len(run) >= 2:
            start, end = run[0].start, run[-1].end
            raw = line.raw[start - line.start:end - line.start]
            out.append(Cell(start, end, raw, "".join(c.norm.strip() for c in run)))
        else:
            out += run
        run = [cell] if letter else []
        if cell is not None and not letter:
            out.append(cell)
    return out


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _header_words_apart(cells: list[Cell]) -> tuple[list[Cell], tuple[int, ...]]:
    """Header cells of an aligned table whose words stand one space apart (「番号 区分 事業名」 over columns written
    close together) split into one cell per word, when every word names a column, or when three or more do and the
    others are short labels (「委託先」「契約方法」 beside 「課名 事業名 委託内容」 of a PDF's text); other cells as they are.
    Also the positions of the cells one split of three words or more made (`Header.packed`)."""
    out: list[Cell] = []
    packed: tuple[int, ...] = ()
    for cell in cells:
        words = list(re.finditer(r"\S+", cell.raw))
        named = [header_field(normalize(w.group())) is not None for w in words]
        label = all(n or (len(w.group()) <= 8 and not re.search(r"\d", w.group())) for n, w in zip(named, words, strict=True))
        # (「補助対象経費 補助率」 of a fixed-width export: Japanese puts no space inside a heading, so two words of
        # two characters or more one space apart, none a bracketed note, head two columns)
        japanese = len(words) >= 2 and all(len(w.group()) >= 2 and _CJK.search(w.group()) and w.group()[0] not in "(（[［"
                                           for w in words)
        if len(words) >= 2 and (all(named) or (sum(named) >= 3 and label) or japanese):
            if len(words) >= 3 and not packed:
                packed = tuple(range(len(out), len(out) + len(words)))
            out += [Cell(cell.start + w.start(), cell.start + w.end(), w.group(), normalize(w.group())) for w in words]
        else:
            out.append(cell)
    return out, packed


def _col(line: Line, offset: int) -> int:
    """Display column of a document offset within a line (wide characters count 2)."""
    return text_width(line.raw[:offset - line.start])


def _row_cells(line: Line, framed: bool) -> list[Cell]:
    """A row's cells, without the empty outer parts of a Markdown row."""
    cells = line.cells
    if framed and line.framed and len(cells) >= 2:
        return cells[1:-1]
    return cells


def _fields_of(line: Line, header: Header) -> dict[str, Cell] | None:
    """A row's cells by field, lined up with the header (by position, or by display column when aligned by
    spaces); None when the line is not a row of this table."""
    aligned = header.separator == "space" and line.separator == "" and len(line.cells) == 1
    if (line.separator != header.separator and not aligned) or not line.cells:
        return None
    cells = _row_cells(line, header.framed)
    out: dict[str, Cell] = {}
    if header.packed and header.separator == "space" and (packed := _packed_fields(line, cells, header)) is not None:
        return packed
    if header.separator == "space" and len(cells) != len(header.spans):
        # Aligned columns: a cell belongs to the header column it overlaps most, each header column reaching from
        # its own start to the next one's (a right-aligned figure wider than its header still overlaps it most).
        bounds = [(begin, header.spans[i + 1][0] if i + 1 < len(header.spans) else 10**6)
                  for i, (begin, _) in enumerate(header.spans)]
        # (「合　　計」: a total's word spaced out over the name column is one cell, not two)
        for cell in [piece for whole in _spaced_words(line, cells) for piece in _split_across(line, whole, bounds)]:
            begin, end = _col(line, cell.start), _col(line, cell.end)
            best = _column_of(begin, end, bounds)
            name = _column_name(header, best)
            if name in repeating_fields():
                name = f"{name}:{best}"
            if name and name not in out:
                out[name] = cell
        return out
    # By position: a row of pipes or tabs, or a row with a cell under every header column however the office
    # padded them (「事業名　　　予算額」 over 「こども医療助成費（市の単独分）　　　70,034」: full-width spaces of any count)
    for i, cell in enumerate(cells):
        name = _column_name(header, i)
        if name in repeating_fields():
            name = f"{name}:{i}"
        if name and cell.raw:
            out[name] = cell
    if "budget" in out and (split := _years_in_cell(out["budget"])) is not None:
        # 「R8: 125,400<br>(R7: 98,000)」: the year's figure and, where no column of its own gives it, last year's
        out["budget"] = split[0]
        if split[1] is not None and "previous" not in out:
            out["previous"] = split[1]
    return out


# A figure labelled by its year inside a cell (「R8: 125,400」「(R7: 98,000)」「令和7年度 －」), as written.
_YEAR_FIGURE = re.compile(r"(?:[RＲ]|令和)\s*(?P<year>[0-9０-９]{1,2})\s*(?:年度)?\s*[:：]?\s*"
                          r"(?P<figure>[△▲\-－]?[0-9０-９][0-9０-９,，.．]*|[－―\-])")


def _years_in_cell(cell: Cell) -> tuple[Cell, Cell | None] | None:
    """A budget cell that writes two years' figures, each after its year (「R8: 1,026,000<br>(R7: －)」): the newest
    year's figure as a cell of its own, and the year before's (None when written as 「－」); None for any other cell."""
    found = list(_YEAR_FIGURE.finditer(cell.raw))
    years = {int(normalize(m.group("year"))) for m in found}
    if len(found) != 2 or len(years) != 2:
        return None
    newest, before = sorted(found, key=lambda m: -int(normalize(m.group("year"))))

    def piece(m: re.Match[str]) -> Cell | None:
        raw = m.group("figure")
        if not re.search(r"[0-9０-９]", raw):
            return None
        return Cell(cell.start + m.start("figure"), cell.start + m.end("figure"), raw, normalize(raw))

    this = piece(newest)
    return (this, piece(before)) if this is not None else None


def _words(cell: Cell) -> list[Cell]:
    """A cell split at its half-width spaces (a full-width one stays inside: 「人事課　計」)."""
    return [Cell(cell.start + w.start(), cell.start + w.end(), w.group(), normalize(w.group()))
            for w in re.finditer(r"[^ ]+", cell.raw)]


def _packed_fields(line: Line, cells: list[Cell], header: Header) -> dict[str, Cell] | None:
    """A row of a table whose header packs its text columns one space apart (`Header.packed`), read in order: its
    words, one per packed column (the first left empty when the row is indented under the one that named it:
    「人事課 職員研修事業 …」 then 「 職員健康管理事業 …」, both 人事課's), then its figures, one per column right of
    them, a gap as wide as two columns leaving one out (「23,500             23,500」: no 前年度). A line without
    figures continues the row above: each word in the field whose start it stands nearest after (「修の企画運営」
    under 「階層別研修・専門研」). None when the line is not written that way (the aligned reading then applies)."""
    names = [_column_name(header, i) for i in header.packed]
    after = [i for i in range(max(header.packed) + 1, len(header.spans))]
    packed = any(len(_words(c)) >= max(3, len(names) - 1) for c in cells if _money(c.norm) is None)
    if not packed and not header.starts:
        return None  # its cells two spaces apart or more, one a column: an aligned row (`_fields_of` reads it)
    words = [w for c in cells for w in _words(c)]
    figures = [w for w in words if _money(w.norm) is not None]
    text = [w for w in words if _money(w.norm) is None]
    if not text:
        return None
    if not figures:
        if not header.starts or len(text) > len(names):
            return None
        out: dict[str, Cell] = {}
        for word in text:
            at = _col(line, word.start)
            placed = [(start, name) for name, start in header.starts.items() if start <= at + 1]
            if not placed:
                return None
            name = max(placed)[1]
            if name in out:
                return None
            out[name] = word
        return out
    if any(_col(line, f.start) < _col(line, t.end) for f in figures for t in text) or len(figures) > len(after):
        return None  # a figure among the words (「定局（18局）」 is a word): not this way
    indented = line.indent > 0
    columns = names[1:] if indented and len(text) < len(names) else names
    if len(text) > len(columns) or len(text) < len(columns) - 1 or "title" not in columns[:len(text)]:
        return None
    pairs = list(zip(columns, text, strict=False))  # (one column may stay empty)
    if len(text) < len(columns) and text[-1].norm in header.seen.get(columns[-1] or "", set()):
        # one cell left empty: the last word is the last column's when that column has held it before
        # (「…推進事業 生成ＡＩ利用環境の プロポーザル」: no 委託先, プロポーザル its 契約方法)
        pairs = [*zip(columns, text[:-1], strict=False), (columns[-1], text[-1])]
    out = {name: word for name, word in pairs if name is not None}
    for name, word in pairs:
        if name is not None and name != "title":
            header.seen.setdefault(name, set()).add(word.norm)
    if indented and len(columns) < len(names) and names[0] is not None and header.department is not None:
        out[names[0]] = header.department  # the column left empty: the row above's 課名
    elif names[0] is not None and names[0] in out and not indented:
        header.department = out[names[0]]
    # Figures from the left; a gap between two of them wider than the header's two columns leaves a column out.
    spans = [header.spans[i] for i in after]
    slot = 0
    for n, word in enumerate(figures):
        if n and slot + 1 < len(after):
            gap = _col(line, word.end) - _col(line, figures[n - 1].end)
            step = spans[slot][1] - spans[slot - 1][1]  # (slot ≥ 1: the first figure took a column)
            if step > 0 and gap >= 1.6 * step and len(figures) - n <= len(after) - slot - 1:
                slot += 1
        name = _column_name(header, after[slot]) if slot < len(after) else None
        if name is not None:
            out[name] = word
        slot += 1
    header.starts = {name: _col(line, word.start) for name, word in pairs if name is not None}
    return out


# A gap inside a cell of an aligned row (a full-width space, or half-width ones, even one): where two columns written
# too close may meet (「2,500,000　総務課」 under 「充当額　　担当課」, 「48,300,000 令和8年4月1日～…」 under 「交付決定額
# 事業期間」); `_split_across` splits there only beside a figure, so a name with a space inside stays whole.
_GAP = re.compile(r"[ \u3000]*\u3000[ \u3000]*| +")


def _column_of(begin: int, end: int, bounds: list[tuple[int, int]]) -> int:
    """The header column (index into `bounds`, display columns) a cell from `begin` to `end` overlaps most; a tie (「）」
    astride two columns, one display column early) goes to the column it starts nearest."""
    return max(range(len(bounds)), key=lambda i: (min(end, bounds[i][1]) - max(begin, bounds[i][0]),
                                                  -abs(begin - bounds[i][0])))


def _split_across(line: Line, cell: Cell, bounds: list[tuple[int, int]]) -> list[Cell]:
    """A cell of an aligned row as the cells of the header columns it spans: split at a single gap beside a figure
    (「2,500,000　総務課」: a figure column and an office column written one space apart), when the pieces fall under
    different columns; else the cell alone. A name with a space inside (「汐見の松原　保全事業」) has no figure: kept."""
    gaps = list(_GAP.finditer(cell.raw.strip()))
    if not gaps:
        return [cell]
    lead = len(cell.raw) - len(cell.raw.lstrip())
    pieces: list[Cell] = []
    at = lead
    for gap in [*gaps, None]:
        end = lead + gap.start() if gap is not None else len(cell.raw.rstrip())
        raw = cell.raw[at:end]
        pieces.append(Cell(cell.start + at, cell.start + end, raw, normalize(raw)))
        if gap is not None:
            at = lead + gap.end()

    columns = [_column_of(_col(line, p.start), _col(line, p.end), bounds) for p in pieces]
    figured = [figure(p.norm) is not None or _money(p.norm) is not None for p in pieces]
    # (a fixed-width export fills a column to its width, one space before the next: 「町内会・自治会活動補 各町内会・
    # 自治会 防犯・清掃・交」, each piece after the first starting where its header column starts)
    # (one half-width space between them: a full-width one is a word gap inside a cell, 「労働雇用課　計」)
    fixed = all(g.group() == " " for g in gaps) \
        and all(abs(_col(line, p.start) - bounds[c][0]) <= 2 for p, c in zip(pieces[1:], columns[1:], strict=True))
    if len(set(columns)) < len(pieces) or not (fixed or all(figured[i] or figured[i - 1] for i in range(1, len(pieces)))):
        return [cell]
    return pieces


def _column_name(header: Header, i: int) -> str | None:
    """The key of a row's cell in the header's column `i`: its field, a year of the schedule, or a column no field names
    (by its header text); None when the column is none of these."""
    if i in header.columns:
        return header.columns[i]
    if i in header.years:
        return f"{YEAR}{i}"
    return f"{OTHER}{header.others[i]}" if i in header.others else None


def _continues_cells(line: Line, header: Header) -> bool:
    """Whether a line under a row continues that row cell by cell (「     ｜          ｜…｜学校教育施設等整備事業債｜…」: the
    second line of a ruled table's wrapped 財源 and 備考 cells), not a description written across it: a ruled or tabbed
    line with a cell in every column of the header, or an aligned line whose cells all start where header columns
    start, right of the name (a description starts under the name)."""
    cells = _row_cells(line, header.framed)
    if header.separator in ("pipe", "tab"):
        return line.separator == header.separator and len(cells) == header.width > 2
    if header.separator != "space" or not header.spans or not cells:
        return False
    name = next((i for i, f in header.columns.items() if f == "title"), None)
    if name is None:
        return False
    starts = [begin for begin, _ in header.spans]
    return all(_col(line, c.start) >= header.spans[name][1] and any(abs(_col(line, c.start) - b) <= 1 for b in starts)
               for c in cells)


def _other_header(line: Line) -> bool:
    """A header of another table (「款｜補正額｜国庫支出金｜…」 over a summary by 款, no 事業名): it ends the table above,
    so that its rows are not read as programs of that table."""
    if header_words(line.norm) < 3 or figure_lines([line]) or sum(figure(c.norm) is not None for c in line.cells) >= 2:
        return False  # (a row of bare figures is no header, whatever words its cells hold)
    named = [f for c in line.cells if (f := header_field(c.norm)) is not None]
    return "budget" in named and len(named) >= 3


def _unnamed_header(line: Line, header: Header) -> bool:
    """A header of another table whose columns the vocabulary does not name but its last, a sum (「団体名｜均等割｜人口割｜
    実績割｜合計」 under a table by 款): four cells or more, no figure, the last 合計 or 計. It ends the table above, whose
    columns its rows would otherwise be read by."""
    cells = [c.norm.strip() for c in line.cells]
    return (len(cells) >= 4 and line.separator == header.separator and not any(figure(c) is not None for c in cells)
            and header_field(cells[-1]) == "sum" and all(len(c) <= 8 for c in cells))


# A figure in brackets closing a heading (「…の強靱化（54億5,360万円）」): the heading's total, not its name.
_HEADING_FIGURE = re.compile(r"\s*[（(]\s*(?:計\s*|合計\s*)?(?P<amount>[\d,.]+\s*(?:兆|億|万|千)?[\d,.]*\s*(?:億|万|千)?円)\s*[)）]\s*$")
_UNIT_AT_END = re.compile(r"[（(]\s*単位\s*[:：][^）)]*[)）]\s*$")


# A heading numbered in brackets or before a gap (「（３）産業振興」「３　使い道別」, NFKC).
_NUMBERED = re.compile(r"^(?:[（(]\s*\d{1,2}\s*[)）]|\d{1,2}[\s.．、])\s*\S")
# A sum written with its yen unit inside a line (「寄附額 89,725,000円」「総額 1.2億円」).
_STATED_YEN = re.compile(r"\d[\d,.]*\s*(?:億|百万|千万|万|千)?円")


# A heading that says it continues the one before a page break (「…一覧（続き）」「（つづき）」「(前頁から続く)」, NFKC).
_CONTINUED = re.compile(L.CONTINUED + r"\s*$")


def _heading(line: Line, in_table: bool) -> str | None:
    """A section heading (its text as a category), or None.

    Inside a table (after its header) any short line without a figure between rows is a heading (「総務」); above
    the first header only a marked one is (「## 1 防災」「１ 子育て・教育」「【基本目標１】…」), so that a date or an
    office name under the title is not.
    """
    # 「(1) 子育て支援　　（単位：千円）」: a heading that states its table's unit at its end is still the heading;
    # 「### 柱Ⅱ 7月豪雨災害からの復旧・復興（54億5,360万円）」 one that states its figure (`heading_totals` reads it)
    # 「（1）学校教育系施設　［所管：教育委員会 教育総務課（施設係）］」: the office its rows belong to (`heading_office`)
    # closes it, not part of its name
    norm = _office_note().sub("", _HEADING_FIGURE.sub("", _UNIT_AT_END.sub("", line.norm)).strip()).strip()
    text = norm.lstrip("#").strip()
    if not text or len(text) > 60 or "。" in text or PAGE_NUMBER.match(text) or L.RULE_LINE.match(text):
        return None
    if _CONTINUED.search(text):
        return None  # 「令和８年度 新規事業一覧（続き）」 over a page's repeated header: the heading before goes on
    if line.level and norm.startswith("#"):
        return normalize(text)  # a Markdown heading is one whatever its length, inside a table's run or not
    if text.startswith(("※", "*", "注", "=")) or unit_in(text) or (in_table and len(text) > 30):
        return None
    if header_field(text) in repeating_fields():
        return None  # 「財　源　内　訳」 over the columns it groups: part of the header, not a section
    if text.startswith(("(", "（")) and not _NUMBERED.match(text) and _STATED_YEN.search(text):
        return None  # 「（指定 812件　16,030,000円）」 under a heading: a note of the sums, no heading of its own
    enclosed = ENCLOSED.match(text)
    if enclosed and (HEADING.match(norm) or in_table):
        return normalize(enclosed.group("inner"))
    if HEADING.match(norm) or line.level:
        return normalize(text)
    # (「寄附件数 3,870件／寄附額 89,725,000円」 under a heading: a line stating sums in yen is no heading of its own)
    return normalize(text) if in_table and not L.PHONE.search(text) and figure(text) is None \
        and not _STATED_YEN.search(text) else None


@cache
def _office_note() -> re.Pattern[str]:
    """A bracketed note closing a heading that names the office of the rows under it (「［所管：教育委員会 教育総務課］」
    「（担当：健康福祉課）」, NFKC), its labels those of data/vocabulary.toml [department]; the office is group `office`."""
    labels = "|".join(map(re.escape, sorted(vocabulary()["department"]["labels"], key=len, reverse=True)))
    return re.compile(rf"\s*[\[【〔(<]\s*(?:{labels})\s*[:：]\s*(?P<office>[^:：]+?)\s*[\]】〕)>]\s*$")


def heading_office(line: Line) -> str | None:
    """The office a heading names for the rows under it, in a closing note (「（1）学校教育系施設　［所管：教育委員会
    教育総務課（施設係）］」 -> 「教育委員会 教育総務課(施設係)」, NFKC as a department cell is read); None without one."""
    match = _office_note().search(_UNIT_AT_END.sub("", line.norm).strip())
    return match.group("office").strip() or None if match else None


def _wrapped_end(text: str, row: _Row, name: str, cell: Cell) -> int:
    """Where a cell ends: with its pieces on the row's lines below (`_Row.extra`) when they stand in its column of a
    pipe-framed table (`normalize.framed_cell` then reads the cell whole), else on its own line."""
    end = max([cell.end, *(c.end for c in row.extra.get(name, []))])
    return end if end > cell.end and framed_cell(text, cell.start, end) is not None else cell.end


def _names_office(heading: str) -> bool:
    """Whether a heading between rows is an office's name (「産業振興課」「農林水産部」: short, one word, ending as an office
    does, data/vocabulary.toml [ledger] department_endings), not a policy area or a 款."""
    return len(heading) <= 14 and not re.search(r"[\s・、0-9０-９]", heading) \
        and heading.endswith(tuple(vocabulary()["ledger"]["department_endings"]))


def _under(previous: str | None, heading: str) -> str:
    """A heading as the rows under it are grouped: a 課 right under its 部 (「＜農業振興課＞」 after 「【農林水産部】」) keeps
    the 部 before it (「農林水産部 農業振興課」), as a department column writes both; any other heading stands alone."""
    if previous and _names_office(heading) and heading.endswith(("課", "室", "係")):
        parent = previous.split(" ")[0]
        if _names_office(parent) and parent.endswith(("部", "局", "本部")):
            return f"{parent} {heading}"
    return heading


def _alone(line: Line, only: list[Cell]) -> Line:
    """A row of a framed table whose one filled cell is a heading (「｜    ｜【総務部】    ｜    ｜…｜」): that cell as
    the line a heading is read from, so that the heading is its text, not the row's frame and empty cells."""
    if len(only) != 1 or line.separator != "pipe":
        return line
    cell = only[0]
    return replace(line, raw=cell.raw, norm=cell.norm, stripped=cell.norm)


def _rows(doc: Document, lines: list[Line]) -> tuple[list[_Row], int]:
    """Every row of every table in the document, in order, and how many headers were found."""
    rows: list[_Row] = []
    header: Header | None = None
    headers = 0
    unit: tuple[str, int] | None = None
    category: str | None = None
    office: str | None = None  # the office the category's heading names (`heading_office`)
    lead: Line | None = None  # a name line without figures waiting for the row that carries them
    preamble: set[str] = {key(doc.title)}  # lines above the first header: a page header repeating one is no heading
    running = running_lines(lines)
    skip: set[int] = set()
    unpriced = -2  # the last line of a ruled table's numbered row without a figure (`_rows` below)
    for line in lines:
        if not line.norm:
            continue
        if header is not None and L.RULE_LINE.match(line.norm):
            continue  # a rule under a row (「=====」) closes it: never a wrapped name or a description
        if header is None:
            preamble.add(key(line.norm))
        declared = unit_in(line.norm)
        if line.index in skip:
            continue  # the second line of a header read over two lines
        found = find_header(line)
        if found is None and line.index + 1 < len(lines):
            found = two_row_header(line, lines[line.index + 1])
            if found is not None:
                skip.add(line.index + 1)
        if found:
            if (header is None or found.key != header.key or not rows) and not found.summary:
                headers += 1  # a table of totals alone names no table of programs
            header = found
            if declared:
                unit = declared
            below = lines[line.index + 1] if line.index + 1 < len(lines) else None
            if below is not None and _UNIT_ALONE.fullmatch(below.norm.strip()) \
                    and (stated := bare_unit(below.norm)) is not None:
                # 「（円）」 alone under the header, beneath its amount column: the unit of the figures below
                unit = stated
                skip.add(below.index)
            continue
        # (a sentence closing on the note, 「…は次のとおりです。（単位：千円）」, declares it as well)
        if declared and (len(line.norm) <= 30 or re.match(r"[（(]?\s*単\s*位", line.norm) or _UNIT_AT_END.search(line.norm)):
            unit = declared  # 「（単位：千円）」: scales the figures below it, across pages
            # 「(1) 子育て支援　　（単位：千円）」: a heading stating its table's unit names the section too
            if (name := _heading(line, False)) and _UNIT_AT_END.search(line.norm) and key(name) != key(doc.title):
                category, office = name, heading_office(line)
            continue
        if header is not None and (_other_header(line) or _unnamed_header(line, header)):
            header = None
            continue
        cells = _fields_of(line, header) if header else None
        if header is not None and _leads(line, lines, header):
            lead = line  # 「放課後児童クラブ施設整備費補助金」 over 「（追加分）  120,000 …」: the next row's name
            continue
        continued = header is not None and _continues_cells(line, header)
        if rows and not rows[-1].total and rows[-1].last_line == line.index - 1 and line.cells and not continued \
                and line.indent > lines[rows[-1].line].indent and not _is_row(cells) \
                and (_describes(line.norm) or _describing(rows[-1]) or _explains(line, lines[rows[-1].line], rows[-1].cells.get("title"))):
            # Indented under a row and describing it (「・…」, or after one, 「※継続費　総額 3,480,000千円…」): the whole
            # line is the description, whatever columns its spaces make and whatever figures it holds.
            rows[-1].extra.setdefault("summary", []).extend([line.cells[0], line.cells[-1]])
            rows[-1].last_line = line.index
            continue
        if header is None or cells is None or line.separator == "rule":
            if line.separator == "rule" or L.RULE_LINE.match(line.norm):
                continue  # a rule between rows (「－－－－」) closes the row above: never its description
            if rows and not rows[-1].total and rows[-1].last_line == line.index - 1 and (
                    _describes(line.norm) or _describing(rows[-1]) or _explains(line, lines[rows[-1].line], rows[-1].cells.get("title"))):
                rows[-1].extra.setdefault("summary", []).append(line.cells[0])  # 「・…」 under a row: what it does
                rows[-1].last_line = line.index
                continue
            if (rows and not rows[-1].total and len(line.cells) == 1 and len(line.norm) <= 30
                    and figure(line.norm) is None and rows[-1].last_line == line.index - 1
                    and not SECTION.match(line.norm) and not PAGE_NUMBER.match(line.norm)
                    and not ENCLOSED.match(line.norm.strip())  # 「＜防災安全課＞」 under a wrapped row: a heading
                    and not line.norm.startswith(("※", "=", "注"))):
                wrapped = "department" if _department_under(rows[-1], line.norm) else "title"
                rows[-1].extra.setdefault(wrapped, []).append(line.cells[0])  # a wrapped name, no separators
                rows[-1].last_line = line.index
                continue
            name = _heading(line, header is not None)
            # (a numbered heading the contents above listed, 「（３）産業振興」, is the heading itself, not a page header)
            if name and (header is None or key(line.norm) not in preamble or _NUMBERED.match(line.norm.strip())) \
                    and key(name) != key(doc.title) \
                    and key(line.norm) not in running:
                # (a heading above the first table counts too, the document's title not)
                category, office = _under(category, name), heading_office(line)
            continue
        budget = cells.get("budget")
        value = _money(budget.norm) if budget else None
        title = cells.get("title")
        if value is None and not _is_row(cells) \
                and not any(_money(c.norm) is not None for f, c in cells.items() if f in MONEY):
            # No figure: a wrapped row (its cells continue the row above) or a heading written in the table.
            only = [c for c in cells.values() if c.raw]
            numbered = (number := cells.get("number")) is not None and bool(number.norm.strip())
            if header.separator == "pipe" and (numbered or unpriced == line.index - 1):
                # 「｜ 10｜…要望…｜…引き続き検討…｜｜｜教育委員会｜」: a numbered row of a ruled table with no figure is a
                # row of its own (no program), and so are the lines continuing it; none continues the row above
                unpriced = line.index
                continue
            if rows and not rows[-1].total and rows[-1].last_line == line.index - 1 and only \
                    and not (len(only) == 1 and SECTION.match(only[0].norm)):
                for name, cell in cells.items():
                    if cell.raw and name != "number":
                        # (a ruled row continuing the row above cell by cell keeps each cell in its column)
                        # (a note, 「※この資料で紹介した事業の合計であり…」, is never a wrapped name)
                        field_name = "summary" if _describes(cell.norm) or cell.norm.startswith(("※", "注")) or (
                            not continued and (
                            _describing(rows[-1]) or _explains(line, lines[rows[-1].line], rows[-1].cells.get("title")))) \
                            else name
                        if field_name == "title" and _department_under(rows[-1], cell.norm):
                            field_name = "department"
                        rows[-1].extra.setdefault(field_name, []).append(cell)
                rows[-1].last_line = line.index
            elif only and (name := _heading(heading := _alone(line, only), True)) and key(line.norm) not in running \
                    and (key(line.norm) not in preamble or _NUMBERED.match(line.norm.strip())):
                # (a page header repeating a line above the first header heads nothing; a numbered heading the contents
                # above listed is the heading itself)
                category, office = _under(category, name), heading_office(heading)
            continue
        if title is None:
            # 「| 合計 |  |  | 70,700 |」: a total's label spanning the first columns (a colspan) stands in another
            # column than the title's
            title = next((c for c in cells.values() if c.raw and is_total(c.norm)), None) if value is not None else None
            if title is None:
                continue
            cells = {**{f: c for f, c in cells.items() if c is not title}, "title": title}
        if cells.get("category") is not None:
            category = cells["category"].norm  # a section column: its first row names the section
        name, _ = strip_markers(title.norm)
        total = is_total(name)
        begun = lead.cells if lead is not None and lead.index == line.index - 1 and not total else []
        rows.append(_Row(line.index, line.index, cells, category=None if header.summary else category, unit=_unit(header, unit),
                         total=total, labels=header.labels, summary=header.summary,
                         lead=[c for c in begun if not c.norm.strip().isdigit()], composed=header.composed,
                         office=None if header.summary else office))
        lead = None
    return rows, headers


# A line that is a department alone (「商工政策課」; 「こども家庭センター」 is not: only 課/室/局/係/部 close one).
_DEPARTMENT_LINE = re.compile(r"[（(〔［【]?\s*[^\s\d。、（(][^\d。、（）()]{0,20}?(?:課|室|局|係|部)\s*[)）〕］】]?")


# A row's own number written in its name cell (「2　ＬＰガス料金…」, NFKC 「2 LPガス…」): not part of the name.
_ROW_NUMBER = re.compile(r"^\s*\d{1,3}[\s.．、]\s*(?=[^\d\s])")


def _leads(line: Line, lines: list[Line], header: Header) -> bool:
    """Whether a line without figures starts the name of the row right below it: one cell, no deeper than that
    row's name, and the row's own name a continuation (「（追加分）」「支援事業」: bracketed or without a marker of
    its own), so a heading (「２ 産業振興」) or a note is never one."""
    numbered = len(line.cells) == 2 and line.cells[0].norm.strip().isdigit()  # 「1　医療機関・…物価高騰」
    if (len(line.cells) != 1 and not numbered) or _describes(line.norm) \
            or (figure(line.norm) is not None and not numbered) \
            or line.norm.startswith(("※", "=", "注")) or _DEPARTMENT_LINE.fullmatch(line.norm.strip()):
        return False
    below = lines[line.index + 1] if line.index + 1 < len(lines) else None
    cells = _fields_of(below, header) if below is not None and below.norm else None
    if not _is_row(cells):
        return False
    name = cells["title"].norm.strip()
    return below.indent >= line.indent and bool(_CONTINUED_NAME.match(name))


# The second line of a wrapped name: a bracketed part (「（追加分）」) or a generic tail (「支援事業」「対策支援事業」);
# a heading (「２ 産業振興」) is never followed by one.
_CONTINUED_NAME = re.compile(r"^(?:[（(][^）)]{1,12}[)）]|(?:支援|推進|対策|整備|促進|強化|確保|改善){0,3}"
                             r"(?:事業費?|費|補助金|交付金)(?![^\s（(]))")


def _department_under(row: _Row, text: str) -> bool:
    """Whether a line under a row (「商工政策課」) is who runs the program: a department alone (no name ends in
    課/室/局/係/部), in a row that names no department yet."""
    return ("department" not in row.cells and "department" not in row.extra
            and bool(_DEPARTMENT_LINE.fullmatch(text.strip())))


def _glued_flags(programs: list[Program]) -> None:
    """「新規こども誰でも通園事業」「拡充放課後児童クラブ運営事業」: a document that glues its markers to the names
    (two rows or more do) has them stripped into flags; 新規 only from a row without a previous year's figure,
    since a name may start with it (新規就農者支援事業). In place."""
    glued = [(p, m) for p in programs if p.kind == "program" and (m := _GLUED.match(p.title))]
    if len(glued) < 2:
        return
    for program, match in glued:
        flag = match.group("flag")
        if flag.endswith("新規") and program.budget is not None and program.budget.previous_year is not None:
            continue
        program.title = match.group("rest")
        program.flags = [flag, *[f for f in program.flags if f != flag]]


_TRAILING_OFFICE = re.compile(r"[【〔［\[]\s*(?P<dept>[^】〕］\]]{1,20}(?:課|室|局|係|部|センター|事務所))\s*[】〕］\]]\s*$")
_GLUED = re.compile(r"^(?P<flag>一部新規|新規|拡充)(?P<rest>[^\s・、（(]{4,}.*)$")


def _describes(text: str) -> bool:
    """A line under a row that says what the program does (「・県内のこども食堂のネットワーク化…」), by its bullet
    (vocabulary [titles] description_bullets): never a wrapped name."""
    return text.lstrip().startswith(tuple(vocabulary()["titles"]["description_bullets"]))


def _is_row(cells: dict[str, Cell] | None) -> bool:
    """Whether a line's cells make a row of the table: a name (not a note or a bullet) and a figure in the budget
    column (「　　ヤングケアラー支援体制構築事業　　24,300　　児童相談課」, indented but a row)."""
    if not cells or "title" not in cells or "budget" not in cells:
        return False
    title = cells["title"].norm.lstrip()
    # 「国際沿岸防災協力推進事業｜事項要求｜―」: an item requested without a figure is a row all the same
    priced = _money(cells["budget"].norm) is not None or compact(cells["budget"].norm) in vocabulary()["request"]["no_amount"]
    return priced and not title.startswith(("※", "*", "注")) and not _describes(title)


# The end of a whole program name (「…支援事業」「…補助金」「…（ドクターヘリ運航）」): nothing of the name wraps after it.
_WHOLE_NAME = re.compile(r"(?:事業|金|費|料|制度|計画|[)）])$")


def _explains(line: Line, row_line: Line, title: Cell | None = None) -> bool:
    """A sentence indented under a row (「　　令和７年度住民税非課税世帯（約12,900世帯）に対し、…給付する。」): what the
    program does, written without a bullet. A wrapped name is short and has no full stop, and starts where the name
    does: a line starting further right under a whole name (「放課後児童クラブ運営支援事業」 over 「放課後児童クラブ（412
    か所）の運営費及び…」) describes it."""
    text = line.norm.strip()
    if line.indent <= row_line.indent:
        return False
    if "。" in text or len(text) > 30:
        return True
    first = line.cells[0].norm.strip() if line.cells else text
    if title is None or not title.raw or re.fullmatch(r"[(（].*[)）]", first) or L.OFFICE_END.search(first):
        return False  # 「（トイレカー・段ボールベッド）」 under a name: a part of it; 「保健体育課」: its office
    column = text_width(row_line.raw[:max(0, title.start - row_line.start)])
    return line.indent > column and bool(_WHOLE_NAME.search(strip_markers(title.norm)[0]))


def _describing(row: _Row) -> bool:
    """Whether the row's last continuation line was a description (「・…」): the lines after it continue that."""
    extras = [(c.start, name) for name, cells in row.extra.items() for c in cells]
    return bool(extras) and max(extras)[1] == "summary"


def _unit(header: Header, unit: tuple[str, int] | None) -> tuple[str, int] | None:
    """The unit of a row's budget figure: its column's own header unit, else the table's unit line."""
    for i, name in header.columns.items():
        if name == "budget" and i in header.units:
            return header.units[i]
    return unit


def _amount(cell: Cell | None, unit: tuple[str, int] | None, label: str, period: str,
            kind: str | None = None) -> Amount | None:
    """An Amount from a bare figure cell scaled by the unit; None when the cell holds no figure (「－」, empty).

    `amount.text` is the cell as written, `start`/`end` its span; yen is None when no unit was stated.
    """
    if cell is None:
        return None
    value = figure(cell.norm)
    stated = _money(cell.norm) if value is None else None  # 「24,860千円」: the cell's own unit
    if value is None and stated is None:
        return None
    fiscal = label_of(label, period)
    if stated is not None:
        yen: int | None = int(stated)
    else:
        yen = int((value * unit[1]).to_integral_value()) if unit else None
    return Amount(yen=yen, text=cell.raw, label=label, fiscal_year=fiscal.year,
                  budget_kind=kind if kind is not None else fiscal.kind, start=cell.start, end=cell.end)


# Sections of a plan's row: its cells by field -> (section name, heading when the header gives none).
_PLAN_SECTIONS = {"facility": ("施設名", "施設名"), "work": ("事業区分", "事業区分"), "funding": ("財源", "財源")}


def _cell_sections(text: str, row: _Row, key: str, cell: Cell, name: str, heading: str,
                   pieces: bool = True) -> list[Section]:
    """A cell as sections: one over its lines when it wraps inside a ruled column (`normalize.framed_cell` reads it
    whole), else one for its first line and one for each piece on the row's lines below (「学校施設環境改善交付金」 over
    「学校教育施設等整備事業債」 in an aligned table: one span over both would hold the columns between them); with
    `pieces` False, the first line alone."""
    end = _wrapped_end(text, row, key, cell)
    cells = [cell] if end > cell.end or not pieces else [cell, *row.extra.get(key, [])]
    return [Section(name=name, heading=heading, start=c.start, end=end if c is cell else c.end) for c in cells]


def _plan_sections(text: str, row: _Row, flags: list[str]) -> list[Section]:
    """The sections a facility plan's row adds (its facility, its kind of work, the funds it draws on, its cost by year):
    each named cell as a section under its header's words, a cell wrapped over the row's lines as one section when its
    column is ruled (`normalize.framed_cell`), else one per line; a 事業区分 column of words, not markers (「長寿命化改修」
    where another table writes 新規/継続), as the kind of work; the year columns (「R8…R12」) as one 年度別事業費 section."""
    out: list[Section] = []
    for name, (section, heading) in _PLAN_SECTIONS.items():
        column = name
        if name == "work" and "work" not in row.cells and (marked := row.cells.get("flag")) is not None \
                and not flags_in(marked.norm) and len(compact(marked.norm)) >= 2:
            column = "flag"  # (「継」 alone is a marker the vocabulary does not list, no kind of work)
        cell = row.cells.get(column)
        if cell is None or not cell.raw.strip() or (name in ("facility", "work") and row.composed):
            continue  # (a composed title holds its facility and work already: its 事業名 section)
        out += _cell_sections(text, row, column, cell, section, row.labels.get(column, heading))
    years = sorted((c for name, c in row.cells.items() if name.startswith(YEAR)), key=lambda c: c.start)
    if years and any(figure(c.norm) is not None for c in years):
        out.append(Section(name="年度別事業費", heading=row.labels.get("years", "年度別事業費"), start=years[0].start,
                           end=years[-1].end))
    return out


def _written(cell: Cell, unit: tuple[str, int] | None) -> str:
    """A bare figure as an answer quotes it: the digits as written and the table's unit (「77,705千円」); a cell
    that writes its unit, as written."""
    return f"{cell.raw}{unit[0]}" if unit and figure(cell.norm) is not None else cell.raw


_EXTENSION = re.compile(r"内線\s*(\d{2,6})")
_OFFICE_PHONE_NOTE = re.compile(r"\s*[(（]\s*(?:内線|TEL|Tel|電話|℡|☎)[^()（）]*[)）]?\s*$")


def _program(doc: Document, lines: list[Line], row: _Row, period: str) -> Program | None:
    """A program (or a total) from a table row; None when its budget cell holds no figure."""
    labels = row.labels
    title_cell = row.cells["title"]
    raw_title = "".join(c.norm for c in row.lead) + title_cell.norm + "".join(c.norm for c in row.extra.get("title", []))
    if row.composed and (work := row.cells.get("work")) is not None:
        # a plan without 事業名: the facility and the work done to it (「汐見東小学校」「長寿命化改修」), as its writer
        # names the work
        raw_title += work.norm + "".join(c.norm for c in row.extra.get("work", []))
    name, flags = strip_markers(_ROW_NUMBER.sub("", raw_title))
    # A marker column, or a 備考 cell that holds nothing but markers (「新規」「拡充」「廃止」: what the table's note says
    # its 備考 marks), flags the row.
    for marked in (row.cells.get("flag"), row.cells.get("summary")):
        if marked is not None:
            flags += [f for f in flags_in(marked.norm) if f not in flags]
    title = tidy_title(name)
    budget_cell = row.cells.get("budget")
    current = _amount(budget_cell, row.unit, labels.get("budget", ""), period)
    if current is None or budget_cell is None:
        return None
    previous = _amount(row.cells.get("previous"), row.unit, labels.get("previous", "前年度"), period, "前年度")
    if previous is not None and previous.fiscal_year is None and current.fiscal_year is not None:
        previous.fiscal_year = current.fiscal_year - 1
    change = _amount(row.cells.get("change"), row.unit, labels.get("change", "増減"), period, "")
    label = labels.get("budget", "")
    era = L.ERA_YEAR.search(label) or L.ERA_YEAR.search(period)
    # 「うちふるさと納税充当額」 beside 「総事業費」: the part a fund or donations pay, a うち of the budget
    part = _amount(row.cells.get("part"), row.unit, labels.get("part", "充当額"), period, current.budget_kind)
    budget = Budget(yen=current.yen, text=budget_cell.raw, amount_text=_written(budget_cell, row.unit), label=label,
                    year=era.group(0) if era else "", fiscal_year=current.fiscal_year,
                    budget_kind=current.budget_kind, start=budget_cell.start, end=budget_cell.end,
                    previous_year=previous, change=change, uchi=[part] if part is not None else [])
    first, last = lines[row.line - 1 if row.lead else row.line], lines[row.last_line]
    start, end = first.start + len(first.raw) - len(first.raw.lstrip()), last.start + len(last.raw.rstrip())
    name_start = row.lead[0].start if row.lead else title_cell.start  # a name begun on the line above its figures
    sections = [Section(name="事業名", heading=labels.get("title", "事業名"), start=name_start,
                        end=_wrapped_end(doc.text, row, "title", title_cell) if not row.lead else title_cell.end),
                Section(name="予算額", heading=label or "予算額", start=budget_cell.start, end=budget_cell.end)]
    department = row.cells.get("department") or next(iter(row.extra.get("department", [])), None)
    summary = row.cells.get("summary")
    tail = row.extra.get("summary", [])
    if summary is not None or tail:
        first_cell = summary if summary is not None else tail[0]
        # (a 備考 column is headed so: remarks, not what the program does)
        remarks = labels.get("summary", "") if re.search(r"備考|摘要", labels.get("summary", "")) else ""
        sections.append(Section(name="概要", heading=remarks or "主な内容", start=first_cell.start,
                                end=tail[-1].end if tail else first_cell.end))
    sources = sorted((c for name, c in row.cells.items() if name.startswith("source:")), key=lambda c: c.start)
    # 国庫支出金｜県支出金｜…｜一般財源 (or a block's 「財源内訳　国庫支出金　137　県債　230」): the budget's breakdown by
    # source, quoted, never the budget
    if any(figure(c.norm) is not None or re.search(r"\d", c.norm) and not year_of(c.norm) for c in sources):
        sections.append(Section(name="財源内訳", heading="財源内訳", start=sources[0].start, end=sources[-1].end))
    # 「補助率｜5.5/10」「対象｜都道府県、市町村」: a column no field names is a section under its header's words
    # (a cell wrapped inside its column runs on over the row's lines below: `normalize.framed_cell` reads it whole)
    # (a ruled table's wrapped cell that `framed_cell` cannot join stays its first line, as it always was)
    if (part_cell := row.cells.get("part")) is not None and part_cell.raw.strip():
        heading = without_note(labels.get("part", "充当額")).strip() or "充当額"  # (「…充当額（円）」: its unit is no name)
        sections.append(Section(name=heading, heading=heading, start=part_cell.start, end=part_cell.end))
    sections += [section for name, cell in row.cells.items() if name.startswith(OTHER) and cell.raw.strip()
                 for section in _cell_sections(doc.text, row, name, cell, name.removeprefix(OTHER),
                                               name.removeprefix(OTHER), pieces=lines[row.line].separator != "pipe")]
    if (period := row.cells.get("period")) is not None and period.raw.strip():
        sections.append(Section(name="事業期間", heading=labels.get("period", "事業期間"), start=period.start,
                                end=period.end))
    sections += _plan_sections(doc.text, row, flags)
    contacts = []
    dept = department.norm.strip(" 　（）()〔〕［］【】") if department else ""
    # 「危機管理部防災危機管理課（内線2231）」: the extension or phone in brackets after the office is its contact, no name
    dept = _OFFICE_PHONE_NOTE.sub("", dept)
    if not dept and row.category and all(_names_office(part) for part in row.category.split(" ")):
        dept = row.category  # rows grouped under 「＜産業振興課＞」「【農林水産部】」 with no office column: that office's
    if not dept and not row.total:
        dept = row.office or ""  # 「■１　学校教育系施設（担当：教育委員会 学校教育課）」 over rows naming no office
    more = [c for c in row.extra.get("department", []) if c is not department and c.norm.strip(" 　")]
    if dept and more and department is row.cells.get("department"):
        # 「健康福祉部」 over 「医療政策課」 in a wrapped office cell: the office is both lines
        # (「教育委員会 生涯学」 over 「習課」: a word the cell's width cut runs on without a space)
        for cell in more:
            dept += ("" if not re.search(r"(?:課|室|係|部|局|所|センター|委員会)$", dept) else " ") + cell.norm.strip(" 　")
    if department is not None:
        sections.append(Section(name="担当・連絡先", heading="担当課", start=department.start,
                                end=more[-1].end if more and department is row.cells.get("department") else department.end))
    elif summary is not None and (office := _TRAILING_OFFICE.search(summary.raw)) is not None:
        # 「…定員を120人増やす。【こども家庭課】」: the office in corner brackets closing the summary cell.
        dept = office.group("dept").strip()
        sections.append(Section(name="担当・連絡先", heading="担当課", start=summary.start + office.start("dept"),
                                end=summary.start + office.end("dept")))
    extension = _EXTENSION.search(department.norm) if department is not None else None
    if extension is not None and not L.PHONE.search(department.norm):
        # 「危機管理部防災危機管理課（内線2231）」: the office's extension, its contact (the 代表 number is the document's)
        contacts.append(Contact(dept=dept, phone=f"内線{extension.group(1)}", start=department.start, end=department.end))
    for cell in [c for c in row.cells.values()] + [c for cs in row.extra.values() for c in cs]:
        for phone in L.PHONE.finditer(cell.norm):
            at = cell.start + (phone.start() if len(cell.raw) == len(cell.norm) else 0)
            number = re.sub(r"\s|[‐－−―]", lambda m: "" if m.group().isspace() else "-", phone.group())
            contacts.append(Contact(dept=dept, phone=number, start=at,
                                    end=at + len(phone.group()) if len(cell.raw) == len(cell.norm) else cell.end))
    # 「合　　計　　361,120」: a total printed letter-spaced, its word split over two cells
    joined = compact(doc.text[title_cell.start:budget_cell.start]) if len(title) == 1 else ""
    spaced_total = len(joined) <= 4 and is_total(joined)
    if spaced_total:
        title = joined
    kind = "total" if row.total or row.summary or spaced_total else "program"
    categories = [] if row.total and is_grand_total(title) else [row.category] if row.category else []
    return Program(id=program_id(doc.name, f"{title}:{row.line}"), title=title, category=categories[-1] if categories
                   else None, categories=categories, department=dept or None, document=doc.name, start=start,
                   end=end, budget=budget, contacts=contacts, sections=sections, kind=kind, flags=flags,
                   repeat=is_repeat(flags))


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's figure lines that are rows of a table under a recognised header.

    Returns:
        0 without a header row (事業名 and a budget column at least), 0.01 with a header but no rows; otherwise the share of figure lines that are
        rows with a figure in the budget column, times min(1, rows / 3).
    """
    # (columns padded with full-width spaces, as offices align them, are space-separated too)
    if not any("|" in ln.norm or "\t" in ln.raw or "｜" in ln.raw or "  " in ln.raw.strip() or "\u3000\u3000" in ln.raw.strip()
               for ln in lines):
        return 0.0
    rows, headers = _rows(doc, lines)
    if not headers:
        return 0.0
    own = sum(1 for r in rows if "budget" in r.cells and _money(r.cells["budget"].norm) is not None and not r.summary)
    if not own:
        return 0.01  # a header without rows still names the layout, so that the empty reading is reported
    return round(min(1.0, own / max(1, figure_lines(lines))) * min(1.0, own / 3), 3)


def heading_totals(doc: Document, lines: list[Line], categories: set[str], period: str) -> list[Program]:
    """The figure a heading states for the rows under it (「### 柱Ⅱ …の強靱化（54億5,360万円）」), as a total row of
    that heading (kind "total", titled as the heading), for each heading some row stands under."""
    totals = []
    for line in lines:
        match = _HEADING_FIGURE.search(line.norm)
        if match is None or (name := _heading(line, True)) is None or name not in categories:
            continue
        amount = AMOUNT_RE.search(match.group("amount"))
        yen = amount_yen(amount) if amount else None
        if yen is None:
            continue
        at = match.start("amount")
        start, end = (line.start + o for o in raw_span(line.raw, at, match.end("amount"), line.norm))
        fiscal = label_of("", period)
        budget = Budget(yen=yen, text=doc.text[start:end], amount_text=doc.text[start:end], start=start, end=end,
                        fiscal_year=fiscal.year, budget_kind=fiscal.kind)
        totals.append(Program(id=program_id(doc.name, f"total:{name}:{line.index}"), title=name, document=doc.name,
                              start=line.start, end=line.end, budget=budget, kind="total",
                              sections=[Section(name="予算額", start=start, end=end)]))
    return totals


def _offices_carried_down(read: list[tuple[_Row, Program]]) -> None:
    """A row whose office cell is blank under a row that names one is that office's (「所管課欄が空欄の行は、上の行と
    同じ所管課です」: an Excel list's merged or blank cells), down to the group's 小計 (a total ends the group)."""
    last: str | None = None
    for row, program in read:
        if program.kind != "program" or "department" not in row.labels:
            last = None
        elif "department" in row.cells and program.department:
            last = program.department
        elif not program.department and last:
            program.department = last


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs (kind "program") and totals (kind "total") of every table in the document, in order.

    A table whose figures carry no unit anywhere gives programs without yen and a warning in `doc.warnings`.
    """
    return finish_reading(doc, table_programs(doc, lines), "table row(s)")


def table_programs(doc: Document, lines: list[Line]) -> list[Program]:
    """The programs and totals of `read`, in order, before the reading is finished (its warnings, its pages): for a
    reader whose document holds tables among other parts (`field_blocks`: blocks of labelled lines and tables)."""
    rows, _ = _rows(doc, lines)
    period = doc.period or doc.title
    read = [(row, p) for row in rows if (p := _program(doc, lines, row, period))]
    _offices_carried_down(read)
    programs = [p for _, p in read]
    programs += heading_totals(doc, lines, {row.category for row in rows if row.category}, period)
    programs.sort(key=lambda p: p.start)
    _glued_flags(programs)
    return programs

