"""Request and response schemas of the HTTP API, named by role."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from qa.answer.models import Answer, Citation
from qa.ingest.models import Program

Mode = Literal["bm25", "dense", "hybrid"]


_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Drop lone surrogates and control characters (they break encoders downstream, and mean nothing)."""
    return _UNSAFE.sub("", value)


class Message(BaseModel):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)

    @field_validator("content", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value


class AskRequest(BaseModel):
    """A question, with the earlier turns that a follow-up (「その補助率は？」) refers to."""

    # Hard caps here; the configurable limits (QA_MAX_QUESTION_CHARS, QA_MAX_HISTORY_TURNS) are checked by
    # the service, with a message that says the limit.
    question: str = Field(min_length=1, max_length=10_000, description="The question, in Japanese.",
                          examples=["IT導入補助金の補助率は？"])
    history: list[Message] = Field(default_factory=list, max_length=200, description="Earlier turns, oldest first.")
    mode: Mode = Field("hybrid", description="Retrieval: bm25, dense or hybrid.")

    @field_validator("question", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value


class AnswerPublic(Answer):
    """The answer with citations (each `text` equals the document at [start:end]) and timings."""


class SearchHit(Citation):
    score: float
    ranks: dict[str, int]


class SearchResults(BaseModel):
    query: str
    mode: Mode
    hits: list[SearchHit]


class ProgramSummary(BaseModel):
    """A row of the program table; `categories` (outer first) and `parent_id` give the document's tree."""

    id: str
    title: str
    kind: str = Field(description="program | item (priced line of a 予算の概要) | total (never summed) | passage")
    category: str | None
    categories: list[str] = Field(default_factory=list)
    parent_id: str | None = None
    repeat: bool = Field(False, description="A 【再掲】 repeat of an item listed elsewhere")
    budget_yen: int | None = Field(None, description="Exact amount in 円")
    budget_oku_yen: float | None
    budget_text: str | None = Field(description="The amount as the document writes it")
    fiscal_year: int | None = Field(None, description="Western year the fiscal year starts in (令和5年度 = 2023)")
    budget_kind: str = Field("", description="当初 | 補正 | 第N次補正 | 概算要求 | \"\"")
    ministry: str | None = None
    department: str | None = None
    document: str
    pages: list[int]


class SectionPublic(BaseModel):
    name: str
    heading: str = ""
    start: int
    end: int
    text: str


class ProgramPublic(Program):
    """A program with the text of each of its sections."""

    section_texts: list[SectionPublic] = Field(default_factory=list)


class DocumentPublic(BaseModel):
    name: str
    title: str
    text: str
    page_starts: list[int]


class SkippedDocument(BaseModel):
    document: str
    reason: str


class Health(BaseModel):
    status: Literal["ok", "loading", "error"]
    detail: str = ""
    index: dict = Field(default_factory=dict)
    skipped: list[SkippedDocument] = Field(default_factory=list, description="Corpus files not read, and why")


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one shape of every error answer."""

    error: ErrorBody
