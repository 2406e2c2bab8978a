"""One program per page (補正予算の概要, 概算要求 PR資料): programs open at labelled budget lines (`structure.py`)."""

from __future__ import annotations

from qa.ingest.lines import Line
from qa.ingest.models import Document, Program
from qa.ingest.opening_totals import opening_totals
from qa.ingest.request_decks import overviews_as_totals
from qa.ingest.signals import figure_lines, has_figure
from qa.ingest.size_block import size_lines
from qa.ingest.structure import find_anchors, find_toc, parse_structure

NAME = "program_pages"


def score(doc: Document, lines: list[Line]) -> float:
    """Share of the document's figure lines that are labelled budget lines (or their previous-year lines).

    Returns:
        0 when no line opens a program (0.01 when labelled budget lines are there but their figures cannot be
        read, so that the reading names them); otherwise the share, times min(1, anchors / 2) so that a single budget
        line in a document of other figures is weak evidence.
    """
    _, body = find_toc(lines)
    unread: list[str] = []
    anchors = find_anchors(lines, body, doc.period or doc.title, unread)
    if not anchors:
        # Budget lines whose figure cannot be read are still this layout's signature: the reading reports them.
        return 0.01 if unread else 0.0
    own = len(anchors) + sum(len(a.previous_lines) for a in anchors)
    # A program page carries figures in its text too: a budget line stands for itself and about two more. The whole
    # budget's figures on the cover (「補正予算の規模」) are the document's totals, no page's: not counted against it.
    whole = sum(1 for i in size_lines(lines) if has_figure(lines[i]))
    coverage = min(1.0, 3 * own / max(1, figure_lines(lines) - whole))
    return round(coverage * min(1.0, len(anchors) / 2), 3)


def read(doc: Document, lines: list[Line]) -> list[Program]:
    """Programs opened by budget lines, with titles, categories, contacts, sections and sub-projects; and the totals
    of the tables of totals outside the program pages (a 一部事務組合's 総括表 by 款: 「消防費」「衛生費」)."""
    programs = parse_structure(doc)
    overviews_as_totals(programs)  # a 概算要求 deck's 「…概算要求の全体像」 slide: the request's total
    return programs + opening_totals(doc, lines, programs)
