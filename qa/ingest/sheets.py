"""A program's own sheet elsewhere in its document, attached to the program read from a table or a list.

The genre often publishes a program twice: a row of an overview table (総括表, 主要事業一覧: title, amount,
department) and a sheet of its own further on (事業シート, 個票, 概算要求の個別資料: 目的, 内容, 成果指標, 財源,
担当). Whichever reading found the program, a later line that is the program's title alone (「【事業名】　病児保育
事業」「Ⅰ－３　中小企業省力化設備導入支援事業【新規】」) opens its sheet, which runs to the next such line; the sheet's
lines become sections of the program, so that its purpose, quantities and targets are answered and cited.
Found in a town's 事業シート export (summary table + one sheet per program) and a ministry's 概算要求 (総括表 +
個別資料); a table row that carries figures after its title is not a sheet heading.
"""

from __future__ import annotations

import re

from qa.ingest.amounts import find_amounts
from qa.ingest.coverage import merge_spans, overlaps
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Document, Program, Section
from qa.ingest.normalize import key
from qa.ingest.qa_blocks import opens_questions, qa_lines
from qa.ingest.structure import _contacts, section_name
from qa.ingest.titles import bare_title
from qa.ingest.years import year_of

# 「【事業名】」「事業名：」「■事業名」: a label before the title on a sheet's first line.
_TITLE_LABEL = re.compile(r"^\s*[■□◆◇●○・]?\s*[【\[［(（]?\s*(?:事業名|事業の名称|名称|施策名|項目名)\s*[】\]］)）]?\s*[:：]?\s*")
# 「【事業の目的】」「■ 事業内容」「（成果指標）」: a labelled block of a sheet.
_BLOCK_LABEL = re.compile(r"^\s*(?:[■□◆◇●]\s*)?[【\[［]\s*(?P<name>[^】\]］]{1,16})\s*[】\]］]\s*(?P<rest>.*)$")
_LABEL_PREFIX = re.compile(r"^\s*[【\[［][^】\]］]{1,8}[】\]］]\s*")
_CONTACT_LINE = re.compile(r"担当|問い?合わ?せ|連絡先")
_MIN_KEY = 4  # shorter titles (「計」「事業」) name nothing on their own


def _heading_key(line: Line) -> str:
    """The key a line would have as a title alone: label, item number and flags off."""
    text = _TITLE_LABEL.sub("", line.norm)
    title, _, _ = bare_title(text)
    return key(title)


def _sections(doc: Document, lines: list[Line]) -> list[Section]:
    """A sheet's lines as sections: one per 【label】 block (named by the genre's section names where one
    matches, else by the label), the lines before the first label as 「概要」."""
    sections: list[Section] = []
    name, heading, start = "概要", "", lines[0].start
    for line in lines[1:]:
        label = _BLOCK_LABEL.match(line.norm)
        if not label:
            continue
        if line.start > start:
            sections.append(Section(name=name, heading=heading, start=start, end=line.start))
        name = section_name(line) or label.group("name").strip()
        # The heading is the label alone: what follows it on the line (「【担当課】　企画課　地域交通係」) is content.
        heading, start = (line.raw.strip() if not label.group("rest").strip() else ""), line.start
    sections.append(Section(name=name, heading=heading, start=start, end=lines[-1].end))
    text = doc.text
    return [s for s in sections if text[s.start:s.end].strip()]


def _header_years(cells: list[str]) -> list[int | None]:
    """Per header cell, how many years before the sheet's year it names: 0 for 本年度/当初 or the latest fiscal
    year, 1 for 前年度/昨年度 or the year before it, None for another column (増減, 比較)."""
    years = [year_of(c) for c in cells]  # Western years: 「平成31年度｜令和2年度」 compare across the eras
    latest = max((y for y in years if y is not None), default=None)
    out: list[int | None] = []
    for cell, year in zip(cells, years, strict=True):
        if re.search(r"前年度|昨年度|前年", cell):
            out.append(1)
        elif re.search(r"本年度|当初", cell) and year is None:
            out.append(0)
        else:
            out.append(latest - year if year is not None and latest is not None else None)
    return out


def _previous_from_table(program: Program, sheet: list[Line]) -> None:
    """The previous year's figure from a sheet's own small table (「令和８年度予算額｜令和７年度予算額｜増減」 over
    「７，４２０千円｜７，１００千円｜３２０千円」), when its current column states the program's budget: a table row
    rarely gives it, the sheet does. Changes `program.budget` in place."""
    budget = program.budget
    if budget is None or budget.yen is None or budget.previous_year is not None:
        return
    for head, values in zip(sheet, sheet[1:], strict=False):
        if len(head.cells) < 2 or len(values.cells) != len(head.cells):
            continue
        ages = _header_years([c.norm for c in head.cells])
        if 0 not in ages or 1 not in ages:
            continue
        amounts = [find_amounts(c.norm) for c in values.cells]
        current, previous = amounts[ages.index(0)], amounts[ages.index(1)]
        if not current or not previous or current[0][1] != budget.yen:
            continue
        cell = values.cells[ages.index(1)]
        budget.previous_year = Amount(yen=previous[0][1], text=cell.raw.strip(), label="前年度", budget_kind="前年度",
                                      fiscal_year=budget.fiscal_year - 1 if budget.fiscal_year else None,
                                      start=cell.start, end=cell.start + len(cell.raw.rstrip()))
        return


def attach_sheets(doc: Document, lines: list[Line], programs: list[Program]) -> int:
    """Give each program read from one line (a table row, a listed item) the sheet that bears its title alone.

    Args:
        doc: the document the programs were read from.
        lines: its lines (`qa.ingest.lines.lines_of`).
        programs: the programs read by the detected layout; changed in place (sections and pages added).

    Returns:
        How many programs got a sheet.
    """
    # Per line: whether it lies inside a program already read (its own text, never another sheet), found once.
    spans = merge_spans([(p.start, p.end) for p in programs])
    starts = [a for a, _ in spans]
    inside = [overlaps(spans, starts, line.start, line.start + 1) for line in lines]
    by_key: dict[str, list[Program]] = {}
    for p in programs:
        k = key(p.title)
        if p.kind != "total" and len(k) >= _MIN_KEY:
            by_key.setdefault(k, []).append(p)
    # Sheet headings in order, each with its program; a title two programs share (two 局) still ends the sheet
    # before it, but cannot say whose sheet it opens (None).
    openings: list[tuple[int, Program | None]] = []
    asked = qa_lines(lines)
    for i, line in enumerate(lines):
        if inside[i] or i in asked:
            continue  # (a name in an answer's contact list 「・省エネ設備導入支援事業」 opens no sheet)
        found = by_key.get(_heading_key(line))
        if found:
            # 「〔省エネ設備導入支援事業〕」 over 「Ｑ３．…」: a Q&A block's heading (qa_blocks gives its questions to the
            # program they are about), never the program's sheet; it still ends the sheet before it
            openings.append((i, found[0] if len(found) == 1 and not opens_questions(lines, i) else None))
    attached: set[str] = set()
    for n, (i, program) in enumerate(openings):
        end = openings[n + 1][0] if n + 1 < len(openings) else len(lines)
        # The sheet stops where a program already read begins (a wrapped title line above its own program's
        # figures, as in a ledger's 説明, is that program's name, not a sheet).
        end = next((k for k in range(i + 1, end) if inside[k]), end)
        sheet = [line for line in lines[i:end] if line.norm.strip()]
        if program is None or len(sheet) < 2 or program.id in attached:
            continue  # a shared title, a bare repeated title, or a second sheet for a program that has one
        program.sections.extend(_sections(doc, sheet))
        program.pages = sorted({*program.pages, *(line.page for line in sheet if line.page)})
        _previous_from_table(program, sheet)
        if not program.contacts:  # 「【担当】○○課（03-…）」 on the sheet
            found = _contacts(sheet, [k for k, line in enumerate(sheet) if _CONTACT_LINE.search(line.norm)])
            program.contacts = [c.model_copy(update={"dept": _LABEL_PREFIX.sub("", c.dept)}) for c in found]
        attached.add(program.id)
    return len(attached)
