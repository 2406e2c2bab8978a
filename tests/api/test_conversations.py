"""Random conversations through the real server never get a 5xx, and every answer is well formed.

UX finding 1: after the welcome page's first example, 7 of 8 short new topics failed with a 500. The kind, not the
case: a hypothesis state machine sends conversations of 0-6 earlier turns, questions drawn from several question
sets and from generated short phrasings, with assistant turns that were answers, abstentions, lists or errors.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

ROOT = Path(__file__).resolve().parents[2]
SETS = [ROOT.parent / "shared" / "eval" / "seed-dev.jsonl", *sorted((ROOT / "tests" / "fixtures" / "questions").glob(
    "*.jsonl")), *sorted((ROOT / "tests" / "fixtures" / "blind").glob("*.questions.jsonl"))]


def _questions() -> list[str]:
    out: list[str] = []
    for path in SETS:
        if path.exists():
            out += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out


# Short phrasings people type mid-conversation: a topic, a keyword pair, an elliptical follow-up.
TOPICS = ["省エネ", "水素", "AIチップ", "ものづくり", "BCP", "IT導入補助金", "熊本", "ガソリンスタンド", "廃炉", "JOGMEC",
          "産総研", "事業承継", "トマホーク", "子ども食堂", "xyz", "", "F-35"]
FORMS = ["{t} 補助", "{t}の事業は？", "{t}について", "{t}", "じゃあ{t}のほうは？", "{t}も？", "{t}の予算", "{t}の担当課は？",
         "その予算は？", "それの補助率は？", "担当課は？", "2番目は？", "いくつある？", "何発買うの？", "合計は？", "{t}って何？",
         "how much for {t}?", "{t}の補助率と上限は？"]
SHORT = st.builds(lambda form, topic: form.format(t=topic), st.sampled_from(FORMS), st.sampled_from(TOPICS))
ASSISTANT_OTHERS = ["サーバーでエラーが発生しました（500）。しばらくしてから再送信してください",
                    "資料には、この質問に答える記載が見つかりませんでした。",
                    "「災害対策」の事業は1件です。\n・熊本地震中小企業組合等共同施設等災害復旧事業：46.9億円", ""]


@pytest.fixture(scope="module")
def question_pool() -> list[str]:
    pool = _questions()
    assert len(pool) > 100, "the question sets were not found"
    return pool


def test_no_assert_statements_in_product_code():
    """User input must never reach an `assert` (it is a 500 when it fails, and vanishes under -O)."""
    found = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in (ROOT / "qa").rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Assert)]
    assert not found, found


def test_random_conversations_never_fail(server, question_pool):
    client = httpx.Client(base_url=server, timeout=30)

    class Conversation(RuleBasedStateMachine):
        """One chat: each rule adds a turn; the invariant checks the last reply."""

        def __init__(self) -> None:
            super().__init__()
            self.history: list[dict[str, str]] = []
            self.reply: httpx.Response | None = None

        @initialize(first=st.sampled_from(["IT導入補助金の補助率は？", "ガソリンスタンドの災害対策の支援はある？",
                                           "一番お金がかかってる事業はどれ？", "トマホークっていくら？"]))
        def welcome_example(self, first: str) -> None:
            self.ask(first)

        def ask(self, question: str) -> None:
            self.reply = client.post("/api/ask", json={"question": question, "history": self.history[-6:]})
            body = self.reply.json()
            content = body.get("answer") or body.get("error", {}).get("message", "")
            self.history += [{"role": "user", "content": question}, {"role": "assistant", "content": content}]

        @rule(question=st.data())
        def ask_from_a_set(self, question: st.DataObject) -> None:
            self.ask(question.draw(st.sampled_from(question_pool)))

        @rule(question=SHORT)
        def ask_short(self, question: str) -> None:
            if question.strip():
                self.ask(question)

        @precondition(lambda self: self.history)
        @rule(other=st.sampled_from(ASSISTANT_OTHERS))
        def previous_answer_was_something_else(self, other: str) -> None:
            self.history[-1] = {"role": "assistant", "content": other}

        @rule()
        def new_chat(self) -> None:
            self.history = []

        @invariant()
        def the_reply_is_a_well_formed_answer(self) -> None:
            if self.reply is None:
                return
            assert self.reply.status_code == 200, (self.history[-2:], self.reply.text[:300])
            body = self.reply.json()
            assert isinstance(body["answer"], str) and body["answer"].strip()
            assert isinstance(body["abstained"], bool)
            for cite in body["citations"]:
                assert cite["program_id"] and cite["document"] and cite["start"] <= cite["end"]

    Conversation.TestCase.settings = settings(max_examples=35, stateful_step_count=6, deadline=None,
                                              suppress_health_check=list(HealthCheck))
    try:
        Conversation.TestCase().runTest()
    finally:
        client.close()


@pytest.mark.parametrize("first,then", [
    ("IT導入補助金の補助率は？", q) for q in ["省エネ 補助", "水素 補助", "AIチップ 補助", "ものづくり 補助", "BCP 支援",
                                         "水素の事業は？", "AIチップについて"]])
def test_a_new_topic_after_the_welcome_example_is_answered(server, first, then):
    with httpx.Client(base_url=server, timeout=30) as client:
        one = client.post("/api/ask", json={"question": first}).json()
        reply = client.post("/api/ask", json={"question": then, "history": [
            {"role": "user", "content": first}, {"role": "assistant", "content": one["answer"]}]})
    assert reply.status_code == 200, reply.text
    assert "補助率" not in reply.json()["answer"].split("\n")[0] or "補助率" in then
