"""`qa ask` through a running `qa serve`: answers in milliseconds instead of loading the model (seconds).

Standard library only (urllib), proxies bypassed: the server is local. Any failure to reach it returns None so
that the caller falls back to answering in-process.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

HEALTH_TIMEOUT = 0.5  # a local server answers /api/health in milliseconds
ASK_TIMEOUT = 60.0


class ServerRefused(Exception):
    """The server answered the question with an error (rate limit, bad question, not ready)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def base_url(host: str, port: int) -> str:
    """Where a local client reaches `qa serve` listening on host:port (a wildcard address means loopback)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _request(url: str, body: dict[str, Any] | None, timeout: float) -> tuple[int, Any]:
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        try:
            payload = json.loads(exc.read().decode("utf-8"))
        except ValueError:
            payload = None
        return exc.code, payload


def health(url: str, timeout: float = HEALTH_TIMEOUT) -> dict[str, Any] | None:
    """The server's /api/health body (`status` is ok, loading or error), or None when nothing of ours answers."""
    try:
        _, payload = _request(f"{url}/api/health", None, timeout)
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("status") not in ("ok", "loading", "error"):
        return None
    return payload


def ask(url: str, question: str, mode: str, timeout: float = ASK_TIMEOUT,
        history: list[dict[str, str]] | None = None) -> dict[str, Any] | None:
    """POST /api/ask (with the earlier turns, `{"role", "content"}` each, oldest first); the answer as a dict, None
    when the server went away, ServerRefused on an error answer."""
    try:
        status, payload = _request(f"{url}/api/ask", {"question": question, "mode": mode,
                                                      "history": history or []}, timeout)
    except (OSError, ValueError):
        return None
    if status == 200 and isinstance(payload, dict) and "answer" in payload:
        return payload
    error = payload.get("error") if isinstance(payload, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    raise ServerRefused(status, f"the server at {url} answered {status}: {message or 'no message'}")
