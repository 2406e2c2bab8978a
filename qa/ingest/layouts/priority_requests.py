"""国・県への重点要望書 of a city or town: numbered 要望事項, each with the related 事業 it asks money for.

A 要望事項 opens at a heading at the margin (「１　国道…の整備促進について」「【要望１】…」「要望項目１　…」; a 目次 entry with
its leader and page is none) and holds labelled parts (「【要望先】…」「◆要望の内容」「＜現状・課題＞」) and a box or list of
related 事業 opened by 「〔関連事業〕」. Each related 事業 is a program: titled by its 事業名, its budget the year's 要望額
(「－」「未定」 or 「要望額は…協議中」: none), the 総事業費, the 要望先, 要望内容 and 現状と課題 of its 要望事項 as sections,
its office the 担当課 (a column, a 「担当課：…」 line under its row or under the box for every row above it, or
「（担当：…　内線 315）」 after its name), its category the 要望事項's heading. The related 事業 are read in every way offices
write them: a table framed by │ (inner verticals or none), aligned by spaces, a header over one or two lines naming
its columns (data/priority_requests.toml [[column]]), a 事業名 line over a line of labelled figures
(「総事業費 712,000　／　令和８年度要望額 118,000」) or a sentence (「総事業費８億円のうち、令和８年度分として１億円を要望する。」).
Bare figures are scaled by the box's unit (「（単位：千円）」) or their column's (「総事業費（百万円）」).
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
from qa.ingest.amounts import find_amounts
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Budget, Contact, Document, Program, Section
from qa.ingest.normalize import nfkc, normalize, tidy_title
from qa.ingest.structure import pages_from_breaks, program_id
from qa.ingest.vocabulary import bare_unit, compact, figure, strip_markers, unit_in
from qa.ingest.years import label_of

NAME = "priority_requests"
# A 要望額 line under a 事業名 line is a budget line of program_pages too: that layout scoring alike is no doubt.
REFINES = ("program_pages", "prose_items")

_DATA = Path(__file__).resolve().parents[1] / "data" / "priority_requests.toml"
# The verticals of a drawn box or a typed table.
_FRAME = "│┃║|｜"
# A line of a box's border only (「┌──┐」「├──┼──┤」「└──┘」): no text.
_BORDER = re.compile(r"^[\s\u2500-\u257f|｜]*$")
_BOTTOM = re.compile(r"[└┗╰╚]")
# Columns of a line inside a box not split by verticals: a run of two spaces or one full-width space.
_GAP = re.compile(r"[ \u3000]{2,}|\u3000")
# An extension (「4312」「（4312）」「内線4331」「（内線 431）」), NFKC.
_EXTENSION = re.compile(r"^[(（]?\s*(?:内線)?\s*[:：]?\s*(?P<ext>\d{2,5}(?:-\d{1,4})?)\s*[)）]?$")
# An office with its extension after it (「港湾課(内線512)」「健康づくり課 3340」), NFKC.
_OFFICE_EXTENSION = re.compile(r"^(?P<dept>.*?\D)\s*(?:[(（]\s*内線\s*[:：]?\s*(?P<ext>[\d-]{2,8})\s*[)）]"
                               r"|\s内線\s*(?P<ext2>[\d-]{2,8})|\s(?P<ext3>\d{3,5}))$")
# 「（担当：産業振興課　内線 315）」 after a name: its office, NFKC.
_OFFICE_AFTER_NAME = re.compile(r"[(（]\s*(?:担当課?|所管課?)\s*[:：]\s*(?P<office>[^()（）]+)[)）]\s*$")
# A bracketed note alone in a name's column (「（直轄）」「（県事業）」).
_NOTE_IN_BRACKETS = re.compile(r"^[(（〔\[［][^()（）]{1,12}[)）〕\]］]$")
# A bare figure in a sentence, not a year, a date or a count (「令和8年度」「24,800台」).
_BARE = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,.]|\s*(?:年|月|日|号|か所|箇所|人|戸|台|校|床|%|km|m|ha))")
# A 担当 label line (「担当課：教育委員会事務局 教育総務課（内線 7214）」「　担当課：消防本部 警防課（内線 9120）」), NFKC.
_OFFICE_LINE = re.compile(r"^(?:担当課?|所管課?|担当部署)\s*[:：]\s*(?P<office>\S.*)$")
# Markers before a 事業名 in a list (「○浜崎漁港機能保全事業」「・…」).
_LEAD = re.compile(r"^[○◯●◎◇◆・■□▶▷\-*]\s*")


@cache
def _vocabulary() -> dict[str, Any]:
    """The parsed data/priority_requests.toml (see its comments)."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _heading_pattern() -> re.Pattern[str]:
    prefixes = "|".join(map(re.escape, sorted(_vocabulary()["heading"]["prefixes"], key=len, reverse=True)))
    return re.compile(rf"^[【\[〔<]?\s*(?:{prefixes})?\s*(?P<n>\d{{1,2}})\s*(?:[】\]〕>]|[.．、:：\s])\s*(?P<name>\S.*)$")


@cache
def _section_pattern() -> re.Pattern[str]:
    names = {w: s["name"] for s in _vocabulary()["section"] for w in s["labels"]}
    words = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"^(?:[◆◇■□●○▼・]\s*)?[【\[〔<〈《(（]?\s*(?P<label>{words})\s*[】\]〕>〉》)）]?\s*"
                      r"(?:[:：]\s*)?(?P<rest>.*)$")


def _section_label(line: Line) -> tuple[str, str] | None:
    """(canonical name, value written after the label) of a part's label line; None for other lines."""
    match = _section_pattern().match(line.norm)
    if match is None:
        return None
    label, rest = match.group("label"), match.group("rest")
    # a label is set off: by its bracket, a colon, a space or the line's end (「課題解決に向けて」 is prose)
    after = line.norm[match.start("label") + len(label):][:1]
    if after and after not in "】]〕>〉》)）:： ":
        return None
    names = {w: s["name"] for s in _vocabulary()["section"] for w in s["labels"]}
    return names[label], rest


def _heading(line: Line) -> str | None:
    """The name of a 要望事項 heading at the margin (number and brackets off); None for other lines (a 目次 entry, an
    indented numbered point of a 要望内容, a sentence)."""
    if line.indent > 0 or not line.norm or "。" in line.norm or L.TOC_ENTRY.match(line.norm):
        return None
    if len(line.norm) > _vocabulary()["heading"]["max_length"]:
        return None
    match = _heading_pattern().match(line.norm)
    if match is None or re.match(r"^[\d,.]", match.group("name")):
        return None
    return match.group("name").strip()


def _opens_projects(line: Line) -> bool:
    """Whether the line opens the related 事業 (「〔関連事業〕…（単位：百万円）」「〈関連事業〉」)."""
    text = _inner_norm(line)
    text = re.sub(r"^[\s〔【\[<〈《(（◆◇■□●○]+", "", text)
    return any(text.startswith(w) for w in _vocabulary()["projects"]["openers"])


def _inner(line: Line) -> tuple[int, int]:
    """Offsets in `line.raw` of what stands inside a box's outer verticals (the whole line when unframed)."""
    raw = line.raw
    begin, end = len(raw) - len(raw.lstrip(" \u3000")), len(raw.rstrip(" \u3000"))
    if begin < end and raw[begin] in _FRAME:
        begin += 1
    if end > begin and raw[end - 1] in _FRAME:
        end -= 1
    return begin, end


def _inner_norm(line: Line) -> str:
    begin, end = _inner(line)
    return normalize(line.raw[begin:end])


def _cells(line: Line) -> tuple[bool, list[Cell]]:
    """(split at verticals, the cells) of a line inside a box: at inner verticals when it has them (empty cells kept,
    so that they line up with the header's), else at column gaps (empty ones dropped)."""
    begin, end = _inner(line)
    inner = line.raw[begin:end]
    ruled = any(ch in _FRAME for ch in inner)
    pattern = re.compile(f"[{re.escape(_FRAME)}]") if ruled else _GAP
    out: list[Cell] = []
    pos = 0
    for match in [*pattern.finditer(inner), None]:
        stop = match.start() if match else len(inner)
        part = inner[pos:stop]
        text = part.strip(" \u3000")
        at = line.start + begin + pos + (len(part) - len(part.lstrip(" \u3000")))
        if text or ruled:
            out.append(Cell(at, at + len(text), text, normalize(text)))
        pos = match.end() if match else pos
    return ruled, out


def _role(text: str) -> str | None:
    """The role a header cell names (data [[column]]); None for a cell naming none."""
    words = compact(text)
    for column in _vocabulary()["column"]:
        if any(w in words for w in column["words"]):
            return column["role"]
    return None


def _none_cell(text: str) -> bool:
    """A figure cell stating no amount (「－」「未定」)."""
    return compact(text) in _vocabulary()["figures"]["none"]


def _figure_cell(text: str) -> bool:
    return figure(text) is not None or _none_cell(text)


@dataclass
class _Header:
    """A box's header: each column's role, its words and its own unit, by position (ruled) or in order."""

    ruled: bool
    roles: list[str | None]
    words: list[str]
    units: list[tuple[str, int] | None]
    cells: list[Cell]

    @property
    def figure_roles(self) -> list[int]:
        """Positions of the columns holding figures (総事業費, 要望額), in order."""
        return [i for i, r in enumerate(self.roles) if r in ("total", "request")]


@dataclass
class _Row:
    """A related 事業 being read: its name's pieces, its figure cells, office and notes, the lines it spans."""

    first: int
    last: int
    title: list[Cell]
    figures: dict[str, tuple[Cell, tuple[str, int] | None, str]] = field(default_factory=dict)  # role -> cell, unit, label
    no_request: bool = False
    request_said: Cell | None = None  # the cell or sentence saying there is no figure (「－」「…県と協議中である。」)
    office: Cell | None = None
    office_text: str = ""
    extension: str | None = None
    notes: list[Cell] = field(default_factory=list)
    ruled: bool = False
    closed: bool = False  # a rule of the box closed it: a line below is no piece of it
    column: int = 0  # where its name stands in its line (characters from the line's start)


def _header(line: Line) -> _Header | None:
    """The line as a box's header: a 事業名 column and a figure column named (or two figure columns)."""
    ruled, cells = _cells(line)
    roles = [_role(c.norm) if c.norm else None for c in cells]
    if any(_BARE.search(c.norm) for c in cells):
        return None  # (「総事業費 712,000　／　令和８年度要望額 118,000」 labels its figures: no header)
    figures = sum(r in ("total", "request") for r in roles)
    if not (("title" in roles and figures) or figures >= 2):
        return None
    return _Header(ruled, roles, [c.norm for c in cells], [bare_unit(c.norm) for c in cells], cells)


def _second_header_line(header: _Header, line: Line) -> bool:
    """Merge a header's second line (「│　│（百万円）│要望額（百万円）│　│」) into it; False when the line is none."""
    ruled, cells = _cells(line)
    if not header.ruled or not ruled or len(cells) != len(header.cells) or any(figure(c.norm) for c in cells):
        return False
    if not any(c.norm for c in cells) or any(c.norm and _role(c.norm) not in (None, "request", "total")
                                             and not bare_unit(c.norm) for c in cells):
        return False
    for i, c in enumerate(cells):
        if c.norm:
            header.words[i] += c.norm
            header.roles[i] = header.roles[i] if header.roles[i] in ("title", "dept", "ext") else _role(header.words[i])
            header.units[i] = bare_unit(header.words[i])
    return True


def _split_office(text: str) -> tuple[str, str | None]:
    """(office, extension) of an office cell (「港湾課(内線512)」 -> ("港湾課", "512"))."""
    text = normalize(text)
    match = _OFFICE_EXTENSION.match(text)
    if match is None:
        return text.strip(), None
    return match.group("dept").strip(), match.group("ext") or match.group("ext2") or match.group("ext3")


class _Box:
    """The related 事業 of one 要望事項, read line by line."""

    def __init__(self, unit: tuple[str, int] | None) -> None:
        self.unit = unit
        self.header: _Header | None = None
        self.rows: list[_Row] = []
        self.notes: list[Cell] = []
        self.unassigned = 0  # index in rows of the first row an office line below would name
        self.header_line = False  # the last content line was the header

    def feed(self, line: Line, following: Line | None) -> None:
        """One line of the box (its border lines included)."""
        if _BORDER.match(line.raw):
            if self.rows:
                self.rows[-1].closed = True
            return
        text = _inner_norm(line)
        if not text:
            return
        declared = unit_in(text)
        if declared and not self.rows and not self.header:
            self.unit = declared
        if self.header is not None and self.header_line and _second_header_line(self.header, line):
            return
        self.header_line = False
        if _opens_projects(line):
            return
        if text.startswith(tuple(_vocabulary()["notes"]["marks"])):
            begin, end = _inner(line)
            raw = line.raw[begin:end].strip(" \u3000")
            at = line.start + line.raw.index(raw, begin)
            self.notes.append(Cell(at, at + len(raw), raw, normalize(raw)))
            return
        bare = text[1:-1] if text[:1] in "(（" and text[-1:] in ")）" else text  # 「（担当：…）」 in brackets
        if (office := _OFFICE_LINE.match(bare)) is not None:
            self._office_line(line, office.group("office"))
            return
        header = _header(line)
        if header is not None and not self.rows:
            self.header, self.header_line = header, True
            return
        if self._labelled(line):
            return
        ruled, cells = _cells(line)
        filled = [c for c in cells if c.norm]
        if not filled:
            return
        if self._row(line, ruled, cells):
            return
        if following is not None and self._labelled(following, probe=True):
            self._named(line, filled)  # a 事業名 alone over its labelled figures
            return
        self._continued(line, ruled, cells)

    # -- a row of figures ---------------------------------------------------------------------------------------

    def _row(self, line: Line, ruled: bool, cells: list[Cell]) -> bool:
        """A row: a name in the first column, figures after it; False when the line is none."""
        if ruled and self.header is not None and self.header.ruled and len(cells) == len(self.header.cells):
            title_at = self.header.roles.index("title") if "title" in self.header.roles else 0
            places = self.header.figure_roles
            if not cells[title_at].norm or not any(_figure_cell(cells[i].norm) for i in places):
                return False
            row = _Row(line.index, line.index, [cells[title_at]], ruled=True)
            for i in places:
                self._figure(row, self.header.roles[i] or "request", cells[i], self.header.units[i], self.header.words[i])
            for i, role in enumerate(self.header.roles):
                if role == "dept" and cells[i].norm:
                    self._office(row, cells[i])
                elif role == "ext" and (ext := _EXTENSION.match(cells[i].norm)):
                    row.extension = ext.group("ext")
            self._add(row, line)
            return True
        filled = [c for c in cells if c.norm]
        if len(filled) < 2 or _figure_cell(filled[0].norm) or not re.search(r"[^\W\d_]", filled[0].norm):
            return False
        places = self.header.figure_roles if self.header is not None else []
        roles = [self.header.roles[i] or "request" for i in places] if places else ["total", "request"]
        units = [self.header.units[i] for i in places] if places else [None, None]
        words = [self.header.words[i] for i in places] if places else ["総事業費", "要望額"]
        rest = filled[1:]
        taken = 0
        while taken < len(rest) and taken < len(roles) and _figure_cell(rest[taken].norm):
            taken += 1
        if taken == 0:
            return False
        if taken == 1 and not places:
            roles, units, words = ["request"], [None], ["要望額"]
        row = _Row(line.index, line.index, [filled[0]])
        for n in range(taken):
            self._figure(row, roles[n], rest[n], units[n], words[n])
        trailing = rest[taken:]
        for c in trailing:
            if (ext := _EXTENSION.match(c.norm)) is not None and row.office is not None:
                row.extension = ext.group("ext")
            elif row.office is None and re.search(r"[^\W\d_]", c.norm):
                self._office(row, c)
        self._add(row, line)
        return True

    def _figure(self, row: _Row, role: str, cell: Cell, unit: tuple[str, int] | None, label: str) -> None:
        if _none_cell(cell.norm):
            if role == "request":
                row.no_request, row.request_said = True, cell  # 「－」「未定」: quoted when the 要望額 is asked
            return
        row.figures[role] = (cell, unit or self.unit, label)

    def _office(self, row: _Row, cell: Cell) -> None:
        office, ext = _split_office(cell.raw)
        row.office, row.office_text = cell, office
        row.extension = ext or row.extension

    def _add(self, row: _Row, line: Line) -> None:
        row.column = row.title[0].start - line.start
        self.rows.append(row)

    # -- lines around rows -------------------------------------------------------------------------------------

    def _office_line(self, line: Line, office: str) -> None:
        """A 担当 line: the office of every row above it since the last such line that names none."""
        begin, end = _inner(line)
        raw = line.raw[begin:end].strip(" \u3000")
        at = line.start + line.raw.index(raw, begin)
        cell = Cell(at, at + len(raw), raw, normalize(raw))
        name, ext = _split_office(office)
        for row in self.rows[self.unassigned:]:
            if row.office is None:
                row.office, row.office_text, row.extension = cell, name, ext
                row.last = max(row.last, line.index) if row is self.rows[-1] else row.last
        self.unassigned = len(self.rows)

    def _labelled(self, line: Line, probe: bool = False) -> bool:
        """A line of labelled figures or a sentence (「総事業費 712,000　／　令和８年度要望額 118,000」, 「…のうち、令和８年度
        分として１億2,600万円を要望する。」) for the last row; with `probe`, only whether the line is one."""
        folded = line.folded[0]
        labels = []
        for column in _vocabulary()["column"]:
            if column["role"] not in ("total", "request"):
                continue
            for word in sorted(column["words"], key=len, reverse=True):
                if word == "要望":
                    continue  # (「要望する」 follows a figure, it labels none)
                for match in re.finditer(re.escape(word), folded):
                    if not any(a <= match.start() < b for a, b, _, _ in labels):
                        labels.append((match.start(), match.end(), column["role"], word))
        if not labels or _header(line) is not None:
            return False
        if probe:  # a note naming 要望額 (「※直轄事業については、要望額を記載していない。」) states none
            return not _inner_norm(line).startswith(tuple(_vocabulary()["notes"]["marks"])) and bool(
                self._amounts(line) or any(w in folded for w in _vocabulary()["figures"]["pending"]))
        if not self.rows or self.rows[-1].figures:
            return False
        row = self.rows[-1]
        labels.sort()
        amounts = self._amounts(line)
        used: set[int] = set()
        for a_start, a_end, _, unitless in amounts:
            # the label right before the figure, with no other figure between them, names it
            before = [lb for lb in labels if lb[1] <= a_start and lb[0] not in used
                      and not any(lb[1] <= s < a_start for s, _, _, _ in amounts)]
            if before:
                label = before[-1]
                used.add(label[0])
                # the label with the year written before it (「令和8年度要望額」), as far back as a comma or a space
                role = label[2]
                word = folded[max(0, label[0] - 12):label[1]].split("、")[-1].split(" ")[-1].strip()
            elif any(folded[a_end:a_end + 6].lstrip().startswith(w) for w in _vocabulary()["figures"]["requested_after"]):
                role, word = "request", "要望額"
            else:
                continue
            start, end = line.span(a_start, a_end)
            raw = line.raw[start - line.start:end - line.start]
            start += len(raw) - len(raw.lstrip(" \u3000"))
            raw = raw.lstrip(" \u3000")
            cell = Cell(start, end, raw, normalize(raw))
            if unitless:
                row.figures.setdefault(role, (cell, self.unit, word))
            else:
                row.figures.setdefault(role, (cell, ("円", 1), word))
        if "request" not in row.figures:  # 「令和８年度の要望額は、県と協議中である。」: no figure, said so
            row.no_request = True
            row.request_said = self._whole(line)
        row.last = line.index
        return True

    @staticmethod
    def _whole(line: Line) -> Cell:
        begin, end = _inner(line)
        raw = line.raw[begin:end].strip(" \u3000")
        at = line.start + line.raw.index(raw, begin) if raw else line.start
        return Cell(at, at + len(raw), raw, normalize(raw))

    def _amounts(self, line: Line) -> list[tuple[int, int, int, bool]]:
        """(start, end, value, bare) of each figure of a line in its folded text: amounts written with their unit,
        then bare figures (scaled by the box's unit) that no such amount holds."""
        folded = line.folded[0]
        out = [(m.start(), m.end(), yen, False) for m, yen in find_amounts(folded)]
        for m in _BARE.finditer(folded):
            if not any(a <= m.start() < b for a, b, _, _ in out) and folded[max(0, m.start() - 2):m.start()] not in (
                    "令和", "平成") and not re.search(r"(?:令和|平成|R)\s*$", folded[:m.start()]):
                out.append((m.start(), m.end(), 0, True))
        return sorted(out)

    def _named(self, line: Line, filled: list[Cell]) -> None:
        """A 事業名 alone on its line, maybe with its office after it (「○浜崎漁港機能保全事業（担当：産業振興課　内線 315）」)."""
        cell = filled[0] if len(filled) == 1 else Cell(filled[0].start, filled[-1].end,
                                                       line.raw[filled[0].start - line.start:filled[-1].end - line.start],
                                                       normalize(line.raw[filled[0].start - line.start:
                                                                          filled[-1].end - line.start]))
        row = _Row(line.index, line.index, [cell])
        office = _OFFICE_AFTER_NAME.search(nfkc(cell.raw))
        if office is not None:
            name, ext = _split_office(office.group("office"))
            row.office, row.office_text, row.extension = cell, name, ext
        self._add(row, line)

    def _continued(self, line: Line, ruled: bool, cells: list[Cell]) -> None:
        """A line under a row without figures: a bracketed note or the rest of its name, and its extension or the
        rest of its office."""
        if not self.rows or self.rows[-1].closed and not ruled:
            return
        row = self.rows[-1]
        if row.closed:
            return
        title_start = row.column
        for n, cell in enumerate(c for c in cells if c.norm):
            column = cell.start - line.start
            if (ext := _EXTENSION.match(cell.norm)) is not None and n > 0 or (ext is not None and column > title_start + 4):
                row.extension = row.extension or ext.group("ext")
            elif n == 0 and abs(column - title_start) <= 2:
                if _NOTE_IN_BRACKETS.match(cell.norm):
                    row.notes.append(cell)
                else:
                    row.title.append(cell)
            elif row.office is not None and n > 0:
                office, ext2 = _split_office(row.office_text + cell.norm)
                row.office_text, row.extension = office, row.extension or ext2
            else:
                continue
            row.last = line.index


def _items(lines: list[Line]) -> list[tuple[int, str]]:
    """(line index, name) of each 要望事項 heading."""
    return [(ln.index, name) for ln in lines if (name := _heading(ln)) is not None]


@dataclass
class _Reading:
    programs: list[Program]
    labelled: int  # 要望事項 parts read (要望先, 要望内容, …)


def _read(doc: Document, lines: list[Line]) -> _Reading:
    period = doc.period or doc.title
    items = _items(lines)
    programs: list[Program] = []
    labelled = 0
    said_unit: tuple[str, int] | None = None
    for n, (first, name) in enumerate(items):
        stop = items[n + 1][0] if n + 1 < len(items) else len(lines)
        sections: list[Section] = []
        box_at: int | None = None
        current: tuple[str, str, int, int] | None = None  # name, heading, start, end
        for ln in lines[first + 1:stop]:
            if _opens_projects(ln) and box_at is None:
                box_at = ln.index
                break
            if (label := _section_label(ln)) is not None:
                if current:
                    sections.append(Section(name=current[0], heading=current[1], start=current[2], end=current[3]))
                start = ln.start + len(ln.raw) - len(ln.raw.lstrip(" \u3000"))
                current = (label[0], label[0], start, ln.start + len(ln.raw.rstrip(" \u3000")))
                labelled += 1
            elif current and ln.norm and not L.RULE_LINE.match(ln.norm):
                current = (current[0], current[1], current[2], ln.start + len(ln.raw.rstrip(" \u3000")))
        if current:
            sections.append(Section(name=current[0], heading=current[1], start=current[2], end=current[3]))
        if box_at is None:
            continue
        unit = unit_in(lines[box_at].norm) or said_unit
        box = _Box(unit)
        framed = False
        for i in range(box_at, stop):
            ln = lines[i]
            if i > box_at and (L.RULE_LINE.match(ln.norm) or _section_label(ln) is not None):
                break
            if i > box_at and not framed and _closes(ln):
                break
            framed = framed or "┌" in ln.raw or "┏" in ln.raw
            following = next((x for x in lines[i + 1:stop] if x.norm and not _BORDER.match(x.raw)), None)
            box.feed(ln, following)
            if i > box_at and _BOTTOM.search(ln.raw) and not (
                    i + 1 < stop and lines[i + 1].raw.lstrip().startswith(("┌", "│"))):
                # the box's bottom: the notes right under it (「※…」) are still its own
                for x in lines[i + 1:stop]:
                    if x.norm and not x.norm.startswith(tuple(_vocabulary()["notes"]["marks"])):
                        break
                    if x.norm:
                        box.feed(x, None)
                break
        for row in box.rows:
            program = _program(doc, row, box, name, sections, period)
            if program is not None:
                programs.append(program)
    return _Reading(programs, labelled)


def _closes(line: Line) -> bool:
    """A line that ends an unframed list of related 事業: the paper's closing contact, a heading."""
    return bool(re.match(r"^[(（【〔]?\s*(?:本要望書?|この要望書)?[^\s]{0,12}?(?:問い?合わ?せ先?|連絡先)", line.norm))


def _program(doc: Document, row: _Row, box: _Box, category: str, sections: list[Section],
             period: str) -> Program | None:
    """A program of a related 事業's row."""
    raw_title = "".join(c.norm for c in row.title)
    raw_title = _OFFICE_AFTER_NAME.sub("", nfkc(raw_title))
    title, flags = strip_markers(_LEAD.sub("", tidy_title(raw_title)))
    title = title.strip()
    if not title or not re.search(r"[^\W\d_]", title):
        return None
    budget = None
    own: list[Section] = []
    for role, section in (("request", "要望額"), ("total", "総事業費")):
        if role not in row.figures:
            continue
        cell, unit, label = row.figures[role]
        own.append(Section(name=section, heading=label, start=cell.start, end=cell.end))
        if role != "request":
            continue
        value = figure(cell.norm)
        if unit == ("円", 1):  # an amount written with its unit (「１億2,600万円」)
            found = find_amounts(nfkc(cell.raw))
            yen = found[0][1] if found else None
            written = cell.raw
        else:
            yen = int((value * Decimal(unit[1])).to_integral_value()) if value is not None and unit else None
            written = f"{cell.raw}{unit[0]}" if unit else cell.raw
        fiscal = label_of(label, period)
        era = L.ERA_YEAR.search(nfkc(label))
        budget = Budget(yen=yen, text=cell.raw, amount_text=written, label=label, year=era.group(0) if era else "",
                        fiscal_year=fiscal.year, budget_kind=fiscal.kind, start=cell.start, end=cell.end)
    if budget is None and row.request_said is not None:
        own.insert(0, Section(name="要望額", heading="要望額", start=row.request_said.start, end=row.request_said.end))
    for note in row.notes:
        own.append(Section(name=_vocabulary()["notes"]["under_name"], heading="", start=note.start, end=note.end))
    for note in box.notes:
        own.append(Section(name=_vocabulary()["notes"]["section"], heading="", start=note.start, end=note.end))
    contacts = []
    if row.office is not None:
        own.append(Section(name="担当課", heading="担当課", start=row.office.start, end=row.office.end))
        contacts.append(Contact(dept=row.office_text, phone=f"内線 {row.extension}" if row.extension else "",
                                extension=row.extension, start=row.office.start, end=row.office.end))
    start = row.title[0].start
    ends = [c.end for c in row.title] + [c[0].end for c in row.figures.values()] + \
           ([row.office.end] if row.office is not None and row.office.start > start else [])
    end = max(ends)
    return Program(id=program_id(doc.name, f"{category}:{title}"), title=title, category=category,
                   categories=[category], flags=flags, department=row.office_text or None, document=doc.name,
                   start=start, end=end, budget=budget, contacts=contacts, sections=[*own, *sections], kind="program")


def score(doc: Document, lines: list[Line]) -> float:
    """How strongly the document is a 重点要望書 (0-1): 0 unless two related 事業 are read under 要望事項 whose parts
    (要望先, 要望内容, …) are labelled and one of them states a 要望額; else 1 (a narrow signature: it wins the tie with
    program_pages, which reads each 要望額 line as a program's budget line)."""
    if "要望" not in doc.text:
        return 0.0  # cheap test first
    reading = _read(doc, lines)
    if len(reading.programs) < 2 or reading.labelled < 2 or not any(
            any(s.name == "要望額" for s in p.sections) for p in reading.programs):
        return 0.0
    return 1.0


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a related 事業 of a 要望事項 (see the module docstring)."""
    programs = _read(doc, lines).programs
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
