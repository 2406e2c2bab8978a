"""Passages: one per program section, long sections split at sentence boundaries to fit the model."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from pydantic import BaseModel

from qa.ingest.models import Document, Program
from qa.ingest.normalize import unwrap, wrap_breaks

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


class Passage(BaseModel):
    """A citable excerpt: `document.text[start:end] == text`."""

    id: str
    program_id: str
    program_title: str
    document: str
    section: str
    start: int
    end: int
    page: int | None
    text: str

    def index_text(self) -> str:
        r"""What is embedded and BM25-indexed: the program and section name give the excerpt its context.

        A sentence wrapped over lines is joined again (「予約シス\nテム」 -> 「予約システム」), so that the
        tokenizer and the model see whole words; the wrap width is judged on the passage's own lines.
        """
        return f"{self.program_title}｜{self.section}\n{unwrap(self.text)}"


def _pieces(text: str, start: int, end: int, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Split [start, end) at sentence ends and line breaks into the fewest runs that each fit the model.

    A line break that only wraps a sentence is not a place to cut. A single sentence longer than the model's
    limit stays whole (the model truncates it).
    """
    wraps = {at + 1 for at in wrap_breaks(text, start, end)}  # cut positions are just after the "\n"
    cuts = sorted({start, end, *(m.end() for m in _SENTENCE_END.finditer(text, start, end)
                                 if start < m.end() < end and m.end() not in wraps)})
    runs: list[tuple[int, int]] = []
    run_start = previous = start
    for cut in cuts[1:]:
        if previous > run_start and not fits(text[run_start:cut]):
            runs.append((run_start, previous))
            run_start = previous
        previous = cut
    runs.append((run_start, end))
    trimmed = []
    for a, b in runs:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _holds_another(starts: list[int], own: int, start: int, end: int) -> bool:
    """Whether [start, end) holds the start of a program other than the one starting at `own` (`starts` sorted)."""
    i = bisect_left(starts, start)
    return any(s != own for s in starts[i:bisect_left(starts, end)])


def make_passages(programs: list[Program], documents: dict[str, Document],
                  fits: Callable[[str], bool]) -> list[Passage]:
    """Passages of every program section.

    Args:
        programs: parsed programs.
        documents: their documents by name (the text offsets refer to).
        fits: whether a text fits the embedding model (≤ its token limit).

    Returns:
        Passages in document order with exact spans.
    """
    passages: list[Passage] = []
    starts: dict[str, list[int]] = {}
    for program in programs:
        starts.setdefault(program.document, []).append(program.start)
    for found in starts.values():
        found.sort()
    for program in programs:
        doc = documents[program.document]
        for section in program.sections:
            if _holds_another(starts[program.document], program.start, section.start, section.end):
                continue  # a ledger 目's 節・説明 lines: their 事業 are indexed as programs of their own
            for n, (a, b) in enumerate(_pieces(doc.text, section.start, section.end, fits)):
                passages.append(Passage(
                    id=f"{program.id}:{section.start}:{n}", program_id=program.id, program_title=program.title,
                    document=doc.name, section=section.name, start=a, end=b,
                    page=doc.page_at(a) or (program.pages[0] if program.pages else None), text=doc.text[a:b]))
    return passages
