"""Answers over round 31's documents and kinds of question (tuning data since their scoring,
`tests/fixtures/scored-2026-12-07-s34`): programs pointed at together (「両方でいくら？」), an office asked by its level, an
English follow-up, colloquial question words, and the fictional documents' summaries and run-on sentences."""

from __future__ import annotations

import pytest

from tests.answer.conftest import REVIEW_MAPPING, documents_in, review_csv, review_rows
from tests.conftest import FIXTURES

ROUND = FIXTURES / "scored-2026-12-07-s34"


@pytest.fixture(scope="module")
def areas_and_press(corpus_service):
    return corpus_service("round31-b", documents_in(ROUND / "layouts38", ".txt", ".csv"))


@pytest.fixture(scope="module")
def assessed_and_sheets(corpus_service):
    return corpus_service("round31-a", documents_in(ROUND / "layouts37", ".txt", ".xlsx"))


@pytest.fixture(scope="module")
def review_offices(corpus_service):
    """Rows of the national review whose office is a 室 and whose text counts sites, among others of their ministries."""
    rows = review_rows()
    wanted = [r for r in rows if r["projectName"] in ("中小企業生産性革命推進事業", "観測業務")]
    neighbours = [r for r in rows if r["ministry"] in ("経済産業省", "国土交通省") and r not in wanted][:60]
    return corpus_service("round31-rs", {"review.csv": review_csv(wanted + neighbours),
                                         "review.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("questions", "expected"), [
    # the programs of the last two answers, added when the question points at both and asks how much
    (["AIチップの開発の予算は？", "AIシステム共同開発のほうは？", "両方でいくら？"], "41.0億円"),
    (["How much money is in the budget for the AI chip testing environment program?",
      "and the AI system joint development one?", "so both AI programs together?"], "41.0億円"),
    # 「全部で予算はいくら？」: the budgets added, the words between said
    (["全部で予算はいくら？"], "2607.7億円"),
    # 何個 typed 「何こ」 counts
    (["この資料って事業ぜんぶで何こ載ってる？"], "28件"),
    # 「どんだけ」 is 「どれだけ」; the cost's share asked, the rate answers
    (["経営改善計画つくるとき、専門家の費用ってどんだけ補助される？"], "2/3"),
])
def test_seed_questions_of_round31s_kinds(seed_service, chat, questions, expected):
    assert expected in chat(seed_service, questions)


@pytest.mark.parametrize(("corpus", "questions", "expected"), [
    # the 査定額 column of a 予算要求・査定状況一覧 is the budget (its 要求額 was 90,000千円)
    ("assessed_and_sheets", ["スマート農業の支援、予算どれくらい認められた？"], "75,000千円"),
    # an English follow-up with no program named stays on the program shown
    ("assessed_and_sheets", ["How much is the town spending on the high school commuting subsidy this year?",
                             "Is there a monthly limit per student?"], "10,000円"),
    # a sum said around other words (「全体では査定後いくら」「全部合わせた要求額」)
    ("assessed_and_sheets", ["農林水産部全体では査定後いくらになった？"], "806,900千円"),
    ("assessed_and_sheets", ["中小事業局の事業を全部合わせた要求額は？"], "16,600百万円"),
    # 「そこから」: from the figure just shown (last year's), the change
    ("assessed_and_sheets", ["産後ケアの事業って前の年の予算はいくらだった？", "今年はそこからどれだけ増えたの？"], "9,200千円"),
    # a cell wrapped over the rows of a box-drawn table, read whole: the figure beside the thing asked
    ("areas_and_press", ["有害鳥獣の捕獲の報償金は1頭いくら？"], "8,000円"),
    # an area's total from its 地区計 row
    ("areas_and_press", ["東部地区の主要事業、予算は合計でいくらになってますか。"], "1,022,600千円"),
    # the program just shown, compared with the one named now, both priced in the mayor's sentences
    ("areas_and_press", ["防災無線のデジタル化にはいくら使うんですか", "じゃあ河川しゅんせつとどっちが多い？"], "1億4,200万円"),
])
def test_round31_documents_answer(request, chat, corpus, questions, expected):
    assert expected in chat(request.getfixturevalue(corpus), questions)


def test_one_of_an_item_asked_in_english_without_a_count_is_said_missing(mod_service):
    """トマホークの取得 counts no missiles: the price of one is not in the document (so is 「1発いくら？」)."""
    answer = mod_service.ask("How much does one Tomahawk missile cost?")
    assert answer.abstained and "1つあたりの額" in answer.answer, answer.answer


def test_which_program_asked_after_a_need_is_answered_by_the_need(seed_service):
    """「…補助ある？どの事業？」: the answer to the need names its program; asked alone, the second part would be
    answered with another program (or said missing)."""
    answer = seed_service.ask("ガソリンスタンドの災害対策に使える補助ある？どの事業？")
    assert not answer.abstained and answer.answer.startswith("石油製品安定供給確保支援事業"), answer.answer
    assert answer.answer.count("資料には") == 1, answer.answer


@pytest.mark.parametrize(("corpus", "question", "missing"), [
    # a day of the week, or a rate named by its own name, that no sentence of the program gives
    ("assessed_and_sheets", "移動販売車って何曜日に来るの？", "曜日"),
    ("assessed_and_sheets", "移住体験住宅の稼働率は？", "稼働率"),
])
def test_a_value_of_a_kind_no_sentence_carries_is_said_missing(request, corpus, question, missing):
    answer = request.getfixturevalue(corpus).ask(question)
    assert answer.abstained and f"の{missing}の記載がありません" in answer.answer, answer.answer


@pytest.mark.parametrize("question", [
    # the mayor states no entry fee; the 「１回５００円」 of the 産後ケア sentences is that program's
    "朝霧川マラソンの参加費っていくら？",
    "デマンド交通って1回乗るといくら？",
])
def test_a_fee_said_of_another_program_in_the_same_speech_is_not_this_ones(areas_and_press, question):
    answer = areas_and_press.ask(question)
    assert answer.abstained and "500円" not in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "expected"), [
    # a 室 answers 「どこの課？」: the row's office is given, not said missing
    (["中小企業生産性革命推進事業の予算は？", "担当してるのはどこの課？"], "技術・経営革新室"),
    # "of that program": the program just shown
    (["How many weather radar sites does the JMA observation program have?", "And what is the budget of that program?"],
     "3,732,750,000円"),
])
def test_review_rows_answer_round31s_follow_ups(review_offices, conversation, questions, expected):
    answer = conversation(review_offices, questions)
    assert not answer.abstained and expected in answer.answer, answer.answer
