"""Answers over round 6's fictional documents (tests/fixtures/scored-2026-12-04-s9/layouts10/; sealed until scored,
tuning since; the questions here are the engineers' own): a document named by its publisher (「北霧町の新規事業」)
narrows a count to it, and a 概算要求's labelled lines (「補助率：2/3（…）」) answer its rates."""

from __future__ import annotations

from pathlib import Path

import pytest

LAYOUTS10 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s9" / "layouts10"


@pytest.fixture(scope="module")
def service(corpus_service):
    return corpus_service("layouts10", {p.name: p for p in LAYOUTS10.glob("*.txt")})


@pytest.mark.parametrize(("question", "needed"), [
    ("北霧町の新規事業は何件ありますか", "7件"),  # the town's 【新規】 rows, not every document's
    ("公共ライドシェアの導入支援の補助率は？", "2/3"),  # 「補助率：2/3（１団体当たり上限 3,000万円）」
    ("自動運転移動サービス社会実装推進事業の予算は？", "9,840百万円"),  # 【令和９年度要求額】, not last year's
])
def test_a_request_overview_and_a_towns_overview_answer_from_their_own_lines(service, question, needed):
    answer = service.ask(question)
    assert not answer.abstained and needed in answer.answer.splitlines()[0], answer.answer[:200]


@pytest.mark.parametrize(("questions", "needed"), [
    # one title in two documents (北霧町's and 宮瀬川市's 子ども医療費助成事業): the town the chat named
    (["北霧町の子ども医療費助成の予算は？", "去年と比べてどれくらい増えた？"], "6,530千円"),
    (["北霧町の子ども医療費助成の予算は？"], "４２，３５０千円"),
])
def test_a_title_in_two_documents_is_answered_from_the_one_the_chat_names(service, chat, questions, needed):
    answer = chat(service, questions)
    assert needed in answer and "2件あります" not in answer, answer[:200]
