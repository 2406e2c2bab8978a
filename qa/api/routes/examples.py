"""GET /api/examples: questions the served corpus answers, for the chat page's welcome buttons."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from qa.api.deps import ServiceDep

router = APIRouter()


class Examples(BaseModel):
    """Example questions made from the served programs, each answered by the service before it is offered."""

    questions: list[str] = Field(description="At most four; [] for a corpus without priced programs",
                                 examples=[["IT導入補助金の補助率は？", "予算額が一番大きい事業は？"]])


@router.get("/examples", response_model=Examples)
def list_examples(service: ServiceDep) -> Examples:
    """Questions to start with, made from this corpus (computed once per index build)."""
    return Examples(questions=service.examples())
