"""The FastAPI application: API routes under /api, OpenAI-compatible chat under /v1, the MCP server at /mcp,
the chat page at /, offline docs at /docs and /redoc, one JSON error shape (`qa.api.errors`; OpenAI's under
/v1), security headers, body limits and the per-client rate limit on every route that answers questions."""

from __future__ import annotations

import gc
import hmac
import logging
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa.api.docs import install_docs
from qa.api.errors import (
    HTTP,
    INTERNAL,
    LOADING,
    UNAVAILABLE,
    ApiError,
    domain_error,
    error_for,
    is_openai_path,
    scrub_paths,
    validation_error,
)
from qa.api.ratelimit import RateLimiter
from qa.api.routes import admin, ask, documents, examples, health, openai_compat, programs, search
from qa.api.schemas import MAX_BODY_BYTES, ErrorResponse
from qa.config import ROOT, get_settings
from qa.errors import EmptyCorpus, QAError, StoreUnavailable
from qa.mcp_server import LOOPBACK, MCP_PATH, build_server, streamable_http_routes

log = logging.getLogger(__name__)
access = logging.getLogger("qa.access")
WEB = ROOT / "web"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


DESCRIPTION = """Ask in Japanese about government budget programs; answers cite exact spans.

Limits the server enforces: request bodies up to {body_kib} KiB; {rate_limit}; the question and history
limits are in the `AskRequest` schema; unknown request fields are refused (422 `invalid_request`), except
under `/v1`, which ignores them as OpenAI does (chat clients send many).

**OpenAI-compatible chat** (`/v1/models`, `/v1/chat/completions`, below) and an **MCP server** at `/mcp`
(streamable HTTP, stateless; tools `ask`, `search`, `list_programs`, `get_program`; resources `qa://documents`) serve
chat clients and agent hosts; `qa mcp` serves the same tools over stdio. Both take `Authorization: Bearer KEY` when
`QA_API_KEY` is set (401 `invalid_api_key` without it), else no key. The body limit and security headers apply to
them as to every route.

Every error is `{{"error": {{"code": ..., "message": ...}}}}`: `code` is snake_case (see `ErrorBody`), `message`
is Japanese, then English (under `/v1` OpenAI's shape `{{"error": {{"message", "type", "param", "code"}}}}` with
the same codes, and refused input is 400). While the server starts, endpoints that need the index answer 503
`index_loading` (「準備中です」) with `Retry-After`."""
# Routes that answer a question: each POST counts against the per-client rate limit (MCP tools count themselves).
QUESTION_ROUTES = ("/api/ask", "/v1/chat/completions")
COMMON_ERRORS = {
    413: "request_too_large: the body is over the limit",
    422: "invalid_request (or question_empty, question_too_long, history_too_long): refused input",
    429: "rate_limited: too many questions from this client",
    500: "internal_error",
    503: "index_loading: the server is starting (「準備中です」); index_unavailable: loading failed; "
         "store_unavailable: the Milvus store cannot be reached",
}


@dataclass
class Runtime:
    """What the app serves from: the service once loaded, or why it is not there yet."""

    service: object | None = None
    detail: str = "loading"
    failed: bool = False
    reindex: tuple[str, str] = ("idle", "")
    reindex_skipped: list = field(default_factory=list)  # SkippedDocument of the last reindex that succeeded
    load: Callable[[], None] | None = None  # loads (building the index) again: the reindex after a failed load
    corpus: Path | None = None  # the corpus folder it serves (uploads go there, loaded or not)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)


class _Pages(Mount):
    """The chat page's files at /, which never answer for /api/... (an API path that exists with another
    method then gets 405, an unknown one a JSON 404, instead of the static files' 404) nor for /mcp/."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        # /mcp/ too: unmatched, the router redirects it to /mcp (307), where hosts configured with a slash belong.
        if path == "/api" or path.startswith(("/api/", MCP_PATH + "/")):
            return Match.NONE, {}
        return super().matches(scope)


# Young-generation threshold of the cyclic collector in a server (CPython's default 700). An answer allocates
# tens of thousands of container objects; with 16 answers in flight a young pass at every 700 promotes many of
# them while still alive, and their deaths in the old generation bring on full passes.
GC_YOUNG_THRESHOLD = 20_000


def settle_gc() -> None:
    """Move everything loaded so far out of the cyclic collector's sight, and collect the young less often.

    Called once the service is loaded: the index, models and tables (~1M tracked objects at 100k passages) live
    as long as the process, yet every full collection walked them all holding the GIL (~2 s at 100k). Frozen, a
    full pass walks only what answers made since (bounded caches). Collection stays on: cycles made while
    answering are still freed."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def _load(app: FastAPI, corpus: Path, index_dir: Path) -> None:
    """Load (building on first run) in the background, so that /api/health can say 503 until ready."""
    from qa.service import QAService

    runtime: Runtime = app.state.runtime
    try:
        runtime.failed = False
        runtime.detail = "準備中です（モデルと索引を読み込んでいます）。 Loading the model and index."
        wait_s = 1.0
        while True:
            try:
                service = QAService.open(index_dir, corpus, build_if_missing=True)
                break
            except StoreUnavailable as exc:  # Milvus not up yet (replicas often start first): keep trying
                runtime.detail = f"準備中です（索引の保存先に接続できません。再試行します）。 {scrub_paths(str(exc))}"
                log.warning("%s; retrying in %.0f s", exc, wait_s)
                if runtime.stop.wait(wait_s):
                    return
                wait_s = min(30.0, wait_s * 2)
        settle_gc()
        runtime.service = service
        runtime.detail = ""
        print(ready_line(service), file=sys.stderr, flush=True)  # the operator's sign that questions are answered now
        poll = get_settings().store_poll_seconds
        if poll > 0:  # replicas over one store: serve a build another replica published
            threading.Thread(target=service.watch, args=(poll, runtime.stop), daemon=True).start()
    except Exception as exc:  # reported on /api/health (without server paths); the process stays up to say so
        log.exception("loading failed")
        runtime.failed = True
        runtime.detail = f"読み込みに失敗しました。 Loading failed: {type(exc).__name__}: {scrub_paths(str(exc))}"
        if isinstance(exc, EmptyCorpus):
            # (the natural first step of a new deployment: upload documents, then reindex; a restart is not needed)
            runtime.detail += (" 資料をアップロード（POST /api/admin/documents）してから再読み込み（POST /api/admin/reindex）"
                               "してください。 Upload documents, then reindex.")


def ready_line(service: Any) -> str:
    """「準備ができました。 Ready: 1 document, 28 programs」 (and the documents skipped, named), from the build's manifest."""
    manifest = service.store.read_manifest()
    counts = manifest.get("counts", {})
    line = f"準備ができました。 Ready: {counts.get('documents', 0)} document(s), {counts.get('programs', 0)} programs"
    if skipped := health.skipped_documents(manifest):
        line += "; skipped: " + "; ".join(f"{s.document} ({s.reason})" for s in skipped)
    return line


def _bearer_ok(request: Request, key: str) -> bool:
    """Whether the request carries `Authorization: Bearer <key>` (compared in constant time)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), key.encode())


def _needs_key(path: str) -> bool:
    """The routes QA_API_KEY guards: the OpenAI-compatible ones and MCP."""
    return is_openai_path(path) or path == MCP_PATH or path.startswith(MCP_PATH + "/")


def create_app(corpus: Path | None = None, index_dir: Path | None = None, service: object | None = None,
               admin_key: str | None = None, rate_limit_per_minute: int | None = None, api_key: str | None = None,
               host: str | None = None) -> FastAPI:
    """Build the app.

    Args:
        corpus: source documents folder (default from settings).
        index_dir: index folder (default from settings).
        service: an already loaded QAService (tests, embedding in other programs); else loaded at start-up.
        admin_key: API key of /api/admin (default from settings; empty disables admin).
        rate_limit_per_minute: questions per client per minute (default from settings; 0 = no limit).
        api_key: bearer key of /v1 and /mcp (default QA_API_KEY; empty: none asked).
        host: the address the server listens on (default QA_HOST): on loopback MCP keeps the SDK's DNS-rebinding
            protection.

    Returns:
        The FastAPI application.
    """
    settings = get_settings()
    limiter = RateLimiter(settings.rate_limit_per_minute if rate_limit_per_minute is None else rate_limit_per_minute)
    corpus, index_dir = corpus or settings.corpus_dir, index_dir or settings.index_dir

    host = host or settings.host

    def loaded_service() -> object:
        """The service for MCP tools, or the API's own 503 error while there is none."""
        runtime = app.state.runtime
        if runtime.service is None:
            raise ApiError(503, "index_unavailable" if runtime.failed else "index_loading",
                           UNAVAILABLE if runtime.failed else LOADING)
        return runtime.service

    mcp = build_server(loaded_service, limiter.allow)  # type: ignore[arg-type]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.runtime.service is None:
            threading.Thread(target=_load, args=(app, corpus, index_dir), daemon=True).start()
        # MCP's streamable HTTP transport answers only while its session manager runs (once per app).
        async with mcp.session_manager.run():
            yield
        app.state.runtime.stop.set()

    app = FastAPI(title="予算事業 質問応答 API", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description=DESCRIPTION.format(body_kib=MAX_BODY_BYTES // 1024, rate_limit=(
                      f"`POST /api/ask` at most {limiter.per_minute} questions per client per minute (past it 429 "
                      "`rate_limited` with `Retry-After`), one budget shared with `POST /v1/chat/completions` and "
                      "the MCP tools `ask` and `search`" if limiter.per_minute else
                      "no rate limit on questions (QA_RATE_LIMIT_PER_MINUTE=0)")))
    app.state.runtime = Runtime(service=service, detail="" if service else "準備中です。 Loading.",
                                load=lambda: _load(app, corpus, index_dir), corpus=corpus)
    app.state.admin_key = settings.admin_key if admin_key is None else admin_key
    app.state.api_key = settings.api_key if api_key is None else api_key
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "Authorization"])

    def _guard(guarded: ASGIApp) -> ASGIApp:
        """Body limit, API key, rate limit, access line and security headers of every HTTP request, around `guarded`
        (the rest of the middleware stack and the routes).

        A plain ASGI middleware rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware runs the
        route in a task group of its own and streams the body and the response through memory channels, about a
        third of the event loop's time per /api/ask at 16 clients (py-spy), all of it holding the GIL the answers
        need. Same checks in the same order, same responses."""

        async def guard(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await guarded(scope, receive, send)
                return
            started = time.perf_counter()
            request = Request(scope)
            length = request.headers.get("content-length")
            path = request.url.path
            limit = settings.max_upload_bytes if path.startswith("/api/admin/") else MAX_BODY_BYTES
            client = request.client.host if request.client else "unknown"
            status = 500

            async def send_with_headers(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = MutableHeaders(scope=message)
                    for name, value in SECURITY_HEADERS.items():
                        headers.setdefault(name, value)
                await send(message)

            if length and (not length.isdigit() or int(length) > limit):
                response = error_for(path, 413, "request_too_large", f"リクエストが大きすぎます（{limit // 1024} KiBまで）。 "
                                                                    f"The request body is over {limit // 1024} KiB.")
            elif app.state.api_key and _needs_key(path) and not _bearer_ok(request, app.state.api_key):
                response = error_for(path, 401, "invalid_api_key", "APIキーがないか、正しくありません。 Missing or wrong "
                                     "API key: send 'Authorization: Bearer <QA_API_KEY>'.",
                                     headers={"WWW-Authenticate": "Bearer"})
            elif path in QUESTION_ROUTES and request.method == "POST" and not limiter.allow(client):
                response = error_for(path, 429, "rate_limited", "質問が多すぎます。少し待ってからもう一度お試しください。 "
                                                               "Too many questions; try again in a minute.",
                                          headers={"Retry-After": "30"})
            else:
                response = None
            if response is not None:
                await response(scope, receive, send_with_headers)
            else:
                await guarded(scope, receive, send_with_headers)
            # Logs keep the route, status and timing; what people ask stays out (it may be personal).
            access.info("%s %s %d %.1fms", request.method, path, status, (time.perf_counter() - started) * 1000)

        return guard

    # Outermost of our middleware (CORS inside it), where `@app.middleware("http")` put it.
    app.add_middleware(_guard)  # type: ignore[arg-type]

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return error_for(request.url.path, exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(QAError)
    async def _domain(request: Request, exc: QAError) -> JSONResponse:
        code, message = domain_error(exc)
        return error_for(request.url.path, exc.status, code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_for(request.url.path, 422, *validation_error(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        if status in HTTP:
            code, japanese, english = HTTP[status]
        elif status == 400 and "parsing the body" in str(exc.detail):
            # (a body Starlette cannot decode, a Shift_JIS JSON: refused as the API refuses any unreadable JSON)
            code, japanese, english = "invalid_request", "本文がJSONとして読めません（UTF-8 で送ってください）。", str(exc.detail)
        else:
            code, japanese, english = (("invalid_request", "リクエストが正しくありません。", str(exc.detail))
                                       if status < 500 else ("internal_error", *INTERNAL.split(" ", 1)))
        return error_for(request.url.path, status, code, f"{japanese} {english}", headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        # Starlette answers unhandled errors outside the middleware: the headers every response carries go here too.
        return error_for(request.url.path, 500, "internal_error", INTERNAL, headers=dict(SECURITY_HEADERS))

    # Every route can answer these, in the one error shape; the OpenAPI document says so.
    common = {status: {"model": ErrorResponse, "description": description}
              for status, description in COMMON_ERRORS.items()}
    for module in (ask, search, programs, examples, documents, health, admin):
        app.include_router(module.router, prefix="/api", responses=common)
    app.include_router(openai_compat.router)
    app.router.routes.extend(streamable_http_routes(mcp, host))
    if host not in LOOPBACK and not app.state.api_key:
        log.warning("serving /v1 and /mcp on %s without QA_API_KEY: anyone who reaches it may ask (as on /api/ask)",
                    host)
    install_docs(app, SECURITY_HEADERS["Content-Security-Policy"])
    if WEB.is_dir():
        app.router.routes.append(_Pages("/", app=StaticFiles(directory=WEB, html=True), name="web"))
    return app
