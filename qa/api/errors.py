"""The API's one error vocabulary: snake_case codes, Japanese-then-English messages, no server paths.

Every error answer is `{"error": {"code": ..., "message": ...}}`; `code` is one of `ERROR_CODES` (the OpenAPI
document lists them), `message` is Japanese first, then English, and never names a file on the server.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

from fastapi.responses import JSONResponse

from qa import errors

log = logging.getLogger(__name__)

ErrorCode = Literal[
    "invalid_request", "question_empty", "question_too_long", "history_too_long", "invalid_question",
    "invalid_upload", "forbidden", "admin_disabled", "not_found", "method_not_allowed", "conflict",
    "request_too_large", "rate_limited", "index_loading", "index_unavailable", "index_not_found", "index_corrupt",
    "model_not_installed", "store_unavailable", "internal_error", "invalid_api_key", "model_not_found",
]
ERROR_CODES: tuple[str, ...] = get_args(ErrorCode)

# Domain errors (qa.errors) by class: their code, and the Japanese sentence put before their English message.
DOMAIN: dict[type[errors.QAError], tuple[str, str]] = {
    errors.BadQuestion: ("invalid_question", "質問を受け付けられませんでした。"),
    errors.BadUpload: ("invalid_upload", "アップロードを受け付けられませんでした。"),
    errors.Forbidden: ("forbidden", "APIキーがないか、正しくありません。"),
    errors.AdminDisabled: ("admin_disabled", "管理用APIは無効です。"),
    errors.NotFound: ("not_found", "見つかりません。"),
    errors.Conflict: ("conflict", "他の処理と重なったため実行できません。"),
    errors.IndexNotFound: ("index_not_found", "索引がありません。"),
    errors.IndexCorrupt: ("index_corrupt", "索引が壊れています。"),
    errors.ModelNotInstalled: ("model_not_installed", "埋め込みモデルがインストールされていません。"),
    errors.StoreUnavailable: ("store_unavailable", "索引の保存先に接続できません。しばらくしてからもう一度お試しください。"),
}

# Starlette's own HTTP errors (unknown path, wrong method, ...) by status.
HTTP: dict[int, tuple[str, str, str]] = {
    404: ("not_found", "見つかりません。", "Not found."),
    405: ("method_not_allowed", "このメソッドは使えません。", "Method not allowed."),
    413: ("request_too_large", "リクエストが大きすぎます。", "Request too large."),
}

LOADING = ("準備中です。しばらくしてからもう一度お試しください。 "
           "The service is starting (loading the model and index); try again in a moment.")
UNAVAILABLE = ("現在ご利用いただけません（読み込みに失敗しました）。 "
               "The service could not load its index; the server log says why.")
INTERNAL = "内部エラーが発生しました。 An internal error occurred."

_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
# An absolute path: POSIX (/home/..., /tmp/...) with at least two parts, or a Windows drive path.
_PATH = re.compile(r"(?<![\w.:/])(?:/(?:[\w.@~+-]+/)+[\w.@~+-]*|[A-Za-z]:\\[^\s'\"]+)")


class ApiError(Exception):
    """An error the API layer itself raises, with its code and full (bilingual) message."""

    def __init__(self, status: int, code: ErrorCode, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def scrub_paths(text: str) -> str:
    """`text` with every absolute file path cut to its last part (`/srv/qa/index/x.npy` → `x.npy`).

    URL paths of this API (`/api/programs`) are kept: they are public, not the server's file layout.
    """
    def short(match: re.Match[str]) -> str:
        path = match.group(0)
        if path.startswith(("/api/", "/docs", "/redoc", "/openapi.json")):
            return path
        return re.split(r"[/\\]", path.rstrip("/\\"))[-1] or "…"

    return _PATH.sub(short, text)


def bilingual(japanese: str, english: str) -> str:
    """Japanese, then English; a message that already opens in Japanese is kept as it is."""
    english = scrub_paths(english.strip())
    if _JAPANESE.search(english[:8]):
        return english
    return f"{japanese} {english}".strip()


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape; the message is scrubbed of server paths on the way out."""
    if code not in ERROR_CODES:  # a programming error: the code must be documented; answer as a 500 with it named
        log.error("undocumented error code %r", code)
        code, status = "internal_error", 500
    return JSONResponse({"error": {"code": code, "message": scrub_paths(message)}}, status_code=status,
                        headers=headers)


# The OpenAI error `type` of each status, for the /v1 routes (OpenAI clients read `type`, `param` and `code`).
OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                404: "invalid_request_error", 405: "invalid_request_error", 413: "invalid_request_error",
                429: "rate_limit_error"}


def is_openai_path(path: str) -> bool:
    """Whether a request path belongs to the OpenAI-compatible routes (their errors take OpenAI's shape)."""
    return path == "/v1" or path.startswith("/v1/")


def openai_error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The error shape OpenAI clients parse: `{"error": {"message", "type", "param", "code"}}`, the same code and
    bilingual message as everywhere else. A refused request is 400 as at OpenAI (the rest of the API says 422)."""
    if code not in ERROR_CODES:  # as in error_response: an undocumented code is a programming error, said as a 500
        log.error("undocumented error code %r", code)
        code, status = "internal_error", 500
    status = 400 if status == 422 else status
    kind = OPENAI_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return JSONResponse({"error": {"message": scrub_paths(message), "type": kind, "param": None, "code": code}},
                        status_code=status, headers=headers)


def error_for(path: str, status: int, code: str, message: str,
              headers: dict[str, str] | None = None) -> JSONResponse:
    """The error answer for a request path: OpenAI's shape under /v1, the API's own everywhere else."""
    respond = openai_error_response if is_openai_path(path) else error_response
    return respond(status, code, message, headers=headers)


def domain_error(exc: errors.QAError) -> tuple[str, str]:
    """Code and message of a domain error (an unlisted subclass takes its nearest listed base's)."""
    for cls in type(exc).__mro__:
        if cls in DOMAIN:
            code, japanese = DOMAIN[cls]  # type: ignore[index]
            return code, bilingual(japanese, str(exc))
    return "internal_error", INTERNAL


def validation_error(errors: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """Code and message of a refused request or tool call (pydantic's `errors()`: loc, type, ctx, msg): the limit
    it broke when it is one the schema states, else a readable one-line summary of what was wrong, in Japanese and
    English. Shared by the HTTP API and the MCP tools."""
    parts: list[str] = []
    said: list[str] = []  # the same, in Japanese, one phrase per field
    for err in list(errors)[:5]:
        loc = tuple(x for x in err.get("loc", ()) if x not in _LOCATIONS)
        kind, ctx = err.get("type", ""), err.get("ctx") or {}
        if loc[:1] == ("question",) and len(loc) == 1 and kind == "string_too_long":
            limit = ctx.get("max_length")
            return "question_too_long", f"質問が長すぎます（{limit}文字まで）。 The question is longer than {limit} characters."
        if loc[:1] == ("question",) and len(loc) == 1 and kind == "string_too_short":
            return "question_empty", "質問が空です。 The question is empty."
        if loc == ("history",) and kind == "too_long":
            limit = ctx.get("max_length")
            return "history_too_long", (f"会話の履歴が長すぎます（{limit}件まで）。 "
                                        f"At most {limit} earlier turns are accepted.")
        where = ".".join(str(x) for x in loc)
        said.append(_japanese_detail(where, kind, ctx))
        if kind == "json_invalid":
            parts.append("the request body is not valid JSON")
        elif kind == "string_too_long":
            parts.append(f"{where}: too long (at most {ctx.get('max_length')} characters)")
        elif kind == "string_too_short":
            parts.append(f"{where}: must not be empty")
        else:
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    detail = "、".join(dict.fromkeys(d for d in said if d))
    return "invalid_request", bilingual(f"リクエストの内容が正しくありません（{detail}）。" if detail else
                                        "リクエストの内容が正しくありません。", "; ".join(parts) or "invalid request")


# Where a request's value came from, which names no field (「body」「query」 before 「question」「k」).
_LOCATIONS = ("body", "query", "path", "header", "cookie")
# Pydantic's error kinds said in Japanese (`_japanese_detail`): {where} is the field.
_KINDS_JA = {
    "missing": "{where} がありません",
    "extra_forbidden": "{where} は使えない項目です",
    "json_invalid": "本文がJSONとして読めません",
    "string_type": "{where} は文字列で指定してください",
    "int_type": "{where} は整数で指定してください",
    "int_parsing": "{where} は整数で指定してください",
    "float_type": "{where} は数値で指定してください",
    "float_parsing": "{where} は数値で指定してください",
    "bool_type": "{where} は true か false で指定してください",
    "bool_parsing": "{where} は true か false で指定してください",
    "list_type": "{where} は配列で指定してください",
    "dict_type": "{where} はオブジェクトで指定してください",
    "model_attributes_type": "{where} はオブジェクトで指定してください",
    "literal_error": "{where} の値が選べるものにありません",
    "enum": "{where} の値が選べるものにありません",
    "string_too_short": "{where} が空です",
    "string_too_long": "{where} が長すぎます",
    "greater_than_equal": "{where} が小さすぎます",
    "greater_than": "{where} が小さすぎます",
    "less_than_equal": "{where} が大きすぎます",
    "less_than": "{where} が大きすぎます",
    "too_long": "{where} の件数が多すぎます",
    "too_short": "{where} の件数が足りません",
    "value_error": "{where} の値が正しくありません",
}


def _japanese_detail(where: str, kind: str, ctx: Mapping[str, Any]) -> str:
    """One refused field said in Japanese (「question がありません」, 「k が小さすぎます（1 以上）」); "" for a kind
    not listed (the English part says it)."""
    phrase = _KINDS_JA.get(kind)
    if phrase is None:
        return ""
    text = phrase.format(where=where) if where else phrase.replace("{where} ", "本文")
    bound = next((ctx[k] for k in ("ge", "gt", "le", "lt", "max_length", "min_length") if k in ctx), None)
    if kind.startswith(("greater", "less")) and bound is not None:
        text += f"（{bound} {'以上' if kind.startswith('greater') else '以下'}）"
    elif kind in ("literal_error", "enum") and ctx.get("expected"):
        text += f"（{ctx['expected']}）"
    return text
