"""Quotable units of a program: sentences and list items with exact spans, short label lines kept together.

A sentence hard-wrapped over several lines (PDF text, text typed to a width) is one unit whose span includes
the line breaks; `qa.ingest.normalize.unwrap` gives the form people read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ingest.models import Document, Program
from qa.ingest.normalize import continues, wrap_width

# Sections whose content is answered from structured fields, not quoted as sentences.
FIELD_SECTIONS = {"事業名", "予算額", "担当・連絡先"}
_BULLET = re.compile(r"\s*(?:[-*・]\s*)+")  # used with .match(text, pos): anchored at pos
_SENTENCE = re.compile(r"[^。]*(?:。|$)")


@dataclass(frozen=True)
class Unit:
    """A sentence or list item: `document.text[start:end] == text` (line breaks of a wrapped sentence included)."""

    section: str
    start: int
    end: int
    text: str


def _spans_of_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one line (or of wrapped lines read as one), bullets and surrounding spaces excluded."""
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    out = []
    for match in _SENTENCE.finditer(text, start, end):
        a, b = match.start(), match.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b - a >= 2:
            out.append((a, b))
    return out


def _rejoin_wraps(text: str, lines: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Physical lines (`(start, end)`, `(-1, -1)` for a blank) merged where a sentence wraps onto the next line.

    A merged line spans from its first line's start to its last line's end, line breaks included.
    """
    merged: list[tuple[int, int]] = []
    previous = (-1, -1)  # the last physical line, whose end decides whether the next one continues it
    for a, b in lines:
        if a >= 0 and previous[0] >= 0 and continues(text[previous[0]:previous[1]], text[a:b], width):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
        previous = (a, b)
    return merged


def program_units(program: Program, doc: Document) -> list[Unit]:
    """Units of every quotable section of a program.

    Consecutive short lines without a full stop (「基準利率」「中小企業事業1.16%」) form one unit, since
    they only make sense together. A line wrapped mid-sentence (`qa.ingest.normalize.continues`) is read
    together with the lines it runs on to, so that a unit is the whole sentence, not 「テムを導入…」.
    """
    text = doc.text
    width = wrap_width(text)
    units: list[Unit] = []
    for section in program.sections:
        if section.name in FIELD_SECTIONS:
            continue
        # Blank lines are kept as (-1, -1) breaks so that only adjacent label lines are joined.
        lines: list[tuple[int, int]] = []
        offset = section.start
        for raw in text[section.start:section.end].split("\n"):
            lines.append((offset, offset + len(raw)) if raw.strip() else (-1, -1))
            offset += len(raw) + 1
        if section.heading and lines and lines[0][0] >= 0 and text[lines[0][0]:lines[0][1]].strip() == section.heading:
            lines = lines[1:]
        lines = _rejoin_wraps(text, lines, width)
        group: list[tuple[int, int]] = []
        for a, b in lines + [(-2, -2)]:
            line = text[a:b] if a >= 0 else ""
            short_label = a >= 0 and "。" not in line and len(line.strip()) <= 30 and not _BULLET.match(line.lstrip())
            if short_label and len(group) < 12:
                group.append((a, b))
                continue
            if a == -1 and group:
                continue  # a blank line inside a block of labels (a table laid out line by line)
            if group:
                spans = _spans_of_line(text, group[0][0], group[-1][1])
                if spans:
                    s, e = spans[0][0], spans[-1][1]
                    units.append(Unit(section.name, s, e, text[s:e]))
                group = []
            if a >= 0 and line.strip():
                units.extend(Unit(section.name, s, e, text[s:e]) for s, e in _spans_of_line(text, a, b))
    return units
