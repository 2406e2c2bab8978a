"""What an answer is: short text, whether the service abstained, and citations with exact spans."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator


class Citation(BaseModel):
    """An excerpt quoted from a source document: `document text[start:end] == text`.

    `quote` is the same excerpt as people read it: a sentence hard-wrapped over lines joined again
    (`qa.ingest.normalize.unwrap`). Offsets and `text` stay exact so that the span can be checked.
    """

    program_id: str
    program_title: str
    document: str
    section: str
    page: int | None = None
    start: int
    end: int
    text: str
    quote: str = Field("", description="The excerpt for display: `text` with line wraps inside sentences removed.")

    @model_validator(mode="after")
    def _quote_defaults_to_text(self) -> Citation:
        """A citation made without a display form shows its exact text."""
        if not self.quote:
            self.quote = self.text
        return self


class Answer(BaseModel):
    """The answer to one question."""

    answer: str
    abstained: bool = False
    intent: str = "detail"
    citations: list[Citation] = Field(default_factory=list)
    related: list[Citation] = Field(default_factory=list, description="Nearest excerpts shown when abstaining.")
    programs: list[str] = Field(default_factory=list, description="Program ids, the one answered from first.")
    confidence: float | None = Field(None, description="Calibrated probability (0..1) that the quoted sentence answers "
                                                       "the question (`qa.answer.select`); None for answers not chosen "
                                                       "by the selector.")
    timings_ms: dict[str, float] = Field(default_factory=dict)
