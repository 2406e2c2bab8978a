"""GET /api/documents/{name}: a source document's text, for showing a citation in context."""

from __future__ import annotations

from fastapi import APIRouter

from qa.api.deps import ServiceDep
from qa.api.schemas import DocumentPublic, ErrorResponse
from qa.errors import NotFound

router = APIRouter()


@router.get("/documents/{name}", response_model=DocumentPublic, responses={404: {"model": ErrorResponse}})
def get_document(name: str, service: ServiceDep) -> DocumentPublic:
    """The document's text exactly as indexed (citation offsets index it)."""
    doc = service.index.documents.get(name)
    if doc is None:
        raise NotFound(f"no document named {name!r}")
    return DocumentPublic(name=doc.name, title=doc.title, text=doc.text, page_starts=doc.page_starts)
