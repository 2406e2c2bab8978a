"""Who publishes a document (「この資料ってどこの省庁が出してるの？」): the office its opening names.

A PR document or a 予算の概要 names its publisher on a line of its own near the top (「防衛省」, 「環　境　省」 spaced
out as PDFs print it) or inside its title (「令和８年度北陽県当初予算　主要事業一覧」); a table of programs that all
share one 府省庁 is that office's. Found the same way for every document, never from a list of known offices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.facts.table import PUBLISHER
from qa.ingest.models import Document, Program
from qa.ingest.parse import labels_only

# How far into a document its publisher is looked for (lines with words).
OPENING_LINES = 20
# Lines a title may take, where an office inside a line (「令和８年度北陽県当初予算」) names the publisher; further in,
# a place is a program's (「福島県における…事業」 in a table of contents), not the document's.
TITLE_LINES = 3
# An office alone on its line once spaces are taken out (「防衛省」「環境省」「青葉台市」).
_OFFICE_LINE = re.compile(r"[一-龥ぁ-んァ-ヶー]{1,12}(?:省|庁|府|県|市|町|村|区|都|道)")


@dataclass(frozen=True)
class Publisher:
    """A document's publisher and where the document names it (offsets into its text)."""

    name: str
    start: int
    end: int


def publisher_of(doc: Document, programs: list[Program]) -> Publisher | None:
    """The office that publishes `doc`, or None when its opening names none.

    Args:
        doc: the document.
        programs: its programs (a table's rows: their 府省庁 when all rows share one).
    """
    if doc.kind == "table":
        # Rows rendered as 「項目：値」 lines: one 府省庁 shared by all, or the office the table's title names
        # (「令和８年度北陽県当初予算　主要事業一覧」), cited where the rows state it.
        ministries = {p.ministry for p in programs if p.ministry}
        titled = PUBLISHER.search(doc.title or "")
        name = ministries.pop() if len(ministries) == 1 else titled.group(0) if titled else None
        at = doc.text.find(name) if name else -1
        return Publisher(name, at, at + len(name)) if name and at >= 0 else None
    offset, seen, inside = 0, 0, None
    for raw in doc.text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        if re.search(r"\w", line):
            seen += 1
            compact = re.sub(r"[\s\u3000]+", "", line)
            lead = len(line) - len(line.lstrip())
            if _OFFICE_LINE.fullmatch(compact):
                return Publisher(compact, offset + lead, offset + len(line.rstrip()))
            # (a label over the title names no publisher: 「令和９年２月定例県議会」 is the session of a speech)
            if inside is None and seen <= TITLE_LINES and not labels_only(line) and (found := PUBLISHER.search(line)):
                inside = Publisher(found.group(0), offset + found.start(), offset + found.end())
            if seen >= OPENING_LINES:
                break
        offset += len(raw)
    return inside
