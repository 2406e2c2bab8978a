"""`qa mcp` over stdio, as a local agent host starts it: the official `mcp` client launches the command, lists
the tools and asks; stdout carries nothing but the protocol."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from tests.conftest import CORPUS, ROOT, run_async

pytestmark = pytest.mark.slow


def test_qa_mcp_serves_the_tools_over_stdio(seed_service):
    params = StdioServerParameters(command=sys.executable, cwd=str(ROOT), env=dict(os.environ), args=[
        "-m", "qa.cli", "mcp", "--index", str(seed_service.index_dir), "--corpus", str(CORPUS)])

    async def main() -> Any:
        async with Client(params) as client:  # logs and warnings of the child stay on its stderr
            tools = (await client.list_tools()).tools
            answer = await client.call_tool("ask", {"question": "予算が一番大きい事業は？"})
            bad = await client.call_tool("get_program", {"program_id": "nothing"})
            return {t.name for t in tools}, answer, bad

    names, answer, bad = run_async(main())
    assert names == {"ask", "search", "list_programs", "get_program"}
    assert not answer.is_error
    assert "ものづくり・商業・サービス経営力向上支援事業" in answer.structured_content["answer"]
    assert "1000.0億円" in answer.structured_content["answer"]
    assert bad.is_error and "nothing" in bad.content[0].text

