"""Kinds found on round 14's scored sets (tuning data since), each answered by a general mechanism: a length of time
asked (何年間, 何年分, "for how many years") and the span that states it; offices written as headings over the items
they run (「■総務部　危機管理課　（電話 …）」 above its programs, not under them); a spreadsheet's 内線 column beside its
担当課; the case a fare names (「70歳以上は50円」); a follow-up whose words the program shown holds (「泊まりで使うと1泊
いくら？」 after 産後ケア); two ministries named, either; a 課 named inside its 部; a heading's figure written after it
in brackets, its headings ranked and compared by the totals the document states; a round of supplementary budget the
documents do not cover; everyday words for fuel and waste plants. The documents and questions are the engineers' own.
"""

from __future__ import annotations

import pytest

# A city's 予算説明書: each office a heading over the programs it runs (the last program has none under it).
EXPLAINED = """令和９年度　南川市予算説明書（主要施策の説明）

　本書では、令和９年度の主な事業について、担当部課ごとに説明する。

■総務部　危機管理課　（電話 0480-11-1107）

（１）防災無線更新事業…………………………………………… 120,000千円
                    （前年度 80,000千円）
　防災行政無線の屋外子局を更新する。

（２）自主防災組織支援事業……………………………………… 5,000千円
                    （前年度 4,800千円）
　自主防災組織の資機材購入を補助する。

■市民生活部　環境施設課　（電話 0480-11-5530）

（３）清掃センター基幹的設備改良事業………………………… 980,000千円
                    （前年度 300,000千円）
　清掃センター（ごみ焼却施設）の設備を更新する。令和８年度から令和10年度までの継続費（総額2,400,000千円）
　による工事の２年目。

■企画部　交通政策課　（電話 0480-11-1210）

（４）コミュニティバス運行事業………………………………… 30,000千円
                    （前年度 28,000千円）
　市内循環バスを運行する。運賃は1乗車200円、小学生以下と70歳以上は50円。

■健康福祉部　母子保健課　（電話 0480-11-3120）

（５）産後ケア事業………………………………………………… 6,000千円
                    （前年度 5,000千円）
　出産後１年未満の母子に助産師がケアを行う。宿泊型　利用者負担１泊3,000円、日帰り型　１回1,000円。
　利用回数の上限は通算７回。

■産業振興部　商工課　（電話 0480-11-4100）

（６）研究開発支援事業…………………………………………… 40,000千円
                    （前年度 40,000千円）
　市内中小企業が大学と連携して行う研究開発を最大3年間支援する。研究費（2年間）及び設備費（1年間）を補助する。
"""

# A prefecture's outline in Markdown: each pillar a heading that states its figure in brackets.
PILLARS = """# 令和9年度 東山県 9月補正予算案の概要

## 主な事業

### 柱Ⅰ 物価高騰から暮らしと事業を守る（12億3,000万円）

| 事業名 | 補正額（千円） | 内容 | 担当課 |
|---|---:|---|---|
| 低所得世帯支援給付金事業 | 800,000 | 住民税非課税世帯に給付する | 福祉政策課 |
| 中小企業省エネ設備支援事業 | 430,000 | 省エネ設備の導入を補助する | 経営支援課 |

### 柱Ⅱ 豪雨災害からの復旧・復興と県土の強靱化（30億5,000万円）

| 事業名 | 補正額（千円） | 内容 | 担当課 |
|---|---:|---|---|
| 公共土木施設災害復旧事業 | 2,500,000 | 被災した河川・道路を復旧する | 河川課 |
| 河川しゅんせつ緊急対策事業 | 550,000 | 堆積した土砂を撤去する | 河川課 |
"""

# A town's list saved from a spreadsheet: 款 subtotals, a 内線 column beside the 担当課, the 部 before the 課.
TOWN = ("令和9年度 西原町 主要事業一覧\t\t\t\t\t\n"
        "\t\t\t\t（単位：千円）\t\n"
        "No.\t款\t事業名\t令和9年度予算額\t担当課\t内線\n"
        "1\t総務費\t庁舎照明LED化改修事業\t36,000\t総務部 財産管理課\t211\n"
        "2\t総務費\t地域おこし協力隊活用事業\t28,400\t総務部 企画政策課\t214\n"
        "\t\t【総務費 計】\t64,400\t\t\n"
        "3\t土木費\t町道中原線改良事業\t86,000\t建設部 建設課\t301\n"
        "4\t土木費\t橋梁長寿命化修繕事業\t47,000\t建設部 建設課\t302\n"
        "\t\t【土木費 計】\t133,000\t\t\n"
        "5\t教育費\t学校給食費無償化事業\t41,800\t教育部 学校教育課\t401\n"
        "\t\t【教育費 計】\t41,800\t\t\n"
        "\t\t【主要事業 合計】\t239,200\t\t\n")

# A review table of three ministries (the national table's columns, in a mapping of its own).
REVIEW = ("projectId,projectName,ministry,bureau,division,budgetAmount_yen,execAmount_yen,overview\n"
          "1,スマート農業技術開発事業,農林水産省,農林水産技術会議事務局,研究推進課,3000000000,2400000000,"
          "スマート農業技術を開発する。\n"
          "2,漁業経営安定対策事業,水産庁,漁政部,漁業保険管理官,5000000000,4100000000,"
          "漁業者と国が拠出した基金により、燃油価格が上昇したときに補塡金を交付する。\n"
          "3,緑の雇用事業,林野庁,林政部,経営課,4000000000,3900000000,林業の新規就業者の研修を支援する。\n"
          "4,森林整備事業,林野庁,森林整備部,整備課,12000000000,11000000000,間伐や再造林を進める。\n"
          "5,漁業共済事業,水産庁,漁政部,漁業保険管理官,2000000000,1500000000,漁業共済の掛金を補助する。\n"
          "6,燃料油価格激変緩和対策事業,経済産業省,資源エネルギー庁,資源・燃料部,900000000000,800000000000,"
          "ガソリン・軽油・灯油等の小売価格の急騰を抑制する。\n"
          "7,中小企業資金繰り支援事業,経済産業省,中小企業庁,金融課,50000000000,40000000000,"
          "経営が苦しい中小企業の資金繰りを支援するため、株式会社日本政策金融公庫による無利子・無担保の融資を拡充する。\n")
REVIEW_MAPPING = """id = "projectId"
title = "projectName"
budget = "budgetAmount_yen"
budget_unit = "円"
year = "令和6年度"
ministry = "ministry"
department = ["bureau", "division"]

[sections]
"概要" = "overview"
"執行額" = "execAmount_yen"
"""

# A ministry's second supplementary budget.
SECOND = """令和２年度 厚生労働省 第二次補正予算の概要

１　医療提供体制の確保

○ 医療機関等支援事業　　２，０００億円
　医療機関の資金繰りを支援する。

○ 介護施設等支援事業　　１，０００億円
　介護施設の感染防止対策を支援する。
"""


@pytest.fixture(scope="module")
def explained(corpus_service):
    return corpus_service("explained15", {"minamikawa-r9-setsumei.txt": EXPLAINED})


@pytest.fixture(scope="module")
def pillars(corpus_service):
    return corpus_service("pillars15", {"higashiyama-r9-hosei.md": PILLARS})


@pytest.fixture(scope="module")
def town(corpus_service):
    return corpus_service("town15", {"nishihara-r9-shuyo.tsv": TOWN})


@pytest.fixture(scope="module")
def review(corpus_service):
    return corpus_service("review15", {"rs-three.csv": REVIEW, "rs-three.mapping.toml": REVIEW_MAPPING})


@pytest.fixture(scope="module")
def second(corpus_service):
    return corpus_service("second15", {"mhlw-r2-hosei2.txt": SECOND})


@pytest.mark.parametrize(("question", "expected", "wrong"), [
    # the heading above a program is its office; the next program's heading, under its text, is not
    ("防災無線更新事業の担当は？", "危機管理課", "環境施設課"),
    ("自主防災組織支援事業の問い合わせ先の電話番号は？", "0480-11-1107", "0480-11-5530"),
    ("清掃センター基幹的設備改良事業の電話番号は？", "0480-11-5530", "0480-11-1210"),
    ("研究開発支援事業の担当課は？", "商工課", "母子保健課"),
])
def test_an_office_heading_over_programs_is_theirs_not_the_program_above(explained, question, expected, wrong):
    answer = explained.ask(question)
    assert expected in answer.answer and wrong not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("研究開発支援事業の支援は最大何年間？", "最大3年間"),
    ("研究開発支援事業の研究費は何年分出るの？", "研究費（2年間）"),
    ("For how many years at most does the city's R&D support program support a company?", "最大3年間"),
])
def test_a_length_of_time_asked_is_answered_by_the_span_that_states_it(explained, question, expected):
    answer = explained.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_what_a_user_pays_asked_in_everyday_words_is_the_fare_not_the_budget(explained):
    answer = explained.ask("コミュニティバスはいくらで乗れる？")
    assert "200円" in answer.answer.splitlines()[0] and "30,000千円" not in answer.answer, answer.answer


def test_the_case_a_fare_names_is_its_own_value(explained):
    answer = explained.ask("コミュニティバスの運賃、70歳以上だといくら？")
    first = answer.answer.splitlines()[0]
    assert "50円" in first and "200円" not in first, answer.answer
    assert "200円" in explained.ask("コミュニティバスの運賃は？").answer.splitlines()[0]


def test_a_follow_up_whose_words_the_shown_program_holds_stays_on_it(explained):
    from qa.understand import Turn

    first = explained.ask("産後ケアの予算はいくら？")
    history = [Turn("user", "産後ケアの予算はいくら？"), Turn("assistant", first.answer)]
    answer = explained.ask("泊まりで使うと1泊いくら払うの？", history=history)
    assert "3,000円" in answer.answer and {c.program_title for c in answer.citations} == {"産後ケア事業"}, \
        answer.answer


@pytest.mark.parametrize(("history", "question", "expected"), [
    ((), "ゴミ焼却場の工事に市はいくら使うの？", "980,000千円"),
    (("ゴミ焼却場の工事に市はいくら使うの？",), "その工事、全体ではいくらかかるの？", "2,400,000千円"),
])
def test_a_waste_plant_in_everyday_words_and_its_whole_cost(explained, history, question, expected):
    from qa.understand import Turn

    turns = []
    for asked in history:
        turns += [Turn("user", asked), Turn("assistant", explained.ask(asked, history=turns).answer)]
    answer = explained.ask(question, history=turns)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_heading_stating_its_figure_is_a_total_and_its_rows_stand_under_it(pillars):
    answer = pillars.ask("柱Ⅱの事業は何件？")
    assert "2件" in answer.answer, answer.answer
    compared = pillars.ask("豪雨災害からの復旧の柱は、物価高騰対策の柱と比べていくら多いの？")
    assert "18億2,000万円" in compared.answer or "18.2億円" in compared.answer, compared.answer
    quoted = pillars.ask("「豪雨災害からの復旧・復興と県土の強靱化」に入る事業の予算の合計は？")  # a heading holding と
    assert "30億5,000万円" in quoted.answer or "3,050,000千円" in quoted.answer, quoted.answer
    ranked = pillars.ask("どの柱が一番予算が大きい？")
    assert "柱II 豪雨災害からの復旧" in ranked.answer.splitlines()[0], ranked.answer


@pytest.mark.parametrize(("question", "expected", "wrong"), [
    # the document's own subtotals ranked, not the programs
    ("款ごとの小計で一番金額が大きいのはどの款？", "土木費で、133,000千円", "町道中原線改良事業"),
    # a 課 named inside its 部 is the one meant
    ("総務部の企画政策課の事業の予算を合計するといくら？", "28,400千円", "64,400千円"),
    # a 内線 column is a number to reach the 担当課 on, not the office
    ("地域おこし協力隊の担当課はどこ？", "企画政策課（内線214）", "「214」"),
])
def test_a_towns_subtotals_departments_and_extensions(town, question, expected, wrong):
    answer = town.ask(question)
    assert expected in answer.answer and wrong not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("水産庁と林野庁の事業は何件？", "4件"),
    ("水産庁と林野庁の事業の予算の合計は？", "23,000,000,000円"),
    # ministries listed with 「・」 filter; they name no programs of their own
    ("農林水産省・水産庁・林野庁のこの表全体で、予算額を全部合計するといくら？", "26,000,000,000円"),
    # an office named 〜管理官 is one of its own under its 部
    ("水産庁漁政部の漁業保険管理官が担当している事業の予算額を合計するといくら？", "7,000,000,000円"),
    # what was spent, from a column the mapping names, in the budget's unit
    ("漁業経営安定対策事業の執行額おしえて", "4,100,000,000円"),
    ("森林整備事業、実際に使われたのはいくら？", "11,000,000,000円"),
    ("漁業共済事業の執行率は？", "執行率は約75.0%"),  # computed from the two cited figures
    ("緑の雇用事業は予算額と執行額の差がどのくらい？", "差は100,000,000円"),
    # the body that carries a program out, named in its text, not the ministry that runs it
    ("売上が落ちて苦しい中小企業向けに、無利子・無担保の融資を広げるのはどこの機関？", "日本政策金融公庫"),
    # 「基金の事業」 says what the program is; its budget is asked, not a fund's balance
    ("漁業経営安定対策事業って基金の事業だよね、国の予算はいくらあるの？", "5,000,000,000円"),
    # a regional word for いくら
    ("森林整備事業って なんぼ？", "12,000,000,000円"),
    ("ガソリン代を下げる補助金の予算は？", "燃料油価格激変緩和対策事業"),
])
def test_two_ministries_named_are_either_and_everyday_fuel_words(review, question, expected):
    answer = review.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_round_of_supplementary_budget_the_documents_do_not_hold_is_said_missing(second):
    answer = second.ask("第一次補正予算の総額はいくら？")
    assert answer.abstained and "第1次補正" in answer.answer and "第2次補正" in answer.answer, answer.answer
    held = second.ask("第二次補正予算の医療機関等支援事業の予算は？")
    assert not held.abstained and "２，０００億円" in held.answer, held.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("清掃センターの継続費の総額は？", "2,400,000千円"),  # 総額 of one project's years, not programs added
    ("予算が1億円に届かない事業は何件？", "1億円に届かない事業は4件"),  # 届かない: below
    ("産後ケア よさn", "6,000千円"),  # an input method's unconverted final n
])
def test_everyday_forms_of_a_total_a_limit_and_a_typed_n(explained, question, expected):
    answer = explained.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


# An agency's 概算要求: each program numbered 「1．」 straight over its 要求額 line, a summary of accounts at the top.
REQUEST = """令和10年度 地域基盤庁 概算要求の概要

■ 要求総額

  一般会計            要求額 700億円（前年度予算額 600億円）
  合  計              要求額 700億円（前年度予算額 600億円）

Ⅰ 地域交通の再構築

1．地域交通再編推進事業【拡充】
   令和10年度要求額 312億円（前年度予算額 248億円）

  ○事業概要
    地域公共交通ネットワークの再構築を支援する。

2．自動運転移動サービス実装事業【新規】
   令和10年度要求額 85億円（新規）

  ○事業概要
    レベル4自動運転による移動サービスの実装を支援する。

Ⅱ 安全・安心な住まい

3．空き家除却推進事業
   令和10年度要求額 58億円（前年度予算額 65億円）

  ○事業概要
    管理不全の空き家の除却を支援する。

4．住宅耐震化支援事業
   令和10年度要求額 245億円（前年度予算額 240億円）

  ○事業概要
    住宅の耐震改修を支援する。
"""


@pytest.fixture(scope="module")
def request_outline(corpus_service):
    return corpus_service("request15", {"chiiki-r10-gaisan.txt": REQUEST})


@pytest.mark.parametrize(("question", "expected"), [
    # numbered programs each over its own budget line are programs, not headings with totals
    ("要求額がいちばん大きい事業はどれ？", "地域交通再編推進事業"),
    ("前年度より要求額が減っている事業は？", "空き家除却推進事業"),
    ("「拡充」がついている事業は何件？", "1件"),
])
def test_numbered_programs_over_their_budget_lines_are_programs(request_outline, question, expected):
    answer = request_outline.ask(question)
    assert not answer.abstained and expected in answer.answer and "合計" not in answer.answer, answer.answer


# A ledger page heads its 財源内訳 columns once, many lines above the 目 whose figures are asked.
FAR_HEADER_LEDGER = """                    令 和 ９ 年 度　東 浜 町 一 般 会 計 予 算 事 項 別 明 細 書

２　歳　出                                                                                                       （単位：千円）
==========================================================================================================================================================================
　　目                      本年度      前年度      比　較   本 年 度 の 財 源 内 訳                       節                                  説　　　　　明
                            予算額      予算額               特　定　財　源                      一般財源  区　　分                    金　額
                                                               国県支出金     地方債     その他
--------------------------------------------------------------------------------------------------------------------------------------------------------------------------
 1 道路維持費               30,000      28,000       2,000                                      30,000  10 需用費                   10,000  ○町道維持補修事業                                    30,000
                                                                                                       14 工事請負費               20,000    　　町道舗装補修                                      20,000
                                                                                                                                               　　街路灯修繕                                        10,000
                                                                                                                                               　　（対象：町道12路線）
                                                                                                                                               　　（延長約4.2km）
                                                                                                                                               　　（街路灯の更新40基）
                                                                                                                                               　　（側溝清掃を含む）
                                                                                                                                               　　（冬期の凍結防止剤散布）
                                                                                                                                               　　（道路パトロール週2回）
                                                                                                                                               　　（緊急補修の待機）
                                                                                                                                               　　（住民要望への対応）
                                                                                                                                               　　（補修箇所の記録）
--------------------------------------------------------------------------------------------------------------------------------------------------------------------------
 2 橋りょう維持費           64,000      48,500      15,500         35,200     25,600                3,200  12 委託料                    9,000  ○橋りょう長寿命化修繕事業                            64,000
                                                                                                       14 工事請負費               55,000    　　橋りょう定期点検業務委託料（18橋）                9,000
                                                                                                                                               　　橋りょう修繕工事（宮下橋ほか2橋）                55,000
--------------------------------------------------------------------------------------------------------------------------------------------------------------------------
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("橋りょう長寿命化修繕事業の財源のうち地方債はいくら？", "地方債 25,600千円"),
    ("橋りょう長寿命化修繕事業の財源のうち国県支出金はいくら？", "国県支出金 35,200千円"),
])
def test_a_ledgers_funding_is_read_under_the_pages_header_however_far_above(corpus_service, question, expected):
    answer = corpus_service("farheader15", {"higashihama-r9-meisai.txt": FAR_HEADER_LEDGER}).ask(question)
    assert expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected", "wrong"), [
    # headings listed, ranked by the totals the document states for them
    ("主要事項のうち、スタンド・オフ防衛能力、統合防空ミサイル防衛能力、無人アセット防衛能力の3分野で、いちばん予算が小さいのはどれ？",
     "最も小さいのは無人アセット防衛能力", "イージス"),
    # a condition opening a comparison of two items by the price of one
    ("1機あたりで見ると、F-35BはF-35Aよりいくら高い？", "45.75億円", "ABSTAIN"),
    # of two headings on one path, the inner one is ranked in
    ("持続性・強靱性の弾薬の確保で、金額が一番大きい弾薬は？", "AIM-120", "装備品の維持整備"),
    # 「１２式地対艦誘導弾」 is a model's type, no count of Tomahawks
    ("How many Tomahawk missiles does the FY2023 budget buy?", "トマホーク", "12式"),
])
def test_defence_headings_ranked_by_their_totals_and_items_priced_one_by_one(mod_service, question, expected, wrong):
    answer = mod_service.ask(question)
    assert expected in answer.answer and wrong not in answer.answer, answer.answer


def test_a_heading_is_named_without_the_note_it_carries(corpus_service):
    records = [{"id": "1", "title": "除雪費", "budget": 1600000, "category": "効率的な雪対策の推進　《関連公約 2-①》"},
               {"id": "2", "title": "除雪機械整備費", "budget": 150000, "category": "効率的な雪対策の推進　《関連公約 2-①》"},
               {"id": "3", "title": "立地適正化計画推進経費", "budget": 100, "category": "効率的なまちづくりに向けて"}]
    mapping = 'id = "id"\ntitle = "title"\nbudget = "budget"\nbudget_unit = "千円"\ncategory = "category"\n'
    import json

    service = corpus_service("notes15", {"city.json": json.dumps(records, ensure_ascii=False),
                                         "city.json.mapping.toml": mapping})
    answer = service.ask("「効率的な雪対策の推進」に入っている事業の予算を合計するといくら？")
    assert "1,750,000千円" in answer.answer, answer.answer


def test_an_organisations_programs_added_up_in_each_of_two_years_and_compared(corpus_service):
    from pathlib import Path

    from qa.config import ROOT

    fukuoka = ROOT / "tests" / "fixtures" / "real" / "fukuoka-h31-r02-three-bureaus.json"
    service = corpus_service("fukuoka15", {fukuoka.name: fukuoka,
                                           fukuoka.name + ".mapping.toml": Path(str(fukuoka) + ".mapping.toml")})
    answer = service.ask("交通局の施策を全部足した額、31年度と令和2年度でどれくらい減ってる？")  # 31: 平成31
    # the writer of a sealed set computed the same from the records: 18,676,160 and 10,819,774千円
    assert "18,676,160千円（12件）" in answer.answer and "10,819,774千円（12件）" in answer.answer, answer.answer
    assert "7,856,386千円の減" in answer.answer, answer.answer
