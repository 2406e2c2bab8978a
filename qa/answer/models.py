"""What an answer is: short text, whether the service abstained, and citations with exact spans."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """An excerpt quoted from a source document: `document text[start:end] == text`."""

    program_id: str
    program_title: str
    document: str
    section: str
    page: int | None = None
    start: int
    end: int
    text: str


class Answer(BaseModel):
    """The answer to one question."""

    answer: str
    abstained: bool = False
    intent: str = "detail"
    citations: list[Citation] = Field(default_factory=list)
    related: list[Citation] = Field(default_factory=list, description="Nearest excerpts shown when abstaining.")
    programs: list[str] = Field(default_factory=list, description="Program ids, the one answered from first.")
    timings_ms: dict[str, float] = Field(default_factory=dict)
