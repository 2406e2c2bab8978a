"""Programs written as blocks of labelled lines, one block a program: 「事業名　：子ども医療費助成事業」「所管課：…」
「事業費（千円）：486,320」「事業内容：…」 (a city's 主要事業一覧 as text, a program sheet exported line by line).

A table of programs turned on its side: each label names a column (the table headers' vocabulary,
data/vocabulary.toml [[field]]), so a block is read as a row of `text_table` and becomes a program the same way. A
block opens at a title label and runs to the next one; a line without a label continues the value above it (a
description wrapped over lines). A figure is scaled by the unit its label states (「事業費（千円）」), the unit written
after it (「486,320千円」) or a unit line above (「単位：千円」).
"""

from __future__ import annotations

import re

from qa.ingest import layout as L
from qa.ingest.layouts import text_table
from qa.ingest.lines import Cell, Line
from qa.ingest.models import Document, Program
from qa.ingest.structure import pages_from_breaks
from qa.ingest.vocabulary import bare_unit, figure, header_field, strip_markers, unit_in

NAME = "field_blocks"

# 「事業費（千円）：486,320」: a label (no sentence, at most 30 characters, a bracketed note allowed) and its value.
LABELLED = re.compile(r"^\s*(?P<label>[^\s:。、\d][^:。、]{0,29}?)\s*:\s*(?P<value>\S.*)?$")
# 「No.3（新規）」: a block's number over its title label, maybe with its markers.
_NUMBER_LINE = re.compile(r"^(?:No\.?|№)\s*\d{1,3}\s*(?:[（(【\[](?P<flag>[^）)】\]]{1,6})[)）】\]])?\s*$")
# A figure with its own unit after it (「486,320千円」).
_WITH_UNIT = re.compile(r"^(?P<num>[△▲-]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>千円|百万円|億円|万円|円)")


def _labelled(line: Line) -> tuple[str, Cell] | None:
    """The field a line's label names and the value as a cell (offsets into the document); None for other lines."""
    match = LABELLED.match(line.norm)
    if match is None or match.group("value") is None:
        return None
    name = header_field(match.group("label"))
    if name is None:
        return None
    value = match.group("value")
    at = line.raw.rfind(value[:4]) if len(line.raw) != len(line.norm) else match.start("value")
    at = max(at, 0)
    return name, Cell(line.start + at, line.start + len(line.raw.rstrip()), line.raw[at:].rstrip(), value)


def _blocks(lines: list[Line]) -> list[tuple[list[Line], dict[str, Cell], dict[str, str], dict[str, list[Cell]]]]:
    """Blocks in order: their lines, their first cell of each field, each field's label, continuation cells."""
    blocks = []
    current: tuple[list[Line], dict[str, Cell], dict[str, str], dict[str, list[Cell]]] | None = None
    last: str | None = None
    previous: Line | None = None
    for line in lines:
        if not line.norm:
            continue
        found = _labelled(line)
        before, previous = previous, line
        if found is not None and found[0] == "title":
            current = ([line], {"title": found[1]}, {"title": LABELLED.match(line.norm).group("label")}, {})
            number = _NUMBER_LINE.match(before.norm) if before is not None else None
            if number is not None and number.group("flag"):
                # 「No.3（新規）」 over the block: the markers of the program it numbers
                current[1]["flag"] = Cell(before.start, before.end, before.raw, number.group("flag"))
            blocks.append(current)
            last = "title"
            continue
        if current is None:
            continue
        if L.RULE_LINE.match(line.norm) or re.match(r"^[=＝━─-]{4,}", line.norm):
            current, last = None, None  # a rule closes the block
            continue
        if found is not None:
            name, cell = found
            if name in ("source", "number"):
                name = f"{name}:0"
            if name not in current[1]:
                current[1][name] = cell
                current[2][name] = LABELLED.match(line.norm).group("label")
            current[0].append(line)
            last = name
        elif last in ("summary", "title") and line.indent > 0:
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


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's figure lines that are labelled budget lines of blocks, times min(1, blocks / 3)."""
    blocks = _blocks(lines)
    if not blocks:
        return 0.0
    priced = sum(1 for b in blocks if figure(_WITH_UNIT.sub(r"\g<num>", b[1]["budget"].norm)) is not None)
    from qa.ingest.signals import figure_lines  # a line with any figure in it

    return round(min(1.0, 2 * priced / max(1, figure_lines(lines))) * min(1.0, priced / 3), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs, one a block with a budget; a block whose budget holds no figure is left out."""
    period = doc.period or doc.title
    unit: tuple[str, int] | None = None
    declared = {ln.index: u for ln in lines if (u := unit_in(ln.norm))}
    programs: list[Program] = []
    category: str | None = None
    blocks = _blocks(lines)
    starts = {b[0][0].index: b for b in blocks}
    for line in lines:
        if line.index in declared:
            unit = declared[line.index]
        heading = L.HEADING_LINE.match(line.norm)
        if heading and line.index not in starts:
            category = heading.group("name").strip()
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
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs
