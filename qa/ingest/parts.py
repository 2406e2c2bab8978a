"""Parts of a program written inside its text, and one program a table spreads over several rows.

A web page's or a sheet's row often lists a program's parts in its description cell, each numbered with its own
figure (「①医学生修学資金の貸与　312,000千円<br>…」), and a table whose program cell spans several rows (an HTML
rowspan, laid out row by row) repeats the program's name and budget on each row, one part per row. Both are read
here for every layout, after the layout's own reader: the rows become one program, the numbered figures its parts
(`Subproject`), as a text's own numbered sub-programs are read by `qa.ingest.structure`.
"""

from __future__ import annotations

import re

from qa.ingest.amounts import find_amounts
from qa.ingest.models import Amount, Document, Program, Subproject
from qa.ingest.normalize import key, nfkc

# A numbered part opening a line, a cell or a sentence: ①, (1), （１）.
_PART = re.compile(r"(?:^|(?<=<br>)|(?<=\n)|(?<=。)|(?<=\|))[ \t\u3000]*(?P<marker>[①-⑳㉑-㉟]|[（(]\s*\d{1,2}\s*[)）])"
                   r"[ \t\u3000]*(?P<body>[^<\n|]{2,160})")
# The words naming a part: short, no sentence (「医学生修学資金の貸与」, not 「県内の医療機関で…を条件に」).
_NAME = re.compile(r"[^。、]{2,40}")


def rows_of_one_program(doc: Document, programs: list[Program]) -> list[Program]:
    """Programs with the next one merged when it is the same program on the next row: the same title and budget,
    nothing but blank space between them (a rowspan repeated on every row it spans). The merged program spans both
    rows and keeps the sections whose text the first row does not already hold. Returns the new list."""
    merged: list[Program] = []
    for program in programs:
        last = merged[-1] if merged else None
        if last is not None and _same_row_program(last, program) and not doc.text[last.end:program.start].strip():
            held = {(s.name, doc.text[s.start:s.end]) for s in last.sections}
            last.sections += [s for s in program.sections if (s.name, doc.text[s.start:s.end]) not in held]
            last.end = program.end
            continue
        merged.append(program)
    return merged


def _same_row_program(a: Program, b: Program) -> bool:
    return (a.kind == b.kind == "program" and a.document == b.document and key(a.title) == key(b.title)
            and a.budget is not None and b.budget is not None and a.budget.yen is not None
            and a.budget.yen == b.budget.yen)


def parts_in_text(doc: Document, programs: list[Program]) -> int:
    """Give each program without parts the numbered parts its sections write with their own figure. Changes
    `programs` in place; returns how many programs got parts."""
    given = 0
    for program in programs:
        if program.subprojects or program.kind != "program":
            continue
        parts: list[Subproject] = []
        for section in program.sections:
            text = doc.text[section.start:section.end]
            for found in _PART.finditer(text):
                part = _part(found, section.start)
                if part is not None and all(key(p.name) != key(part.name) for p in parts):
                    parts.append(part)
        if parts:
            program.subprojects = parts
            given += 1
    return given


def _part(found: re.Match[str], offset: int) -> Subproject | None:
    """The part a numbered segment names with its figure; None when the segment states no amount right after a
    short name (a numbered sentence, a condition)."""
    body = nfkc(found.group("body"))
    amounts = find_amounts(body)
    if not amounts:
        return None
    figure, yen = amounts[0]
    name = body[:figure.start()].strip(" \t\u3000:：…")
    if not _NAME.fullmatch(name):
        return None
    return Subproject(name=name, marker=found.group("marker"), amount=Amount(yen=yen, text=figure.group(0).strip()),
                      start=offset + found.start("marker"), end=offset + found.end("body"))
