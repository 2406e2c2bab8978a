"""POST /api/ask: a question (with history) to a cited answer."""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from qa.answer import Answer, Turn
from qa.api.deps import ServiceDep
from qa.api.schemas import AnswerPublic, AskRequest, ErrorResponse
from qa.config import get_settings

router = APIRouter()
log = logging.getLogger(__name__)


@router.post("/ask", response_model=AnswerPublic, responses={422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
async def ask(body: AskRequest, service: ServiceDep) -> Answer:
    """Answer a question with the program excerpts that prove it, or say plainly that the documents do not.

    Refused with 422 when the question is empty (`question_empty`) or too long (`question_too_long`), or the
    history has too many turns (`history_too_long`): the limits are those of `AskRequest`. 429 `rate_limited`
    past the per-client rate; 503 `index_loading` while the server starts. Only POST: other methods get 405.
    """
    started = time.perf_counter()
    history = [Turn(m.role, m.content) for m in body.history]
    result = await run_in_threadpool(service.ask, body.question, history, body.mode)
    result.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
    if get_settings().log_questions:
        log.info("ask %r -> %s", body.question, result.programs[:1])
    else:
        log.info("ask chars=%d turns=%d abstained=%s programs=%s", len(body.question), len(body.history),
                 result.abstained, result.programs[:1])
    return result
