"""Question understanding without the index: numbers, years, attributes and operations as people type them."""

from __future__ import annotations

import pytest

from qa.understand import understand
from qa.understand.script import script_of


@pytest.mark.parametrize(("question", "yen"), [
    ("予算が五百億円の事業は？", 50_000_000_000),
    ("予算が千億円の事業は？", 100_000_000_000),
    ("予算が500億円の事業は？", 50_000_000_000),
    ("12億5千万円の事業", 1_250_000_000),
    ("１２億５，０００万円の事業", 1_250_000_000),
    ("５０万円の事業", 500_000),
    ("7,619,000千円の事業", 7_619_000_000),
])
def test_amounts_in_any_script_read_as_the_same_yen(question, yen):
    query = understand(question)
    assert query.amount is not None and query.amount.op == "=" and query.amount.yen == yen


@pytest.mark.parametrize(("question", "op", "yen"), [
    ("3000万以上の事業", ">=", 30_000_000),
    ("100億円を超える事業はどれ？", ">", 10_000_000_000),
    ("十億円未満の事業", "<", 1_000_000_000),
    ("programs over 100億円", ">", 10_000_000_000),
])
def test_amount_conditions_keep_their_comparison(question, op, yen):
    query = understand(question)
    assert (query.amount.op, query.amount.yen) == (op, yen)
    assert query.across_programs


def test_a_range_of_amounts_is_one_between_condition():
    query = understand("10億円から50億円の事業はいくつ？")
    assert query.amount.op == "between" and (query.amount.yen, query.amount.high) == (1_000_000_000, 5_000_000_000)


def test_a_count_or_a_year_alone_is_not_an_amount():
    assert understand("2018年度の事業は何件？").amount is None


@pytest.mark.parametrize("question", ["2018年度のIT導入支援事業の予算は？", "H30年度のIT導入支援事業の予算は？",
                                      "平成三十年度のIT導入支援事業の予算は？", "平成30年度の予算", "FY2018 budget",
                                      "ｈ３０年度の予算"])
def test_years_in_any_form_are_one_fiscal_year(question):
    assert understand(question).years == {2018}


def test_a_goal_horizon_is_not_a_year_asked_about():
    assert understand("生産性伸び率を2020年までに2.0%にする事業は？").years == set()


def test_reiwa_gannen_is_2019_and_relative_years_are_kept_as_offsets():
    assert understand("令和元年度の予算").years == {2019}
    assert understand("前年度の予算は？").relative == -1 and understand("今年度の予算").relative == 0


@pytest.mark.parametrize(("question", "attribute"), [
    ("IT導入補助金は1社あたりいくらもらえる？", "per_applicant"),
    ("IT導入補助金の補助額はいくら？", "per_applicant"),
    ("IT導入補助金は最大いくら補助される？", "per_applicant"),
    ("IT導入補助金の補助率は？", "rate"),
    ("1,000万円かけたら国と県はいくら？", "rate"),
    ("IT導入補助金の申請締切はいつ？", "deadline"),
    ("この事業の成果目標は？", "target"),
    ("問い合わせ先の電話番号は？", "contact"),
    ("緊急包括支援交付金の抜本的拡充の額を教えて", "budget"),  # 額 asked to be told
    ("HER-SYSって補正予算の説明だとどういうシステム？", "details"),  # the budget says where to read
    ("補正予算ではどういう事業にいくら？", "budget"),  # いくら outside where to read: asked
    ("下水道使用料の問い合わせ先は？", "contact"),  # the word the question ends on, not the fee it names
    ("認知症の家族のことで相談したい。市のどこに連絡すればいいの？", "contact"),
    ("下水道使用料の支払いのことで電話したい。どこにかければいい？", "contact"),
    ("IT導入補助金の予算は？", "budget"),
    ("哨戒艦の建造費は？", "budget"),
    ("ものづくり補助金と持続化補助金、うちはどっちに申請すべき？", "opinion"),
    ("What is the budget of the AI chip program?", "budget"),
    ("ボートレース事業はどこの局がやってる？", "contact"),
    ("この事業を所管している省庁は？", "contact"),
    ("その施策はどの省のどの部署の担当ですか", "contact"),
    ("それってどこの役所？", "contact"),
    ("Which ministry runs the hydrogen program?", "contact"),
    ("What does the city spend on multilingual support for 119 calls?", "budget"),
    ("What is the 2020 budget for cancer screening, and what does it include?", "budget"),  # the figure first
    ("What does this program do?", "details"),
    ("町営バスの運賃って大人いくら？", "fee"),
    ("図書館って何時まで開いてるの？", "hours"),
    ("商品券はいつから売り出されますか？", "start"),
    ("不育症の助成はどうやって申し込むの？", "how_to_apply"),
    ("施策の柱３の小計", "budget"),
    ("町道改良事業の増減額", "budget"),
])
def test_the_attribute_asked_is_recognised(question, attribute):
    assert understand(question).attribute == attribute


def test_saidai_of_one_program_is_its_cap_but_ichiban_ranks_programs():
    cap = understand("IT導入補助金は最大いくら補助される？")
    assert cap.operation is None and cap.attribute == "per_applicant"
    ranking = understand("予算が一番大きい事業は？")
    assert ranking.operation == "max" and ranking.rank == 1 and ranking.descending


@pytest.mark.parametrize(("question", "operation"), [
    ("予算が60億円の事業はいくつ？", "count"), ("防災関連の予算の合計は？", "sum"), ("予算が3番目に大きいのは？", "nth"),
    ("最も予算が少ない事業は？", "min"), ("AとBどっちが多い？", "compare"), ("全体の何%を占める？", "share"),
    ("How many programs are there?", "count"), ("What is the total budget?", "sum"),
    ("防災の中でいちばん金額が大きい項目は？", "max"),  # 項目, 金額: items ranked by amount
    ("GIGAスクールの端末、小学校と中学校あわせていくら？", "sum"),  # kana あわせて
    ("いちばん予算がすくない事業ってどれ？", "min"),  # kana すくない
    ("予算がトップの事業は？", "max"),
    ("国際放送の実施は、字幕番組の制作促進の何倍の予算？", "compare"),  # a ratio of two programs
    ("トップブランド化に向けてPRを強化する県産品は何？", None),  # トップ begins a word: no ranking
    ("ライドシェア導入支援事業の担当課は？", None),  # シェア inside a katakana word of the title: no share asked
    ("この事業は全体でどのくらいのシェア？", "share"),
    # the programs a marker gives, however asked (newcomer trial: 「新規事業はどれ？」 quoted 「新規就農者…」 text)
    ("新規事業はどれ？", "list"), ("新規の事業は？", "list"), ("新しく始まる事業は？", "list"),
    ("今年から始まった事業はある？", "list"), ("新規事業は何件？", "count"), ("拡充した事業の予算の合計は？", "sum"),
    ("新規就農者の研修の事業の予算は？", None),  # 新規 of a program's words
    ("子育て応援手当支給事業は新規事業？", None),  # whether one program is new
    ("共同基盤事業の成果目標、公設試の利用数は何％増やすことになってる？", None),  # a percentage, not a count
    ("その事業、国全体の予算だとどれくらい用意されてるの？", None),  # one program pointed at: its budget
    ("その事業を全部合わせるといくら？", "sum"),
    ("石油製品安定供給確保支援事業と石油供給インフラ強じん化事業とでは、何れの予算が多額であるか。", "compare"),  # formal
])
def test_operations_across_programs_are_recognised(question, operation):
    assert understand(question).operation == operation


def test_a_mention_filter_names_the_word_programs_must_contain():
    assert understand("水素に関する事業はいくつ？").mention == "水素"
    assert not understand("水素に関する事業はいくつ？").mention_in_name


@pytest.mark.parametrize("question", ["名前に水素が入る事業を予算順に", "事業名に「水素」を含む事業はいくつ？",
                                      "名前に水素って入ってる事業のトップ3", "名称に水素と付く事業の合計は？",
                                      "「水素」って付いてる事業の予算を合計すると？", "「水素」がつく事業はいくつ？",
                                      "水素って名前の入った事業、いくつある？", "水素って名前についた事業は何個？",
                                      "水素という名前の事業の合計は？"])
def test_a_word_the_names_must_hold_is_a_name_mention(question):
    query = understand(question)
    assert query.mention == "水素" and query.mention_in_name


def test_two_attributes_asked_at_once_are_both_kept():
    query = understand("ものづくり補助金の一般型は上限いくらで補助率は？")
    assert {query.attribute, *query.also} >= {"per_applicant", "rate"}


@pytest.mark.parametrize(("text", "script"), [("What is the budget of the AI chip program?", "en"),
                                              ("じぎょうしょうけいのよさん", "kana"),
                                              ("AIチップの予算は？", "ja"), ("IT導入補助金", "ja")])
def test_the_script_of_a_question_is_told_apart_with_acronyms_staying_japanese(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize(("question", "counter", "things"), [
    ("対象は何世帯くらいの見込みですか", "世帯", True),
    ("間伐は何ヘクタールやる計画？", "ヘクタール", True),
    ("見守り協定の目標って何社？", "社", True),
    ("How many student devices will the town replace under the GIGA School program?", "student devices", True),
    ("生産性革命の補助金、何件くらい採択する見込み？", "件", True),  # 件 with no word of programs: inside one
    ("補助金の事業は何件ある？", "件", False),
    ("how many programs does the ministry run?", "programs", False),  # the noun phrase, up to its verb
    ("How many Ministry of Justice programs are in this list?", "ministry of justice programs", False),
    ("農業の事業はいくつ？", None, False),
])
def test_what_a_how_many_question_counts_decides_between_programs_and_a_figure_of_one(question, counter, things):
    query = understand(question)
    assert query.counter == counter
    assert query.counts_things is things
    if things:  # a figure of one program: its count attribute, never a count across programs
        assert query.attribute in ("quantity", "applicants") and query.operation is None


@pytest.mark.parametrize(("question", "amount"), [
    ("非課税世帯に3万円配るやつ、いくら計上されてる？", None),  # an amount paid, not a budget
    ("1,000万円かけたら補助はいくら？", None),
    ("予算が50億円の事業は？", 5_000_000_000),
    ("60億の事業", 6_000_000_000),
])
def test_an_amount_without_a_comparison_filters_programs_only_as_their_budget(question, amount):
    query = understand(question)
    assert (query.amount.yen if query.amount else None) == amount


@pytest.mark.parametrize("question", ["去年と比べてどれくらい増えた？", "前年度からの伸びは？"])
def test_a_change_from_the_previous_year_asks_about_the_budget(question):
    query = understand(question)
    assert query.attribute == "budget" and query.asks_previous_year and query.asks_change


@pytest.mark.parametrize("question", ["何社かで組合を作って工場を直すとき、国はどれくらい出す？", "何人もの職員で進める事業の予算は？"])
def test_an_indefinite_some_or_many_is_not_a_count_asked(question):
    assert understand(question).counter is None


@pytest.mark.parametrize(("question", "attribute"), [
    ("防災無線のデジタル化ってどうやってお金まかなうの？借金？", "funding"),
    ("この事業の財源は？", "funding"),
    ("テレワーク導入の助成金は、資料のどの柱に入ってますか", "category"),
    ("抗体検査に予算をつけてるのはなんで？", "purpose"),
    ("公民館改修の総事業費は？", "project_total"),
    ("町営バス運行事業の事業費は？", "budget"),
    # what a person gets, asked with いくら or どれくらい: the amount per applicant, not the budget
    ("屋根に太陽光つけたら補助いくら出る？", "per_applicant"),
    ("宿舎の借り上げ、市はどれくらい補助してくれるの？", "per_applicant"),
    ("What is the cap on the hedge grant?", "per_applicant"),
    ("ものづくり補助金はいくら？", "budget"),  # a program named 補助金: its budget
    # the share of a fee or cost
    ("出願の手数料のどれだけ交付されるの？", "rate"),
    # a figure of the field the text states, not the budget, though asked with いくら
    ("去年の特殊詐欺の被害額はいくらだった？", "field_figure"),
    # which office a program is of
    ("食品ロスの事業って環境省の事業？", "contact"),
    ("たばこ小売販売業調査ってどこがやってる？", "contact"),
    ("情報システム等経費って内閣官房のどこの部署が持ってるの？", "contact"),  # 経費 is the name's, not the ask
    # who bears how much of a cost is a share
    ("不発弾の処理費用って国がどれくらい負担してくれるの？", "rate"),
    ("で、県はどのくらい負担するの？", "rate"),
    # what was spent: never the budget
    ("この事業で実際に使われた金額(執行額)はいくら？", "actuals"),
    ("令和７年度の決算額はいくらでしたか", "actuals"),
    # how long it runs
    ("麻薬探知犬の訓練ってどれくらいやるの？", "period"),
    ("事業期間は？", "period"),
    # a loan's lowered rate, not an amount someone gets
    ("公庫からお金借りたら金利下げてもらえるって本当？", "loan"),
    # what the money is spent on, though the question says 予算
    ("給食センターの予算って何に使うの？", "details"),
    ("このお金の使い道は？", "details"),
    # a limit on who may use it
    ("家を買ったときの補助って年齢制限ある？", "eligibility"),
    ("所得制限はありますか", "eligibility"),
    # how much is spent, in everyday words
    ("給食費の無償化ってどのくらいお金かけるんですか", "budget"),
    # what a person receives, asked politely
    ("出産祝い金はいくらもらえますか？", "per_applicant"),
    # the money from other governments
    ("保育所費、国とか県からのお金はどれくらい入ってる？", "funding"),
    # a share of the budget used: what was spent
    ("予算に対して何％くらいしか使われてないの？", "actuals"),
])
def test_what_is_asked_of_one_program_in_everyday_words(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("question", "asked"), [
    ("グループ補助金 rate for 中小企業者 is how much?", "rate"),  # the rate, however the sentence ends
    ("What is the growth rate of exports?", None),
])
def test_a_rate_asked_in_english_is_the_subsidy_rate(question, asked):
    query = understand(question)
    assert (asked in (query.attribute, *query.also)) if asked else "rate" not in (query.attribute, *query.also)


@pytest.mark.parametrize(("question", "programs"), [
    ("How many major programs are listed in the FY2020 budget?", True),
    ("How many student devices will the town replace under the GIGA School program?", False),
])
def test_an_english_count_is_of_programs_when_its_noun_phrase_names_them(question, programs):
    assert understand(question).counts_programs is programs


@pytest.mark.parametrize(("question", "descending", "top_n"), [
    ("小樽市の事業で予算額の上位3つは？", True, 3),  # 小 of 小樽 is no 「小さい」
    ("大分県の事業で予算が少ない順に2つ", False, 2),  # nor 大 of 大分 a 「大きい」
    ("予算額の大きい順に3つ", True, 3),
])
def test_a_top_n_asks_across_programs_in_the_order_its_own_words_say(question, descending, top_n):
    query = understand(question)
    assert (query.descending, query.top_n, query.across_programs) == (descending, top_n, True)
