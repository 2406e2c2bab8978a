"""GET /api/programs and /api/programs/{id}: the program table and one program with its sections."""

from __future__ import annotations

from fastapi import APIRouter

from qa.api.deps import ServiceDep
from qa.api.schemas import ErrorResponse, ProgramPublic, ProgramSummary, SectionPublic
from qa.errors import NotFound

router = APIRouter()


@router.get("/programs", response_model=list[ProgramSummary])
def list_programs(service: ServiceDep) -> list[ProgramSummary]:
    """Every program, item and total in document order, with its place in the tree and its budget."""
    return [ProgramSummary(id=p.id, title=p.title, kind=p.kind, category=p.category, categories=p.categories,
                           parent_id=p.parent_id, repeat=p.repeat, budget_yen=p.budget.yen if p.budget else None,
                           budget_oku_yen=p.budget.amount_oku_yen if p.budget else None,
                           budget_text=(p.budget.amount_text or p.budget.text) if p.budget else None,
                           fiscal_year=p.budget.fiscal_year if p.budget else None,
                           budget_kind=p.budget.budget_kind if p.budget else "", ministry=p.ministry,
                           department=p.department, document=p.document, pages=p.pages)
            for p in service.index.programs]


@router.get("/programs/{program_id}", response_model=ProgramPublic, responses={404: {"model": ErrorResponse}})
def get_program(program_id: str, service: ServiceDep) -> ProgramPublic:
    """One program with the text of each section."""
    program = service.index.programs_by_id.get(program_id)
    if program is None:
        raise NotFound(f"no program with id {program_id!r}; list them at /api/programs")
    text = service.index.documents[program.document].text
    return ProgramPublic(**program.model_dump(), section_texts=[
        SectionPublic(name=s.name, heading=s.heading, start=s.start, end=s.end, text=text[s.start:s.end]) for s in program.sections])
