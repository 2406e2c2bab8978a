"""Two-column pages of text extracted with their layout kept (`pdftotext -layout`, a PDF viewer's "copy with
layout"): each line holds a left column's line, a gutter of spaces, and the right column's line. Read as it stands,
every line joins two programs' text. This module finds the gutter and puts the page in reading order: each band of
the page (lines between full-width lines such as a page header, a heading across both columns or the page number)
is given as its left column's lines, then its right column's.

The gutter is a position that almost every line of the band leaves blank (the line is shorter, or has two or more
spaces there) and that many lines cross with text on both sides. Positions are tried in characters and in display
width (a full-width character counts two), as extractors pad either way. A table is not two columns of text: its
lines hold several cells apart, so a band whose two sides hold more than one wide gap in most lines is left alone
(`_one_cell`), nor is a page where few lines cross the gutter (`BOTH_SHARE`, `MIN_SPLIT_LINES`).

Written here: layout-preserving extraction is what offices' text files are; no library splits such text (PDF
libraries lay out from glyph coordinates, which a text file no longer has).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

MIN_SPLIT_LINES = 4  # lines of a band holding text on both sides of its gutter, at the least
CLEAR_SHARE = 0.85  # of a page's lines that leave the gutter blank
BOTH_SHARE = 0.4  # of a page's lines that hold text on both sides of it (a two-column page is mostly both)
# of those, the share with one run of words each side (a program's figure line, 「135,700千円（新規）」, has few words; a
# table of names and figures has words on one side only)
WORDS_SHARE = 0.6
MIN_SIDE = 12  # characters (display width) of the narrower column, at the least
EDGE_SLACK = 2  # columns a right column's line may begin before the gutter's end (a ragged left column)
INDENT = 8  # columns it may begin after it (a line indented inside the right column)
MIN_WORDS = 4  # characters other than figures, units and brackets, on each side of a line that crosses
_GAP = re.compile(r"\s{2,}")
_INNER_GAP = re.compile(r"\S\s{2,}\S")
# What a figure is written with (「△1,234千円」「(単位 千円)」「87」), left out when counting a column's words.
_FIGURE_CHARS = re.compile(r"[\d０-９,，.．△▲\-－ー―()（）\[\]【】千百万億兆円%％単位:：\s]")
_PAGE_BREAK = re.compile(r"(\f|^=+\s*PAGE\s*\d+\s*=+[ \t]*$)", re.MULTILINE)


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _positions(line: str, display: bool) -> list[int]:
    """Each character's starting column (display width or character count)."""
    out, at = [], 0
    for ch in line:
        out.append(at)
        at += _width(ch) if display else 1
    return out


def _split(line: str, edge: int, display: bool) -> tuple[str, str, int] | None:
    """The line split where its right column begins (`edge`): (left, right, the right text's column). The gap
    before the right column is a run of two or more spaces ending at the edge, or a little past it (a line indented
    inside the column); a line whose text all stands left of the edge is left only; None when text crosses it."""
    cols = _positions(line, display)
    for gap in _GAP.finditer(line):
        end = gap.end()
        if end < len(line) and edge - EDGE_SLACK <= cols[end] <= edge + INDENT:
            return line[:gap.start()].rstrip(), line[end:].rstrip(), cols[end]
    text = line.rstrip()
    if not text.strip() or cols[len(text) - 1] < edge:
        return text, "", edge
    if line[:1].isspace() and (start := len(line) - len(line.lstrip())) < len(line) and cols[start] >= edge:
        return "", line.strip(), cols[start]  # (a line of the right column only, its start past the edge)
    return None


def _one_cell(text: str) -> bool:
    """A column's line is one run of words (a table's line holds several cells apart, or a figure: a table of
    names and amounts is not two columns of text)."""
    return len(_GAP.findall(text.strip())) <= 1 and len(_FIGURE_CHARS.sub("", text)) >= MIN_WORDS


def _gutter(band: list[str], display: bool) -> int | None:
    """Where the right column of a page begins, or None: the end of the widest run of positions that at least
    CLEAR_SHARE of the non-blank lines leave blank, when at least BOTH_SHARE of them (MIN_SPLIT_LINES at the least)
    hold text on both sides of it, mostly one run of words each side."""
    lines = [ln for ln in band if ln.strip()]
    need = max(MIN_SPLIT_LINES, BOTH_SHARE * len(lines))
    if sum(bool(_INNER_GAP.search(ln)) for ln in lines) < MIN_SPLIT_LINES:
        return None  # (few lines hold two runs of words apart: no page of two columns, whatever the position)
    widest = max(_positions(ln, display)[-1] + 1 for ln in lines)
    # Where each line is blank (a run of two or more spaces, or past its end) and where it holds text, by position.
    blank = np.ones((len(lines), widest + 1), dtype=bool)
    for row, ln in enumerate(lines):
        cols = _positions(ln, display)
        ends = [*cols[1:], cols[-1] + (_width(ln[-1]) if display else 1)]
        for i, ch in enumerate(ln):
            if not ch.isspace() or ((i == 0 or not ln[i - 1].isspace()) and (i + 1 >= len(ln) or not ln[i + 1].isspace())):
                blank[row, cols[i]:ends[i]] = False  # text, or a single space between words
    clear = blank.mean(axis=0) >= CLEAR_SHARE
    runs: list[tuple[int, int]] = []
    for x in range(MIN_SIDE, widest - MIN_SIDE):
        if clear[x]:
            if runs and runs[-1][1] == x - 1:
                runs[-1] = (runs[-1][0], x)
            else:
                runs.append((x, x))
    for _start, end in sorted(runs, key=lambda r: r[0] - r[1]):  # widest first
        edge = end + 1
        cuts = [_split(ln, edge, display) for ln in lines]
        both = [c for c in cuts if c is not None and c[0].strip() and c[1]]
        # (columns whose lines do not line up leave many lines with the right column's text alone, begun at the
        # gutter: as much a sign of a right column as a line holding both)
        alone = [c for c in cuts if c is not None and not c[0].strip() and _one_cell(c[1]) and c[2] - edge <= EDGE_SLACK]
        if len(both) >= MIN_SPLIT_LINES and len(both) + len(alone) >= need \
                and sum(_one_cell(a) and _one_cell(b) for a, b, _ in both) >= WORDS_SHARE * len(both):
            return edge
    return None


def _bands(lines: list[str], edge: int, display: bool) -> list[list[tuple[str, tuple[str, str, int] | None]]]:
    """The page's lines grouped into bands, each line with its split at the edge (`_split`, read once): a band of
    lines that split (blank ones too), or a line crossing the gutter (None) with the crossing ones beside it."""
    out: list[list[tuple[str, tuple[str, str, int] | None]]] = []
    for line in lines:
        cut = _split(line, edge, display)
        if out and (out[-1][0][1] is None) == (cut is None):
            out[-1].append((line, cut))
        else:
            out.append([(line, cut)])
    return out


def _reorder(page: str) -> str | None:
    """A page's lines in reading order, or None when the page is not two columns."""
    lines = page.split("\n")
    for display in (True, False):
        edge = _gutter(lines, display)
        if edge is None:
            continue
        out: list[str] = []
        for band in _bands(lines, edge, display):
            if band[0][1] is None:
                out += [line for line, _ in band]
                continue
            cuts = [cut for _, cut in band if cut is not None]
            # The right column keeps its own indentation (a program's lines under its heading), from its left edge.
            left = [a for a, _, _ in cuts]
            right = [" " * max(0, at - edge) + b if b else "" for _, b, at in cuts]
            while left and not left[-1].strip():
                left.pop()
            while right and not right[-1].strip():
                right.pop()
            out += left + ([""] if right else []) + right + [""] * (len(band) - len(left) - len(right) - 1)
        text = "\n".join(out).rstrip("\n")
        return text + page[len(page.rstrip("\n")):]  # the page's own closing line breaks
    return None


def reading_order(text: str) -> tuple[str, int]:
    """The text with its two-column pages put in reading order (pages split at form feeds or 「=== PAGE n ===」
    markers, which are kept), and how many pages were reordered (0: the text as given)."""
    parts = _PAGE_BREAK.split(text)
    changed = 0
    for i in range(0, len(parts), 2):  # (odd items are the page breaks themselves)
        reordered = _reorder(parts[i])
        if reordered is not None and reordered != parts[i]:
            parts[i] = reordered
            changed += 1
    return ("".join(parts), changed) if changed else (text, 0)
