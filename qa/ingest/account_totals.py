"""The budget's size by account (「予算の規模」: 一般会計, each 特別会計 and 事業会計, and their 合計), read from the
table a municipal or prefectural 予算の概要 opens with, as totals: kind "total", never counted or summed with the
programs, answered when asked by the account's name (「一般会計はいくら？」「国保は前の年より減ってる？」) or as the
whole budget (「全部の会計を合わせると？」).

The table is written with its unit in a 「（単位：千円）」 line and bare figures, either a row a line
(「一般会計　6,842,000　6,515,000　327,000　5.0」) or, as PDF text often comes, a cell a line (the account's name,
then its figures one per line). Two year headings above the figures (「令和７年度」「令和６年度」) say which column is
this year's; the first is taken as this year's when none do. Found in towns' and cities' 当初予算（案）の概要 and
prefectures' 予算案の概要; written by hand because no table library reads a table from text without its grid.
"""

from __future__ import annotations

import re

from qa.ingest.amounts import find_amounts, parse_yen
from qa.ingest.layout import LEADER
from qa.ingest.lines import PIPE
from qa.ingest.models import Amount, Budget, Document, Program
from qa.ingest.normalize import nfkc
from qa.ingest.structure import program_id
from qa.ingest.vocabulary import header_field
from qa.ingest.years import year_of

# Where such a table stands: the opening part of the document.
OPENING_SHARE = 0.3
OPENING_MIN = 3000

_UNIT = re.compile(r"単位\s*[:：]?\s*(円|千円|百万円|万円|億円)")
# An account's name alone at the start of its line: 一般会計, 国民健康保険特別会計, 水道事業会計, 合計, 総計, 総額.
_ACCOUNT = re.compile(r"^\s*(?:[○●◯・◆■□◇]\s*)?((?:[^\s\d△▲,、。（）()]{0,20}(?:特別会計|事業会計|企業会計)(?:[（(]\d+会計[)）])?)|一般会計|合\s*計|総\s*計|総\s*額|"
                      # letter-spaced as a PDF's table sets them (「一 般 会 計」「特 別 会 計」)
                      r"一\s般\s会\s計|特\s別\s会\s計|企\s業\s会\s計|"
                      r"(?:特別|企業)会計\s*計)(?=\s|$)(.*)$")
_ONE_CHAR_LEADERS = str.maketrans({"…": "・", "‥": "・"})
_FIGURE = re.compile(r"[△▲\-－]?\d[\d,]*(?:\.\d+)?")
# What may stand between an account's name and its figure: nothing, or the figure's label (「一般会計　要求額 3,215億円」
# of a 概算要求の概要, 「予算額」「計上額」), or a leader of dots (「国民健康保険特別会計 ………… １０億３０００万円」 of a guide).
_BEFORE_FIGURE = re.compile(rf"\s*(?:{LEADER}\s*)?(?:(?:要求|予算|計上|補正後?|当初予算)額?\s*[:：]?\s*)?")
# The column headings of a 補正予算's size table (補正前の額 | 補正額 | 補正後の額), and the amendment's own.
_HOSEI_COLUMN = re.compile(r"補\s*正\s*(前|後|額)|今回補正")
_AMENDMENT = re.compile(r"(今回)?補正額|今回補正")
# A year heading alone on its line (「令和７年度」「令和６年度（前年度）」「2025年度」).
_YEARS = re.compile(r"(?:令和|平成)\s*(?:\d+|元)\s*年度|\d{4}\s*年度")
_YEAR = re.compile(r"\s*((令和|平成)\s*(\d+|元)|\d{4})\s*年度\s*(（[^）]*）)?\s*")


def accounts_as_totals(programs: list[Program]) -> None:
    """A program a layout read under an account's name alone (a slide's 「【一般会計】」 over 「要求額 412,300百万円」,
    「【東日本大震災復興特別会計】」) is that account's total, never a program ranked or counted beside the programs."""
    for program in programs:
        # (「エネルギー対策特別会計（エネルギー需給勘定）」: the account's 勘定 in brackets after its name)
        found = _ACCOUNT.match(re.sub(r"\s*[（(][^（）()]*[)）]\s*$", "", program.title))
        if program.kind != "total" and program.budget is not None and found and not found.group(2).strip():
            program.kind = "total"


def account_totals(doc: Document, programs: list[Program]) -> list[Program]:
    """The account rows of the document's size table, as totals (none when it has no such table of two rows or
    more). Each carries this year's figure and, when the table gives it, last year's as its previous year.

    Args:
        doc: the document, its text as read.
        programs: the programs read from it (their fiscal year dates the totals; a title already read is kept).
    """
    text = doc.text
    limit = max(OPENING_MIN, int(len(text) * OPENING_SHARE))
    lines = text[:limit].splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    unit = None
    years: list[int] = []
    rows: list[tuple[str, int, list[tuple[str, int, int]]]] = []  # name, where its line starts, figures
    columns: list[str] = []  # a 補正予算's column headings (補正前の額, 補正額, 補正後の額), in order
    last_year_line = -2  # year headings a line each stand together: a year alone elsewhere (a title) is none
    for n, raw in enumerate(lines):
        # A leader of 「…」 (NFKC 「...」, three characters for one) as 「・」, which NFKC keeps one: the line's positions
        # stay the document's (「国民健康保険特別会計 ………… １０億３０００万円」).
        raw = raw.translate(_ONE_CHAR_LEADERS)
        # A table drawn with box verticals (「│ 一般会計 │ 61,230,000 │」): the verticals are column gaps.
        line = PIPE.sub(" ", nfkc(raw.rstrip("\r\n")))
        if not line.strip():
            continue
        if (found := _UNIT.search(line)) and not rows:
            unit, years, columns = found.group(1), [], []
            continue
        if not rows and unit is not None and _HOSEI_COLUMN.search(line):
            # one line of headings, or a heading a line (a cell a line); 「補 正 額」 is one heading
            columns += [c for c in (re.sub(r"\s", "", c) for c in re.split(r"\s{2,}", line.strip()))
                        if _HOSEI_COLUMN.search(c) or header_field(c) == "before" or re.search(r"前年|比|伸び|増減", c)]
            continue
        if not rows and _YEAR.fullmatch(line) and (year := year_of(line)):
            # a heading a line (a cell a line); with no unit line, only headings that stand together count
            years = [*(years if unit is not None or last_year_line == n - 1 or _blank_between(lines, last_year_line, n)
                       else []), year]
            last_year_line = n
            continue
        if not rows and len(found := _YEARS.findall(line)) >= 2:
            # the headings of a row (「令和７年度　令和８年度」「令和9年度予算額　令和10年度要求額」)
            years = [y for y in (year_of(f) for f in found) if y]
            continue
        account = _ACCOUNT.match(line)
        if not account:
            continue
        name, at = re.sub(r"\s+", "", account.group(1)), offsets[n] + len(raw) - len(raw.lstrip())
        if unit is None:
            # 「一般会計　３，８４２億円（令和８年度当初予算額 ３，２７６億円）」: figures that carry their unit need no
            # 単位 line; the first is this year's, one in parentheses last year's. A bare 「特別会計」 is the tail of a
            # name wrapped over two lines (「東日本大震災復興」「特別会計」): no row.
            if name in ("特別会計", "企業会計", "事業会計") and not find_amounts(nfkc(account.group(2))):
                continue  # (「特別会計　298.2億円　301.6億円」 with its figures is the row of all of them)
            priced = _priced(raw, offsets[n], account.start(2), positional=len(years) >= 2)
            if not priced and not account.group(2).strip() and len(years) >= 2:
                # A cell a line with the unit in each cell (「一般会計」 then 「７８６億４，０００万円」「７７０億２，０００
                # 万円」 under 「令和８年度」「令和７年度」): the amounts on the lines below, one each.
                for m in range(n + 1, min(len(lines), n + 12)):
                    if not lines[m].strip():
                        continue
                    cell = _priced(lines[m], offsets[m], 0, positional=True)
                    if len(cell) != 1 or _ACCOUNT.match(nfkc(lines[m])):
                        break
                    priced.append(cell[0])
            if priced:
                rows.append((name, at, priced))
            continue
        figures = _figures(raw, offsets[n], account.start(2))
        # A cell a line: the figures stand on the lines below, one each, until the next name.
        m = n + 1
        while not figures[4:] and m < len(lines) and _FIGURE.fullmatch(nfkc(lines[m]).strip() or "x") \
                and not account.group(2).strip():
            figures += _figures(lines[m], offsets[m], 0)
            m += 1
        if figures:
            rows.append((name, at, figures))
    # One row is a table too when it is 一般会計 under a unit line and two year headings (a prefecture's 予算の規模 of
    # its general account alone); a lone account line anywhere else is no size table.
    if len(rows) < 2 and not (rows and rows[0][0] == "一般会計" and len(years) >= 2):
        return []
    unit = unit or ""  # rows read by `_priced` carry their unit in each figure
    this, before = (1, 0) if len(years) >= 2 and years[0] < years[1] else (0, 1)
    amended = [k for k, c in enumerate(columns) if _AMENDMENT.fullmatch(c)]
    if amended and any(header_field(c) == "before" for c in columns):
        # 「補正前の額　補正額　補正後の額」「既定予算額　今回補正額　補正後予算額」 (the before column a word of the
        # vocabulary's `before` field): the amendment is this budget's figure, and no column is last year's
        this = before = amended[0]
    fiscal_year = years[this] if len(years) >= 2 else next(
        (p.budget.fiscal_year for p in programs if p.budget and p.budget.fiscal_year), None)
    # (a total a layout read already, the same title and figure; a 主要事業 table's 合計 is another 合計 than the
    # size table's)
    known = {(p.title, p.budget.yen if p.budget else None) for p in programs if p.kind == "total"}
    # (a figure a layout read as a total's own cell, under another title: 「継続費合計」 of a 調書 whose 合計 row is
    # 「｜合計｜｜15373400｜」, or a cell of that total's row in a second table; read once)
    # (its budget cell is left to the titles above: 「特別会計」 and a table's 「特別会計　計」 both name that figure)
    cells = [(s.start, s.end) for p in programs if p.kind == "total" for s in p.sections
             if "\n" not in text[s.start:s.end] and (p.budget is None or s.start != p.budget.start)]
    totals = []
    for title, line_start, figures in rows:
        if len(figures) <= this:
            continue
        figure, start, end = figures[this]
        if (title, parse_yen(f"{figure}{unit}")) in known or (title, None) in known \
                or any(a <= start < b for a, b in cells):
            continue
        previous = None
        if len(figures) > before and before != this:
            text_before, b_start, b_end = figures[before]
            previous = Amount(yen=parse_yen(f"{text_before}{unit}"), text=f"{text_before}{unit}", label="前年度",
                              fiscal_year=fiscal_year - 1 if fiscal_year else None, budget_kind="前年度",
                              start=b_start, end=b_end)
        budget = Budget(yen=parse_yen(f"{figure}{unit}"), text=doc.text[start:end], amount_text=f"{figure}{unit}",
                        label="予算額", fiscal_year=fiscal_year, start=start, end=end, previous_year=previous)
        totals.append(Program(id=program_id(doc.name, f"{title}（予算の規模）"), title=title, document=doc.name,
                              start=line_start, end=end, budget=budget, kind="total",
                              pages=[doc.page_at(start)] if doc.page_at(start) else []))
    return totals


def _blank_between(lines: list[str], a: int, b: int) -> bool:
    """Whether only blank lines stand between lines `a` and `b` (a >= 0)."""
    return a >= 0 and all(not line.strip() for line in lines[a + 1:b])


def _priced(raw: str, offset: int, skip: int, positional: bool = False) -> list[tuple[str, int, int]]:
    """This year's amount with its unit after the account's name, and last year's when a parenthesis after it gives
    one (「（令和８年度当初予算額 ３，２７６億円）」): [(amount as written NFKC, start, end), ...]; [] without an amount.
    With `positional` (year headings name the columns) every amount of the row, in order."""
    norm = PIPE.sub(" ", nfkc(raw))  # 「| 一般会計 | 1兆2,486億円 |」: a Markdown table's cells
    if len(norm) != len(raw):
        return []
    found = [(m.group(0).strip(), offset + m.start() + len(m.group(0)) - len(m.group(0).lstrip()), offset + m.end())
             for m, _ in find_amounts(norm) if m.start() >= skip]
    if not found or not _BEFORE_FIGURE.fullmatch(norm[skip:found[0][1] - offset]):
        return []  # an amount far into a sentence (「一般会計 から…」) is no size row
    if positional:
        return found
    # last year's figure in parentheses, not the change from it (「（前年度当初比 ＋１４１億円、＋２．１％）」)
    previous = [f for f in found[1:] if (opened := re.search(r"[（(][^）)]*$", norm[:f[1] - offset]))
                and not re.search(r"比|増減|増|減|差|[+＋△▲]", opened.group(0))]
    return [found[0], *previous[:1]]


def _figures(raw: str, offset: int, skip: int) -> list[tuple[str, int, int]]:
    """The figures of a line after its first `skip` characters: (figure as written NFKC, start, end in the text).
    A percentage's cell (the last, 「5.0」) is kept: which column is which is decided by position."""
    norm = nfkc(raw)
    # NFKC keeps the length of full-width digits and commas, so positions map one to one.
    if len(norm) != len(raw):
        return []
    return [(m.group(0), offset + m.start(), offset + m.end()) for m in _FIGURE.finditer(norm, skip)]
