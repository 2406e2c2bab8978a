"""Answers over round 29's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s32`): a
town's newsletter feature, a city's ふるさと納税 CSV and a prefecture's boxed 記者発表資料 in one corpus; and round 28's
教育委員会 and hospital overviews; and round 29's lists (a fixed-width 交付予定一覧, a web page's 見直し事業一覧, a ledger)."""

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


@pytest.fixture(scope="module")
def lists(corpus_service):
    """Round 29's layouts34: a fixed-width 補助金等交付予定一覧, a web page's 新規・拡充・見直し事業一覧, a village's ledger."""
    folder = FIXTURES / "scored-2026-12-07-s32" / "layouts34"
    return corpus_service("round29-lists", {p.name: p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")})


@pytest.mark.parametrize(("corpus", "question", "expected"), [
    # the town named: its own 一般会計 row (a guide's 「■一般会計　68億4,500万円」), not the prefecture's
    ("three_documents", "汐見沢町の一般会計の総額は？", "68億4,500万円"),
    # a boxed program's 担当課 「…農村整備課（内線4180）」: its extension is its contact
    ("three_documents", "鳥獣被害対策の問い合わせ、内線何番？", "4180"),
    # a newsletter item marked 「拡」 with its office under it 「問　福祉課」
    ("three_documents", "補聴器の購入費の助成はどこの課？", "福祉課"),
    # the 前年度比較 table by 項 opening the 教育委員会's overview
    ("overviews", "教育費の総額っていくら？", "2,300,460千円"),
    # the hospital's 収益的収入 rows, read through its running headers, with last year's
    ("overviews", "病院事業収益はいくら？", "13,746,900"),
    ("overviews", "入院収益は前年度からどれだけ増えた？", "247,100"),
    ("lists", "新規事業のなかで一番お金をかけてるのは？", "流域治水緊急対策事業"),  # the 区分 column's 新規
    ("lists", "こども食堂の支援って、どこの部局がやってる？", "こども未来局"),  # the page's heading over its table
    ("lists", "子育て支援課の補助金、合計でいくら？", "381,300千円"),  # rows under a blank 所管課 cell: the office above
    # the CSV's 「うち寄附金充当額（円）」 column (no mapping file): kept, and named without its 「うち」
    ("three_documents", "子ども・子育て支援の分野、寄附金充当額を合計するといくら？", "52,200,000円"),
    ("three_documents", "防災備蓄品と消防団装備、寄附金充当額の差はいくら？", "2,000,000円"),
    ("three_documents", "寄附金充当額がいちばん多い事業は？", "子育て世帯応援クーポン事業"),
    # the 「寄附の使い道（分野）」 column: a category named by its bracketed note
    ("three_documents", "寄附の使い道で「自然環境の保全」の事業って何個ある？", "4件"),
])
def test_a_documents_own_rows_columns_and_tables_of_totals_answer(request, corpus, question, expected):
    answer = request.getfixturevalue(corpus).ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer
