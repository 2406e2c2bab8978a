"""Kinds found on round 12's scored sets (tuning data since), each read or answered by a general mechanism: an open-data
API's record whose fields are named in English the way APIs name them (`prev_budget_amount`, `detail`, a `subsidy`
object of `rate` and `cap_yen`); a cap written across a PDF's line wrap (「上\\n限200千円」) or a few words after its
label (「補助上限額は夫婦ともに29歳以下の世帯600千円」); the same cap stated twice said once; a cap asked in kana
(「ほじょは さいだい いくら」); groups headed by a numbered label in brackets (「【柱１】…」). The documents and the
questions are the engineers' own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

API = {"status": "ok", "meta": {"municipality": "北野市", "dataset_title": "令和9年度 当初予算 主要事業一覧",
                                "currency_unit": "円"},
       "departments": [
           {"dept_name": "健康福祉部", "programs": [
               {"program_id": "R09-01", "title": "高齢者補聴器購入費助成事業", "category": "新規",
                "budget_amount": 6000000, "prev_budget_amount": None,
                "summary": "高齢者の補聴器購入費を助成する。", "target": "65歳以上の方",
                "subsidy": {"rate": None, "cap_yen": 30000},
                "detail": "助成額は購入費の範囲内で上限30,000円、1人1回限り。",
                "contact": {"section": "高齢福祉課", "tel": "0289-55-2341"}},
               {"program_id": "R09-02", "title": "帯状疱疹ワクチン接種費用助成事業", "category": "拡充",
                "budget_amount": 52800000, "prev_budget_amount": 18600000,
                "summary": "任意接種の費用を助成する。",
                "detail": "助成額は生ワクチン1回4,000円、組換えワクチン1回10,000円。"}]},
           {"dept_name": "市民生活部", "programs": [
               {"program_id": "R09-03", "title": "防犯カメラ設置費補助金", "category": "拡充",
                "budget_amount": 4500000, "prev_budget_amount": 3000000,
                "summary": "町内会が設置する防犯カメラの設置費を補助する。",
                "subsidy": {"rate": "3/4", "cap_yen": 150000}}]}]}

# A prefecture's 予算案の概要 as text, its groups headed 【柱N】, its lines wrapped as a PDF wraps them.
OUTLINE = """令和９年度 北浜県当初予算案の概要

【柱１】結婚・出産・子育ての希望をかなえる

◆結婚新生活支援補助金【拡充】
  186,000千円（前年度 142,500千円）
  新婚世帯の新居の家賃・引越費用等を補助する市
  町村を支援（県1/2、市町村1/2）。補助上限額は
  夫婦ともに29歳以下の世帯600千円、39歳以下の
  世帯300千円。
  担当：少子化対策課（0190-22-3112）

◆不妊治療費助成事業
  94,200千円（前年度 98,700千円）
  先進医療に要する費用の7/10を助成する。
  担当：健康増進課（0190-22-3120）

【柱２】災害に強く、安心して暮らせる

◆住宅用蓄電池導入支援事業【拡充】
  330,000千円（前年度 210,000千円）
  住宅に太陽光発電設備と併せて蓄電池を導入する
  県民に補助。蓄電池の容量1kWhあたり30千円、上
  限200千円。
  担当：環境政策課（0190-22-2740）

◆河川しゅんせつ緊急対策事業
  2,150,000千円（前年度 1,800,000千円）
  県管理河川で堆積土砂を撤去し、流下能力を確保する。
  担当：河川課（0190-22-2810）
"""


@pytest.fixture(scope="module")
def city(corpus_service):
    return corpus_service("api13", {"kitano-r9.json": json.dumps(API, ensure_ascii=False)})


@pytest.fixture(scope="module")
def outline(corpus_service):
    return corpus_service("outline13", {"kitahama-r9-gaiyo.txt": OUTLINE})


def test_an_api_records_english_fields_are_read_as_the_genre_names_them(city):
    programs = {p.title: p for p in city.index.programs if p.kind == "program"}
    shingles = programs["帯状疱疹ワクチン接種費用助成事業"]
    assert shingles.budget.previous_year is not None and shingles.budget.previous_year.yen == 18_600_000
    sections = {s.name for s in programs["防犯カメラ設置費補助金"].sections}
    assert {"補助", "概要"} <= sections
    assert "内容" in {s.name for s in shingles.sections}


@pytest.mark.parametrize(("question", "expected"), [
    # the subsidy object's rate, said under the genre's name (「補助率 3/4」)
    ("町内会でぼうはんカメラを付けたい。市の補助率はどれくらい？", "3/4"),
    # the cap stated in the detail and in the subsidy object: one value, said once
    ("北野市で補聴器を買うときの助成は最大いくら？", "補助額（上限）は30,000円です"),
    # last year's figure from prev_budget_amount
    ("帯状疱疹ワクチンの助成、前の年よりどのくらい予算が増えた？", "34,200,000円の増"),
])
def test_an_api_records_fields_answer_their_questions(city, question, expected):
    answer = city.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    # the cap a few words after its label
    ("結婚したばかりで夫婦とも28歳です。北浜県の結婚新生活の補助って上限いくら？", "600千円"),
    # the cap split by the wrap (「上\n限200千円」), asked in kana
    ("ちくでんち を つけたら けんの ほじょは さいだい いくら？", "200千円"),
    # the programs under 【柱２】 added
    ("北浜県の柱２「災害に強く、安心して暮らせる」に入っている事業の予算を合計するといくら？", "2,480,000千円"),
])
def test_a_wrapped_outlines_caps_and_groups_are_answered(outline, question, expected):
    answer = outline.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_groups_headed_by_a_bracketed_number_are_the_programs_categories(outline):
    categories = {p.title: p.categories for p in outline.index.programs if p.kind == "program"}
    assert categories["結婚新生活支援補助金"] == ["結婚・出産・子育ての希望をかなえる"]
    assert categories["河川しゅんせつ緊急対策事業"] == ["災害に強く、安心して暮らせる"]


# A national review table as its CSV export writes it: line breaks as 「/」, a note in brackets after an item's 。,
# titles ending in 「…に必要な経費」. The rows are the engineers' own.
REVIEW = """事業名,府省庁,局・庁,予算額（円）,概要
過疎地域の振興に必要な経費,総務省,自治行政局,5000000000,"(1)交付金/1集落の生活支援の取組を支援(1件あたり最大3千万円以内)/2定住団地の造成や空き家改修等を支援。(団地の場合3,877千円×戸数以内。補助率1/2以内)/3廃校舎等を活用した地域間交流施設等の整備を支援。(6千万円以内。補助率1/3以内)"
参議院議員通常選挙に必要な経費,総務省,自治行政局,60000000000,2025年に執行の参議院議員通常選挙の管理執行に必要となる経費について、国会議員の選挙等の執行経費の基準に関する法律に基づき交付する。
国立公園の整備に必要な経費,環境省,自然環境局,9000000000,2024年には35番目の国立公園として日高山脈襟裳十勝国立公園が指定された。
"""


@pytest.fixture(scope="module")
def review(corpus_service):
    return corpus_service("review13", {"review.csv": REVIEW})


@pytest.mark.parametrize(("question", "expected"), [
    # the rate in the bracketed note of the item the question's words are in
    ("廃校を地域間交流施設に改修したいのですが、国の補助率はどのくらい?", "補助率は1/3"),
    # 「執行経費」 of a program titled 「…に必要な経費」 is its own cost: its budget
    ("参院選の執行経費の予算はいくら?", "60,000,000,000円"),
])
def test_a_review_tables_items_are_read_as_written(review, question, expected):
    answer = review.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_an_ordinal_the_text_states_is_no_ranking(review):
    answer = review.ask("35番目の国立公園になったのはどこ?")
    assert "番目に大きい" not in answer.answer and "日高山脈襟裳十勝国立公園" in answer.answer, answer.answer


def test_the_nth_asked_after_a_ranking_is_of_that_ranking(review, chat):
    text = chat(review, ["予算が一番大きい事業は？", "2番目は？"])
    assert "過疎地域の振興に必要な経費" not in text.split("\n")[0] or "国立公園" in text, text
    assert "国立公園の整備に必要な経費" in text, text


@pytest.mark.parametrize(("question", "expected"), [
    # 「ホーク」 of グローバルホーク is no misspelt トマホーク
    ("グローバルホークの維持費っていくら？", "１９２億円"),
    ("ぐろーばるほーくの維持費っていくら？", "１９２億円"),
    ("トマホークはいくら？", "２，１１３億円"),
])
def test_a_piece_of_another_loanword_names_no_program(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_unit_price_is_rounded_half_up(mod_service, chat):
    text = chat(mod_service, ["哨戒艦はなんのために造るの？", "それって1隻あたりいくら？"])
    assert "約89.3億円" in text, text


SEED = Path(__file__).resolve().parents[2] / "corpus" / "h29-hosei-yosan-gaiyou.txt"
MARKED = """事業名,区分,予算額（千円）
こども食堂支援事業,新規,12000
放課後児童クラブ運営事業,拡充,30000
道路維持補修事業,継続,150000
"""


@pytest.fixture(scope="module")
def seed(corpus_service):
    return corpus_service("seed13", {"h29-hosei-yosan-gaiyou.txt": SEED})


@pytest.mark.parametrize(("question", "expected"), [
    # the programs a heading lists, pointed at as 「…関連として挙がっている」
    ("「人づくり革命」関連として挙がっている事業はどれ？予算も知りたい", "学びと社会の連携促進事業"),
    # the counts of one sentence added, in a counter written otherwise (か所 / 箇所)
    ("JETROの事務所は国内と海外で合わせて何か所？", "計119か所"),
])
def test_the_seed_documents_lists_and_counts(seed, question, expected):
    answer = seed.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_markers_joined_in_english_mean_either(corpus_service):
    service = corpus_service("marked13", {"list.csv": MARKED})
    answer = service.ask("What is the combined budget of the new and expanded programs?")
    assert "42,000千円" in answer.answer and "（2件）" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    # a short model code written whole, between 「、」s, is a name (SM-6 is no part of ASM-3A)
    ("SM-3ブロックⅡA、SM-6、PAC-3MSEの3つを足すといくら？", "1,152億円"),
    # equipment counted in sets (「５式」), asked in kana
    ("狭域用のUAVってなんしき取得するの？", "5式"),
])
def test_the_defence_outlines_codes_and_sets(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


# A prefecture's records listing a program, then its parts under its title (as 予算案関係資料 records do).
PARTS = [{"id": "1", "title": "宇宙産業振興事業", "budget": "145,000千円", "category": []},
         {"id": "2", "title": "機運醸成", "budget": "10,000千円", "category": ["宇宙産業振興事業"]},
         {"id": "3", "title": "企業の事業化加速", "budget": "74,000千円", "category": ["宇宙産業振興事業"]},
         {"id": "4", "title": "支援体制の構築", "budget": "61,000千円", "category": ["宇宙産業振興事業"]},
         {"id": "5", "title": "道路補修事業", "budget": "900,000千円", "category": []}]
PARTS_MAPPING = 'id = "id"\ntitle = "title"\nbudget = "budget"\ncategory = "category"\nyear = { value = "令和2年度" }\n'


def test_the_largest_part_of_the_program_just_asked_is_ranked_among_its_parts(corpus_service, chat):
    service = corpus_service("parts13", {"space.json": json.dumps(PARTS, ensure_ascii=False),
                                         "space.json.mapping.toml": PARTS_MAPPING})
    text = chat(service, ["宇宙産業振興事業はいくら？", "その中で一番お金がかかってる取り組みは何？"])
    assert "企業の事業化加速" in text and "道路補修事業" not in text, text


@pytest.mark.parametrize("question", [
    # the stated total whose line holds most of the question's qualifying words, not all of them
    "米軍再編の経費まで含めた防衛関係費の総額はいくら？",
    # English: the qualifiers are the glossary's Japanese (米軍, 再編), not the English words
    "What is the total defense budget including the US forces realignment costs?",
])
def test_a_total_qualified_by_what_it_includes_is_the_line_stating_it(mod_service, question):
    answer = mod_service.ask(question)
    assert not answer.abstained and "６兆8,219億円" in answer.answer, answer.answer


def test_the_accounts_an_exports_summary_states_are_its_totals(corpus_service, chat):
    summarised = {**API, "summary": {"general_account": {"budget_amount": 48620000000,
                                                         "prev_budget_amount": 47310000000},
                                     "special_accounts": {"budget_amount": 29184000000}, "program_count": 3}}
    service = corpus_service("summary13", {"kitano-r9.json": json.dumps(summarised, ensure_ascii=False)})
    text = chat(service, ["北野市の一般会計の当初予算の総額は？", "前の年と比べるとどれだけ増えた？"])
    assert "1,310,000,000円の増" in text, text
    assert "48,620,000,000円" in service.ask("北野市の一般会計の当初予算の総額は？").answer


def test_one_source_of_a_funding_breakdown_is_answered_in_the_budgets_unit(corpus_service):
    funded = {"meta": {"dataset_title": "北野市 令和9年度 主要事業一覧", "currency_unit": "円"},
              "programs": [{"program_id": "P1", "title": "市道舗装補修事業", "budget_amount": 185000000,
                            "summary": "市道の舗装を補修する。",
                            "funding": {"国庫支出金": 74000000, "地方債": 83200000, "一般財源": 27800000}},
                           {"program_id": "P2", "title": "橋りょう長寿命化事業", "budget_amount": 40000000,
                            "summary": "橋の点検と補修を行う。"}]}
    service = corpus_service("funding13", {"kitano-roads.json": json.dumps(funded, ensure_ascii=False)})
    answer = service.ask("市道舗装補修事業の財源のうち、地方債（借金）でまかなう額は？")
    assert not answer.abstained and "地方債 83,200,000円" in answer.answer, answer.answer


def test_programs_named_with_abbreviations_glued_into_their_names_are_added(mod_service):
    answer = mod_service.ask("PAC-3MSE、03式中SAM（改善型）、基地防空用SAMの3つを足すといくら？")
    assert "798億円" in answer.answer, answer.answer


OFFICES = """事業名,府省庁,局・庁,予算額（千円）
在外公館の警備事業,外務省,大臣官房,100000
旅券発給事業,外務省,領事局,200000
海外邦人援護事業,外務省,領事局,50000
広報事業,防衛省,大臣官房,300000
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("外務省大臣官房の事業の予算を全部足すといくら？", "100,000千円"),
    ("外務省領事局が持っている事業の予算を全部足すといくら？", "250,000千円"),
])
def test_a_department_named_with_its_ministry_is_that_ministrys(corpus_service, question, expected):
    service = corpus_service("offices13", {"review.csv": OFFICES})
    answer = service.ask(question)
    assert expected in answer.answer, answer.answer


BOATS = """事業名,府省庁,局・庁,予算額（千円）,概要
警備艇の建造,海上保安庁,装備技術部,900000,入札の結果、海浜造船(株)を建造者に決定した。警備艇2隻を建造する。
灯台の保守,海上保安庁,交通部,300000,全国の灯台を点検し、老朽化した設備を更新する。
"""


@pytest.mark.parametrize(("question", "expected", "missing"), [
    ("警備艇はどの会社が造るの？", "海浜造船(株)", False),  # named by its (株)
    ("灯台の保守はどの会社に頼んでる？", "会社", True),  # no company in its text
])
def test_a_company_asked_is_named_by_its_marker(corpus_service, question, expected, missing):
    service = corpus_service("boats13", {"review.csv": BOATS})
    answer = service.ask(question)
    assert expected in answer.answer and answer.abstained is missing, answer.answer


AGENCY = """事業名,府省庁,局・庁,課,予算額（円）,概要
安全装置のリスト作成事業,こども家庭庁,成育局,安全対策課,50000000,送迎用バスの置き去り防止を支援する安全装置のリストを作成する。
保育所整備交付金,こども家庭庁,成育局,保育政策課,900000000,保育所の整備を支援する。
"""


def test_a_list_the_program_makes_is_no_listing_of_programs(corpus_service):
    service = corpus_service("agency13", {"review.csv": AGENCY})
    answer = service.ask("送迎バスの置き去り防止装置のリストを作ってるのは、こども家庭庁のどこの部署？")
    assert "安全対策課" in answer.answer and "2件" not in answer.answer, answer.answer


LEDGER = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers16" / "kitahama-r9-meisai.txt"


@pytest.fixture(scope="module")
def ledger(corpus_service):
    """A town's 事項別明細書 as plain text (the engineers' own): a 総括 of its 款 with their shares, headings that put the
    number before 款 and 項 on one line, items whose names carry their details in brackets."""
    return corpus_service("ledger13", {"kitahama-r9-meisai.txt": LEDGER})


def test_a_ledgers_summary_and_headings_are_read(ledger):
    totals = {p.title: p for p in ledger.index.programs if p.kind == "total"}
    assert totals["民生費"].budget.yen == 2_431_600_000 and totals["民生費"].budget.previous_year.yen == 2_350_900_000
    assert totals["歳出合計"].budget.yen == 6_045_000_000
    categories = {p.title: p.categories for p in ledger.index.programs if p.kind == "program"}
    assert categories["移住定住促進事業費"] == ["総務費", "総務管理費", "企画費"]
    assert categories["放課後児童クラブ運営事業費"] == ["民生費", "児童福祉費", "児童福祉総務費"]


@pytest.mark.parametrize(("question", "expected"), [
    ("町議会議員です。民生費の本年度予算額を確認したい", "2,431,600千円"),
    ("北浜町の令和9年度一般会計、歳出の合計はいくら？", "6,045,000千円"),
    # the details a name carries in brackets are quoted from it
    ("放課後児童クラブの巡回指導って何月何日から何月何日まで？", "7月1日～3月31日"),
    # the lines indented under a 事業 that add up to its amount are its breakdown, no 事業 of their own
    ("説明欄の事業のうち、5千万円を超えるものはいくつ？", "1件"),
])
def test_a_ledgers_totals_and_bracketed_details_answer(ledger, question, expected):
    answer = ledger.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    # a model's variants named by their letters (「F-35のAとB」) are the two programs
    ("戦闘機を買う予算、Ｆ－３５のＡとＢを足すといくら？", "2,504億円"),
    # "how many … are funded" counts them; the budget only says where
    ("How many F-35B jets are funded out of this year's budget?", "8機"),
])
def test_variants_and_counts_asked_in_other_words(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_sum_narrowed_by_a_heading_in_a_follow_up_is_the_headings_sum(seed, chat):
    text = chat(seed, ["この資料の事業の予算を全部足すといくら？", "そのうち「防災・減災」関係だけだと？"])
    assert "363.9億円" in text, text


def test_a_program_published_in_the_ledger_and_the_open_data_list_is_one(corpus_service, chat):
    listed = {"meta": {"dataset_title": "北浜町 令和9年度 主要事業", "currency_unit": "円"},
              "programs": [{"title": "放課後児童クラブ運営事業費", "budget_amount": 88000000,
                            "prev_budget_amount": 80000000, "department": "子育て支援課",
                            "contact": {"section": "子育て支援課", "tel": "0299-55-1111"}},
                           {"title": "移住定住促進事業費", "budget_amount": 42400000, "prev_budget_amount": 40000000}]}
    service = corpus_service("copies13", {"kitahama-r9-meisai.txt": LEDGER,
                                          "kitahama-r9-major.json": json.dumps(listed, ensure_ascii=False)})
    text = chat(service, ["放課後児童クラブ運営事業費の予算は？", "前年度はいくらだった？"])
    assert "80,000,000円" in text and "2件" not in text, text
    assert "0299-55-1111" in service.ask("放課後児童クラブ運営事業費の問い合わせ先は？").answer


def test_accounts_listed_by_name_in_an_exports_summary_are_its_totals(corpus_service):
    summarised = {**API, "summary": {"accounts": [{"name": "一般会計", "budget_amount": 48620000000},
                                                  {"name": "国民健康保険特別会計", "budget_amount": 2140000000,
                                                   "prev_budget_amount": 2198000000}],
                                     "total": {"name": "合計", "budget_amount": 50760000000}}}
    service = corpus_service("accounts13", {"kitano-r9.json": json.dumps(summarised, ensure_ascii=False)})
    totals = {p.title: p.budget.yen for p in service.index.programs if p.kind == "total"}
    assert totals == {"一般会計": 48_620_000_000, "国民健康保険特別会計": 2_140_000_000, "合計": 50_760_000_000}
    assert "2,140,000,000円" in service.ask("国民健康保険特別会計の予算は？").answer


TOWNS = """事業名,府省庁,局・庁,予算額（千円）,概要
移住定住促進事業,南浜町,企画課,30000,東京からの移住者向けに相談会を開催し、空き家改修の支援金を出す。
除雪事業,南浜町,建設課,90000,町道の除雪を委託する。
子ども医療費助成事業,南浜町,子育て課,50000,18歳までの医療費を助成する。
観光振興事業,北野市,観光課,40000,観光パンフレットを作成する。
"""


def test_a_government_named_with_one_programs_words_asks_of_that_program_not_all_of_its_list(corpus_service):
    service = corpus_service("towns13", {"towns.csv": TOWNS})
    answer = service.ask("南浜町に移住したら移住支援金は1人いくらもらえる？")
    assert "3件" not in answer.answer and "子ども医療費" not in answer.answer, answer.answer
    assert "3件" in service.ask("南浜町の事業はいくつ？").answer
