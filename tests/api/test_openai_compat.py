"""The OpenAI-compatible routes through the official `openai` client against a real uvicorn server: models, a
grounded answer with its figure and sources, a streamed follow-up, an abstention, errors in OpenAI's shape, the
bearer key, the rate limit, body limit and security headers."""

from __future__ import annotations

import httpx
import openai
import pytest

from qa.api.app import create_app
from qa.index.tokenize import count_tokens
from tests.conftest import running

pytestmark = pytest.mark.slow
KEY = "test-key-not-a-secret"


@pytest.fixture(scope="module")
def client(server):
    # No key on this server: the client still sends one (the library requires it); the server ignores it.
    with openai.OpenAI(base_url=f"{server}/v1", api_key="unused", max_retries=0, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def guarded(seed_service):
    """A second real server with QA_API_KEY set and a question limit of 3 a minute."""
    with running(create_app(service=seed_service, api_key=KEY, rate_limit_per_minute=3)) as url:
        yield url


def check_citations(server: str, citations: list[dict]) -> None:
    """Every citation quotes its document exactly at [start:end]."""
    assert citations
    for c in citations:
        doc = httpx.get(f"{server}/api/documents/{c['document']}", timeout=30).json()
        assert doc["text"][c["start"]:c["end"]] == c["text"]


def test_models_lists_the_served_index(client):
    models = client.models.list()
    assert [m.id for m in models.data] == ["qa-budget"]
    assert models.data[0].created > 0  # the index's build time


def test_an_answer_has_its_figure_its_sources_and_honest_usage(client, server):
    question = "ものづくり補助金の予算は？"
    res = client.chat.completions.create(model="qa-budget", messages=[
        {"role": "system", "content": "You are a helpful assistant."},  # ignored, and not counted
        {"role": "user", "content": question}])
    content = res.choices[0].message.content
    answer, sources = content.split("\n\n出典 / Sources:\n")
    assert "1000.0億円" in answer
    assert sources.startswith("1. ものづくり・商業・サービス経営力向上支援事業 — ")
    assert res.choices[0].finish_reason == "stop" and res.object == "chat.completion"
    extra = res.model_extra["qa"]
    assert extra["abstained"] is False
    check_citations(server, extra["citations"])
    assert res.usage.prompt_tokens == count_tokens(question)
    assert res.usage.completion_tokens == count_tokens(content)
    assert res.usage.total_tokens == res.usage.prompt_tokens + res.usage.completion_tokens


def test_a_streamed_follow_up_resolves_sono_yosan(client):
    first = client.chat.completions.create(model="qa-budget", messages=[
        {"role": "user", "content": "IT導入補助金の補助率は？"}]).choices[0].message.content
    assert "出典 / Sources:" in first  # sent back as history: the route cuts the sources off again
    stream = client.chat.completions.create(model="qa-budget", stream=True, stream_options={"include_usage": True},
                                            messages=[{"role": "user", "content": "IT導入補助金の補助率は？"},
                                                      {"role": "assistant", "content": first},
                                                      {"role": "user", "content": [{"type": "text",
                                                                                    "text": "その予算は？"}]}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1  # arrives in pieces
    assert "500.0億円" in text and "サービス等生産性向上IT導入支援事業費" in text
    finish = [c for c in chunks if c.choices and c.choices[0].finish_reason]
    assert len(finish) == 1 and finish[0].choices[0].finish_reason == "stop"
    assert finish[0].model_extra["qa"]["citations"][0]["program_title"] == "サービス等生産性向上IT導入支援事業費"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == count_tokens(text)


def test_the_raw_stream_is_server_sent_events_ending_with_done(server):
    with httpx.stream("POST", f"{server}/v1/chat/completions", timeout=60, json={
            "model": "qa-budget", "stream": True, "messages": [{"role": "user", "content": "IT導入補助金の補助率は？"}]}) as res:
        assert res.headers["content-type"].startswith("text/event-stream")
        events = [line for line in res.iter_lines() if line]
    assert all(line.startswith("data: ") for line in events)
    assert events[-1] == "data: [DONE]" and events.count("data: [DONE]") == 1


def test_an_abstention_is_a_plain_message_saying_what_the_documents_do_not_say(client):
    res = client.chat.completions.create(model="qa-budget", messages=[
        {"role": "user", "content": "月面基地の建設に向けた補助事業の予算は？"}])
    content = res.choices[0].message.content
    assert res.model_extra["qa"]["abstained"] is True and res.model_extra["qa"]["citations"] == []
    said, _, related = content.partition("\n\n関連する抜粋（根拠ではありません） / Related excerpts (not an answer):\n")
    assert "見つかりませんでした" in said and "出典" not in content  # said plainly; nothing is cited as proof
    assert related.startswith("1. ")  # the excerpts the sentence points to are there, marked as not proof


@pytest.mark.parametrize(("body", "error", "code"), [
    ({"model": "gpt-4o", "messages": [{"role": "user", "content": "予算は？"}]}, openai.NotFoundError,
     "model_not_found"),
    ({"model": "qa-budget", "messages": [{"role": "user", "content": "予算は？"}, {"role": "assistant", "content": "x"}]},
     openai.BadRequestError, "invalid_request"),
    ({"model": "qa-budget", "messages": [{"role": "user", "content": "   "}]}, openai.BadRequestError,
     "invalid_question"),
    ({"model": "qa-budget", "messages": [{"role": "user", "content": "予" * 1001}]}, openai.BadRequestError,
     "invalid_question"),
    ({"model": "qa-budget", "messages": []}, openai.BadRequestError, "invalid_request"),
    ({"model": "qa-budget", "messages": [{"role": "wizard", "content": "予算は？"}]}, openai.BadRequestError,
     "invalid_request"),
])
def test_errors_come_in_openai_shape(client, body, error, code):
    with pytest.raises(error) as raised:
        client.chat.completions.create(**body)
    err = raised.value.body
    assert err["code"] == code and err["type"] == "invalid_request_error" and "param" in err
    japanese, _, english = err["message"].partition(" ")
    assert japanese and english


def test_a_long_chat_keeps_its_latest_turns_instead_of_failing(client):
    turns = [{"role": "user", "content": "ものづくり補助金の予算は？"}, {"role": "assistant", "content": "1000.0億円です。"}]
    res = client.chat.completions.create(model="qa-budget", messages=[
        *turns * 15, {"role": "user", "content": "IT導入補助金の補助率は？"}])
    assert "1/2" in res.choices[0].message.content


def test_the_key_is_asked_when_configured(guarded):
    with openai.OpenAI(base_url=f"{guarded}/v1", api_key="wrong", max_retries=0) as wrong:
        with pytest.raises(openai.AuthenticationError) as raised:
            wrong.models.list()
    assert raised.value.body["code"] == "invalid_api_key"
    mcp = httpx.post(f"{guarded}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert mcp.status_code == 401 and mcp.headers["www-authenticate"] == "Bearer"
    with openai.OpenAI(base_url=f"{guarded}/v1", api_key=KEY, max_retries=0) as right:
        assert [m.id for m in right.models.list().data] == ["qa-budget"]


def test_chat_counts_against_the_question_rate_limit(guarded):
    with openai.OpenAI(base_url=f"{guarded}/v1", api_key=KEY, max_retries=0, timeout=60) as c:
        ask = {"model": "qa-budget", "messages": [{"role": "user", "content": "IT導入補助金の補助率は？"}]}
        with pytest.raises(openai.RateLimitError) as raised:
            for _ in range(4):  # 3 a minute on this server
                c.chat.completions.create(**ask)
    assert raised.value.body["code"] == "rate_limited" and raised.value.response.headers["retry-after"]


@pytest.mark.parametrize(("method", "path", "body", "status"), [
    ("GET", "/v1/models", b"", 200),
    ("POST", "/v1/chat/completions", b"x" * 300_000, 413),
    ("POST", "/mcp", b"x" * 300_000, 413),
    ("POST", "/v1/chat/completions", b"{not json", 400),
])
def test_new_routes_have_the_security_headers_and_body_limit(server, method, path, body, status):
    res = httpx.request(method, f"{server}{path}", content=body, headers={"Content-Type": "application/json"})
    assert res.status_code == status
    assert res.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in res.headers["content-security-policy"]


def test_openapi_docs_show_the_new_routes(server):
    doc = httpx.get(f"{server}/openapi.json").json()
    assert {"/v1/models", "/v1/chat/completions"} <= set(doc["paths"])
    assert "/mcp" in doc["info"]["description"] and "QA_API_KEY" in doc["info"]["description"]
    responses = doc["paths"]["/v1/chat/completions"]["post"]["responses"]
    assert {"400", "401", "404", "413", "429", "503"} <= set(responses)
    assert "text/event-stream" in responses["200"]["content"]


@pytest.mark.parametrize(("host", "key", "warned"), [("127.0.0.1", "", False), ("0.0.0.0", "", True),
                                                     ("0.0.0.0", KEY, False)])
def test_serving_beyond_loopback_without_a_key_warns(caplog, host, key, warned):
    caplog.set_level("WARNING", logger="qa.api.app")
    create_app(service=object(), api_key=key, host=host)
    assert any("without QA_API_KEY" in r.getMessage() for r in caplog.records) == warned
