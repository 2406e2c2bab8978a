"""Coverage: the share of a document's amount-bearing lines that what was read accounts for.

A line is *amount-bearing* when its NFKC text holds an amount with a unit (`find_amounts`: 「12億円」「45,000千円」),
a figure the layout recognised (it holds the budget span of a program, item or total: a bare 「77,705」 cell of a
table row whose unit the header gives), or, in a document that states the unit of its bare figures once
(「（単位：千円）」), a comma-grouped figure 「471,606」 whether a layout read it or not. It is *accounted for* when it overlaps the span of a program, an
item, a total or a budget part (「うち」), or lies inside a program's text span (a figure in its text).

Computed once at parse time (`measure`) and kept on the document (`Document.coverage`, `amount_lines`,
`accounted_lines`); a document under `LOW_COVERAGE`, or with no programs, gets a warning naming its layout, so
that a document read badly never fails silently. Tables read through a mapping are covered by construction (each
row is a program): `TABLE_NOTE`, not measured, unless rows with a title were read without their amounts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from qa.ingest.amounts import find_amounts
from qa.ingest.lines import lines_of
from qa.ingest.models import Document, Program
from qa.ingest.normalize import nfkc

LOW_COVERAGE = 0.8
TABLE_NOTE = "each row is a program (table read through its mapping or its header)"
# A unit written alone (「千円」「百万円」 over a column, 「予算額（千円）」) reads as an amount of kanji numerals; it is
# a unit, not a figure.
_UNIT_ONLY = re.compile(r"約?\s*[十百千万億兆\s]+円")


# A document that states the unit of its bare figures once (「（単位：千円）」「説明（千円）」) has amount lines without a
# unit on them: a comma-grouped figure (「471,606」) there counts as one, read or not.
_STATED_UNIT = re.compile(r"単位\s*[:：]\s*(?:千|百万|万|億)?円|[(（]\s*(?:千|百万|万|億)円\s*[)）]")
_BARE_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,.])(?!\s*[円%％])")


def states_unit(doc: Document) -> bool:
    """Whether the document states the unit of its bare figures (「（単位：千円）」, a header's 「（千円）」)."""
    return bool(_STATED_UNIT.search(nfkc(doc.text)))


def has_amount(norm: str) -> bool:
    """Whether an NFKC line holds an amount with its unit (a unit written alone does not count)."""
    return any(not _UNIT_ONLY.fullmatch(m.group()) for m, _ in find_amounts(norm))


def _spans(programs: list[Program]) -> list[tuple[int, int]]:
    """Merged, sorted spans of everything read: programs, items and totals, their budgets and budget parts."""
    spans: list[tuple[int, int]] = []
    # A passage cut out of a document read (a guide's Q&A, its household analogy: `resident_guide`) accounts for its
    # figures, which are quoted from it; the passage of a document nothing was read from accounts for none.
    read = any(p.has_budget_structure for p in programs)
    for program in programs:
        if program.kind == "passage" and not read:
            continue
        spans.append((program.start, max(program.end, program.start + 1)))
        # A sheet attached from elsewhere in the document (`qa.ingest.sheets`) is the program's text too.
        spans += [(s.start, max(s.end, s.start + 1)) for s in program.sections if not program.start <= s.start < program.end]
        budget = program.budget
        if budget is not None:
            spans.append((budget.start, max(budget.end, budget.start + 1)))
            spans += [(a.start, max(a.end or a.start, a.start + 1)) for a in budget.uchi if a.start is not None]
        for sub in program.subprojects:
            if sub.amount is not None and sub.amount.start is not None:
                spans.append((sub.amount.start, max(sub.amount.end or sub.amount.start, sub.amount.start + 1)))
    return merge_spans(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (start, end offsets) sorted, those that overlap or touch merged into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the merged `spans` (`starts` = their start offsets)."""
    i = bisect_right(starts, max(end - 1, start)) - 1
    return i >= 0 and spans[i][1] > start


def measure(doc: Document, programs: list[Program]) -> tuple[int, int]:
    """(amount-bearing lines, those accounted for) of a text document and the programs read from it."""
    spans = _spans(programs)
    starts = [s for s, _ in spans]
    figures = sorted(p.budget.start for p in programs if p.kind != "passage" and p.budget is not None)
    bare = states_unit(doc)
    total = accounted = 0
    for line in lines_of(doc):
        if line.end <= line.start:
            continue
        i = bisect_right(figures, line.end - 1) - 1
        recognised = i >= 0 and figures[i] >= line.start
        if not recognised and not has_amount(line.norm) and not (bare and _BARE_FIGURE.search(line.norm)):
            continue
        total += 1
        accounted += overlaps(spans, starts, line.start, line.end)
    return total, accounted


def describe_layout(doc: Document) -> str:
    """「read as text_table (text_table 0.92, ledger 0.10)」, or 「no layout scored」: the layout named in warnings."""
    scored = ", ".join(f"{name} {value:.2f}" for name, value in doc.layout_scores.items() if value > 0)
    if doc.layout:
        return f"read as {doc.layout} ({scored})" if scored else f"read as {doc.layout}"
    return f"layouts scored: {scored}" if scored else "no layout scored"


def assess(doc: Document, programs: list[Program]) -> None:
    """Set `doc.coverage`, `amount_lines` and `accounted_lines`; warn (in `doc.warnings`) when the coverage is
    under `LOW_COVERAGE` or no program was read (the document is then indexed as one passage).

    A document without amount-bearing lines has coverage 1.0 (nothing to account for); without programs too and
    with no layout scoring it (a memo, prose), it is a plain passage by nature and no warning is given.
    """
    total, accounted = measure(doc, programs)
    doc.amount_lines, doc.accounted_lines = total, accounted
    doc.coverage = round(accounted / total, 4) if total else 1.0
    share = f"coverage {doc.coverage:.0%} ({accounted} of {total} amount lines accounted for)"
    scored = any(value > 0 for value in doc.layout_scores.values())
    if not any(p.has_budget_structure for p in programs) and (total or scored):  # totals alone are no programs
        doc.warnings.append(f"no programs found ({describe_layout(doc)}); {share}; indexed as one passage "
                            "(searchable and quotable)")
    elif doc.coverage < LOW_COVERAGE:
        doc.warnings.append(f"{share}, under {LOW_COVERAGE:.0%}, {describe_layout(doc)}; "
                            "figures outside the programs read are not answered from")


def table_coverage(doc: Document) -> None:
    """A table read through its mapping: covered by construction (`TABLE_NOTE`), not measured; unless
    `qa.ingest.records.read_table` counted rows with a title whose amount was not read (`amount_lines` rows that
    should carry one, `accounted_lines` read): then the share of them read, and a note saying so."""
    if doc.amount_lines and doc.accounted_lines < doc.amount_lines:
        doc.coverage = round(doc.accounted_lines / doc.amount_lines, 4)
        doc.coverage_note = (f"{doc.accounted_lines} of {doc.amount_lines} rows with a title have their amount read")
        return
    doc.coverage, doc.coverage_note = 1.0, TABLE_NOTE


def coverage_of(document: Document) -> dict[str, Any]:
    """A document's coverage as `qa programs --json` and the index manifest give it: the share (0-1, None when
    not measured), the amount lines and those accounted for, and the note of a table covered by construction."""
    out: dict[str, Any] = {"coverage": document.coverage, "amount_lines": document.amount_lines,
                           "accounted_lines": document.accounted_lines}
    if document.coverage_note:
        out["coverage_note"] = document.coverage_note
    return out
