"""`qa ask` sends the question to a running `qa serve` (no model load) and falls back to answering in-process
when none answers, or when the one that answers is not ready or serves another index build."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import qa.cli
from tests.cli.conftest import error_lines, write_index

ANSWER = {
    "answer": "サービス等生産性向上IT導入支援事業費の補助率は**1/2**です。",
    "abstained": False,
    "intent": "attribute",
    "citations": [{"program_id": "p15", "program_title": "サービス等生産性向上IT導入支援事業費",
                   "document": "h29.txt", "section": "事業イメージ", "page": 15, "start": 10, "end": 30,
                   "text": "補助率:1/2", "quote": "補助率:1/2"}],
    "related": [],
    "programs": ["p15"],
    "timings_ms": {"total": 3.0},
}
LOCAL = {**ANSWER, "answer": "in-process answer", "citations": []}


class FakeServer:
    """Answers /api/health and /api/ask like `qa serve`, with what a test sets; records what it was asked."""

    def __init__(self) -> None:
        self.health: tuple[int, dict] = (200, {"status": "ok", "index": {"built_at": "2026-01-01T09:30:00+00:00"}})
        self.answer: tuple[int, dict] = (200, ANSWER)
        self.asked: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._send(*fake.health) if self.path == "/api/health" else self._send(404, {})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                fake.asked.append(json.loads(self.rfile.read(length)))
                self._send(*fake.answer)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch, tmp_path):
    fake = FakeServer()
    monkeypatch.setenv("QA_HOST", "127.0.0.1")
    monkeypatch.setenv("QA_PORT", str(fake.port))
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "index"))  # no local index: nothing to compare with
    yield fake
    fake.close()


@pytest.fixture
def local(monkeypatch):
    """Stands in for loading the model in-process; records that it was used."""
    calls: list[tuple] = []

    class FakeAnswer:
        def model_dump(self):
            return LOCAL

    class FakeService:
        def ask(self, question, history=(), mode="hybrid"):
            calls.append((question, mode) if not history else (question, mode, len(history)))
            return FakeAnswer()

    monkeypatch.setattr(qa.cli, "_local_service", lambda index, corpus: FakeService())
    return calls


def test_ask_uses_running_server(invoke, server, no_heavy):
    result = invoke("ask", "--mode", "bm25", "  IT導入補助金の補助率は？ ")
    assert result.exit_code == 0, result.stderr
    assert server.asked == [{"question": "IT導入補助金の補助率は？", "mode": "bm25", "history": []}]
    lines = result.stdout.splitlines()
    assert lines[0] == "サービス等生産性向上IT導入支援事業費の補助率は1/2です。"  # Markdown emphasis dropped
    assert "[1] サービス等生産性向上IT導入支援事業費 / 事業イメージ (h29.txt p.15)" in result.stdout
    assert result.stderr == ""


def test_several_questions_are_one_conversation_each_sent_with_the_turns_before_it(invoke, server, no_heavy):
    result = invoke("ask", "IT導入補助金の補助率は？", "その予算は？")
    assert result.exit_code == 0, result.stderr
    first, then = server.asked
    assert first["history"] == []
    assert then["question"] == "その予算は？" and [t["role"] for t in then["history"]] == ["user", "assistant"]
    assert then["history"][0]["content"] == "IT導入補助金の補助率は？"
    assert "Q: その予算は？" in result.stdout


def test_a_long_conversation_sends_its_latest_turns_instead_of_being_refused(invoke, server, no_heavy):
    # (a newcomer's twelve questions failed at the eleventh: 「会話の履歴が長すぎます（20件まで）」)
    questions = [f"質問{n}の予算は？" for n in range(12)]
    result = invoke("ask", *questions)
    assert result.exit_code == 0, result.stderr
    assert len(server.asked) == 12
    limit = qa.cli.get_settings().max_history_turns
    assert all(len(sent["history"]) <= limit for sent in server.asked)
    assert server.asked[-1]["history"][-2]["content"] == "質問10の予算は？"  # the latest turns kept


def test_ask_json_through_server(invoke, server, no_heavy):
    result = invoke("ask", "--json", "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == ANSWER


def test_ask_without_server_answers_in_process(invoke, server, local):
    server.close()
    result = invoke("ask", "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert local == [("補助率は？", "hybrid")]
    assert result.stdout.startswith("in-process answer")
    assert result.stderr == ""  # nothing to say when no server runs: the usual case


def test_ask_local_flag_skips_server(invoke, server, local):
    result = invoke("ask", "--local", "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert local and not server.asked


def test_ask_falls_back_while_server_loads(invoke, server, local):
    server.health = (503, {"status": "loading", "detail": "loading the model and index"})
    result = invoke("ask", "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert local and not server.asked
    assert error_lines(result) == [f"note: the server at http://127.0.0.1:{server.port} is loading; answering in "
                                   "this process instead (loads the model: several seconds)"]


def test_ask_falls_back_when_server_serves_another_build(invoke, server, local, corpus, tmp_path):
    write_index(tmp_path / "index", corpus, built_at="2026-02-02T00:00:00+00:00")
    result = invoke("ask", "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert local and not server.asked
    assert "serves another index build" in result.stderr


def test_ask_server_same_build_is_used(invoke, server, local, corpus, tmp_path):
    write_index(tmp_path / "index", corpus, built_at="2026-01-01T09:30:00+00:00")
    result = invoke("ask", "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert server.asked and not local


def test_ask_other_index_goes_local(invoke, server, local, tmp_path):
    result = invoke("ask", "--index", str(tmp_path / "elsewhere"), "補助率は？")
    assert result.exit_code == 0, result.stderr
    assert local and not server.asked


def test_ask_server_refusal_is_one_line(invoke, server, no_heavy):
    server.answer = (429, {"error": {"code": "rate_limited", "message": "質問が多すぎます。 Too many questions."}})
    result = invoke("ask", "補助率は？")
    assert result.exit_code == 1
    assert error_lines(result) == [f"Error: the server at http://127.0.0.1:{server.port} answered 429: "
                                   "質問が多すぎます。 Too many questions."]
    assert result.stdout == ""


def test_ask_help_states_the_cost(invoke):
    result = invoke("ask", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "qa serve" in text and "several seconds" in text and "--local" in text
