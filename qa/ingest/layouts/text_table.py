"""Placeholder."""

from __future__ import annotations

from qa.ingest.lines import Line
from qa.ingest.models import Document, Program

NAME = "text_table"


def score(doc: Document, lines: list[Line]) -> float:
    return 0.0


def read(doc: Document, lines: list[Line]) -> list[Program]:
    return []
