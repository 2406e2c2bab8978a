"""Programs written as blocks of labelled lines, one block a program: 「事業名　：子ども医療費助成事業」「所管課：…」
「事業費（千円）：486,320」「事業内容：…」 (a city's 主要事業一覧 as text, a program sheet exported line by line).

A table of programs turned on its side: each label names a column (the table headers' vocabulary,
data/vocabulary.toml [[field]]), so a block is read as a row of `text_table` and becomes a program the same way. A
block opens at a title label and runs to the next one; a line without a label continues the value above it (a
description wrapped over lines). A figure is scaled by the unit its label states (「事業費（千円）」), the unit written
after it (「486,320千円」) or a unit line above (「単位：千円」).

A town's ふるさと納税 寄附金の使途・充当事業報告 (汐見町 of forms29) writes its programs so too, under each 使い道: a marked
title line (「●汐見海岸クリーンアップ事業」「◇…」「■…」) over labelled lines, a label set off by a colon or by spaces
(「総事業費：4,826,000円」「事業概要　地域おこし…」「・担当課　福祉課」), two on a line (「・総事業費　31,260千円　　うち
ふるさと納税充当額　12,000千円」: the 充当額 a うち of the budget, vocabulary field `part`); the same report tabulates other
使い道, so the tables of the document are read with its blocks (`text_table`, on the lines outside the blocks).
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.ingest import layout as L
from qa.ingest.layouts import text_table
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Document, Program
from qa.ingest.normalize import normalize
from qa.ingest.structure import pages_from_breaks
from qa.ingest.vocabulary import (
    bare_unit,
    compact,
    figure,
    header_field,
    strip_markers,
    unit_in,
    vocabulary,
    without_note,
)

NAME = "field_blocks"

# A heading numbered in brackets or before a gap (「（２）環境・景観の保全」「３　使い道別」, NFKC).
_NUMBERED = re.compile(r"^(?:[（(]\s*\d{1,2}\s*[)）]|\d{1,2}[\s.．、])\s*\S")

# 「事業費（千円）：486,320」: a label (no sentence, at most 30 characters, a bracketed note allowed) and its value.
LABELLED = re.compile(r"^\s*(?P<label>[^\s:。、\d][^:。、]{0,29}?)\s*:\s*(?P<value>\S.*)?$")
# 「No.3（新規）」: a block's number over its title label, maybe with its markers.
_NUMBER_LINE = re.compile(r"^(?:No\.?|№)\s*\d{1,3}\s*(?:[（(【\[](?P<flag>[^）)】\]]{1,6})[)）】\]])?\s*$")
# A figure with its own unit after it (「486,320千円」).
_WITH_UNIT = re.compile(r"^(?P<num>[△▲-]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>千円|百万円|億円|万円|円)")


# A gap between a label and its value, or between two labelled values on a line (one full-width space or more, two
# half-width ones or more): 「総事業費　31,260千円　　うちふるさと納税充当額　12,000千円」.
_GAP = re.compile(r"[ \u3000]*\u3000[ \u3000]*| {2,}")
# A bullet before a label (「・概要　…」「- 総事業費: …」).
_BULLET = re.compile(r"^[・･\-*]\s*")
# Markers that open a title line of a block (「●汐見海岸クリーンアップ事業」「◇…」「■…」「◆…」).
_TITLE_MARK = re.compile(r"^\s*[■□◆◇●○◎▼▽★☆▲△◯]\s*")
# A sum written with its yen unit (「4,826,000円」「12,000千円」): a title line holds none.
_STATED_YEN = re.compile(r"\d[\d,.]*\s*(?:億|百万|千万|万|千)?円")


def _label_field(text: str) -> str | None:
    """The field a spaced label names (「総事業費」「うちふるさと納税充当額」「担当課」「概要」), or None: a short label
    without figures that ends with its field's word, so that a value naming a word of the vocabulary (「住民説明会」)
    is no label."""
    label = compact(without_note(compact(text))).strip("()（）[]【】")
    if not label or len(label) > 14 or re.search(r"\d", label):
        return None
    name = header_field(label)
    if name is None:
        return None
    field = next(f for f in vocabulary()["field"] if f["name"] == name)
    return name if label in field.get("exact", []) or any(label.endswith(w) for w in field.get("words", [])) else None


def _piece(line: Line, start: int, end: int) -> Cell:
    """The raw line's characters start:end as a cell (offsets into the document)."""
    raw = line.raw[start:end]
    return Cell(line.start + start, line.start + end, raw, normalize(raw))


def _spaced(line: Line) -> list[tuple[str, str, Cell]]:
    """A line of labels each set off from its value by spaces (「事業概要　地域おこし…」「・総事業費　31,260千円
    うち…充当額　12,000千円」): (field, label, value cell) for each, in order; [] when the line opens with no label."""
    body = line.raw.rstrip()
    at = len(body) - len(body.lstrip())
    bullet = _BULLET.match(body[at:])
    if bullet is not None:
        at += bullet.end()
    tokens: list[tuple[int, int]] = []
    for gap in _GAP.finditer(body, at):
        if gap.start() > at:
            tokens.append((at, gap.start()))
        at = gap.end()
    if at < len(body):
        tokens.append((at, len(body)))
    out: list[tuple[str, str, tuple[int, int]]] = []
    for i, (begin, end) in enumerate(tokens):
        token = body[begin:end]
        name = _label_field(token)
        # a label needs a value after it; the value of the label before it needs one token at least
        if name is not None and i + 1 < len(tokens) and (not out or out[-1][2][1] > out[-1][2][0]):
            out.append((name, normalize(token), (tokens[i + 1][0], tokens[i + 1][0])))
        elif out:
            out[-1] = (out[-1][0], out[-1][1], (out[-1][2][0], end))
        else:
            return []
    # (「事業名　総事業費　充当額」, a table's header, is no title label: a spaced line names a title only alone, with a
    # value that is no label: 「事業名　総合防災情報システム再構築事業　【新規】」)
    if not out or out[0][0] == "title" and len(out) > 1:
        return []
    # (「（前年度　31）」: a label opening a bracket closes it after its value, which ends before the bracket)
    out = [(name, label, (begin, end - 1 if label[:1] in "(（" and body[begin:end].endswith((")", "）")) else end))
           for name, label, (begin, end) in out]
    return [(name, label, _piece(line, begin, end)) for name, label, (begin, end) in out if end > begin]


def _labelled_all(line: Line) -> list[tuple[str, str, Cell]]:
    """Every (field, label, value cell) a line states: one after a colon (「事業費（千円）：486,320」), or those set off
    by spaces (`_spaced`); [] for other lines."""
    match = LABELLED.match(_BULLET.sub("", line.norm.strip()))
    if match is not None and match.group("value") is not None:
        name = header_field(match.group("label"))
        if name is None:
            return []
        value = match.group("value")
        at = line.raw.rfind(value[:4]) if len(line.raw) != len(line.norm) else line.norm.rfind(value)
        at = max(at, 0)
        return [(name, match.group("label"), Cell(line.start + at, line.start + len(line.raw.rstrip()),
                                                  line.raw[at:].rstrip(), value))]
    if ":" in line.norm:
        return []  # a colon after no label of the vocabulary: a sentence or a note, not spaced labels
    return _spaced(line)


def _labelled(line: Line) -> tuple[str, Cell] | None:
    """The field a line's (first) label names and the value as a cell (offsets into the document); None for other lines."""
    found = _labelled_all(line)
    return (found[0][0], found[0][2]) if found else None


def _title_line(line: Line) -> Cell | None:
    """A marked line naming a program (「●汐見海岸クリーンアップ事業」): its name as a cell; None for a line with a
    label, a sentence or a sum."""
    mark = _TITLE_MARK.match(line.raw)
    if mark is None:
        return None
    name = line.raw[mark.end():].rstrip()
    norm = normalize(name)
    if not 2 <= len(norm) <= 60 or "。" in norm or ":" in norm or _STATED_YEN.search(norm) or figure(norm) is not None:
        return None
    return _piece(line, mark.end(), len(line.raw.rstrip()))


def _blocks(lines: list[Line]) -> list[tuple[list[Line], dict[str, Cell], dict[str, str], dict[str, list[Cell]]]]:
    """Blocks in order: their lines, their first cell of each field, each field's label, continuation cells."""
    blocks = []
    current: tuple[list[Line], dict[str, Cell], dict[str, str], dict[str, list[Cell]]] | None = None
    last: str | None = None
    previous: Line | None = None
    filled = [ln for ln in lines if ln.norm.strip()]
    following = {a.index: b for a, b in zip(filled, filled[1:], strict=False)}
    for line in lines:
        if not line.norm.strip():
            continue
        stated = _labelled_all(line)
        found = (stated[0][0], stated[0][2]) if stated else None
        before, previous = previous, line
        titled = _title_line(line) if found is None else None
        if titled is not None and (after := following.get(line.index)) is not None and _labelled_all(after):
            # 「●汐見海岸クリーンアップ事業」 over 「事業概要：…」: a marked title line opens a block as a title label does
            current = ([line], {"title": titled}, {"title": "事業名"}, {})
            blocks.append(current)
            last = "title"
            continue
        if found is not None and found[0] == "title":
            current = ([line], {"title": found[1]}, {"title": stated[0][1]}, {})
            number = _NUMBER_LINE.match(before.norm) if before is not None else None
            if number is not None and number.group("flag"):
                # 「No.3（新規）」 over the block: the markers of the program it numbers
                current[1]["flag"] = Cell(before.start, before.end, before.raw, number.group("flag"))
            blocks.append(current)
            last = "title"
            continue
        if current is None:
            continue
        if _DIVIDER.match(line.norm):
            continue  # a box's divider 「├───┤」 inside it
        if L.RULE_LINE.match(line.norm) or re.match(r"^[=＝━─-]{4,}", line.norm):
            current, last = None, None  # a rule closes the block
            continue
        alone = _label_field(line.norm.strip()) if found is None else None
        if alone is not None and alone not in current[1]:
            # 「事業概要」 alone on its line over the lines that say it (inside a box): a label whose value runs below
            current[2][alone] = line.norm.strip()
            current[0].append(line)
            last = alone
            continue
        if found is not None:
            sources = [cell for name, _, cell in stated if name == "source"]
            if len(sources) > 1:
                # 「財源内訳　国庫支出金　137　県債　230　一般財源　45」: one breakdown, its labels and figures together
                whole = _piece(line, sources[0].start - line.start, sources[-1].end - line.start)
                stated = [s for s in stated if s[0] != "source"] + [("source", stated[0][1] if stated[0][0] == "source"
                                                                     else "財源内訳", whole)]
            for name, label, cell in stated:
                if name in ("source", "number"):
                    name = f"{name}:0"
                if name not in current[1]:
                    current[1][name] = cell
                    current[2][name] = label
                last = name
            current[0].append(line)
        elif last in ("summary", "title") and line.indent > 0 or last is not None and last in current[2] \
                and last not in current[1] and last not in ("title", "budget"):
            current[3].setdefault(last, []).append(Cell(line.start + line.indent, line.end, line.raw.strip(),
                                                        line.norm.strip()))
            current[0].append(line)
        else:
            current, last = None, None
    return [b for b in blocks if "budget" in b[1]]


def _money(cell: Cell, label: str, unit: tuple[str, int] | None) -> tuple[Cell, tuple[str, int] | None]:
    """The budget cell as a bare figure and its unit: the label's, the one written after the figure, or the unit line's."""
    own = _WITH_UNIT.match(cell.norm)
    if own is not None:
        digits = own.group("num")
        at = cell.raw.find(digits) if digits in cell.raw else 0
        return (Cell(cell.start + at, cell.start + at + len(digits), digits, digits),
                unit_in(f"(単位:{own.group('unit')})"))
    return cell, bare_unit(label) or unit


def _outside(lines: list[Line], blocks: list) -> list[Line]:
    """The document's lines with the blocks' lines emptied (same indexes): what is left for `text_table` to read."""
    inside = {ln.index for b in blocks for ln in b[0]}
    return [replace(ln, raw="", norm="", stripped="", end=ln.start) if ln.index in inside else ln for ln in lines]


def _table_rows(doc: Document, lines: list[Line], blocks: list) -> list[Program]:
    """The programs of the tables outside the blocks, when the blocks are titled by marked lines (a report that
    tabulates some of its programs and writes the others as blocks); [] for a document of labelled blocks only."""
    if not any(b[2].get("title") == "事業名" and not LABELLED.match(b[0][0].norm.strip()) for b in blocks):
        return []
    return [p for p in text_table.table_programs(doc, _outside(lines, blocks))]


# A line boxed whole (「│事業名　…　│」 between 「┌───┐」 and 「└───┘」, a press release's frame round each program):
# its two verticals, at its first and last non-space character, and nothing between them that splits it.
_DIVIDER = re.compile(r"^\s*[├┠┣╟╠][─━═\-\s]+[┤┨┫╢╣]?\s*$")
_BOXED = re.compile(r"^(?P<lead>\s*)[│┃║](?P<inner>[^│┃║|｜]*)[│┃║]?\s*$")


def _unboxed(lines: list[Line]) -> list[Line]:
    """The lines with the verticals of a box drawn round one column of text made spaces (same offsets, so a value
    read is quoted from the document as written, without them); a table's row of several cells stays as it is."""
    out = []
    for line in lines:
        boxed = _BOXED.match(line.raw)
        if boxed is None:
            out.append(line)
            continue
        raw = boxed.group("lead") + " " + boxed.group("inner")
        raw += " " * (len(line.raw) - len(raw))
        lead = raw[:len(raw) - len(raw.lstrip())]
        out.append(replace(line, raw=raw, norm=normalize(raw).strip(), stripped=normalize(raw).strip(),
                           indent=len(lead) + lead.count("\u3000")))  # (a full-width space counts 2, as `Line` says)
    return out


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's figure lines that are labelled budget lines of blocks (or rows of the tables beside
    marked blocks), times min(1, blocks / 3)."""
    lines = _unboxed(lines)
    blocks = _blocks(lines)
    if not blocks:
        return 0.0
    priced = sum(1 for b in blocks if figure(_WITH_UNIT.sub(r"\g<num>", b[1]["budget"].norm)) is not None)
    from qa.ingest.signals import figure_lines  # a line with any figure in it

    rows = sum(1 for p in _table_rows(doc, lines, blocks) if p.budget is not None and p.budget.yen is not None)
    return round(min(1.0, 2 * (priced + rows) / max(1, figure_lines(lines))) * min(1.0, priced / 3), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a block with a budget; a block whose budget holds no figure is left out."""
    lines = _unboxed(lines)
    period = doc.period or doc.title
    unit: tuple[str, int] | None = None
    declared = {ln.index: u for ln in lines if (u := unit_in(ln.norm))}
    programs: list[Program] = []
    category: str | None = None
    blocks = _blocks(lines)
    starts = {b[0][0].index: b for b in blocks}
    inside = {ln.index for b in blocks for ln in b[0]}
    for line in lines:
        if line.index in declared:
            unit = declared[line.index]
        heading = L.HEADING_LINE.match(line.norm)
        if heading and line.index not in starts:
            category = heading.group("name").strip()
        elif line.index not in inside and _NUMBERED.match(line.norm.strip()) and (name := text_table._heading(line, False)):
            category = name  # 「（２）環境・景観の保全」: a 使い道 numbered in brackets heads the blocks under it
        block = starts.get(line.index)
        if block is None:
            continue
        block_lines, cells, labels, extra = block
        cells = dict(cells)
        cells["budget"], row_unit = _money(cells["budget"], labels.get("budget", ""), unit)
        if "previous" in cells:
            cells["previous"], _ = _money(cells["previous"], labels.get("previous", ""), row_unit)
        name, _ = strip_markers(cells["title"].norm)
        row = text_table._Row(block_lines[0].index, block_lines[-1].index, cells, extra=extra, category=category,
                              unit=row_unit, labels=labels)
        program = text_table._program(doc, lines, row, period)
        if program is not None:
            programs.append(program)
    tables = _table_rows(doc, lines, blocks)
    if tables:
        programs = sorted(programs + tables, key=lambda p: p.start)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
