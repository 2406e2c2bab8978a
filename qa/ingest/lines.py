"""The line model every layout reads: a document split once into lines with offsets, pages, indentation and cells.

A `Line` keeps its exact offsets into `Document.text` (`text[line.start:line.end] == line.raw`), the NFKC form
matchers compare (`norm`), the page it stands on and its indentation. `cells` splits a line into columns at
table separators (｜, |, tabs, runs of two or more spaces, else single full-width spaces); every cell keeps exact
offsets too, so a value read from a cell is quoted from the document as written. `lines_of(doc)` splits a
document once and keeps the result on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from qa.ingest import layout as L
from qa.ingest.models import Document
from qa.ingest.normalize import nfkc, normalize

# Column separators, strongest first: a line with pipes is split at pipes only (a Markdown or ｜ table), else at
# tabs, else at runs of two or more spaces (text aligned in columns; 「合　計」 stays one cell), else at single
# full-width spaces.
PIPE = re.compile(r"[|｜│┃║]")  # box-drawing verticals (│ ┃ ║) of a table drawn with ┌─┐ are pipes too
_TEXT_PIPE = re.compile(r"[|｜]")  # typed pipes: one alone splits a line, a box vertical alone does not
_TAB = re.compile(r"\t")
_SPACES = re.compile(r"[ \u3000]{2,}")
_WIDE_SPACE = re.compile(r"\u3000")  # a single full-width space: a column gap only where no wider gap is
_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Cell:
    """One column of a line: exact offsets into the document, the text as written and its normalised form."""

    start: int
    end: int
    raw: str
    norm: str


@dataclass
class Line:
    """One line of the document with its exact offsets and its normalised form.

    `index` is the line's position in the document, `page` its page (1-based, 0 when the document has no
    pages), `indent` the width of its leading white space (a full-width space counts 2).
    """

    start: int
    end: int
    raw: str
    norm: str
    stripped: str  # normalised, with heading markers and brackets removed
    level: int  # markdown heading level, 0 when not a markdown heading
    index: int = 0
    page: int = 0
    indent: int = 0

    @property
    def cells(self) -> list[Cell]:
        """The line's columns (see `_split`)."""
        return self._split[1]

    @property
    def separator(self) -> str:
        """What the line's columns are split at: "pipe", "tab", "space", "rule" (a Markdown rule row) or ""."""
        return self._split[0]

    @cached_property
    def _split(self) -> tuple[str, list[Cell]]:
        """The line's columns (see the module docstring); a line without separators is one cell.

        Pipe and tab separated lines keep every part, empty ones too (「｜小計｜1,672,881｜…｜｜」 has an empty first
        and last column), so that a row's cells line up with its header's by position; a Markdown row's outer
        pipes give an empty first and last part (see `framed`). A Markdown rule row (|---|---|) has no cells.
        Space-separated lines are stripped first: indentation opens no column.
        """
        if _MARKDOWN_RULE.match(self.raw) and "-" in self.raw:
            return "rule", []
        for name, pattern in (("pipe", PIPE), ("tab", _TAB), ("space", _SPACES), ("space", _WIDE_SPACE)):
            body = self.raw.rstrip(" \u3000") if name == "tab" else self.raw.strip()
            if not pattern.search(body.strip(" \u3000") if name == "tab" else body.strip()):
                continue
            if name == "pipe" and not _TEXT_PIPE.search(body) and len(PIPE.findall(body)) < 2:
                continue  # one box-drawing │ dividing a space-aligned table in two: spaces split that line
            lead = len(self.raw) - len(self.raw.lstrip()) if name != "tab" else 0
            if name == "pipe":
                body = body.strip()
            out: list[Cell] = []
            pos = 0
            for match in [*pattern.finditer(body), None]:
                stop = match.start() if match else len(body)
                part = body[pos:stop]
                text = part.strip()
                begin = self.start + lead + pos + (len(part) - len(part.lstrip()))
                out.append(Cell(begin, begin + len(text), text, normalize(text)))
                pos = match.end() if match else pos
            return name, out
        body = self.raw.strip()
        begin = self.start + len(self.raw) - len(self.raw.lstrip())
        return "", [Cell(begin, begin + len(body), body, self.norm)] if body else []

    @cached_property
    def folded(self) -> tuple[str, list[int]]:
        """The raw line NFKC-normalised character by character, and for each folded character the offset in the
        document of the character it came from (one more entry: the line's end).

        Unlike `norm` (whitespace collapsed, stripped), a match found in the folded text maps back to exact
        document offsets even where NFKC changes lengths (㈱ -> (株), Ⅱ -> II).
        """
        chars: list[str] = []
        where: list[int] = []
        for n, ch in enumerate(self.raw):
            folded = nfkc(ch)
            chars.append(folded)
            where.extend([self.start + n] * len(folded))
        where.append(self.end)
        return "".join(chars), where

    def span(self, begin: int, end: int) -> tuple[int, int]:
        """Document offsets of `folded[begin:end]` (see `folded`)."""
        where = self.folded[1]
        if end <= begin:
            return where[begin], where[begin]
        return where[begin], where[end - 1] + 1

    @property
    def framed(self) -> bool:
        """A Markdown-style row that opens and closes with a pipe (「| a | b |」)."""
        body = self.raw.strip()
        return len(body) > 1 and body[0] in "|｜│┃║" and body[-1] in "|｜│┃║"


def _indent(raw: str) -> int:
    lead = raw[:len(raw) - len(raw.lstrip())]
    return sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 for ch in lead)


def split_lines(text: str, page_starts: list[int] | None = None) -> list[Line]:
    """Lines with exact offsets; line breaks (\\n, \\r\\n, \\r) are not part of a line.

    Args:
        text: the document text as stored.
        page_starts: offsets where pages begin (a line takes the page it starts on); none gives page 0.
    """
    lines: list[Line] = []
    starts = page_starts or []
    page = 0
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if match.start() == len(text) and match.group() == "":
            break
        raw = match.group().rstrip("\r\n")
        norm = normalize(raw)
        level = len(norm) - len(norm.lstrip("#")) if norm.startswith("#") else 0
        stripped = L.LEAD_MARK.sub("", norm).strip()
        bracket = L.BRACKETED.match(stripped)
        if bracket:
            stripped = bracket.group("inner").strip()
        stripped = stripped.rstrip(":：").strip()
        while page < len(starts) and starts[page] <= match.start():
            page += 1
        lines.append(Line(match.start(), match.start() + len(raw), raw, norm, stripped, level,
                          index=len(lines), page=page, indent=_indent(raw)))
    return lines


def lines_of(doc: Document) -> list[Line]:
    """The document's lines, split once and kept on the document (split again only if its text changed)."""
    cached = doc._lines
    if cached is not None and cached[0] is doc.text and cached[1] == doc.page_starts:
        return cached[2]
    lines = split_lines(doc.text, doc.page_starts)
    doc._lines = (doc.text, list(doc.page_starts), lines)
    return lines
