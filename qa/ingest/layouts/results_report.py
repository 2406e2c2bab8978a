"""A city's 主要施策の成果報告書 (the report on the results of its main policies once the year has closed, 地方自治法
第233条第５項): one block a program, read as that program, and the 歳出決算 by 款 at its top read as totals.

The report groups its programs by 款 (「■第２款　総務費」「2款 総務費」 between rules) or by the pillars of the city's
plan (「○基本目標１　…」), and writes each program as a block: its title (「（１）移住定住促進事業」, 「■…事業　（企画政策
課）」 under the 款-項-目 code 「〔2-1-6〕総務管理費／企画費」, 「（１）…事業　〔こども未来課〕」), its office (「担当課　…」
「所管課：…」, or the bracket after the title), its figures — 予算現額, 決算額, 不用額, 執行率, 翌年度繰越額, last year's
決算額 — on labelled lines (「予算現額　48,200千円　　決算額　45,870千円　　不用額　2,330千円」), in a row under a row of
their labels (「予算現額（円）　決算額（円）　…」 over 「3,810,000　3,337,932　…」) or in sentences (「本年度の決算額は６，６６０
千円であり、前年度決算額６，７６７千円と比べ…（予算現額６，８４７千円）」), its 財源内訳, and its text under headings
(［事業の概要］, ＜主な成果＞, 【成果】…, ［今後の方向性］). The words are the vocabulary of data/results_report.toml.

A block opens at a title line whose block states a settled figure (決算額, 支出済額) and runs to the next such title, a
heading, a rule, or, after a blank line, a line set no deeper than its title that is neither a field nor a heading of
its text. The settled figure is the program's main amount (its budget field, kind 決算, label as written) and last
year's its previous year; the other figures are sections named by what they are (予算現額, 不用額, 執行率, 翌年度繰越額,
財源内訳), so that an answer quotes them as written; the office is the department, the text under each heading a
section (the unheaded text under the title is the 事業の概要). The summary table's rows (a first column 款 or 区分 over
rows of a 款's name and its figures) are totals, kind "total": each 款 with its 決算額, and the 歳出合計 the document's.
Without such a 合計, the 歳出決算額 the document states outside its programs (an opening 決算の概要: 「歳出決算額
37,108,903」) is its total.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen, find_amounts
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import normalize, text_width, tidy_title
from qa.ingest.structure import finish_reading, program_id
from qa.ingest.titles import bare_title
from qa.ingest.vocabulary import bare_unit, compact, figure, is_total, said_unit, unit_in, vocabulary
from qa.ingest.years import era_name, year_of

NAME = "results_report"

_DATA = Path(__file__).resolve().parents[1] / "data" / "results_report.toml"
# A unit in brackets right after a label (「予算現額（円）」「財源内訳（千円）」, NFKC): the unit of its bare figures.
_NOTE = re.compile(r"\s*\(\s*(?P<unit>百万円|千円|万円|億円|円|%)\s*\)")
# A bare figure (no unit after it): comma-grouped or plain digits, a sign of decrease before it, nothing that makes it
# a count or a rate after it.
_BARE = re.compile(r"(?P<n>[△▲]?\s*\d{1,3}(?:,\d{3})+(?:\.\d+)?|[△▲]?\s*\d+(?:\.\d+)?)(?![\d,.])(?=\s|$|[/／、)）]|円)")
_PERCENT = re.compile(r"(?P<n>[△▲-]?\s*\d+(?:\.\d+)?)\s*%")
_NEGATIVE = re.compile(r"\s*[-－]\s*\d")  # 「-1,234」: a figure, not the dash of none
_NUMBER_OPENS = re.compile(r"\s*[\d〇一二三四五六七八九十約]")  # an amount written, not 「円」 alone
# A bracketed note closing a name or a value (「〔一般会計・福祉費〕」「（企画政策課）」), NFKC.
_CLOSING_BRACKET = re.compile(r"\s*(?P<open>[〔\[【(〈《])(?P<inner>[^〔〕\[\]【】()〈〉《》]{1,30})[〕\]】)〉》]\s*$")
# Marks a heading or a title may open with (NFKC); a title may also open with its number (layout.TITLE_NUMBER).
_MARK = re.compile(r"^[■□◆◇●○◎◯▼▽▶☆★]\s*")
_CIRCLED = re.compile(f"^[{L.CIRCLED}]\\s*")
# A plain rule across the page (「━━━━」「────」「－－－－」, spaces allowed in it).
_PLAIN_RULE = re.compile(r"^[━─═＝=\-－―_＿~〜\s]{4,}$")
# A line of a box's rules (「┌──┬──┐」「├──┼──┤」) or a Markdown table's 「|---|---:|」: no row of figures.
_BOX_RULE = re.compile(r"^[\s┏┓┗┛┣┫┳┻╋━─┃│┠┨┯┷┿┼├┤┬┴┌┐└┘═╔╗╚╝╠╣╦╩╬║=＝\-－―_＿~〜+|｜:]{4,}$")
_MAX_TITLE = 60  # a title is a name, never a paragraph
_MAX_HEADING = 50


@cache
def _vocabulary() -> dict[str, Any]:
    """The parsed data/results_report.toml (see its comments)."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Kind:
    """What a figure is: `field` (settled, previous, current, unused, rate, carried, change…), the section it becomes,
    and whether it is a rate (a percentage, not yen)."""

    field: str
    section: str
    percent: bool


@cache
def _labels() -> dict[str, _Kind]:
    """NFKC label -> what its figure is (data [[figure]])."""
    out: dict[str, _Kind] = {}
    for entry in _vocabulary()["figure"]:
        kind = _Kind(entry["field"], entry["section"], bool(entry.get("percent", False)))
        for label in entry["labels"]:
            out.setdefault(compact(label), kind)
    return out


def _alternatives(words: list[str]) -> str:
    """A regex alternation of words (NFKC, spaces or a line break allowed between letters: 「執行\\n率」), longest first,
    behind a look at the first letter (so that a long text is searched at the pace of one character class)."""
    unique = sorted({compact(w) for w in words if compact(w)}, key=len, reverse=True)
    first = "".join(sorted({re.escape(w[0]) for w in unique}))
    return f"(?=[{first}])(?:" + "|".join(r"\s*".join(map(re.escape, w)) for w in unique) + ")"


@cache
def _label_re() -> re.Pattern[str]:
    """A figure's label in NFKC text."""
    return re.compile(f"(?P<label>{_alternatives(list(_labels()))})")


@cache
def _after_re() -> re.Pattern[str]:
    """The words of a figure stated before them (「１８，８１８千円を翌年度へ繰り越した」): found first, the amount then
    read right before them (`_AMOUNT_BEFORE`)."""
    alternatives = [f"(?P<a{n}>{_alternatives(e['after'])})" for n, e in enumerate(_vocabulary()["figure"])
                    if e.get("after")]
    return re.compile(f"(?:{'|'.join(alternatives) or '(?!)'})")


# An amount closing a text (the figure right before the words of `_after_re`).
_AMOUNT_BEFORE = re.compile(rf"(?P<amount>(?<![\d,.]){AMOUNT_RE.pattern})\s*$")


@cache
def _after_kinds() -> dict[str, _Kind]:
    """The group name of each `after` wording -> its kind."""
    return {f"a{n}": _Kind(e["field"], e["section"], bool(e.get("percent", False)))
            for n, e in enumerate(_vocabulary()["figure"]) if e.get("after")}


@cache
def _connector() -> re.Pattern[str]:
    """What stands between a label and its figure: spaces, a particle or a colon (data [connectors])."""
    words = _alternatives(_vocabulary()["connectors"]["words"])
    return re.compile(rf"\s*(?:(?:{words})\s*)?")


@cache
def _none_words() -> re.Pattern[str]:
    """A figure written as none (「－」「―」「なし」)."""
    return re.compile(rf"\s*(?:{_alternatives(_vocabulary()['connectors']['none'])})")


@cache
def _whole_before() -> tuple[str, ...]:
    """Words that make the label after them the document's figure (「歳出」決算額)."""
    return tuple(compact(w) for w in _vocabulary()["whole"]["before"])


@cache
def _change_re() -> re.Pattern[str]:
    """The change from last year stated right after its figure (「と比べ１０７千円の減」)."""
    change = _vocabulary()["change"]
    return re.compile(rf"\s*(?:{_alternatives(change['compare'])})\s*[、,]?\s*(?P<amount>{AMOUNT_RE.pattern})\s*"
                      rf"(?:(?P<rise>{_alternatives(change['rise'])})|(?P<fall>{_alternatives(change['fall'])}))")


@cache
def _department_re() -> re.Pattern[str]:
    """A line labelling the program's office (「担当課　企画政策課」「所管課：…」), NFKC."""
    labels = _alternatives(_vocabulary()["department"]["labels"])
    return re.compile(rf"^\s*(?:[■□◆◇●○・]\s*)?[【\[〔(<]?\s*(?P<label>{labels})\s*[】\]〕)>]?\s*(?::\s*|\s+)(?P<value>\S.*?)\s*$")


@cache
def _sources_re() -> re.Pattern[str]:
    """The 財源内訳's label (「財源内訳（千円）」「財源は、」), NFKC."""
    return re.compile(f"(?P<label>{_alternatives(_vocabulary()['sources']['labels'])})")


@cache
def _code_re() -> re.Pattern[str]:
    """A 款-項-目 code opening a line (「〔2-1-6〕総務管理費／企画費」)."""
    return re.compile(_vocabulary()["classification"]["code"])


@cache
def _section_heads() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """A heading of a program's text over NFKC text, and label -> (section name, whether it is the default)."""
    names: dict[str, tuple[str, bool]] = {}
    for entry in _vocabulary()["section"]:
        for label in entry["labels"]:
            names.setdefault(compact(label), (entry["name"], bool(entry.get("default", False))))
    pattern = re.compile(rf"^(?P<lead>\s*)(?P<mark>[■□◆◇●○◎◯▼▶☆★]\s*)?(?P<open>[\[【〔<〈《(])?\s*(?P<label>"
                         rf"{_alternatives(list(names))})\s*(?P<close>[\]】〕>〉》)])?\s*(?P<colon>:)?\s*")
    return pattern, names


@cache
def _group_re() -> re.Pattern[str]:
    """A heading that groups programs: a group word and its number (「基本目標１」「施策の柱３」), a 款 by its number."""
    groups = _vocabulary()["groups"]
    levels = _alternatives(groups["levels"])
    return re.compile(rf"^(?:第\s*)?\d{{1,2}}\s*(?:{levels})(?![\d-])|^(?:{_alternatives(groups['words'])})\s*(?:第\s*)?"
                      r"(?:\d{1,2}|[IVX]{1,4}|[一二三四五六七八九十]{1,3})(?![\d,.])")


@cache
def _summary_words() -> tuple[str, ...]:
    """The first column's header of a summary table (「款」「区分」)."""
    return tuple(compact(w) for w in _vocabulary()["summary"]["first_column"])


@cache
def _signature_words() -> tuple[str, ...]:
    """Words a results report names itself with (「主要施策の成果」「成果報告書」)."""
    return tuple(compact(w) for w in _vocabulary()["signature"]["words"])


@cache
def _numbering() -> tuple[re.Pattern[str], ...]:
    """The item numbers a title may open with (data/vocabulary.toml [titles] numbering: 「1-1」「①」「ア.」…)."""
    return tuple(re.compile(p) for p in vocabulary()["titles"]["numbering"])


@cache
def _office_endings() -> tuple[str, ...]:
    """How an office's name ends (data/vocabulary.toml [ledger] department_endings)."""
    return tuple(vocabulary()["ledger"]["department_endings"])


# ------------------------------------------------------------------------------------------------------ figures


@dataclass
class _Figure:
    """A figure of a program or a total: what it is, its label as written (NFKC, its unit note off), its span in the
    document (`label_start` where its label begins: a sentence's or line's quote runs from there), its yen (None for
    a rate or an unknown unit), the figure as written and as an answer quotes it (with its unit)."""

    kind: _Kind
    label: str
    start: int
    end: int
    label_start: int
    yen: int | None
    text: str
    written: str
    quote_end: int | None = None  # where its quote ends, when words after the figure state what it is


@dataclass
class _Stream:
    """Lines of a block joined into one text (NFKC, each line's surrounding space off, joined by a line break that the
    patterns pass over as space: a sentence wrapped mid-word, 「執行\\n率」 or 「財\\n源」, reads whole, and a bare
    figure closing its line still ends there), with each character's document offset."""

    text: str
    where: list[int]

    def span(self, begin: int, end: int) -> tuple[int, int]:
        """Document offsets of `text[begin:end]`."""
        if end <= begin:
            return self.where[begin], self.where[begin]
        return self.where[begin], self.where[end - 1] + 1


def _stream(lines: list[Line]) -> _Stream:
    """The lines as one `_Stream` (blank lines left out by the caller)."""
    chars: list[str] = []
    where: list[int] = []
    for line in lines:
        folded, offsets = line.folded
        begin, end = len(folded) - len(folded.lstrip()), len(folded.rstrip())
        if chars:
            chars.append("\n")
            where.append(where[-1] + 1)
        chars.append(folded[begin:end])
        where.extend(offsets[begin:end])
    where.append(where[-1] + 1 if where else 0)
    return _Stream("".join(chars), where)


def _figure_at(stream: _Stream, at: int, kind: _Kind, unit: tuple[str, int] | None,
               ) -> tuple[int | None, int, int, str] | None:
    """The figure right at `at` in the stream: (yen or None, begin, end, as an answer quotes it); None when no figure
    stands there (a dash for none gives None too)."""
    text = stream.text
    if _none_words().match(text, at) and not _NEGATIVE.match(text, at):
        return None
    if kind.percent:
        # (a bare 「95.6」 is a rate only under a label whose note says ％)
        found = (_PERCENT.match(text, at) or _BARE.match(text, at)) if unit and unit[0] == "%" \
            else _PERCENT.match(text, at)
        if found is None:
            return None
        begin = found.start("n")
        return None, begin, found.end(), text[begin:found.end()].strip()
    amount = AMOUNT_RE.match(text, at)
    if amount is not None and (yen := amount_yen(amount)) is not None and _NUMBER_OPENS.match(text, at):
        begin = at + len(amount.group(0)) - len(amount.group(0).lstrip())
        return yen, begin, amount.end(), text[begin:amount.end()]
    bare = _BARE.match(text, at)
    if bare is None or unit is None or unit[0] == "%":
        return None
    value = figure(bare.group("n"))
    if value is None:
        return None
    written = bare.group("n").strip()
    return int((value * unit[1]).to_integral_value()), bare.start("n"), bare.end("n"), f"{written}{unit[0]}"


def _sentence_figures(stream: _Stream, unit: tuple[str, int] | None) -> list[_Figure]:
    """Every labelled figure of a block's text, left to right: 「決算額　45,870千円」「決算額は６，６６０千円」「（予算現額
    ６，８４７千円）」, and figures before their words (「１８，８１８千円を翌年度へ繰り越した」)."""
    text = stream.text
    out: list[_Figure] = []
    for match in _label_re().finditer(text):
        if re.sub(r"\s", "", text[max(0, match.start() - 8):match.start()]).endswith(_whole_before()):
            continue  # 「歳出決算額は…」: the document's figure, no program's
        kind = _labels()[compact(match.group("label"))]
        at, own = match.end(), unit
        note = _NOTE.match(text, at)
        if note is not None:
            at = note.end()
            own = ("%", 1) if note.group("unit") == "%" else unit_in(f"(単位:{note.group('unit')})")
        at = _connector().match(text, at).end()
        found = _figure_at(stream, at, kind, own)
        if found is None:
            continue
        yen, begin, end, written = found
        start, stop = stream.span(begin, end)
        out.append(_Figure(kind, normalize(match.group("label")), start, stop, stream.span(match.start(), end)[0],
                           yen, text[begin:end], written))
    for match in _after_re().finditer(text):
        window = max(0, match.start() - 30)
        amount = _AMOUNT_BEFORE.search(text, window, match.start())
        if amount is None or (yen := amount_yen(amount)) is None:
            continue
        kind = _after_kinds()[next(k for k in _after_kinds() if match.group(k))]
        begin = amount.start("amount") + len(amount.group("amount")) - len(amount.group("amount").lstrip())
        start, stop = stream.span(begin, amount.end("amount"))
        words = stream.span(match.start(), match.end())[1]
        out.append(_Figure(kind, normalize(match.group(0)), start, stop, start, yen, text[begin:amount.end("amount")],
                           text[begin:amount.end("amount")], words))
    return sorted(out, key=lambda f: f.start)


def _change_after(stream: _Stream, previous: _Figure) -> Amount | None:
    """The change from last year a sentence states right after last year's figure (「と比べ１０７千円の減」), negative
    for a fall; None when none is stated."""
    at = next((n for n, offset in enumerate(stream.where) if offset >= previous.end), None)
    if at is None:
        return None
    found = _change_re().match(stream.text, at)
    if found is None or (yen := amount_yen(found)) is None:
        return None
    begin = found.start("amount") + len(found.group("amount")) - len(found.group("amount").lstrip())
    start, stop = stream.span(begin, found.end("amount"))
    return Amount(yen=-yen if found.group("fall") else yen, text=stream.text[begin:found.end("amount")],
                  label="増減額", start=start, end=stop)


# ------------------------------------------------------------------------------------------------------- tables


def _cell_kind(text: str, year: int | None) -> _Kind | None:
    """What a header cell's column holds (「予算現額（円）」「令和８年度決算額」「執行率（％）」); a settled figure of a year
    before the document's is last year's."""
    word = compact(_NOTE.sub("", normalize(text)))
    for label in sorted(_labels(), key=len, reverse=True):
        if label in word:
            kind = _labels()[label]
            said = year_of(word)
            if kind.field == "settled" and said is not None and year is not None and said < year:
                return next(k for k in _labels().values() if k.field == "previous")
            return kind
    return None


def _columns(cells: list[Cell], line: Line) -> list[tuple[int, int]]:
    """The display columns (left, right) each cell of a line takes (a full-width character counts 2)."""
    return [(text_width(line.raw[:c.start - line.start]), text_width(line.raw[:c.end - line.start])) for c in cells]


def _aligned(header: list[Cell], head_line: Line, row: list[Cell], row_line: Line) -> list[int | None]:
    """For each cell of a row, the header cell it stands under: by position when both have as many cells, else the
    header cell it overlaps most (or whose right edge is nearest: figures are set flush right)."""
    if len(header) == len(row):
        return list(range(len(row)))
    heads, cells = _columns(header, head_line), _columns(row, row_line)
    out: list[int | None] = []
    for left, right in cells:
        overlap = [(min(right, r) - max(left, lft), n) for n, (lft, r) in enumerate(heads)]
        best = max(overlap)
        out.append(best[1] if best[0] > 0 else min(range(len(heads)), key=lambda n: abs(heads[n][1] - right)))
    return out


def _value_cell(cell: Cell) -> bool:
    """A cell of a row of figures: a figure, a rate, an amount with its unit, or a dash for none."""
    word = compact(cell.raw)
    return figure(word) is not None or bool(_PERCENT.fullmatch(word)) or bool(AMOUNT_RE.fullmatch(word)) \
        or bool(_none_words().fullmatch(word))


def _cell_figure(cell: Cell, kind: _Kind, label: str, unit: tuple[str, int] | None) -> _Figure | None:
    """A table cell as a figure of its column; None for a dash or a cell that is no figure."""
    word = compact(cell.raw)
    if _none_words().fullmatch(word):
        return None
    if kind.percent:
        found = _PERCENT.fullmatch(word)
        if found is None and figure(word) is None:
            return None
        return _Figure(kind, label, cell.start, cell.end, cell.start, None, cell.raw, cell.norm)
    amount = AMOUNT_RE.fullmatch(word)
    if amount is not None and (yen := amount_yen(amount)) is not None:
        return _Figure(kind, label, cell.start, cell.end, cell.start, yen, cell.raw, cell.norm)
    value = figure(word)
    if value is None:
        return None
    yen = int((value * unit[1]).to_integral_value()) if unit is not None and unit[0] != "%" else None
    return _Figure(kind, label, cell.start, cell.end, cell.start, yen, cell.raw,
                   f"{cell.norm}{unit[0]}" if unit is not None and unit[0] != "%" else cell.norm)


@dataclass
class _Header:
    """A row of figure labels (「予算現額（円）　決算額（円）　不用額（円）」), maybe after a first column naming the rows
    (「款」「区分」): its line, its cells, what each column holds, each column's unit from its note."""

    line: int
    cells: list[Cell]
    kinds: list[_Kind | None]
    units: list[tuple[str, int] | None]
    first_column: bool


def _label_cells(cell: Cell, year: int | None) -> list[Cell]:
    """A header cell that holds two labels set off by one space (「翌年度繰越額（円）　執行率（％）」, a gap too narrow to
    split the line at) as a cell each; any other cell as it is."""
    parts = [Cell(cell.start + m.start(), cell.start + m.end(), m.group(), normalize(m.group()))
             for m in re.finditer(r"[^\s\u3000]+", cell.raw)]
    if len(parts) < 2 or any(_cell_kind(p.raw, year) is None for p in parts):
        return [cell]
    return parts


def _header(line: Line, year: int | None) -> _Header | None:
    """The line as a header of figures: two labelled columns at least, one of them a settled figure, every other
    cell but a first one naming the rows."""
    cells = [part for cell in _cells(line) for part in _label_cells(cell, year)]
    if len(cells) < 2 or any(ch.isdigit() for c in cells for ch in _NOTE.sub("", c.norm) if not year_of(c.norm)):
        return None
    kinds = [_cell_kind(c.raw, year) for c in cells]
    first = compact(cells[0].raw) in _summary_words()
    labelled = [k for k in kinds[1 if first else 0:] if k is not None]
    if len(labelled) < 2 or len(labelled) < len(cells) - (1 if first else 0) or not any(
            k.field in ("settled", "previous") for k in labelled):
        return None
    units = [("%", 1) if k is not None and k.percent else bare_unit(c.raw) for c, k in zip(cells, kinds, strict=True)]
    return _Header(line.index, cells, kinds, units, first)


@dataclass
class _Row:
    """A row under a header: its line, its name (a summary table's first cell; None in a program's row) and its
    figures by kind."""

    line: int
    name: Cell | None
    figures: list[_Figure] = field(default_factory=list)


def _row(line: Line, header: _Header, unit: tuple[str, int] | None, lines: list[Line]) -> _Row | None:
    """A line as a row of the header's table: a name then figures (a summary table), or figures alone (a program's
    row under its labels); None for any other line."""
    cells = _cells(line)
    name = None
    if header.first_column:
        if len(cells) < 2 or _value_cell(cells[0]) or not all(_value_cell(c) for c in cells[1:]):
            return None
        name, cells = cells[0], cells[1:]
        if "。" in name.norm or len(name.norm) > 30:
            return None
    elif not cells or not all(_value_cell(c) for c in cells):
        return None
    head_cells = header.cells[1:] if header.first_column else header.cells
    row = _Row(line.index, name)
    for cell, n in zip(cells, _aligned(head_cells, lines[header.line], cells, line), strict=True):
        if n is None:
            continue
        at = n + (1 if header.first_column else 0)
        kind = header.kinds[at]
        if kind is None:
            continue
        label = normalize(_NOTE.sub("", normalize(header.cells[at].raw)))
        found = _cell_figure(cell, kind, label, header.units[at] or unit)
        if found is not None:
            row.figures.append(found)
    return row


def _is_rule(line: Line) -> bool:
    """A line of rules alone: a plain rule across the page, or a box's or a Markdown table's."""
    text = line.norm.replace(" ", "")
    return bool(text) and (bool(L.RULE_LINE.match(text)) or bool(_PLAIN_RULE.match(line.raw.strip()))
                           or bool(_BOX_RULE.match(line.raw.strip()) and re.search(r"[━─═┼┬┴├┤┌┐└┘\-－=＝]", text)))


def _cells(line: Line) -> list[Cell]:
    """A line's cells without the empty ones a framed row opens and closes with (「│款│予算現額│」「| 区分 | … |」)."""
    cells = line.cells
    if line.separator == "pipe":
        while cells and not cells[0].raw:
            cells = cells[1:]
        while cells and not cells[-1].raw:
            cells = cells[:-1]
    return cells


@dataclass
class _Table:
    """A header and its rows: lines `first`..`last` (rules between them included)."""

    header: _Header
    rows: list[_Row]
    first: int
    last: int
    unit: tuple[str, int] | None


def _tables(lines: list[Line], year: int | None, said: tuple[str, int] | None) -> list[_Table]:
    """Every header of figures with its rows under it (rules between them passed over; a blank line after a row, or a
    line of no row, ends the table). A summary table's unit is a unit line just above it, else its columns', else the
    document's."""
    tables: list[_Table] = []
    n = 0
    while n < len(lines):
        header = _header(lines[n], year) if lines[n].norm else None
        if header is None:
            n += 1
            continue
        unit = next((u for line in lines[max(0, n - 4):n + 1] if (u := unit_in(line.norm))), None) or said
        rows: list[_Row] = []
        m, last = n + 1, n
        while m < len(lines):
            line = lines[m]
            if not line.norm or _is_rule(line):
                if not line.norm and rows and not header.first_column:
                    break
                if not line.norm and rows and m + 1 < len(lines) and not lines[m + 1].norm:
                    break
                m += 1
                continue
            row = _row(line, header, unit, lines)
            if row is None:
                break
            rows.append(row)
            last = m
            m += 1
            if not header.first_column:
                break  # a program's row of figures stands alone under its labels
        if rows:
            tables.append(_Table(header, rows, n, last, unit))
            n = last + 1
        else:
            n += 1
    return tables


# ------------------------------------------------------------------------------------------------------- blocks


@dataclass
class _Title:
    """A line that may open a program: its name (NFKC, number and marks off) and the office a bracket after it names."""

    line: int
    name: str
    department: str | None
    indent: int
    flags: tuple[str, ...] = ()


def _section_head(line: Line) -> tuple[str, str, bool, int | None] | None:
    """The line as a heading of a program's text: (section name, label as written, default, document offset where
    the text after it on the line begins or None); None for any other line."""
    pattern, names = _section_heads()
    folded, _ = line.folded
    match = pattern.match(folded)
    if match is None:
        return None
    bracketed = match.group("open") is not None
    if bracketed != (match.group("close") is not None):
        return None
    rest = folded[match.end():].strip()
    if not (bracketed or match.group("colon") or match.group("mark") or not rest):
        return None  # 「成果が上がった…」: a label running into a sentence
    if not bracketed and not match.group("colon") and rest:
        if not match.group("mark") or len(match.group("label")) + len(rest) > _MAX_TITLE:
            return None
    name, default = names[compact(match.group("label"))]
    begin = match.end() + len(folded[match.end():]) - len(folded[match.end():].lstrip())
    return name, normalize(match.group("label")), default, line.span(begin, begin)[0] if rest else None


def _figure_line(line: Line) -> bool:
    """A line that states fields, not text: it opens with a figure's label, an office's or the 財源内訳's (after a mark or
    a bracketed note, 「（参考）前年度決算額」), and is no sentence (no 、 or 。 in it)."""
    text = _MARK.sub("", line.norm)
    if _department_re().match(text) or _code_re().match(text):
        return True
    # (as written, after a note in brackets 「（参考）前年度決算額…」, and with its label in brackets 「（財源）国庫支出金…」)
    for form in (text, re.sub(r"^[(【\[〔<][^)】\]〕>]{1,6}[)】\]〕>]\s*", "", text), re.sub(r"^[(【\[〔<]\s*", "", text)):
        found = _label_re().match(form) or _sources_re().match(form)
        if found is None or "。" in form:
            continue
        # (「財源：国庫支出金 3,807、一般財源 3,808」: set off by a colon, a list; 「決算額４９，０２７千円を執行した（…、
        # 不用額」: a sentence)
        if "、" not in form or re.match(r"\s*(?:\([^)]{1,4}\))?\s*[:)】\]〕>]", form[found.end():]):
            return True
    return False


def _group(line: Line) -> str | None:
    """The line as a heading grouping programs (「■第２款　総務費」「○基本目標１　…」), its name without its mark; None."""
    text = line.norm
    if not text or len(text) > _MAX_HEADING or "。" in text or find_amounts(text):
        return None
    bare = _MARK.sub("", text).lstrip("【[〔<〈《(").strip()
    if not _group_re().match(bare):
        return None
    return re.sub(r"[】\]〕>〉》)]", " ", bare).strip() if bare[:1] != text[:1] else bare


def _title(line: Line) -> _Title | None:
    """The line as a title: a number or a mark, then a name that is no sentence, figure, field or heading."""
    text = line.norm
    if not text or "。" in text or _section_head(line) is not None or _figure_line(line):
        return None
    mark = _MARK.match(text) or _CIRCLED.match(text) or L.TITLE_NUMBER.match(text) \
        or next((m for p in _numbering() if (m := p.match(text))), None)
    if mark is None or not text[mark.end():].strip():
        return None
    rest = text[mark.end():].strip()
    rest = _MARK.sub("", rest).strip() or rest
    if len(rest) > _MAX_TITLE or find_amounts(rest) or re.match(r"^[^:]{1,12}:", rest) or _group_re().match(rest):
        return None
    if figure(compact(rest)) is not None or not re.search(r"[^\W\d_]", rest):
        return None
    department = None
    bracket = _CLOSING_BRACKET.search(rest)
    if bracket is not None and bracket.start() >= 2:
        inner = bracket.group("inner").strip()
        # (set off by a gap, 「■…事業　　（中央図書館）」, or ending as an office does: 「…事業（企画政策課）」)
        if bracket.group(0)[:1].isspace() or inner.endswith(_office_endings()):
            department, rest = inner, rest[:bracket.start()].strip()
    name, flags, office = bare_title(rest)
    return _Title(line.index, tidy_title(name), department or office, line.indent, tuple(flags))


@dataclass
class _Block:
    """A program's lines: its title, the code line above it (or the title), its last line."""

    title: _Title
    first: int
    last: int


def _lead(lines: list[Line], title: int) -> int:
    """The first line of the program whose title is at `title`: a 款-項-目 code line right above it, else the title."""
    above = title - 1
    if above >= 0 and lines[above].norm and _code_re().match(lines[above].norm) and not find_amounts(lines[above].norm):
        return above
    return title


def _closes(lines: list[Line], n: int, indent: int, table_lines: set[int]) -> bool:
    """Whether line `n`, after a blank line, is outside a block whose title is set at `indent`: set no deeper and
    neither a field nor a heading of a program's text."""
    line = lines[n]
    return line.indent <= indent and n not in table_lines and _section_head(line) is None and not _figure_line(line)


def _blocks(lines: list[Line], titles: dict[int, _Title], stops: set[int], table_lines: set[int],
            summary_lines: set[int]) -> list[_Block]:
    """Each title's block: from its lead line to the line before the next title set no deeper (its lead line), a
    stop (a rule, a heading, a summary table) or a line that `_closes` it after a blank line."""
    leads = {_lead(lines, n): n for n in titles}
    blocks = []
    for n, title in sorted(titles.items()):
        last, blank = n, False
        for m in range(n + 1, len(lines)):
            line = lines[m]
            if m in stops or m in summary_lines:
                break
            if m in leads and titles[leads[m]].indent <= title.indent:
                break
            if not line.norm:
                blank = True
                continue
            if blank and _closes(lines, m, title.indent, table_lines):
                break
            blank = False
            last = m
        blocks.append(_Block(title, _lead(lines, n), last))
    return blocks


# ------------------------------------------------------------------------------------------------------ reading


@dataclass
class _Reading:
    """What the document's own lines give every block: titles, stops, tables, its year and unit."""

    text: str
    lines: list[Line]
    year: int | None
    unit: tuple[str, int] | None
    tables: list[_Table]
    titles: dict[int, _Title]
    groups: dict[int, str]
    stops: set[int]

    @property
    def summary(self) -> list[_Table]:
        return [t for t in self.tables if t.header.first_column]

    def table_lines(self, summary: bool) -> set[int]:
        return {n for t in self.tables if t.header.first_column == summary for n in range(t.first, t.last + 1)}


def _reading(doc: Document, lines: list[Line]) -> _Reading:
    year = year_of(doc.period) or year_of(doc.title)
    unit = said_unit(line.norm for line in lines)
    tables = _tables(lines, year, unit)
    in_tables = {n for t in tables for n in range(t.first, t.last + 1)}
    groups = {line.index: name for line in lines if line.index not in in_tables and (name := _group(line))}
    titles = {line.index: title for line in lines
              if line.index not in in_tables and line.index not in groups and (title := _title(line)) is not None}
    # (a table's own rules, 「|---:|---:|」 between its labels and its figures, stop nothing)
    stops = {line.index for line in lines if line.index not in in_tables and _is_rule(line)} | set(groups)
    return _Reading(doc.text, lines, year, unit, tables, titles, groups, stops)


def _figures(reading: _Reading, block: _Block) -> list[_Figure]:
    """A block's figures: its rows under labels, then its labelled figures elsewhere, in document order."""
    lines = reading.lines
    rows = [t for t in reading.tables if not t.header.first_column and block.first <= t.first <= block.last]
    in_rows = {n for t in rows for n in range(t.first, t.last + 1)}
    own = [ln for ln in lines[block.title.line + 1:block.last + 1] if ln.index not in in_rows and ln.norm]
    unit = next((u for ln in own if (u := unit_in(ln.norm))), None) or reading.unit
    found = [f for t in rows for r in t.rows for f in r.figures]
    found += _sentence_figures(_stream(own), unit) if own else []
    for f in found:
        f.text = reading.text[f.start:f.end]  # as written (「６，６６０千円」), where the stream read its NFKC form
    return sorted(found, key=lambda f: f.start)


def _settled(figures: list[_Figure]) -> _Figure | None:
    """The first settled figure (決算額, 支出済額) with its yen among a block's or a row's figures."""
    return next((f for f in figures if f.kind.field == "settled" and f.yen is not None), None)


def _confirmed(reading: _Reading) -> list[_Block]:
    """The blocks of titles that state a settled figure, each running to the next such title (a numbered line inside
    a block that states none, 「◇妊娠期面談」, is its text, not a program)."""
    summary_lines = reading.table_lines(summary=True)
    table_lines = reading.table_lines(summary=False)
    tentative = _blocks(reading.lines, reading.titles, reading.stops, table_lines, summary_lines)
    priced = {b.title.line: b.title for b in tentative if _settled(_figures(reading, b)) is not None}
    return [b for b in _blocks(reading.lines, priced, reading.stops, table_lines, summary_lines)
            if _settled(_figures(reading, b)) is not None]


def _content(line: Line) -> tuple[int, int] | None:
    """A line's span without the space and the box's verticals around it; None for a blank line."""
    raw = line.raw
    edge = " \t\u3000│┃|｜"
    begin, end = len(raw) - len(raw.lstrip(edge)), len(raw.rstrip(edge))
    return (line.start + begin, line.start + end) if end > begin else None


def _text_sections(reading: _Reading, block: _Block) -> list[Section]:
    """The block's text under its headings, a section each (the unheaded text under the title before any heading is
    the default one's, 事業の概要); a field line or a row of figures ends a heading's text."""
    lines = reading.lines
    rows = {n for t in reading.tables if not t.header.first_column for n in range(t.first, t.last + 1)}
    default = next(e["name"] for e in _vocabulary()["section"] if e.get("default"))
    out: list[Section] = []
    current: list[Any] | None = None  # [name, heading, start, end]
    fields_only = True
    for line in lines[block.title.line + 1:block.last + 1]:
        if not line.norm:
            continue
        head = _section_head(line)
        if head is not None:
            name, label, _, rest = head
            current = [name, label, rest, line.start + len(line.raw.rstrip()) if rest is not None else None]
            out.append(Section(name=name, heading=label, start=0, end=0))
            fields_only = False
            _close(out, current)
            continue
        field_line = line.index in rows or _figure_line(line)
        if field_line and (current is not None or fields_only):
            current = None
            continue
        span = _content(line)
        if span is None:
            continue
        if current is None:
            if not fields_only:
                continue  # text after a field line that closed a heading's text is no section's
            current = [default, "", span[0], span[1]]
            out.append(Section(name=default, heading="", start=0, end=0))
            fields_only = False
        elif current[2] is None:
            current[2] = span[0]
        current[3] = span[1]
        _close(out, current)
    return [s for s in out if s.end > s.start]


def _close(out: list[Section], current: list[Any]) -> None:
    """Set the last section's span from the running [name, heading, start, end]."""
    if current[2] is not None and current[3] is not None:
        out[-1].start, out[-1].end = current[2], current[3]


def _department(reading: _Reading, block: _Block) -> tuple[str | None, list[Section], list[Contact]]:
    """The office a block's line labels (「担当課　企画政策課」「所管：企画課（内線213）」), else the one a bracket after the
    title names; with its 担当・連絡先 section, the account and 款 a bracket after it names (「〔一般会計・福祉費〕」) as the
    予算科目 section, and the extension or phone a bracket after it gives as the program's contact."""
    sections: list[Section] = []
    for line in reading.lines[block.title.line + 1:block.last + 1]:
        folded, _ = line.folded
        match = _department_re().match(folded)
        if match is None or "。" in match.group("value"):
            continue
        value, begin = match.group("value"), match.start("value")
        gap = re.search(r"\s{2,}", value)
        note = _CLOSING_BRACKET.search(value)
        if note is not None and note.start() == 0:
            note = None
        end = min(x for x in (gap.start() if gap else None, note.start() if note else None, len(value)) if x is not None)
        name = value[:end].strip()
        if not name or len(name) > 30:
            continue
        a, b = line.span(begin, begin + len(value[:end].rstrip()))
        sections.append(Section(name="担当・連絡先", heading=normalize(match.group("label")), start=a, end=b))
        contacts: list[Contact] = []
        if note is not None:
            inner = note.group("inner")
            a, b = line.span(begin + note.start("open"), begin + note.end("inner") + 1)
            phone, extension = L.PHONE.search(inner), re.search(r"内線\s*(?P<ext>\d{2,6})", inner)
            if phone is not None or extension is not None:
                # 「（内線213）」「（電話 0288-55-1111）」: how to reach the office
                number = re.sub(r"\s", "", phone.group()) if phone else f"内線{extension.group('ext')}"
                contacts.append(Contact(dept=name, phone=number, extension=extension.group("ext") if phone and extension
                                        else None, start=a, end=b))
            elif re.search(_vocabulary()["classification"]["account"], inner):
                # 「〔一般会計・福祉費〕」: the account and 款 the program is paid from
                sections.append(Section(name=_vocabulary()["classification"]["section"], heading="", start=a, end=b))
        return name, sections, contacts
    title = block.title
    if title.department is not None:
        line = reading.lines[title.line]
        at = line.raw.rfind(title.department)
        if at >= 0:
            sections.append(Section(name="担当・連絡先", heading="", start=line.start + at,
                                    end=line.start + at + len(title.department)))
    return title.department, sections, []


def _sources(reading: _Reading, block: _Block) -> Section | None:
    """The block's 財源内訳: its labelled line (「財源内訳（千円）　国庫支出金 12,000／…」) or sentence (「財源は、…である。」,
    to its 。 across the lines it wraps over)."""
    own = [ln for ln in reading.lines[block.title.line + 1:block.last + 1] if ln.norm]
    stream = _stream(own)
    match = _sources_re().search(stream.text)
    if match is None:
        return None
    text = stream.text
    if text[match.end():match.end() + 1] in ("は", "、", ","):
        stop = text.find("。", match.end())  # a sentence, to its 。 over the lines it wraps onto
        end = stop + 1 if stop >= 0 else len(text)
    else:
        stop = text.find("\n", match.end())  # a labelled line, to its end
        end = stop if stop >= 0 else len(text)
    opening = text.rfind("\n", 0, match.start()) + 1
    # (「（財源）国庫支出金…」: from the bracket its label opens with)
    begin = opening if re.fullmatch(r"[\s(【\[〔<■□◆◇●○・]*", text[opening:match.start()]) else match.start()
    start, stop = stream.span(begin, end)
    return Section(name="財源内訳", heading=normalize(match.group("label")), start=start, end=stop)


def _budget(figures: list[_Figure], year: int | None, stream: _Stream | None) -> Budget | None:
    """The settled figure as the budget field (kind 決算), last year's settled figure as its previous year, and the
    change a sentence states from it."""
    settled = _settled(figures)
    if settled is None:
        return None
    previous = next((f for f in figures if f.kind.field == "previous" and f.yen is not None), None)
    before = None
    if previous is not None:
        before = Amount(yen=previous.yen, text=previous.text, label=previous.label,
                        fiscal_year=year - 1 if year else None, budget_kind="前年度", start=previous.start,
                        end=previous.end)
    change = next((Amount(yen=f.yen, text=f.text, label=f.label, start=f.start, end=f.end)
                   for f in figures if f.kind.field == "change" and f.yen is not None), None)
    if change is None and previous is not None and stream is not None:
        change = _change_after(stream, previous)
    return Budget(yen=settled.yen, text=settled.text, amount_text=settled.written,
                  label=_NOTE.sub("", settled.label).strip(), year=era_name(year) if year else "", fiscal_year=year,
                  budget_kind="決算", start=settled.start, end=settled.end, previous_year=before, change=change)


def _figure_sections(figures: list[_Figure], budget: Budget) -> list[Section]:
    """The budget's span as the 予算額 field, and each other figure as a section named by what it is (its label and
    figure as written, quoted whole: 「不用額　  2,330千円」「執行率は９６．４％」)."""
    out = [Section(name="予算額", heading=budget.label, start=budget.start, end=budget.end)]
    seen: set[str] = set()
    for f in figures:
        if f.kind.section in seen:
            continue  # 「…の決算額は」 twice: the first states it
        seen.add(f.kind.section)
        out.append(Section(name=f.kind.section, heading=f.label, start=f.label_start, end=f.quote_end or f.end))
    return out


def _program(doc: Document, reading: _Reading, block: _Block) -> Program | None:
    """A block as a program: its title, its settled figure as the budget, its office, its figures and text as
    sections, the heading over it as its category; None without a settled figure."""
    lines = reading.lines
    figures = _figures(reading, block)
    own = [ln for ln in lines[block.title.line + 1:block.last + 1] if ln.norm]
    budget = _budget(figures, reading.year, _stream(own) if own else None)
    if budget is None or not block.title.name:
        return None
    department, sections, contacts = _department(reading, block)
    sections += _figure_sections(figures, budget)
    if (sources := _sources(reading, block)) is not None:
        sections.append(sources)
    sections += _text_sections(reading, block)
    if block.first != block.title.line and (span := _content(lines[block.first])) is not None:
        sections.append(Section(name=_vocabulary()["classification"]["section"], heading="", start=span[0],
                                end=span[1]))
    category = next((reading.groups[n] for n in range(block.first - 1, -1, -1) if n in reading.groups), None)
    first, last = _content(lines[block.first]), _content(lines[block.last])
    start = first[0] if first else lines[block.first].start
    end = last[1] if last else lines[block.last].end
    return Program(id=program_id(doc.name, f"{block.title.name}:{block.title.line}"), title=block.title.name,
                   document=doc.name, start=start, end=end, budget=budget, department=department,
                   flags=list(block.title.flags), contacts=contacts, category=category,
                   categories=[category] if category else [],
                   sections=sorted(sections, key=lambda s: s.start))


@cache
def _stated_total_re() -> re.Pattern[str]:
    """A label of the document's own total (data [whole] totals: 「歳出決算額」), NFKC."""
    return re.compile(f"(?P<label>{_alternatives(_vocabulary()['whole']['totals'])})")


def _stated_total(doc: Document, reading: _Reading, blocks: list[_Block]) -> Program | None:
    """The document's total stated outside its programs and tables (「歳出決算額　37,108,903」 in an opening 決算の概要,
    「歳出決算額は52,638,040千円で」): the first such labelled figure, a total titled by its label; None without one."""
    inside = {n for b in blocks for n in range(b.first, b.last + 1)}
    inside |= {n for t in reading.tables for n in range(t.first, t.last + 1)}
    settled = next(k for k in _labels().values() if k.field == "settled")
    for line in reading.lines:
        if line.index in inside or not line.norm:
            continue
        stream = _stream([line])
        for match in _stated_total_re().finditer(stream.text):
            at = _connector().match(stream.text, match.end()).end()
            found = _figure_at(stream, at, settled, reading.unit)
            if found is None or found[0] is None:
                continue
            yen, begin, end, written = found
            start, stop = stream.span(begin, end)
            label = normalize(match.group("label"))
            label_start = stream.span(match.start(), match.end())[0]
            budget = Budget(yen=yen, text=doc.text[start:stop], amount_text=written, label=label,
                            year=era_name(reading.year) if reading.year else "", fiscal_year=reading.year,
                            budget_kind="決算", start=start, end=stop)
            return Program(id=program_id(doc.name, f"total:{label}:{line.index}"), title=label, document=doc.name,
                           start=label_start, end=stop, budget=budget, kind="total",
                           sections=[Section(name="予算額", heading=label, start=start, end=stop)])
    return None


_LEVEL_NUMBER = re.compile(r"^(?:第\s*)?\d{1,2}\s*款\s*")


def _totals(doc: Document, reading: _Reading) -> list[Program]:
    """The summary table's rows as totals: each 款 (titled by its name, its number as an alias) and the 合計 row, with
    the 決算額 column as the figure, last year's column as its previous year, the others as sections."""
    out = []
    for table in reading.summary:
        for row in table.rows:
            budget_figure = _settled(row.figures)
            if budget_figure is None or row.name is None:
                continue
            written = normalize(row.name.norm)
            title = tidy_title(_LEVEL_NUMBER.sub("", written)) or tidy_title(written)
            budget = _budget(row.figures, reading.year, None)
            line = reading.lines[row.line]
            span = _content(line)
            sections = _figure_sections(row.figures, budget) if budget is not None else []
            out.append(Program(
                id=program_id(doc.name, f"total:{written}:{row.line}"), title=title,
                aliases=[written] if compact(written) != compact(title) else [], document=doc.name,
                start=span[0] if span else line.start, end=span[1] if span else line.end, budget=budget,
                kind="total", sections=sorted(sections, key=lambda s: s.start)))
    return out


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's program blocks that state a settled figure beside another figure of the form (予算現額,
    不用額, 執行率, last year's, 財源内訳), times min(1, such blocks / 3), halved when the document never names
    itself a results report (data [signature]); 0 without such a block."""
    reading = _reading(doc, lines)
    blocks = _confirmed(reading)
    if not blocks:
        return 0.0
    full = 0
    for block in blocks:
        kinds = {f.kind.field for f in _figures(reading, block)}
        full += len(kinds - {"settled"}) > 0 or _sources(reading, block) is not None
    named = any(w in compact(line.norm) for line in lines[:40] for w in _signature_words())
    return round(full / len(blocks) * min(1.0, full / 3) * (1.0 if named else 0.5), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a block with a settled figure, and the summary table's totals, in document order."""
    reading = _reading(doc, lines)
    blocks = _confirmed(reading)
    programs = [p for b in blocks if (p := _program(doc, reading, b)) is not None]
    totals = _totals(doc, reading)
    programs += totals
    if not any(is_total(t.title) for t in totals) and (stated := _stated_total(doc, reading, blocks)) is not None:
        # no summary table closing with its 合計: the total the document states (its 決算の概要) is its total
        programs.append(stated)
    return finish_reading(doc, sorted(programs, key=lambda p: p.start), "block(s)")

