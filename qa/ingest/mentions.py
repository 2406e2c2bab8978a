"""Paragraphs of prose elsewhere in a document that name a program: its text too.

Many documents of the genre describe a program in running prose and price it in a table (a mayor's 施政方針 whose
paragraphs name 「高齢者補聴器購入費助成事業」 with its 対象 and 上限 and whose 主要事業 table gives its 予算額; a PR
sheet's summary table over its explanatory pages; a council summary's answers about a listed program). The layout
reads the program from the table row, so its span holds the row only, and what the prose says of it (the 補助率,
上限, 対象) is in no program's text. Here each paragraph that stands outside every program's span and names a program
by its full title, and no other, becomes a section of that program (named by data/vocabulary.toml [mentions] section), outside
its span as a ledger's detail lines are (`Program.whole_text` reads them, answers quote them). A paragraph naming no
program by title but stating the budget of exactly one (「…支援額を返還額の３分の２…に引き上げます。予算額は３億１，５００万円
であります。」 over a table row 「若者県内定着奨学金返還支援事業｜31500」 in 万円) describes that one: the exact yen of a
budget, stated by no other program, is as good a name as its title.

A paragraph is a run of non-blank lines that are not table rows or rules, cut where a line opens with an indent
(Japanese prose opens each paragraph with a full-width space) or a heading marker; one of more than
`_PARAGRAPH_LINES` lines is no paragraph of one program's (a page of prose naming many).
"""

from __future__ import annotations

import re

from qa.ingest import layout as L
from qa.ingest.amounts import find_amounts
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Document, Program, Section
from qa.ingest.normalize import nfkc
from qa.ingest.vocabulary import compact, vocabulary

# A paragraph of more lines than this is a page of prose, not what one program's description takes.
_PARAGRAPH_LINES = 8
# A title shorter than this (「防災」) names too little to be found in prose as the program.
_TITLE_CHARS = 5
# Letters a paragraph must hold besides the name it mentions to say something of it.
_SAYS_CHARS = 8
# A line that is a table row: cells set off by rules, bars or tabs.
_TABLE_ROW = re.compile(r"[|｜│┃\t]")
# A line opening a new paragraph or block: an indent, a heading marker or a numbered heading.
_OPENS = re.compile(r"^(?:[ \u3000]|[■□◆◇●○◎▼▽・※]|[（(]?[0-9０-９一二三四五六七八九十]+[）).．、]|第[0-9０-９一二三四五六七八九十]+)")


def _paragraphs(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, last) line indices of the document's prose paragraphs."""
    out: list[tuple[int, int]] = []
    first: int | None = None
    for i, line in enumerate(lines):
        raw = line.raw
        # (a row of cells, at bars, tabs or runs of spaces, is a table's, not prose)
        prose = bool(line.norm.strip()) and not line.separator and not _TABLE_ROW.search(raw) \
            and not L.RULE_LINE.match(line.norm.replace(" ", ""))
        if first is not None and (not prose or _OPENS.match(raw)):
            out.append((first, i - 1))
            first = None
        if prose and first is None:
            first = i
    if first is not None:
        out.append((first, len(lines) - 1))
    return [(a, b) for a, b in out if b - a + 1 <= _PARAGRAPH_LINES]


def _says(rest: str) -> bool:
    """Whether what a paragraph holds besides a program's name says something: `_SAYS_CHARS` letters or more."""
    return sum(ch.isalpha() for ch in rest) >= _SAYS_CHARS


def mention_sections(doc: Document, programs: list[Program]) -> int:
    """Give each program the prose paragraphs outside every program's span that are about it alone: that name it by
    its full title and no other program, or, naming none, state its budget and no other program's.

    Args:
        doc: the document, its programs read and their titles final.
        programs: its programs; changed in place (sections appended).

    Returns:
        How many paragraphs went to a program.
    """
    own = [p for p in programs if p.has_budget_structure and len(compact(p.title)) >= _TITLE_CHARS]
    if not own:
        return 0
    lines = lines_of(doc)
    # Text a program holds already: its span, and its sections outside it (a ledger's detail lines, a guide's Q&A)
    spans = sorted([(p.start, p.end) for p in programs if p.kind != "passage"]
                   + [(s.start, s.end) for p in programs if p.kind != "passage" for s in p.sections])
    name = vocabulary()["mentions"]["section"]
    titles = [(compact(p.title), p) for p in own]
    by_yen: dict[int, list[Program]] = {}
    for p in own:
        if p.budget is not None and p.budget.yen:
            by_yen.setdefault(p.budget.yen, []).append(p)
    given = 0
    for first, last in _paragraphs(lines):
        start, end = lines[first].start, lines[last].end
        if any(s < end and start < e for s, e in spans):
            continue  # a program's own text already
        text = compact(doc.text[start:end])
        # (a title inside a longer one named here, 「…支援事業」 of 「…支援事業費補助金」, is the longer one's mention; a
        # contents line, 「○…事業..... 2」, names a program and says nothing of it)
        named = {id(program): program for title, program in titles
                 if title in text and _says(text.replace(title, ""))
                 and not any(title != other and title in other and other in text for other, _ in titles)}
        if not named:
            named = {id(p): p for _, yen in find_amounts(nfkc(doc.text[start:end])) for p in by_yen.get(yen, ())
                     if len(by_yen[yen]) == 1}
        # A paragraph about several programs (a guide's common Q&A naming three as examples) is none's own.
        if len(named) == 1:
            program = next(iter(named.values()))
            program.sections.append(Section(name=name, heading=name, start=start, end=end))
            given += 1
    return given
