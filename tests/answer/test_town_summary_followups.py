"""A town's 主要事業の概要 (our own text, in the form town offices write it) asked as a resident or shop owner would:
a need in everyday words, then short follow-ups that stay on the program (「受付はいつから？」), dates said whole."""

from __future__ import annotations

import pytest

TOWN = """令和８年度　若葉町　主要事業の概要

１　中小企業設備投資促進補助金　　２０，０００千円（前年度　１５，０００千円）
　町内の中小企業が生産性向上のために行う設備投資の経費の２分の１を補助します（上限２００万円）。
　申請受付：令和８年５月１１日（月）から１２月２５日（金）まで
　担当：商工観光課　商工係　℡0299-52-1152

２　住宅用太陽光発電・蓄電池設置補助事業　　６，０００千円（前年度　４，５００千円）
　住宅に太陽光発電設備を設置する方に１キロワットあたり２万円（上限８万円）を補助します。受付は先着順です。
　担当：環境課　環境係　℡0299-52-1120

３　子育て世帯住宅取得支援事業　　１８，０００千円（新規）
　中学生以下の子がいる子育て世帯が町内に住宅を新築・購入する場合に、上限１００万円を補助します。
　担当：子育て支援課　子育て推進係　℡0299-52-1114

５　空き店舗活用創業支援事業　　７，２００千円（前年度　６，０００千円）
　商店街の空き店舗で創業する方に、家賃の２分の１以内（月額上限５万円、最長１２か月）を補助します。
　改装費は３分の２以内（上限１５０万円）を補助します。
　担当：商工観光課　商工係　℡0299-52-1152

６　デマンド型乗合タクシー運行事業　　１１，５００千円（新規）
　予約制の乗合タクシーを町内全域で運行します。運賃は１回３００円（中学生以下と７５歳以上は１５０円）。
　令和８年１０月１日（木）から運行を開始します。
　担当：企画課　交通政策係　℡0299-52-1105

４　新規就農者定着支援事業　　３，６００千円（前年度　３，６００千円）
　町内で新たに農業を始める５０歳未満の方に、月額１０万円を最長２年間交付します。
　担当：農林課　農政係　℡0299-52-1130
"""


@pytest.fixture(scope="module")
def town(corpus_service):
    return corpus_service("town-followups", {"wakaba-r08-shuyo.txt": TOWN})


@pytest.mark.parametrize(("questions", "expected"), [
    # A short follow-up whose word the shown program's text holds stays on it; the period is said whole.
    (["町工場で新しい機械を入れたい。町の補助はある？", "受付はいつから？"], "令和8年5月11日(月)から12月25日(金)まで"),
    # A cost the program's text names as one of its parts is that part, not the budget; the program's own is.
    (["商店街の空き店舗でカフェを開きたい。家賃の補助ってある？", "改装費は？"], "上限１５０万円"),
    (["空き店舗活用創業支援事業の事業費は？"], "７，２００千円"),
    # Two things asked at once: the budget and the fare, both answered (in English too).
    (["乗合タクシーの予算と運賃は？"], "１１，５００千円です。\nデマンド型乗合タクシー運行事業の料金・利用料は1回300円です。"),
    (["How much is the town spending on the on-demand shared taxi, and what is the fare?"], "1回300円"),
    (["How much is the town spending on the on-demand shared taxi?", "When does it start?"], "令和8年10月1日(木)から"),
    # Needs in everyday words: a family building a house, a newcomer to farming.
    (["子どもが2人いて、町で家を建てようと思ってる。何か補助ってある？"], "子育て世帯住宅取得支援事業"),
    (["脱サラして農業を始めたいんだけど、町の支援ある？"], "新規就農者定着支援事業"),
])
def test_a_residents_chat_over_a_town_summary(town, chat, questions, expected):
    assert expected in chat(town, questions)
