"""GET /api/programs and /api/programs/{id}: the program table and one program with its sections."""

from __future__ import annotations

from fastapi import APIRouter

from qa.api.deps import ServiceDep
from qa.api.schemas import ErrorResponse, ProgramPublic, ProgramSummary
from qa.errors import NotFound

router = APIRouter()


@router.get("/programs", response_model=list[ProgramSummary])
def list_programs(service: ServiceDep) -> list[ProgramSummary]:
    """Every program, item and total in document order, with its place in the tree and its budget."""
    return [ProgramSummary.of(p) for p in service.index.programs]


@router.get("/programs/{program_id}", response_model=ProgramPublic, responses={404: {"model": ErrorResponse}})
def get_program(program_id: str, service: ServiceDep) -> ProgramPublic:
    """One program with the text of each section."""
    program = service.index.programs_by_id.get(program_id)
    if program is None:
        raise NotFound(f"no program with id {program_id!r}; list them at /api/programs")
    return ProgramPublic.of(program, service.index.documents[program.document].text)
