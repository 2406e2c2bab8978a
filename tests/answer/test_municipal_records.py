"""A town's list of main programs as open-data records (our own fictional 若葉町, written in the form municipal
exports take: JSON records with a mapping), asked the way residents ask: a plan's pillar by its short name, two
schools' programs added, a follow-up that moves to another program of the same school, 「ふたつ合わせると？」,
caps written after their amount (「2万円を上限に助成」, 「限度額を…1,200千円」) and when a facility opens."""

from __future__ import annotations

import json

import pytest

PILLAR_INDUSTRY = "地域の強みを生かした活力あるまち（産業振興）"
PILLAR_CHILDREN = "子どもを安心して生み育てられるまち（子ども・子育て）Ⅱ"

RECORDS = [
    {"no": "W-01", "name": "学習用端末整備事業費（小学校）", "amount": "180,400千円", "dept": "教育部",
     "pillars": ["学校教育の充実", PILLAR_CHILDREN],
     "text": "国の「GIGAスクール構想」に基づき、町内小学校の児童に1人1台のタブレット端末と校内ネットワークを整備する。"},
    {"no": "W-02", "name": "学習用端末整備事業費（中学校）", "amount": "95,600千円", "dept": "教育部",
     "pillars": ["学校教育の充実", PILLAR_CHILDREN],
     "text": "国の「GIGAスクール構想」に基づき、町内中学校の生徒に1人1台のタブレット端末と校内ネットワークを整備する。"},
    {"no": "W-03", "name": "図書室整備費（小学校）", "amount": "6,200千円", "dept": "教育部",
     "pillars": ["学校教育の充実", PILLAR_CHILDREN], "text": "小学校図書室の書架と図書を更新する。"},
    {"no": "W-04", "name": "校舎耐震補強事業費（若葉東中）", "amount": "210,000千円", "dept": "教育部",
     "pillars": ["学校施設の安全確保", PILLAR_CHILDREN], "text": "若葉東中学校の校舎の耐震補強工事を行う。"},
    {"no": "W-05", "name": "トイレ洋式化事業費（若葉東中）", "amount": "41,300千円", "dept": "教育部",
     "pillars": ["学校施設の安全確保", PILLAR_CHILDREN], "text": "若葉東中学校のトイレを洋式化し、床を乾式に改修する。"},
    {"no": "W-06", "name": "不育症治療費助成事業費", "amount": "1,800千円", "dept": "健康福祉部",
     "pillars": ["妊娠・出産への支援", PILLAR_CHILDREN],
     "text": "医療機関で受けた不育症の治療に要した費用（自己負担分）について、1回の妊娠につき3万円を上限に助成"},
    {"no": "W-07", "name": "子育て相談拠点整備事業費", "amount": "7,900千円", "dept": "健康福祉部",
     "pillars": ["妊娠・出産への支援", PILLAR_CHILDREN],
     "text": "子育ての相談にワンストップで応じる拠点を町役場内に開設する（令和3年10月開設予定）。"},
    {"no": "W-08", "name": "空き店舗活用支援事業費", "amount": "12,000千円", "dept": "産業振興部",
     "pillars": ["商店街の活性化", PILLAR_INDUSTRY],
     "text": "空き店舗で開業する者に改装工事費の一部を補助。今年度から、駅前2商店街での開業は改装工事費補助の限度額を1,200千円、その他は400千円とする。"},
    {"no": "W-09", "name": "漁港岸壁改良事業費", "amount": "260,000千円", "dept": "産業振興部",
     "pillars": ["漁業基盤の整備", PILLAR_INDUSTRY],
     "text": "老朽化した漁港の岸壁を改良する。事業期間は令和3年度から令和5年度まで。"},
    {"no": "W-10", "name": "旧若葉西小学校解体事業費", "amount": "150,000千円", "dept": "総務部",
     "pillars": ["公共施設の最適化"], "text": "閉校した旧若葉西小学校の校舎を解体し、跡地を防災広場とする。"},
    {"no": "W-12", "name": "健診受診促進事業費", "amount": "3,400千円", "dept": "健康福祉部",
     "pillars": ["健康づくりの推進"],
     "text": "町の健康診査を６月までに受けた方全員に図書カードを贈呈し、受診率の向上を図る。"},
    {"no": "W-13", "name": "学校給食費無償化事業", "amount": "38,600千円", "prev": "19,300千円", "dept": "教育部",
     "pillars": ["学校教育の充実", PILLAR_CHILDREN],
     "text": "町立小中学校の給食費の保護者負担分を町が全額負担し、子育て世帯の経済的負担を軽減する。"},
    {"no": "W-11", "name": "除雪費", "amount": "820,000千円", "dept": "建設部",
     "pillars": ["冬の暮らしの安全"], "text": "町道の除雪と排雪を行う。"},
]

MAPPING = """id = "no"
title = "name"
budget = "amount"
previous = "prev"
year = { value = "令和3年度当初予算" }
ministry = { value = "若葉町" }
department = "dept"
category = "pillars"
category_order = "inner-first"

[sections]
"概要" = "text"
"""


@pytest.fixture(scope="module")
def town(corpus_service):
    return corpus_service("wakaba", {"wakaba-r03-shuyo.json": json.dumps(RECORDS, ensure_ascii=False),
                                     "wakaba-r03-shuyo.json.mapping.toml": MAPPING})


@pytest.mark.parametrize(("questions", "expected", "not_expected"), [
    # A plan's pillar named by the short name in its brackets, in a ranking and a count.
    (["産業振興の分野で一番予算が大きい事業は？"], "漁港岸壁改良事業費", "除雪費"),
    (["子ども・子育ての分野の事業はいくつ？"], "8件", None),
    # Two siblings named by their brackets after a head that itself holds 「とか」: both 学習用端末整備事業費.
    (["GIGAスクールのタブレットとかネット整備、小学校と中学校あわせていくら？"], "276,000千円", "図書室"),
    # 「同じ学校の」: another program of the school the last answer was about; then both added.
    (["若葉東中の耐震補強の予算は？", "同じ学校のトイレ改修は？"], "41,300千円", "210,000千円"),
    (["若葉東中の耐震補強の予算は？", "同じ学校のトイレ改修は？", "ふたつ合わせると？"], "251,300千円", "件）"),
    # Caps written after their amount, or after 限度額 with the case between.
    (["不育症の治療費って、町からいくらまで助成してもらえますか？"], "3万円", "1,800千円"),
    (["駅前の商店街で開業する場合、改装工事の補助の上限っていくら？"], "1,200千円", None),
    # When a facility opens, asked as a follow-up; 「なんでしょうか」 is no 「なんで」 (why).
    (["子育て相談拠点の整備費はいくら？", "それっていつ開設予定？"], "令和3年10月", "7,900千円"),
    (["旧若葉西小の解体っていくらかかる予定なんでしょうか"], "150,000千円", None),
    # The user's own case in a follow-up that points back (それだと) stays on the program.
    (["空き店舗で開業したいんだけど、改装の補助ってある？", "駅前の商店街で夫婦でやるつもりなんだけど、それだと上限いくら？"],
     "1,200千円", "この質問に答える記載が見つかりませんでした"),
    # The town named as the publisher of the list, and the program in everyday words (タダ: 無償化).
    (["若葉町の給食費タダにするやつ、予算いくら？"], "38,600千円", "見つかりませんでした"),
    # A change this large is said as a multiple too; when a work ends.
    (["給食費の無償化の予算は去年の何倍になった？"], "2倍", None),
    (["漁港の岸壁の改良っていつ終わるの？"], "令和5年度", "260,000千円"),
    # 「何かもらえる？」 asks what is given, not an amount's cap.
    (["町の健診を早めに受けると何かもらえるの？"], "図書カード", "記載がありません"),
])
def test_residents_questions_over_a_towns_records(town, chat, questions, expected, not_expected):
    answer = chat(town, questions)
    assert expected in answer
    if not_expected:
        assert not_expected not in answer
