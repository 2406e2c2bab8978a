"""Lists of programs written with labelled fields, in every way an office tabulates them, several in one paper.

Two forms use this reader, each with its vocabulary in a data file (a `Form`): a city's 事務事業見直し結果一覧
(`layouts.review_results`, data/review_results.toml) and a prefecture's 予算要求・査定状況一覧
(`layouts.assessments`, data/assessments.toml). Their programs stand grouped under the 部 or 課 that runs them
(「（１）総務部（5事業）」「■ 総務課」「第１　企画部」「1　危機管理防災部」) and are written as:

- a table framed by ｜, | or │ whose header names the fields (No.｜事業名｜所管課｜…｜予算額｜…); a row opens where its
  number (or, without a number column, its first line after a rule) stands and its cells wrap onto the lines below;
- columns aligned by spaces under such a header, with labelled lines under each row (「概要：…」「見直し内容：…」);
- a block per program opened by its number (「【No.12】…」「◆1-4　…」「No.4　…（住宅課）」「【2-1】…」) over labelled
  lines, a label set off by a colon or a gap, several on one line (「効果額　3,300千円　　実施時期　令和８年10月」), the
  two budgets on one (「予算額　R7：22,600千円　→　R8：19,300千円」), a value wrapping onto indented lines below, a
  labelled figure in brackets after a value its own value (「査定額：132,600千円（差引 ▲15,400千円）」);
- after a table, a block per row under the row's number or name (「（No.1）自主防災組織活性化支援事業」 over 「概要：…」
  「査定：…」): the row's own fields, read into the row's program (outside its span, as its sections).

A form may read totals too (`[totals]` of its data): a line 「危機管理防災部計（6事業）　要求額 …　査定額 …」 and the rows
of a table by 部局 (「部局｜掲載事業数｜要求額｜査定額｜…」, its 合計 row): totals, never programs.

Each program is titled by its 事業名; its budget is the figure of the `budget` role this year (the latest year
written, or the one labelled 本年度), last year's its previous_year; every role with a `section` becomes that section;
a role with `flags = true` gives the program its flags (新規・拡充・継続); its department the 所管課, else the heading of
its group, which is its category too. Bare figures are scaled by the paper's unit (「単位は千円」).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from qa.ingest.amounts import find_amounts
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Amount, Budget, Document, Program, Section
from qa.ingest.normalize import key, nfkc, normalize, text_width, tidy_title
from qa.ingest.structure import program_id
from qa.ingest.vocabulary import compact, figure, flags_in, said_unit, strip_markers, vocabulary
from qa.ingest.years import era_name, year_of

_DATA = Path(__file__).resolve().parent / "data"
# A line of a table's rules only (「｜－－｜－－－｜」「|----|----|」「├──┼──┤」「=====」「-----」): no text.
_RULE = re.compile(r"^[\s|｜│┃║\-－―—─━=＝_＿+＋├┤┼┌┐└┘┬┴┏┓┗┛┣┫╋┳┻]*$")
_FRAME = re.compile(r"[|｜│┃║]")
# What separates two labelled values on a line (NFKC): a gap of two spaces, a slash, bar or arrow set off by spaces
# (「要求額：32,000千円 → 査定額：28,000千円」), or one space after a figure (「要求額 912,400千円　査定額 834,900千円」: a
# full-width space folds to one).
_PAIR_GAP = r"(?:^|\s{2,}|\s*[/／|｜→⇒]\s*|(?<=[\d円])\s)"
# Bullets before a labelled line (「・事業概要：…」「○所管課 …」), NFKC.
_BULLET = re.compile(r"^[・･○◯●◇◆□■\-*]\s*")
# A block's opening line (NFKC): its number, maybe after No. and in brackets, then the title (「【No.6】市民活動…」
# 「◆1-4　高齢者配食サービス事業」「No.4　放課後児童クラブ運営事業（こども育成課）」「（No.1）自主防災…」).
_OPENER = re.compile(r"^(?:[◆◇■□●○▼◎・]\s*)?(?:[【\[〔<(]\s*)?(?:No\.?|NO\.?|№|番号)?\s*(?P<no>\d{1,3}(?:\s*[-‐]\s*\d{1,3})?)"
                     r"\s*(?:[】\]〕>)]\s*|[.:\s]\s*)(?P<title>[^\d\s].*)$")
# A count after a group's name (「（5事業）」「【4件】」「(6)」), NFKC.
_COUNT = re.compile(r"\s*[(【\[]\s*(?:全\s*)?\d{1,3}\s*(?:事業|件)?\s*[)】\]]\s*$")
# A group heading's number or marker (「（１）」「第１」「1.」「1　」「■」), NFKC.
# (「## 総務部」: a web page's heading, as the HTML reader writes it)
_GROUP_MARK = re.compile(r"^(?:[(]\s*\d{1,2}\s*[)]|第\s*\d{1,2}\s*(?:[章部節]\s*)?|\d{1,2}\s*[.、]|\d{1,2}\s+|[■□◆◇●○▼◎]|[【<〈]"
                         r"|#{1,4}(?=\s))\s*(?P<name>[^\s\d#].*?)\s*[】>〉]?$")
# A year written before an amount or in a label (「R7」「令和８年度」「2026年度」), NFKC.
_YEAR = re.compile(r"(?:令和|平成|R|H)\s*(?:\d{1,2}|元)\s*(?:年度)?|(?:19|20)\d{2}\s*年度")
# A labelled figure in brackets closing a value (「132,600千円（差引 ▲15,400千円）」), NFKC: a value of its own.
_BRACKETED_PAIR = re.compile(r"\s*\(\s*(?P<label>[^()\d:：▲△\-]{1,12}?)\s*[:：]?\s*(?P<value>[▲△\-]?\s*\d[^()]*)\)\s*$")


class Form:
    """The vocabulary of one form of labelled lists (a data file's fields, years, figures, group and office words)."""

    def __init__(self, name: str) -> None:
        self.data: dict[str, Any] = tomllib.loads((_DATA / f"{name}.toml").read_text(encoding="utf-8"))

    @cached_property
    def words(self) -> list[tuple[str, str]]:
        """(word, role) of every field word, longest first (NFKC, spaces off)."""
        pairs = [(compact(w), f["role"]) for f in self.data["field"] for w in f["words"]]
        return sorted(pairs, key=lambda p: -len(p[0]))

    @cached_property
    def sections(self) -> dict[str, str]:
        """role -> the section its value becomes."""
        return {f["role"]: f["section"] for f in self.data["field"] if "section" in f}

    @cached_property
    def flag_roles(self) -> set[str]:
        """Roles whose value is the program's markers (「区分｜新規」): its flags as well as its section."""
        return {f["role"] for f in self.data["field"] if f.get("flags")}

    @cached_property
    def totals(self) -> dict[str, Any]:
        """What the form's totals are written with (`[totals]`: the roles naming a table's group column); {} when
        the form reads no totals."""
        return dict(self.data.get("totals", {}))

    def role(self, text: str) -> str | None:
        """The role a header cell or label names (the longest field word it holds); None when it names none."""
        words = compact(text)
        if not words or len(words) > 16:
            return None
        return next((role for word, role in self.words if word in words), None)

    @cached_property
    def label_pattern(self) -> re.Pattern[str]:
        """A label inside a line (NFKC): maybe a year or 前年度 before it, a field word, maybe a unit in brackets, then
        a colon or a gap; at the line's start or after another value's gap."""
        years = self.data["years"]
        before = "|".join(map(re.escape, years["previous"] + years["current"]))
        words = "|".join(re.escape(w) for w, _ in self.words)
        return re.compile(rf"{_PAIR_GAP}(?P<label>(?:{_YEAR.pattern}|{before})?\s*(?:{words})(?:\s*\([^()]{{1,6}}\))?)"
                          r"(?P<sep>\s*[:：]\s*|\s+)(?=\S)")


@cache
def form(name: str) -> Form:
    """The form whose vocabulary is data/NAME.toml, read once."""
    return Form(name)


@dataclass
class _Value:
    """A field's value: its label as written and its pieces (one per line it runs over)."""

    role: str
    label: str
    pieces: list[Cell] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p.norm for p in self.pieces)


@dataclass
class _Record:
    """A program being read: its title's pieces, its fields in order, the group it stands under, its lines."""

    title: list[Cell]
    group: str | None
    first: int
    last: int
    values: list[_Value] = field(default_factory=list)
    office: str | None = None  # a 所管課 written after the title in brackets
    office_cell: Cell | None = None
    number: str | None = None  # its number (a table's No. cell, a block's 【2-1】), to join its detail block to it
    total: bool = False  # a 計 line or a row of a table by 部局: a total, never a program
    table: bool = False  # a row of a table (not a block or a line)
    # Where the fields read from the row's detail block after its table begin (offset): outside the row's span.
    details_from: int | None = None


def _cell(line: Line, begin: int, end: int) -> Cell | None:
    """The cell of `line.folded[0][begin:end]` with its spaces off (exact document offsets); None when empty."""
    folded = line.folded[0]
    while begin < end and folded[begin].isspace():
        begin += 1
    while end > begin and folded[end - 1].isspace():
        end -= 1
    if begin >= end:
        return None
    start, stop = line.span(begin, end)
    raw = line.raw[start - line.start:stop - line.start]
    return Cell(start, stop, raw, normalize(raw))


def _labelled(f: Form, line: Line, at: int | None = None) -> list[_Value]:
    """The labelled values of a line (「効果額　3,300千円　　実施時期　令和８年10月」 -> two), [] when it opens with no
    label (a sentence, a wrapped value). `at`: where in the line's folded text the first label stands (after a total's
    name), else after the indent and a bullet."""
    folded = line.folded[0]
    if at is None:
        lead = len(folded) - len(folded.lstrip())
        bullet = _BULLET.match(folded[lead:])
        at = lead + (bullet.end() if bullet else 0)
    rest = folded[at:]  # (the pattern's 「^」 is the label's own start, after the indent and a bullet)
    found = list(f.label_pattern.finditer(rest))
    if not found or found[0].start("label") != 0:
        return []
    out: list[_Value] = []
    for n, match in enumerate(found):
        stop = found[n + 1].start() if n + 1 < len(found) else len(rest)
        role = f.role(match.group("label"))
        if role is None:
            continue
        value = _Value(role, normalize(match.group("label")))
        begin = at + match.end("sep")
        end = at + stop
        # 「132,600千円（差引 ▲15,400千円）」: the bracketed labelled figure is a value of its own, not this one's text
        pair = _BRACKETED_PAIR.search(folded, begin, end)
        inner = None
        if pair is not None and pair.end() == len(folded[:end].rstrip()) and (inner_role := f.role(pair.group("label"))) \
                not in (None, role):
            inner = _Value(inner_role, normalize(pair.group("label")))
            if (cell := _cell(line, pair.start("value"), pair.end("value"))) is not None:
                inner.pieces.append(cell)
            end = pair.start()
        cell = _cell(line, begin, end)
        if cell is not None:
            value.pieces.append(cell)
        out.append(value)
        if inner is not None:
            out.append(inner)
    return out


def _group(f: Form, line: Line) -> str | None:
    """The name of a 部 or 課 heading at the margin (「（１）総務部（5事業）」 -> 総務部); None for other lines."""
    if line.indent > 2 or not line.norm or "。" in line.norm or _FRAME.search(line.norm):
        return None
    match = _GROUP_MARK.match(line.norm)
    if match is None:
        return None
    name = _COUNT.sub("", match.group("name")).strip()
    group = f.data["group"]
    if len(name) > group["max_length"] or " " in name or not name.endswith(tuple(group["ends"])):
        return None
    return name


def _opener(f: Form, line: Line) -> tuple[Cell, str | None, Cell | None, str] | None:
    """(title, office, office cell, number) of a block's opening line; None when the line opens no block."""
    if _FRAME.search(line.norm) or _labelled(f, line):
        return None
    match = _OPENER.match(line.folded[0].strip())
    if match is None:
        return None
    folded = line.folded[0]
    lead = len(folded) - len(folded.lstrip())
    title = _cell(line, lead + match.start("title"), len(folded.rstrip()))
    if title is None or len(re.split(r"\s{2,}", title.norm)) > 1:
        return None  # (a row of an aligned table: its cells after the title)
    number = re.sub(r"\s+", "", match.group("no"))
    bracket = re.search(r"[(（][ \u3000]*(?P<office>[^()（）]{1,20}?)[ \u3000]*[)）][ \u3000]*$", title.raw)
    office = normalize(bracket.group("office")) if bracket else ""
    if bracket and office.endswith(tuple(f.data["office"]["ends"])):
        office_cell = Cell(title.start + bracket.start("office"), title.start + bracket.end("office"),
                           bracket.group("office"), office)
        raw = title.raw[:bracket.start()].rstrip(" \u3000")
        return Cell(title.start, title.start + len(raw), raw, normalize(raw)), office, office_cell, number
    return title, None, None, number


# A total's line (NFKC): a name ending in 計 (「危機管理防災部計」「総務部　小計」「合計」), maybe its count in brackets
# (「（6事業）」), then labelled figures.
_TOTAL_LINE = re.compile(r"^\s*(?P<name>(?:[^\s:：()]{1,20}\s)?[^\s:：()]{0,30}?(?:計|合計|総計))\s*(?:\([^()]{1,12}\))?\s+(?=\S)")


# -- tables ---------------------------------------------------------------------------------------------------------

@dataclass
class _Header:
    """A table's header: each column's role and words, where it stands (display columns), ruled or aligned."""

    ruled: bool
    roles: list[str | None]
    words: list[str]
    spans: list[tuple[int, int]]
    indent: int
    totals: bool = False  # a table by 部局 (no 事業名 column): its rows are totals named by their first cell


def _spans(line: Line, cells: list[Cell]) -> list[tuple[int, int]]:
    """Display columns (start, end) of a line's cells: full-width characters count two."""
    return [(text_width(line.raw[:c.start - line.start]), text_width(line.raw[:c.end - line.start])) for c in cells]


def _table_cells(line: Line) -> tuple[bool, list[Cell]]:
    """(ruled, cells) of a table line: at its verticals (outer ones off), else at gaps of two spaces."""
    if _FRAME.search(line.raw):
        cells = list(line.cells)
        body = line.raw.strip()
        if body[:1] and _FRAME.match(body[:1]) and cells and not cells[0].norm:
            cells = cells[1:]
        if body[-1:] and _FRAME.match(body[-1:]) and cells and not cells[-1].norm:
            cells = cells[:-1]
        return True, cells
    folded = line.folded[0]
    out = []
    for match in re.finditer(r"\S+(?:\s\S+)*", folded):
        cell = _cell(line, match.start(), match.end())
        if cell is not None:
            out.append(cell)
    return False, out


def _header(f: Form, line: Line) -> _Header | None:
    """The line as the header of a table of programs: a title column and a budget column at least; or, for a form
    reading totals, of a table by group (its first column one of the form's `[totals] group_roles`) with a budget."""
    if not line.norm or _RULE.match(line.raw):
        return None
    ruled, cells = _table_cells(line)
    if len(cells) < 3 or any(figure(c.norm) is not None for c in cells):
        return None
    roles = [f.role(c.norm) for c in cells]
    if "budget" not in roles:
        return None
    if "title" not in roles:
        if roles[0] not in f.totals.get("group_roles", []):
            return None
        roles[0] = "title"  # 「部局｜掲載事業数｜要求額｜査定額｜…」: each row a group's total, named by its first cell
        return _Header(ruled, roles, [c.norm for c in cells], _spans(line, cells), line.indent, totals=True)
    return _Header(ruled, roles, [c.norm for c in cells], _spans(line, cells), line.indent)


def _align(header: _Header, line: Line, cells: list[Cell]) -> list[Cell | None]:
    """A row's cells by the header's columns: in order when as many, else each to the column it overlaps most."""
    if len(cells) == len(header.roles):
        return list(cells)
    out: list[Cell | None] = [None] * len(header.roles)
    for cell, (a, b) in zip(cells, _spans(line, cells), strict=True):
        best = max(range(len(header.spans)), key=lambda i: (min(b, header.spans[i][1]) - max(a, header.spans[i][0]),
                                                           -abs((a + b) - sum(header.spans[i]))))
        if out[best] is None:
            out[best] = cell
    return out


class _Reader:
    """The paper read line by line into records."""

    def __init__(self, f: Form, lines: list[Line]) -> None:
        self.form = f
        self.lines = lines
        self.records: list[_Record] = []
        self.group: str | None = None

    def read(self) -> list[_Record]:
        f = self.form
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if (name := _group(f, line)) is not None and not self._followed_by_labels(i):
                self.group = name
                i += 1
                continue
            header = _header(f, line)
            if header is not None:
                i = self._table(header, i + 1)
                continue
            opened = _opener(f, line)
            if opened is not None and self._followed_by_labels(i):
                i = self._block(i, opened)
                continue
            values = _labelled(f, line)
            if values and values[0].role == "title" and values[0].pieces:
                i = self._block(i, (values[0].pieces[0], None, None, None), values[1:])
                continue
            if f.totals and (total := self._total(line)) is not None:
                self.records.append(total)
            i += 1
        return self.records

    def _followed_by_labels(self, i: int) -> bool:
        """Whether the next line with text is a labelled line naming a field other than a number."""
        following = next((x for x in self.lines[i + 1:i + 3] if x.norm), None)
        return following is not None and _header(self.form, following) is None and any(
            v.role not in ("number", "title") for v in _labelled(self.form, following))

    def _total(self, line: Line) -> _Record | None:
        """A total's line (「危機管理防災部計（6事業）　要求額 912,400千円　査定額 834,900千円」) as a total record with
        its labelled figures; None for any other line."""
        match = _TOTAL_LINE.match(line.folded[0])
        if match is None or _FRAME.search(line.norm):
            return None
        values = _labelled(self.form, line, at=match.end())
        if not any(v.role == "budget" for v in values):
            return None
        name = _cell(line, match.start("name"), match.end("name"))
        if name is None:
            return None
        return _Record([name], self.group, line.index, line.index, values, total=True)

    # -- a block of labelled lines -----------------------------------------------------------------------------

    def _block(self, i: int, opened: tuple[Cell, str | None, Cell | None, str | None],
               values: list[_Value] | None = None) -> int:
        title, office, office_cell, number = opened
        record = _Record([title], self.group, i, i, list(values or []), office, office_cell, number)
        j = i + 1
        while j < len(self.lines):
            line = self.lines[j]
            if not line.norm or _RULE.match(line.raw):
                break
            found = _labelled(self.form, line)
            if found and found[0].role == "title":
                break  # the next program's 「事業名：」
            if found:
                record.values.extend(found)
            elif record.values and line.indent > 0 and _opener(self.form, line) is None \
                    and _header(self.form, line) is None:
                cell = _cell(line, 0, len(line.folded[0]))
                if cell is not None:
                    record.values[-1].pieces.append(cell)  # a value wrapping onto an indented line
            else:
                break
            record.last = j
            j += 1
        if not self._joined(record):
            self.records.append(record)
        return j

    def _joined(self, block: _Record) -> bool:
        """Whether a block is the detail of a row read before it (「（No.1）自主防災組織活性化支援事業」 over 「概要：…」
        「査定：…」 after the table): no budget of its own, and the row of its group with its name (or, when no row has
        it, its number) stands above. Its fields join that row's, in place."""
        if any(v.role == "budget" for v in block.values):
            return False
        name = key("".join(c.norm for c in block.title))
        rows = [r for r in self.records if r.group == block.group and not r.total and r.details_from is None]
        row = next((r for r in rows if key("".join(c.norm for c in r.title)) == name), None)
        if row is None and block.number is not None:
            row = next((r for r in rows if r.number == block.number), None)
        if row is None:
            return False
        row.details_from = block.title[0].start
        row.values.extend(block.values)
        return True

    # -- a table -------------------------------------------------------------------------------------------------

    def _table(self, header: _Header, i: int) -> int:
        """Rows of the table under `header` from line `i`; returns the first line after it."""
        f = self.form
        closed = True  # a rule above: the next line with text opens a row
        record: _Record | None = None
        blank = 0
        while i < len(self.lines):
            line = self.lines[i]
            if not line.norm:
                blank += 1
                if header.ruled or blank > 1:
                    break
                i += 1
                continue
            blank = 0
            if _RULE.match(line.raw) or line.separator == "rule":
                closed = True
                i += 1
                continue
            if _group(f, line) is not None or _header(f, line) is not None or (
                    f.totals and self._total(line) is not None):
                break  # (a 部局's 計 line under its table: a total of its own, no row's text)
            ruled, cells = _table_cells(line)
            if header.ruled != ruled:
                break
            if not ruled and line.indent > header.indent + 2:
                if record is None:
                    break
                self._under_row(record, line)
                i += 1
                continue
            aligned = _align(header, line, cells)
            if ruled and len(cells) != len(header.roles):
                break
            if self._opens_row(header, aligned, closed):
                record = _Record([], self.group, i, i, total=header.totals, table=True)
                self.records.append(record)
                for role, word, cell in zip(header.roles, header.words, aligned, strict=True):
                    if role == "title" and cell is not None and cell.norm:
                        record.title.append(cell)
                    elif role == "number" and cell is not None and cell.norm:
                        record.number = re.sub(r"\s+", "", cell.norm)
                    elif role not in (None, "title", "number"):
                        value = _Value(role, word)
                        if cell is not None and cell.norm:
                            value.pieces.append(cell)
                        record.values.append(value)
            elif record is not None and ruled:
                for role, cell in zip(header.roles, aligned, strict=True):
                    if cell is None or not cell.norm:
                        continue
                    if role == "title":
                        record.title.append(cell)
                    elif (value := next((v for v in record.values if v.role == role), None)) is not None:
                        value.pieces.append(cell)  # a cell wrapping onto the row's next line
            elif not ruled:
                break
            if record is not None:
                record.last = i
            closed = False
            i += 1
        return i

    @staticmethod
    def _opens_row(header: _Header, cells: list[Cell | None], closed: bool) -> bool:
        """Whether a table line opens a row: its number cell filled, or (no number column) its first line after a
        rule or a line with a budget figure."""
        filled = {role for role, c in zip(header.roles, cells, strict=True) if c is not None and c.norm}
        if "title" not in filled:
            return False
        if "number" in header.roles:
            return "number" in filled
        return closed or "budget" in filled or not header.ruled

    def _under_row(self, record: _Record, line: Line) -> None:
        """A line indented under an aligned row: labelled values, or the rest of the last value."""
        found = _labelled(self.form, line)
        if found:
            record.values.extend(found)
        elif record.values and (cell := _cell(line, 0, len(line.folded[0]))) is not None:
            record.values[-1].pieces.append(cell)
        record.last = line.index


# -- figures --------------------------------------------------------------------------------------------------------

def _is_none(f: Form, text: str) -> bool:
    """A value stating no amount (「－」「－※3」「－（統合先に計上）」)."""
    words = compact(text)
    return bool(words) and not re.match(r"^[-−－―ー‐—]?\d", words) and (
        words.startswith(tuple(f.data["figures"]["none"])))


@dataclass
class _Figure:
    """One budget figure read: yen (None for a 「－」), the year it is of (Western; None unknown), the text, span."""

    yen: int | None
    year: int | None
    previous: bool
    label: str
    text: str
    start: int
    end: int


def _yen(f: Form, text: str, unit: tuple[str, int]) -> tuple[int | None, str] | None:
    """(yen, as written with its unit) of a figure's text; (None, text) for a 「－」; None when it holds no figure."""
    folded = nfkc(text).strip()
    found = find_amounts(folded)
    if found:
        return found[0][1], found[0][0].group(0).strip()
    bare = re.match(r"^[▲△-]?\s*\d[\d,]*(?:\.\d+)?", folded)
    if bare is not None and (value := figure(bare.group(0))) is not None:
        return int((value * Decimal(unit[1])).to_integral_value()), f"{bare.group(0)}{unit[0]}"
    if compact(folded).startswith(tuple(compact(w) for w in f.data["figures"].get("zero", []))):
        return 0, folded  # 「ゼロ査定」「見送り」 in a 査定額 cell: nothing put in the budget
    if _is_none(f, folded):
        return None, folded
    return None


def _label_year(f: Form, label: str, this_year: int | None) -> tuple[int | None, bool]:
    """(year, previous) a budget label names: its own year, or this year's or last year's by 本年度/前年度 words."""
    year = year_of(label) if _YEAR.search(nfkc(label)) else None
    previous = any(w in label for w in f.data["years"]["previous"])
    if year is None and this_year is not None:
        year = this_year - 1 if previous else this_year
    return year, previous or (year is not None and this_year is not None and year < this_year)


def _figures(f: Form, value: _Value, unit: tuple[str, int], this_year: int | None) -> list[_Figure]:
    """The budget figures of a budget value: one per year written in it (「R7：22,600千円　→　R8：19,300千円」)."""
    if not value.pieces:
        return []
    piece = value.pieces[0]
    out: list[_Figure] = []
    # (split as written, so that each part's offsets are the document's: 「R7：22,600千円　→　R8：19,300千円」)
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^→⇒➡/／、]+", piece.raw) if m.group().strip(" \u3000")]
    for begin, end in parts:
        raw = piece.raw[begin:end]
        begin, end = begin + len(raw) - len(raw.lstrip(" \u3000")), end - (len(raw) - len(raw.rstrip(" \u3000")))
        part = nfkc(piece.raw[begin:end])
        year_match = _YEAR.search(part)
        body = part[year_match.end():] if year_match else part
        body = re.sub(r"^\s*(?:当初)?\s*[:：]?\s*", "", body)
        read = _yen(f, body, unit)
        if read is None:
            continue
        label = value.label if year_match is None else f"{year_match.group(0).strip()}{value.label}"
        year, previous = _label_year(f, label, this_year)
        out.append(_Figure(read[0], year, previous, label, read[1], piece.start + begin, piece.start + end))
    return out


# -- programs -------------------------------------------------------------------------------------------------------

def _program(f: Form, doc: Document, record: _Record, unit: tuple[str, int], this_year: int | None) -> Program | None:
    raw_title = "".join(c.norm for c in record.title)
    title, flags = strip_markers(tidy_title(raw_title))
    title = title.strip()
    if not title or not re.search(r"[^\W\d_]", title):
        return None
    figures = [g for v in record.values if v.role == "budget" for g in _figures(f, v, unit, this_year)]
    if not figures and not any(v.role == "effect" and v.pieces and _yen(f, v.text, unit) for v in record.values):
        return None  # (a 集計表's heading over its header, 「（１）見直し区分別」: no program's figure under it)
    current = [g for g in figures if not g.previous]
    previous = [g for g in figures if g.previous]
    if not current and len(previous) > 1:  # two years, none labelled this year's: the latest is
        latest = max(previous, key=lambda g: g.year or 0)
        previous.remove(latest)
        current = [latest]
    budget = None
    sections: list[Section] = []
    if current:
        now = max(current, key=lambda g: g.year or 0)
        before = max(previous, key=lambda g: g.year or 0) if previous else None
        if now.yen is not None:
            # (text: the cell as the document writes it, which the span quotes; amount_text: the figure with its unit)
            budget = Budget(yen=now.yen, text=doc.text[now.start:now.end], amount_text=now.text, label=now.label,
                            year=era_name(now.year) if now.year else "", fiscal_year=now.year, budget_kind="当初",
                            start=now.start, end=now.end)
            if before is not None and before.yen is not None:
                budget.previous_year = Amount(yen=before.yen, text=before.text, label=before.label,
                                              fiscal_year=before.year, budget_kind="前年度", start=before.start,
                                              end=before.end)
        else:
            sections.append(Section(name="予算額", heading=now.label, start=now.start, end=now.end))
        if before is not None:
            sections.append(Section(name="前年度予算額", heading=before.label, start=before.start, end=before.end))
    if record.total:
        if budget is None:
            return None  # a total states its figure, or it is no total
        # (what the total asked for and its 差引 beside it: its sections, as a program's)
        sections += [Section(name=f.sections[v.role], heading=v.label, start=a, end=b) for v in record.values
                     if v.role in f.sections and v.pieces for a, b in _parts(doc.text, v)]
        # (a row of a table by 部局 is that 部局's total: under no 部局 itself)
        group = None if record.table else record.group
        return Program(id=program_id(doc.name, f"total:{group or ''}:{title}"), title=title,
                       category=group, categories=[group] if group else [],
                       document=doc.name, start=record.title[0].start,
                       end=max([c.end for c in record.title] + [p.end for v in record.values for p in v.pieces]),
                       budget=budget, sections=sections, kind="total")
    office = record.office
    if record.office_cell is not None:
        sections.append(Section(name="所管課", heading="所管課", start=record.office_cell.start,
                                end=record.office_cell.end))
    names = f.sections
    for value in record.values:
        if value.role in f.flag_roles:
            flags += [g for g in flags_in(value.text) if g not in flags]
        if value.role not in names or not value.pieces:
            continue
        if value.role == "office":
            office = office or value.text
        for part in _parts(doc.text, value):
            sections.append(Section(name=names[value.role], heading=value.label, start=part[0], end=part[1]))
    # (the fields of the row's detail block after its table stand outside its span, as its sections)
    own = [p.end for v in record.values for p in v.pieces
           if record.details_from is None or p.start < record.details_from]
    return Program(id=program_id(doc.name, f"{record.group or ''}:{title}"), title=title,
                   category=record.group, categories=[record.group] if record.group else [], flags=flags,
                   department=office or record.group, document=doc.name, start=record.title[0].start,
                   end=max([c.end for c in record.title] + own), budget=budget, sections=sections, kind="program")


def _parts(text: str, value: _Value) -> list[tuple[int, int]]:
    """Spans of a value's section: one over its pieces when they wrap inside a ｜ or | column (`normalize.framed_cell`
    reads such a span whole) or stand one under another alone on their lines, else one per piece (a box drawn with
    │, whose other cells stand between the pieces)."""
    pieces = value.pieces
    between = text[pieces[0].end:pieces[-1].start]
    if len(pieces) > 1 and any(ch in between for ch in "│┃║"):
        return [(p.start, p.end) for p in pieces]
    return [(pieces[0].start, pieces[-1].end)]


def _this_year(doc: Document) -> int | None:
    """The fiscal year the paper is for (its period or title: 「令和８年度 事務事業見直し結果一覧」)."""
    for text in (doc.period, doc.title, doc.text[:400]):
        if text and (year := year_of(text)) is not None:
            return year
    return None


def _unit(f: Form, lines: list[Line]) -> tuple[str, int]:
    said = said_unit(ln.norm for ln in lines)
    if said is not None:
        return said
    default = f.data["figures"]["default_unit"]
    return default, int(vocabulary()["units"]["yen"][default])


def read_records(f: Form, doc: Document, lines: list[Line]) -> list[Program]:
    """The programs (and, for a form reading totals, the totals) of a paper written in form `f`, in document order."""
    unit, this_year = _unit(f, lines), _this_year(doc)
    programs = []
    for record in _Reader(f, lines).read():
        if not record.title:
            continue
        program = _program(f, doc, record, unit, this_year)
        if program is not None:
            programs.append(program)
    return programs
