"""The MCP server: tools `ask`, `search`, `list_programs`, `get_program` and the documents as resources, defined
once on the official SDK's `MCPServer` and served two ways: over stdio by `qa mcp` (local agent hosts) and over
streamable HTTP at /mcp of `qa serve` (`qa.api.app` mounts `streamable_http_routes`).

Every tool calls `QAService`; nothing here answers by itself. A tool that fails returns an MCP tool error (the
message Japanese, then English, without server paths), never a crashed session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import BaseModel, Field, ValidationError
from starlette.routing import BaseRoute

from qa.answer import Answer, Citation, Turn
from qa.api.errors import INTERNAL, domain_error, scrub_paths, validation_error
from qa.api.schemas import (
    MAX_HISTORY_TURNS,
    MAX_QUERY_CHARS,
    MAX_QUESTION_CHARS,
    Message,
    Mode,
    ProgramPublic,
    ProgramSummary,
    SearchHit,
)
from qa.errors import QAError
from qa.service import QAService

log = logging.getLogger(__name__)
MCP_PATH = "/mcp"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
INSTRUCTIONS = (
    "日本の予算事業（補正予算・概算要求・行政事業レビュー等）の資料に基づいて答えます。回答には根拠の抜粋（事業・節・頁・"
    "文字位置）が付き、資料に書かれていないことは「資料にない」と答えます。 Answers questions about Japanese government "
    "budget programs from the source documents, each answer citing the excerpts that prove it; when the documents "
    "do not say, it says so (abstained).")

T = TypeVar("T")
ServiceGetter = Callable[[], QAService]
Allow = Callable[[str], bool]


class AskResult(BaseModel):
    """An answer with the excerpts that prove it (each `text` is the document's [start:end])."""

    answer: str = Field(description="回答 / The answer, in Japanese.")
    abstained: bool = Field(description="資料に記載がない場合 true / True when the documents do not say.")
    citations: list[Citation] = Field(description="根拠の抜粋 / Excerpts that prove the answer, with exact spans.")
    related: list[Citation] = Field(default_factory=list,
                                    description="関連する抜粋（根拠ではない）/ Nearest excerpts when abstaining.")
    programs: list[str] = Field(default_factory=list, description="事業ID / Program ids, the one answered first.")


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit] = Field(description="検索結果の抜粋（スコア順）/ Passages, best first.")


class ProgramRows(BaseModel):
    total: int = Field(description="条件に合う件数 / How many programs match (rows may be fewer: `limit`).")
    rows: list[ProgramSummary]


def _client(ctx: Context | None) -> str | None:
    """The HTTP client's address of this call (None over stdio: a local host, never rate limited)."""
    try:
        request = ctx.request_context.request if ctx is not None else None
    except (ValueError, AttributeError):
        return None
    client = getattr(request, "client", None)
    return client.host if client else None


class _Server(MCPServer):
    """The SDK's server, with a tool call whose arguments fail their schema refused in the HTTP API's words
    (「質問が空です。 The question is empty. (question_empty)」) instead of pydantic's English dump."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:  # noqa: ANN401
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                code, message = validation_error(exc.__cause__.errors())
                raise ToolError(f"{message} ({code})") from exc.__cause__
            raise


def build_server(get_service: ServiceGetter, allow: Allow | None = None) -> MCPServer:
    """The MCP server over a service.

    Args:
        get_service: returns the loaded QAService; raises (e.g. ApiError `index_loading`) while there is none.
        allow: the per-client rate limit of questions (`RateLimiter.allow`), applied to `ask` and `search` over
            HTTP; None for no limit (stdio).

    Returns:
        The server; `run("stdio")` serves it over stdio, `streamable_http_routes` mounts it in an app.
    """
    server = _Server(name="qa-budget", title="予算事業 質問応答 / Budget program QA", instructions=INSTRUCTIONS,
                       version="0.1.0")

    def service(ctx: Context | None = None, question: bool = False) -> QAService:
        """The service, or a tool error saying why not (loading, rate limited)."""
        client = _client(ctx)
        if question and allow is not None and client is not None and not allow(client):
            raise ToolError("質問が多すぎます。少し待ってからもう一度お試しください。 "
                            "Too many questions (rate_limited); try again in a minute.")
        try:
            return get_service()
        except Exception as exc:  # loading or failed: the message the HTTP API would give
            raise ToolError(scrub_paths(getattr(exc, "message", None) or str(exc))) from exc

    def run(call: Callable[[], T]) -> T:
        """Run a service call; domain errors become tool errors with their message, anything else an internal
        error without details (logged)."""
        try:
            return call()
        except ToolError:
            raise
        except QAError as exc:
            code, message = domain_error(exc)
            raise ToolError(f"{message} ({code})") from exc
        except Exception as exc:
            log.exception("MCP tool failed")
            raise ToolError(INTERNAL) from exc

    @server.tool(title="質問に答える / Ask", description=(
        "予算事業の資料に基づいて質問に答え、根拠の抜粋（事業・節・頁・文字位置）を返します。資料にないことは abstained=true で"
        "そう答えます。続きの質問（「その予算は？」）は history に前の発言を入れてください。 Answer a question about "
        "the budget programs from the documents, with citations (program, section, page, exact character span); "
        "abstained=true when the documents do not say. For a follow-up, pass the earlier turns as history."))
    def ask(question: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS, description=(
                "質問（日本語）/ The question, in Japanese, e.g. 「予算が一番大きい事業は？」"))],
            history: Annotated[list[Message] | None, Field(max_length=MAX_HISTORY_TURNS, description=(
                "前の発言（古い順）/ Earlier turns, oldest first: {role: user|assistant, content}."))] = None,
            ctx: Context | None = None) -> AskResult:
        qa = service(ctx, question=True)
        turns = [Turn(m.role, m.content) for m in history or []]
        answer: Answer = run(lambda: qa.ask(question, turns))
        return AskResult(answer=answer.answer, abstained=answer.abstained, citations=answer.citations,
                         related=answer.related, programs=answer.programs)

    @server.tool(title="抜粋を検索 / Search", description=(
        "資料の抜粋を検索します（BM25 と埋め込みの併用）。 Search the documents' passages (BM25 and dense retrieval "
        "fused): each hit names its program, section, page and exact span."))
    def search(query: Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS,
                                           description="検索語 / Query text")],
               k: Annotated[int, Field(ge=1, le=50, description="件数 / How many passages")] = 5,
               mode: Annotated[Mode, Field(description="bm25 | dense | hybrid")] = "hybrid",
               ctx: Context | None = None) -> SearchResult:
        qa = service(ctx, question=True)
        pairs = run(lambda: qa.search(query, k, mode))
        return SearchResult(query=query, hits=[SearchHit.of(hit, program) for hit, program in pairs])

    @server.tool(title="事業の一覧 / List programs", description=(
        "事業（予算の付いた事業・項目）を条件で絞り込んで一覧します。名前は部分一致。 List programs and priced items "
        "matching every filter given (names match as substrings; amounts in 円, inclusive)."))
    def list_programs(
            ministry: Annotated[str | None, Field(max_length=200, description="府省庁 / Ministry, e.g. 経済産業省")] = None,
            department: Annotated[str | None, Field(max_length=200, description="部局・課室 / Department")] = None,
            category: Annotated[str | None, Field(max_length=200, description="分類・見出し / Category heading")] = None,
            fiscal_year: Annotated[int | None, Field(ge=1900, le=2200, description=(
                "年度（西暦、令和5年度 = 2023）/ Fiscal year, Western"))] = None,
            min_yen: Annotated[int | None, Field(ge=0, description="予算額の下限（円）/ Minimum budget in 円")] = None,
            max_yen: Annotated[int | None, Field(ge=0, description="予算額の上限（円）/ Maximum budget in 円")] = None,
            limit: Annotated[int, Field(ge=1, le=500, description="最大件数 / Most rows returned")] = 50,
            ctx: Context | None = None) -> ProgramRows:
        qa = service(ctx)
        found = run(lambda: qa.find_programs(ministry, department, category, fiscal_year, min_yen, max_yen))
        return ProgramRows(total=len(found), rows=[ProgramSummary.of(p) for p in found[:limit]])

    @server.tool(title="事業の詳細 / Get program", description=(
        "事業IDで事業の全項目（予算・節の本文・連絡先・小事業）を返します。IDは list_programs・search・ask が返します。 "
        "One program by id: its fields, budget, contacts, sub-projects and the text of each section."))
    def get_program(program_id: Annotated[str, Field(min_length=1, max_length=300, description=(
                        "事業ID / Program id, as list_programs, search or ask return it"))],
                    ctx: Context | None = None) -> ProgramPublic:
        qa = service(ctx)
        index = qa.index
        program = index.programs_by_id.get(program_id)
        if program is None:
            raise ToolError(f"事業ID「{program_id}」はありません。 No program with id {program_id!r}: "
                            "list_programs gives the ids.")
        return ProgramPublic.of(program, index.documents[program.document].text)

    @server.resource("qa://documents", name="documents", mime_type="application/json",
                     description="資料の一覧 / The source documents: name and title.")
    def documents() -> list[dict[str, str]]:
        return [{"name": d.name, "title": d.title, "uri": f"qa://documents/{d.name}"}
                for d in service().index.documents.values()]

    @server.resource("qa://documents/{name}", name="document", mime_type="text/plain",
                     description="資料の本文（引用の文字位置はこの本文のもの）/ A document's text: citation offsets "
                                 "index it.")
    def document(name: str) -> str:
        doc = service().index.documents.get(name)
        if doc is None:
            # (a ResourceError keeps its message for the client; any other error becomes the SDK's generic one)
            raise ResourceError(f"資料「{name}」はありません。 No document named {name!r}.")
        return doc.text

    return server


def streamable_http_routes(server: MCPServer, host: str) -> list[BaseRoute]:
    """The routes serving `server` over streamable HTTP at exactly /mcp (no /mcp/ redirect), to add to an app
    whose lifespan runs `server.session_manager.run()`.

    Stateless: each request stands alone, so replicas behind a load balancer need no sticky sessions. On a
    loopback `host` the SDK's DNS-rebinding protection stays on (Host and Origin must be loopback); beyond it the
    server is reached by names the SDK cannot know, and QA_API_KEY is what guards it.
    """
    security = None if host in LOOPBACK else TransportSecuritySettings(enable_dns_rebinding_protection=False)
    app = server.streamable_http_app(streamable_http_path=MCP_PATH, stateless_http=True, transport_security=security,
                                     host=host)
    return list(app.routes)


def serve_stdio(service: QAService) -> None:
    """Serve the tools over stdio until the host closes it (`qa mcp`); logs go to stderr."""
    build_server(lambda: service).run("stdio")
