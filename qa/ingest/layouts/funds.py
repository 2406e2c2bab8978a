"""A municipality's 基金の状況: its funds (基金), each with its figures and the programs it pays for.

A city or town annexes to its budget one block per fund, under a heading naming it (「1. 財政調整基金」「● １　財政
調整基金（積立基金）」):

- its 設置目的 (under a sub-heading 「(1) 設置目的」, or inline 「【目的】…」), 根拠条例 and 積立の内訳 lines;
- its figures, a label and an amount per line or per ｜ row: last year's closing balance (「令和8年度末残高（見込）」
  「前年度末現在高」), the year's 積立額 (with 「（うち運用利子）」 parts), 取崩額 and the balance expected at its end;
- its 充当事業: the programs its 取崩額 pays for, as rows 「name  amount  担当課」 under a header, or items
  「① name　180,000,000円」 with their description and 「（担当：…）」 indented under each, then maybe 「事業の概要」
  items 「・name：…」;

then a 総括表 (one row per fund: 前年度末残高, 積立額, 取崩額, 年度末残高見込, and 小計/合計 rows) and often a list of the
充当事業 with the fund each draws on.

Each fund is a program whose budget is its year-end balance (年度末残高見込), its other figures sections named
canonically (前年度末残高, 積立額, 取崩額; data/funds.toml [[figure]]), its account (一般会計, 国民健康保険事業特別会計,
from the heading it stands under) its category. Each 充当事業 is a program whose budget is its 充当額, a part of its
fund (`parent_id`, the fund's title as category), with its office and 概要 as sections. A 総括表 row adds to the fund it
names (or is the fund, in a statement that has no blocks); its 小計/合計 rows are totals. A list row adds to the
充当事業 it names (or is one, under the fund it names). Words are data/funds.toml's, units the shared vocabulary's.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Budget, Document, Program, Section
from qa.ingest.normalize import key, text_width, tidy_title
from qa.ingest.signals import has_figure
from qa.ingest.structure import finish_reading, program_id
from qa.ingest.vocabulary import (
    bare_unit,
    compact,
    figure,
    is_total,
    said_unit,
    unit_in,
    vocabulary,
    without_note,
)
from qa.ingest.years import label_of, year_of

NAME = "funds"

_DATA = Path(__file__).resolve().parents[1] / "data" / "funds.toml"

# A line drawn only of rules and box corners (「┌────┬───┐」「-----」): no content.
_DRAWN = re.compile(r"^[\s━─－―=＝_＿~〜*・･\-┌┐└┘├┤┬┴┼│┃║|｜+]+$")
# A marker or number opening a heading or an item (「1.」「(1)」「①」「● １」「第2」「ア」「・」).
_MARK = re.compile(r"^(?:[■□◆◇●○◎▼▽☆★・◦•※]|[【\[［〔<〈《]\s*\d{1,3}\s*[】\]］〕>〉》]|[IVX]{1,4}(?=[\s.．、])|第\s*\d{1,2}(?=\s)|[（(]\s*(?:\d{1,2}|[ア-ン])\s*[)）]|\d{1,2}\s*[.．、)）]?(?=\s|[^\d,.])"
                   r"|[①-⑳㉑-㉟]|[ア-ン](?=[\s.．、])|No\.?\s*\d{1,3})\s*[.．、]?\s*")
# A sub-heading's word in brackets with its text after it (「【目的】町の財政の…」), or before a colon (「目的：…」).
_BRACKET_LABEL = re.compile(r"^[【\[［〔<〈《](?P<word>[^】\]］〕>〉》]{1,14})[】\]］〕>〉》]\s*(?P<rest>.*)$")
_COLON_LABEL = re.compile(r"^(?P<word>[^:：。、]{1,14}?)\s*[:：]\s*(?P<rest>.*)$")
# A description item's program name before its colon (「市債繰上償還事業：利率1.5％以上の…」).
_NAME_COLON = re.compile(r"^(?P<word>[^:：。]{2,60}?)\s*[:：]\s*(?P<rest>.*)$")
# An account named in a heading (「第2 一般会計所属基金の状況」「［国民健康保険事業特別会計］」).
_ACCOUNT = re.compile(r"(?P<account>[^\s\[\]［］【】()（）・、]{0,24}会計)")


@cache
def _vocabulary() -> dict[str, Any]:
    """The parsed data/funds.toml (see its comments)."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _department() -> re.Pattern[str]:
    return re.compile(_vocabulary()["uses"]["department"])


def _unmarked(text: str) -> str:
    """A heading's or item's text without its markers and numbers (「● 1 財政調整基金」 -> 「財政調整基金」)."""
    for _ in range(3):
        text = _MARK.sub("", text.strip(), count=1)
    return text.strip()


def fund_name(line: Line) -> str | None:
    """The fund a heading line names (「1. 財政調整基金」「● １　財政調整基金（積立基金）」 -> 「財政調整基金」), or None:
    a short line without figures or sentence end, its name (a closing note in brackets off) ending as a fund's does."""
    vocab = _vocabulary()["fund"]
    text = line.norm.strip()
    if not text or "。" in text or has_figure(line) or len(text) > vocab["max_length"] + 8:
        return None
    name = _unmarked(text)
    bracket = _BRACKET_LABEL.match(name)
    if bracket and not bracket.group("rest"):
        name = bracket.group("word")  # 「【財政調整基金】」
    name = without_note(compact(name)).strip()
    if not name or len(name) > vocab["max_length"] or not name.endswith(tuple(vocab["endings"])):
        return None
    if any(w in name for w in vocab["not_names"]) or name in vocab["endings"]:
        return None
    return name


def _heading(line: Line) -> bool:
    """A heading of the statement (「第3 特別会計所属基金の状況」「◆ 基金現在高一覧」「［介護保険事業特別会計］」): a
    short marked line without figures that ends no sentence."""
    text = line.norm.strip()
    if not text or len(text) > 40 or text.endswith("。") or has_figure(line):
        return False
    return line.level > 0 or bool(L.PLAIN_HEADING.match(text))


def _part_heading(line: Line) -> tuple[dict[str, Any], str, str] | None:
    """A fund's sub-heading (data/funds.toml [[part_heading]]): its entry, its word as written and the text written
    after it on the line (「【目的】町の財政の…」 -> the 設置目的 entry, 「目的」, 「町の財政の…」); None for any other line."""
    text = _unmarked(line.norm)
    if not text or has_figure(line) and not (_BRACKET_LABEL.match(text) or _COLON_LABEL.match(text)):
        return None
    candidates = []
    for pattern in (_BRACKET_LABEL, _COLON_LABEL):
        match = pattern.match(text)
        if match:
            candidates.append((match.group("word"), match.group("rest")))
    candidates.append((text, ""))
    for word, rest in candidates:
        bare = without_note(compact(word))
        for entry in _vocabulary()["part_heading"]:
            if bare in entry["words"]:
                return entry, word, rest
    return None


_CLOSING_BRACKET = re.compile(r"\s*[（(](?P<office>[^（）()]{2,30})[)）]\s*$")


def _closing_office(name: str) -> re.Match[str] | None:
    """The office closing a 充当事業's name in brackets (「財源不足補てん繰入金（財政課）」 -> 財政課), or None: its words end
    as an office's do (data/vocabulary.toml [ledger] department_endings); 「（一般会計繰入）」 is the name's own."""
    match = _CLOSING_BRACKET.search(name)
    if match is None:
        return None
    return match if compact(match.group("office")).endswith(tuple(vocabulary()["ledger"]["department_endings"])) else None


def _rest_start(line: Line, rest: str) -> int:
    """Offset in the document of the text after a sub-heading's word on its line (after its bracket or colon)."""
    if not rest:
        return line.end
    match = re.search(r"[】\]］〕>〉》:：]\s*", line.raw)
    return line.start + match.end() if match else line.end


def _cells(line: Line) -> list[Cell]:
    """A line's non-empty cells (a framed ｜ row's empty outer parts off)."""
    return [c for c in line.cells if c.raw.strip()]


def money(text: str, unit: tuple[str, int] | None) -> int | None:
    """Yen of a cell: an amount written with its unit (「180,000,000円」「1.2億円」), else a bare figure scaled by the
    unit in force (「850,000」 in 千円); None when the cell holds no figure or no unit is known for a bare one."""
    text = compact(text)
    match = AMOUNT_RE.fullmatch(text)
    if match:
        return amount_yen(match)
    value = figure(text)
    if value is None or unit is None:
        return None
    return int(value * unit[1])


def _is_money(text: str) -> bool:
    text = compact(text)
    return AMOUNT_RE.fullmatch(text) is not None or figure(text) is not None


def _role(label: str) -> dict[str, Any] | None:
    """The [[figure]] entry a figure's label names (「令和9年度積立額」 -> 積立額), or None."""
    word = compact(label)
    return next((f for f in _vocabulary()["figure"] if any(w in word for w in f["words"])), None)


@dataclass
class Fund:
    """A fund being read: its program, the indentation of its heading, whether its flows (積立・取崩) were read (a
    balance after them is the year's end), the part of its block being read, and its 充当事業 so far."""

    program: Program
    indent: int
    seen_flow: bool = False
    part: str | None = None
    row_indent: int | None = None
    open: Section | None = None  # a section whose text runs on over the next lines
    last_figure: str = ""
    uses: list[Program] = field(default_factory=list)
    use: Program | None = None  # the 充当事業 whose description lines follow
    across: tuple[Line, list[Cell]] | None = None  # a header of figures written across, over the line of its figures

    def extend(self, line: Line) -> None:
        """The fund's span (and its open section's) to the end of a line of its block."""
        end = line.start + len(line.raw.rstrip())
        self.program.end = max(self.program.end, end)
        if self.open is not None:
            if self.open.start >= self.open.end:  # (a sub-heading alone on its line: its text begins here)
                self.open.start = line.start + len(line.raw) - len(line.raw.lstrip())
            self.open.end = max(self.open.end, end)


@dataclass
class Reader:
    """The state of a reading: the document, the unit of bare figures, the account the funds stand under, the funds
    and programs read."""

    doc: Document
    unit: tuple[str, int] | None
    account: str | None = None
    fund: Fund | None = None
    funds: dict[str, Fund] = field(default_factory=dict)
    programs: list[Program] = field(default_factory=list)
    table: dict[str, Any] | None = None

    @property
    def period(self) -> str:
        return self.doc.period or self.doc.title

    def budget(self, cell: Cell, yen: int | None, label: str) -> Budget:
        """A figure cell as a program's budget (its unit written after it when the cell is a bare figure)."""
        fiscal = label_of(label, self.period)
        era = L.ERA_YEAR.search(label) or L.ERA_YEAR.search(self.period)
        written = cell.raw if AMOUNT_RE.fullmatch(compact(cell.raw)) or not self.unit else f"{cell.raw}{self.unit[0]}"
        return Budget(yen=yen, text=cell.raw, amount_text=written, label=label, year=era.group(0) if era else "",
                      fiscal_year=fiscal.year, budget_kind=fiscal.kind, start=cell.start, end=cell.end)

    # -- funds' blocks -------------------------------------------------------------------------------------------

    def open_fund(self, line: Line, name: str) -> None:
        """A new fund from its heading line."""
        self.close_fund()
        start = line.start + len(line.raw) - len(line.raw.lstrip())
        title = tidy_title(name)
        program = Program(id=program_id(self.doc.name, f"基金:{title}"), title=title, category=self.account,
                          categories=[self.account] if self.account else [], document=self.doc.name, start=start,
                          end=line.start + len(line.raw.rstrip()), kind="program")
        self.fund = Fund(program, line.indent)
        self.funds[key(title)] = self.fund
        self.programs.append(program)

    def close_fund(self) -> None:
        self.fund = None

    def in_fund(self, line: Line) -> None:
        """One line of a fund's block."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return
        part = _part_heading(line)
        if part is not None:
            entry, word, rest = part
            fund.part, fund.row_indent, fund.use, fund.open = entry["part"], None, None, None
            fund.extend(line)
            if entry["part"] in ("purpose", "uses"):
                begin = _rest_start(line, rest)
                section = Section(name=entry["name"], heading=word, start=begin, end=line.start + len(line.raw.rstrip()))
                fund.program.sections.append(section)
                fund.open = section
            return
        if fund.part == "uses" and self.use_line(line):
            fund.extend(line)
            return
        if fund.part == "descriptions" and self.description_line(line):
            fund.extend(line)
            return
        if self.figure_line(line) or self.labelled_line(line):
            fund.extend(line)
            return
        if self.figure_table(line):
            fund.extend(line)
            return
        bracket = _BRACKET_LABEL.match(_unmarked(line.norm))
        if line.separator in ("pipe", "tab") or has_figure(line) or (bracket and not bracket.group("rest")):
            fund.open = None  # (a table's header or a figure under the 設置目的: no more of its text)
        fund.extend(line)  # text of the open section (the 設置目的's sentence, a note under the 充当事業)

    def figure_line(self, line: Line) -> bool:
        """A fund's figure (「令和9年度積立額   412,300」, 「│ 令和８年度取崩予定額 │ 180,000,000 │」) as a section,
        the year-end balance as its budget; a 「（うち運用利子）」 line a section after the figure above. False for
        any other line."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return False
        cells = _cells(line)
        if len(cells) != 2 or _is_money(cells[0].norm) or not _is_money(cells[1].norm):
            return False
        label, amount = cells
        word = compact(label.norm)
        if any(word.strip("()（）<＜[［").startswith(w) for w in _vocabulary()["part"]["words"]) and fund.last_figure:
            name = f"{fund.last_figure}（{without_note(word.strip('()（）')) or word.strip('()（）')}）"
            fund.program.sections.append(Section(name=name, heading=label.raw, start=amount.start, end=amount.end))
            return True
        if _role(word) is None:
            return False
        self.figure(label, amount)
        return True

    def figure(self, label: Cell, amount: Cell) -> None:
        """A fund's figure under its label as a section named by its role; the year-end balance its budget."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return
        word = compact(label.norm)
        role = _role(word)
        if role is None:  # (called only inside a block; never without one)
            return
        kind = role["role"]
        if kind == "balance":
            said = year_of(word)
            own = year_of(self.period)
            if said is not None and own is not None:
                kind = "previous" if said < own else "balance"
            elif not fund.seen_flow:
                kind = "previous"
        if kind in ("inflow", "outflow"):
            fund.seen_flow = True
        entry = next(f for f in _vocabulary()["figure"] if f["role"] == kind)
        fund.last_figure = entry["name"]
        fund.program.sections.append(Section(name=entry["name"], heading=label.raw, start=amount.start, end=amount.end))
        if kind == "balance":
            fund.program.budget = self.budget(amount, money(amount.norm, self.unit), label.norm)
        fund.open = None

    def figure_table(self, line: Line) -> bool:
        """A fund's figures written across (「前年度末現在高  積立額  取崩額  年度末現在高見込」 over a line of four
        figures): the header remembered, the figures under it read as `figure_line` reads a label and its figure.
        False for any other line."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return False
        cells = _cells(line)
        if len(cells) >= 2 and not any(_is_money(c.norm) for c in cells) \
                and sum(_role(c.norm) is not None for c in cells) >= 2:
            fund.across = (line, cells)
            self.unit = next((u for c in cells if (u := bare_unit(c.norm))), self.unit)
            return True
        if fund.across is None or not cells or not all(_is_money(c.norm) for c in cells):
            return False
        header, heads = fund.across
        fund.across = None
        for i, cell in sorted(_by_column(header, heads, line, cells).items()):
            self.figure(heads[i], cell)
        return True

    def labelled_line(self, line: Line) -> bool:
        """A labelled line of a fund's block (「根拠条例：北浦市…」「積立の内訳：利子 12,000円」) as a section named by
        its label (data/funds.toml [labels]); False for any other line."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return False
        match = _COLON_LABEL.match(_unmarked(line.norm))
        vocab = _vocabulary()["labels"]
        if match is None or not match.group("rest") or len(compact(match.group("word"))) > vocab["max_length"]:
            return False
        word = compact(match.group("word"))
        name = next((n["name"] for n in vocab["names"] if any(w in word for w in n["words"])), word)
        fund.program.sections.append(Section(name=name, heading=match.group("word"), start=_rest_start(line, "x"),
                                             end=line.start + len(line.raw.rstrip())))
        fund.open = None
        return True

    def use_line(self, line: Line) -> bool:
        """A line of a fund's 充当事業: a header (skipped), a row (a program of the fund), its 計 (a section of the fund),
        or a line describing the row above it (its 概要; 「（担当：…）」 its office). False for other lines."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return False
        cells = _cells(line)
        if not cells:
            return False
        at = next((i for i, c in enumerate(cells) if _is_money(c.norm)), None)
        deeper = fund.row_indent is not None and line.indent > fund.row_indent
        if at is None and not deeper:
            words = {compact(c.norm) for c in cells}
            tables = _vocabulary()["tables"]
            if len(cells) >= 2 and words & {*tables["use_column"], *tables["amount_column"]}:
                self.unit = next((u for c in cells if (u := bare_unit(c.norm))), self.unit)
                return True  # the rows' header (「事業名  充当額  担当課」)
            return False
        name = _unmarked(" ".join(c.norm for c in cells[:at])) if at is not None else ""
        if at is not None and at >= 1 and (not deeper or is_total(name)):
            if "。" in name or not name:
                return False
            if is_total(name):  # (「計」 under the rows, or 「合　　計」 indented as far as their descriptions)
                amount = cells[at]
                fund.program.sections.append(Section(name=f"{_vocabulary()['uses']['amount_section']}計",
                                                     heading=cells[0].raw, start=amount.start, end=amount.end))
                fund.use = None
                return True
            fund.row_indent = line.indent if fund.row_indent is None else fund.row_indent
            self.add_use(fund, line, name, cells[at], cells[at + 1:])
            return True
        if fund.use is not None and (deeper or at is None):
            self.describe(fund.use, line)
            return True
        return False

    def add_use(self, fund: Fund, line: Line, name: str, amount: Cell, after: list[Cell]) -> Program:
        """A 充当事業 of the fund from its row: its name, its 充当額 cell and the cells after it (its 担当課)."""
        vocab = _vocabulary()["uses"]
        office = _closing_office(name)
        title = tidy_title(name[:office.start()] if office else name)
        start = line.start + len(line.raw) - len(line.raw.lstrip())
        sections = [Section(name=vocab["amount_section"], heading=vocab["amount_section"], start=amount.start,
                            end=amount.end)]
        department = compact(office.group("office")) if office else None
        at = line.raw.find(office.group("office")) if office else -1
        if at >= 0:  # (the office as written in the line; NFKC leaves an office's words as they are)
            sections.append(Section(name=vocab["department_section"], heading=office.group(0),
                                    start=line.start + at, end=line.start + at + len(office.group("office"))))
        if after:
            department = compact(" ".join(c.norm for c in after))
            sections.append(Section(name=vocab["department_section"], heading=after[0].raw, start=after[0].start,
                                    end=after[-1].end))
        parent = fund.program
        # (the fund is its category and parent, not one of its `categories`: a program named as a heading of others
        # is read as their total, and the fund is a program of its own)
        program = Program(id=program_id(self.doc.name, f"{parent.title}:{title}"), title=title, category=parent.title,
                          categories=list(parent.categories), parent_id=parent.id, department=department,
                          document=self.doc.name, start=start, end=line.start + len(line.raw.rstrip()),
                          budget=self.budget(amount, money(amount.norm, self.unit), vocab["amount_section"]),
                          sections=sections, kind="program")
        fund.uses.append(program)
        fund.use = program
        self.programs.append(program)
        return program

    def describe(self, use: Program, line: Line) -> None:
        """A line describing a 充当事業 (indented under its row): its 概要, its 「（担当：…）」 office."""
        begin = line.start + len(line.raw) - len(line.raw.lstrip())
        end = line.start + len(line.raw.rstrip())
        office = re.search(r"[（(]\s*(?:担当|所管)課?\s*[:：]\s*(?P<dept>[^（）()]+?)\s*[)）]", line.raw)
        text_end = line.start + office.start() if office else end
        described = next((s for s in use.sections if s.name == "概要"), None)
        if text_end > begin:
            if described is None:
                use.sections.append(Section(name="概要", heading="", start=begin, end=text_end))
            else:
                described.end = text_end
        if office:
            use.department = use.department or compact(office.group("dept"))
            use.sections.append(Section(name=_vocabulary()["uses"]["department_section"], heading=office.group(0),
                                        start=line.start + office.start("dept"), end=line.start + office.end("dept")))
        use.end = max(use.end, end)

    def description_line(self, line: Line) -> bool:
        """An item of a fund's 「事業の概要」 (「・市債繰上償還事業：利率1.5％以上の…」) as the 概要 of the 充当事業 it
        names, or a line continuing the item above; False for other lines."""
        fund = self.fund
        if fund is None:  # (called only inside a block; never without one)
            return False
        # (「・伝統芸能「北浦神楽」継承支援事業：…」: the name before the first colon, however long)
        match = _NAME_COLON.match(_unmarked(line.norm))
        wanted = key(match.group("word")) if match else ""
        named = next((u for u in fund.uses if wanted and key(u.title) == wanted), None)
        if named is not None:
            colon = re.search(r"[:：]\s*", line.raw)
            begin = line.start + colon.end() if colon else line.start
            named.sections.append(Section(name="概要", heading=named.title, start=begin,
                                          end=line.start + len(line.raw.rstrip())))
            fund.use = named
            return True
        if fund.use is not None and fund.open is None and line.indent > 0:
            section = next((s for s in reversed(fund.use.sections) if s.name == "概要"), None)
            if section is not None and section.end >= line.start - 200:
                section.end = line.start + len(line.raw.rstrip())
                return True
        return False

    # -- tables after the blocks ----------------------------------------------------------------------------------

    def header(self, line: Line) -> bool:
        """A 総括表's header (a fund column and two figure columns) or a list of 充当事業's (a use column, a fund
        column): the table to read the rows under; False for any other line."""
        cells = _cells(line)
        if len(cells) < 3 or any(_is_money(c.norm) for c in cells):
            return False
        tables = _vocabulary()["tables"]
        words = [without_note(compact(c.norm)) for c in cells]
        roles = [_role(w) for w in words]
        unit = next((u for c in cells if (u := bare_unit(c.norm))), None)
        source = next((i for i, w in enumerate(words) if w in tables["source_column"]), None)
        use = next((i for i, w in enumerate(words) if w in tables["use_column"]), None)
        if use is not None and source is not None and use != source:
            department = next((i for i, w in enumerate(words) if w in tables["department_column"]), None)
            amount = next((i for i, w in enumerate(words) if w in tables["amount_column"]), None)
            self.table = {"kind": "list", "line": line, "cells": cells, "use": use, "source": source, "unit": unit,
                          "department": department, "amount": amount}
            return True
        name = next((i for i, w in enumerate(words) if w in tables["fund_column"]), None)
        if sum(r is not None for r in roles) >= 2 and name is not None:
            kinds = []
            flows = False
            for r in roles:
                kind = r["role"] if r else None
                if kind == "balance" and not flows and "balance" not in kinds and "previous" not in kinds:
                    kind = "previous"  # (a balance before the flows: last year's end)
                flows = flows or kind in ("inflow", "outflow")
                kinds.append(kind)
            self.table = {"kind": "summary", "line": line, "cells": cells, "roles": kinds, "unit": unit, "name": name}
            return True
        return False

    def row(self, line: Line) -> None:
        """A row of the table being read (see `summary_row`, `list_row`)."""
        table = self.table
        if table is None:  # (called only inside a block; never without one)
            return
        cells = _cells(line)
        if not cells or not any(_is_money(c.norm) for c in cells):
            return
        if table["kind"] == "summary":
            self.summary_row(line, cells)
        else:
            self.list_row(line, cells)

    def _placed(self, line: Line, cells: list[Cell]) -> dict[int, Cell]:
        """A row's cells by the column index of the table being read (`_by_column`)."""
        table = self.table
        if table is None:  # (called only inside a block; never without one)
            return {}
        return _by_column(table["line"], table["cells"], line, cells)

    def summary_row(self, line: Line, cells: list[Cell]) -> None:
        """A 総括表 row: figures of the fund it names (added to the fund, or the fund itself when no block read it);
        a 小計/合計 row a total."""
        table = self.table
        if table is None:  # (called only inside a block; never without one)
            return
        unit = table["unit"] or self.unit
        placed = self._placed(line, cells)
        named = placed.get(table["name"])
        if named is None or _is_money(named.norm):
            return
        name = _unmarked(named.norm)
        bare = compact(name).strip("()（）[]［］【】")
        start = line.start + len(line.raw) - len(line.raw.lstrip())
        end = line.start + len(line.raw.rstrip())
        sections = [Section(name=_vocabulary()["tables"]["summary_section"], heading=name, start=start, end=end)]
        year_end: Cell | None = None
        for i, cell in placed.items():
            kind = table["roles"][i] if i < len(table["roles"]) else None
            if i == table["name"]:
                continue
            if kind is None or not _is_money(cell.norm):
                if not _is_money(cell.norm):  # a column of words (「設置目的」): a section named by its header
                    head = without_note(compact(table["cells"][i].norm))
                    entry = next((e for e in _vocabulary()["part_heading"] if head in e["words"]), None)
                    sections.append(Section(name=entry["name"] if entry else head, heading=table["cells"][i].raw,
                                            start=cell.start, end=cell.end))
                continue
            entry = next(f for f in _vocabulary()["figure"] if f["role"] == kind)
            sections.append(Section(name=entry["name"], heading=table["cells"][i].raw, start=cell.start, end=cell.end))
            if kind == "balance":
                year_end = cell
        fund = self.funds.get(key(bare))
        saved, self.unit = self.unit, unit
        try:
            if fund is not None:
                # (the block's own figures first: a question quotes them; the row's are the same under the 総括表)
                fund.program.sections.append(sections[0])
                if fund.program.budget is None and year_end is not None:
                    fund.program.budget = self.budget(year_end, money(year_end.norm, unit), table["cells"][-1].norm)
                    fund.program.sections += sections[1:]
                return
            total = is_total(bare) or is_total(name)
            budget = self.budget(year_end, money(year_end.norm, unit), "年度末残高見込") if year_end else None
            title = tidy_title(name)
            if total:
                title = tidy_title(name.strip("()（）[]［］【】 "))  # (「（一般会計 小計）」: the total's words)
                self.programs.append(Program(id=program_id(self.doc.name, f"総括:{title}:{line.index}"), title=title,
                                             category=_vocabulary()["tables"]["summary_section"], document=self.doc.name,
                                             start=start, end=end, budget=budget, sections=sections, kind="total"))
                return
            if not title.endswith(tuple(_vocabulary()["fund"]["endings"])):
                return
            program = Program(id=program_id(self.doc.name, f"基金:{title}"), title=title, category=self.account,
                              categories=[self.account] if self.account else [], document=self.doc.name, start=start,
                              end=end, budget=budget, sections=sections, kind="program")
            self.funds[key(title)] = Fund(program, line.indent)
            self.programs.append(program)
        finally:
            self.unit = saved

    def list_row(self, line: Line, cells: list[Cell]) -> None:
        """A row of a list of 充当事業 (「4  北浦市民体育館大規模改修事業  公共施設等整備基金  320,000」): a section of the
        fund's 充当事業 it names, or that 充当事業 itself when the fund's block did not list it."""
        table = self.table
        if table is None:  # (called only inside a block; never without one)
            return
        placed = self._placed(line, cells)
        source, use = placed.get(table["source"]), placed.get(table["use"])
        stated = placed.get(table["amount"]) if table["amount"] is not None else None
        amounts = [stated] if stated is not None and _is_money(stated.norm) else [c for c in cells if _is_money(c.norm)]
        office = placed.get(table["department"]) if table["department"] is not None else None
        if source is None or use is None or not amounts:
            return
        fund = self.funds.get(key(source.norm))
        if fund is None:
            return
        title = tidy_title(_unmarked(use.norm))
        section = Section(name=_vocabulary()["tables"]["list_section"], heading=title,
                          start=line.start + len(line.raw) - len(line.raw.lstrip()),
                          end=line.start + len(line.raw.rstrip()))
        known = next((u for u in fund.uses if key(u.title) == key(title)), None)
        if known is not None:
            known.sections.append(section)
            return
        saved, self.unit = self.unit, table["unit"] or self.unit
        try:
            program = self.add_use(fund, line, title, amounts[-1], [office] if office is not None else [])
            program.sections.append(section)
        finally:
            self.unit = saved
        fund.use = None


def _positional(line: Line) -> list[Cell]:
    """A ｜ or tab row's cells by position, empty ones kept (a framed row's empty outer parts off)."""
    cells = line.cells
    return cells[1:-1] if line.separator == "pipe" and line.framed and len(cells) >= 2 else cells


def _by_column(header: Line, heads: list[Cell], line: Line, cells: list[Cell]) -> dict[int, Cell]:
    """A row's cells by its header's column index: by position in a ｜ or tab table whose row has as many cells as its
    header, else by the nearest right edge for figures (they stand right-aligned under their header) and by order for
    words (a row's name in the first column)."""
    if line.separator in ("pipe", "tab") and line.separator == header.separator:
        row, top = _positional(line), _positional(header)
        if len(row) == len(top) and len(heads) == len([c for c in top if c.raw.strip()]):
            index = [i for i, c in enumerate(top) if c.raw.strip()]
            return {index.index(i): c for i, c in enumerate(row) if c.raw.strip() and i in index}
    edges = [text_width(header.raw[:h.end - header.start]) for h in heads]
    out: dict[int, Cell] = {}
    for n, cell in enumerate(cells):
        if not _is_money(cell.norm):
            if n < len(heads) and n not in out:
                out[n] = cell
            continue
        right = text_width(line.raw[:cell.end - line.start])
        out[min(range(len(heads)), key=lambda i: abs(edges[i] - right))] = cell
    return out


def _read(doc: Document, lines: list[Line]) -> Reader:
    """Every fund, 充当事業 and 総括表 total of the document, read line by line."""
    reader = Reader(doc, said_unit(line.norm for line in lines))
    for line in lines:
        if not line.norm or _DRAWN.match(line.norm):
            continue
        declared = unit_in(line.norm)
        if declared and len(line.norm) <= 40 and not any(_is_money(c.norm) for c in _cells(line)):
            reader.unit = declared
            if reader.fund is None and reader.table is None:
                continue
        name = fund_name(line)
        if name is not None and reader.table is None:
            reader.open_fund(line, name)
            continue
        fund = reader.fund
        if _heading(line) and (fund is None or (line.indent <= fund.indent and _part_heading(line) is None)):
            reader.close_fund()
            reader.table = None
            account = _ACCOUNT.search(line.norm)
            if account:
                reader.account = account.group("account")
            continue
        if fund is not None:
            header_unit = next((u for c in _cells(line) if (u := bare_unit(c.norm)) and not _is_money(c.norm)), None)
            if header_unit and not has_figure(line):
                reader.unit = header_unit  # (「│ 区分 │ 金額（円） │」 over a fund's figures)
            reader.in_fund(line)
            continue
        if reader.header(line):
            continue
        if reader.table is not None:
            reader.row(line)
    return reader


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Funds (each a program with its year-end balance), their 充当事業 (programs with their 充当額, parts of their
    fund) and the 総括表's totals, in order."""
    programs = sorted(_read(doc, lines).programs, key=lambda p: p.start)
    return finish_reading(doc, programs, "fund figure(s)")


def score(doc: Document, lines: list[Line]) -> float:
    """How strongly the document is a 基金の状況 (0-1).

    Returns:
        0 unless two funds are read each with a balance and a flow (積立額 or 取崩額); else 0.5 plus the share of the
        document's figure lines inside the funds, their 充当事業 and the 総括表's rows (capped at 1).
    """
    if not any(e in doc.text for e in _vocabulary()["fund"]["endings"]):
        return 0.0  # cheap test first
    reader = _read(doc, lines)
    names = {"積立額", "取崩額"}
    full = [f for f in reader.funds.values() if f.program.budget is not None
            and any(s.name in names for s in f.program.sections)]
    if len(full) < 2:
        return 0.0
    spans = [(p.start, p.end) for p in reader.programs] + \
            [(s.start, s.end) for p in reader.programs for s in p.sections]
    figures = [ln for ln in lines if has_figure(ln)]
    inside = sum(1 for ln in figures if any(s <= ln.start + len(ln.raw) - len(ln.raw.lstrip()) < e or
                                            ln.start <= s < ln.end for s, e in spans))
    return round(min(1.0, 0.5 + inside / max(1, len(figures))), 3)
