"""GET /api/search: ranked passages with scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from qa.api.deps import ServiceDep
from qa.api.schemas import MAX_QUERY_CHARS, ErrorResponse, Mode, SearchHit, SearchResults

router = APIRouter()


@router.get("/search", response_model=SearchResults, responses={422: {"model": ErrorResponse}})
async def search(service: ServiceDep, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
                 k: Annotated[int, Query(ge=1, le=100)] = 10, mode: Mode = "hybrid") -> SearchResults:
    """Passages for a query, fused from BM25 and dense retrieval (or one of them)."""
    answerer = service.answerer  # one snapshot: a reindex may swap in another build meanwhile
    hits = await run_in_threadpool(answerer.retriever.search, q, k, mode)
    programs = answerer.programs
    out = []
    for hit in hits:
        p = hit.passage
        out.append(SearchHit(program_id=p.program_id, program_title=programs[p.program_id].title, document=p.document,
                             section=p.section, page=p.page, start=p.start, end=p.end, text=p.text,
                             score=round(hit.score, 6), ranks=hit.ranks))
    return SearchResults(query=q, mode=mode, hits=out)
