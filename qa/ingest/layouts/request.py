"""概算要求の概要 of a national agency: numbered items under 【 】 headings, each 「要求・要望額 310億円（245億円）」.

Items open at a marker line (「（１）森林整備事業」, a title wrapped over lines is joined, 【新規】 taken off as a flag);
the item's budget is its 要求・要望額 (`budget_kind` 概算要求) with last year's figure from the parentheses (「（－）」:
none), 「うち重要政策推進枠 105億円」 a part (`budget.uchi`); an item requested as 「事項要求」 is a program without an
amount. Headings (Markdown, 【…】, 「2森林・林業…　1,371億円」) are categories, and a heading's amount is a total. A
closing table with 事業名 and 電話 columns gives contacts, matched to items by title. Labels, part names and the
事項要求 word are data in data/vocabulary.toml [request].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import key, normalize, overlap, tidy_title
from qa.ingest.structure import find_anchors, pages_from_breaks, program_id
from qa.ingest.vocabulary import compact, header_field, strip_markers, vocabulary
from qa.ingest.years import label_of

NAME = "request"
# Every 要求・要望額 line is a budget line of program_pages too: that layout scoring alike is no doubt.
REFINES = ("program_pages",)

ITEM = re.compile(r"^\s*(?P<mark>[（(]\d{1,2}[)）]|[①-⑳㉑-㉟㊱-㊿]|\d{1,2}[.．](?!\d))\s*(?P<title>\S.*)$")
HEADING = re.compile(r"^(?:#{1,6}\s*|【|\d{1,2}\s*[^\d\s.,．、)）])")


@dataclass
class _Item:
    """An item: its marker line, the lines of its title, its budget line (or 事項要求 line) and its last line."""

    mark: int
    title_lines: list[int]
    budget: int | None = None
    no_amount: int | None = None
    last: int = 0
    category: list[str] = field(default_factory=list)


@cache
def _label() -> re.Pattern[str]:
    labels = "|".join(map(re.escape, sorted(vocabulary()["request"]["labels"], key=len, reverse=True)))
    return re.compile(rf"(?P<label>{labels})\s*[:：]?\s*")


def _amount_at(line: Line, begin: int, label: str, fiscal: tuple[int | None, str]) -> Amount | None:
    """The first amount in the line's folded text at or after `begin`, spanned in the document."""
    folded = line.folded[0]
    match = AMOUNT_RE.search(folded, begin)
    if not match or amount_yen(match) is None:
        return None
    start, end = line.span(match.start(), match.end())
    while start < end and line.raw[start - line.start].isspace():
        start += 1
    return Amount(yen=amount_yen(match), text=line.raw[start - line.start:end - line.start], label=label,
                  fiscal_year=fiscal[0], budget_kind=fiscal[1], approx=bool(match.group("approx")),
                  start=start, end=end)


def _budget(doc: Document, line: Line, period: str) -> Budget | None:
    """The item's budget from its 要求・要望額 line: the amount, last year's in the parentheses after it."""
    folded = line.folded[0]
    label = _label().search(folded)
    if not label:
        return None
    year = label_of("", period).year
    current = _amount_at(line, label.end(), label.group("label"), (year, "概算要求"))
    if current is None:
        return None
    previous = None
    rest = folded[line.folded[1].index(current.end) if current.end in line.folded[1] else len(folded):]
    paren = re.match(r"\s*[（(](?P<inner>[^（）()]*)[)）]", rest)
    if paren and not any(w == compact(paren.group("inner")) for w in vocabulary()["request"]["no_previous"]):
        base = len(folded) - len(rest) + paren.start("inner")
        previous = _amount_at(line, base, "前年度", (year - 1 if year else None, "前年度"))
    start = line.start + len(line.raw) - len(line.raw.lstrip())
    end = line.start + len(line.raw.rstrip())
    return Budget(yen=current.yen, text=doc.text[start:end], amount_text=current.text, label=current.label,
                  year=f"令和{year - 2018}年度" if year and year > 2018 else "", fiscal_year=year,
                  budget_kind="概算要求", approx=current.approx, start=start, end=end, previous_year=previous)


def _parts(line: Line, period: str) -> list[Amount]:
    """「うち重要政策推進枠 105億円」 on a line: the part, labelled with the frame's name."""
    folded = line.folded[0]
    names = "|".join(map(re.escape, vocabulary()["request"]["parts"]))
    match = re.search(rf"うち\s*(?P<name>\S*?(?:{names}))", folded)
    if not match:
        return []
    part = _amount_at(line, match.end(), match.group("name"), (label_of("", period).year, "概算要求"))
    return [part] if part else []


def _heading(line: Line) -> tuple[str, str] | None:
    """A heading line: its name (without brackets, Markdown marks or its amount) and the amount text, if any."""
    if ITEM.match(line.norm) or not HEADING.match(line.norm) or _label().search(line.norm):
        return None
    text = line.norm.lstrip("#").strip()
    amount = AMOUNT_RE.search(text)
    figure = ""
    if amount and amount_yen(amount) is not None and text[amount.end():].strip() == "":
        figure, text = amount.group(), text[:amount.start()].strip()
    name = text.strip("【】 ")
    return (name, figure) if name and len(name) <= 60 and "。" not in name else None


def _items(lines: list[Line]) -> list[_Item]:
    """Items in order: a marker line opens one; its title runs to the budget or 事項要求 line (wrapped titles)."""
    no_amount = vocabulary()["request"]["no_amount"]
    items: list[_Item] = []
    current: _Item | None = None
    for line in lines:
        if not line.norm:
            continue
        if ITEM.match(line.norm) and not _label().search(line.norm):
            current = _Item(mark=line.index, title_lines=[line.index], last=line.index)
            items.append(current)
            continue
        if current is None:
            continue
        if _heading(line) and current.budget is not None:
            current = None
            continue
        if _label().search(line.norm) and current.budget is None:
            current.budget = line.index
        elif compact(line.norm) in no_amount and current.budget is None:
            current.no_amount = line.index
        elif current.budget is None and current.no_amount is None and len(current.title_lines) < 3 \
                and not line.norm.startswith(("<", "＜", "※")):
            current.title_lines.append(line.index)  # the title wraps onto this line
        current.last = line.index
    return [i for i in items if i.budget is not None or i.no_amount is not None]


def _contacts(lines: list[Line], programs: list[Program]) -> None:
    """Rows of a table with 事業名 and 電話 columns give the programs they name a contact (title match ≥ 0.8)."""
    columns: dict[int, str] | None = None
    for line in lines:
        cells = line.cells[1:-1] if line.framed else line.cells
        if line.separator not in ("pipe", "tab") or not cells:
            if line.separator != "rule":
                columns = None if line.norm else columns
            continue
        named = {i: f for i, c in enumerate(cells) if (f := header_field(c.norm))}
        if {"title", "phone"} <= set(named.values()):
            columns = named
            continue
        if columns is None:
            continue
        row = {columns[i]: c for i, c in enumerate(cells) if i in columns}
        title, phone = row.get("title"), row.get("phone")
        if title is None or phone is None or not L.PHONE.search(phone.norm):
            continue
        name, _ = strip_markers(title.norm)
        scored = [(overlap(p.title, name), p) for p in programs if p.kind == "program"]
        best = max(scored, key=lambda t: t[0], default=(0.0, None))
        if best[1] is None or best[0] < 0.8 or key(best[1].title) != key(name) and best[0] < 1.0:
            continue
        dept = row["department"].norm if "department" in row else ""
        number = re.sub(r"\s|[‐－−―]", lambda m: "" if m.group().isspace() else "-", L.PHONE.search(phone.norm).group())
        best[1].contacts.append(Contact(dept=dept, phone=number, start=line.start, end=line.end))
        if dept and not best[1].department:
            best[1].department = dept


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's budget lines written as 「要求・要望額 …」, times min(1, such lines / 3).

    Every such line is also a budget line of `program_pages`; on equal scores this layout, listed first, wins.
    """
    found = [ln.index for ln in lines if ln.norm and _label().search(ln.norm) and AMOUNT_RE.search(ln.norm)]
    requests = len(found)
    if not requests:
        return 0.0
    budget_lines = max(requests, len(find_anchors(lines, 0)))
    # This layout's items are numbered (「（１）…」「①…」) or headed: a slide deck's 要求・要望額 lines under unnumbered
    # slide titles (「観光人材確保・育成支援事業」) are program pages', and weigh by how few stand under a marker.
    marked = sum(1 for i in found if _marked_above(lines, i))
    return round(min(1.0, requests / budget_lines) * min(1.0, requests / 3) * min(1.0, 2 * marked / requests), 3)


def _marked_above(lines: list[Line], i: int) -> bool:
    """Whether an item marker or a heading line stands within three lines with words above line i."""
    seen = 0
    for j in range(i - 1, -1, -1):
        if not lines[j].norm:
            continue
        if ITEM.match(lines[j].norm) or HEADING.match(lines[j].norm):
            return True
        seen += 1
        if seen == 3:
            return False
    return False


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Items (kind "program", budget_kind 概算要求, 事項要求 without a budget) and heading totals (kind "total")."""
    period = doc.period or doc.title
    items = _items(lines)
    marks = {i.mark for i in items}
    programs: list[Program] = []
    category: str | None = None
    headings: dict[int, str] = {}
    for line in lines:
        found = _heading(line) if line.norm and line.index not in marks else None
        if not found:
            continue
        name, figure = found
        headings[line.index] = name
        if figure:
            amount = _amount_at(line, line.folded[0].rfind(figure), "", (label_of("", period).year, "概算要求"))
            if amount:
                start = line.start + len(line.raw) - len(line.raw.lstrip())
                programs.append(Program(
                    id=program_id(doc.name, f"total:{name}:{line.index}"), title=tidy_title(name), document=doc.name,
                    start=start, end=line.start + len(line.raw.rstrip()), kind="total",
                    budget=Budget(yen=amount.yen, text=amount.text, amount_text=amount.text, label="要求・要望額",
                                  fiscal_year=amount.fiscal_year, budget_kind="概算要求", start=amount.start or start,
                                  end=amount.end or start),
                    sections=[Section(name="予算額", start=amount.start or start, end=amount.end or start)]))
    for item in items:
        category = next((headings[h] for h in sorted(headings, reverse=True) if h < item.mark), None)
        first = lines[item.mark]
        raw_title = "".join(ITEM.match(lines[i].norm).group("title") if i == item.mark else lines[i].norm
                            for i in item.title_lines)
        name, flags = strip_markers(normalize(raw_title))
        title = tidy_title(name)
        budget = _budget(doc, lines[item.budget], period) if item.budget is not None else None
        parts = [p for i in range(item.budget or item.mark, item.last + 1) for p in _parts(lines[i], period)]
        if budget:
            budget.uchi = parts
        start = first.start + len(first.raw) - len(first.raw.lstrip())
        last = lines[item.last]
        end = last.start + len(last.raw.rstrip())
        title_end = lines[item.title_lines[-1]]
        sections = [Section(name="事業名", start=start, end=title_end.start + len(title_end.raw.rstrip()))]
        if budget:
            sections.append(Section(name="予算額", start=budget.start, end=budget.end))
        programs.append(Program(
            id=program_id(doc.name, title), title=title, category=category, categories=[category] if category else [],
            document=doc.name, start=start, end=max(end, start + 1), budget=budget, sections=sections,
            flags=flags, kind="program"))
    _contacts(lines, programs)
    programs.sort(key=lambda p: p.start)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs

