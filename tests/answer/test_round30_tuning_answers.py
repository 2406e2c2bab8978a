"""Answers over round 30's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s33`): a
city's evaluation sheets, a prefecture's two-column 主要施策の概要 and a city's TSV list in one corpus; a prefecture's
施策体系 list, a city's 補正 overview and a town's Markdown page of programs under its offices' headings in another."""

from __future__ import annotations

import pytest

from tests.answer.conftest import documents_in
from tests.conftest import FIXTURES

ROUND = FIXTURES / "scored-2026-12-07-s33"


@pytest.fixture(scope="module")
def sheets_and_lists(corpus_service):
    return corpus_service("round30-a", documents_in(ROUND / "layouts35", ".txt", ".tsv"))


@pytest.fixture(scope="module")
def tree_and_page(corpus_service):
    return corpus_service("round30-b", documents_in(ROUND / "layouts36", ".txt", ".md"))


@pytest.mark.parametrize(("corpus", "question", "expected"), [
    # a ranking naming no document of three: each document's first, and the whole corpus's
    ("sheets_and_lists", "予算がいちばん大きい事業はどれですか", ["子ども医療費助成事業", "流域治水対策事業", "国民健康保険保険給付事業"]),
    # 「## 健康子育て課」 over the page's programs: their office; 「主要事業」, in two documents' titles, names neither
    ("tree_and_page", "健康子育て課の主要事業は何件？", ["4件"]),
    ("tree_and_page", "子ども医療費助成事業の担当の課は？", ["健康子育て課"]),
    # the 補正's items written 「△」, counted
    ("tree_and_page", "減額補正になった事業はいくつ？", ["5件", "児童手当支給事業"]),
])
def test_round30_documents_answer(request, corpus, question, expected):
    answer = request.getfixturevalue(corpus).ask(question)
    assert not answer.abstained and all(e in answer.answer for e in expected), answer.answer
