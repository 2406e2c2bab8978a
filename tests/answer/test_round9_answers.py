"""Kinds found on round 8's scored sets (tuning data since), each answered by a general mechanism: a question naming
one of several offices' documents by its place (「北嶺町で…」) looks the rest of the question up in that document,
and a sheet's section named by its words scopes a ranking. The questions are the engineers' own."""

from __future__ import annotations

from pathlib import Path

import pytest

ROUND8 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s11" / "layouts12"


@pytest.fixture(scope="module")
def three_offices(corpus_service):
    """A town's ledger, a city's press deck and a prefecture's sheet, side by side."""
    return corpus_service("offices", {p.name: p for p in sorted(ROUND8.iterdir()) if p.name != "PROGRAMS.jsonl"})


@pytest.mark.parametrize(("question", "expected"), [
    # the place names the ledger; 北嶺町観光協会補助金 holds the name but not the snow
    ("北嶺町で除雪にかける予算を教えてください", "町道除雪事業"),
    ("北嶺町の道路の除雪はいくら？", "96,400千円"),
    # a program whose own name holds the place is still found by it
    ("北嶺町観光協会補助金の予算は？", "4,500千円"),
])
def test_a_place_naming_one_document_scopes_the_lookup(three_offices, question, expected):
    answer = three_offices.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected", "absent"), [
    ("観光・国際の分野で一番予算が大きい事業は？", "青葉県観光誘客キャンペーン事業", "中小企業制度融資預託金"),
    ("北嶺町の新規事業はいくつ？", "7件", "20件"),
    ("明細書に出てくる事業で一番予算が大きいのは？", "橋梁長寿命化修繕事業", "中小企業制度融資預託金"),
])
def test_a_section_or_a_document_named_scopes_a_count_or_ranking(three_offices, question, expected, absent):
    answer = three_offices.ask(question).answer
    assert expected in answer and absent not in answer, answer
