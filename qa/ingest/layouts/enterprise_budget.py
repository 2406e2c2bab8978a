"""A city's 公営企業会計 予算の概要 (水道事業会計・下水道事業会計, as a 上下水道局 publishes them): per account its
業務の予定量, its 収益的収入及び支出 and 資本的収入及び支出 (款・項 rows with this year's 予定額, last year's and the
difference; the year's 純利益; the note that a 不足する額 is made up from 損益勘定留保資金), its 主な建設改良事業 as
numbered blocks, its 企業債の状況 and a note on its 料金.

Read so (data/enterprise_budget.toml names the words):

- each 主な建設改良事業 block (「①　基幹管路耐震化事業」 over labelled lines 「事業費　860,000千円　　担当　水道工務課」
  「内容　…」「財源　…」) is a program: its title the block's name, its budget the 事業費 (bare figures scaled by the
  part's 「単位：千円」), its department the 担当 課, its category the account, its 内容, 財源 and 工期 (a label inside
  the 内容, 「工期　令和8年4月～…」) sections;
- each 款・項 row of the two tables, each item of a 項's 内訳, the 当年度純利益 (or 純損失), the capital shortfall, the
  closing 計 lines of the projects and the 企業債 figures are totals (kind "total": never counted with the programs)
  titled with the account (「水道事業会計 資本的収入」), their figure this year's and last year's its previous_year;
- the 業務の予定量 and the 料金 notes are passages, kept as text;
- the 問い合わせ先 lines give a program its office's phone (the 代表 number when its office has none of its own).

The opening 予算規模 table (each account's size) is read by `qa.ingest.account_totals`, as for any 予算の概要.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.layout import OFFICE_END, PHONE
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import nfkc, text_width, tidy_title
from qa.ingest.structure import finish_reading, program_id
from qa.ingest.vocabulary import compact, said_unit, unit_in
from qa.ingest.years import era_name, year_of

NAME = "enterprise_budget"
# Its project blocks are labelled cells of `evaluation_sheets` and `field_blocks` too, its 款・項 rows a text table's.
REFINES = ("evaluation_sheets", "field_blocks", "text_table", "priced_items", "program_pages")

_DATA = Path(__file__).resolve().parents[1] / "data" / "enterprise_budget.toml"
# A heading's number or mark (NFKC): 「1」「1.」「(1)」「第2」「Ⅱ」(II)「■」「【」, maybe after a ruled frame's 「|」.
_MARK = re.compile(r"^[\s|]*(?:第\s*\d{1,2}\s*(?:章|部)?|\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.、)]?|[IVX]{1,4}\s*[.、]?|[ア-ン]\s*[.、)]"
                   r"|[■□◆◇●○◎▼▶・]|[【\[<〈《〔])\s*")
_CLOSE = re.compile(r"\s*[】\]>〉》〕]\s*")
# A bracketed note after a heading (「（消費税及び地方消費税抜き、単位：千円）」).
_NOTE = re.compile(r"\s*(?:[(（][^()（）]*[)）]|[\[［〔【][^\[\]［］〔〕【】]*[\]］〕】])\s*$")
# A figure of a table's cell (NFKC): ▲ or △ for a negative, commas between groups.
# A leading + says an increase (「+373,000」 in a 比較増減 column): the figure as written, positive.
_FIGURE = re.compile(r"(?<![\d,.])(?P<sign>[▲△\-−+])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]*\.?\d)")
_SEP = r"[\s|｜│┃]"
# A 款・項 row (NFKC): its 第N款/第N項, its name (no figure in it), then figures only.
_ROW = re.compile(rf"^{_SEP}*(?:第\s*\d{{1,2}}\s*(?P<level>款|項)\s*)?(?P<name>[^\d\s|▲△][^\d|]*?)"
                  rf"(?P<figures>(?:{_SEP}+[▲△\-−+]?\s?\d[\d,]*(?:\.\d+)?\s*(?:%|千円|円)?)+){_SEP}*$")
# A bare figure after a name in a 内訳 (「給水収益3,286,000」「受託工事収益 18,000千円」).
_PAIR = re.compile(r"(?P<name>[^\d、,，。()（）:：\s][^\d、,，。()（）:：]*?)\s*[:：]?\s*(?P<sign>[▲△])?(?P<num>\d[\d,]*)"
                   r"\s*(?P<unit>百万円|千円|万円|円)?")
_RULE = re.compile(r"^[\s=＝\-－―─━_＿~〜*・]{4,}$")
_PHONE_LEAD = re.compile(r"(?:電話|TEL|Tel|℡|☎)\s*[:：]?\s*$")


@cache
def _vocabulary() -> dict[str, Any]:
    """The parsed data/enterprise_budget.toml."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


def _words(table: str, name: str) -> tuple[str, ...]:
    return tuple(compact(w) for w in _vocabulary()[table][name])


@dataclass
class _LabelWord:
    """A project block's label: what it is (data [[label]] field), the section it makes and whether it divides."""

    field: str
    section: str
    primary: bool


@cache
def _labels() -> dict[str, _LabelWord]:
    """Compact label word -> what it is."""
    out: dict[str, _LabelWord] = {}
    for entry in _vocabulary()["label"]:
        for word in entry["words"]:
            out.setdefault(compact(word), _LabelWord(entry["field"], entry["section"], bool(entry["primary"])))
    return out


@cache
def _label_pattern() -> re.Pattern[str]:
    """A label on a folded (NFKC) line: at its start after a mark, or after white space, a slash or a bar; maybe
    bracketed (【事業費】), maybe with its year before it; then a colon or white space before its value."""
    words = "|".join(r"\s?".join(map(re.escape, w)) for w in sorted(_labels(), key=len, reverse=True))
    year = r"(?:(?:令和|平成)\s*(?:\d{1,2}|元)\s*年度|R\s*\d{1,2}|本年度|当年度)?"
    return re.compile(rf"(?:^|(?<=[\s/／|｜、]))[・○●■◆◇\-]?\s*(?P<open>[【\[〔<])?\s*(?P<label>{year}\s*(?:{words}))"
                      rf"\s*(?:\([^()]{{0,8}}\))?\s*(?P<close>[】\]〕>])?(?:\s*[:：]\s*|\s+|$|(?<=[】\]〕>]))")


@dataclass
class _Part:
    """A part of an account: its kind (data [parts] key), its heading's name and line, and the lines under it."""

    kind: str
    name: str
    heading: Line
    lines: list[Line] = field(default_factory=list)
    unit: tuple[str, int] | None = None


@dataclass
class _Account:
    name: str
    heading: Line | None
    parts: list[_Part] = field(default_factory=list)


def _heading_name(line: Line) -> str | None:
    """The name a heading line gives, without its number, marks and closing note (None for a line of figures or
    sentences: a heading is short, ends no sentence and holds no figure outside its note)."""
    text = line.norm.strip()
    if not text or len(text) > 60 or text.endswith("。"):
        return None
    text = _MARK.sub("", text, count=1)
    while (note := _NOTE.search(text)) and note.start() > 0:
        text = text[:note.start()].strip()
    text = _CLOSE.sub(" ", text).strip()
    if not text or re.search(r"\d[\d,]{2,}", text) or len(text) > 30:
        return None
    return text


def _account_name(line: Line) -> str | None:
    """The account a heading names (「1　水道事業会計」「【下水道事業会計】」「第２ 工業用水道事業会計予算の概要」)."""
    name = _heading_name(line)
    if name is None:
        return None
    bare = compact(name)
    for tail in sorted(_words("account", "heading_tails"), key=len, reverse=True):
        if bare.endswith(tail) and any(bare[:-len(tail)].endswith(e) for e in _words("account", "endings")):
            bare = bare[:-len(tail)]
            break
    if any(bare.endswith(e) for e in _words("account", "endings")) and 4 <= len(bare) <= 30 and "・" not in bare:
        return _without_place(bare)
    return None


def _without_place(name: str) -> str:
    """An account's name without the city and year before it (「令和8年度北潟市下水道事業会計」 -> 「下水道事業会計」)."""
    found = re.search(r"(?:.*(?:市|町|村|都|道|府|県|局|年度))?(?P<name>[^\s・、]{2,16}?(?:事業会計|企業会計))$", name)
    return found.group("name") if found else name


def _part_kind(line: Line) -> tuple[str, str] | None:
    """The kind of part a heading opens (volume, revenue, capital, projects, bonds, rates, contact) and its name."""
    name = _heading_name(line)
    if name is None or not _MARK.match(line.norm) and not line.norm.startswith(("【", "[", "<", "〈", "■", "◆", "●")):
        # (a part heading is numbered or marked: 「（2）収益的収入及び支出」; a sentence naming one is none)
        if name is None or len(name) > 16:
            return None
    bare = compact(name)
    for kind, words in _vocabulary()["parts"].items():
        if any(compact(w) in bare for w in words) and len(bare) <= len(max(words, key=len)) + 14:
            return kind, name
    return None


def _side(line: Line) -> str | None:
    """「【収入】」「＜支出＞」「収入の部」 alone on a line: the side of the table the rows below stand on."""
    bare = re.sub(r"[【】\[\]<>〈〉＜＞()（）《》:：■●◆・\s]", "", line.norm)
    if bare in _words("sides", "income"):
        return "収入"
    if bare in _words("sides", "outgo"):
        return "支出"
    return None


def _this_year(doc: Document) -> int | None:
    """The fiscal year of the budget: the one its title or opening lines name."""
    for text in (doc.title, doc.period, doc.text[:400]):
        year = year_of(text or "")
        if year is not None:
            return year
    return None


def _accounts(doc: Document, lines: list[Line]) -> list[_Account]:
    """The document's accounts, each with its parts and their lines (a document of one account without a heading
    naming it takes the account its title names)."""
    accounts: list[_Account] = []
    current: _Account | None = None
    part: _Part | None = None
    for line in lines:
        name = _account_name(line)
        if name is not None and current is not None and name == current.name:
            # (the account named again, as the document's title over every page 「令和8年度　御影沢市病院事業会計予算
            # の概要」: a running header, the part it interrupts goes on)
            continue
        if name is not None:
            current = _Account(name, line)
            accounts.append(current)
            part = None
            continue
        kind = _part_kind(line)
        if kind is not None and (kind[0] != "contact" or current is not None):
            if current is None:
                # (「北潟市下水道事業会計予算の概要」: the account after the city's name or the year)
                titled = re.search(r"[^\s・、]{2,40}?(?:事業会計|企業会計)", compact(doc.title))
                current = _Account(_without_place(titled.group(0)) if titled else "", None)
                accounts.append(current)
            part = _Part(kind[0], kind[1], line, unit=unit_in(line.norm))
            if kind[0] == "contact":
                # (the contact lines close the last account: they are the document's, not its own)
                current = _Account("", None, [part])
                accounts.append(current)
            else:
                current.parts.append(part)
            continue
        if part is not None and not _RULE.match(line.norm):
            if part.unit is None and unit_in(line.norm):
                part.unit = unit_in(line.norm)
            part.lines.append(line)
    return accounts


def _span_of(lines: list[Line]) -> tuple[int, int]:
    """From the first line with text to the end of the last."""
    kept = [ln for ln in lines if ln.norm.strip()]
    return (kept[0].start, kept[-1].end) if kept else (0, 0)


def _yen(num: str, sign: str | None, unit: tuple[str, int] | None) -> int | None:
    if unit is None:
        return None
    value = int(num.replace(",", "")) * unit[1]
    return -value if sign and sign != "+" else value


class _Reader:
    """Reads one document's accounts into programs and totals."""

    def __init__(self, doc: Document, lines: list[Line]) -> None:
        self.doc = doc
        self.lines = lines
        self.year = _this_year(doc)
        self.unit = said_unit(ln.norm for ln in lines)
        self.out: list[Program] = []
        self.titles: set[str] = set()

    # ------------------------------------------------------------------------------------------- common
    def _total(self, account: str, name: str, categories: list[str], start: int, end: int, budget: Budget | None,
               parent: Program | None = None) -> Program | None:
        """A total titled with its account (unless its name already holds the account's stem), once a title."""
        stem = re.sub(r"(?:事業)?会計$", "", account)
        title = name if not account or (stem and stem in compact(name)) else f"{account} {name}"
        if compact(title) in self.titles:
            return None
        self.titles.add(compact(title))
        program = Program(id=program_id(self.doc.name, f"{NAME}:{title}"), title=title, category=account or None,
                          categories=[c for c in [account, *categories] if c], document=self.doc.name, start=start,
                          end=end, budget=budget, kind="total", parent_id=parent.id if parent else None)
        self.out.append(program)
        return program

    def _amount(self, line: Line, match: re.Match[str], group: str, yen: int | None, label: str,
                year: int | None, unit: tuple[str, int] | None) -> Amount:
        """An amount read from a folded line's match group, its text as the document writes it (with the part's
        unit said after a bare figure)."""
        first = match.start("sign") if "sign" in match.groupdict() and match.group("sign") else match.start(group)
        last = match.end("unit") if "unit" in match.groupdict() and match.group("unit") else match.end(group)
        begin, stop = line.span(first, last)
        text = self.doc.text[begin:stop]
        return Amount(yen=yen, text=text if not unit or text.endswith("円") else f"{text}{unit[0]}", label=label,
                      fiscal_year=year, budget_kind="前年度" if year is not None and self.year is not None
                      and year < self.year else "", start=begin, end=stop)

    # ------------------------------------------------------------------------------------------- tables
    def _columns(self, line: Line) -> list[str] | None:
        """The roles of a table header's figure columns (current, previous, change, other), None for no header."""
        cells = [c for c in re.split(r"\s{2,}|[|｜│┃]", nfkc(line.raw).strip()) if c.strip()]
        if len(cells) < 2 or any(_FIGURE.fullmatch(c.strip()) for c in cells):
            return None
        roles: list[str] = []
        for cell in cells:
            bare = compact(cell)
            year = year_of(cell)
            if any(w in bare for w in _words("rows", "change")):
                roles.append("change")
            elif year is not None and self.year is not None and year != self.year:
                roles.append("previous" if year < self.year else "other")
            elif any(w in bare for w in _words("rows", "previous")):
                roles.append("previous")
            elif year == self.year or any(w in bare for w in _words("rows", "current")):
                roles.append("current")
            else:
                roles.append("name")
        figures = [r for r in roles if r != "name"]
        return figures if "current" in figures else None

    def _table(self, account: str, part: _Part) -> None:
        """The 款・項 rows of a 収益的・資本的 table, their 内訳, its 純利益 and its shortfall note, as totals."""
        unit = part.unit or self.unit
        columns = ["current", "previous", "change"]
        side = ""
        indent0: int | None = None
        kan: Program | None = None
        kou: Program | None = None
        rows = part.lines
        n = 0
        while n < len(rows):
            line = rows[n]
            n += 1
            folded = line.folded[0]
            if (found := _side(line)) is not None:
                side, kan, kou, indent0 = found, None, None, None
                continue
            if (header := self._columns(line)) is not None:
                columns = header
                continue
            if any(w in compact(folded) for w in _words("result", "shortfall")):
                block = [line]
                while n < len(rows) and rows[n].norm.strip() and _ROW.match(rows[n].folded[0]) is None:
                    block.append(rows[n])
                    n += 1
                self._shortfall(account, part, block, unit)
                continue
            if self._result(account, part, line, unit):
                continue
            bare = compact(folded)
            breakdown = next((w for w in _words("rows", "breakdown") if bare.lstrip("(（").startswith(w)), None)
            if breakdown and (kou or kan):
                self._breakdown(account, part, side, line, kou or kan, unit)
                continue
            row = _ROW.match(folded)
            if row is None:
                continue
            name = row.group("name").strip()
            if not name or len(name) > 30:
                continue
            level = row.group("level") or ""
            if not level:
                # (a 項 stands indented under its 款: in the line, or inside the name's cell of a ｜ table 「|　営業収益|」)
                lead = re.split(r"[|｜│┃]", line.raw[:line.span(row.start("name"), row.start("name"))[0] - line.start])[-1]
                indent = text_width(lead.replace("\t", "    "))
                indent0 = indent if indent0 is None else indent0
                level = "款" if indent <= indent0 else "項"
            figures = list(_FIGURE.finditer(folded, row.start("figures")))
            budget = self._row_budget(line, figures, columns, unit, name)
            if budget is None:
                continue
            parent = kan if level == "項" else None
            result = any(compact(w) in compact(name) for w in [*_vocabulary()["result"]["profit"],
                                                               *_vocabulary()["result"]["loss"]])
            if result:
                level, parent = "result", None  # (「当年度純利益」 under the 支出 rows: the table's result, no 支出)
            made = self._total(account, name, [part.name, side] if side and not result else [part.name], line.start,
                               line.end, budget, parent)
            if level == "款":
                kan, kou = made, None
            elif level == "項":
                kou = made

    def _row_budget(self, line: Line, figures: list[re.Match[str]], columns: list[str],
                    unit: tuple[str, int] | None, name: str) -> Budget | None:
        """A row's figures by its header's columns: this year's the budget, last year's its previous_year, the
        difference its change. A loss (純損失) is written positive and stays so."""
        roles = columns if len(columns) == len(figures) else (columns + ["other"] * len(figures))[:len(figures)]
        by_role: dict[str, re.Match[str]] = {}
        for role, found in zip(roles, figures, strict=True):
            by_role.setdefault(role, found)  # (the first figure of a role is its)
        current = by_role.get("current")
        if current is None:
            return None
        begin, stop = line.span(current.start("sign") if current.group("sign") else current.start("num"), current.end())
        text = self.doc.text[begin:stop]
        budget = Budget(yen=_yen(current.group("num"), current.group("sign"), unit),
                        text=text, amount_text=f"{text}{unit[0]}" if unit else text, label=name,
                        fiscal_year=self.year, year=era_name(self.year) if self.year else "", start=begin, end=stop)
        if (before := by_role.get("previous")) is not None:
            budget.previous_year = self._amount(line, before, "num", _yen(before.group("num"), before.group("sign"),
                                                                          unit), "前年度",
                                                (self.year - 1) if self.year else None, unit)
            budget.previous_year.budget_kind = "前年度"
        if (change := by_role.get("change")) is not None:
            budget.change = self._amount(line, change, "num", _yen(change.group("num"), change.group("sign"), unit),
                                         "比較", None, unit)
        return budget

    def _breakdown(self, account: str, part: _Part, side: str, line: Line, parent: Program,
                   unit: tuple[str, int] | None) -> None:
        """A 項's 内訳 line: a section of the 項, each item a total under it."""
        parent.sections.append(Section(name="内訳", heading="内訳", start=line.start, end=line.end))
        parent.end = max(parent.end, line.end)
        folded = line.folded[0]
        opened = re.search(r"内訳\s*[)）]?\s*[:：]?|うち", folded)
        for pair in _PAIR.finditer(folded, opened.end() if opened else 0):
            name = pair.group("name").strip(" ・")
            if len(name) < 2:
                continue
            own = (pair.group("unit"), int(_unit_yen(pair.group("unit")))) if pair.group("unit") else unit
            begin, stop = line.span(pair.start("num"), pair.end("unit") if pair.group("unit") else pair.end("num"))
            text = self.doc.text[begin:stop]
            budget = Budget(yen=_yen(pair.group("num"), pair.group("sign"), own), text=text,
                            amount_text=text if pair.group("unit") or not own else f"{text}{own[0]}", label=name,
                            fiscal_year=self.year, year=era_name(self.year) if self.year else "", start=begin, end=stop)
            b, e = line.span(pair.start(), pair.end())
            self._total(account, name, [part.name, side, parent.title] if side else [part.name, parent.title], b, e,
                        budget, parent)

    def _result(self, account: str, part: _Part, line: Line, unit: tuple[str, int] | None) -> bool:
        """「収支差引（当年度純利益 265,200千円）　令和7年度予算：当年度純利益 306,400千円」: the year's result as a
        total, last year's (a loss as a negative profit) its previous_year. False when the line states none."""
        words = sorted([*_vocabulary()["result"]["profit"], *_vocabulary()["result"]["loss"]], key=len, reverse=True)
        pattern = re.compile(rf"(?P<word>{'|'.join(map(re.escape, words))})\s*[:：]?\s*(?P<sign>[▲△])?"
                             r"(?P<num>\d[\d,]*)\s*(?P<unit>百万円|千円|万円|円)?")
        folded = line.folded[0]
        found = list(pattern.finditer(folded))
        if not found:
            return False
        current: tuple[re.Match[str], int | None] | None = None
        previous: tuple[re.Match[str], int | None] | None = None
        for n, match in enumerate(found):
            before = folded[found[n - 1].end() if n else 0:match.start()]
            year = year_of(before)
            own = (match.group("unit"), _unit_yen(match.group("unit"))) if match.group("unit") else unit
            yen = _yen(match.group("num"), match.group("sign"), own)
            if "前年度" in before or "昨年度" in before or (year is not None and self.year and year < self.year):
                previous = previous or (match, yen)
            else:
                current = current or (match, yen)
        if current is None:
            return False
        match, yen = current
        loss = match.group("word") in _vocabulary()["result"]["loss"]
        begin, stop = line.span(match.start("num"), match.end("unit") if match.group("unit") else match.end("num"))
        text = self.doc.text[begin:stop]
        budget = Budget(yen=yen, text=text, amount_text=text if match.group("unit") or not unit else f"{text}{unit[0]}",
                        label=match.group("word"), fiscal_year=self.year,
                        year=era_name(self.year) if self.year else "", start=begin, end=stop)
        if previous is not None:
            was, was_yen = previous
            was_loss = was.group("word") in _vocabulary()["result"]["loss"]
            amount = self._amount(line, was, "num", was_yen, was.group("word"),
                                  (self.year - 1) if self.year else None, None)
            if was_yen is not None and was_loss != loss:
                amount.yen = -was_yen  # a loss last year beside a profit this year: the profit was negative
            amount.budget_kind = "前年度"
            budget.previous_year = amount
        self._total(account, match.group("word"), [part.name], line.start, line.end, budget)
        return True

    def _shortfall(self, account: str, part: _Part, block: list[Line], unit: tuple[str, int] | None) -> None:
        """「不足する額2,005,900千円は、過年度分損益勘定留保資金640,000千円…で補塡します」: the shortfall a total, the
        sources that make it up its うち."""
        line = block[0]
        folded = line.folded[0]
        word = next(w for w in _words("result", "shortfall") if w in compact(folded))
        at = folded.find(word[0])
        first = next((m for m in AMOUNT_RE.finditer(folded, max(at, 0)) if amount_yen(m) is not None), None)
        if first is None:
            return
        begin, stop = line.span(first.start(), first.end())
        text = self.doc.text[begin:stop]
        budget = Budget(yen=amount_yen(first), text=text, amount_text=text, label=word, fiscal_year=self.year,
                        year=era_name(self.year) if self.year else "", start=begin, end=stop)
        for ln in block:
            f = ln.folded[0]
            for m in AMOUNT_RE.finditer(f, first.end() if ln is line else 0):
                yen = amount_yen(m)
                if yen is None:
                    continue
                label = re.split(r"[、,，。]|及び|並びに|は", f[:m.start()])[-1].strip()
                b, e = ln.span(m.start(), m.end())
                budget.uchi.append(Amount(yen=yen, text=self.doc.text[b:e], label=label, fiscal_year=self.year,
                                          start=b, end=e))
        start, end = _span_of(block)
        made = self._total(account, _vocabulary()["result"]["shortfall_title"], [part.name], start, end, budget)
        if made is not None:
            made.sections.append(Section(name="補塡財源", heading="補塡", start=start, end=end))

    def _bonds(self, account: str, part: _Part) -> None:
        """The 企業債の状況 lines (「令和8年度末残高（見込み）　18,949,900」) as totals named with 企業債."""
        unit = part.unit or self.unit
        last: Program | None = None
        for line in part.lines:
            folded = line.folded[0]
            match = re.match(r"^\s*[・○●]?\s*(?P<name>\S(?:.*?\S)?)\s+(?P<sign>[▲△])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)"
                             r"\s*(?P<unit>百万円|千円|万円|円)?", folded)
            if match is None or re.search(r"\d{3,}", match.group("name")):
                continue
            name = match.group("name").strip()
            own = (match.group("unit"), _unit_yen(match.group("unit"))) if match.group("unit") else unit
            begin, stop = line.span(match.start("num"), match.end())
            if re.match(r"^[(（]?\s*うち", name) and last is not None and last.budget is not None:
                # 「（うち…の対象となるもの　61,520,000千円）」: a part of the figure above
                last.budget.uchi.append(Amount(yen=_yen(match.group("num"), match.group("sign"), own),
                                               text=self.doc.text[begin:stop].strip(), label=name.lstrip("(（ "),
                                               fiscal_year=self.year, start=begin, end=stop))
                continue
            text = self.doc.text[begin:stop].strip()
            budget = Budget(yen=_yen(match.group("num"), match.group("sign"), own), text=text,
                            amount_text=text if match.group("unit") or not own else f"{text}{own[0]}", label=name,
                            fiscal_year=year_of(name) or self.year, year=era_name(self.year) if self.year else "",
                            start=begin, end=stop)
            title = name if "企業債" in name or "起債" in name else f"企業債 {name}"
            last = self._total(account, title, [part.name], line.start, line.end, budget) or last

    def _passage(self, account: str, part: _Part) -> None:
        """A part kept as text (業務の予定量, a 料金 note): a passage under its heading."""
        start, end = _span_of([part.heading, *part.lines])
        title = f"{account} {part.name}" if account and account not in part.name else part.name
        if start == end or compact(title) in self.titles:
            return
        self.titles.add(compact(title))
        self.out.append(Program(id=program_id(self.doc.name, f"{NAME}:{title}"), title=title, category=account or None,
                                categories=[account] if account else [], document=self.doc.name, start=start, end=end,
                                sections=[Section(name=part.name, heading=part.heading.norm.strip(), start=start,
                                                  end=end)], kind="passage"))

    # ------------------------------------------------------------------------------------------- projects
    def _projects(self, account: str, part: _Part) -> list[Program]:
        """The numbered project blocks of a 主な建設改良事業 part, as programs; its closing 計 lines as totals."""
        unit = part.unit or self.unit
        blocks: list[list[Line]] = []
        closing: list[Line] = []
        opener_indent: int | None = None
        for line in part.lines:
            if not line.norm.strip():
                if blocks and not closing:
                    blocks[-1].append(line)
                continue
            if self._summary(line):
                closing.append(line)
                continue
            title = _opener(line)
            if title is not None and (opener_indent is None or line.indent <= opener_indent):
                opener_indent = line.indent if opener_indent is None else opener_indent
                blocks.append([line])
                closing = []
                continue
            if blocks and not closing:
                blocks[-1].append(line)
        programs = [p for block in blocks if (p := self._project(account, part, block, unit)) is not None]
        for line in closing:
            self._closing(account, part, line, unit)
        return programs

    def _summary(self, line: Line) -> bool:
        """A line closing the projects: 計 or 合計 or その他 with a figure, no label of a block."""
        bare = compact(line.folded[0])
        if not re.search(r"\d", bare) or _label_pattern().match(line.folded[0].strip()):
            return False
        words = _vocabulary()["summary"]["words"]
        return bool(re.search(rf"(?:^|[^\w])(?:{'|'.join(map(re.escape, words))})(?:[^\w]|$)|(?:計|合計)\d",
                              _MARK.sub("", nfkc(line.raw).strip(), count=1))) or bare.startswith(
            tuple(_words("parts", "projects"))) or bare.startswith(("建設改良費",))

    def _closing(self, account: str, part: _Part, line: Line, unit: tuple[str, int] | None) -> None:
        """「主な建設改良事業　計　2,085,000千円　　その他（…）495,000千円」: each named figure a total."""
        folded = line.folded[0]
        last = 0
        for match in AMOUNT_RE.finditer(folded):
            yen = amount_yen(match)
            if yen is None:
                continue
            name = re.sub(r"\s+", " ", folded[last:match.start()]).strip(" :：、")
            name = re.sub(r"[(（][^()（）]*[)）]", "", name).strip()
            last = match.end()
            if not name:
                continue
            if name in _vocabulary()["summary"]["words"]:
                name = f"{part.name} {name}"  # (「その他（量水器取替…）495,000千円」: the part's other works)
            begin, stop = line.span(match.start(), match.end())
            text = self.doc.text[begin:stop]
            budget = Budget(yen=yen, text=text, amount_text=text, label=name, fiscal_year=self.year,
                            year=era_name(self.year) if self.year else "", start=begin, end=stop)
            self._total(account, name, [part.name], line.start, line.end, budget)

    def _project(self, account: str, part: _Part, block: list[Line], unit: tuple[str, int] | None) -> Program | None:
        """One project block: title, 事業費, 担当 and sections (see the module docstring); None without a cost."""
        opener = block[0]
        title = _opener(opener) or ""
        while block and not block[-1].norm.strip():
            block = block[:-1]
        labels: list[tuple[Line, re.Match[str], _LabelWord]] = []
        for line in block:
            folded = line.folded[0]
            for match in _label_pattern().finditer(folded):
                word = _labels().get(compact(re.sub(r"^(?:(?:令和|平成)\s*(?:\d{1,2}|元)\s*年度|R\s*\d{1,2}|本年度|当年度)",
                                                    "", match.group("label"))))
                if word is None:
                    continue
                if line is opener and match.start() < len(folded) - len(folded.lstrip()) + 1 and word.field != "title":
                    continue  # (the opener's own words are its title)
                labels.append((line, match, word))
        sections: list[Section] = []
        budget: Budget | None = None
        department: str | None = None
        primaries = [(ln, m, w) for ln, m, w in labels if w.primary]
        for line, match, word in labels:
            start, _ = line.span(match.start("label"), match.end("label"))
            value_start = line.span(match.end(), match.end())[0]
            if word.primary:
                later = [(ln, m) for ln, m, _ in primaries if (ln.index, m.start()) > (line.index, match.start())]
                if later:
                    nxt_line, nxt = later[0]
                    end = nxt_line.span(nxt.start(), nxt.start())[0] if nxt_line is line else _line_before(block, nxt_line)
                else:
                    end = block[-1].end
            else:
                same = [m for ln, m, _ in labels if ln is line and m.start() > match.start()]
                end = line.span(same[0].start(), same[0].start())[0] if same else line.end
            while end > value_start and self.doc.text[end - 1].isspace():
                end -= 1
            value = self.doc.text[value_start:end]
            if word.field == "title":
                title = tidy_title(value.splitlines()[0]) if value.strip() else title
                continue
            sections.append(Section(name=word.section, heading=line.raw[start - line.start:
                                                                        line.span(match.end("label"),
                                                                                  match.end("label"))[0] - line.start],
                                    start=start, end=max(end, value_start)))
            if word.field == "cost" and budget is None:
                budget = self._cost(value, value_start, unit, match.group("label"))
            elif word.field == "previous" and budget is not None and budget.previous_year is None:
                before = self._cost(value, value_start, unit, match.group("label"))
                if before is not None:
                    budget.previous_year = Amount(**before.model_dump(include=set(Amount.model_fields)))
                    budget.previous_year.budget_kind = "前年度"
                    budget.previous_year.fiscal_year = (self.year - 1) if self.year else None
            elif word.field == "department" and department is None:
                department = _office(value)
        if budget is None:
            # 「①　基幹管路耐震化事業　860,000千円（水道工務課）」: the figure on the opener
            budget = self._cost(opener.raw, opener.start, unit, "事業費", opener_only=True)
            if budget is None:
                return None
        name, office = _title_and_office(title)
        department = department or office
        if not name:
            return None
        program = Program(id=program_id(self.doc.name, f"{NAME}:{account}:{name}"), title=name,
                          category=account or None, categories=[account] if account else [],
                          department=department, document=self.doc.name, start=opener.start, end=block[-1].end,
                          budget=budget, sections=sections)
        self.out.append(program)
        return program

    def _cost(self, value: str, at: int, unit: tuple[str, int] | None, label: str,
              opener_only: bool = False) -> Budget | None:
        """The first amount of a cost's value (「860,000千円」, a bare 「860,000」 in the part's unit), with last
        year's when it follows in brackets (「（前年度 700,000千円）」)."""
        folded = "".join(nfkc(ch) for ch in value)
        where = [at + n for n, ch in enumerate(value) for _ in nfkc(ch)] + [at + len(value)]
        found = [m for m in AMOUNT_RE.finditer(folded) if amount_yen(m) is not None and not re.search(
            r"[年月日]$", folded[:m.start()].strip())]
        bare = None if opener_only else re.search(r"(?<![\d,.])(?P<sign>[▲△])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?![\d,.]|\s*[年月日%％m㎥件か箇戸人])",
                                                  folded)
        if found and (bare is None or found[0].start() <= bare.start()):
            match = found[0]
            yen, b, e = amount_yen(match), where[match.start()], where[match.end() - 1] + 1
        elif bare is not None and unit is not None:
            match = bare
            yen, b, e = _yen(bare.group("num"), bare.group("sign"), unit), where[bare.start()], where[bare.end() - 1] + 1
        else:
            return None
        text = self.doc.text[b:e].strip()
        budget = Budget(yen=yen, text=text, amount_text=text if text.endswith("円") or unit is None else
                        f"{text}{unit[0]}", label=label, fiscal_year=self.year,
                        year=era_name(self.year) if self.year else "", start=b, end=e)
        rest = folded[match.end():]
        label = re.search(r"前年度|昨年度", rest)
        written = next((m for m in AMOUNT_RE.finditer(rest, label.end()) if amount_yen(m) is not None), None) \
            if label else None
        if written is not None and not rest[label.end():written.start()].strip(" :：予算額"):
            # 「（前年度 15億2,000万円）」: the figure with its unit, read whole
            pb, pe = where[match.end() + written.start()], where[match.end() + written.end() - 1] + 1
            budget.previous_year = Amount(yen=amount_yen(written), text=self.doc.text[pb:pe].strip(), label="前年度",
                                          budget_kind="前年度", fiscal_year=(self.year - 1) if self.year else None,
                                          start=pb, end=pe)
            return budget
        previous = re.search(r"(?:前年度|昨年度)[^\d]{0,8}?(?P<num>\d[\d,]*)\s*(?P<unit>百万円|千円|万円|円)?", rest)
        if previous is not None:
            own = (previous.group("unit"), _unit_yen(previous.group("unit"))) if previous.group("unit") else unit
            offset = match.end()
            pb, pe = where[offset + previous.start("num")], where[offset + previous.end() - 1] + 1
            budget.previous_year = Amount(yen=_yen(previous.group("num"), None, own), text=self.doc.text[pb:pe],
                                          label="前年度", budget_kind="前年度",
                                          fiscal_year=(self.year - 1) if self.year else None, start=pb, end=pe)
        return budget

    # ------------------------------------------------------------------------------------------- contacts
    def _contacts(self, part: _Part, programs: list[Program]) -> None:
        """Each program's office phone from the 問い合わせ先 lines; the 代表 number for an office without one."""
        phones: dict[str, tuple[str, int, int, str | None]] = {}
        general: tuple[str, int, int, str | None] | None = None
        for line in part.lines:
            folded = line.folded[0]
            last = 0
            for match in PHONE.finditer(folded):
                before = folded[last:match.start()]
                last = match.end()
                # (「営業課（料金センター）　電話 …」: every office named before the number is reached at it)
                offices = re.findall(r"[^\s、・()（）:：]{2,20}?(?:課|係|室|センター|事務所)", before)
                b, e = line.span(match.start(), match.end())
                extension = re.match(r"\s*[(（]?\s*内線\s*(\d{2,6})", folded[match.end():])
                reached = (match.group(0), b, e, extension.group(1) if extension else None)
                if "代表" in before[-12:] or "各" in before or "担当課" in before:
                    general = general or reached
                for office in offices:
                    phones.setdefault(office, reached)
        for program in programs:
            if program.contacts or not program.department:
                continue
            dept = program.department
            # (「上下水道課工務係」 reached at the line of its 「工務係」; 「営業課」 at 「営業課（料金センター）」's)
            near = sorted((k for k in phones if dept.startswith(k) or dept.endswith(k) or k.endswith(dept)), key=len)
            found = phones.get(dept) or (phones[near[-1]] if near else None) or general
            if found is not None:
                program.contacts.append(Contact(dept=dept, phone=found[0], extension=found[3], start=found[1],
                                                end=found[2]))

    # ------------------------------------------------------------------------------------------- whole
    def read(self) -> list[Program]:
        programs: list[Program] = []
        contact_parts: list[_Part] = []
        for account in _accounts(self.doc, self.lines):
            for part in account.parts:
                if part.kind in ("revenue", "capital"):
                    self._table(account.name, part)
                elif part.kind == "projects":
                    programs += self._projects(account.name, part)
                elif part.kind == "bonds":
                    self._bonds(account.name, part)
                elif part.kind == "contact":
                    contact_parts.append(part)
                else:
                    self._passage(account.name, part)
        for part in contact_parts:
            self._contacts(part, programs)
        return sorted(self.out, key=lambda p: p.start)


def _unit_yen(unit: str) -> int:
    return {"円": 1, "千円": 1000, "万円": 10_000, "百万円": 1_000_000}[unit]


def _line_before(block: list[Line], line: Line) -> int:
    """The end of the last line with text above `line` in the block."""
    above = [ln for ln in block if ln.index < line.index and ln.norm.strip()]
    return above[-1].end if above else line.start


def _opener(line: Line) -> str | None:
    """A project block's opening line (「①　基幹管路耐震化事業」「(2) 老朽配水管更新事業」「■ 鉛製給水管解消事業」
    「【3】…」): its title text, None for any other line (a label's line, a sentence)."""
    folded = line.folded[0].strip()
    match = re.match(r"^(?:[①-⑳]|\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.、)]|\d{1,2}\s+|[ア-ン]\s*[.、)]|[ア-ン]\s+|[■□◆◇●◎▶▼]"
                     r"|[【\[]\s*\d{1,2}\s*[】\]]|No\.?\s*\d{1,2}|事業\s*\d{1,2}\s*[:：]?)\s*(?P<title>\S.*)$", folded)
    if match is None:
        # 「・配水管布設替工事　152,000千円」: a bullet opens a one-line project only with its cost on it
        match = re.match(r"^[・○◯]\s*(?P<title>\S.*)$", folded)
        if match is None or not any(amount_yen(m) is not None for m in AMOUNT_RE.finditer(match.group("title"))):
            # 「事業名：基幹管路耐震化事業」: a block opened by its labelled name
            named = _label_pattern().match(folded)
            word = _labels().get(compact(named.group("label"))) if named else None
            return folded[named.end():].strip() if named and word and word.field == "title" else None
    title = match.group("title").strip()
    if _label_pattern().match(title) or title.endswith("。") or len(title) > 80:
        return None
    return title


def _title_and_office(text: str) -> tuple[str, str | None]:
    """A block's title without the figure or office written after it (「基幹管路耐震化事業　860,000千円（水道工務課）」)."""
    office = None
    found = re.search(r"[(（【\[]\s*(?:担当|所管)?\s*[:：]?\s*(?P<office>[^()（）【】\[\]]{2,20}?(?:課|係|室|センター|事務所))\s*[)）】\]]",
                      text)
    if found:
        office = found.group("office")
        text = text[:found.start()] + text[found.end():]
    text = re.split(r"\s{2,}|\s(?=\d[\d,]*\s*(?:千円|円|万円|百万円))|(?<=\S)(?=\d[\d,]*\s*(?:千円|百万円|万円|円))",
                    text.strip())[0]
    return tidy_title(text), office


def _office(value: str) -> str | None:
    """The office a 担当 value names (「水道工務課」「下水道建設課（内線 321）」「経営企画課 電話 …」)."""
    text = nfkc(value.splitlines()[0] if value else "")
    text = re.sub(r"[(（][^()（）]*[)）]", " ", text).strip()
    for token in re.split(r"[\s/／、,]+", text):
        if OFFICE_END.search(token) and len(token) <= 20:
            return token
    token = text.split()[0] if text.split() else ""
    return token or None


def score(doc: Document, lines: list[Line]) -> float:
    """How strongly the document is a public enterprise's 予算の概要 (0-1): both 収益的 and 資本的 tables headed, in a
    document whose title names an enterprise account (1.0 with project blocks or an account's heading, else 0.8);
    0.3 where the title names none (a general budget's overview with an enterprise page: other layouts read it)."""
    text = compact(doc.text)
    if not any(w in text for w in _words("parts", "revenue")) or not any(w in text for w in _words("parts", "capital")):
        return 0.0
    kinds = {k[0] for ln in lines if (k := _part_kind(ln)) is not None}
    if not {"revenue", "capital"} <= kinds:
        return 0.0
    titled = any(w in compact(doc.title or "") for w in _words("account", "title_words"))
    if not titled:
        return 0.3
    return 1.0 if "projects" in kinds or any(_account_name(ln) for ln in lines) else 0.8


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs (the 主な建設改良事業), totals and passages of the document (see the module docstring); none from a
    document without both a 収益的 and a 資本的 table's heading (every layout reads every document for the reading
    choice: a general 予算の概要's 「主な事業」 is no account's projects)."""
    if score(doc, lines) == 0.0:
        return []
    return finish_reading(doc, _Reader(doc, lines).read(), "project block(s)")
