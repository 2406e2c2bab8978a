"""POST /api/ask: a question (with history) to a cited answer."""

from __future__ import annotations

import time

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from qa.answer import Turn
from qa.api.deps import ServiceDep
from qa.api.schemas import AnswerPublic, AskRequest, ErrorResponse

router = APIRouter()


@router.post("/ask", response_model=AnswerPublic, responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
async def ask(body: AskRequest, service: ServiceDep) -> AnswerPublic:
    """Answer a question with the program excerpts that prove it, or say plainly that the documents do not."""
    started = time.perf_counter()
    history = [Turn(m.role, m.content) for m in body.history]
    answer = await run_in_threadpool(service.ask, body.question, history, body.mode)
    result = AnswerPublic(**answer.model_dump())
    result.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
    return result
