"""Typed records the parser produces: documents, programs and their parts, with exact spans."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Span(BaseModel):
    """A character range into a document's text as read; `text[start:end]` is what gets quoted."""

    start: int
    end: int


class Section(Span):
    """A named part of a program (事業目的・概要, 成果目標, 条件, ...)."""

    name: str
    heading: str = ""


class Amount(BaseModel):
    """A money figure as written, with its value in 億円 when it can be read."""

    amount_oku_yen: float | None
    text: str
    label: str = ""
    start: int | None = None
    end: int | None = None


class Budget(BaseModel):
    """The program's budget line: this year's figure, last year's, and 「うち」 parts."""

    amount_oku_yen: float | None
    text: str
    label: str = ""
    year: str = ""
    start: int
    end: int
    previous_year: Amount | None = None
    uchi: list[Amount] = Field(default_factory=list)


class Contact(BaseModel):
    """A contact department and its phone number, optionally tied to a sub-project."""

    dept: str
    phone: str
    subproject: str | None = None
    start: int
    end: int


class Subproject(Span):
    """A numbered sub-program ((1), ①, 1.) with its own name and, when given, amount."""

    name: str
    marker: str = ""
    amount_oku_yen: float | None = None


class Program(BaseModel):
    """One program (事業), or one plain passage for corpora without program structure."""

    id: str
    title: str
    body_title: str | None = None
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    document: str
    pages: list[int] = Field(default_factory=list)
    start: int
    end: int
    budget: Budget | None = None
    contacts: list[Contact] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    subprojects: list[Subproject] = Field(default_factory=list)
    kind: str = "program"

    def section(self, name: str) -> Section | None:
        """The first section with this canonical name, if the program has it."""
        return next((s for s in self.sections if s.name == name), None)


class Document(BaseModel):
    """A source document's text exactly as read, with page start offsets when it has pages."""

    name: str
    path: str
    text: str
    title: str = ""
    page_starts: list[int] = Field(default_factory=list)
    kind: str = "budget"

    def page_at(self, offset: int) -> int | None:
        """Page number (1-based) of a character offset, when pages are known."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
        return page + 1


class ParsedCorpus(BaseModel):
    """Everything the parser read from a corpus folder."""

    documents: list[Document] = Field(default_factory=list)
    programs: list[Program] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
