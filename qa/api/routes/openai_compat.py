"""OpenAI-compatible chat: GET /v1/models and POST /v1/chat/completions, so that chat clients (Open WebUI,
LibreChat, the `openai` library) use the service with no glue code.

The answer is `QAService.ask`'s, whole: the last user message is the question, the earlier user/assistant
messages its history (so 「その予算は？」 follows up). The message text is the answer, then its sources; the
structured citations ride in the extra field `qa`. Streaming sends the same text in pieces as OpenAI chunks.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from qa.answer import Answer, Citation, Turn
from qa.api.deps import ServiceDep
from qa.api.errors import ApiError
from qa.api.openai_schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatMessage,
    Choice,
    ChunkChoice,
    Delta,
    ModelCard,
    ModelList,
    OpenAIErrorResponse,
    QAExtra,
    Usage,
)
from qa.config import get_settings
from qa.index.tokenize import count_tokens

router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])
# Where the sources start in a message: cut off again when the client sends the message back as history, so that
# a follow-up resolves against the answer, not against every program its sources list.
SOURCES = "\n\n出典 / Sources:\n"
# An abstention's nearest excerpts (its text points the reader to them): listed as related, never as sources.
RELATED = "\n\n関連する抜粋（根拠ではありません） / Related excerpts (not an answer):\n"
# Stream pieces: a sentence or a line at a time, as a reader would see it arrive.
_PIECES = re.compile(r"(?<=[。！？\n])")
ERRORS = {status: {"model": OpenAIErrorResponse, "description": description} for status, description in {
    400: "invalid_request, question_empty, question_too_long, invalid_question: the request was refused",
    401: "invalid_api_key: QA_API_KEY is set and the request's bearer key is missing or wrong",
    404: "model_not_found: `model` is not one GET /v1/models lists",
    413: "request_too_large", 429: "rate_limited", 500: "internal_error",
    503: "index_loading (the server is starting), index_unavailable, store_unavailable",
}.items()}


def sources_text(citations: list[Citation], heading: str = SOURCES) -> str:
    """The block appended to an answer: one line per program section and page, in citation order.

    Returns:
        `heading` then 「1. 事業名 — 節, p.3（資料.txt）」 lines, or "" without citations.
    """
    lines: list[str] = []
    seen: set[tuple[str, str, int | None]] = set()
    for c in citations:
        if (c.program_id, c.section, c.page) in seen:
            continue
        seen.add((c.program_id, c.section, c.page))
        page = f", p.{c.page}" if c.page else ""
        lines.append(f"{len(lines) + 1}. {c.program_title} — {c.section}{page}（{c.document}）")
    return heading + "\n".join(lines) if lines else ""


def message_text(answer: Answer) -> str:
    """The assistant message: the answer, then its sources; an abstention's related excerpts, marked as such."""
    if answer.abstained:
        return answer.answer + sources_text(answer.related[:3], RELATED)
    return answer.answer + sources_text(answer.citations)


def _without_blocks(text: str) -> str:
    """An assistant message sent back as history, without the blocks `message_text` appended."""
    return text.split(SOURCES, 1)[0].split(RELATED, 1)[0]


def conversation(messages: list[ChatMessage], max_turns: int) -> tuple[str, list[Turn]]:
    """The question (the last message) and its history (earlier user/assistant messages, at most `max_turns`, the
    latest kept; assistant messages without the sources block this route appended).

    Raises:
        ApiError: 400 invalid_request when the last message is not the user's.
    """
    if messages[-1].role != "user":
        raise ApiError(422, "invalid_request", "最後のメッセージはユーザーの質問にしてください。 "
                                               "The last message must be the user's question.")
    history = [Turn(m.role, _without_blocks(m.text)) for m in messages[:-1]
               if m.role in ("user", "assistant") and m.text.strip()]
    return messages[-1].text, history[-max_turns:] if max_turns > 0 else []


def _created(service: object | None) -> int:
    """The served build's time (Unix seconds), 0 while loading."""
    built = getattr(getattr(service, "index", None), "manifest", {}).get("built_at") if service else None
    try:
        return int(datetime.fromisoformat(built).timestamp()) if built else 0
    except ValueError:
        return 0


@router.get("/models", response_model=ModelList, responses=ERRORS)
def list_models(request: Request) -> ModelList:
    """The models this server answers as: one per served index (QA_OPENAI_MODEL, `qa-budget` by default)."""
    return ModelList(data=[ModelCard(id=get_settings().openai_model,
                                     created=_created(request.app.state.runtime.service))])


@router.post("/chat/completions", response_model=ChatCompletion, responses={
    **ERRORS, 200: {"description": "The answer: a `chat.completion`, or with `stream` a `text/event-stream` of "
                                   "`chat.completion.chunk` events ending with `data: [DONE]`.",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}}}})
async def chat_completions(body: ChatCompletionRequest, service: ServiceDep) -> ChatCompletion | StreamingResponse:
    """Answer the conversation's last user message from the documents, with its sources.

    The message text ends with the sources (program — section, page (document)) after 「出典 / Sources:」; the
    citations with exact spans are in `qa.citations`. When the documents do not say, the message says so plainly
    (`qa.abstained` true, nothing invented). `usage` counts MeCab morphemes (see `Usage`). Errors have OpenAI's
    shape `{"error": {"message", "type", "param", "code"}}`; refused input is 400.
    """
    settings = get_settings()
    if body.model != settings.openai_model:
        raise ApiError(404, "model_not_found", f"モデル「{body.model}」はありません。 The model {body.model!r} does "
                                               f"not exist: use {settings.openai_model!r} (GET /v1/models).")
    question, history = conversation(body.messages, settings.max_history_turns)
    answer: Answer = await run_in_threadpool(service.ask, question, history, body.mode)
    content = message_text(answer)
    prompt = count_tokens(question) + sum(count_tokens(t.content) for t in history)
    completion = count_tokens(content)
    usage = Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)
    extra = QAExtra(abstained=answer.abstained, citations=answer.citations, related=answer.related,
                    programs=answer.programs)
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if not body.stream:
        return ChatCompletion(id=ident, created=created, model=body.model, usage=usage, qa=extra,
                              choices=[Choice(message=AssistantMessage(content=content))])
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return StreamingResponse(_events(ident, created, body.model, content, usage if include_usage else None, extra),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _events(ident: str, created: int, model: str, content: str, usage: Usage | None,
            extra: QAExtra) -> Iterator[str]:
    """The answer as OpenAI streams one: the role, the text a sentence or line at a time, a last chunk with
    `finish_reason` (and `qa`), the usage chunk when asked for, then [DONE]."""
    def event(choices: list[ChunkChoice], **fields: object) -> str:
        data = ChatCompletionChunk(id=ident, created=created, model=model, choices=choices, **fields).model_dump()
        for name in ("usage", "qa"):  # only on the chunks that carry them
            if data[name] is None:
                del data[name]
        for choice in data["choices"]:  # a delta names only what it adds (the role once, then text)
            choice["delta"] = {k: v for k, v in choice["delta"].items() if v is not None}
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield event([ChunkChoice(delta=Delta(role="assistant", content=""))])
    for piece in _PIECES.split(content):
        if piece:
            yield event([ChunkChoice(delta=Delta(content=piece))])
    yield event([ChunkChoice(delta=Delta(), finish_reason="stop")], qa=extra)
    if usage is not None:
        yield event([], usage=usage)
    yield "data: [DONE]\n\n"
