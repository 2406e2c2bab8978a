"""The MCP server at /mcp through the official `mcp` client against a real uvicorn server: initialize, list the
tools, call each, read a document resource; bad arguments are tool errors and the session goes on."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from mcp import Client

from qa.api.app import create_app
from tests.conftest import run_async, running

pytestmark = pytest.mark.slow
TOOLS = {"ask", "search", "list_programs", "get_program"}


def session(url: str, steps: Callable[[Client], Awaitable[Any]]) -> Any:
    """Connect an MCP client to `url` (initialize), run `steps` with it, close."""
    async def main() -> Any:
        async with Client(url) as client:
            return await steps(client)

    return run_async(main())


@pytest.fixture(scope="module")
def mcp_url(server) -> str:
    return f"{server}/mcp"


def test_tools_are_listed_with_typed_bilingual_schemas(mcp_url):
    async def steps(client: Client) -> Any:
        return (await client.list_tools()).tools, client.server_info, client.instructions

    tools, info, instructions = session(mcp_url, steps)
    assert info.name == "qa-budget" and "予算事業" in (instructions or "")
    assert {t.name for t in tools} == TOOLS
    for tool in tools:
        assert any("\u3040" <= ch <= "\u9fff" for ch in tool.description)  # Japanese, then English
        assert re.search("[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}", tool.description), tool.description
        assert tool.input_schema["type"] == "object" and tool.output_schema
        for prop in tool.input_schema["properties"].values():
            assert prop.get("description"), (tool.name, prop)
    ask = next(t for t in tools if t.name == "ask")
    assert ask.input_schema["required"] == ["question"]
    assert ask.input_schema["properties"]["question"]["maxLength"] == 1000


def test_ask_names_the_largest_program_and_its_amount(mcp_url, server):
    async def steps(client: Client) -> Any:
        return await client.call_tool("ask", {"question": "予算が一番大きい事業は？"})

    result = session(mcp_url, steps)
    assert not result.is_error
    body = result.structured_content
    assert "ものづくり・商業・サービス経営力向上支援事業" in body["answer"] and "1000.0億円" in body["answer"]
    assert body["abstained"] is False and body["citations"]
    for c in body["citations"]:
        doc = httpx.get(f"{server}/api/documents/{c['document']}").json()
        assert doc["text"][c["start"]:c["end"]] == c["text"]
    assert "1000.0億円" in result.content[0].text  # hosts that read only text content see the answer too


def test_ask_follows_up_with_history_and_abstains_plainly(mcp_url):
    async def steps(client: Client) -> Any:
        first = await client.call_tool("ask", {"question": "IT導入補助金の補助率は？"})
        follow = await client.call_tool("ask", {"question": "その予算は？", "history": [
            {"role": "user", "content": "IT導入補助金の補助率は？"},
            {"role": "assistant", "content": first.structured_content["answer"]}]})
        unknown = await client.call_tool("ask", {"question": "廃炉・汚染水対策事業の担当課の電話番号は？"})
        return follow.structured_content, unknown.structured_content

    follow, unknown = session(mcp_url, steps)
    assert "500.0億円" in follow["answer"]
    assert follow["citations"][0]["program_title"] == "サービス等生産性向上IT導入支援事業費"
    assert unknown["abstained"] is True and unknown["citations"] == []


def test_a_host_configured_with_a_trailing_slash_is_redirected_to_mcp(server):
    async def steps(client: Client) -> Any:
        return (await client.list_tools()).tools

    assert {t.name for t in session(f"{server}/mcp/", steps)} == TOOLS
    res = httpx.post(f"{server}/mcp/", json={})
    assert res.status_code == 307 and res.headers["location"].endswith("/mcp")


def test_search_returns_k_ranked_passages(mcp_url):
    async def steps(client: Client) -> Any:
        return await client.call_tool("search", {"query": "住民拠点SS", "k": 3, "mode": "bm25"})

    hits = session(mcp_url, steps).structured_content["hits"]
    assert len(hits) == 3 and hits[0]["program_title"] == "石油製品安定供給確保支援事業"
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


@pytest.mark.parametrize(("filters", "check"), [
    ({}, lambda rows, total: total == 28),
    ({"min_yen": 50_000_000_000}, lambda rows, total: total >= 2 and all(r["budget_yen"] >= 50_000_000_000
                                                                         for r in rows)),
    ({"max_yen": 1_000_000_000}, lambda rows, total: total >= 1 and all(r["budget_yen"] <= 1_000_000_000
                                                                        for r in rows)),
    ({"fiscal_year": 2017}, lambda rows, total: total == 28),
    ({"fiscal_year": 2030}, lambda rows, total: total == 0),
    ({"department": "資源エネルギー庁"}, lambda rows, total: 0 < total < 28),
    ({"department": "中小企業庁", "min_yen": 3_000_000_000}, lambda rows, total: {r["title"] for r in rows} == {
        "グローバル企業展開・イノベーション促進事業", "インバウンド型クールジャパン推進事業"}),  # contacts name the 庁
    ({"category": "防災・減災"}, lambda rows, total: total == 6),
    ({"category": "日ＥＵ　ＥＰＡ／ＴＰＰ１１"}, lambda rows, total: total == 2),  # width and spaces do not matter
    ({"limit": 2}, lambda rows, total: total == 28 and len(rows) == 2),
])
def test_list_programs_filters(mcp_url, filters, check):
    async def steps(client: Client) -> Any:
        return await client.call_tool("list_programs", filters)

    result = session(mcp_url, steps)
    assert not result.is_error, result.content
    body = result.structured_content
    assert check(body["rows"], body["total"]), (filters, body["total"], [r["title"] for r in body["rows"]])


def test_get_program_returns_fields_sections_and_contacts(mcp_url):
    async def steps(client: Client) -> Any:
        rows = (await client.call_tool("list_programs", {"limit": 1})).structured_content["rows"]
        return await client.call_tool("get_program", {"program_id": rows[0]["id"]})

    program = session(mcp_url, steps).structured_content
    assert program["title"] == "学びと社会の連携促進事業" and program["budget"]["yen"]
    assert {"事業目的・概要", "成果目標"} <= {s["name"] for s in program["section_texts"]}
    assert all(s["text"] for s in program["section_texts"]) and program["contacts"]


def test_documents_are_resources(mcp_url, server):
    async def steps(client: Client) -> Any:
        templates = (await client.list_resource_templates()).resource_templates
        listing = await client.read_resource("qa://documents")
        text = await client.read_resource("qa://documents/h29-hosei-yosan-gaiyou.txt")
        return templates, listing.contents[0].text, text.contents[0].text

    templates, listing, text = session(mcp_url, steps)
    assert [t.uri_template for t in templates] == ["qa://documents/{name}"]
    assert "h29-hosei-yosan-gaiyou.txt" in listing
    assert text == httpx.get(f"{server}/api/documents/h29-hosei-yosan-gaiyou.txt").json()["text"]


def test_an_unknown_document_resource_says_so_in_both_languages(mcp_url):
    async def steps(client: Client) -> Any:
        try:
            await client.read_resource("qa://documents/nope.txt")
        except Exception as exc:  # noqa: BLE001 - the client raises the server's error, whatever its class
            return str(exc)
        return "read"

    said = session(mcp_url, steps)
    assert "資料「nope.txt」はありません" in said and "No document named" in said, said


# Arguments that fail the tools' schemas are refused in the HTTP API's words, Japanese then English with its code,
# never pydantic's dump (「1 validation error for askArguments … errors.pydantic.dev」).
@pytest.mark.parametrize(("tool", "arguments", "says"), [
    ("ask", {"question": ""}, "質問が空です。 The question is empty. (question_empty)"),
    ("ask", {}, "リクエストの内容が正しくありません（question がありません）。"),
    ("ask", {"question": "予" * 1001}, "質問が長すぎます"),
    ("ask", {"question": "予算は？", "history": [{"role": "system", "content": "x"}]}, "history"),
    ("ask", {"question": "   "}, "空"),
    ("search", {"query": "予算", "k": 0}, "k"),
    ("search", {"query": "予算", "mode": "magic"}, "mode"),
    ("list_programs", {"fiscal_year": "令和5年度"}, "fiscal_year"),
    ("get_program", {"program_id": "no-such-program"}, "no-such-program"),
])
def test_bad_arguments_are_tool_errors_and_the_session_goes_on(mcp_url, tool, arguments, says):
    async def steps(client: Client) -> Any:
        bad = await client.call_tool(tool, arguments)
        good = await client.call_tool("search", {"query": "予算", "k": 1})
        return bad, good

    bad, good = session(mcp_url, steps)
    assert bad.is_error and says in bad.content[0].text
    assert "/work/" not in bad.content[0].text and "Traceback" not in bad.content[0].text
    assert "pydantic" not in bad.content[0].text and "validation error for" not in bad.content[0].text
    assert not good.is_error


def test_mcp_questions_count_against_the_rate_limit(seed_service):
    with running(create_app(service=seed_service, rate_limit_per_minute=2)) as url:
        async def steps(client: Client) -> Any:
            return [await client.call_tool("ask", {"question": "IT導入補助金の補助率は？"}) for _ in range(3)]

        results = session(f"{url}/mcp", steps)
    assert [r.is_error for r in results] == [False, False, True]
    assert "rate_limited" in results[2].content[0].text


@pytest.mark.parametrize(("origin", "refused"), [(None, False), ("http://127.0.0.1:3000", False),
                                               ("http://evil.example", True)])
def test_a_foreign_origin_is_refused_on_loopback(server, origin, refused):
    """DNS-rebinding protection: a web page elsewhere cannot drive the local MCP server through a browser."""
    headers = {"Accept": "application/json, text/event-stream", **({"Origin": origin} if origin else {})}
    res = httpx.post(f"{server}/mcp", headers=headers, json={
        "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    assert (res.status_code in (400, 403)) if refused else res.status_code == 200, res.text
