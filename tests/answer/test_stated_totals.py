"""A whole account's total as the document states it (「一般会計の予算規模は…」), cited, before any sum of ours: the
account the question names picks its line though the programs listed span several accounts; and a document named by
its publisher as a place (「若草市の」) among documents whose openings share common words (一般, 会計)."""

from __future__ import annotations

import pytest

SPEECH = """令和８年度 若草市 施政方針

　令和８年第１回若草市議会定例会の開会にあたり、市政運営の基本方針を申し上げます。
　本市を取り巻く環境は、人口減少と少子高齢化の進行、物価の高騰、頻発する自然災害など、依然として厳しい状況が
続いております。こうした中にあっても、市民の皆様の暮らしを守り、次の世代に誇れるまちを引き継ぐため、
第３次若草市総合計画に掲げる将来像の実現に向けて、全力で取り組んでまいります。

　令和８年度の予算は、一般会計の予算規模は３８２億４，０００万円で、前年度と比べ９億６，０００万円の増となりました。
　特別会計は、国民健康保険事業特別会計など４会計の合計で１５１億２，０００万円、企業会計は水道事業会計及び
下水道事業会計の合計で９４億８，０００万円であります。
　これらを合わせた予算総額は６２８億４，０００万円となります。

　以下、主要な施策を申し上げます。

１　子育て支援
○　子ども医療費助成事業（２，４８０，０００千円）
　　高校生年代までの医療費の自己負担分を助成します。
○　病児保育施設整備事業（１２０，０００千円）
　　市内２か所目の病児保育施設を整備します。

２　都市基盤
○　浄水場更新事業（水道事業会計）（４５，２００，０００千円）
　　老朽化した第二浄水場の設備を更新します。
○　下水道管路耐震化事業（下水道事業会計）（３，９００，０００千円）
　　重要な管路の耐震化を進めます。
○　市道若草中央線整備事業（８８０，０００千円）
　　市道の拡幅と歩道の整備を行います。
"""

TOWN = """令和８年度 青嶺町 一般会計予算の概要

単位：千円
一般会計　歳出合計　６，２１０，０００
"""

TOWN_ITEMS = """【主な事業】
１　町営バス運行事業　　　　　　　４１，０００千円
　　町営バス３路線を運行します。
２　学校給食費補助事業　　　　　　２８，５００千円
　　給食費の半額を補助します。
"""


@pytest.fixture(scope="module")
def two_cities(corpus_service):
    return corpus_service("stated-totals", {"wakakusa-r08-shiseihoshin.txt": SPEECH,
                                            "aomine-r08-yosan.txt": TOWN + TOWN_ITEMS})


@pytest.mark.parametrize(("question", "stated", "not_stated"), [
    ("若草市の一般会計、総額いくら？", "３８２億４，０００万円", "６２８億"),
    ("若草市の特別会計は合わせていくら？", "１５１億２，０００万円", "３８２億"),
])
def test_a_named_accounts_total_is_the_line_that_states_it(two_cities, question, stated, not_stated):
    answer = two_cities.ask(question)
    assert not answer.abstained
    first = answer.answer.splitlines()[0]
    assert stated in first and not_stated not in first, answer.answer
    assert answer.citations[0].section == "資料全体"
    assert answer.citations[0].document == "wakakusa-r08-shiseihoshin.txt"


def test_a_document_is_named_by_its_publisher_as_a_place_not_by_common_words_another_opening_uses(two_cities):
    from qa.ingest.normalize import key

    table = two_cities.answerer.table
    assert table.document_named(key("若草市の一般会計の総額は？")) == "wakakusa-r08-shiseihoshin.txt"
    assert table.document_named(key("青嶺町の一般会計は？")) == "aomine-r08-yosan.txt"


@pytest.fixture(scope="module")
def village(corpus_service):
    from tests.ingest.test_account_totals import CELLS

    return corpus_service("size-table", {"sakuragawa-r08-gaiyo.txt": CELLS})


@pytest.mark.parametrize(("question", "needed"), [
    ("桜川村の一般会計はいくら？", "3,120,000千円"),
    ("村の予算って、全部の会計を合わせるといくら？", "3,632,300千円"),
    ("国保は前の年より減ってる？", "17,800千円の減"),
])
def test_an_accounts_size_is_answered_from_the_size_table(village, question, needed):
    answer = village.ask(question)
    assert not answer.abstained
    assert needed in answer.answer.splitlines()[0], answer.answer
