"""The FastAPI application: API routes under /api, the chat page at /, one JSON error shape, security headers."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.api.ratelimit import RateLimiter
from qa.api.routes import admin, ask, documents, health, programs, search
from qa.api.schemas import ErrorResponse
from qa.config import ROOT, get_settings
from qa.errors import QAError

log = logging.getLogger(__name__)
access = logging.getLogger("qa.access")
WEB = ROOT / "web"
MAX_BODY_BYTES = 256 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass
class Runtime:
    """What the app serves from: the service once loaded, or why it is not there yet."""

    service: object | None = None
    detail: str = "loading"
    failed: bool = False
    reindex: tuple[str, str] = ("idle", "")
    lock: threading.Lock = field(default_factory=threading.Lock)


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    """A readable one-line summary of what was wrong with the request."""
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        kind = err.get("type", "")
        if kind == "json_invalid":
            parts.append("the request body is not valid JSON")
        elif kind == "string_too_long":
            parts.append(f"{where}: too long (at most {err.get('ctx', {}).get('max_length')} characters)")
        elif kind == "string_too_short":
            parts.append(f"{where}: must not be empty")
        else:
            parts.append(f"{where}: {err.get('msg')}")
    return "; ".join(parts) or "invalid request"


def _load(app: FastAPI, corpus: Path, index_dir: Path) -> None:
    """Load (building on first run) in the background, so that /api/health can say 503 until ready."""
    from qa.service import QAService

    runtime: Runtime = app.state.runtime
    try:
        runtime.detail = "loading the model and index"
        runtime.service = QAService.open(index_dir, corpus, build_if_missing=True)
        runtime.detail = ""
    except Exception as exc:  # reported on /api/health; the process stays up to say so
        log.exception("loading failed")
        runtime.failed, runtime.detail = True, f"loading failed: {exc}"


def create_app(corpus: Path | None = None, index_dir: Path | None = None, service: object | None = None,
               admin_key: str | None = None, rate_limit_per_minute: int | None = None) -> FastAPI:
    """Build the app.

    Args:
        corpus: source documents folder (default from settings).
        index_dir: index folder (default from settings).
        service: an already loaded QAService (tests, embedding in other programs); else loaded at start-up.
        admin_key: API key of /api/admin (default from settings; empty disables admin).
        rate_limit_per_minute: questions per client per minute (default from settings; 0 = no limit).

    Returns:
        The FastAPI application.
    """
    settings = get_settings()
    corpus, index_dir = corpus or settings.corpus_dir, index_dir or settings.index_dir

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.runtime.service is None:
            threading.Thread(target=_load, args=(app, corpus, index_dir), daemon=True).start()
        yield

    app = FastAPI(title="予算事業 質問応答 API", version="0.1.0", lifespan=lifespan,
                  description="Ask in Japanese about government budget programs; answers cite exact spans.")
    app.state.runtime = Runtime(service=service, detail="" if service else "loading")
    app.state.admin_key = settings.admin_key if admin_key is None else admin_key
    limiter = RateLimiter(settings.rate_limit_per_minute if rate_limit_per_minute is None else rate_limit_per_minute)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key"])

    @app.middleware("http")
    async def _guard(request: Request, call_next):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        length = request.headers.get("content-length")
        limit = settings.max_upload_bytes if request.url.path.startswith("/api/admin/") else MAX_BODY_BYTES
        client = request.client.host if request.client else "unknown"
        if length and (not length.isdigit() or int(length) > limit):
            response = error(413, "too_large", f"request body over {limit // 1024} KiB")
        elif request.url.path == "/api/ask" and request.method == "POST" and not limiter.allow(client):
            response = error(429, "rate_limited", "質問が多すぎます。少し待ってからもう一度お試しください。 "
                                                  "Too many questions; try again in a minute.")
            response.headers["Retry-After"] = "30"
        else:
            response = await call_next(request)
        # Logs keep the route, status and timing; what people ask stays out (it may be personal).
        access.info("%s %s %d %.1fms", request.method, request.url.path, response.status_code,
                    (time.perf_counter() - started) * 1000)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(QAError)
    async def _domain(request: Request, exc: QAError) -> JSONResponse:
        return error(exc.status, type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, "http_error", str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error(500, "internal_error", "内部エラーが発生しました。 An internal error occurred.")

    # Every route can answer these, in the one error shape; the OpenAPI document says so.
    common = {code: {"model": ErrorResponse} for code in (413, 422, 429, 503)}
    for module in (ask, search, programs, documents, health, admin):
        app.include_router(module.router, prefix="/api", responses=common)
    if WEB.is_dir():
        app.mount("/", StaticFiles(directory=WEB, html=True), name="web")
    return app
