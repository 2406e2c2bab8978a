"""Programs named in running prose, each with its amount in the same paragraph: a ward's 予算のあらまし for residents
(「…**「保育士等処遇改善補助」** に約4億6千万円を計上しました。」), a newsletter page, a mayor's budget statement.

A name is set off in the text, in bold (Markdown **…**) or in corner brackets (「…」『…』); its amount is the first
figure in yen after it in its paragraph, before the next name. A document that sets names in bold uses bold for its
programs, and its plain quotes are other things (「特別区税」, a resident's 「…という声」); one without bold uses the
brackets. The program is its paragraph (its text the description), under the nearest heading; 【新規】 before it is a
flag.
"""

from __future__ import annotations

import re

from qa.ingest import layout as L
from qa.ingest.amounts import AMOUNT_RE, amount_yen
from qa.ingest.items import AMOUNT_ONLY, ROW, ROW_HEAD
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Document, Program, Section
from qa.ingest.normalize import nfkc, tidy_title
from qa.ingest.structure import _contacts, pages_from_breaks, program_id
from qa.ingest.vocabulary import is_total, strip_markers
from qa.ingest.years import label_of

NAME = "prose_items"

_BOLD = re.compile(r"\*\*\s*[「『]?(?P<name>[^*「」『』。\n]{2,40}?)[」』]?\s*\*\*")
_QUOTED = re.compile(r"[「『](?P<name>[^「」『』。\n]{2,40}?)[」』]")
# A line of a box drawn with rules (┌│└): a note beside the text, never a program's paragraph.
_BOX = re.compile(r"^\s*[┌│└├┏┃┗]")
# A word that labels the program's own amount (「予算額は1,150万円」「事業費は4,620万円」), or what follows it (「…円を計上」).
_BUDGET_WORD = re.compile(r"予算|事業費|計上|経費|総額")
_BUDGET_AFTER = re.compile(r"\s*(?:(?:を|が)?\s*(?:計上|用意|予算化|措置|見込)|[（(]\s*前年度\s*[:：]?\s*\d)")
# Last year's figure said beside the budget: 「（前年度260万円）」「前年度の980万円から増えています」「昨年度は800万円」.
_PREVIOUS = re.compile(r"(?:前年度|昨年度|前年)\s*(?:の|は|:|：)?\s*$")
# What follows a name that says it is not the program but a thing said or named (「…という声」「…と呼ばれる」).
_SAID = re.compile(r"^\s*(?:という|といった|と呼ば|と言|との)")


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Runs of consecutive text lines (blank lines, rules, headings and boxes end a run)."""
    out: list[list[Line]] = []
    run: list[Line] = []
    for line in lines:
        if not line.norm or line.level or _BOX.match(line.raw) or L.RULE_LINE.match(line.norm) \
                or line.norm.strip() in ("---", "***"):
            if run:
                out.append(run)
            run = []
            continue
        run.append(line)
    if run:
        out.append(run)
    return out


def _pairs(doc: Document, paragraph: list[Line], bold: bool
           ) -> list[tuple[str, int, int, re.Match[str], int, re.Match[str] | None]]:
    """(name, name start, name end, amount match, amount offset, last year's amount match or None) of each name
    with an amount after it in the paragraph, offsets into the document."""
    start = paragraph[0].start
    text = doc.text[start:paragraph[-1].end]
    folded = nfkc(text)
    text = folded if len(folded) == len(text) else text  # 「８，２００万円」 read as written, offsets kept
    pattern = _BOLD if bold else _QUOTED
    # an amount set in bold (「**約1,186億円**」) is no name
    names = [m for m in pattern.finditer(text) if not _SAID.match(text[m.end():]) and not AMOUNT_RE.search(m.group("name"))
             and not is_total(m.group("name"))]
    out = []
    for n, name in enumerate(names):
        stop = names[n + 1].start() if n + 1 < len(names) else len(text)
        amounts = [a for a in AMOUNT_RE.finditer(text, name.end(), stop) if amount_yen(a) is not None]
        # 「第1子に5万円…を贈ります。予算額は1,150万円で」: the amount a budget word labels, else the first
        labelled = [a for a in amounts if _BUDGET_WORD.search(text[max(name.end(), a.start() - 8):a.start()])
                    or _BUDGET_AFTER.match(text, a.end())]
        previous = [a for a in amounts if _PREVIOUS.search(text[max(name.end(), a.start() - 8):a.start()])]
        amount = next((a for a in labelled or amounts if a not in previous), None)
        if amount is not None:
            title = L.LEAD_MARK.sub("", name.group("name").strip()).strip()  # 「◆ささめっ子誕生祝い金」
            out.append((title, start + name.start(), start + name.end(), amount, start,
                        next((a for a in previous if a.start() > amount.end()), None)))
    return out


def _style(doc: Document, paragraphs: list[list[Line]]) -> bool:
    """Whether the document sets its programs' names in bold (three bold names with an amount or more)."""
    return sum(len(_pairs(doc, p, bold=True)) for p in paragraphs) >= 3


def _list_rows(paragraph: list[Line]) -> bool:
    """Whether two or more of a paragraph's lines are list rows priced on their line or on the next."""
    rows = sum(1 for n, ln in enumerate(paragraph) if ROW.match(ln.norm) or (
        n + 1 < len(paragraph) and ROW_HEAD.match(ln.norm) and AMOUNT_ONLY.match(paragraph[n + 1].norm.strip())))
    return rows >= 2


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the paragraphs with an amount in yen that name a program before it; 0 below three names."""
    paragraphs = _paragraphs(lines)
    # (a run of list rows, 「●子育て応援給付金 1,200万円（子育て支援課）」 with lines under each, is a list of programs,
    # however its descriptions quote a name: no prose; `priced_items` reads it)
    priced = [p for p in paragraphs
              if any(amount_yen(a) is not None for a in AMOUNT_RE.finditer(doc.text[p[0].start:p[-1].end]))
              and not _list_rows(p)]
    if not priced:
        return 0.0
    bold = _style(doc, paragraphs)
    found = [len(_pairs(doc, p, bold)) for p in priced]  # names with an amount, per paragraph
    if sum(found) < 3:
        return 0.0  # a name or two with a figure is any text's way of writing, not a list of programs
    return round(sum(1 for n in found if n) / len(priced), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """A program per name with its amount: its paragraph as its text, its heading as its category."""
    paragraphs = _paragraphs(lines)
    bold = _style(doc, paragraphs)
    period = doc.period or doc.title
    fiscal = label_of("", period)
    headings = [(ln.start, ln.stripped) for ln in lines if ln.level and ln.stripped]
    programs: list[Program] = []
    for paragraph in paragraphs:
        begin, end = paragraph[0].start, paragraph[-1].end
        for name, name_start, name_end, amount, base, previous in _pairs(doc, paragraph, bold):
            title, flags = strip_markers(name)
            before = doc.text[begin:name_start]
            flags += [f for f in strip_markers(before.strip())[1] if f not in flags] if before.lstrip().startswith(
                ("【", "[", "［", "〔")) else []
            a_start, a_end = base + amount.start(), base + amount.end()
            written = doc.text[a_start:a_end].strip()
            budget = Budget(yen=amount_yen(amount), text=written, amount_text=written, label="予算額",
                            year=f"令和{fiscal.year - 2018}年度" if fiscal.year and fiscal.year > 2018 else "",
                            fiscal_year=fiscal.year, budget_kind=fiscal.kind, approx=bool(amount.group("approx")),
                            start=a_start, end=a_end)
            if previous is not None:
                p_start, p_end = base + previous.start(), base + previous.end()
                budget.previous_year = Amount(
                    yen=amount_yen(previous), text=doc.text[p_start:p_end].strip(), label="前年度",
                    fiscal_year=fiscal.year - 1 if fiscal.year else None, budget_kind="前年度",
                    approx=bool(previous.group("approx")), start=p_start, end=p_end)
            heading = next((h for at, h in reversed(headings) if at < begin), None)
            category = re.sub(r"^[^\w「（(]+", "", heading).strip() if heading else None
            title = tidy_title(title)
            programs.append(Program(
                id=program_id(doc.name, f"{title}:{name_start}"), title=title, document=doc.name, start=begin,
                end=end, budget=budget, flags=flags, category=category or None,
                categories=[category] if category else [],
                sections=[Section(name="事業名", heading="事業名", start=name_start, end=name_end),
                          Section(name="予算額", heading="予算額", start=a_start, end=a_end),
                          Section(name="概要", heading="本文", start=begin, end=end)]))
    _section_contacts(lines, programs)
    if doc.page_starts:
        pages_from_breaks(doc, programs)
    return programs


def _section_contacts(lines: list[Line], programs: list[Program]) -> None:
    """A 「問い合わせ　健康福祉課　☎ 0868-72-3121」 line closing a section is the contact of the programs above it,
    back to the heading or the contact line before it (a newsletter ends each page's programs so)."""
    since = 0
    for i, line in enumerate(lines):
        if line.level:
            since = line.start
            continue
        plain = re.sub(r"^[>\s*]+", "", line.norm)
        if not (L.CONTACT_LABEL.match(plain) and L.PHONE.search(plain)):
            continue
        found = _contacts(lines, [i])
        for program in programs:
            if since <= program.start and program.end <= line.start and not program.contacts:
                program.contacts = list(found)
        since = line.end
