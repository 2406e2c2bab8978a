"""Splitting a budget PR document into programs from its own structure: TOC, budget lines, headings, contacts."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.ingest import layout as L
from qa.ingest.amounts import amount_yen, find_amounts
from qa.ingest.lines import Line, lines_of, split_lines  # noqa: F401  (split_lines: re-exported)
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section, Subproject
from qa.ingest.normalize import key, nfkc, normalize, overlap, source_slice, tidy_title
from qa.ingest.request_decks import box_edge, column_budget, part_of_above, widen
from qa.ingest.size_block import amended_figure, size_lines
from qa.ingest.titles import unwrapped
from qa.ingest.vocabulary import figure, flags_in, strip_markers, unit_in, vocabulary
from qa.ingest.years import label_of, year_of


@dataclass
class TocEntry:
    """A program listed in the table of contents."""

    title: str
    page: int
    category: str | None
    aliases: list[str] = field(default_factory=list)
    last_page: int | None = None


@dataclass
class Anchor:
    """A budget line that opens a program."""

    line: int
    budget: Budget
    previous_lines: list[int] = field(default_factory=list)


def section_name(line: Line) -> str | None:
    """Canonical section name when the line is a section heading."""
    if L.BULLET.match(line.norm):
        return None
    text = L.SECTION_NUMBER.sub("", line.stripped)
    label, colon, _ = text.partition("：") if "：" in text else text.partition(":")
    # 「補助率：2/3（１団体当たり上限 3,000万円）」: a section named by the label before its colon, its content after
    if colon and len(label) <= 12 and (name := _section_of(label.strip())) is not None:
        return name
    return _section_of(text) if len(line.stripped) <= 40 else None


def _section_of(text: str) -> str | None:
    """The canonical section a heading's words name (`layout.SECTIONS`), or None."""
    for name, pattern in L.SECTIONS:
        if pattern.search(text):
            return name
    return None


def category_name(line: Line) -> str | None:
    """The category a header line opens (「防災・減災」関連 -> 防災・減災), or None."""
    if L.BULLET.match(line.norm) or "。" in line.norm or len(line.stripped) > 40:
        return None
    match = L.CATEGORY.match(line.stripped)
    if not match:
        return None
    return re.sub(r"\s*/\s*", "/", match.group("name").strip(" 「」『』"))


def _amount_of(match: re.Match[str], label: str = "") -> Amount:
    """An Amount from a match of a pattern that embeds `AMOUNT` (the text is the amount as written)."""
    written = match.group(0)
    amount = re.search(L.AMOUNT, written)
    return Amount(yen=amount_yen(match), text=amount.group(0).strip() if amount else written.strip(),
                  label=label, approx=bool(match.group("approx")))


def _budget_from(line: Line, match: re.Match[str], title_label: str = "") -> Budget:
    """A Budget record from a matched budget line, with inline previous-year figure and うち parts.

    Years and kinds come from each figure's own label, else from the document title (`title_label`).
    """
    label = match.group("label").strip()
    fiscal = label_of(label, title_label)
    rest = line.norm[match.end():]
    previous = None
    # The previous-year figure may follow 「うち」 parts: 「45億円（うち推進枠 20億円）（令和6年度予算額 38億円）」.
    prev_match = L.INLINE_PREVIOUS.match(re.sub(r"^(?:\s*[（(<＜【\[]\s*うち[^）)>＞】\]]*[）)>＞】\]])+", "", rest))
    if prev_match and "うち" not in prev_match.group(0):
        prev_label = (prev_match.group("label") or "前年度").strip()
        previous = _amount_of(prev_match, prev_label)
        prev_fiscal = label_of(prev_label, title_label if fiscal.year is None else f"令和{fiscal.year - 2018}年度")
        previous.fiscal_year, previous.budget_kind = prev_fiscal.year, prev_fiscal.kind
    elif (beside := L.BUDGET_LINE.search(rest)) is not None and not rest[:beside.start()].strip(" 　【[［、,") \
            and amount_yen(beside) is not None:
        # 「【令和9年度要求・要望額】112.0億円　【令和8年度予算額】96.4億円」: last year's figure labelled beside it
        beside_fiscal = label_of(beside.group("label").strip(), title_label)
        if L.PREVIOUS_LABEL.search(beside.group("label")) or (
                fiscal.year and beside_fiscal.year and beside_fiscal.year < fiscal.year):
            previous = _amount_of(beside, beside.group("label").strip(" 【】[]［］"))
            previous.fiscal_year = beside_fiscal.year or (fiscal.year - 1 if fiscal.year else None)
            previous.budget_kind = "前年度"
    uchi = []
    for u in L.UCHI.finditer(line.norm):
        part = _amount_of(u, u.group("ulabel").strip())
        part.fiscal_year, part.budget_kind = fiscal.year, fiscal.kind
        uchi.append(part)
    start, end = _strip_span(line.raw, line.start)
    amount = re.search(L.AMOUNT, match.group(0)[len(match.group("label")):])
    return Budget(yen=amount_yen(match), text=line.raw.strip(), amount_text=_raw_amount(line, amount, match),
                  label=label, year=L.ERA_YEAR.search(label).group(0) if L.ERA_YEAR.search(label) else "",
                  fiscal_year=fiscal.year, budget_kind=fiscal.kind, approx=bool(match.group("approx")),
                  start=start, end=end, previous_year=previous, uchi=uchi)


def _raw_amount(line: Line, amount: re.Match[str] | None, match: re.Match[str]) -> str:
    """The amount of a budget line (`amount` matched after its label) in the document's own characters."""
    if amount is None:
        return ""
    begin = match.start() + len(match.group("label")) + amount.start()
    return source_slice(line.raw, line.norm, begin, begin + len(amount.group(0)))


def _strip_span(raw: str, start: int) -> tuple[int, int]:
    """Offsets of a line's text without its leading and trailing white space."""
    lead = len(raw) - len(raw.lstrip())
    return start + lead, start + len(raw.rstrip())


_PROGRAM_WORD = re.compile(r"事業|施策|対策費|補助金|交付金")
_OFFICE_END = re.compile(r"(?:部|局|課|室|庁)[・、]?$")


def _entry_names_more(entry: str, own: str) -> bool:
    """Whether a TOC entry names more than the title the program's page writes, which it holds whole: the page's
    other program too (「子ども・福祉部　第２子以降保育料無償化事業・ヤングケアラー支援体制強化事業 …… 2」 over a
    page of two), or its department before it. The page's own title is the program's name then."""
    mine = key(strip_markers(L.TITLE_NUMBER.sub("", own))[0]) if own else ""
    whole = key(entry)
    if len(mine) < 4 or mine not in whole:
        return False
    # (what the entry says besides: another program's name, or an office's; a qualifier, 「熊本地震」 before
    # 「中小企業組合等共同施設等災害復旧事業」, is part of this program's name)
    rest = [part for part in whole.split(mine) if part]
    return any(_PROGRAM_WORD.search(part) or _OFFICE_END.search(part) for part in rest)


def find_toc(lines: list[Line]) -> tuple[list[TocEntry], int]:
    """TOC entries (aliases folded in) and the index of the line after the TOC (0 when none)."""
    entries: list[TocEntry] = []
    category: str | None = None
    last = -1
    for i, line in enumerate(lines):
        match = L.TOC_ENTRY.match(line.norm)
        if match:
            title = L.LEAD_MARK.sub("", match.group("title")).strip()
            # 「（１）」「１．」「１　」: the entry's number, not its title (「2030年…」 keeps its digits).
            title = re.sub(r"^(?:[（(]\d{1,2}[)）]|\d{1,2}[.．](?!\d)|\d{1,2}\s+(?=\D))\s*", "", title)
            page = int(match.group("page"))
            if re.fullmatch(r"[（(].+[)）]", title) and entries:
                # A parenthesised line continues the entry above it (a second page, a common name).
                entries[-1].aliases.append(title.strip("（）() "))
                entries[-1].last_page = page
            else:
                entries.append(TocEntry(title=title, page=page, category=category))
            last = i
            continue
        if not line.norm or entries and i - last > 6:
            if entries and i - last > 6:
                break
            continue
        name = category_name(line)
        if name is None:
            numbered = L.NUMBERED_HEADING.match(line.stripped)
            name = numbered.group("name").strip(" 「」") if numbered else None
        if name:
            category = name
    return entries, (last + 1 if entries else 0)


def find_anchors(lines: list[Line], begin: int, title_label: str = "",
                 warnings: list[str] | None = None) -> list[Anchor]:
    """Budget lines that open programs; previous-year lines attach to the program above them.

    `title_label` (the document title) gives the year and kind of figures whose label names none. A line
    labelled as a budget whose figure cannot be read is reported in `warnings`, never silently dropped.
    """
    found: list[tuple[int, Budget]] = []
    declared = declared_unit(lines)
    bare_lines: set[int] = set()  # lines whose bare figure took the declared unit
    # The whole budget's figures (「補正予算の規模」 over 「補正前の予算額 …」「補正後の予算額 …」): the document's totals,
    # read by `size_block.size_totals`, never a program's budget line.
    whole = size_lines(lines)
    figure_rows: set[int] = set()  # rows of figures read with the row of labels over them
    for i in range(begin, len(lines)):
        if i in whole:
            continue
        line = lines[i]
        if i in figure_rows:
            continue
        # A total's line is no program's (「合計 1,234億円」); a total named in the note after a figure is
        # (「令和８年度補正予算額 ５００億円（国庫債務負担行為を含め総額 １，５００億円）」).
        first_figure = re.search(L.AMOUNT, line.norm)
        if len(line.norm) > 160 or L.TOTAL_WORDS.search(line.norm[:first_figure.start() if first_figure else None]) \
                or L.TOC_ENTRY.match(line.norm):
            continue
        bare_unit = None
        if declared is not None and (labelled := _LABELLED_BARE.match(line.norm)) is not None:
            # 「- 予算額：84,600」「- 前年度：71,200」 under 「（金額の単位：千円）」: the figure in the declared unit
            label = labelled.group("label")
            label = label if re.search(r"予算|要求", label) else f"{label}予算額"
            previous = f"（{labelled.group('before')}{labelled.group('previous')}{declared[0]}）" \
                if labelled.group("previous") else ""
            line = replace(line, norm=f"{label}：{labelled.group('figure')}{declared[0]}{previous}")
            bare_unit = declared[0]
        columns = column_budget(lines, i)
        if columns is not None:
            # 「要求・要望額　前年度予算額」 over 「3,620百万円　2,950百万円」: the labels row read with its figures
            line = replace(line, norm=columns.norm)
            figure_rows.add(columns.figures_line)
        if re.match(r"[※＊*]|うち\s*\S", line.norm) or part_of_above(line.norm) or amended_figure(line.norm):
            # 「うち要望額 8,000百万円」「※令和9年度補正予算額 …」: a part or a note of the program above; 「補正前予算額
            # 10億円」「補正後予算額 38億円」 beside a page's 「補正予算額」: the whole before and after it, no budget line
            continue
        # A line that opens with its amount under a title is that amount's line, whatever label a bracket after it
        # holds (「1,230百万円（前年度予算額 1,100百万円）」).
        bare = L.BARE_BUDGET_LINE.match(line.norm)
        if bare is not None and not _under_title(lines, i, begin):
            bare = None  # an amount alone under a sentence or a figure: no budget line
        match = bare or L.BUDGET_LINE.search(line.norm)
        # A label alone over its figure (a boxed PDF's 「予算額」/「48,600,000円」, 「前年度予算額」/「41,200,000円」):
        # the label says which figure the amount is.
        label_above = _figure_label_above(lines, i, begin) if bare is not None else None
        if match is None and L.SHARED_UNIT.search(line.norm):
            # 「要求額 10,240（8,815）百万円」: the unit after the previous year's figure is both figures' unit.
            line = replace(line, norm=L.SHARED_UNIT.sub(r"\g<now>\g<unit>（前年度 \g<before>\g<unit>）", line.norm))
            match = L.BUDGET_LINE.search(line.norm)
        if match and amount_yen(match) is not None:
            budget = _budget_from(line, match, title_label)
            if label_above:
                budget.label = label_above
            if columns is not None:
                widen(budget, lines, i, columns)
            if bare_unit is not None:
                budget.amount_text = f"{labelled.group('figure')}{bare_unit}"
                bare_lines.add(i)
            budget.uchi += _uchi_below(lines, i, budget)
            found.append((i, budget))
        elif warnings is not None and L.BUDGET_LABEL_START.match(line.stripped) and "円" in line.norm:
            warnings.append(f"line {i + 1}: budget line with a figure that could not be read: {line.raw.strip()[:60]}")
    years = [y for _, b in found if (y := year_of(b.label)) is not None]
    current = max(years) if years else None
    anchors: list[Anchor] = []
    for i, budget in found:
        year = year_of(budget.label)
        is_previous = bool(L.PREVIOUS_LABEL.search(budget.label)) or (
            current is not None and year is not None and year < current)
        if is_previous and anchors:
            anchor = anchors[-1]
            anchor.previous_lines.append(i)
            if anchor.budget.previous_year is not None:
                continue  # 「（令和９年度予算額 １２０億円）」 read inline stands; 「【令和９年度補正予算額 …】」 is another figure
            # 「前年度予算額」 names no year: the year took the document's, and last year is the one before it.
            fiscal_year = budget.fiscal_year
            if fiscal_year is not None and year is None and L.PREVIOUS_LABEL.search(budget.label):
                fiscal_year -= 1
            anchor.budget.previous_year = Amount(yen=budget.yen, text=budget.amount_text if i in bare_lines
                                                 else budget.text, label=budget.label,
                                                 fiscal_year=fiscal_year, budget_kind="前年度",
                                                 start=budget.start, end=budget.end)
        elif not is_previous:
            if anchors and re.fullmatch(r"[（(][^（）()]*[)）]", lines[i].norm) \
                    and all(not lines[j].norm for j in range(anchors[-1].line + 1, i)):
                continue  # 「（令和8年度当初予算案 425億円）」 right under a program's budget line: a figure of that program
            anchors.append(Anchor(line=i, budget=budget))
    return anchors


def _uchi_below(lines: list[Line], i: int, budget: Budget) -> list[Amount]:
    """The うち parts written on lines of their own right under budget line i (「令和７年度補正予算額　12億円」 over
    「（うち国庫補助　6億円）」): parts of that budget, as a part written after its figure on the line is; each with its
    span, in the budget's year and kind. Blank lines are passed over; any other line ends them."""
    parts: list[Amount] = []
    for k in range(i + 1, min(len(lines), i + 6)):
        line = lines[k]
        if not line.norm:
            continue
        folded = line.folded[0]
        match = L.UCHI_LINE.match(folded)
        if match is None or amount_yen(match) is None:
            break
        part = _amount_of(match, match.group("ulabel").strip())
        amount = re.search(L.AMOUNT, folded[match.end("ulabel"):])
        written = amount.group(0) if amount else ""
        # (the gap between the label and the figure is no part of the figure quoted)
        begin = match.end("ulabel") + (amount.start() + len(written) - len(written.lstrip()) if amount else 0)
        part.start, part.end = line.span(begin, match.end("ulabel") + amount.end() if amount else match.end())
        part.text = line.raw[part.start - line.start:part.end - line.start]  # what the span quotes, exactly
        part.fiscal_year, part.budget_kind = budget.fiscal_year, budget.budget_kind
        parts.append(part)
    return parts


# A labelled line with a bare figure (「- 予算額：84,600」「・前年度：71,200」「**予算額**：84,600」): read in the unit the
# document declares for its figures.
_LABELLED_BARE = re.compile(r"^\s*(?:[-*・●○]\s*)?(?:\*\*)?(?P<label>(?:(?:令和|平成)\S{1,3}年度)?\s*(?:当初)?\s*"
                            r"(?:予算(?:案)?額?|概算要求額|要求額)|前年度(?:予算額?)?|昨年度(?:予算額?)?)"
                            r"(?:\*\*)?\s*(?:[:：]|" + L.LEADER + r")\s*(?P<figure>\d{1,3}(?:,\d{3})+|\d+)\s*"
                            # 「（実施設計）」: a note on the figure; 「（前年度：48,200）」: last year's bare figure beside it
                            r"(?:[（(][^（）()\d]{1,20}[)）]|[（(](?P<before>(?:前年度|昨年度|前年)(?:予算額?)?\s*[:：]?\s*)"
                            r"(?P<previous>[△▲-]?(?:\d{1,3}(?:,\d{3})+|\d+))[)）])?\s*$")
# How far into a document a unit declared once for all its figures is looked for (its opening, before the programs).
UNIT_DECLARATION_LINES = 40


def declared_unit(lines: list[Line]) -> tuple[str, int] | None:
    """The unit a document declares once for its figures in its opening (「（金額の単位：千円。前年度は…）」「単位：千円」
    on a short line of the first UNIT_DECLARATION_LINES lines), or None."""
    for line in lines[:UNIT_DECLARATION_LINES]:
        if "単位" in line.norm and len(line.norm) <= 60 and (unit := unit_in(line.norm)) is not None:
            return unit
    return None


def _heading_over(lines: list[Line], i: int, floor: int) -> tuple[int, str] | None:
    """The numbered heading (「２．担い手確保と交通ＤＸ・ＧＸの推進」) standing right over line i, blank lines and page
    numbers passed over: (its line, its name); None when the line above is anything else."""
    j = i - 1
    while j >= floor and (not lines[j].norm or L.PAGE_NUMBER.fullmatch(lines[j].norm)):
        j -= 1
    if j < floor or not L.HEADING_FAMILIES[2].match(lines[j].norm):
        return None
    named = L.HEADING_LINE.match(lines[j].norm)
    return (j, tidy_title(named.group("name").strip(" 「」"))) if named else None


def _markdown_heading_over(lines: list[Line], i: int, floor: int) -> int | None:
    """The Markdown heading (「### 1-1 …事業」) nearest above line i at index `floor` or below it, when only prose,
    bullets and tables stand between (no other heading of the document's kind, no budget); None otherwise."""
    for j in range(i - 1, floor - 1, -1):
        line = lines[j]
        if line.level:
            return j if _title_like(normalize(line.stripped)) else None
    return None


# How far above its budget line a bracketed heading may stand with only prose between (a guide's block of a few
# sentences; a Q&A pair or two).
_BRACKETED_REACH = 12
# A bracketed heading alone (「【出産・子育て応援ギフト】」, 「【第２子以降の保育料無料化】（新規・注目事業）」): its name.
_BRACKETED_HEADING = re.compile(r"^[【〔](?P<inner>[^【】〔〕]{2,40})[】〕]\s*(?:[（(][^（）()]{1,20}[)）])?$")


def _bracketed_heading_over(lines: list[Line], i: int, floor: int) -> tuple[int, str] | None:
    """The bracketed heading alone on its line (「【学校給食費の半額補助】」) over a block of prose that ends in line i's
    budget (「予算額　4,520万円」, a residents' guide: the name, sentences on what it does, then its amount), at most
    `_BRACKETED_REACH` lines up and at `floor` or below it: (its line, its name); None when a rule, a heading, a
    section's label or another figure's label stands between, or the bracket holds a marker or a label."""
    for j in range(i - 1, max(floor, i - _BRACKETED_REACH) - 1, -1):
        line = lines[j]
        if L.RULE_LINE.match(line.norm) or line.level or category_name(line):
            return None
        found = _BRACKETED_HEADING.match(nfkc(line.raw).strip())  # (`stripped` has lost a lone line's brackets)
        if found is None:
            continue
        name = normalize(found.group("inner")).strip()
        if section_name(line) or flags_in(found.group("inner")) or _FIGURE_LABEL.match(line.norm) \
                or _FIELD_LABEL.match(line.norm) or find_amounts(name) or not _title_like(name):
            return None  # 「【事業概要】」「【新規】」「【予算額】」: a label or a marker, no program's name
        return j, name
    return None


def _line_above(lines: list[Line], i: int, floor: int) -> Line | None:
    """The nearest line above line i that is not blank, at index `floor` or below it; None when there is none."""
    j = i - 1
    while j >= floor and not lines[j].norm:
        j -= 1
    return lines[j] if j >= floor else None


# A figure's label alone on its line (a boxed PDF's label over its value): 「予算額」「前年度予算額」「要求額」.
_FIGURE_LABEL = re.compile(r"^[【\[［]?\s*(?:(?:令和|平成)\S{1,3}年度)?\s*(?:前年度|昨年度|当初|補正)?\s*"
                           r"(?:予算(?:案)?額|概算要求額|要求額|補正額)\s*[】\]］]?\s*[:：]?$")
# A name's label alone on its line (「事業名」 over the name): no title itself.
_FIELD_LABEL = re.compile(r"^[【\[［]?\s*(?:事業名|施策名|事業の名称)\s*[】\]］]?\s*[:：]?$")


def _figure_label_above(lines: list[Line], i: int, begin: int) -> str | None:
    """The label alone on the line above line i (blank lines passed over) naming which figure line i's amount is
    (「前年度予算額」), or None."""
    line = _line_above(lines, i, begin)
    return line.norm.strip(" 【】[]［］:：") if line is not None and _FIGURE_LABEL.match(line.norm) else None


def _under_title(lines: list[Line], i: int, begin: int) -> bool:
    """Whether the line above line i (blank lines passed over) may be a program's title: short, no sentence, no
    figure, no total (「① 不妊治療費助成事業【拡充】」 over 「412百万円（358百万円）」)."""
    line = _line_above(lines, i, begin)
    if line is None:
        return False
    above = line.norm
    return (_title_like(above) and not above.endswith("。") and not above.startswith("※")
            and not re.fullmatch(r"[（(][^（）()]*[)）]", above) and not _names_limit(above))


def _names_limit(label: str) -> bool:
    """Whether a line is a ceiling's label (「■補助上限額」 over 「8万円」 on a guidebook's page): its figure is the
    ceiling, never a budget line (data/vocabulary.toml [prose] limits)."""
    return len(label) <= 20 and any(word in label for word in vocabulary()["prose"]["limits"])


def _inline_title(line: Line) -> str | None:
    """The title written before the budget label on the budget line itself, set off by a gap (「（２）高潮・津波観測網
    高度化事業　　　要求額　12.3億円」), markers kept (`finish_titles` takes them off); None when the label opens the
    line or what stands before it is no title (a sentence, a figure, a section or field label)."""
    cells = line.cells
    at = next((k for k in range(1, len(cells)) if L.BUDGET_LINE.match(" ".join(c.norm for c in cells[k:]))), None)
    if at is not None:
        before = " ".join(c.norm for c in cells[:at])
    else:
        # 「地域脱炭素移行・再エネ推進交付金【補正予算額 180億円】」: a label in brackets of its own sets the title apart
        boxed = re.search(r"[【\[［](?=[^】\]］]*(?:予算|要求)[^】\]］]*円)", line.norm)
        if boxed is None or not L.BUDGET_LINE.search(line.norm, boxed.end()):
            return None  # the label opens the line, or no gap sets a title apart from it
        before = line.norm[:boxed.start()]
    before = before.strip(" 　:：…")
    bare = L.TITLE_NUMBER.sub("", L.LEAD_MARK.sub("", before)).strip()
    if (len(bare) < 3 or not _title_like(bare) or "。" in bare or section_name(replace(line, norm=bare, stripped=bare))
            or _FIELD_LABEL.match(bare) or _FIGURE_LABEL.match(bare)):
        return None
    return before


# A bracket closing a title that names the program by another name or says who runs it (「（中小企業等グループ補助金）」
# 「（医療政策課）」「（通称：…）」): an alias, off the title. Any other (「（医師確保分）」「（公共ライドシェア等導入支援）」)
# says which part of a program this one is, and stays in its name.
_ALIAS_BRACKET = re.compile(r"(?:補助金|交付金|基金|給付金|課|室|局|係|部|センター)\s*[)）]$|通称|愛称|略称|いわゆる")


def _qualifies(bracket: str, title: str) -> bool:
    """Whether a bracket closing a title is part of the name (see `_ALIAS_BRACKET`); an abbreviation of the title
    (「科学研究費助成事業（科研費）」: every character of it in the title) is not."""
    inner = bracket.strip(" （）()")
    return (not _ALIAS_BRACKET.search(bracket) and not flags_in_bracket(bracket)
            and not all(c in title for c in inner))


def flags_in_bracket(bracket: str) -> bool:
    """Whether a bracket holds only markers (「（新規）」「（拡充）」): flags, never a name."""
    return bool(flags_in(bracket.strip(" （）()")))


# A name's label written before it on its page (「事業名　…」「事業名：…」「名称 …」).
_NAME_LABEL = re.compile(r"^(?:事業名|事業の名称|名称|件名)\s*[:：]?\s+|^(?:事業名|事業の名称|名称|件名)\s*[:：]\s*")


def _title_like(text: str) -> bool:
    """Whether a line (or cell) by its look may be a program's title beside its budget line: 2 to 60 characters, not
    cut at a 「、」, no figure, no yen, no total word, no TOC entry."""
    return (2 <= len(text) <= 60 and not text.endswith("、") and figure(text) is None and "円" not in text
            and not L.TOTAL_WORDS.search(text) and not L.TOC_ENTRY.match(text))


def running_lines(lines: list[Line]) -> set[str]:
    """Keys of the lines printed on two pages or more (a running header 「令和８年度当初予算（案）　主要施策の概要
    汐見県」): page furniture, never a heading the rows below stand under."""
    pages: dict[str, list[int]] = {}
    written: dict[str, set[str]] = {}  # the ways each key's lines are written, marks and brackets included
    for line in lines:
        if line.norm and figure(line.norm) is None:
            pages.setdefault(key(line.norm), []).append(line.page)
            written.setdefault(key(line.norm), set()).add(line.norm.replace(" ", ""))
    # Without page breaks (a text whose pages are only numbered 「― ２ ―」) a line printed three times the same way
    # is one. A name written three ways (a Q&A's 「〔省エネ設備導入支援事業〕」, a contact list's 「・省エネ…」, the
    # program list's 「◇省エネ…」) is a program named where it is asked about, never a running header.
    return {k for k, found in pages.items()
            if k and (len(set(found) - {0}) >= 2 or len(found) >= 3 and len(written[k]) == 1)}


def _title_candidates(lines: list[Line], anchor: int, floor: int, furniture: frozenset[str] = frozenset()) -> list[int]:
    """Lines just above a budget line that may hold the program title (nearest first).

    Page furniture (`furniture`: running headers, from `running_lines`; page numbers 「－ ３ －」) between a title
    at a page's foot and its budget line at the next page's head is passed over. A subtitle (「～…～」) or a
    parenthesised common name may stand between title and budget, and so may the last characters of a title the
    extraction wrapped (「…支援事」「業」); nothing else.
    """
    out: list[int] = []
    i = anchor - 1
    while i >= floor and len(out) < 3:
        line = lines[i]
        if L.RULE_LINE.match(line.norm) or L.TOC_ENTRY.match(line.norm):
            # a rule (「━━━━」) closes the page or box above, a TOC's entry closes the TOC: nothing over either names
            # this budget line; but a title set between two rules straight over it (a guidebook's page: 「━━━」
            # 「１　住宅用太陽光発電システム設置費補助金」「━━━」「【令和8年度予算額】　1,200万円」) is its band
            if not out and L.RULE_LINE.match(line.norm) and (band := _ruled_band(lines, i, floor)) is not None:
                out.append(band)
            break
        if (not line.norm or L.PHONE.search(line.norm) or L.CONTACT_LABEL.match(line.stripped)
                or key(line.norm) in furniture or L.PAGE_NUMBER.fullmatch(line.norm)
                or _FIGURE_LABEL.match(line.norm) or _FIELD_LABEL.match(line.norm) or amended_figure(line.norm)
                or box_edge(line)
                or (L.BRACKETED.match(line.norm) and flags_in(line.stripped))):  # 「【新規】」 alone: a marker
            i -= 1
            continue
        if L.BULLET.match(line.norm) and line.indent < lines[anchor].indent and L.BULLET.match(lines[anchor].norm) \
                and not ("。" in line.norm or len(line.stripped) > 60 or section_name(line)):
            out.append(i)  # 「- 事業1 産後ケア事業【拡充】」 over its nested 「  - 予算額：48,200」: the parent item names it
            break
        if (section_name(line) or category_name(line) or "。" in line.norm or len(line.stripped) > 100
                or L.BULLET.match(line.norm)):
            break
        out.append(i)
        if not (re.fullmatch(r"[（(][^（）()]+[)）]|[~〜～][^~〜～]+[~〜～]", line.stripped) or _wrapped_tail(line)):
            break
        i -= 1
    return out


def _ruled_band(lines: list[Line], rule: int, floor: int) -> int | None:
    """The line set between the rule at `rule` and another rule right above it, when it reads as a title (short, no
    sentence, no figure, no section label); None otherwise."""
    at = rule - 1
    if at - 1 < floor or not L.RULE_LINE.match(lines[at - 1].norm):
        return None
    line = lines[at]
    if not line.norm or "。" in line.norm or len(line.stripped) > 60 or find_amounts(line.norm) or section_name(line) \
            or not _title_like(normalize(line.stripped)):
        return None
    return at


def _title_below(lines: list[Line], anchor: int, furniture: frozenset[str] = frozenset()) -> tuple[int, str] | None:
    """The title under a budget line that opens its page or box (a 概算要求 PR sheet: 「【令和９年度要求額 48,500百万円
    （38,500百万円）】」 over 「地域脱炭素推進交付金　　　※（ ）内は令和８年度当初予算額」): the first cell of the next line
    with words, when it is short and no sentence, figure, note, bracketed account or section. None otherwise.

    Returns:
        (line index, the title cell's normalised text).
    """
    for i in range(anchor + 1, min(len(lines), anchor + 4)):
        line = lines[i]
        if (not line.norm or key(line.norm) in furniture or L.BRACKETED.match(line.norm)
                or line.norm.startswith(("※", "*", "＊"))):
            continue
        cell = normalize(line.cells[0].norm if line.cells else line.stripped).strip()
        if _title_like(cell) and "。" not in cell and not section_name(line) and not L.BULLET.match(cell):
            return i, cell
        return None
    return None


def _wrapped_tail(line: Line) -> bool:
    """A line of one to three characters of a word (「業」「事業」): the end of a title wrapped by the extraction; a
    marker in brackets (「【新規】」) is not."""
    return bool(re.fullmatch(r"[一-龥ぁ-んァ-ヶー]{1,3}", line.stripped)) and not L.BRACKETED.match(line.norm)


def _toc_lists_programs(lines: list[Line], anchors: list[Anchor], toc: list[TocEntry], floor: int,
                        furniture: frozenset[str]) -> bool:
    """Whether at least half the programs' title lines are entries of the TOC."""
    titled = 0
    for anchor in anchors:
        names = [lines[c].stripped for c in _title_candidates(lines, anchor.line, floor, furniture)]
        if not names and (below := _title_below(lines, anchor.line, furniture)) is not None:
            names = [below[1]]
        if any(overlap(e.title, name) >= 0.6 for e in toc for name in names):
            titled += 1
        floor = anchor.line + 1
    return 2 * titled >= min(len(anchors), len(toc) * 2)


_INNER_CONTACT = re.compile(r"[（(]\s*(?:問い?合わ?せ先?|連絡先)\s*[:：]?\s*(?P<rest>[^（）()]*)$")
_PHONE_WORD = re.compile(r"\s*(?:電話(?:番号)?|TEL|Tel|tel|☎)\s*[:：.]?\s*$")


# 「【担当】」「［問い合わせ先］」: a contact label in brackets before the office.
_BRACKET_LABEL = re.compile(r"^[【\[［]\s*(?:担当[課者]?|[お御]?問い?合わ?せ先?|連絡先)\s*[】\]］]\s*")
# 「（内線651）」「 内線 3120」 after a phone number.
_PHONE_EXTENSION = re.compile(r"\s*[（(]?\s*内線\s*(\d{1,5})\s*[)）]?")


def _contacts(lines: list[Line], indices: list[int]) -> list[Contact]:
    """Contacts from the header lines: department lines accumulate until a phone number closes them."""
    contacts: list[Contact] = []
    pending: list[Line] = []
    for i in indices:
        line = lines[i]
        phones = list(L.PHONE.finditer(line.norm))
        if not phones:
            if line.stripped and not section_name(line):
                pending.append(line)
            continue
        previous_end = 0
        for n, phone in enumerate(phones):
            # Each phone closes the text since the one before it: 「A課（03-…）、B室（03-…）」 gives two contacts;
            # 「03-… / 03-…」 with nothing between gives the same department a second number.
            before = line.norm[previous_end:phone.start()]
            previous_end = phone.end()
            before = re.sub(r"^[\s)）]*[、,/／|｜]?\s*", "", before) if n else before
            # 「〔母子保健課〕（問合せ　母子保健課　電話 0155-…）」: what follows a bracketed contact label, without
            # the word 電話 before the number.
            inner = _INNER_CONTACT.search(before)
            before = inner.group("rest") if inner else before
            before = _PHONE_WORD.sub("", before)
            # A Markdown quote mark (「> 問い合わせ　健康福祉課」) or list mark before the label is no part of it.
            before = L.CONTACT_LABEL.sub("", L.LEAD_MARK.sub("", re.sub(r"^(?:[-*・>☎℡]\s*)+", "", before)))
            before = _BRACKET_LABEL.sub("", before)  # 「【担当】総合交通課」
            before = before.strip(" （()）:：|｜/／、,〔〕")
            if before.count("(") > before.count(")"):
                before += ")"  # 「総務課危機管理係（防災無線）☎」: its qualifier's closing bracket was stripped
            if n and not before and contacts:
                dept, marker = contacts[-1].dept, contacts[-1].subproject
            else:
                parts = ([p.stripped for p in pending] if n == 0 else []) + ([before] if before else [])
                dept = " ".join(p for p in parts if p)
                marker = None
                if dept and dept[0] in L.CIRCLED:
                    marker, dept = dept[0], dept[1:].strip()
                if contacts and " " not in dept and not L.ORG_UNIT.search(dept.split(" ")[0]):
                    # 「創業・新事業促進課」 under 「中小企業庁 経営支援課」: the office above is implied.
                    head = contacts[-1].dept.split(" ")
                    if len(head) > 1 and not dept.startswith(head[0]):
                        dept = f"{head[0]} {dept}"
            first = pending[0] if pending and n == 0 else line
            # Spans without the lines' surrounding white space (a tab after the number is not quoted).
            start, end = _strip_span(first.raw, first.start)[0], _strip_span(line.raw, line.start)[1]
            phone_text = re.sub(r"\s|[‐－−―]", lambda m: "" if m.group().isspace() else "-", phone.group())
            extension = _PHONE_EXTENSION.match(line.norm, phone.end())  # one main number, told apart by it
            contacts.append(Contact(dept=dept, phone=phone_text, subproject=marker, start=start, end=end,
                                    extension=extension.group(1) if extension else None))
        pending = []
    return contacts


def _under_contact_heading(lines: list[Line], i: int, floor: int) -> bool:
    """Whether the line above line i (blank lines passed over) is a contact heading alone: 「【担当】」「問い合わせ先」 over
    「文化財保護課（03-1234-5678）」."""
    line = _line_above(lines, i, floor)
    if line is None:
        return False
    bracketed = L.BRACKETED.match(line.stripped)
    heading = bracketed.group("inner") if bracketed else line.stripped
    return bool(L.CONTACT_TABLE_HEADING.match(heading.strip(" ：:")))


_EXTENSION = re.compile(r"[（(]\s*(?P<ext>内線\s*[\d‐－-]{2,8})\s*[)）]")


def _labelled_department(line: Line, under_heading: bool = False) -> Contact | None:
    """A 「担当課：こども未来課（内線 3412）」 line without a phone number (or the line under a lone 「担当」 heading,
    `under_heading`): the department, and the extension as its number when given; None for any other line."""
    label = L.CONTACT_LABEL.match(line.stripped)
    if (label is None and not under_heading) or L.PHONE.search(line.norm) or not line.stripped:
        return None
    rest = line.stripped[label.end():] if label is not None else line.stripped
    extension = _EXTENSION.search(nfkc(rest))
    dept = _EXTENSION.sub("", nfkc(rest)).strip(" 　（()）:：")
    if not dept or len(dept) > 40 or "。" in dept:
        return None
    start, end = _strip_span(line.raw, line.start)
    return Contact(dept=dept, phone=re.sub(r"\s+", " ", extension.group("ext")) if extension else "", start=start,
                   end=end)


# A line that opens a document's own contact block (「■ ４ 問い合わせ先」「【問い合わせ先】」「予算についてのお問い合わせ」
# 「このページに関するお問い合わせ」), and a finance or budget office (財政課, 財政係, 会計課, 予算第一係).
# 「発行：北浦県商工労働部産業振興課」 over its address and 「ＴＥＬ …」: who issues a guide is whom to ask about it.
_CONTACT_OPENING = re.compile(r"(?:お?問い?合わ?せ(?:先)?|連絡先|^発行(?:元|者)?\s*[:：])")
_BUDGET_OFFICE = re.compile(r"財政(?:課|係|局|部)|会計課|予算(?:第.)?係|予算課")


# How many lines a document's contact block may run to when its phone stands below its fourth line.
_CONTACT_LINES = 9


def _reaches(block: str) -> bool:
    """Whether a contact block says how to reach the office: a phone number, an extension or a finance office."""
    return bool(_BUDGET_OFFICE.search(block) or L.PHONE.search(nfkc(block)) or "内線" in block)


def document_contact(text: str, programs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of a document's own contact block: a 問い合わせ先 line outside every program (or naming a finance
    office), with the lines under it up to a blank line (three at most); None when the document gives none.

    Args:
        text: the document's text.
        programs: (start, end) spans of its programs.
    """
    best: tuple[int, int] | None = None
    every = split_lines(text)
    for n, line in enumerate(every):
        norm = line.norm.strip(" │|┃")
        if not norm or not _CONTACT_OPENING.search(norm) or len(norm) > 60:
            continue
        inside = any(a <= line.start < b for a, b in programs)
        lines = [line]
        for below in every[n + 1:n + 11]:
            if not below.norm.strip(" │|┃└┘─━"):
                if len(lines) == 1:
                    continue  # a blank line (or an empty line of a box) right under the heading
                break
            lines.append(below)
            if len(lines) == _CONTACT_LINES:
                break
        # four lines, or the whole block when its phone stands lower (a 要望書's 連絡先 names the office, its head and
        # the clerk in charge, then its address, before its 電話, 直通, FAX and mail lines)
        if _reaches(text[lines[0].start:lines[min(3, len(lines) - 1)].end]) or \
                not _reaches(text[lines[0].start:lines[-1].end]):
            lines = lines[:4]
        block = text[lines[0].start:lines[-1].end]
        if inside and not _BUDGET_OFFICE.search(block):
            continue  # a program's own 問い合わせ先
        if not (_BUDGET_OFFICE.search(block) or L.PHONE.search(nfkc(block)) or "内線" in block):
            continue
        start = lines[0].start + len(lines[0].raw) - len(lines[0].raw.lstrip(" 　│|┃"))
        span = (start, lines[-1].start + len(lines[-1].raw.rstrip(" 　│|┃")))
        # (a block giving a phone beats one without: 「■ お問い合わせ … 電話 0268-…」 over the closing 「発行：…財政係」)
        if best is None or L.PHONE.search(nfkc(block)) or not L.PHONE.search(nfkc(text[best[0]:best[1]])):
            best = span
    return best


def contacts_in(text: str) -> list[Contact]:
    """Contacts read from a text as from a 担当 line (「子育て支援課 092-711-4178」, several a line, a department on
    the line before its phone); spans are offsets into `text`. A phone without a department gives dept ""."""
    lines = split_lines(text)
    return _contacts(lines, list(range(len(lines))))


def _subprojects(lines: list[Line], indices: list[int], end: int) -> list[Subproject]:
    """Numbered sub-programs, each spanning to the next marker of the same family or the program end."""
    found: list[tuple[int, str, str, Amount | None]] = []
    for i in indices:
        line = lines[i]
        text = re.sub(r"^[-*]\s+", "", line.norm)
        text = re.sub(r"^[○◯●◎]\s*", "", text)
        match = L.SUBPROJECT.match(text)
        if not match or section_name(line):
            continue  # 「１．事業目的」 is a section heading, not a sub-program
        marker, name = match.group("marker"), match.group("name").strip()
        head = re.split(r"[（(【<＜]", name)[0].strip()
        if head and head != name and re.search(r"\d", name[len(head):]):
            name = head
        # (a ceiling written beside the part's name, 「（補助上限額：1,000万円/者、補助率2/3）」, is what one applicant may
        # get, never the part's budget)
        priced = [(m, yen) for m, yen in find_amounts(text) if not _CEILING_BEFORE.search(text[:m.start()])
                  and not _PER_RECIPIENT_AFTER.match(text, m.end())]
        amount = Amount(yen=priced[0][1], text=priced[0][0].group(0).strip()) if priced else None
        found.append((i, marker, name, amount))
    subs: list[Subproject] = []
    seen: set[str] = set()
    for n, (i, marker, name, amount) in enumerate(found):
        kind = _marker_family(marker)
        stop = end
        for j, other, _, _ in found[n + 1:]:
            if _marker_family(other) == kind:
                stop = lines[j].start
                break
        if key(name) in seen:
            continue
        seen.add(key(name))
        subs.append(Subproject(name=name, marker=marker, amount=amount, start=lines[i].start, end=stop))
    return subs


# A ceiling's label right before an amount (NFKC): 「補助上限額：」「上限」「限度額」, a colon or a space between.
_CEILING_BEFORE = re.compile(r"(?:上限額?|限度額?|最大)\s*[:：]?\s*$")
# An amount per recipient: 「1,000万円/者」「50万円／件」「（1者あたり）」 right after it.
_PER_RECIPIENT_AFTER = re.compile(r"\s*(?:[/／]\s*(?:者|社|件|人|団体|事業者)|[（(]?\s*1\s*(?:者|社|件|人)\s*(?:あたり|当たり))")


def _marker_family(marker: str) -> tuple[bool, bool, bool]:
    """Which numbering a marker belongs to (①, (1) or 1.): a sub-project runs to the next of its kind."""
    return marker[0] in L.CIRCLED, marker.startswith(("(", "（")), marker[0].isdigit()


def _trim(text: str, start: int, end: int) -> int:
    """End offset with trailing whitespace removed."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def program_id(document: str, title: str) -> str:
    """Stable id: the document stem and a hash of the title key, unchanged by rebuilds."""
    stem = re.sub(r"[^0-9A-Za-z_-]+", "-", Path(document).stem).strip("-") or "doc"
    return f"{stem}-{hashlib.sha1(key(title).encode()).hexdigest()[:8]}"


def _titles_from_toc_gaps(toc: list[TocEntry], anchors: list[Anchor], listed: dict[int, int], unlisted: list[int],
                          starts: list[int], titles: list[tuple[str, str | None, list[str], TocEntry | None]]) -> None:
    """Programs whose page has no title the TOC lists (a page opening on its budget line, its name only in the TOC)
    take the TOC entries no page named, when as many such entries as such programs stand between the entries of the
    named programs around them (in place: `starts` and `titles` by program).

    The names bound each gap, so a figure that is no program's (a cover's 「補正前の予算額」) or a page the TOC leaves
    out never shifts the TOC's names onto other pages: a gap whose counts differ keeps the pages' own titles.
    """
    if not toc or not unlisted:
        return
    used = set(listed.values())
    run: list[int] = []
    for k in [*unlisted, len(anchors)]:
        if run and (k != run[-1] + 1 or k == len(anchors)):
            before = max((listed[m] for m in listed if m < run[0]), default=-1)
            after = min((listed[m] for m in listed if m > run[-1]), default=len(toc))
            # (an entry that is a heading, 「Ⅰ 子育て・教育 …… 2」 over its programs' entries, names no program)
            free = [j for j in range(before + 1, after) if j not in used
                    and not (L.HEADING_FAMILIES[0].match(toc[j].title) or L.HEADING_FAMILIES[1].match(toc[j].title))]
            if len(free) == len(run):
                for m, j in zip(run, free, strict=True):
                    entry = toc[j]
                    starts[m] = anchors[m].line  # the title stands in the TOC only: the program opens at its budget
                    titles[m] = (tidy_title(entry.title), None, [], entry)
            run = []
        if k < len(anchors):
            run.append(k)


def parse_structure(doc: Document) -> list[Program]:
    """Programs of a budget document, found from its own structure.

    Args:
        doc: the document, its text exactly as read.

    Returns:
        Programs in document order, each with title, category, budget, contacts, sections and
        sub-projects; every offset indexes `doc.text`.
    """
    text = doc.text
    lines = lines_of(doc)
    toc, body_start = find_toc(lines)
    anchors = find_anchors(lines, body_start, doc.period or doc.title, doc.warnings)
    if not anchors:
        return []
    toc_categories = {key(e.category) for e in toc if e.category}

    # 1. Titles: match the lines above each budget line to the TOC, in order. A TOC that lists headings, not
    # programs (「Ⅰ 初等中等教育の充実 …… 2」 over fifteen programs), names none of them: titles come from the body.
    furniture = frozenset(running_lines(lines))
    if toc and not _toc_lists_programs(lines, anchors, toc, body_start, furniture):
        toc = []
    starts: list[int] = []
    titles: list[tuple[str, str | None, list[str], TocEntry | None]] = []
    toc_pos = 0
    used: set[int] = set()  # TOC entries already naming a program
    listed: dict[int, int] = {}  # program (its place in `titles`) -> the TOC entry its page's title matches
    unlisted: list[int] = []  # programs whose page has no title the TOC lists
    floor = body_start
    headed: set[int] = set()  # title lines that are a heading whose total the budget line under them is
    for anchor in anchors:
        inline = _inline_title(lines[anchor.line])
        if inline is not None:
            # 「（１）沿岸集落避難路整備交付金【新規】　　要求額 45.0億円」: the title stands before the label on the
            # budget line itself; the lines above belong to the program before.
            starts.append(anchor.line)
            titles.append((tidy_title(L.TITLE_NUMBER.sub("", inline)), inline, [], None))
            floor = anchor.line + 1
            continue
        candidates = _title_candidates(lines, anchor.line, floor, furniture)
        heading = _heading_over(lines, anchor.line, floor)
        if heading is not None and L.BUDGET_LABEL_START.match(lines[anchor.line].norm):
            # 「１．持続可能な地域公共交通ネットワークの再構築」 over 「要求額 ６０９億円（前年度予算額 ４２８億円）」: the
            # heading's own total, not the first program under it (whose title stands below)
            at, name = heading
            headed.add(at)
            starts.append(at)
            titles.append((name, None, [], None))
            floor = anchor.line + 1
            continue
        title_idx = candidates[-1] if candidates else None
        body_title = normalize(lines[candidates[-1]].stripped) if candidates else None
        if not candidates and (heading_at := _markdown_heading_over(lines, anchor.line, floor)) is not None:
            # 「### 1-1 こども家庭センター運営事業【拡充】」, a paragraph, then 「- 予算額：84,600」: the heading names it
            candidates, title_idx = [heading_at], heading_at
            body_title = normalize(lines[heading_at].stripped)
        if not candidates and (bracketed := _bracketed_heading_over(lines, anchor.line, floor)) is not None:
            # 「【学校給食費の半額補助】」, two sentences, then 「予算額　4,520万円」: the bracketed heading names it
            candidates, title_idx = [bracketed[0]], bracketed[0]
            body_title = bracketed[1]
        below = None if candidates else _title_below(lines, anchor.line, furniture)
        if below is not None:
            candidates, body_title = [below[0]], below[1]
        tails = [c for c in candidates[:-1] if _wrapped_tail(lines[c])]
        if body_title and tails:  # 「（３）不登校児童生徒の学びの多様化支援事」「業」: one title
            body_title += "".join(lines[c].stripped for c in reversed(tails))
        aliases = [lines[c].stripped.strip("（）() ~〜～") for c in candidates[:-1] if c not in tails
                   and not re.fullmatch(r"[~〜～].+[~〜～]", lines[c].stripped)]
        entry = None
        if toc:
            # The entry naming the title written on the program's own page, wherever the TOC lists it (the next
            # entries first): never the entry at the program's position, which a figure that is no program's (a
            # cover's 「補正前の予算額」) or a program the TOC leaves out would shift onto the wrong page.
            best, best_score = None, 0.0
            for j in [*range(toc_pos, len(toc)), *range(toc_pos)]:
                if j in used:
                    continue
                score = max([overlap(toc[j].title, lines[c].stripped) for c in candidates]
                            + [overlap(toc[j].title, body_title) if below is not None and body_title else 0.0])
                if score > best_score:
                    best, best_score = j, score
            if best is not None and best_score >= 0.6:
                entry, toc_pos = toc[best], best + 1
                used.add(best)
                listed[len(titles)] = best
            else:
                unlisted.append(len(titles))  # named by its page, if at all; maybe by the TOC's gap (below)
        if body_title:
            paren = re.search(r"\s*[（(]([^（）()]+)[)）]\s*$", body_title)
            if paren:
                aliases.append(paren.group(1))
        bare = L.TITLE_NUMBER.sub("", re.sub(r"\s*[（(][^（）()]+[)）]\s*$",
                                             lambda m: m.group() if _qualifies(m.group(), m.string[:m.start()]) else "",
                                             body_title or ""))
        # 「■事業名　救急救命士養成事業　【継続】」: the field's label before the name on the page is no part of it
        bare = _NAME_LABEL.sub("", bare.lstrip("■□◆◇●○▶▷・ "))
        title = tidy_title(entry.title) if entry and not _entry_names_more(entry.title, bare) else tidy_title(bare)
        if not title:
            title = made_up_title(doc.name, len(titles) + 1)
        starts.append(title_idx if title_idx is not None else anchor.line)
        titles.append((title, body_title, aliases, entry))
        floor = anchor.line + 1
    _titles_from_toc_gaps(toc, anchors, listed, unlisted, starts, titles)

    # 2. Categories: headers in the body (or the TOC's), which end the program above them.
    header_lines: dict[int, str] = {}
    for i in range(body_start, len(lines)):
        name = category_name(lines[i])
        if name and (not toc_categories or any(overlap(name, c) >= 0.8 for c in toc_categories)):
            header_lines[i] = name
    level_of_titles = min((lines[s].level for s in starts if lines[s].level), default=0)
    if level_of_titles > 1:
        for i in range(body_start, len(lines)):
            if 0 < lines[i].level < level_of_titles and i not in header_lines:
                header_lines[i] = lines[i].stripped
    _numbered_headers(lines, body_start, set(starts), header_lines)
    # A budget line under a Roman or 第N heading (「Ⅰ 初等中等教育の充実」「（要求・要望額 1,623,940百万円）」) is the
    # heading's total: the heading is a category of the programs below it, its figure never a program's.
    # A numbered title straight over a budget line heads programs only when some other program stands under it: a
    # run of them, each followed by the next (「1．地域交通リ・デザイン推進事業【拡充】」「令和10年度要求額 312億円」
    # then 「2．…」), is the document's programs, numbered.
    def sibling_next(at: int) -> bool:
        k = starts.index(at)
        if k + 1 >= len(starts):
            return True  # the last title: nothing stands under it
        nxt = starts[k + 1]
        here, there = _numbering(lines[at].norm), _numbering(lines[nxt].norm)
        return nxt in headed and (here is None or there is None or here[0] == there[0])

    headed = {at for at in headed if not sibling_next(at)}
    heading_totals = {s for s in starts if (L.HEADING_FAMILIES[0].match(lines[s].norm)
                                            or L.HEADING_FAMILIES[1].match(lines[s].norm))} | headed
    for s in heading_totals:
        named = L.HEADING_LINE.match(lines[s].norm)
        header_lines[s] = tidy_title(named.group("name").strip(" 「」")) if named else lines[s].stripped
    # 「(1) こども・子育て支援の充実」「46億7,050万円（…）」 straight over 「① 不妊治療費助成事業」: the first program of
    # another numbering opens under it, so it is a heading with its total, in whatever numbering the document uses.
    for k in _numbered_over_first(lines, starts):
        heading_totals.add(starts[k])
        header_lines[starts[k]] = titles[k][0]

    # 3. A trailing contact table keyed by program number ends the last program.
    table_at = None
    for i in range(anchors[-1].line + 1, len(lines)):
        if L.CONTACT_TABLE_HEADING.match(lines[i].stripped):
            # A table: rows keyed by program number follow (「1 子育て支援課 03-…」); a lone 【担当】 over one office is
            # the last program's own contact block.
            rows = [ln for ln in lines[i + 1:i + 12] if ln.norm]
            if sum(1 for ln in rows if L.CONTACT_ROW_NUMBER.match(ln.norm)) >= 2:
                table_at = i
            break

    programs: list[Program] = []
    for n, anchor in enumerate(anchors):
        first = starts[n]
        if n + 1 < len(anchors):
            nxt = starts[n + 1]
        else:
            nxt = table_at if table_at is not None else _colophon_at(lines, anchor.line + 1)
        stop_line = nxt
        for h in sorted(header_lines):
            if first < h < nxt:
                stop_line = min(stop_line, h)
        category = None
        path: dict[int, str] = {}
        for h in sorted(header_lines):
            if h < first:
                category = header_lines[h]
                level = _header_level(lines[h], header_lines)
                path = {k: v for k, v in path.items() if k < level} | {level: category}
        title, body_title, aliases, entry = titles[n]
        if category is None and entry is not None:
            category = entry.category
        start = lines[first].start
        end = _trim(text, start, lines[stop_line].start if stop_line < len(lines) else len(text))
        body = [i for i in range(first, stop_line)]
        program = _build_program(doc, lines, body, anchor, start, end, title, body_title,
                                 aliases + (entry.aliases if entry else []), category, first)
        program.categories = [path[k] for k in sorted(path)] or ([category] if category else [])
        for k in range(first, anchor.line):  # 「【新規】」 on a line of its own between title and budget: its flag
            if L.BRACKETED.match(lines[k].norm):
                program.flags += [f for f in flags_in(lines[k].stripped) if f not in program.flags]
        if entry is not None and body_title:
            # 「(5) 避難所環境改善推進事業【新規】」 on the page, the TOC's name without the marker: the page's flag stands
            program.flags += [f for f in strip_markers(body_title)[1] if f not in program.flags]
        if first in heading_totals:
            program.kind, program.title = "total", header_lines[first]
            # The heading's total stands under the headings above its own rank, never under its predecessor.
            own = _header_level(lines[first], header_lines)
            program.categories = [path[k] for k in sorted(path) if k < own]
        programs.append(program)

    if table_at is not None:
        _attach_contact_table(lines, table_at, programs)
    _assign_pages(doc, toc, programs)
    return programs


_NUMBERING = [("circled", re.compile(rf"^(?P<n>[{L.CIRCLED}])")), ("paren", re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[)）]")),
              ("digit", re.compile(r"^(?P<n>\d{1,2})\s*[.．、\s]")), ("kana", re.compile(r"^[（(]?(?P<n>[アイウエオカキクケコ])[)）.．、\s]")),
              # 「重点１ 沿岸集落の防災力強化」「柱2 …」「施策3 …」: a word numbering headings (第N is a heading family of its own)
              ("word", re.compile(r"^(?!第)(?P<w>[一-龥]{1,4})\s*(?P<n>\d{1,2})(?:\s|[.．:：])"))]


def _numbering(text: str) -> tuple[str, int] | None:
    """The numbering family and number of a title line: 「① …」 (circled, 1), 「(2) …」 (paren, 2), 「3. …」 (digit,
    3), 「ア …」 (kana, 1); None for a line without a number."""
    for family, pattern in _NUMBERING:
        match = pattern.match(text)
        if match:
            n = match.group("n")
            number = (L.CIRCLED.index(n) + 1 if family == "circled" else "アイウエオカキクケコ".index(n) + 1
                      if family == "kana" else int(n))
            return family, number
    return None


def _numbered_over_first(lines: list[Line], starts: list[int]) -> list[int]:
    """Indexes (into `starts`) of numbered titles straight over a program of another numbering that is its number 1
    or the numbering most programs use (「(2) 安心の医療・福祉の確保」 over 「⑤ 地域医療…」: the programs are numbered
    through the document, the headings apart)."""
    numbers = [_numbering(lines[s].norm) for s in starts]
    count = Counter(n[0] for n in numbers if n)
    found = []
    for k in range(len(starts) - 1):
        here, after = numbers[k], numbers[k + 1]
        if here and after and after[0] != here[0] and (after[1] == 1 or count[here[0]] < count[after[0]]):
            found.append(k)
    return found


def _numbered_headers(lines: list[Line], begin: int, starts: set[int], header_lines: dict[int, str]) -> None:
    """Numbered or boxed headings (Ⅰ…, １．…, 第１…, ■…) that lead straight into a program or another heading.

    Only such a run of headings counts, so that numbered lines inside a program (its sub-items) never do.
    """
    for i in range(len(lines) - 1, begin - 1, -1):
        # 「【Ⅰ　省エネ・脱炭素】」 over 「◇省エネ設備導入支援事業」: a numbered heading inside the brackets of a line
        inner = unwrapped(lines[i].norm)
        match = L.HEADING_LINE.match(lines[i].norm) or (L.HEADING_LINE.match(inner) if inner != lines[i].norm
                                                        else None)
        if (not match or i in header_lines or i in starts or L.PHONE.search(lines[i].norm)
                or find_amounts(lines[i].norm)):
            continue  # a heading names a group; a line with a figure in it is content
        j = i + 1
        while j < len(lines) and (not lines[j].norm or L.RULE_LINE.match(lines[j].norm)):
            j += 1
        if j in starts or j in header_lines:
            header_lines[i] = match.group("name").strip(" 「」")


# The most lines a document's closing colophon holds (who issues it, an address, a phone) after its rule or 「以上」.
_COLOPHON_LINES = 6
_COLOPHON_WORDS = re.compile(r"発行|問い?合わ?せ|連絡先|編集")


def _colophon_at(lines: list[Line], begin: int) -> int:
    """The line opening the colophon that closes a document after its last program (a rule 「━━━━」 or 「以上」 over
    「発行：北浦県商工労働部産業振興課」「ＴＥＬ …」): the issuer's block, no text of the program above it. It is the
    last such line at `begin` or after, when at most _COLOPHON_LINES lines with words follow, none a sentence, and
    one names an issuer or gives a phone; len(lines) when the document closes otherwise."""
    for i in range(len(lines) - 1, begin - 1, -1):
        norm = lines[i].norm
        if not (L.RULE_LINE.match(norm) or norm == "以上"):
            continue
        rest = [ln.norm for ln in lines[i + 1:] if ln.norm and not L.RULE_LINE.match(ln.norm)]
        if not rest:
            continue  # the rule closing the page: the colophon's own opening stands above it
        if len(rest) <= _COLOPHON_LINES and not any("。" in r for r in rest) \
                and any(L.PHONE.search(r) or _COLOPHON_WORDS.search(r) for r in rest):
            # (a rule right over 「以上」, or 「以上」 right under the last line, opens it as well)
            while i > begin and (L.RULE_LINE.match(lines[i - 1].norm) or lines[i - 1].norm == "以上"
                                 or not lines[i - 1].norm):
                i -= 1
            return i
        break
    return len(lines)


def _header_level(line: Line, header_lines: dict[int, str]) -> int:
    """Level of a heading from its marker family: Markdown depth, else Roman < 第N < N. < boxes."""
    if line.level:
        return line.level
    norm = line.norm
    for level, pattern in enumerate(L.HEADING_FAMILIES, 1):
        if pattern.match(norm):
            return level
    return len(L.HEADING_FAMILIES) + 1


def _build_program(doc: Document, lines: list[Line], body: list[int], anchor: Anchor, start: int, end: int,
                   title: str, body_title: str | None, aliases: list[str], category: str | None,
                   title_line: int) -> Program:
    """Assemble one program: header (title, budget, contacts) then its sections."""
    headings = [(i, name) for i in body if i > anchor.line and (name := section_name(lines[i]))]
    # A numbered line inside a section that names it again (「３．補助率」 under 「条件（…補助率等）」) continues it.
    headings = [h for n, h in enumerate(headings) if n == 0 or h[1] != headings[n - 1][1]]
    frame = next((i for i in body if i > anchor.line and L.FRAME_HEADING.match(lines[i].stripped)), None)
    budget_lines = {anchor.line, *anchor.previous_lines}
    header_end = min([i for i, _ in headings] + ([frame] if frame is not None else []) + [body[-1] + 1])
    if not headings and frame is None and max(budget_lines) >= title_line:
        # No section headings (「① …事業」「412百万円（358百万円）」 then its description and 補助率：… lines): what
        # follows the budget line is the program's text, not its header.
        header_end = max(budget_lines) + 1
    header = [i for i in body if i < header_end and i not in budget_lines
              and (i != title_line or anchor.line == title_line)]
    # (「担当課　消防本部総務課」 among the page's labelled lines, no phone: the office alone)
    contacts = _contacts(lines, header) or [c for i in header if (c := _labelled_department(lines[i])) is not None][:1]
    # Contact lines further down (「担当：…課（03-…）」) count too.
    for i in body:
        if i >= header_end and L.PHONE.search(lines[i].norm) and (
                L.CONTACT_LABEL.match(lines[i].stripped) or _under_contact_heading(lines, i, body[0])):
            contacts.extend(_contacts(lines, [i]))
        elif i >= header_end and (labelled := _labelled_department(
                lines[i], under_heading=_under_contact_heading(lines, i, body[0]))) is not None:
            contacts.append(labelled)

    sections: list[Section] = []
    if title_line != anchor.line:
        tl = lines[title_line]
        sections.append(Section(name="事業名", start=_strip_span(tl.raw, tl.start)[0], end=_strip_span(tl.raw, tl.start)[1]))
    last_budget = lines[max(budget_lines)]
    sections.append(Section(name="予算額", start=anchor.budget.start,
                            end=_strip_span(last_budget.raw, last_budget.start)[1]))
    # Sentences between the title and the budget line (「### 1-2 …事業」, a paragraph, then 「- 予算額：512,000」) are
    # the program's text too.
    above = [i for i in header if title_line < i < anchor.line and "。" in lines[i].norm
             and not L.PHONE.search(lines[i].norm) and not L.CONTACT_LABEL.match(lines[i].stripped)]
    if above:
        sections.append(Section(name="本文", start=lines[above[0]].start,
                                end=_strip_span(lines[above[-1]].raw, lines[above[-1]].start)[1]))
    if contacts:
        # The header's contacts; when the header has none, the first contact line further down (「担当：…」 after
        # the sections), which left max() with nothing and skipped the whole document.
        head = [c for c in contacts if c.start < lines[header_end - 1].end + 1] or contacts[:1]
        sections.append(Section(name="担当・連絡先", start=head[0].start, end=max(c.end for c in head)))
    if headings:
        # Sentences between the budget line and the first heading (a description, then 「補助率：県1/2」 as a
        # labelled line) are the program's text, as they are when no heading follows.
        gap = [i for i in body if max(budget_lines) < i < headings[0][0] and i != title_line and lines[i].norm
               and not L.PHONE.search(lines[i].norm) and not L.CONTACT_LABEL.match(lines[i].stripped)]
        if any("。" in lines[i].norm for i in gap):
            sections.append(Section(name="本文", start=lines[gap[0]].start,
                                    end=_trim(doc.text, lines[gap[0]].start, lines[headings[0][0]].start)))
    for n, (i, name) in enumerate(headings):
        s_end = lines[headings[n + 1][0]].start if n + 1 < len(headings) else end
        s_end = _trim(doc.text, lines[i].start, min(s_end, end))
        # A labelled line (「補助率：2/3（…）」) is its own content, not a heading to leave out of what is quoted.
        inline = re.search(r"[:：]\s*\S", lines[i].stripped) is not None
        sections.append(Section(name=name, heading="" if inline else lines[i].raw.strip(), start=lines[i].start,
                                end=s_end))
    if not headings and header_end <= body[-1]:
        first = next((i for i in body if i >= header_end and lines[i].norm), None)
        if first is not None:
            sections.append(Section(name="本文", start=lines[first].start, end=end))

    for section in sections:  # a span quotes text, not the indentation before it (tabs, full-width spaces)
        while section.start < section.end and doc.text[section.start].isspace():
            section.start += 1
    subs = _subprojects(lines, [i for i in body if i >= header_end], end)
    for contact in contacts:
        if contact.subproject:
            match = next((s.name for s in subs if s.marker == contact.subproject), None)
            contact.subproject = match or contact.subproject
    aliases = list(dict.fromkeys(a for a in aliases if a and key(a) != key(title)))
    return Program(id=program_id(doc.name, title), title=title, body_title=body_title, aliases=aliases,
                   category=category, document=doc.name, start=start, end=end, budget=anchor.budget,
                   contacts=contacts, sections=sections, subprojects=subs)


def _attach_contact_table(lines: list[Line], table_at: int, programs: list[Program]) -> None:
    """Rows of a closing contact table go to the program they number (or name)."""
    for i in range(table_at + 1, len(lines)):
        line = lines[i]
        if not L.PHONE.search(line.norm):
            continue
        number = L.CONTACT_ROW_NUMBER.match(line.norm)
        target = None
        if number and 1 <= int(number.group("num")) <= len(programs):
            target = programs[int(number.group("num")) - 1]
        else:
            scored = [(overlap(p.title, line.norm), p) for p in programs]
            score, best = max(scored, key=lambda t: t[0])
            target = best if score >= 0.6 else None
        if target is None:
            continue
        row = line.norm[number.end():] if number else line.norm
        row = re.sub(r"\s*[|｜]\s*", " ", row.replace(target.title, "")).strip(" |｜\t:：")
        fake = Line(line.start, line.end, line.raw, row, row, 0)
        target.contacts.extend(_contacts([fake], [0]))


def made_up_title(document: str, n: int) -> str:
    """The name given to the n-th program page whose own name was not found (「<file> の事業 3」)."""
    return f"{document} の事業 {n}"


def is_made_up_title(document: str, title: str) -> bool:
    """Whether a title is one `made_up_title` gave in this document."""
    return title.startswith(made_up_title(document, 0)[:-1])


def finish_reading(doc: Document, programs: list[Program], rows: str) -> list[Program]:
    """What every reader of rows does last: warn of `rows` (「table row(s)」「sheet(s)」) with a figure and no unit
    (their yen unknown, named in `doc.warnings`), and give each program its pages; the programs, for returning."""
    unitless = sum(1 for p in programs if p.budget is not None and p.budget.yen is None)
    if unitless:
        doc.warnings.append(f"{unitless} {rows} with figures but no unit (no 「単位：千円」 line or header unit); "
                            "their yen is unknown")
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs


def pages_from_breaks(doc: Document, programs: list[Program]) -> None:
    """Each program's pages from the document's page breaks (PDF pages, `=== PAGE n ===` markers)."""
    for p in programs:
        first, last = doc.page_at(p.start), doc.page_at(max(p.start, p.end - 1))
        if first and last:
            p.pages = list(range(first, last + 1))


def _assign_pages(doc: Document, toc: list[TocEntry], programs: list[Program]) -> None:
    """Pages from the PDF's page breaks when known, else from the TOC's page numbers."""
    if doc.page_starts:
        pages_from_breaks(doc, programs)
        return
    by_title = {key(e.title): e for e in toc}
    ordered = [by_title.get(key(p.title)) for p in programs]
    for n, (program, entry) in enumerate(zip(programs, ordered, strict=True)):
        if entry is None:
            continue
        nxt = next((e.page for e in ordered[n + 1:] if e is not None), None)
        last = entry.last_page or entry.page
        if nxt is not None and nxt > last:
            last = nxt - 1
        program.pages = list(range(entry.page, last + 1))
