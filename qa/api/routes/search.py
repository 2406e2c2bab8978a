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
    pairs = await run_in_threadpool(service.search, q, k, mode)
    return SearchResults(query=q, mode=mode, hits=[SearchHit.of(hit, program) for hit, program in pairs])
