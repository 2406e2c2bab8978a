"""Tables of programs: CSV, JSON and JSON-lines files (optionally gzip-compressed) read through a mapping.

A text file (.txt, .md) whose content is a delimited sheet (an Excel export saved under a text name: comma- or
tab-separated rows under a header row that names a title column, nearly every row as wide as the header) is read as
that sheet, as its .csv or .tsv would be (`text_sheet`).

A table `NAME.csv`, `NAME.json`, `NAME.jsonl` (or the same with `.gz`) is read when its mapping lies beside it:
`NAME.csv.mapping.toml` (the data file's name with its format; `NAME.csv.gz.mapping.toml` too) or
`NAME.mapping.toml`. A data file without either is named in the corpus's skipped list with the mapping file it
looked for (`unmapped_tables`). The mapping says which field holds what:

    records = "data.items"            # JSON only: dotted path to the list of rows (absent: top-level list)
    skip_rows = 1                     # CSV only: rows above the header (a title line; found by itself unmapped)
    id = "projectId"                  # optional; program ids are `<NAME>-<id value>` (else the row number)
    title = "projectName"             # required
    budget = "budgetAmount_yen"       # the amount as written (「7,619,000千円」) ...
    budget_unit = "円"                # ... or a bare number in 円 / 千円 / 百万円 / 億円
    previous = "令和6年度"            # last year's figure, in the budget's unit
    amounts = ["令和5年度"]            # further figures (another year's column), in the budget's unit
    year = "令和7年度当初"             # a fixed label, or { field = "budgetTitle" }
    ministry = "ministry"             # a field, or { value = "厚生労働省" } (also { field = "…" })
    department = "bureau"             # also fills in a contact's department when it gives only phones
    contact = "tantou"                # a field, or a list of fields, holding departments and phones:
                                      # 「子育て支援課 092-711-4178」, read like a 担当 line of a document
    category = "categories"           # a string or a list of headings ...
    category_order = "inner-first"    # ... given outer-first (default) or inner-first
    flags = "kubun"                   # a column of markers (新規 / 拡充) read as the row's flags
    [sections]                        # section name -> field
    "目的" = "purpose"                # (TOML needs non-ASCII keys quoted)

The file becomes one `Document` (kind "table") whose text is a plain rendering generated here, one block per
row, so that citations index stored text exactly:

    [行 1] 事業名：地域外来・検査センターの設置とＰＣＲ・抗原検査の実施
    府省庁：厚生労働省
    分類：第１  検査体制の充実… ＞ （１）ＰＣＲ等の検査体制のさらなる強化
    年度：令和２年度 厚生労働省第二次補正予算（案）の概要
    予算額：３６６億円
    概要：新型コロナウイルス感染症の…

Values are rendered exactly as given (full-width characters, inner spaces and even U+FFFD marks of a
mis-decoded source stay) except for what text cannot hold: surrounding whitespace, control characters and
lone surrogates are dropped and line breaks become "\\n". Titles also lose their list markers
(「○  地域外来…」 -> 「地域外来…」; ・ ■ （１） 【１】 ① too) and line breaks, so that a title is one line.

A row whose category is the title of another priced row (予算案関係資料 list a program, then its parts under a
category named after it) is that row's part (`parent_id`): a sum adds the program once, a count says how many are
parts.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import math
import re
import tomllib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from qa.ingest.amounts import find_amounts
from qa.ingest.headers import (
    account_names,
    column_label,
    describe,
    english_field,
    figure_columns,
    header_unit,
    infer_mapping,
    year_column,
)
from qa.ingest.layout import PHONE
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import fold_radicals, nfkc
from qa.ingest.readers import CONFIG_FILES, UnreadableDocument, visible
from qa.ingest.vocabulary import (
    compact,
    flags_in,
    is_grand_total,
    is_repeat,
    is_total,
    strip_markers,
    total_owner,
)
from qa.ingest.vocabulary import vocabulary as ingest_vocabulary
from qa.ingest.xml_records import xml_value
from qa.ingest.years import ERA_YEAR, FiscalLabel, label_of

TABLE_FORMATS = (".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".xml")
# Formats read as rows of cells under a header row (a spreadsheet's first sheet with a header, for .xlsx).
SHEET_FORMATS = (".csv", ".tsv", ".xlsx")
MAPPING_SUFFIX = ".mapping.toml"
# Text files an office may save a sheet as (「名前を付けて保存」 of a CSV under .txt): read as the sheet they hold.
TEXT_SHEET_SUFFIXES = (".txt", ".md", ".markdown")
# Rows of a text file looked at to tell a sheet.
_TEXT_SHEET_ROWS = 200
UNITS: dict[str, int] = {"円": 1, "千円": 1_000, "百万円": 1_000_000, "億円": 100_000_000}
ORDERS = ("outer-first", "inner-first")
# Sections whose bare numbers are amounts in the budget's unit: a funding breakdown, what was spent (執行額, 決算額).
_MONEY_SECTIONS = ("財源", "執行", "決算", "支出済", "不用")
_KEYS = {"records", "skip_rows", "id", "title", "budget", "budget_unit", "previous", "amounts", "year", "ministry", "department", "contact", "category",
         "category_order", "flags", "sections"}
# Characters dropped from values: C0/C1 controls except tab and newline, and lone surrogates (json.loads
# lets "\ud800" through; they cannot be encoded to UTF-8 when the document is stored).
_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# List markers a title may start with, half- or full-width (\d and \s match both): ○ ● ■ ・ …, （1）, 【1】,
# ①, and 「1.」 followed by a space (a bare 「1.5倍…」 is not a marker).
_TITLE_MARK = re.compile(r"^(?:[○◯●◎■□◆◇▼▽▲△☆★◦•・･\-*＊]\s*|[(（]\s*\d{1,3}\s*[)）]\s*"
                         r"|[【\[［〔]\s*\d{1,3}\s*[】\]］〕]\s*|\d{1,2}[.．]\s+|[①-⑳㉑-㉟㊱-㊿]\s*)+")
# A cell holding only a dash (「－」「―」「-」): no figure, as the genre marks a year without a budget.
_NONE_MARK = re.compile(r"[-‐‑‒–—―−ー]+")
_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(?:\.[0-9]+)?")  # after NFKC: full-width digits are ASCII
# No budget comes near 10^20 yen; a bigger number is noise (and would not serialise as a plain integer).
_TOO_BIG = 10**20
_UNSAFE_ID = re.compile(r"[\s/\\?#%\x00-\x1f]+")


@dataclass(frozen=True)
class Value:
    """A mapped value: read from `field` of each row, or the fixed `value` for every row."""

    field: str | None = None
    value: str | None = None
    more: tuple[str, ...] = ()  # further fields joined after the first (a 部局 column, then a 課 column)

    def of(self, row: dict[str, Any]) -> Any:
        """The raw value for a row (None when the row lacks the field); with `more`, the non-empty values of all
        the fields joined by a space (「健康福祉部 子ども家庭課」)."""
        if self.field is None:
            return self.value
        if not self.more:
            return row.get(self.field)
        parts = [str(v).strip() for f in (self.field, *self.more) if (v := row.get(f)) not in (None, "")]
        return " ".join(p for p in parts if p) or None


@dataclass
class Mapping:
    """A parsed `NAME.mapping.toml`; field names are the table's own keys or column headers."""

    title: str
    records: str | None = None
    id: str | None = None
    budget: str | None = None
    budget_unit: str | None = None
    previous: str | None = None
    year: Value | None = None
    ministry: Value | None = None
    department: Value | None = None
    category: str | None = None
    category_order: str = "outer-first"
    flags: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    contact: list[str] = field(default_factory=list)
    skip_rows: int = 0  # CSV rows above the header (a title line, a unit note) that are not records
    # Further figures in the budget's unit (a multi-year list's third year, 「令和5年度」): each a line and a section
    # named by its column, so that the figure is quoted with its year.
    amounts: list[str] = field(default_factory=list)

    def fields(self) -> list[str]:
        """Every field name the mapping reads from rows (each must occur in at least one row)."""
        names = [self.title, self.id, self.budget, self.previous, self.category, self.flags, *self.sections.values(),
                 *self.contact, *self.amounts]
        names += [f for v in (self.year, self.ministry, self.department) if v is not None for f in (v.field, *v.more)]
        return [n for n in names if n is not None]


def split_name(path: Path) -> tuple[str, str, bool] | None:
    """(NAME, format, gzipped) of a table file name, e.g. rs2025-projects.csv.gz -> ("rs2025-projects", ".csv",
    True); None when the name is not .csv/.json/.jsonl with an optional .gz."""
    name = path.name
    gz = name.lower().endswith(".gz")
    if gz:
        name = name[:-3]
    for fmt in TABLE_FORMATS:
        if name.lower().endswith(fmt) and len(name) > len(fmt):
            return name[: -len(fmt)], fmt, gz
    return None


def _parts(path: Path) -> tuple[str, str, bool] | None:
    """`split_name` of a table file, or for a text file holding a sheet (`text_sheet`) (NAME, ".csv" or ".tsv",
    False): the format its rows are read in."""
    parts = split_name(path)
    if parts is not None or not path.name.lower().endswith(TEXT_SHEET_SUFFIXES):
        return parts
    fmt = text_sheet(path)
    return (path.name[: -len(path.suffix)], fmt, False) if fmt else None


def text_sheet(path: Path) -> str | None:
    """".csv" or ".tsv" when a text file's content is a delimited sheet (see the module docstring), else None; read
    once per version of the file."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _text_sheet_once(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _text_sheet_once(path: str, mtime_ns: int, size: int) -> str | None:
    try:
        text = _read_text(Path(path), False)
    except UnreadableDocument:
        return None
    # (tabs first: a tab-separated sheet's cells hold commas of their own, 「1,200」; a .csv's delimiter is a comma, or
    # the semicolon of a locale whose decimal mark is the comma)
    comma = _delimiter(text)
    for fmt, delimiter in ((".tsv", "\t"), *([(".csv", comma)] if comma != "\t" else [])):
        if delimiter not in text:
            continue
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                         _TEXT_SHEET_ROWS))
        except csv.Error:
            continue
        header = _header_row(rows)
        if header is None:
            continue
        index, names, _ = header
        width = len(rows[index])
        body = [r for r in rows[index + (2 if names else 1):] if any(c.strip() for c in r)]
        # An export writes every cell of every row: each row as wide as the header, where prose split at its commas
        # (「1,200千円」) or a pasted table's heading lines are not.
        if width < 3 or len(body) < 2 or any(len(r) != width for r in body):
            continue
        # A tab-separated table typed or pasted line by line is the text layouts' (`text_table` reads its merged
        # cells and wrapped rows); one whose cells are quoted, holding line breaks or tabs, is a sheet's export,
        # which only a CSV reader splits into rows.
        if delimiter == "\t" and not any("\n" in c or "\t" in c for r in body for c in r):
            continue
        return fmt
    return None


def mapping_candidates(path: Path) -> list[Path]:
    """The mapping files a table file is read with, most specific first: `NAME.csv.gz.mapping.toml` (for a .gz),
    `NAME.csv.mapping.toml` (the data file's format), `NAME.mapping.toml`; empty for other files."""
    parts = _parts(path)
    if parts is None:
        return []
    stem, fmt, gz = parts
    names = ([path.name] if gz else []) + [stem + path.name[len(stem):len(stem) + len(fmt)], stem]
    return [path.with_name(name + MAPPING_SUFFIX) for name in names]


def mapping_path(path: Path) -> Path | None:
    """The mapping of a table file: the first of `mapping_candidates` that exists, else where the usual one
    (`NAME.mapping.toml`) would be; None for other files."""
    candidates = mapping_candidates(path)
    return next((m for m in candidates if m.is_file()), candidates[-1] if candidates else None)


def is_table(path: Path) -> bool:
    """A .csv/.json/.jsonl file (optionally .gz) with its mapping file beside it, or whose header names its
    columns (`qa.ingest.headers`)."""
    mapping = mapping_path(path)
    return mapping is not None and (mapping.is_file() or _inferred(path) is not None)


def _inferred(path: Path) -> dict[str, Any] | None:
    """The mapping a table's own header implies (None for other files or a header naming no title column); read
    once per version of the file, however often the corpus is listed."""
    parts = _parts(path)
    if parts is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return _inferred_once(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _inferred_once(path: str, mtime_ns: int, size: int) -> dict[str, Any] | None:
    parts = _parts(Path(path))
    if parts is None:
        return None
    if parts[1] in (".json", ".xml"):
        return _inferred_json(Path(path), parts[1], parts[2])
    if parts[1] in SHEET_FORMATS:
        return _inferred_csv(Path(path), parts[1], parts[2])
    return infer_mapping(_column_names(Path(path), parts[1], parts[2]))


# Offices put a title line (「令和８年度北陽県当初予算　主要事業一覧」) or a unit note above a CSV's header; the header
# is the first of these rows whose names give a title column.
_HEADER_SEARCH_ROWS = 10


def _as_record(names: list[str], row: list[str]) -> dict[str | None, Any]:
    """A CSV row as `csv.DictReader` gives it: missing cells None, extra cells listed under the key None."""
    record: dict[str | None, Any] = {name: (row[n] if n < len(row) else None) for n, name in enumerate(names)}
    if len(row) > len(names):
        record[None] = row[len(names):]
    return record


# A cell of a header's second row: a label (「令和８年度」「前年度」「当初」「R7」), never a record's value.
_SUBHEADER_CELL = re.compile(r"^[^\d,，]{1,12}$|^(?:令和|平成|R|H|FY)?\s*[\d元]{1,4}\s*年?度?[^\d,，]{0,6}$", re.IGNORECASE)


# A header cell's note in brackets (「（千円）」「（新規／拡充）」).
_BRACKETED_NOTE = re.compile(r"^[（(][^（）()]{1,12}[)）]$")


def merged_header(header: list[str], below: list[str]) -> list[str] | None:
    """The column names of a two-row header as Excel exports print it (「予算額」 over two cells, 「令和８年度」
    「令和７年度」 under them): each cell under a span named by its own label before the span's (「令和８年度予算額」);
    a second row of bracketed notes under filled cells (「（千円）」) adds each to its column's name (its unit);
    None when the row under the header is no such second row.

    A second row holds only short labels (no figure, no sentence: a record's row has its figures) and fills at least
    one cell under an empty header cell that a filled one to its left spans, or only bracketed notes under filled ones.
    """
    # (a header cell merged down over both rows, 「番号」, holds its name in each: no label of its own below)
    cells = [c.strip() if n >= len(header) or c.strip() != header[n].strip() else "" for n, c in enumerate(below)]
    filled = [n for n, c in enumerate(cells) if c]
    if not filled or any(not _SUBHEADER_CELL.match(nfkc(cells[n])) for n in filled):
        return None
    if sum(bool(h.strip()) for h in header) < 2:
        return None  # 「令和8年度 北ノ浦村 主要事業一覧,,,」: a title line over the header, no header of its own
    names = [h.strip() for h in header] + [""] * max(0, len(cells) - len(header))
    if all(_BRACKETED_NOTE.match(nfkc(cells[n])) for n in filled) and all(names[n] for n in filled):
        # 「（千円）」「（新規／拡充）」 under filled header cells: each a note on its column's header (its unit)
        return [f"{name}{cells[n]}" if n < len(cells) and cells[n] else name for n, name in enumerate(names)]
    spanned = [n for n in filled if not names[n] and any(names[m] for m in range(n))]
    repeated = [n for n in filled if names[n] and sum(names[m] == names[n] for m in filled) >= 2]
    if repeated and len(repeated) == len(filled):
        # 「予算額;予算額」 over 「令和８年度（千円）;令和７年度（千円）」: a span written in each of its cells
        return [f"{cells[n]}{name}" if n < len(cells) and cells[n] else name for n, name in enumerate(names)]
    if not spanned:
        return None
    merged, parent = [], ""
    for n, name in enumerate(names):
        parent = name or parent
        label = cells[n] if n < len(cells) else ""
        merged.append(f"{label}{parent}" if label and (name or parent) else name)
    return merged


def _sheet_rows(path: Path, fmt: str, gz: bool, limit: int | None = None) -> list[list[str]]:
    """The rows of a sheet file as cell texts (the first `limit` only, when given): a CSV, a tab-separated file, or
    an Excel workbook's first sheet whose opening rows hold a header naming a title column (else its first sheet),
    read on through the rows of the workbook's other sheets under the same header.
    Excel values as a reader sees them: whole numbers without 「.0」, dates as ISO dates, empty cells "".

    Raises:
        UnreadableDocument: the file cannot be read (a broken workbook, bad text).
        csv.Error: a CSV line that cannot be parsed.
    """
    if fmt != ".xlsx":
        text = _read_text(path, gz)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if fmt == ".tsv" else _delimiter(text))
        return list(itertools.islice(reader, limit))
    import openpyxl  # a well-kept reader of the format; imported only for workbooks

    # (a workbook of an office's size is read whole, so that its merged cells are known; a very large one streams)
    whole = path.stat().st_size <= _MERGES_READ_BYTES
    try:
        book = openpyxl.load_workbook(path, read_only=not whole, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, ValueError ...: any broken workbook is named, not raised
        raise _fail(path, f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from exc

    def rows_of(sheet: Any, last: int | None) -> list[list[str]]:
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(max_row=last, values_only=True)]
        # A cell merged down over rows (「部局」「区分」 of a group of programs, written once) holds its value in each
        # of them, as the sheet shows it; a merge across columns (a title, a 合計 label) stays in its first cell.
        for merged in getattr(sheet, "merged_cells", None) and sheet.merged_cells.ranges or ():
            if merged.min_col != merged.max_col or merged.min_row - 1 >= len(rows):
                continue
            column, value = merged.min_col - 1, rows[merged.min_row - 1][merged.min_col - 1] \
                if merged.min_col - 1 < len(rows[merged.min_row - 1]) else ""
            for r in range(merged.min_row, min(merged.max_row, len(rows))):
                if column < len(rows[r]) and not rows[r][column].strip():
                    rows[r][column] = value
        return rows

    def filled(row: list[str]) -> list[str]:
        return [c.strip() for c in row if c.strip()]

    def header_of(sheet: Any) -> list[str] | None:
        """The header row (its filled cells) the sheet's opening rows hold, naming a title column; None if none."""
        return next((cells for row in rows_of(sheet, _HEADER_SEARCH_ROWS) if infer_mapping(cells := filled(row))), None)

    try:
        if not book.worksheets:
            return []
        # A workbook of 事業シート, one program per sheet as a form (「事業名」「所管」「令和8年度予算額」 down column A, each
        # value beside its label): one row per form, its labels the columns; a contents sheet beside them is no table.
        # (read to the sheet's last row at most: asking a whole workbook's sheet for rows past its end adds them)
        forms = [pairs for sheet in book.worksheets if sheet.max_row
                 and (pairs := form_pairs(rows_of(sheet, min(_FORM_ROWS, sheet.max_row)))) is not None]
        if len(forms) >= 2:
            return forms_as_rows(forms)[:limit]  # (a slice to None is the whole)
        # The sheet is chosen by its opening rows (its header); a workbook that splits one table over several sheets
        # (a 部局別 list, a sheet per 部局, each under the same header) is read on through the others' rows below
        # their own header. A sheet of another header (a summary) is no part of it.
        headed = [(sheet, header) for sheet in book.worksheets if (header := header_of(sheet)) is not None]
        if not headed:
            return rows_of(book.worksheets[0], limit)
        (first, header), rest = headed[0], headed[1:]
        rows = rows_of(first, limit)
        same = [sheet for sheet, other in rest if other == header]
        if same:
            # One table split over sheets named by what groups their rows (a 部局別 list: 「総務部」「健康福祉部」 …):
            # each row carries its sheet's name in a column of its own (`SHEET_COLUMN`), the rows' heading.
            at = next(i for i, row in enumerate(rows) if filled(row) == header)
            rows = [row + [SHEET_COLUMN if i == at else first.title if i > at else ""] for i, row in enumerate(rows)]
        for sheet in same:
            if limit is not None and len(rows) >= limit:
                break
            more = rows_of(sheet, None)
            at = next(i for i, row in enumerate(more) if filled(row) == header)
            rows += [row + [sheet.title] for row in more[at + 1:]]
        return rows[:limit] if limit is not None else rows
    finally:
        book.close()


# At most this many rows of a sheet are read to tell a form (a 事業シート is one page).
_FORM_ROWS = 80
# A unit in brackets closing a form's label (「令和8年度予算額（千円）」): moved onto the label's bare figure.
_LABEL_UNIT = re.compile(r"\s*[（(]\s*(千円|円|万円|百万円|億円)\s*[)）]\s*$")


# The label a form's title line is kept under (`form_pairs`), never a column of the table made of the forms.
_FORM_TITLE = "\0title"


def form_pairs(rows: list[list[str]]) -> list[tuple[str, str]] | None:
    """A sheet read as a form: (label, value) for each row whose first cell is a label, the row's other cells its
    value (joined by spaces); rows with an empty first cell continue the label above (a 財源内訳's lines), on lines of
    their own. None unless the labels, read as a table's column names, name a title and at least two other roles
    (budget, department, …): a table whose first column is 事業名 has program names under it, no other roles.

    Args:
        rows: the sheet's rows as cell texts.

    Returns:
        (label, value) pairs in the sheet's order, a label's bracketed unit moved onto its bare figure
        (「令和8年度予算額（千円）」 and 「168420」 → 「令和8年度予算額」, 「168420千円」), or None.
    """
    pairs: list[list[str]] = []
    headings = set(ingest_vocabulary()["forms"]["header_words"])
    for row in rows:
        cells = [c.strip() for c in row]
        first, rest = (cells[0] if cells else ""), " ".join(c for c in cells[1:] if c)
        if first in headings and rest in headings:
            continue  # 「項目｜内容」 over the form: its columns' names, no field of the program
        if first and not rest and not pairs:
            pairs.append([_FORM_TITLE, first])  # 「令和8年度 梅ノ木町 事業シート」 over the form: what the sheet is
            continue
        if first:
            unit = _LABEL_UNIT.search(first)
            label = first[:unit.start()] if unit else first
            value = f"{rest}{unit.group(1)}" if unit and re.fullmatch(r"[\d,.]+", rest) else rest
            pairs.append([label, value])
        elif rest and pairs:
            pairs[-1][1] = f"{pairs[-1][1]}\n{rest}".strip()
    found = infer_mapping([label for label, _ in pairs if label != _FORM_TITLE])
    if found is None or len(set(found) & {"budget", "previous", "department", "contact", "category", "flags"}) < 2:
        return None
    return [(label, value) for label, value in pairs]


def forms_as_rows(forms: list[list[tuple[str, str]]]) -> list[list[str]]:
    """Forms (`form_pairs`) as a table: a header of every label in the order first met, a row per form (a label
    written twice on one form has its values joined)."""
    # (the title over the first form, 「令和8年度 梅ノ木町 事業シート」, stands over the table as a sheet's title line
    # does: it names the document, and the year)
    title = next((value for label, value in forms[0] if label == _FORM_TITLE), None)
    header: list[str] = []
    for pairs in forms:
        header += [label for label, _ in pairs if label not in header and label != _FORM_TITLE]
    rows = [[title]] if title else []
    rows.append(header)
    for pairs in forms:
        values: dict[str, str] = {}
        for label, value in pairs:
            values[label] = f"{values[label]}\n{value}" if values.get(label) else value
        rows.append([values.get(label, "") for label in header])
    return rows


# The column a workbook's sheet names are read into when one table runs over several sheets (a heading of its rows).
SHEET_COLUMN = "シート名"
# Workbooks up to this size are loaded whole (their merged cells read); larger ones are streamed row by row.
_MERGES_READ_BYTES = 8 * 1024 * 1024


def _delimiter(text: str) -> str:
    """The separator of a .csv file: a comma, or the semicolon (or tab) that Excel writes where the comma is the
    decimal separator, whichever splits its opening lines into the same number of cells, most of them; figures
    written with thousands commas (「18,400;17,900」) do not make it comma-separated."""
    sample = [ln for ln in text.splitlines()[:20] if ln.strip()]

    def consistency(delimiter: str) -> tuple[float, int]:
        widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        if not widths:
            return 0.0, 0
        most = max(set(widths), key=widths.count)
        return (widths.count(most) / len(widths) if most > 1 else 0.0), most

    best = max((",", ";", "\t"), key=lambda d: (consistency(d), d == ","))
    return best if consistency(best)[0] > consistency(",")[0] else ","


def _cell_text(value: Any) -> str:
    """An Excel cell's value as text: 12400.0 -> 「12400」, a date -> 「2026-04-01」, None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat()
    return str(value)


def _inferred_csv(path: Path, fmt: str, gz: bool) -> dict[str, Any] | None:
    """The mapping of a sheet (CSV, TSV, Excel) without one: the first of its opening rows that reads as a header
    (`infer_mapping`); rows above it are skipped (`skip_rows`), and a title line among them names the document and,
    when it says one, the fiscal year of every row."""
    try:
        rows = _sheet_rows(path, fmt, gz, _HEADER_SEARCH_ROWS)
    except (UnreadableDocument, csv.Error):
        return None
    header_row = _header_row(rows)
    if header_row is None:
        return None
    index, names, found = header_row
    above = [cell.strip() for r in rows[:index] for cell in r if cell.strip()]
    header = names or rows[index]
    _marker_column(found, [dict(zip(header, r, strict=False)) for r in rows[index + (2 if names else 1):]])
    if index:
        found["skip_rows"] = index
    if above:
        found[DOCUMENT_TITLE] = above[0]
        year = _year_label(above[0])
        if year and "year" not in found:
            found["year"] = year
        unit = next((m.group(1) for cell in above if (m := _UNIT_NOTE.search(nfkc(cell)))), None)
        if unit and "budget" in found and "budget_unit" not in found:
            found["budget_unit"] = unit  # the budget column's bare numbers are in the unit the note states
    if "budget" in found and "budget_unit" not in found and isinstance(found["budget"], str):
        # No unit stated anywhere: a financial system's export writes yen (「412500000」). Budgets are set in thousands
        # of yen, so figures in yen end in 000 where figures in 千円 seldom all do (the warning naming the columns read
        # says unit=円).
        column = header.index(found["budget"]) if found["budget"] in header else None
        body = rows[index + (2 if names else 1):]
        figures = [c.replace(",", "").strip() for r in body if column is not None and column < len(r)
                   and re.fullmatch(r"\d{4,}", (c := r[column]).replace(",", "").strip())]
        # (and the smallest is a sum in yen, not a program of a hundred million yen written in 千円)
        if len(figures) >= 3 and all(f.endswith("000") for f in figures) and min(map(int, figures)) >= 100_000:
            found["budget_unit"] = "円"
    return found


def _header_row(rows: list[list[str]]) -> tuple[int, list[str] | None, dict[str, Any]] | None:
    """The header of a sheet's rows: (its index, the names of a two-row header or None, the mapping its names imply)
    for the first of the opening rows whose names give a title column; None when none does."""
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        names = merged_header(row, rows[index + 1]) if index + 1 < len(rows) else None
        found = infer_mapping([h.strip() for h in (names or row) if h.strip()], keep_rest=True)
        if found is not None:
            return index, names, found
    return None


def _inferred_json(path: Path, fmt: str, gz: bool) -> dict[str, Any] | None:
    """The mapping of a JSON file without one: a top-level list of records, or (an open-data export) an object
    holding lists of records beside its metadata, where the list whose keys name a title and a budget column
    wins (the most rows among equals: 「主な事業」 over a 4-row 「予算規模」), its path becoming `records`; a unit
    the metadata states (「単位」: 「百万円」) is the budget's when its column names none, and the name it gives
    itself becomes the document's title (`DOCUMENT_TITLE`, no mapping key)."""
    try:
        top = _structured(_read_text(path, gz), fmt)
    except (UnreadableDocument, ValueError, RecursionError):
        return None
    best: tuple[tuple[bool, int], dict[str, Any]] | None = None
    best_rows: dict[str, list[dict[str, Any]]] = {}
    for where, rows in _record_lists(top):
        if "[]" in where:
            rows = nested_rows(top, where) or []
        best_rows[where] = rows
        keys: dict[str, None] = {}
        for row in rows[:50]:
            keys.update((k, None) for k in row)
        found = infer_mapping(list(keys)) or _bare_title_mapping(list(keys))
        if found is None:
            continue
        rank = ("budget" in found, len(rows))
        if best is None or rank > best[0]:
            if where:
                found["records"] = where
            best = (rank, found)
    if best is None:
        return None
    found = best[1]
    where = found.get("records", "")
    _marker_column(found, best_rows.get(where, []))  # (nested rows were walked once, above)
    if isinstance(top, dict):
        unit = _stated_value(top, _UNIT_KEY, _unit_named)
        if unit and "budget" in found and "budget_unit" not in found:
            found["budget_unit"] = unit
        # 「対象年度」: 「令和7年度」, or a dataset name that says the year: every row's fiscal year.
        year = _stated_value(top, _YEAR_KEY, _year_label) or _stated_value(top, _TITLE_KEY, _year_label)
        if year and "year" not in found:
            found["year"] = year
        title = _json_title(top)
        if title:
            found[DOCUMENT_TITLE] = title
        totals = _summary_totals(top, where.split(".")[0].removesuffix("[]") if where else None)
        if totals:
            found[SUMMARY_TOTALS] = totals
    return found


# An account's or a total's name (一般会計, 国民健康保険特別会計, 水道事業会計, 合計, 総額).
_ACCOUNT_NAME = re.compile(r"[一-龥ぁ-んァ-ヶー・]*(?:会計|合計|総額|総計)")


def _summary_totals(top: dict[str, Any], records_key: str | None, depth: int = 0) -> list[tuple[str, Any, Any]]:
    """The accounts' totals a JSON export states outside its records (「"summary": {"general_account":
    {"budget_amount": 48620000000, "prev_budget_amount": …}}」): (the account as the genre names it, its budget
    value, last year's value or None), in file order; [] when it states none. Objects two levels deep at most."""
    out: list[tuple[str, Any, Any]] = []
    for name, value in top.items():
        if name != records_key and isinstance(value, list):
            # 「"accounts": [{"name": "国民健康保険特別会計", "budget_amount": …}, …]」: each account by its name
            for item in value:
                named = next((str(v) for v in item.values() if isinstance(v, str) and _ACCOUNT_NAME.fullmatch(v)),
                             None) if isinstance(item, dict) else None
                if named and (total := _account_figures(named, item)) is not None:
                    out.append(total)
            continue
        if name == records_key or not isinstance(value, dict):
            continue
        account = account_names().get(str(name).lower()) or (str(name) if _ACCOUNT_NAME.fullmatch(str(name)) else None)
        if account and (total := _account_figures(account, value)) is not None:
            out.append(total)
        elif depth < 1:
            out += _summary_totals(value, None, depth + 1)
    return out


def _account_figures(account: str, stated: dict[str, Any]) -> tuple[str, Any, Any] | None:
    """(account, its budget value, last year's value or None) of an object stating an account's figures under keys
    a table's header would name them by; None when no key names a budget."""
    columns = figure_columns([str(k) for k in stated])
    if columns is None:
        return None
    budget, previous = columns
    return account, stated[budget], stated.get(previous) if previous else None


def _bare_title_mapping(keys: list[str]) -> dict[str, Any] | None:
    """The mapping of a JSON or XML export's records whose program name is a bare "title" (an API's
    {"title": …, "budget_amount": …}), when a budget key stands beside it; None otherwise. (The header vocabulary
    leaves a bare "title" out: a passage file's lines have one, and .jsonl files are read as passages.)"""
    if "title" not in keys or "name" in keys:
        return None
    found = infer_mapping(["name" if k == "title" else k for k in keys])
    if found is None or found.get("title") != "name" or "budget" not in found:
        return None
    return {**found, "title": "title"}


def _marker_column(found: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """A column no header named as flags whose values are markers (「新規」「拡充」「継続」 under "type" or 「種別」): the
    rows' flags, in place; nothing when the header named one or no column reads so (80 % of its values, of up to
    50 rows, markers)."""
    if "flags" in found or not rows:
        return
    taken = {v for v in found.values() if isinstance(v, str)} | {
        x for v in found.values() if isinstance(v, list) for x in v if isinstance(x, str)}
    markers = set(ingest_vocabulary()["markers"]["flags"])
    for column in dict.fromkeys(k for r in rows[:50] if isinstance(r, dict) for k in r):
        if not isinstance(column, str) or column in taken:
            continue
        values = [v for r in rows[:50] if isinstance(r, dict) and (v := clean(r.get(column)))]
        if len(values) >= 2 and sum(v in markers for v in values) >= 0.8 * len(values):
            found["flags"] = column
            return


def _json_title(top: dict[str, Any]) -> str | None:
    """The name a JSON export's metadata gives itself (「データセット名」: 「北浜市 令和7年度 主要事業一覧」), with its
    publisher when the name does not hold it; None without such metadata."""
    title = _stated_value(top, _TITLE_KEY, lambda v: v.strip() or None)
    publisher = _stated_value(top, _PUBLISHER_KEY, lambda v: v.strip() or None)
    if title and publisher and publisher.split()[0] not in title:
        return f"{publisher.split()[0]} {title}"
    return title or publisher


def _record_lists(node: Any, where: str = "", depth: int = 0) -> list[tuple[str, list[dict[str, Any]]]]:
    """Lists of flat records (dicts) in a JSON value, with their dotted paths ("" for the top), two levels deep;
    and records nested in a list of groups (an API's 「departments → programs」), whose path walks every group
    (`departments[].programs`, see `nested_rows`), each record carrying its group's fields."""
    if isinstance(node, list):
        rows = [r for r in node if isinstance(r, dict)]
        found = [(where, rows)] if len(rows) >= 2 and len(rows) >= len(node) // 2 else []
        return found + [(path, []) for path in _grouped_lists(where, rows, depth)]  # (their rows: `nested_rows`)
    if isinstance(node, dict) and depth < 2:
        return [found for key, value in node.items()
                for found in _record_lists(value, f"{where}.{key}" if where else str(key), depth + 1)]
    return []


def _grouped_lists(where: str, groups: list[dict[str, Any]], depth: int) -> list[str]:
    """Paths of record lists held by each item of a list of groups (every 部局 object holding its 事業 list): a key
    under which most groups hold a list of objects, walked in every group (`where[].key`), and the same again one
    level down (`where[].key[].key2`)."""
    if not where or depth > 3:
        return []
    keys: dict[str, int] = {}
    for group in groups:
        for key, value in group.items():
            if isinstance(value, list) and any(isinstance(v, dict) for v in value):
                keys[key] = keys.get(key, 0) + 1
    paths = []
    for key, count in keys.items():
        if 2 * count >= len(groups):
            path = f"{where}[].{key}"
            children = [r for g in groups for r in (g.get(key) or []) if isinstance(r, dict)]
            paths += [path, *_grouped_lists(path, children, depth + 1)]
    return paths


# What a group object's name is, by the list of groups it stands in (a department's name is the programs'
# department); a group list named otherwise gives its name under its own key (「departments.name」).
_GROUP_KINDS = (
    (re.compile(r"部局|部署|所管|担当|^局|^部$|^課|department|division|bureau|office|section|organi[sz]ation", re.I), "部局"),
    (re.compile(r"分野|政策|施策|柱|区分|categor|policy|policies|field|area|sector|theme|pillar", re.I), "分野"),
    (re.compile(r"府省|省庁|ministr|agenc", re.I), "府省庁"),
)
_NAME_FIELD = re.compile(r"^(?:name|title|label|名称|名前|名)$|_?name$|名$", re.I)


def _carried(list_key: str, group: dict[str, Any]) -> dict[str, Any]:
    """The plain fields of a group object that its records carry: its name as the kind of group it is (「部局」 for an
    item of 「departments」), its other fields under `list_key.field` (they describe the group, not the record)."""
    kind = next((name for pattern, name in _GROUP_KINDS if pattern.search(list_key)), None)
    out: dict[str, Any] = {}
    for key, value in group.items():
        if isinstance(value, (list, dict)) or value is None:
            continue
        if kind is not None and _NAME_FIELD.search(str(key)) and kind not in out:
            out[kind] = value
        else:
            out[f"{list_key}.{key}"] = value
    return out


def _joined(outer: dict[str, Any], inner: dict[str, Any]) -> dict[str, Any]:
    """An outer group's fields with an inner group's: a department inside a department (a 課 listed under its 部)
    is the path of both (「こども未来部 保育課」), as a 部局 column beside a 課 column reads."""
    out = {**outer, **inner}
    if "部局" in outer and "部局" in inner:
        out["部局"] = f"{outer['部局']} {inner['部局']}"
    return out


def nested_rows(top: Any, path: str) -> list[dict[str, Any]] | None:
    """The records at a records path: dotted keys (list indexes as digits) and, for a part ending in 「[]」, every
    item of that list walked in turn, each record carrying the plain fields of the groups it was found in
    (`_carried`); None when the path does not lead to a list."""
    rows: list[dict[str, Any]] = []

    def walk(node: Any, parts: list[str], carried: dict[str, Any]) -> bool:
        if not parts:
            if not isinstance(node, list):
                return False
            rows.extend({**carried, **r} if isinstance(r, dict) else r for r in node)
            return True
        part, rest = parts[0], parts[1:]
        if part.endswith("[]"):
            name = part[:-2]
            items = node.get(name) if isinstance(node, dict) else None
            if not isinstance(items, list):
                return False
            walked = [walk(item, rest, _joined(carried, _carried(name, item))) for item in items if isinstance(item, dict)]
            return any(walked)
        if isinstance(node, dict) and part in node:
            return walk(node[part], rest, carried)
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            return walk(node[int(part)], rest, carried)
        return False

    return rows if walk(top, path.split(".") if path else [], {}) else None


# Where an inferred mapping carries the name a JSON export's metadata gives itself (not a mapping key).
DOCUMENT_TITLE = "_document_title"
# Where it carries the totals a JSON export's summary states beside its records: [(account, budget, last year)].
SUMMARY_TOTALS = "_summary_totals"
_NOT_MAPPING = (DOCUMENT_TITLE, SUMMARY_TOTALS)
# Metadata fields of a JSON export: the unit of its figures (「単位」: 「百万円」), its year (「対象年度」), its name
# (「データセット名」) and its publisher (「作成者」, or the government an API names: "municipality": "北野市").
_UNIT_KEY = re.compile(r"単位|unit", re.IGNORECASE)
_YEAR_KEY = re.compile(r"年度|fiscal_?year", re.IGNORECASE)
_TITLE_KEY = re.compile(r"データセット名|資料名|文書名|タイトル|表題|名称|^title$|^name$|dataset", re.IGNORECASE)
# A unit a CSV's note above its header states (「※金額の単位は円。」「（単位：千円）」).
_UNIT_NOTE = re.compile(r"単位\s*(?:は|：|:)?\s*(百万円|千円|億円|円)")
_PUBLISHER_KEY = re.compile(r"作成者|公開者|発行者|提供者|自治体名?|団体名|publisher|author|municipality|prefecture",
                            re.IGNORECASE)


def _stated_value(top: dict[str, Any], key_pattern: re.Pattern[str],
                  read: Callable[[str], str | None]) -> str | None:
    """The first string field of the metadata whose key matches, read by `read` (None when it reads nothing): the
    top object's own fields first, then those of an object inside it (a metadata block: 「メタ情報」: {「単位」: …},
    an XML export's 「<meta unit="千円"/>」 read as 「meta@unit」)."""
    blocks = [top, *(value for value in top.values() if isinstance(value, dict))]
    for block in blocks:
        for key_, value in block.items():
            if isinstance(value, str) and key_pattern.search(str(key_)):
                found = read(nfkc(value))
                if found:
                    return found
    return None


# A unit said in English in an export's metadata (unit="yen", "thousand yen", "million yen").
_ENGLISH_UNITS = ((re.compile(r"million\s*(?:yen|jpy)|百万", re.IGNORECASE), "百万円"),
                  (re.compile(r"thousands?\s*(?:of\s*)?(?:yen|jpy)|1,?000\s*(?:yen|jpy)", re.IGNORECASE), "千円"),
                  (re.compile(r"^\s*(?:yen|jpy)\s*$", re.IGNORECASE), "円"))


def _unit_named(value: str) -> str | None:
    """The unit a metadata value names (「千円」「単位：百万円」, "thousand yen", "JPY"), None when it names none."""
    unit = max((u for u in UNITS if u in value), key=len, default=None)
    return unit or next((u for pattern, u in _ENGLISH_UNITS if pattern.search(value)), None)


def _year_label(value: str) -> str | None:
    """A fiscal-year label in a value (「令和7年度」), or None."""
    match = re.search(r"(令和|平成)\s*(\d+|元)\s*年度", value)
    return match.group(0) if match else None


def unmapped_tables(folder: Path) -> list[tuple[Path, list[Path]]]:
    """Data files of a folder (recursively, hidden ones excluded) that look like tables but have no mapping, each
    with the mapping files looked for; a plain `.jsonl` is a passage file, not listed."""
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file()
                                                      and visible(p, folder))
    return [(p, mapping_candidates(p)) for p in files
            if split_name(p) is not None and not p.name.lower().endswith(".jsonl") and p.name not in CONFIG_FILES
            and not is_table(p)]


def unmapped_reason(path: Path, mappings: list[Path]) -> str:
    """Why a table-like file is not read, in one line: the file itself cannot be opened (a broken workbook, bad
    text), or it opens but neither a mapping beside it nor its header names a title column."""
    parts = split_name(path)
    if parts is not None and parts[1] in SHEET_FORMATS:
        try:
            _sheet_rows(path, parts[1], parts[2], 1)
        except UnreadableDocument as exc:
            return str(exc).removeprefix(f"{path.name}: ")
        except csv.Error as exc:
            return f"not a readable {parts[1].lstrip('.').upper()} file ({exc})"
    return "no mapping: looked for " + " or ".join(m.name for m in reversed(mappings)) + " beside it"


def table_files(folder: Path) -> list[Path]:
    """Tables of a folder (recursively, hidden files excluded), in a stable order."""
    if folder.is_file():
        return [folder] if is_table(folder) else []
    return sorted(p for p in folder.rglob("*") if p.is_file() and visible(p, folder) and is_table(p))


def _fail(path: Path, reason: str) -> UnreadableDocument:
    """An UnreadableDocument with a one-line reason naming the file."""
    return UnreadableDocument(f"{path.name}: {' '.join(reason.split())}")


def _value_spec(raw: Any, key: str, where: Path, fixed_if_string: bool = False) -> Value:
    """A mapping entry as a Value: "name" (a field; a fixed label for `year`), {field=…} or {value=…}."""
    if isinstance(raw, str) and raw.strip():
        return Value(value=raw.strip()) if fixed_if_string else Value(field=raw)
    if isinstance(raw, list) and raw and all(isinstance(f, str) and f.strip() for f in raw) and not fixed_if_string:
        return Value(field=raw[0], more=tuple(raw[1:]))  # 「department = ["担当部局", "担当課"]」
    if isinstance(raw, dict) and len(raw) == 1:
        (kind, text), = raw.items()
        if kind in ("field", "value") and isinstance(text, str) and text.strip():
            return Value(field=text) if kind == "field" else Value(value=text.strip())
    raise _fail(where, f"mapping key '{key}' must be a name, a list of names, {{ field = \"…\" }} or {{ value = \"…\" }}")


def load_mapping(path: Path) -> Mapping:
    """Read and check a `NAME.mapping.toml`.

    Raises:
        UnreadableDocument: not TOML, an unknown key, a missing `title`, or a value of the wrong kind.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, f"not a readable mapping ({exc})") from exc
    return mapping_of(raw, path)


def mapping_of(raw: dict[str, Any], path: Path) -> Mapping:
    """Check the keys of a mapping (from its file at `path`, or inferred from a header) and build it.

    Raises:
        UnreadableDocument: as `load_mapping`.
    """
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise _fail(path, f"unknown mapping key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
    for key in ("records", "id", "title", "budget", "budget_unit", "previous", "category", "category_order", "flags"):
        if key in raw and not (isinstance(raw[key], str) and raw[key]):
            raise _fail(path, f"mapping key '{key}' must be a non-empty string")
    skip_rows = raw.get("skip_rows", 0)
    if not isinstance(skip_rows, int) or isinstance(skip_rows, bool) or skip_rows < 0:
        raise _fail(path, "mapping key 'skip_rows' must be a whole number of rows (0 or more)")
    contact = raw.get("contact", [])
    contact = [contact] if isinstance(contact, str) else contact
    if not isinstance(contact, list) or not all(isinstance(c, str) and c for c in contact):
        raise _fail(path, "mapping key 'contact' must be a field name or a list of field names")
    amounts = raw.get("amounts", [])
    amounts = [amounts] if isinstance(amounts, str) else amounts
    if not isinstance(amounts, list) or not all(isinstance(a, str) and a for a in amounts):
        raise _fail(path, "mapping key 'amounts' must be a field name or a list of field names")
    if "title" not in raw:
        raise _fail(path, "the mapping has no 'title' (the field holding the program name)")
    unit = raw.get("budget_unit")
    if unit is not None and unit not in UNITS:
        raise _fail(path, f"budget_unit '{unit}' is not one of {', '.join(UNITS)}")
    if unit is not None and "budget" not in raw:
        raise _fail(path, "budget_unit is given but not the budget field")
    order = raw.get("category_order", "outer-first")
    if order not in ORDERS:
        raise _fail(path, f"category_order '{order}' is not one of {', '.join(ORDERS)}")
    sections = raw.get("sections", {})
    if not isinstance(sections, dict) or not all(isinstance(k, str) and k.strip() and isinstance(v, str) and v
                                                 for k, v in sections.items()):
        raise _fail(path, "[sections] must map section names to field names (目的 = \"purpose\")")
    return Mapping(
        title=raw["title"], records=raw.get("records"), id=raw.get("id"), budget=raw.get("budget"), flags=raw.get("flags"),
        budget_unit=unit, previous=raw.get("previous"), category=raw.get("category"), category_order=order,
        year=_value_spec(raw["year"], "year", path, fixed_if_string=True) if "year" in raw else None,
        ministry=_value_spec(raw["ministry"], "ministry", path) if "ministry" in raw else None,
        department=_value_spec(raw["department"], "department", path) if "department" in raw else None,
        sections={k.strip(): v for k, v in sections.items()}, contact=list(dict.fromkeys(contact)),
        skip_rows=skip_rows, amounts=list(dict.fromkeys(amounts)),
    )


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 (BOM or not), else Shift_JIS as Japanese offices still export CSV."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail(path, "not UTF-8 or Shift_JIS text")


def _read_text(path: Path, gz: bool) -> str:
    """A table file's text, gunzipped and decoded.

    Raises:
        UnreadableDocument: unreadable, a bad gzip file, not UTF-8 or Shift_JIS, or empty.
    """
    try:
        data = path.read_bytes()
        if gz:
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise _fail(path, f"cannot read{' the gzip file' if gz else ''} ({exc})") from exc
    text = _decode(data, path)
    if not text.strip():
        raise _fail(path, "the file is empty")
    return text


def _structured(text: str, fmt: str) -> Any:
    """A .json file's value, or the JSON value an .xml file stands for (`qa.ingest.xml_records`).

    Raises:
        ValueError: the text does not parse.
    """
    return xml_value(text) if fmt == ".xml" else json.loads(text)


def _column_names(path: Path, fmt: str, gz: bool) -> list[str]:
    """The column names of a JSON-lines table without a mapping: the keys of its first 50 records; [] when the file
    cannot be read so. (Sheets and JSON or XML files are inferred by `_inferred_csv` and `_inferred_json`.)"""
    try:
        rows = [json.loads(ln) for ln in _read_text(path, gz).splitlines()[:50] if ln.strip()]
    except (UnreadableDocument, ValueError, RecursionError):
        return []
    keys: dict[str, None] = {}
    for row in rows:
        if isinstance(row, dict):
            keys.update((k, None) for k in row)
    return list(keys)


def _load_rows(path: Path, fmt: str, gz: bool, mapping: Mapping) -> tuple[list[Any], set[str] | None]:
    """The raw rows of a table, and for CSV the header names (None for JSON: keys are known per row).

    JSON-lines lines that do not parse become None rows (skipped and counted as bad rows later).
    """
    if mapping.records is not None and fmt not in (".json", ".xml"):
        raise _fail(path, "the mapping gives 'records', which only applies to .json and .xml files")
    if fmt in SHEET_FORMATS:
        try:
            reader = iter(_sheet_rows(path, fmt, gz))
            for _ in range(mapping.skip_rows):
                next(reader, None)
            names = next(reader, [])
            body = list(reader)
            if body and (merged := merged_header(names, body[0])) is not None:
                names, body = merged, body[1:]  # a two-row header: its second row named the columns under a span
            header = [h for h in names if h]
            rows: list[Any] = [_as_record(names, row) for row in body]
        except csv.Error as exc:
            raise _fail(path, f"not a readable CSV file ({exc})") from exc
        if not header:
            raise _fail(path, "the CSV file has no header row")
        return rows, set(header)
    text = _read_text(path, gz)
    if fmt == ".jsonl":
        rows = []
        for line in text.splitlines():
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except (ValueError, RecursionError):  # ValueError also covers ints over 4,300 digits
                    rows.append(None)
        return rows, None
    try:
        top = _structured(text, fmt)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, and ints over 4,300 digits
        raise _fail(path, f"not a readable {fmt[1:].upper()} file ({exc})") from exc
    if mapping.records and "[]" in mapping.records:
        rows = nested_rows(top, mapping.records)
        if rows is None:
            raise _fail(path, f"records path '{mapping.records}' not found")
        return rows, None
    node, walked = top, []
    for part in (mapping.records.split(".") if mapping.records else []):
        walked.append(part)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise _fail(path, f"records path '{mapping.records}' not found (no '{'.'.join(walked)}')")
    if not isinstance(node, list):
        where = f"'{mapping.records}'" if mapping.records else "the top level"
        raise _fail(path, f"{where} is not a list of records; set 'records' in the mapping to the list's path")
    return node, None


# Where a department's name ends and its numbers begin (「…鳥獣対策室 電話03-…」「…課 092-711-4178」).
_BEFORE_PHONE = re.compile(r"\s*(?:電話|内線|tel|℡|ＴＥＬ|☎)|\s*0\d{1,4}\s*[-‐－−―]", re.IGNORECASE)
# A figure alone (「6200」「6,200」「－」), as the values of a breakdown object are.
_FIGURE = re.compile(r"[\d,，.．]+|[-－―‐]")
# Keys of a contact object whose values are numbers to call (kept with the number they label).
_PHONE_LABEL = re.compile(r"電話|内線|tel|fax|ＴＥＬ|ＦＡＸ|直通|代表", re.IGNORECASE)


def clean(value: Any, unit: str | None = None) -> str:
    """A field value as display text: strings cleaned (see the module docstring), numbers as written,
    lists joined with 「、」, objects as JSON; None, NaN and empty values give "". With `unit` (a funding breakdown's,
    in the budget's unit), an object's bare figures are written with it (「地方債 83,200,000円」)."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, list):
        return "、".join(t for t in (clean(v) for v in value) if t)
    if isinstance(value, dict):
        figures = {k: v for k, v in value.items() if "@" not in str(k)}
        if figures and all(_FIGURE.fullmatch(clean(v)) for v in figures.values()):
            # 「財源内訳」: {"国庫支出金": "0", "その他": "4800", "その他@内容": "運賃収入", …}: each figure named by its
            # key, an XML attribute's note after it (「国庫支出金 0、その他（運賃収入） 4800、…」)
            notes = {str(k).split("@", 1)[0]: clean(v) for k, v in value.items() if "@" in str(k) and clean(v)}
            return "、".join(f"{k}{f'（{notes[k]}）' if k in notes else ''} {_with_unit(clean(v), unit or '')}"
                            for k, v in figures.items())
        named = {k: english_field(str(k)) for k in value}
        if any(named.values()):
            # an API's 「subsidy」: {"rate": "3/4", "cap_yen": 150000}: each value under the genre's name for its key,
            # a figure in the unit the key names (「補助率 3/4、上限 150,000円」), so that rates and caps are read
            return "、".join(f"{label} {_with_unit(text, unit)}" for k, v in value.items()
                            if (text := clean(v)) for label, unit in [named[k] or (str(k), "")])
        # 「担当」: {"局": "自然共生局", "課室": "鳥獣対策室", "電話": "03-…", "内線": "4520"}: the values as a line reads
        # them, a phone's label kept before its number (「自然共生局 鳥獣対策室 電話03-… 内線4520」)
        return " ".join(f"{k if _PHONE_LABEL.search(str(k)) else ''}{t}" for k, v in value.items()
                        if (t := clean(v)))
    text = _JUNK.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return fold_radicals(text).strip()  # as in documents: ⻑ (a radical) is 長, so searches find it


def _with_unit(text: str, unit: str) -> str:
    """「150000」 with the unit 円 its key named -> 「150,000円」; other text as it is."""
    return f"{int(text):,}{unit}" if unit and text.isdigit() else text


def clean_title(value: Any) -> str:
    """A program title as written, without leading list markers and on one line (breaks become spaces)."""
    return _TITLE_MARK.sub("", " ".join(clean(value).splitlines())).strip()


def _categories(value: Any, order: str) -> list[str]:
    """Category headings outer-first, from a string or a list given in `order`."""
    items = value if isinstance(value, list) else [value]
    names = [t for t in (clean(v) for v in items) if t]  # kept exactly (「第１  検査…」 keeps its two spaces)
    return names[::-1] if order == "inner-first" else names


@dataclass
class _Amount:
    """A budget cell read: exact yen (None when unreadable), the text as written, and whether it is 約."""

    yen: int | None
    text: str
    approx: bool = False
    unitless: bool = False


def _read_amount(value: Any, unit: str | None) -> _Amount | None:
    """Read a budget cell; None when it is empty.

    With `unit`, a bare number (JSON number or a string of digits with commas) is scaled by it and written
    back with thousands separators and the unit (33498000 円 -> 「33,498,000円」); anything else must carry its
    own unit (「３６６億円」「7,619,000千円」, kanji numerals too).
    """
    amount: Decimal | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        number = str(value)
        amount = Decimal(number)  # str() of an int or a finite float is always a valid Decimal (1e+20 too)
    else:
        number = clean(value)
        if not number or _NONE_MARK.fullmatch(nfkc(number)):
            return None  # an empty cell, or a dash (「－」「―」): nothing budgeted
        # 「△18,500」「▲1,200」: a reduction, as the genre writes a minus sign
        bare = re.sub(r"^[△▲]\s*", "-", nfkc(number))
        if _NUMBER.fullmatch(bare):
            amount = Decimal(bare.replace(",", ""))
    if amount is not None and abs(amount) >= _TOO_BIG:
        return _Amount(yen=None, text=number)
    if amount is not None:
        if unit is None:  # a bare number says nothing of its unit: not guessed
            return _Amount(yen=None, text=number, unitless=True)
        integral = amount == amount.to_integral_value()
        written = f"{int(amount):,}" if integral else f"{amount:,f}"
        if amount < 0 and re.match(r"^[△▲]", nfkc(number)):
            written = nfkc(number)[0] + written.lstrip("-")  # the document's own sign, 「△18,500千円」
        return _Amount(yen=int(amount * UNITS[unit]), text=f"{written}{unit}")
    found = find_amounts(nfkc(number))
    if not found:
        return _Amount(yen=None, text=number)
    match, yen = found[0]
    return _Amount(yen=yen, text=number, approx=bool(match.group("approx")))


class _Writer:
    """Builds the document text, handing out the exact span of every value written."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0

    def write(self, text: str) -> tuple[int, int]:
        """Append text; its (start, end) in the final document."""
        start = self.offset
        self.parts.append(text)
        self.offset += len(text)
        return start, self.offset

    def line(self, label: str, value: str) -> tuple[int, int]:
        """Write 「label：value」 and a line break; the span of the value."""
        self.write(f"{label}：")
        span = self.write(value)
        self.write("\n")
        return span

    def text(self) -> str:
        return "".join(self.parts)


def _safe_id(text: str) -> str:
    """An id part safe in a URL path segment (slashes, spaces, ?, #, % replaced)."""
    return _UNSAFE_ID.sub("-", text).strip("-")


_WORDS = re.compile(r"[一-龥ぁ-んァ-ヶa-zA-Z]{2}")
# A section's place before its name (「１　子育て・教育」「(2) 産業」), left out where the name names a total.
_PLACE_NUMBER = re.compile(r"^\s*[(（]?[\d０-９]{1,2}[)）]?[\s　.．、]*")


def _section_row(row: dict[str, Any], title_field: str) -> str | None:
    """The heading a row without a title states in another column (「,３　観光・国際,,,,」: a sheet's section row, one
    cell filled, saved as CSV), or None for any other row (empty, a total, a unit note, figures, marks)."""
    cells = [c for f, v in row.items() if f != title_field and isinstance(v, str) and (c := clean(v))]
    if len(cells) != 1 or any(clean(v) for v in row.values() if not isinstance(v, str)):
        return None
    text = cells[0]
    if len(text) > 40 or _UNIT_NOTE.search(nfkc(text)) or is_total(text) or not _WORDS.search(text) \
            or text.startswith(("※", "注", "*", "＊")) or "。" in text:
        return None  # a note (「※ 問い合わせは市役所代表から…。」) heads nothing
    return text


# A name cell that counts the programs of a total row (「5事業」「計 12件」): no program's name.
_PROGRAM_COUNT = re.compile(r"[(\[]?\s*(?:計\s*)?\d{1,4}\s*(?:事業|件|本)\s*[)\]]?")


@cache
def _ditto_marks() -> frozenset[str]:
    """Cells that repeat the cell above (「〃」「同上」), NFKC, from the vocabulary's [columns] ditto."""
    return frozenset(nfkc(m) for m in ingest_vocabulary()["columns"]["ditto"])


def _dittos_filled(row: dict[str | None, Any], last: dict[str | None, Any], title_field: str) -> dict[str | None, Any]:
    """A sheet's row with each cell that says 「same as above」 (〃, 同上) replaced by that column's value in the last
    program row; the name cell is kept (a 〃 there names no program)."""
    marks = _ditto_marks()
    return {f: last.get(f) if f != title_field and isinstance(v, str) and v.strip() and nfkc(v.strip()) in marks
            else v for f, v in row.items()}


def read_table(path: Path) -> tuple[Document, list[Program], list[str]]:
    """Read a table of programs through its mapping file.

    Args:
        path: NAME.csv / NAME.json / NAME.jsonl, optionally .gz, with NAME.mapping.toml beside it.

    Returns:
        One Document (kind "table", name = the file name, text = the rendering described in the module
        docstring), one Program per good row in file order (`row` = 0-based index among the file's rows,
        id `<NAME>-<id value>` or `<NAME>-<row + 1>`, budget in exact yen with its span on the 予算額 value),
        and warnings (rows skipped, budgets not read) as human-readable strings.

    Raises:
        UnreadableDocument: no mapping, a bad mapping, a mapping naming a field that no row has, an
            unreadable file (bad gzip, CSV or JSON, not a list of records) or no rows at all.
    """
    parts = _parts(path)
    mapping_file = mapping_path(path)
    if parts is None or mapping_file is None:
        raise _fail(path, "not a table (.csv, .json or .jsonl, optionally .gz)")
    stem, fmt, gz = parts
    inferred = None if mapping_file.is_file() else _inferred(path)
    if not mapping_file.is_file() and inferred is None:
        raise _fail(path, f"a table needs its mapping file {mapping_file.name} beside it")
    mapping = load_mapping(mapping_file) if inferred is None else mapping_of(
        {k: v for k, v in inferred.items() if k not in _NOT_MAPPING}, mapping_file)
    rows, header = _load_rows(path, fmt, gz, mapping)
    if not rows:
        raise _fail(path, "the table has no rows")
    present = header if header is not None else {k for r in rows if isinstance(r, dict) for k in r}
    missing = [f for f in dict.fromkeys(mapping.fields()) if f not in present]
    if missing:
        raise _fail(path, f"{mapping_file.name} names field(s) no row has: {', '.join(missing)}")

    out = _Writer()
    programs: list[Program] = []
    ids: set[str] = set()
    labels: dict[str, FiscalLabel] = {}  # label_of per distinct label: a fixed label is read once
    bad = unreadable = unitless = duplicate_ids = 0
    stated = priced = 0  # program rows whose budget cell holds something, and those read as yen
    first_label = ""
    section = ""  # the heading row the rows stand under (「,３　観光・国際,,,」 of a sheet saved as CSV)
    id_stem = _safe_id(stem) or "table"
    # (a sheet read from its own header, as offices export it; a mapped table, the national review's, has no
    # merged cells: its blank bureau is blank)
    sheet = fmt in (".csv", ".tsv", ".xlsx") and inferred is not None
    outer = mapping.department.field if sheet and mapping.department is not None and mapping.department.more else None
    above: Any = None  # the outer department of the last row that wrote one
    # Last year's figure named as its column names it: a multi-year list's 「令和6年度決算」 is no budget.
    previous_kind = (year_column(mapping.previous) or (0, ""))[1] if mapping.previous else ""
    previous_label = "前年度決算額" if "決算" in previous_kind else "前年度予算額"
    last: dict[str | None, Any] | None = None  # the last program row of a sheet as read: what its 〃 cells repeat
    for row_index, row in enumerate(rows):
        if not isinstance(row, dict):
            bad += 1
            continue
        if sheet and last is not None:
            row = _dittos_filled(row, last, mapping.title)
        title = clean_title(row.get(mapping.title))
        first = next((text for value in row.values() if (text := clean(value))), "")
        if title and _PROGRAM_COUNT.fullmatch(nfkc(title)):
            # 「,総務部　小計,,,5事業,,179,700」: the name column counts the programs a total row adds
            first = next((text for f, value in row.items() if f != mapping.title and (text := clean(value))), "")
            title = "" if is_total(first) else title
        closes = False  # a section's 小計 row, its heading the section's (not the 区分 cell that says 小計)
        if not title and is_total(first) and clean(row.get(mapping.budget)):
            # 「合計,,,2913000」: the table's total written in its first column, the name column blank
            title = first
            if section and not is_grand_total(first):
                # 「,小計,,,595,250」 closing a section: that section's total, named by it (four 「小計」 named none)
                title, closes = f"{_PLACE_NUMBER.sub('', section)} {first}", True
            elif outer is not None and above is not None and compact(first) in ("小計", "計"):
                # 「,,小計,,（4事業）,…」 under a 部局 column's merged cell: that 部局's total, named by it
                title, closes = f"{clean(above)} {first}", True
        if not title:
            heading = _section_row(row, mapping.title)
            if heading is None:
                bad += 1
            else:
                section = heading
            continue
        # Stable ids from the table's own key; a repeated or empty key falls back to the row number.
        raw_id = _safe_id(clean(row.get(mapping.id))) if mapping.id else ""
        # (a sheet's row without a key, a 小計 row, is named by its row number apart from the keys: 「6」 is the next
        # program's No)
        program_id = f"{id_stem}-{raw_id}" if raw_id else f"{id_stem}-{'row' if sheet and mapping.id else ''}{row_index + 1}"
        if program_id in ids:
            duplicate_ids += bool(raw_id)
            program_id = f"{id_stem}-{raw_id}-row{row_index + 1}" if raw_id else f"{program_id}-row"
        while program_id in ids:
            program_id += "+"
        ids.add(program_id)

        if outer is not None:
            # A sheet's merged cells come out blank below their first row (「商工労働部」 over three 課): the outer
            # part of a department written in two columns (部局, 担当課) is the one above when blank.
            if clean(row.get(outer)):
                if not is_total(clean(row.get(outer))):
                    above = row.get(outer)  # (「総務部　小計」 there closes 総務部: no department of the rows below)
            elif above is not None:
                row = {**row, outer: above}
        ministry = clean(mapping.ministry.of(row)) if mapping.ministry else ""
        department = clean(mapping.department.of(row)) if mapping.department else ""
        if sheet and is_total(title) and (department == title or is_total(department)):
            # 「総務部　小計」 in the 部局 column, 「小計」 in the 課 column: the total of 総務部, no department's name
            department = total_owner(title)
        if ministry and department.split(" ", 1)[0] == ministry:
            # (an agency's rows name the agency as their bureau, 「警察庁 警備局」: the ministry is said once)
            department = department.split(" ", 1)[1] if " " in department else department
        # A 担当 column read as the department that gives phones too (「自然共生局 鳥獣対策室 電話03-…」): the words
        # before the first number are the department; the whole is read for contacts below, as a contact column's.
        called = department if not mapping.contact and PHONE.search(nfkc(department)) else ""
        if called:
            department = _BEFORE_PHONE.split(called)[0].strip() or department
        categories = _categories(row.get(mapping.category), mapping.category_order) \
            if mapping.category and not closes else []
        # A 区分 column of markers (新規 / 拡充 / 継続) flags the row; it is no heading the row stands under.
        flags = flags_in(categories[0]) if len(categories) == 1 else []
        if flags:
            categories = []
        if not categories and section and not is_grand_total(title):
            categories = [section]
        if mapping.flags:
            flags += [f for f in flags_in(clean(row.get(mapping.flags))) if f not in flags]
        # 「【新規】こども食堂支援事業」: markers written in the name cell are flags, not part of the name.
        bare, marked = strip_markers(title)
        if marked and bare:
            title, flags = bare, [*marked, *(f for f in flags if f not in marked)]
        label = clean(mapping.year.of(row)) if mapping.year else ""
        first_label = first_label or label
        amount = _read_amount(row.get(mapping.budget), mapping.budget_unit) if mapping.budget else None
        before = _read_amount(row.get(mapping.previous), mapping.budget_unit) if mapping.previous else None

        if programs:
            out.write("\n")  # a blank line between row blocks
        start, _ = out.write(f"[行 {row_index + 1}] ")
        sections = [Section(name="事業名", heading="事業名", **_span(out.line("事業名", title)))]
        if ministry:
            out.line("府省庁", ministry)
        if department:
            out.line("部局", department)
        if categories:
            out.line("分類", " ＞ ".join(categories))
        if label:
            out.line("年度", label)
        budget = None
        if amount is not None:
            b_start, b_end = out.line("予算額", amount.text)
            sections.append(Section(name="予算額", heading="予算額", start=b_start, end=b_end))
            if label not in labels:
                labels[label] = label_of(label)
            fiscal = labels[label]
            era = ERA_YEAR.search(nfkc(label))
            budget = Budget(yen=amount.yen, text=amount.text, amount_text=amount.text, label=_budget_label(label),
                            year=era.group(0).strip() if era else "", fiscal_year=fiscal.year,
                            budget_kind=fiscal.kind, approx=amount.approx, start=b_start, end=b_end)
            unreadable += amount.yen is None and not amount.unitless
            unitless += amount.unitless
            if before is not None and before.yen is not None:
                p_start, p_end = out.line(previous_label, before.text)
                budget.previous_year = Amount(yen=before.yen, text=before.text, label="前年度",
                                              fiscal_year=fiscal.year - 1 if fiscal.year else None,
                                              budget_kind="前年度", approx=before.approx, start=p_start, end=p_end)
        if budget is None and before is not None and before.yen is not None and mapping.previous:
            # no budget this year but one last year (a program that ended, 「令和6年度で終了」): last year's figure
            # kept under its column's name, so that it is still quoted with its year
            name = column_label(mapping.previous)
            sections.append(Section(name=name, heading=name, **_span(out.line(name, before.text))))
        if not is_total(title):
            stated += amount is not None
            priced += amount is not None and amount.yen is not None
        for field_name in mapping.amounts:
            # another year's figure (「令和5年度：42,300千円」), in the budget's unit, named by its column
            figure = _read_amount(row.get(field_name), mapping.budget_unit)
            if figure is not None:
                name = column_label(field_name)
                sections.append(Section(name=name, heading=name, **_span(out.line(name, figure.text))))
        contacts: list[Contact] = []
        for field_name in mapping.contact:
            contacts += _row_contacts(out, clean(row.get(field_name)), department or ministry)
        if called:
            contacts += _row_contacts(out, called, department or ministry)
        if contacts:
            sections.append(Section(name="担当・連絡先", heading="担当", start=min(c.start for c in contacts),
                                    end=max(c.end for c in contacts)))
        for name, field_name in mapping.sections.items():
            # (a funding breakdown's figures, and what was spent, are in the budget's unit: 「地方債 83,200,000円」
            # 「執行額：12,229,406,000円」)
            # (a column whose header states its unit, 「うち寄附金充当額（円）」, holds figures in that unit)
            own_unit = header_unit(field_name)
            unit = own_unit or (mapping.budget_unit if name.startswith(_MONEY_SECTIONS) else None)
            value = clean(row.get(field_name), unit)
            if unit:
                value = _with_unit(value, unit)  # a bare figure (a CSV cell) in its column's unit
            if value:
                sections.append(Section(name=name, heading=name, **_span(out.line(name, value))))
        end = out.offset - 1  # the block ends before its last line break
        programs.append(Program(
            id=program_id, title=title, category=categories[-1] if categories else None, categories=categories,
            ministry=ministry or None, department=department or None, row=row_index, document=path.name,
            start=start, end=end, budget=budget, contacts=contacts, sections=sections, flags=flags,
            repeat=is_repeat(flags),  # 「（再掲）介護現場生産性向上支援事業」 under a second pillar: counted once
            # A row that sums the others (「合計」「歳出合計」「こども未来局計」) is the table's total, not a program.
            kind="total" if is_total(title) else "program"))
        if programs[-1].kind == "program":
            last = row

    if not programs:
        raise _fail(path, f"no usable rows ({bad} without a title or not a record)")
    if inferred is not None and mapping.year is not None and mapping.year.field and len(labels) > 1:
        # (a table read from its own header; a mapping that names a year field keeps each row a program of its year)
        programs = _years_joined(programs)
    for n, (account, stated, last) in enumerate(inferred.get(SUMMARY_TOTALS, []) if inferred else [], 1):
        total = _summary_total(out, f"{id_stem}-total-{n}", account, stated, last, mapping, first_label, path.name)
        if total is not None:
            programs.append(total)
    _link_parents(programs)
    warnings = []
    if bad:
        warnings.append(f"{path.name}: {bad} row(s) skipped (not a record or no title in '{mapping.title}')")
    if unreadable:
        warnings.append(f"{path.name}: {unreadable} budget(s) in '{mapping.budget}' not read as an amount (yen unknown)")
    if unitless:
        warnings.append(f"{path.name}: {unitless} budget(s) in '{mapping.budget}' are bare numbers; "
                        f"set budget_unit in {mapping_file.name}")
    if inferred is not None:
        warnings.append(f"{path.name}: no {mapping_file.name}; columns read from its header ({describe(inferred)})")
    rows_titled = sum(p.kind == "program" for p in programs)
    # Rows that should carry an amount: those whose budget cell holds one (a blank cell is no budget, as a list of
    # several years leaves a year without one), or every titled row when no cell at all was read as yen (no budget
    # column recognised in a header read without a mapping, or a column holding no figures): such a table is not
    # covered, whatever its rows say.
    # (a mapping file that names no budget column is the operator's word that the table has none: nothing expected)
    expected = stated if priced else 0 if inferred is None and not mapping.budget else rows_titled
    if expected and not priced:
        # (cells read without yen are warned of above, one by one; a table read with no amount at all is said so)
        warnings.append(f"{path.name}: no amount read for {expected - priced} of {expected} row(s) with a title"
                        + ("" if mapping.budget else
                           f": no column of its header names the budget (予算額, 令和7年度 …); set budget and "
                           f"budget_unit in {mapping_file.name}"))
    if duplicate_ids:
        warnings.append(f"{path.name}: {duplicate_ids} repeated value(s) of '{mapping.id}'; those rows got "
                        f"their row number added to the id")
    title = first_label if mapping.year is not None and mapping.year.field else path.name
    if inferred is not None:
        title = inferred.get(DOCUMENT_TITLE) or title  # a JSON export names itself (and so the city) in its metadata
    # `period` names the fiscal year of the whole file when its rows share one label (the usual case).
    doc = Document(name=path.name, path=str(path), text=out.text(), title=title, kind="table",
                   period=first_label if len(labels) <= 1 else "")
    if priced < expected:
        # rows read without their amounts: `qa.ingest.coverage.table_coverage` measures the table by them
        doc.amount_lines, doc.accounted_lines = expected, priced
    return doc, programs, warnings


def _years_joined(programs: list[Program]) -> list[Program]:
    """A table in long format (one row per program and fiscal year: 「令和6年度,…,町民バス運行事業,24860000」 then the
    same program's 令和7年度 and 令和8年度 rows) as one program per name: the newest year's row is the program, the
    row of the year before it its last year's figure (unless a column gave one), and every earlier row a section named
    by its year (「令和6年度」) over that row's block, so that 「令和6年度はいくら？」 quotes it. A program whose rows
    stop at an earlier year (ended) stays that year's program. Rows without a year, and totals, stay as they are.

    Returns:
        the programs in file order, earlier years' rows of a program folded into its newest one.
    """
    # (grouped with their budgets: only rows with a budget of a known year are grouped)
    groups: dict[tuple[str, str, str], list[tuple[Program, Budget, int]]] = {}
    for program in programs:
        budget = program.budget
        if program.kind == "program" and budget is not None and budget.fiscal_year is not None:
            groups.setdefault((program.title, program.ministry or "", program.department or ""), []).append(
                (program, budget, budget.fiscal_year))
    folded: set[int] = set()
    for rows in groups.values():
        if len({year for _, _, year in rows}) < 2:
            continue
        rows = sorted(rows, key=lambda row: row[2])
        newest, budget, year = rows[-1]
        for earlier, was, was_year in reversed(rows[:-1]):
            if was_year == year:
                continue  # two rows of one name in one year: two programs, as the table has them
            if was_year == year - 1 and budget.previous_year is None:
                budget.previous_year = Amount(yen=was.yen, text=was.amount_text, label="前年度", fiscal_year=was_year,
                                              budget_kind="前年度", approx=was.approx, start=was.start, end=was.end)
            name = was.label.removesuffix("予算額") or was.year
            newest.sections.append(Section(name=name, heading=name, start=earlier.start, end=earlier.end))
            folded.add(id(earlier))
    return [p for p in programs if id(p) not in folded]


def _summary_total(out: _Writer, program_id: str, account: str, stated: Any, last: Any, mapping: Mapping,
                   label: str, document: str) -> Program | None:
    """A total the export's summary states, written as a block of the document's text and read as its total line
    (kind "total"): the account's budget and last year's figure in the records' unit. None when not an amount."""
    amount = _read_amount(stated, mapping.budget_unit)
    if amount is None or amount.yen is None:
        return None
    before = _read_amount(last, mapping.budget_unit) if last is not None else None
    out.write("\n")
    start, _ = out.write("[概要] ")
    sections = [Section(name="事業名", heading="事業名", **_span(out.line("事業名", account)))]
    b_start, b_end = out.line("予算額", amount.text)
    sections.append(Section(name="予算額", heading="予算額", start=b_start, end=b_end))
    fiscal = label_of(label)
    budget = Budget(yen=amount.yen, text=amount.text, amount_text=amount.text, label=_budget_label(label),
                    year=label, fiscal_year=fiscal.year, budget_kind=fiscal.kind, approx=amount.approx,
                    start=b_start, end=b_end)
    if before is not None and before.yen is not None:
        p_start, p_end = out.line("前年度予算額", before.text)
        budget.previous_year = Amount(yen=before.yen, text=before.text, label="前年度",
                                      fiscal_year=fiscal.year - 1 if fiscal.year else None, budget_kind="前年度",
                                      approx=before.approx, start=p_start, end=p_end)
    return Program(id=program_id, title=account, categories=[], document=document, start=start,
                   end=out.offset - 1, budget=budget, sections=sections, kind="total")


def _budget_label(label: str) -> str:
    """How an answer names a row's figure, from its year label: a document's name that says its budget
    (「令和2年度 予算案関係資料」) up to the budget word (「令和2年度予算案」); a label naming none stays as written."""
    match = re.match(r"^(.*?予算(?:案)?(?:額)?)", re.sub(r"\s+", "", label))
    return match.group(1) if match else label


def _link_parents(programs: list[Program]) -> None:
    """A row with a category that is the title of another row with a budget (「国補公共事業」 under the category
    「公共事業」 of the row 「公共事業 127,419,000千円」) is a part of that row: its parent. In place.

    Records of 予算案関係資料 list a program and then its parts this way; the parent's figure already holds theirs,
    so a sum adds the parent only (`qa.facts.operations.summed`) and a count may leave the parts out.
    """
    by_title: dict[tuple[str, int | None], list[Program]] = {}
    for p in programs:
        if p.budget is not None and p.budget.yen:
            by_title.setdefault((p.title, None), []).append(p)
            # records of several years name one program in each (いじめ問題対策推進事業 of 平成31 and of 令和2): a
            # part's parent is the row of its own year
            by_title.setdefault((p.title, p.budget.fiscal_year), []).append(p)
    for p in programs:
        year = p.budget.fiscal_year if p.budget is not None else None
        # The deepest such row: whichever order the table lists categories in (outer or inner first, and a
        # mapping may say it wrongly), the row with the most categories of its own is the nearest parent.
        heads = [h[0] for c in p.categories
                 if len(h := by_title.get((c, year)) or by_title.get((c, None), [])) == 1 and h[0] is not p
                 and c not in h[0].categories]
        if heads:
            p.parent_id = max(heads, key=lambda h: len(h.categories)).id


def _row_contacts(out: _Writer, value: str, department: str) -> list[Contact]:
    """Write a contact field as a 「担当：…」 line and read its contacts like a 担当 line of a document (spans into
    the table's text); a contact giving only phones takes `department` (the row's 部局, else its 府省庁)."""
    if not value:
        return []
    from qa.ingest.structure import contacts_in  # structure reads documents; imported when a table needs it

    start, _ = out.line("担当", value)
    contacts = contacts_in(value)
    for contact in contacts:
        contact.start += start
        contact.end += start
        contact.dept = contact.dept or department
    return contacts


def _span(span: tuple[int, int]) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}
