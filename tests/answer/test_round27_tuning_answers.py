"""Kinds found in round 26's sets once they were tuning data (`tests/fixtures/scored-2026-12-06-s29`), each answered by
a general mechanism: a year the budgets do not cover, as a program's own text speaks of it; a designation's letters
read as neither a year nor an English word."""

from __future__ import annotations

import unicodedata

import pytest

from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows
from tests.conftest import FIXTURES

NAMES = ("独立行政法人日本スポーツ振興センター研究施設整備費補助金", "無線システム普及支援事業(民放ラジオ難聴解消支援事業)")


@pytest.fixture(scope="module")
def review_service(corpus_service):
    """Two real rows of the national review (令和6年度 budgets) whose texts speak of 2025 and 2026."""
    rows = review_rows(lambda row: row["projectName"] in NAMES)
    assert len(rows) == len(NAMES)
    return corpus_service("round27-review", {"rs.csv": review_csv(rows), "rs.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "expected"), [
    # the 備考 of a 令和6年度 row: 「2025年度補正予算額/ (修正前)未入力→(修正後)1,073,087千円」
    ("JSCの研究施設整備費補助金、2025年度の補正予算額はいくら？", "1,073,087千円"),
    # the 概要: 「本事業は、2026年度より放送ネットワーク整備支援事業に統合される。」
    ("民放ラジオ難聴解消の事業って2026年度から何に統合されるの？", "放送ネットワーク整備支援事業"),
])
def test_a_year_the_budgets_do_not_cover_is_answered_by_the_programs_sentence_of_that_year(review_service, question,
                                                                                          expected):
    answer = review_service.ask(question)
    assert not answer.abstained and any(expected in c.quote for c in answer.citations), answer.answer


@pytest.mark.parametrize("question", [
    # 「(2023年度1次補正)」 names the year but gives no amount: no budget of 2023 is stated
    "JSCの研究施設整備費補助金の2023年度の予算はいくら？",
    # no sentence speaks of 2027
    "JSCの研究施設整備費補助金の2027年度の予算はいくら？",
])
def test_a_year_whose_figure_no_sentence_gives_is_said_not_covered(review_service, question):
    answer = review_service.ask(question)
    assert answer.abstained and "1,999,677,000" not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    # 「ゆーえいち60じぇい」 read as UH60J: a helicopter, not 平成60年度
    ("きゅうなんへりの ゆーえいち60じぇいは いくらで かうの", "949億円"),
    # 「AIM」 of 「AIM-120」 asks no aim: the three missiles' prices added (335 + 119 + 112)
    ("空対空ミサイルのAIM-120とAAM-4B、それに空対艦のASM-3A、3つ合わせていくら？", "566億円"),
])
def test_a_designations_letters_name_the_item_and_ask_nothing(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert not answer.abstained and expected in unicodedata.normalize("NFKC", answer.answer), answer.answer


@pytest.mark.parametrize(("questions", "expected"), [
    # 「トン数は？」 after the ships' count: the tonnage the program's text gives, not the count again
    (["護衛艦って今年何隻つくるんですか", "トン数は？"], "3,900トン"),
    (["潜水艦の建造のトン数は？"], "3,000トン"),
    # an item written twice, in a page's text and priced (「…火薬庫の確保（５８億円）」): the priced one's budget
    (["火薬庫の確保はいくら？"], "58億円"),
])
def test_what_a_question_asks_of_an_item_is_read_from_the_item_that_states_it(mod_service, conversation, questions,
                                                                              expected):
    answer = conversation(mod_service, questions)
    assert not answer.abstained and expected in unicodedata.normalize("NFKC", answer.answer), answer.answer


LAYOUTS = FIXTURES / "scored-2026-12-07-s30" / "layouts31"


@pytest.fixture(scope="module")
def three_documents(corpus_service):
    """Round 27's three fictional documents in one corpus: a mayor's 施政方針, a prefecture's 委託料・指定管理料一覧 as a
    PDF's text, a 一部事務組合's 予算の概要."""
    return corpus_service("round27", {p.name: p for p in sorted(LAYOUTS.glob("*.txt"))})


@pytest.mark.parametrize(("question", "expected", "not_expected"), [
    # 「施政方針」 on the title's second line names the speech: its largest program, not the corpus's
    ("施政方針で紹介された事業の中でいちばん予算が大きいのはどれ？", "雨水排水ポンプ場更新事業", "南稜クリーンセンター"),
    # 「組合の」: the 一部事務組合's own total, not the corpus's programs added
    ("組合の令和8年度予算の総額っていくら？", "5,779,120千円", "資料ごと"),
    # the fee of a contract list's row is its amount
    ("県民の森の指定管理料は？", "38,900千円", None),
])
def test_a_document_named_by_its_title_or_its_kind_of_body_answers_alone(three_documents, question, expected,
                                                                         not_expected):
    answer = three_documents.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer
    assert not_expected is None or not_expected not in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "expected"), [
    # an English follow-up whose words are what is asked (aircraft, buy; office, in charge), its pronoun the program
    (["How much is budgeted for the E-2D early warning aircraft?", "And how many aircraft does that buy?"], "5機"),
    # (the document gives no office: said missing of the program asked about, not of another)
    (["How much is the budget for the F-35A fighters?", "Which office is in charge of it?"], "F-35A"),
])
def test_an_english_follow_up_asking_of_it_stays_on_the_program(mod_service, conversation, questions, expected):
    answer = conversation(mod_service, questions)
    assert expected in unicodedata.normalize("NFKC", answer.answer), answer.answer


@pytest.mark.parametrize("question", [
    # items the document lists with no figure anywhere in their text: the amount is said missing, not their line quoted
    "部隊の燃料の確保にはいくらかかる？",
    "でんしせんぶたい の しんぺん に いくら かかるの",
])
def test_an_amount_asked_of_an_item_listed_without_a_figure_is_said_missing(mod_service, question):
    answer = mod_service.ask(question)
    assert answer.abstained and "予算額" in answer.answer and "記載されていません" in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "expected"), [
    # 「AIM-120だけだと」: one item of the area shown, its budget (not a case's figure)
    (["弾薬の確保ってどれくらい予算ついてる？", "AIM-120だけだといくら？"], "335億円"),
    # 「逆にいちばん安いのは？」 after a ranking within an area: the same ranking, the other way
    (["無人アセット防衛能力って全体でいくらついてるの？", "その中で一番お金がかかってる事業はどれ？", "逆にいちばん安いのは？"],
     "UAV(狭域用)の取得"),
])
def test_a_follow_up_narrowing_or_reversing_what_was_shown(mod_service, conversation, questions, expected):
    answer = conversation(mod_service, questions)
    assert not answer.abstained and expected in unicodedata.normalize("NFKC", answer.answer), answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("消防費っていくら計上されてる？", "2,618,300千円"),
    ("しょうぼうひ って いくら けいじょうされてる？", "2,618,300千円"),  # a total's title typed in kana
    ("消防費と衛生費、どっちが多くて差はいくら？", "181,400千円"),
])
def test_a_bodys_totals_by_款_answer_its_areas(three_documents, question, expected):
    answer = three_documents.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.fixture(scope="module")
def prefecture_records(corpus_service):
    """茨城県's 予算 records (PoliInfo-3), read through round 27's mapping."""
    name = "ibaraki-h31-r02-yosan.json"
    return corpus_service("recs27", {name: FIXTURES / "records/poliinfo3-split" / name,
                                     f"{name}.mapping.toml": FIXTURES / "scored-2026-12-07-s30/recs31" / f"{name}.mapping.toml"})


def test_a_count_of_the_breakdown_counts_the_parts_of_the_program_shown(prefecture_records, conversation):
    # 「内訳の事業はいくつ」 after one program: the rows listed under it (4), not the document's programs
    answer = conversation(prefecture_records, ["茨城県の犬猫殺処分ゼロを目指す環境整備事業、令和2年度はいくら？",
                                               "内訳の事業はいくつに分かれてる？"])
    assert "4件" in answer.answer and "地域猫活動推進事業" in answer.answer, answer.answer
