"""A budget summary written in English (a city's "FY2026 Budget Highlights" for foreign residents and investors, a
ministry's English 予算の概要): each program a title line over a labelled amount line, the amount in English.

    > Free School Lunches for All Public School Students [NEW]
      (学校給食費無償化事業)
      Budget: ¥1.86 billion (FY2025: ¥1.02 billion)
      From April 2026, the City will cover ...
      Lead: School Lunch Division, Board of Education

The amount reads as English writes it: 「¥1.86 billion」「735 million yen」「¥48,000 thousand」「JPY 2.3 billion」 (a
scale word, or none after ¥); a bracket after it gives the previous year's (「(FY2025: ¥2.02 billion)」). The title is
the nearest line above the amount line that is not a bracketed name (the Japanese name, kept as an alias) and not
prose; markers in brackets after it are flags ([NEW] or (New) 新規, [EXP]/[EXPANDED] 拡充); a 「Lead:」「Contact:」 line is
the program's office. Headings (a line in capitals, 「PILLAR 1 …」) are categories. The words live in
data/vocabulary.toml [english].
"""

from __future__ import annotations

import re
from functools import cache

from qa.ingest import layout as L
from qa.ingest.amounts import EN_AMOUNT, en_yen
from qa.ingest.lines import Line
from qa.ingest.models import Amount, Budget, Contact, Document, Program, Section
from qa.ingest.normalize import raw_span
from qa.ingest.structure import _strip_span, finish_reading, program_id
from qa.ingest.vocabulary import vocabulary

NAME = "english_summary"

# A heading: a line in capitals (「PILLAR 1  RAISING CHILDREN」「2. KEY PROGRAMS BY POLICY PILLAR」).
_HEADING = re.compile(r"^(?:[\dIVX]+[.)]?\s+)?[A-Z][A-Z0-9 ,&/'()\-–:]{5,}$")
# A name in brackets on a line of its own (the Japanese name under an English title).
_BRACKETED_NAME = re.compile(r"^[（(](?P<name>[^（）()]{2,60})[)）]$")
# Markers in brackets after a title (「[NEW]」「[EXP]」「(New)」): flags when the vocabulary knows the word.
_MARKERS = re.compile(r"\s*[\[(](?P<marker>[A-Za-z .]{2,12})[\])]")


@cache
def _words() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The budget line's labels, the office line's labels and the markers' flags (data/vocabulary.toml [english])."""
    words = vocabulary()["english"]
    budget = "|".join(sorted(map(re.escape, words["budget_labels"]), key=len, reverse=True))
    office = "|".join(sorted(map(re.escape, words["office_labels"]), key=len, reverse=True))
    return (re.compile(rf"^\s*(?:[-*•]\s*)?(?:{budget})\s*[:：]\s*", re.IGNORECASE),
            re.compile(rf"^\s*(?:[-*•]\s*)?(?:{office})\s*[:：]\s*(?P<office>\S.*)$", re.IGNORECASE),
            {k.lower(): v for k, v in words["markers"].items()})


def _english(doc: Document) -> bool:
    """Whether the document is written mostly in Latin letters."""
    latin = len(re.findall(r"[A-Za-z]", doc.text))
    return latin > 2 * len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", doc.text))


def _budget_lines(lines: list[Line]) -> list[tuple[int, re.Match[str]]]:
    """(line index, the amount's match on the line's NFKC text) of each labelled amount line."""
    label = _words()[0]
    out = []
    for i, line in enumerate(lines):
        opened = label.match(line.norm)
        if opened is not None and (amount := EN_AMOUNT.search(line.norm, opened.end())) is not None \
                and en_yen(amount) is not None and not line.norm[opened.end():amount.start()].strip():
            out.append((i, amount))
    return out


def score(doc: Document, lines: list[Line]) -> float:
    """How many labelled English amount lines the document holds (a third at one, whole at three or more); 0 for a
    document not written in English."""
    if not _english(doc):
        return 0.0
    return min(1.0, len(_budget_lines(lines)) / 3)


def _title_above(lines: list[Line], i: int, floor: int) -> tuple[int, str, list[str]] | None:
    """(line, title, aliases) of the title over amount line i: bracketed names passed over as aliases; None when a
    sentence, a heading or `floor` comes first."""
    aliases: list[str] = []
    for j in range(i - 1, floor - 1, -1):
        text = lines[j].norm.strip()
        if not text:
            continue
        if (named := _BRACKETED_NAME.match(text)) is not None:
            aliases.append(named.group("name"))
            continue
        if _HEADING.match(text) or L.RULE_LINE.match(text) or text.endswith(".") or len(text) > 100:
            return None
        return j, text.lstrip(">*•- ").strip(), aliases
    return None


def _fiscal_year(doc: Document) -> int | None:
    """The fiscal year the document's opening names (「FY2026」「Fiscal Year 2026」)."""
    found = re.search(r"\b(?:FY|Fiscal Year)\s?(20\d\d)\b", doc.text[:2000])
    return int(found.group(1)) if found else None


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs opened by their title lines over labelled English amount lines, each running to the next title or
    heading; budget, previous year, flags, office, category and the text under the title as sections."""
    _, office_label, markers = _words()
    year = _fiscal_year(doc)
    found = _budget_lines(lines)
    titled: list[tuple[int, int, str, list[str], re.Match[str]]] = []
    floor = 0
    for i, amount in found:
        title = _title_above(lines, i, floor)
        if title is not None:
            titled.append((title[0], i, title[1], title[2], amount))
        floor = i + 1
    programs: list[Program] = []
    category = None
    headings = {j: lines[j].norm.strip() for j, line in enumerate(lines) if _HEADING.match(line.norm.strip())}
    for n, (at, i, title, aliases, amount) in enumerate(titled):
        following = titled[n + 1][0] if n + 1 < len(titled) else len(lines)
        end_line = next((j for j in headings if at < j < following), following)  # (keys in line order)
        category = next((headings[j] for j in reversed(headings) if j < at), category)
        flags = [markers[m.group("marker").strip().lower()] for m in _MARKERS.finditer(title)
                 if m.group("marker").strip().lower() in markers]
        # (a bracket that is no marker, 「Community Bus Network Redesign ("Mine-Bus")」's, stays in the title)
        title = _MARKERS.sub(lambda m: "" if m.group("marker").strip().lower() in markers else m.group(0), title).strip()
        line = lines[i]

        def span(match: re.Match[str], line: Line = line) -> tuple[int, int]:
            """The document offsets of a match on the line's normalised text."""
            first, stop = raw_span(line.raw, match.start(), match.end(), line.norm)
            return line.start + first, line.start + stop

        previous = None
        after = EN_AMOUNT.search(line.norm, amount.end())
        if after is not None and re.search(r"\(\s*(?:FY\s?\d{4}|previous|last year)", line.norm[amount.end():after.start()],
                                           re.IGNORECASE):
            previous = Amount(yen=en_yen(after), text=after.group(0).strip(), label="previous",
                              fiscal_year=year - 1 if year else None, budget_kind="前年度",
                              start=span(after)[0], end=span(after)[1])
        budget = Budget(yen=en_yen(amount), text=line.norm.strip(), label="Budget", fiscal_year=year,
                        budget_kind="当初", approx=bool(amount.group("approx")), amount_text=amount.group(0).strip(),
                        year=f"FY{year}" if year else "", start=span(amount)[0], end=span(amount)[1],
                        previous_year=previous)
        start, _ = _strip_span(lines[at].raw, lines[at].start)
        last = max((j for j in range(at, end_line) if lines[j].norm.strip()), default=at)
        end = _strip_span(lines[last].raw, lines[last].start)[1]
        contacts = []
        for j in range(i + 1, end_line):
            office = office_label.match(lines[j].norm)
            if office is not None:
                s, e = _strip_span(lines[j].raw, lines[j].start)
                contacts.append(Contact(dept=office.group("office").strip(), phone="", start=s, end=e))
        body_start = _strip_span(lines[i + 1].raw, lines[i + 1].start)[0] if i + 1 < end_line else end
        sections = [Section(name="本文", heading="", start=body_start, end=end)] if end > body_start else []
        programs.append(Program(
            id=program_id(doc.name, title), title=title, body_title=title, aliases=aliases, category=category,
            categories=[category] if category else [], flags=flags,
            department=contacts[0].dept if contacts else None, document=doc.name, start=start, end=end,
            budget=budget, contacts=contacts, sections=sections))
    return finish_reading(doc, programs, "program(s)")
