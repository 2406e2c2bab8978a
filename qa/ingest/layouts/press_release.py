"""A press release on a draft initial budget (当初予算案の記者発表資料): parts, pillars, programs, the new list, contacts.

The form (a prefecture's or a city's): a title naming the 当初 budget, then parts set off by numbered or marked headings
(「１　予算の規模」「◆市長コメント」「３　重点施策」「■　主な新規事業一覧」「５　問い合わせ先」). The part of programs holds
pillars (「【柱１】…」「Ⅰ　子育て・教育」「柱２　稼ぐ力…」) and under them one row per program, written in one of
several ways that all come down to the same cells:

    【新規】第２子以降保育料無償化事業　1,184百万円（―）             mark, name, amount, last year's in brackets
    ◎   おむつ定期便事業      18,600     ―　こども家庭課            mark, name, figure, last year's, office
    │新規│結婚支援センター運営事業│ 411,532 │・ＡＩマッチング…│    a ruled table: office and last year's on the
    │    │（こども政策課）        │  (皆増) │　会の提供…      │    row under it
    ⑴　【新規】結婚支援センター運営事業      １９百万円                number, mark, name, amount; last year's
                                      （前年度　　　－　　）          on the line under it

followed by a line or two of content, the office in brackets on a line of its own (「〔こども未来課〕」「［水産課］」) and
notes (「※このほか、…２月補正予算案に２．３億円を計上」: an amount of another budget, a section, never the budget).
A pillar's 計 row (「Ⅰの計（7事業）」) is a total. Marks are the flags a legend defines (「◎＝新規事業　★＝拡充事業」) or
bracketed / bare flag words. The new list repeats new programs: a row of it is a section (一覧表) of the program it names,
which gets the flag 新規 (a program named there only is read from it). The contacts part names offices with extensions
(a table 「内容｜担当課｜担当｜内線」, a grid 「こども政策課（内線2300）」, a labelled block): each program gets its office's
contact, or its pillar's. The size block (予算の規模) is the document's totals (`qa.ingest.size_block`), never programs.

Words live in data/vocabulary.toml ([press], [prose] heads, [markers]).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT, amount_yen
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import in_order, key, nfkc, normalize, tidy_title
from qa.ingest.signals import has_figure
from qa.ingest.structure import program_id
from qa.ingest.titles import bare_title
from qa.ingest.vocabulary import (
    bare_unit,
    compact,
    figure,
    flags_in,
    is_total,
    strip_markers,
    unit_in,
    vocabulary,
)
from qa.ingest.years import label_of, year_of

NAME = "press_release"
# Its rows are priced items and table rows too: a tie with those readers is expected, not a doubt.
REFINES = ("priced_items", "text_table")
# The share of the programs parts' figure lines a release's rows must read for the form to be this one.
MIN_SHARE = 0.8

# Where a line splits into cells: a table's verticals, a gap of two spaces or more, a full-width space.
_SPLIT = re.compile(r"[|｜│┃║]|[ \u3000]{2,}|\u3000")
# A line of a ruled table's frame (「├───┼───┤」) or a rule (「-----」「＝＝＝」).
_FRAME = re.compile(r"^[\s┌┐└┘├┤┬┴┼─━│┃|｜\-－―=＝_]+$")
# A part's heading: numbered (「３　重点施策」「1. 予算の規模」) or marked (「◆重点施策」「■　問い合わせ先」), short, no figure.
_PART_FAMILIES = [re.compile(r"^\d{1,2}(?:\s+|[.．、](?!\d)\s*)(?=\S)"), re.compile(r"^[■◆●□◇]\s*(?=\S)"),
                  re.compile(r"^第\s*\d{1,2}\s*[章部]?\s+(?=\S)")]
_PART_MAX = 40
# The number or mark opening a row (「⑴」 -> NFKC 「(1)」, 「１」「No.3」「①」): no part of the name.
_ROW_NUMBER = re.compile(r"^(?:[(（]\s*\d{1,3}\s*[)）]|\d{1,3}[.．、]?|No\.?\s*\d{1,3}|[①-⑳㉑-㉟])$")
_ROMAN = re.compile(r"^[IVX]{1,4}(?=$|[\s.．、]|の)")
# A bracket round a whole cell (「（こども政策課）」「〔こども未来課〕」「(皆増)」「（前年度　45.7億円）」).
_BRACKETED = re.compile(r"^[（(〔［\[【＜<]\s*(?P<inner>[^（）()〔〕［］\[\]【】]*?)\s*[)）〕］\]】＞>]$")
_PREVIOUS_LABEL = re.compile(r"^(?:前年度|昨年度|前年|(?:令和|平成)\s*\d{1,2}\s*年度)(?:当初)?(?:予算額?)?\s*[:：]?\s*")
_OFFICE = re.compile(r"(?:課|室|係|局|部|センター|事務所|本部|班|担当|グループ)$")
_EXTENSION = re.compile(r"内線\s*[:：]?\s*(?P<ext>\d{2,5}(?:\s*[・,、]\s*\d{2,5})*)")
_TOTAL_TAIL = re.compile(r"(?:^|[\sの])(?:小計|合計|計)\s*[(（]?\s*\d{0,3}\s*(?:事業|件)?\s*[)）]?$")
# A slide's count and total of its programs (「重点１ 主な事業　6事業　計 19億4,070万円」「2事業　計 1億1,250万円」「主な事業
# （5件）合計 8,800万円」): a total of the part, never a program.
_COUNT_TOTAL = re.compile(rf"^(?P<name>[^。]{{0,30}}?)\s*[(（]?\s*\d{{1,3}}\s*(?:事業|件)\s*[)）]?\s*(?:の)?(?:合計|小計|計)"
                          rf"\s*[:：]?\s*(?P<sign>[△▲])?\s*{AMOUNT}$")
# A bare figure in the declared unit with last year's in brackets after it (「124,500（前年度 96,000）」).
_BARE_CELL = re.compile(r"^(?P<figure>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<inline>[（(][^（）()]*[)）])$")
_AMOUNT_CELL = re.compile(rf"^(?P<sign>[△▲])?\s*{AMOUNT}\s*(?P<inline>[（(][^（）()]*[)）])?$")


@cache
def _words() -> dict[str, list[str]]:
    return vocabulary()["press"]


@cache
def _heads() -> tuple[str, ...]:
    """How a program's name ends (vocabulary prose.heads and actions: 「…事業」「…補助金」「…整備」)."""
    prose = vocabulary()["prose"]
    return tuple(sorted({*prose["heads"], *prose["actions"]}, key=len, reverse=True))


@cache
def _pillar() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(_words()["pillar_words"], key=len, reverse=True)))
    return re.compile(rf"^[【\[［〔<＜(（]?\s*(?:{words})\s*(?P<n>\d{{1,2}})(?!\d)")


@dataclass
class Part:
    """A part of the release: its kind (size, programs, new_list, contacts, cuts, other), heading line and line
    range."""

    kind: str
    heading: Line | None
    first: int
    last: int  # exclusive
    family: int = -1
    name: str = ""


@dataclass
class Row:
    """A program row: its cells read (title, flags, amount, last year's, office) and the lines it spans."""

    line: Line
    title: str
    title_span: tuple[int, int]
    flags: list[str]
    yen: int
    amount: Cell
    amount_text: str
    unit: tuple[str, int] | None
    total: bool
    previous: Amount | None = None
    no_previous: bool = False
    office: tuple[str, int, int] | None = None
    content: list[Cell] = field(default_factory=list)
    notes: list[Cell] = field(default_factory=list)
    last: int = 0  # index of the last line of its block
    category: str | None = None
    figured: set[int] = field(default_factory=set)  # lines whose figures the row reads (its own, last year's, notes)


def _cells(line: Line) -> list[Cell]:
    """A line's cells folded character by character with NFKC (offsets exact), empty ones dropped."""
    out: list[Cell] = []
    raw = line.raw
    pos = 0
    for match in [*_SPLIT.finditer(raw), None]:
        stop = match.start() if match else len(raw)
        part = raw[pos:stop]
        text = part.strip()
        if text:
            begin = line.start + pos + len(part) - len(part.lstrip())
            if out and _open_bracket(out[-1].norm):  # 「６４０万円（前年度　－）」: a gap inside brackets splits nothing
                begin = out[-1].start
                text = line.raw[begin - line.start:begin - line.start + (line.start + pos + len(part.rstrip()) - begin)]
                out.pop()
            out.append(Cell(begin, begin + len(text), text, nfkc(text)))
        pos = match.end() if match else pos
    return out


def _open_bracket(text: str) -> bool:
    """Whether a cell leaves a round or square bracket open (its gap splits a bracketed figure, not two columns)."""
    return sum(text.count(c) for c in "(（［[〔") > sum(text.count(c) for c in ")）］]〕")


def _part_heading(line: Line) -> tuple[int, str] | None:
    """(family, name) of a line that heads a part (a Markdown heading's #s off), or None."""
    norm = line.norm.lstrip("#").strip()
    if not norm or len(norm) > _PART_MAX or has_figure(line) or "。" in norm:
        return None
    for n, family in enumerate(_PART_FAMILIES):
        found = family.match(norm)
        if found:
            return n, norm[found.end():].strip()
    return None


def _kind(name: str) -> str:
    """A part's kind from its heading's words (vocabulary [press]; the size heading as `size_block` knows it)."""
    text = compact(name)
    words = _words()
    for kind in ("new_list", "contacts", "cuts", "programs"):
        if any(w in text for w in words[kind]):
            return kind
    if any(w in text for w in vocabulary()["size"]["headings"]) and any(
            w in text for w in vocabulary()["size"]["heading_names"]):
        return "size"
    return "other"


def find_parts(lines: list[Line]) -> list[Part]:
    """The release's parts in order. Inside the part of programs, a heading of another family than the part's own (「１
    こどもまんなか」 under 「◆重点施策」) is a pillar, not a new part."""
    parts: list[Part] = []
    current: Part | None = None
    for line in lines:
        found = _part_heading(line)
        if found is None:
            continue
        family, name = found
        kind = _kind(name)
        if current is not None and current.kind == "programs" and kind == "other" and family != current.family:
            continue
        if kind == "other" and _pillar().match(name):
            # A slide deck gives each pillar a slide of its own (「■ 重点１　こどもの未来をひらく（1/2）」): a part of
            # programs, its name (its continuation mark off) the pillar its rows come under.
            kind, name = "programs", _slide_name(name)
        if current is not None:
            current.last = line.index
        current = Part(kind=kind, heading=line, first=line.index + 1, last=len(lines), family=family, name=name)
        parts.append(current)
    return parts


# A slide's continuation mark closing its title (「（1/2）」「(続き)」「－２－」): no part of the pillar's name.
_CONTINUED = re.compile(rf"\s*(?:[(（]\s*\d{{1,2}}\s*[/／]\s*\d{{1,2}}\s*[)）]|{L.CONTINUED}|[-－―]\s*\d{{1,2}}\s*[-－―])\s*$")


def _slide_name(name: str) -> str:
    """A slide's title without its continuation mark (「重点1 こどもの未来をひらく(1/2)」 -> 「重点1 こどもの未来をひらく」)."""
    return _CONTINUED.sub("", name).strip()


def is_press_release(doc: Document, lines: list[Line]) -> bool:
    """Whether the document's opening names a draft initial budget (vocabulary press.titles)."""
    opening = compact(" ".join([doc.title, doc.period, *(ln.norm for ln in lines[:12])]))
    return any(compact(w) in opening for w in _words()["titles"])


def _legend(lines: list[Line]) -> dict[str, str]:
    """Marks a legend ties to flags (「◎＝新規事業　★＝拡充事業」 -> {◎: 新規, ★: 拡充})."""
    marks = "".join(re.escape(m) for m in _words()["legend_marks"])
    flags = "|".join(map(re.escape, sorted(vocabulary()["markers"]["flags"], key=len, reverse=True)))
    pattern = re.compile(rf"(?P<mark>[{marks}])\s*[=＝:：]?\s*(?P<flag>{flags})(?:事業)?")
    out: dict[str, str] = {}
    for line in lines:
        if has_figure(line):
            continue
        for found in pattern.finditer(line.norm):
            flag = found.group("flag")
            out.setdefault(found.group("mark"), vocabulary()["markers"].get("canonical", {}).get(flag, flag))
    return out


def _is_name(text: str) -> bool:
    """A program's name: short, no sentence, ending as a name does (a closing bracketed note passed over)."""
    bare = re.sub(r"[（(][^（）()]*[)）]$", "", text).strip()
    return 2 <= len(bare) <= 60 and "。" not in bare and bare.endswith(_heads())


def _previous_of(text: str, unit: tuple[str, int] | None) -> tuple[int | None, bool] | None:
    """Last year's figure a cell states (「2,418」 in the amount's unit, 「45.7億円」, 「―」「皆増」 none): (yen or None,
    whether it says there was none); None when the cell is no such figure."""
    inner = _BRACKETED.match(text)
    body = _PREVIOUS_LABEL.sub("", (inner.group("inner") if inner else text).strip()).strip()
    if compact(body) in _words()["no_previous"] or (not body and inner and _PREVIOUS_LABEL.match(inner.group("inner"))):
        return None, True
    if not body:
        return None
    stated = re.fullmatch(AMOUNT, body)
    if stated is not None and (yen := amount_yen(stated)) is not None:
        return yen, False
    value = figure(body)
    if value is not None and unit is not None:
        return int(value * unit[1]), False
    return None


def _office_of(text: str) -> str | None:
    """An office named alone in a cell (「こども家庭課」「（こども政策課）」「〔こども未来課〕」), or None."""
    inner = _BRACKETED.match(text)
    body = compact(inner.group("inner") if inner else text)
    if 2 <= len(body) <= 24 and _OFFICE.search(body) and not re.search(r"\d", body):
        return body
    return None


def _row(line: Line, unit: tuple[str, int] | None, legend: dict[str, str]) -> Row | None:
    """A line as a program row (see the module docstring), or None."""
    cells = _cells(line)
    flags: list[str] = []
    names: list[Cell] = []
    at = 0
    while at < len(cells):  # marks before the name: a legend's mark, a flag word, a number
        text = compact(cells[at].norm)
        if text in legend:
            flags.append(legend[text])
        elif flags_in(text):
            flags += flags_in(text)
        elif not _ROW_NUMBER.match(text) and not _ROMAN.fullmatch(text):
            break
        at += 1
    amount: Cell | None = None
    found: re.Match[str] | None = None
    for n in range(at, len(cells)):
        cell = cells[n]
        found = _AMOUNT_CELL.match(cell.norm)
        bare = _BARE_CELL.match(cell.norm)
        if names and (found is not None and amount_yen(found) is not None or figure(cell.norm) is not None
                      or bare is not None and figure(bare.group("figure")) is not None):
            amount, at = cell, n + 1
            break
        found = None
        names.append(cell)
    if amount is None or not names:
        return None
    first, last = names[0], names[-1]
    written = normalize(line.raw[first.start - line.start:last.end - line.start])
    lead = written[:1]
    if lead in legend:  # 「◎おむつ定期便事業」: the mark glued to the name
        flags.append(legend[lead])
        written = written[1:].strip()
    name, marked = strip_markers(written)
    flags += [f for f in marked if f not in flags]
    title = bare_title(name)[0]
    # 「Ⅰの計（7事業）」「柱１　計（６事業）」「新規事業　計12事業」: a pillar's or the list's total, not a program
    total = is_total(title) or bool(_TOTAL_TAIL.search(title))
    if not total and not _is_name(title):
        return None
    sign = -1 if found is not None and found.group("sign") else 1
    if found is not None:
        yen = amount_yen(found)
        own_unit = re.search(r"(百万|千万|万|千|億|兆)?円", found.group(0))
        scale = {"百万": 10**6, "千万": 10**7, "万": 10**4, "千": 1000, "億": 10**8, "兆": 10**12, None: 1}
        row_unit = (own_unit.group(0), scale[own_unit.group(1)]) if own_unit else unit
        inline = found.group("inline")
        amount_text = found.group(0)[:found.start("inline") - found.start()].strip() if inline else found.group(0)
    else:
        bare = _BARE_CELL.match(amount.norm)  # 「124,500（前年度 96,000）」 in the unit declared above
        value = figure(bare.group("figure") if bare else amount.norm)
        if unit is None or value is None:
            return None
        inline = bare.group("inline") if bare else None
        written_figure = amount.raw[:bare.end("figure")] if bare else amount.raw
        yen, row_unit, amount_text = int(value * unit[1]), unit, f"{written_figure}{unit[0]}"
    if yen is None:
        return None
    if inline and found is None:
        end = amount.start + len(written_figure)
    else:
        end = amount.start + len(amount_text) if inline else amount.end
    row = Row(line=line, title=title, title_span=(first.start, last.end), flags=flags, yen=sign * yen,
              amount=Cell(amount.start, end, amount.raw[:end - amount.start], amount.norm), amount_text=amount_text,
              unit=row_unit, total=total, last=line.index, figured={line.index})
    if inline:
        _take_previous(row, Cell(end, amount.end, amount.raw[end - amount.start:], nfkc(inline)))
    for cell in cells[at:]:
        if row.previous is None and not row.no_previous and _take_previous(row, cell):
            continue
        office = _office_of(cell.norm)
        if office and row.office is None:
            row.office = (office, cell.start, cell.end)
        elif not _ROMAN.fullmatch(cell.norm) and not _ROW_NUMBER.match(cell.norm):
            row.content.append(cell)
    return row


def _count_total(line: Line) -> Row | None:
    """A line counting and totalling the part's programs (`_COUNT_TOTAL`) as a total row, or None."""
    found = _COUNT_TOTAL.match(line.norm)
    if found is None or (yen := amount_yen(found)) is None:
        return None
    raw = line.raw.rstrip()
    lead = len(raw) - len(raw.lstrip())
    # (NFKC keeps the length of these characters: the amount's offsets in the norm are the raw line's)
    at = found.start("approx") if found.group("approx") else min(
        found.start(g) for g in ("cho", "oku", "man", "rest") if found.group(g))
    begin = line.start + len(line.raw) - len(line.raw.lstrip()) + at - (len(line.norm) - len(line.norm.lstrip()))
    amount_text = found.group(0)[at - found.start():]
    end = begin + len(amount_text)
    title = normalize(line.norm[:at]).rstrip(" :：")
    return Row(line=line, title=title, title_span=(line.start + lead, begin), flags=[],
               yen=(-yen if found.group("sign") else yen), amount=Cell(begin, end, doc_slice(line, begin, end),
                                                                      amount_text),
               amount_text=amount_text, unit=None, total=True, last=line.index, figured={line.index})


def doc_slice(line: Line, start: int, end: int) -> str:
    """The raw text of a line between two document offsets."""
    return line.raw[start - line.start:end - line.start]


def _take_previous(row: Row, cell: Cell) -> bool:
    """Read last year's figure from a cell into the row; whether the cell was one."""
    found = _previous_of(cell.norm.strip(), row.unit)
    if found is None:
        return False
    yen, none = found
    row.no_previous = none
    if yen is not None:
        row.previous = Amount(yen=yen, text=cell.raw, label="前年度", budget_kind="前年度", start=cell.start,
                              end=cell.end)
    return True


def _pillar_name(line: Line, part: Part) -> str | None:
    """A pillar heading inside the part of programs (「【柱１】…」「Ⅰ　子育て・教育」「柱２　…」, or a heading of another
    family than the part's), or None."""
    norm = line.norm.lstrip("#").strip()
    if not norm or len(norm) > 60 or has_figure(line) or "。" in norm or _FRAME.match(norm):
        return None
    heading = _part_heading(line)
    if _pillar().match(norm) or _ROMAN.match(norm) or (heading is not None and heading[0] != part.family):
        return norm
    return None


def _follow(row: Row, line: Line) -> None:
    """A line under a row: last year's figure, the office, a note of another budget, or content."""
    cells = _cells(line)
    text = line.norm
    if text.startswith(("※", "*", "＊")) and any(w in compact(text) for w in _words()["other_budget"]):
        row.notes.append(Cell(cells[0].start, cells[-1].end, "", text))
        row.last = line.index
        row.figured.add(line.index)
        return
    whole = Cell(cells[0].start, cells[-1].end, line.raw.strip(), text)
    if row.previous is None and not row.no_previous and _BRACKETED.match(text) and _take_previous(row, whole):
        row.last = line.index  # 「（前年度　４５．７億円）」 alone on its line, its gap no column
        row.figured.add(line.index)
        return
    for cell in cells:
        if row.previous is None and not row.no_previous and _BRACKETED.match(cell.norm) and _take_previous(row, cell):
            row.figured.add(line.index)
            continue
        office = _office_of(cell.norm)
        if office and row.office is None and (_BRACKETED.match(cell.norm) or len(cells) == 1):
            row.office = (office, cell.start, cell.end)
        else:
            row.content.append(cell)
    row.last = line.index


@dataclass
class Reading:
    """What the reader found: parts, program rows, new-list rows, contacts."""

    parts: list[Part]
    rows: list[Row]
    listed: list[Row]
    contacts: list[tuple[str, Contact]]  # (the label it is given for: 「柱１」「予算全般」, the contact)


def _rows_of(lines: list[Line], part: Part, unit: tuple[str, int] | None, legend: dict[str, str],
             pillars: bool) -> tuple[list[Row], tuple[str, int] | None]:
    rows: list[Row] = []
    category: str | None = None
    current: Row | None = None
    for line in lines[part.first:part.last]:
        if not line.norm or _FRAME.match(line.norm.replace(" ", "")):
            continue
        declared = unit_in(line.norm) or (bare_unit(line.norm) if not has_figure(line) else None)
        if declared:
            unit = declared
        if _FOOTER.match(line.norm):
            current = None  # a slide's 「［担当］…」 footer: its offices, none of the last row's text
            continue
        row = _row(line, unit, legend) or _count_total(line)
        if row is not None:
            row.category = category
            rows.append(row)
            current = row
            continue
        pillar = _pillar_name(line, part) if pillars else None
        if pillar is not None:
            category, current = pillar, None
            continue
        if current is not None and line.indent >= current.line.indent or current is not None and line.separator == "pipe":
            _follow(current, line)
        else:
            current = None
    return rows, unit


def _contacts(lines: list[Line], part: Part) -> list[tuple[str, Contact]]:
    """The contacts part's offices with their extensions and phones, each with the label it is given for."""
    out: list[tuple[str, Contact]] = []
    pending = ""
    # The number an extension is dialled through: the 代表 line's, else the first the part gives.
    phones = [(("代表" not in ln.norm), m.group(0)) for ln in lines[part.first:part.last] if (m := L.PHONE.search(ln.norm))]
    main = min(phones)[1] if phones else ""
    for line in lines[part.first:part.last]:
        norm = line.norm
        if not norm or "代表" in norm:
            continue
        grid = list(re.finditer(r"(?P<dept>[^\s（(]{2,24}?(?:課|室|係|センター|事務所))\s*[（(]\s*内線\s*(?P<ext>\d{2,5})\s*[)）]",
                                norm))
        if len(grid) >= 2:  # 「こども政策課（内線2300）　こども家庭課（内線2317）」
            for g in grid:
                out.append(("", Contact(dept=g.group("dept"), phone=main, extension=g.group("ext"),
                                        start=line.start, end=line.end)))
            continue
        cells = _cells(line)
        phone = L.PHONE.search(norm)
        ext = _EXTENSION.search(norm)
        office_at = next((n for n, c in enumerate(cells) if _OFFICE.search(compact(re.sub(r"[（(].*$", "", c.norm)))
                          and not re.search(r"\d", c.norm) and not compact(c.norm).startswith("担当")), None)
        if ext is None and cells and re.fullmatch(r"\d{3,5}", compact(cells[-1].norm)):
            ext_text = compact(cells[-1].norm)  # a table's 内線 column
        else:
            ext_text = re.sub(r"\s", "", ext.group("ext")) if ext else None
        if office_at is None:
            if (phone or ext_text) and out and out[-1][1].start >= lines[max(part.first, line.index - 3)].start:
                label, last = out[-1]  # 「電話：…（直通）　内線：3214」 under its office's line
                last.phone = last.phone if last.phone and last.phone != main else (phone.group(0) if phone else main)
                last.extension = last.extension or ext_text
                last.end = line.end
            elif not has_figure(line) and len(norm) <= 20 and not re.search(r"\d{3}", norm):
                pending = norm  # 「予算全般について」 over its contact
            continue
        label = " ".join(c.norm for c in cells[:office_at]) or pending
        dept = compact(cells[office_at].norm)
        if office_at + 1 < len(cells) and _OFFICE.search(compact(cells[office_at + 1].norm)) and \
                not compact(cells[office_at + 1].norm).startswith("担当") and _OFFICE.search(dept) and dept.endswith("部"):
            dept += compact(cells[office_at + 1].norm)  # 「総務部」「財政課」 in two cells
        out.append((label, Contact(dept=dept, phone=phone.group(0) if phone else main, extension=ext_text,
                                   start=line.start, end=line.end)))
        pending = ""
    return out


def reading(doc: Document, lines: list[Line]) -> Reading | None:
    """The release read (see the module docstring); None when the document is no such release."""
    if not is_press_release(doc, lines):
        return None
    parts = find_parts(lines)
    if not any(p.kind == "programs" for p in parts):
        return None
    legend = _legend(lines)
    unit: tuple[str, int] | None = None
    rows: list[Row] = []
    listed: list[Row] = []
    contacts: list[tuple[str, Contact]] = []
    for part in parts:
        if part.kind == "programs":
            found, unit = _rows_of(lines, part, unit, legend, pillars=True)
            rows += found
        elif part.kind == "new_list":
            found, unit = _rows_of(lines, part, unit, legend, pillars=False)
            listed += found
        elif part.kind == "contacts":
            contacts += _contacts(lines, part)
        else:
            found, after = _rows_of(lines, part, unit, legend, pillars=False)
            if any(r.flags and not r.total for r in found):
                # A slide of a theme (「■ 市制施行100周年記念事業」) listing flagged programs (【新規】…) is a part of
                # programs too, though its heading names no pillar; a part of other figures flags none.
                part.kind = "programs"
                rows += found
                unit = after
                continue
            for line in lines[part.first:part.last]:
                unit = unit_in(line.norm) or unit
    return Reading(parts=parts, rows=rows, listed=listed, contacts=contacts)


def score(doc: Document, lines: list[Line]) -> float:
    """How much of the release's programs part this reader accounts for: 0 unless the document opens as a draft
    initial budget's release with a part of programs and three rows or more; else min(1, rows / 5) times the share
    of the figure lines of its programs and new-list parts that its rows read (rows, their last year's and notes); 0 under `MIN_SHARE`, where the figures stand elsewhere than in rows (program pages with labelled budget
    lines, their sub-items priced in the text)."""
    found = reading(doc, lines)
    if found is None or sum(not r.total for r in found.rows) < 3:
        return 0.0
    inside = {n for p in found.parts if p.kind in ("programs", "new_list") for n in range(p.first, p.last)}
    blocks = [(row.line.index, row.last, row.figured) for row in [*found.rows, *found.listed]]
    # A figure in a row's content (「上限30万円」 in its sentence) is the program's text; a labelled budget line
    # (「予算額　184,500千円」) the rows do not read counts wherever it stands.
    content = {n for first, last, own in blocks for n in range(first, last + 1) if n not in own}
    # (「予算額（百万円）」 over a column names a unit, no figure)
    figured = {n for n in inside if has_figure(lines[n]) and re.search(r"\d", lines[n].norm)
               and (n not in content or L.BUDGET_LINE.search(lines[n].norm) or L.BARE_BUDGET_LINE.match(lines[n].norm))}
    held = {n for _, _, own in blocks for n in own}
    share = len(figured & held) / max(1, len(figured))
    if share < MIN_SHARE:
        return 0.0  # figures the rows leave (a program's 「予算額　184,500千円」 line under its name): another form
    return round(min(1.0, sum(not r.total for r in found.rows) / 5) * share, 3)


def _budget(doc: Document, row: Row) -> Budget:
    period = doc.period or doc.title
    fiscal = label_of("", period)
    previous = row.previous
    if previous is not None:
        previous.fiscal_year = fiscal.year - 1 if fiscal.year else None
    text = doc.text[row.amount.start:row.amount.end]
    return Budget(yen=row.yen, text=text, amount_text=row.amount_text, label="予算額", fiscal_year=fiscal.year,
                  budget_kind=fiscal.kind or "当初", start=row.amount.start, end=row.amount.end, previous_year=previous)


def _program(doc: Document, lines: list[Line], row: Row, part: Part) -> Program:
    last = lines[row.last]
    start = row.line.start + len(row.line.raw) - len(row.line.raw.lstrip())
    end = max(last.start + len(last.raw.rstrip()), row.amount.end)
    sections = [Section(name="事業名", start=row.title_span[0], end=row.title_span[1]),
                Section(name="予算額", start=row.amount.start, end=row.amount.end)]
    if row.content:
        sections.append(Section(name="概要", heading="事業概要", start=row.content[0].start, end=row.content[-1].end))
    if row.office is not None:
        sections.append(Section(name="担当・連絡先", heading="担当課", start=row.office[1], end=row.office[2]))
    for note in row.notes:
        sections.append(Section(name="他の予算", heading="補正予算", start=note.start, end=note.end))
    categories = [c for c in (part.name, row.category) if c]
    return Program(id=program_id(doc.name, f"{row.title}:{row.line.index}"), title=row.title,
                   category=categories[-1] if categories else None, categories=categories,
                   flags=list(dict.fromkeys(row.flags)), department=row.office[0] if row.office else None,
                   document=doc.name, start=start, end=end, budget=_budget(doc, row), sections=sections,
                   # (a priced row of an overview, as `priced_items` reads the same rows)
                   kind="total" if row.total else "item",
                   pages=[doc.page_at(start)] if doc.page_at(start) else [])


# A note of the unit closing a heading or a header (「（単位：百万円）」「(単位:億円、％)」).
_UNIT_NOTE = re.compile(r"\s*[（(]\s*単位[^（）()]*[)）]\s*")
# What opens a listed line (「・」「○」「-」): no part of its name.
_BULLET = re.compile(r"^[・･○◯●◦•\-－*＊]\s*")
# A closing bracketed note of a name (「紙の県民だより全戸配布（令和８年度からウェブ版…へ移行）」).
_NAME_NOTE = re.compile(r"\s*[（(](?P<note>[^（）()]*)[)）]\s*$")


def _heading_name(text: str) -> str:
    """A heading as a category: its unit note and framing brackets off (「【一般会計歳出の性質別内訳】 (単位:百万円)」 ->
    「一般会計歳出の性質別内訳」)."""
    return _UNIT_NOTE.sub(" ", nfkc(text)).strip().strip("【】[]［］〔〕<>＜＞◆◇■□○●").strip()


# A figure in a line (「185,600」「64,000千円」「2.0」): no heading holds one.
_A_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*(?:[千百万億兆]*円|%)")


def _table_heading(line: Line) -> str | None:
    """A line heading a table inside a part (「【一般会計歳出の性質別内訳】　（単位：百万円）」「◆一般会計の歳入（主なもの）」
    「３　一般会計歳入の主な内訳　　（単位：百万円）」): framed in brackets, opened by a mark or a number, or closed by a unit
    note; short, no sentence, no figure. None for any other line."""
    norm = line.norm.strip()
    # (a unit note's 「百万円」 reads as an amount of kanji numerals: the figures looked for are the rest's)
    if not norm or "。" in norm or norm.startswith(("※", "*", "＊")) or _A_FIGURE.search(_UNIT_NOTE.sub(" ", norm)):
        return None
    name = _heading_name(norm)
    if not 2 <= len(compact(name)) <= 40:
        return None
    framed = norm[:1] in "【[［〔◆◇■□" or _UNIT_NOTE.search(norm) is not None or _part_heading(line) is not None
    numbered = re.match(r"^\d{1,2}(?:\s+|[.．、]\s*)(?=\S)", name)
    return (name[numbered.end():].strip() if numbered else name) if framed else None


def _figure_cell(cell: Cell, unit: tuple[str, int] | None) -> tuple[int | None, str] | None:
    """A cell holding one figure: (yen, as an answer quotes it) — an amount with its unit (「▲64,000千円」) or a bare
    figure in the table's unit (「185,600」, 「▲1,610」 read negative); None when the cell is no figure."""
    found = _AMOUNT_CELL.match(cell.norm)
    if found is not None and not found.group("inline") and (yen := amount_yen(found)) is not None:
        return (-yen if found.group("sign") else yen), cell.raw
    value = figure(cell.norm)
    if value is None or re.search(r"[^\d,.\s△▲\-]", cell.norm):
        return None
    return (int(value * unit[1]) if unit else None), f"{cell.raw}{unit[0] if unit else ''}"


@dataclass
class _Column:
    """A column of a breakdown table: a year's figures (「令和８年度」) or the change (増減額); `label` as written."""

    kind: str
    year: int | None
    label: str


def _breakdown_header(line: Line) -> list[_Column | None] | None:
    """The columns of a breakdown table's header (「区分　令和８年度　令和７年度　増減額」): each a year's, the change, or
    None (a rate, a share: not read); a unit note cell is no column. None when the line is no such header."""
    cells = _cells(line)
    if len(cells) < 3 or compact(cells[0].norm) not in _words()["breakdown_first"]:
        return None
    columns: list[_Column | None] = []
    for cell in cells[1:]:
        text = compact(cell.norm)
        year = year_of(text)
        if year is not None and len(text) <= 14:
            columns.append(_Column("year", year, cell.norm.strip()))
        elif text in _words()["breakdown_change"]:
            columns.append(_Column("change", None, cell.norm.strip()))
        elif unit_in(text) is None:
            columns.append(None)
    return columns if any(c is not None and c.kind == "year" for c in columns) else None


def _breakdown_totals(doc: Document, lines: list[Line], part: Part) -> list[Program]:
    """The rows of the tables breaking the budget down in a part (歳入の内訳, 歳出の性質別・目的別: vocabulary press
    breakdown_first): each row a total under its table's heading, its newest year's figure the amount, the year
    before it last year's, the change column its change; a 合計 row (the account's size again) is left."""
    out: list[Program] = []
    heading = (_table_heading(part.heading) if part.heading is not None else None) or _heading_name(part.name)
    unit = unit_in(part.heading.norm) if part.heading is not None else None
    fiscal = label_of("", doc.period or doc.title)
    n = part.first
    while n < part.last:
        line = lines[n]
        n += 1
        if not line.norm:
            continue
        columns = _breakdown_header(line)
        if columns is None:
            unit = unit_in(line.norm) or unit
            heading = _table_heading(line) or heading  # 「【一般会計歳出の性質別内訳】（単位：百万円）」 over its table
            continue
        own = unit_in(line.norm) or unit
        while n < part.last and lines[n].norm:
            row = lines[n]
            cells = _cells(row)
            if len(cells) != len(columns) + 1 or figure(cells[0].norm) is not None:
                break
            values = [_figure_cell(c, own) for c in cells[1:]]
            if any(v is None for v in values):
                break
            n += 1
            name = normalize(cells[0].raw)
            years = [(c, cell, v) for c, cell, v in zip(columns, cells[1:], values, strict=True)
                     if c is not None and c.kind == "year"]
            newest = max(years, key=lambda y: y[0].year or 0)
            column, cell, (yen, written) = newest[0], newest[1], newest[2] or (None, "")
            if is_total(name) or yen is None:
                continue  # 「合計」: the account's size, which the size table states
            budget = Budget(yen=yen, text=doc.text[cell.start:cell.end], amount_text=written, label=column.label,
                            fiscal_year=column.year, budget_kind=fiscal.kind or "当初", start=cell.start, end=cell.end)
            for c, other, v in zip(columns, cells[1:], values, strict=True):
                if c is None or v is None or v[0] is None:
                    continue
                if c.kind == "year" and column.year and c.year == column.year - 1:
                    budget.previous_year = Amount(yen=v[0], text=other.raw, label="前年度", fiscal_year=c.year,
                                                  budget_kind="前年度", start=other.start, end=other.end)
                elif c.kind == "change":
                    budget.change = Amount(yen=v[0], text=other.raw, label=c.label, start=other.start, end=other.end)
            start = cells[0].start
            out.append(Program(id=program_id(doc.name, f"total:{heading}:{name}:{row.index}"), title=name,
                               category=heading, categories=[heading], document=doc.name, start=start,
                               end=cells[-1].end, budget=budget, kind="total",
                               sections=[Section(name="予算額", heading=column.label, start=cell.start, end=cell.end)],
                               pages=[doc.page_at(start)] if doc.page_at(start) else []))
    return out


def _cut_items(doc: Document, lines: list[Line], part: Part) -> list[Program]:
    """The lines of a part listing programs ended or cut back (vocabulary press cuts): each an item named with its
    reduction (「・紙の県民だより全戸配布（…へ移行）　▲64,000千円」), flagged by its own words (cut_words: 終了 -> 廃止), else
    by the heading's; the figure is its 見直し額 section, not a budget (the release states none for it)."""
    out: list[Program] = []
    words: dict[str, str] = vocabulary()["press"]["cut_words"]
    by_heading = [w for w in _words()["cuts"] if w in compact(part.name)]
    unit = unit_in(part.heading.norm) if part.heading is not None else None
    for line in lines[part.first:part.last]:
        unit = unit_in(line.norm) or unit
        cells = _cells(line)
        if len(cells) < 2 or not has_figure(line):
            continue
        figure_at = _figure_cell(cells[-1], unit)
        if figure_at is None or figure_at[0] is None:
            continue
        first, last = cells[0], cells[-2]
        written = _BULLET.sub("", normalize(line.raw[first.start - line.start:last.end - line.start]))
        note = _NAME_NOTE.search(written)
        title = tidy_title(written[:note.start()] if note else written)
        if not 2 <= len(title) <= 60 or "。" in title or is_total(title):
            continue
        said = [flag for word, flag in words.items() if word in compact(written)]
        flags = list(dict.fromkeys(said or by_heading))
        bullet = _BULLET.match(first.raw)
        sections = [Section(name="事業名", start=first.start + (bullet.end() if bullet else 0), end=last.end),
                    Section(name="見直し額", heading=part.name, start=cells[-1].start, end=cells[-1].end)]
        if note is not None:
            # (the note's span in the raw line: inside the last bracket of the name's cells)
            raw = line.raw[:last.end - line.start].rstrip()
            at = max(raw.rfind("（"), raw.rfind("("))
            if at >= first.start - line.start and raw[-1:] in ")）":
                sections.append(Section(name="概要", heading="", start=line.start + at + 1,
                                        end=line.start + len(raw) - 1))
        out.append(Program(id=program_id(doc.name, f"{title}:{line.index}"), title=title, category=part.name,
                           categories=[part.name], flags=flags, document=doc.name, start=first.start,
                           end=cells[-1].end, budget=None, sections=sorted(sections, key=lambda x: x.start),
                           kind="item", pages=[doc.page_at(first.start)] if doc.page_at(first.start) else []))
    return out


# A slide's footer naming the offices of its programs (「［担当］保育料無償化：こども未来部 保育課（内線3140）／…」
# 「【問合せ】…」「担当：財政課　内線2311」): its label (vocabulary press footer_labels) opens the line.
_FOOTER = re.compile(r"^[\[［【〔<＜(（]?\s*(?:" + "|".join(map(re.escape, sorted(
    vocabulary()["press"]["footer_labels"], key=len, reverse=True))) + r")\s*[\]］】〕>＞)）]?\s*[:：]?\s*")
# One office of a footer: 「label：」 naming the programs it is for (optional), the office, its extension or number.
_FOOTER_ENTRY = re.compile(r"^(?:(?P<label>[^:：]{1,30})[:：])?\s*(?P<dept>[^:：]+?)\s*[(（]?\s*(?:(?:内線|ext\.?)\s*[:：]?\s*"
                           r"(?P<ext>\d{2,5}(?:\s*[・,、]\s*\d{2,5})*)|(?:TEL|Tel|電話|☎)?\s*[:：]?\s*(?P<phone>"
                           + L.PHONE.pattern + r")(?:\s*[(（]\s*内線\s*[:：]?\s*(?P<phone_ext>\d{2,5})\s*[)）])?)?\s*[)）]?$")
# An office said 「同」 (the same 局 or 部 as the entry before: 「同 高齢福祉課」), and what of the one before it stands for.
_SAME = re.compile(r"^同\s*(?=\S)")
_ORG = re.compile(r"^.*?(?:局|部|委員会|本部)(?=\s|[^局部会]|$)")


def _footer_entries(lines: list[Line], part: Part, main: str) -> list[tuple[str, Contact]]:
    """The offices a slide's footer names (the footer line and the lines continuing it), each (label, contact);
    the label says which of the slide's programs it is for (「設備投資・創業」), "" for all of them."""
    out: list[tuple[str, Contact]] = []
    inside = False
    for line in lines[part.first:part.last]:
        opening = _FOOTER.match(line.norm)
        if not inside and opening is None:
            continue
        if not line.norm or (inside and opening is None and not _EXTENSION.search(line.norm)
                             and not L.PHONE.search(line.norm)):
            inside = False  # the footer ends at a blank line or one naming no office
            continue
        inside = True
        lead = len(line.raw) - len(line.raw.lstrip())
        offset = lead + (len(opening.group(0)) if opening else 0)  # (NFKC keeps these characters' lengths)
        for piece in re.finditer(r"[^／/]+", line.raw[offset:]):
            raw = piece.group(0)
            text = nfkc(raw).strip().rstrip("]］】〕>＞").strip()
            found = _FOOTER_ENTRY.match(text)
            if found is None or not _OFFICE.search(compact(re.sub(r"[（(].*$", "", found.group("dept")))):
                continue
            dept = found.group("dept").strip()
            if _SAME.match(dept) and out and (org := _ORG.match(out[-1][1].dept)):
                dept = org.group(0) + _SAME.sub("", dept)
            start = line.start + offset + piece.start() + len(raw) - len(raw.lstrip())
            contact = Contact(dept=compact(dept), phone=found.group("phone") or main,
                              extension=re.sub(r"\s", "", found.group("ext") or found.group("phone_ext") or "") or None,
                              start=start, end=start + len(raw.strip()))
            out.append((compact(found.group("label") or ""), contact))
    return out


def _in_order(short: str, name: str) -> bool:
    """Whether `short` (two characters at least) is a short form of `name`: its characters in the same order."""
    return len(short) >= 2 and in_order(short, name)


def _label_words(label: str) -> list[str]:
    """The words of a footer entry's label (「設備投資・創業」 -> 設備投資, 創業): [] for an entry labelled for no program."""
    return [w for w in re.split(r"[・、,，]", label) if w]


def _give_footers(doc: Document, lines: list[Line], part: Part, pairs: list[tuple[Row, Program]], main: str) -> None:
    """Each program of a slide its office from the slide's footer: the entry whose label's words (「設備投資・創業」 ->
    設備投資, 創業) its title holds, else its content (「しおみライド」 told of in the text), else the one title it is a
    short form of (「病児保育」), else the footer's one unlabelled entry. In place: department, contacts and a 担当・連絡先 section."""
    entries = _footer_entries(lines, part, main)
    if not entries:
        return
    own: dict[int, tuple[str, Contact]] = {}
    unlabelled = [contact for label, contact in entries if not _label_words(label)]
    closing: dict[int, list[Contact]] = {}  # the offices closing a row's own block, by the row
    if len(unlabelled) >= 2:
        # 「担当：子育て支援課　子育て支援係（内線213）」 closing each program's block of a 予算の概要: an unlabelled office
        # line right under a row's lines (blank lines and the row's own office lines aside: 「【担当：医療政策課 …」 over
        # 「福祉政策課 …】」) is that row's own; one unlabelled footer of a slide, or a closing 問い合わせ先 after the last
        # block, stays everyone's
        starts = [line.start for line in lines]
        line_of = {id(c): bisect.bisect_right(starts, c.start) - 1 for c in unlabelled}
        for contact in unlabelled:
            at = line_of[id(contact)]
            for n, (row, _) in enumerate(pairs):
                taken = {line_of[id(c)] for c in closing.get(n, [])}
                if row.line.index < at and all(not lines[i].norm or i in taken for i in range(row.last + 1, at)) \
                        and (n + 1 == len(pairs) or at < pairs[n + 1][0].line.index):
                    closing.setdefault(n, []).append(contact)
                    break
        given = {id(c) for found in closing.values() for c in found}
        entries = [(label, c) for label, c in entries if id(c) not in given]
    for label, contact in entries:
        words = _label_words(label)
        if not words:
            # (a closing 「問い合わせ先　…財政係」 is the paper's: a row naming its own 担当課 keeps it)
            for n, (_, program) in enumerate(pairs):
                if program.department is None:
                    own.setdefault(n, (label, contact))
            continue
        for word in words:
            titled = [n for n, (row, _) in enumerate(pairs) if word in compact(row.title)]
            told = [n for n, (row, _) in enumerate(pairs) if word in compact(" ".join(c.norm for c in row.content))]
            # 「病児保育」 for 病児・病後児保育事業, 「防災無線」 for 防災行政無線デジタル化事業: a short form keeps the
            # title's characters in order; taken only when one title of the slide fits it
            short = [n for n, (row, _) in enumerate(pairs) if _in_order(word, compact(row.title))]
            for n in titled or told or (short if len(short) == 1 else []):
                own[n] = (label, contact)
    for n, (_, contact) in own.items():
        program = pairs[n][1]
        program.department = contact.dept
        program.contacts = [contact.model_copy()]
        program.sections.append(Section(name="担当・連絡先", heading="担当", start=contact.start, end=contact.end))
    for n, found in closing.items():
        program = pairs[n][1]
        program.end = max(program.end, found[-1].end)  # its own office lines close its block: its text holds them
        program.department = found[0].dept
        program.contacts = [c.model_copy() for c in found]
        program.sections.append(Section(name="担当・連絡先", heading="担当", start=found[0].start, end=found[-1].end))


def _pillar_key(text: str | None) -> str | None:
    """The number a pillar goes by (「【柱１】…」「柱１（不妊治療）」 -> 柱1, 「Ⅰ 子育て・教育」 -> I), or None."""
    if not text:
        return None
    norm = nfkc(text).strip()
    found = _pillar().match(norm)
    if found:
        return f"{compact(norm[:found.start('n')]).strip('【[［〔<＜(（')}{int(found.group('n'))}"
    roman = _ROMAN.match(norm)
    return roman.group(0) if roman else None


def _give_contacts(programs: list[Program], contacts: list[tuple[str, Contact]]) -> None:
    """Each program its office's contact (the office named in the contacts part), else its pillar's (the label
    「柱１」 or 「Ⅰ 子育て・教育」 without a note in brackets first). In place."""
    for program in programs:
        if program.kind != "item":
            continue
        dept = compact(program.department or "")
        own = [c for _, c in contacts if dept and (c.dept.endswith(dept) or c.dept == dept)]
        if not own:
            pillar = _pillar_key(program.category)
            by_pillar = [(label, c) for label, c in contacts if pillar and _pillar_key(label) == pillar]
            by_pillar.sort(key=lambda lc: bool(re.search(r"[（(]", lc[0])))
            own = [c for _, c in by_pillar[:1]]
        program.contacts = [c.model_copy() for c in own[:1]]


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs (and pillars' totals) of the release; a new-list row becomes a section of the program it names."""
    found = reading(doc, lines)
    if found is None:
        return []
    programs: list[Program] = []
    part_of: dict[int, Part] = {}
    for part in found.parts:
        for n in range(part.first, part.last):
            part_of[n] = part
    for row in found.rows:
        programs.append(_program(doc, lines, row, part_of[row.line.index]))
    named = {key(p.title): p for p in programs if p.kind == "item"}
    for row in found.listed:
        part = part_of[row.line.index]
        same = named.get(key(row.title))
        if row.total:
            programs.append(_program(doc, lines, row, part))
            continue
        if same is None:  # a new program the pillars do not show: read from the list
            program = _program(doc, lines, row, part)
            program.flags = list(dict.fromkeys([*program.flags, "新規"]))
            programs.append(program)
            named[key(row.title)] = program
            continue
        same.sections.append(Section(name="一覧表", heading=part.name, start=row.line.start + len(row.line.raw)
                                     - len(row.line.raw.lstrip()), end=row.line.start + len(row.line.raw.rstrip())))
        if "新規" not in same.flags:
            same.flags.append("新規")
        if same.department is None and row.office is not None:
            same.department = row.office[0]
    _give_contacts(programs, found.contacts)
    # (the number an extension is dialled through: the contacts part's 代表, else the first number of the document)
    phones = sorted((("代表" not in ln.norm), m.group(0)) for ln in lines if (m := L.PHONE.search(ln.norm)))
    main = phones[0][1] if phones else ""
    rows_of_part: dict[int, list[tuple[Row, Program]]] = {}
    for row, program in zip(found.rows, programs, strict=False):
        if not row.total:
            rows_of_part.setdefault(part_of[row.line.index].first, []).append((row, program))
    for part in found.parts:
        if part.kind == "programs" and part.first in rows_of_part:
            _give_footers(doc, lines, part, rows_of_part[part.first], main)
    for part in found.parts:
        if part.kind == "other":
            programs += _breakdown_totals(doc, lines, part)  # 歳入の内訳, 性質別: the document's totals
        elif part.kind == "cuts":
            programs += _cut_items(doc, lines, part)  # 廃止・縮小: programs ended or cut back, with their reduction
    return programs

