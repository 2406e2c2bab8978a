"""GET /api/programs and /api/programs/{id}: the program table and one program with its sections."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from qa.api.deps import ServiceDep
from qa.api.schemas import ErrorResponse, ProgramPublic, ProgramSummary
from qa.errors import NotFound

router = APIRouter()


@router.get("/programs", response_model=list[ProgramSummary])
def list_programs(service: ServiceDep) -> list[ProgramSummary]:
    """Every program, item and total in document order, with its place in the tree and its budget."""
    return [ProgramSummary.of(p) for p in service.index.programs]


class Alias(BaseModel):
    """A name people use and the wording the documents use instead (`corpus/aliases.tsv`)."""

    name: str = Field(description="What people say: IT導入補助金, JOGMEC")
    wording: str = Field(description="What the documents write: サービス等生産性向上IT導入支援, 石油天然ガス・金属鉱物資源機構")


@router.get("/aliases", response_model=list[Alias])
def list_aliases(service: ServiceDep) -> list[Alias]:
    """The common names the answers understand, so that a program list's search understands them too."""
    return [Alias(name=name, wording=wording) for name, wording in service.answerer.aliases]


@router.get("/programs/{program_id}", response_model=ProgramPublic, responses={404: {"model": ErrorResponse}})
def get_program(program_id: str, service: ServiceDep) -> ProgramPublic:
    """One program with the text of each section."""
    program = service.index.programs_by_id.get(program_id)
    if program is None:
        raise NotFound(f"no program with id {program_id!r}; list them at /api/programs")
    return ProgramPublic.of(program, service.index.documents[program.document].text)
