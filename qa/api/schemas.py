"""Request and response schemas of the HTTP API, named by role."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from qa.answer.models import Answer, Citation
from qa.api.errors import ErrorCode
from qa.config import get_settings
from qa.ingest.models import Program
from qa.retrieve.search import Hit

Mode = Literal["bm25", "dense", "hybrid"]
# The limits the server enforces, stated in the OpenAPI document (settings are read once per process).
MAX_QUESTION_CHARS = get_settings().max_question_chars
MAX_HISTORY_TURNS = get_settings().max_history_turns
MAX_MESSAGE_CHARS = 20_000
MAX_QUERY_CHARS = 1000
MAX_BODY_BYTES = 256 * 1024


_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Drop lone surrogates and control characters (they break encoders downstream, and mean nothing)."""
    return _UNSAFE.sub("", value)


class Message(BaseModel):
    """One earlier turn of the conversation."""

    # A misspelt field (「histroy」, 「contnet」) is refused with a 422 that names it, not silently dropped.
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_MESSAGE_CHARS)

    @field_validator("content", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value


class AskRequest(BaseModel):
    """A question, with the earlier turns that a follow-up (「その補助率は？」) refers to."""

    model_config = ConfigDict(extra="forbid")

    # The configurable limits (QA_MAX_QUESTION_CHARS, QA_MAX_HISTORY_TURNS), so that the schema says what the
    # server enforces; the service checks them again for callers other than the API.
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          description=f"The question, in Japanese (or English): 1 to {MAX_QUESTION_CHARS} characters once "
                                      "leading and trailing white space and control characters are removed.",
                          examples=["IT導入補助金の補助率は？"])
    history: list[Message] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS,
                                   description=f"Earlier turns, oldest first: at most {MAX_HISTORY_TURNS}.")
    mode: Mode = Field("hybrid", description="Retrieval: bm25, dense or hybrid.", examples=["hybrid"])

    @field_validator("question", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return clean_text(value).strip() if isinstance(value, str) else value


class AnswerPublic(Answer):
    """The answer with citations (each `text` equals the document at [start:end]) and timings."""


class SearchHit(Citation):
    """A passage found for a query: where it is, its text, its fused score and each retriever's rank."""

    score: float
    ranks: dict[str, int]

    @classmethod
    def of(cls, hit: Hit, program: Program) -> SearchHit:
        """The public form of a retriever hit (/api/search, MCP `search`)."""
        p = hit.passage
        return cls(program_id=p.program_id, program_title=program.title, document=p.document, section=p.section,
                   page=p.page, start=p.start, end=p.end, text=p.text, score=round(hit.score, 6), ranks=hit.ranks)


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

    @classmethod
    def of(cls, p: Program) -> ProgramSummary:
        """The row of one program (shared by /api/programs and the MCP tool `list_programs`)."""
        budget = p.budget
        return cls(id=p.id, title=p.title, kind=p.kind, category=p.category, categories=p.categories,
                   parent_id=p.parent_id, repeat=p.repeat, budget_yen=budget.yen if budget else None,
                   budget_oku_yen=budget.amount_oku_yen if budget else None,
                   budget_text=(budget.amount_text or budget.text) if budget else None,
                   fiscal_year=budget.fiscal_year if budget else None, budget_kind=budget.budget_kind if budget else "",
                   ministry=p.ministry, department=p.department, document=p.document, pages=p.pages)


class SectionPublic(BaseModel):
    name: str
    heading: str = ""
    start: int
    end: int
    text: str


class ProgramPublic(Program):
    """A program with the text of each of its sections."""

    section_texts: list[SectionPublic] = Field(default_factory=list)

    @classmethod
    def of(cls, program: Program, text: str) -> ProgramPublic:
        """A program with its sections' text cut from `text`, its document's (/api/programs/{id}, MCP `get_program`)."""
        return cls(**program.model_dump(), section_texts=[
            SectionPublic(name=s.name, heading=s.heading, start=s.start, end=s.end, text=text[s.start:s.end])
            for s in program.sections])


class DocumentPublic(BaseModel):
    name: str
    title: str
    text: str
    page_starts: list[int]


class SkippedDocument(BaseModel):
    document: str
    reason: str


class DocumentCoverage(BaseModel):
    document: str
    layout: str = Field("", description="The layout the document was read as ('tables' for a mapped table, '' for a "
                                         "passage)")
    coverage: float | None = Field(None, description="Share (0-1) of its amount-bearing lines accounted for by the "
                                                     "programs read; under 0.8 the build warned of it")
    note: str = Field("", description="How the coverage was obtained when not measured (a table: each row is a "
                                      "program)")


class ErrorBody(BaseModel):
    code: ErrorCode = Field(description="What went wrong, in snake_case (index_loading: the server is starting)")
    message: str = Field(description="Japanese, then English; never a file path of the server")


class ErrorResponse(BaseModel):
    """The one shape of every error answer."""

    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok", "loading", "error"]
    detail: str = ""
    index: dict = Field(default_factory=dict)
    skipped: list[SkippedDocument] = Field(default_factory=list, description="Corpus files not read, and why")
    coverage: list[DocumentCoverage] = Field(default_factory=list, description="Per document: the share of its "
                                             "amount lines the programs read account for")


class HealthProblem(Health):
    """/api/health while not ready (503): the status, and the one error shape (`index_loading` while the
    server starts, `index_unavailable` when loading failed)."""

    error: ErrorBody
