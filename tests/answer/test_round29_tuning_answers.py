"""Answers over round 29's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s32`): a
town's newsletter feature, a city's ふるさと納税 CSV and a prefecture's boxed 記者発表資料 in one corpus; and round 28's
教育委員会 and hospital overviews."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

ROUND29 = FIXTURES / "scored-2026-12-07-s32" / "layouts33"
ROUND28 = FIXTURES / "scored-2026-12-07-s31" / "layouts32"


@pytest.fixture(scope="module")
def three_documents(corpus_service):
    """Round 29's three documents of layouts33 in one corpus."""
    return corpus_service("round29", {p.name: p for p in sorted(ROUND29.iterdir()) if p.suffix in (".txt", ".csv")})


@pytest.fixture(scope="module")
def overviews(corpus_service):
    """Round 28's 教育委員会 and 病院事業会計 予算の概要."""
    return corpus_service("round28", {p.name: p for p in sorted(ROUND28.glob("*.txt"))})


@pytest.mark.parametrize(("question", "expected"), [
    # the town named: its own 一般会計 row (a guide's 「■一般会計　68億4,500万円」), not the prefecture's
    ("汐見沢町の一般会計の総額は？", "68億4,500万円"),
    # a boxed program's 担当課 「…農村整備課（内線4180）」: its extension is its contact
    ("鳥獣被害対策の問い合わせ、内線何番？", "4180"),
    # a newsletter item marked 「拡」 with its office under it 「問　福祉課」
    ("補聴器の購入費の助成はどこの課？", "福祉課"),
])
def test_a_newsletter_and_a_boxed_press_release_answer_from_their_own_rows(three_documents, question, expected):
    answer = three_documents.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    # the 前年度比較 table by 項 opening the 教育委員会's overview
    ("教育費の総額っていくら？", "2,300,460千円"),
    # the hospital's 収益的収入 rows, read through its running headers
    ("病院事業収益はいくら？", "13,746,900"),
    ("入院収益は前年度からどれだけ増えた？", "247,100"),
])
def test_an_overviews_tables_of_totals_answer_its_totals(overviews, question, expected):
    answer = overviews.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.fixture(scope="module")
def lists(corpus_service):
    """Round 29's layouts34: a fixed-width 補助金等交付予定一覧, a web page's 新規・拡充・見直し事業一覧, a village's ledger."""
    folder = FIXTURES / "scored-2026-12-07-s32" / "layouts34"
    return corpus_service("round29-lists", {p.name: p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")})


@pytest.mark.parametrize(("question", "expected"), [
    ("新規事業のなかで一番お金をかけてるのは？", "流域治水緊急対策事業"),  # the 区分 column's 新規
    ("こども食堂の支援って、どこの部局がやってる？", "こども未来局"),  # the page's heading over its table
    ("子育て支援課の補助金、合計でいくら？", "381,300千円"),  # rows under a blank 所管課 cell are the office's above
])
def test_lists_of_programs_answer_by_their_columns(lists, question, expected):
    answer = lists.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer
