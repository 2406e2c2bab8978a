"""Typed records the parser produces: documents, programs and their parts, with exact spans."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, computed_field

from qa.ingest.amounts import yen_to_oku


class Span(BaseModel):
    """A character range into a document's text as read; `text[start:end]` is what gets quoted."""

    start: int
    end: int


class Section(Span):
    """A named part of a program (事業目的・概要, 成果目標, 条件, ...)."""

    name: str
    heading: str = ""


class Amount(BaseModel):
    """A money figure: exact yen, the text as written, and the fiscal year and kind it belongs to.

    `fiscal_year` is the Western year the fiscal year starts in (令和5年度 -> 2023); `budget_kind` is one of
    当初, 補正, 第N次補正, 概算要求, 前年度 (a figure given for comparison) or "" when nothing says.
    """

    yen: int | None
    text: str
    label: str = ""
    fiscal_year: int | None = None
    budget_kind: str = ""
    approx: bool = False
    start: int | None = None
    end: int | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def amount_oku_yen(self) -> float | None:
        """The amount in 億円, the unit budgets are compared in."""
        return yen_to_oku(self.yen)


class Budget(Amount):
    """The program's budget line: this year's figure, last year's, and 「うち」 parts.

    `text` is the whole budget line; `amount_text` the amount in it as written (「12億5,000万円」).
    """

    amount_text: str = ""
    year: str = ""
    start: int
    end: int
    previous_year: Amount | None = None
    uchi: list[Amount] = Field(default_factory=list)
    change: Amount | None = Field(None, description="This year's figure minus last year's as the document states it "
                                                    "(▲/△ read as negative yen); never computed.")


class Contact(BaseModel):
    """A contact department and its phone number, optionally tied to a sub-project."""

    dept: str
    phone: str
    extension: str | None = Field(None, description="The extension after the number (「（内線651）」), digits only.")
    subproject: str | None = None
    start: int
    end: int


class Subproject(Span):
    """A numbered sub-program ((1), ①, 1.) with its own name and, when given, amount."""

    name: str
    marker: str = ""
    amount: Amount | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def amount_oku_yen(self) -> float | None:
        """The sub-program's amount in 億円, when the document gives one."""
        return self.amount.amount_oku_yen if self.amount else None


class Program(BaseModel):
    """One program (事業), or one plain passage for corpora without program structure."""

    id: str
    title: str
    body_title: str | None = None
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    categories: list[str] = Field(default_factory=list, description="Enclosing headings, outer first.")
    parent_id: str | None = Field(None, description="The program or item this one is a part of.")
    repeat: bool = Field(False, description="A 【再掲】 repeat of an item listed elsewhere; never summed twice.")
    flags: list[str] = Field(default_factory=list, description="Markers written beside the title (新規, 拡充), "
                                                               "taken off it.")
    ministry: str | None = None
    department: str | None = None
    row: int | None = Field(None, description="Row of a table of programs this program was read from (0-based).")
    document: str
    pages: list[int] = Field(default_factory=list)
    start: int
    end: int
    budget: Budget | None = None
    contacts: list[Contact] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    subprojects: list[Subproject] = Field(default_factory=list)
    kind: str = Field("program", description="program | item (priced line of a 予算の概要) | total | passage")

    def whole_text(self, document_text: str) -> str:
        """The program's text from its document: its span, then the sections that stand outside it (a ledger
        事業's ・ detail lines, read in a column of their own), one per line."""
        outside = [document_text[s.start:s.end] for s in self.sections if s.start >= self.end or s.end <= self.start]
        return "\n".join([document_text[self.start:self.end], *outside])

    @property
    def has_budget_structure(self) -> bool:
        """A program or priced item (answered from its fields), not a plain passage or a total."""
        return self.kind in ("program", "item")

    @property
    def countable(self) -> bool:
        """Counted and summed in aggregates: programs and items, never totals or 【再掲】 repeats."""
        return self.has_budget_structure and not self.repeat

    def section(self, name: str) -> Section | None:
        """The first section with this canonical name, if the program has it."""
        return next((s for s in self.sections if s.name == name), None)


class Document(BaseModel):
    """A source document's text exactly as read, with page start offsets when it has pages."""

    name: str
    path: str
    text: str
    title: str = ""
    period: str = Field("", description="The opening line that names the fiscal year and kind (令和５年度予算の概要).")
    page_starts: list[int] = Field(default_factory=list)
    kind: str = "budget"
    warnings: list[str] = Field(default_factory=list, description="What the parser could not use, one line each.")
    layout: str = Field("", description="The layout detected and read (program_pages, text_table, ...); '' when none.")
    layout_scores: dict[str, float] = Field(default_factory=dict, description="Detection score (0-1) of each layout.")
    coverage: float | None = Field(None, description="Share (0-1) of the amount-bearing lines accounted for by the "
                                                     "programs read (qa.ingest.coverage); None when not measured.")
    amount_lines: int = Field(0, description="Lines holding an amount (or a figure the layout recognised).")
    accounted_lines: int = Field(0, description="Amount lines inside a program, item, total or budget part.")
    coverage_note: str = Field("", description="How the coverage was obtained when not measured (tables).")
    # The document's lines (qa.ingest.lines.lines_of), split once: (text, page_starts, lines).
    _lines: Any = PrivateAttr(default=None)

    def page_at(self, offset: int) -> int | None:
        """Page number (1-based) of a character offset, when pages are known."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
        return page + 1


class SkippedDocument(BaseModel):
    """A corpus file that was not read, and why (one line)."""

    document: str
    reason: str


class ParsedCorpus(BaseModel):
    """Everything the parser read from a corpus folder."""

    documents: list[Document] = Field(default_factory=list)
    programs: list[Program] = Field(default_factory=list)
    skipped: list[SkippedDocument] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


_COMPLETE_FIELDS: dict[type[BaseModel], set[str]] = {}


def share_fields_sets(model: BaseModel) -> BaseModel:
    """Give `model` and the models inside it one shared "fields set" per class, when theirs holds every field.

    Pydantic keeps a set of the fields given to each instance (`model_fields_set`): for a Program read back from the
    index (every field written) with its budget and five sections that is ~3 KB of a ~7 KB object, the same set each
    time. A complete set is replaced by one set per class: equal contents, so `exclude_unset` and `model_copy` read
    the same; and assigning a field adds a name the set already holds, so the shared set never changes. Called as
    each record is read, so that the sets it drops are reused by the next record (at 100,000 synthetic passages the
    program table's objects take 73 MB instead of 155 MB). Incomplete sets are left as they are.

    Returns:
        The same model.
    """
    cls = type(model)
    complete = _COMPLETE_FIELDS.get(cls)
    if complete is None:
        complete = _COMPLETE_FIELDS.setdefault(cls, set(cls.model_fields))
    if model.__pydantic_fields_set__ == complete:
        object.__setattr__(model, "__pydantic_fields_set__", complete)
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            share_fields_sets(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    share_fields_sets(item)
    return model
