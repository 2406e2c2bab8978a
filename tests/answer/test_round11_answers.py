"""Kinds found on round 10's scored sets (tuning data since), each answered by a general mechanism: a value asked
alone (an age, a grade, a number of times) that the attribute read in the question's other words (「もらえる」: a
cap received; 「予算」: the budget) does not give is answered by the program's sentence that carries it; a counter
typed in kana (「なんさい」「なんきゅう」) asks as 何歳, 何級; 「AはBよりいくら多い」 asks the difference of two named
programs. The questions are the engineers' own wording."""

from __future__ import annotations

from pathlib import Path

import pytest

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s13" / "recs14"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed(corpus_service):
    """The bundled PR document (平成29年度補正予算の概要)."""
    return corpus_service("seed11", {"h29-hosei-yosan-gaiyou.txt": ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"})


@pytest.fixture(scope="module")
def otaru(corpus_service):
    """小樽市's 主要事業 of two budgets (平成31年度, 令和２年度) as JSON records with their mapping."""
    return corpus_service("otaru11", {p.name: p for p in sorted(RECORDS.iterdir())})


@pytest.mark.parametrize(("question", "expected"), [
    # a grade asked in kana: the sentence listing the grades, not 「補助額（上限）の記載がありません」
    ("しかくしょうがいの ひとの たくしー けん なんきゅう まで", "1・2級"),
    ("障害者タクシー利用助成は何級の人が対象？", "1・2級"),
    ("ふれあいパスは なんさいから？", "70歳以上"),
    # the number of payments asked beside the budget: the sentence that counts them
    ("児童扶養手当の支払いは平成31年度の予算で年何回になる？", "年6回"),
])
def test_a_value_asked_alone_is_answered_by_the_sentence_that_carries_it(otaru, question, expected):
    answer = otaru.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_difference_of_two_named_programs_is_computed(seed):
    answer = seed.ask("AIシステム共同開発支援事業はAIチップの検証環境整備より予算がいくら多い？")
    assert "7.0億円" in answer.answer or "7億円" in answer.answer, answer.answer


def test_a_name_the_user_bracketed_among_everyday_words_names_the_program(mod_service):
    """「…飛行機（早期警戒機）を買うのに」: the bracketed name is the title's own word; the everyday words around it do
    not make the question unanswerable."""
    answer = mod_service.ask("空から見張りをする大きなレーダー付きの飛行機（早期警戒機）を買うのに、いくら使うの？")
    assert not answer.abstained and "１，９４１億円" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected", "abstained"), [
    # an amount of another thing than the budget, which the program's text never names
    ("図書館の市債残高はいくら？", "「残高」は記載されていません", True),
    ("図書館開館時間延長事業の予算はいくら？", "6,800千円", False),
])
def test_an_amount_of_another_thing_than_the_budget_is_said_missing(corpus_service, question, expected, abstained):
    service = corpus_service("library11", {"lib.md": (
        "# 令和8年度 主要事業\n\n（単位：千円）\n\n| 事業名 | 予算額 | 担当課 | 概要 |\n|---|---|---|---|\n"
        "| 図書館開館時間延長事業 | 6,800 | 中央図書館 | 平日の開館時間を午後8時まで延長します。 |\n"
        "| 公民館改修事業 | 48,000 | 生涯学習課 | 公民館の屋根を改修します。 |\n")})
    answer = service.ask(question)
    assert answer.abstained == abstained and expected in answer.answer, answer.answer


def test_an_indefinite_count_asks_no_count(seed):
    """「何社かでチームを組んで」 is some companies, not how many: the rate asked is answered."""
    answer = seed.ask("地震で壊れた工場を何社かでグループを組んで直すとき、費用のどれくらいを国と県が出してくれる？")
    assert not answer.abstained and "3/4" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected", "abstained"), [
    # a share of something else than a subsidy, which the program's sentence gives beside what it is a share of
    ("部外の病院にかかったら自己負担は何割？", "3割は自己負担", False),
    ("診療委託費の補助率は？", "補助率の記載がありません", True),  # no 補助率 stated: still said missing
])
def test_a_share_of_something_else_than_a_subsidy_is_read_from_the_sentence_naming_it(corpus_service, question,
                                                                                      expected, abstained):
    service = corpus_service("share11", {"clinic.md": (
        "# 令和8年度 予算の概要\n\n## 診療委託費\n\n予算額：12億円\n\n"
        "自衛官等の傷病の療養は国が直接行うこととしている。なお、部外医療機関で療養の給付を受けた場合は、"
        "3割は自己負担、7割は国の負担となっている。\n\n## 衛生資材購入費\n\n予算額：3億円\n\n医療用の資材を購入する。\n")})
    answer = service.ask(question)
    assert answer.abstained == abstained and expected in answer.answer, answer.answer


def test_a_name_split_by_bracketed_qualifiers_is_summed_whole(corpus_service):
    """「航空機修理費(陸自)」「(海自)」「(空自)」 (a nested bracket too): the name asked whole, 「合計すると」, adds its rows."""
    service = corpus_service("split11", {"rows.csv": (
        "事業名,予算額（千円）,担当\n航空機修理費(陸自),100,陸上幕僚監部\n航空機修理費(海自),200,海上幕僚監部\n"
        "航空機修理費(空自(教育機含む)),300,航空幕僚監部\n被服購入費,50,人事教育局\n")})
    answer = service.ask("航空機修理費って陸自・海自・空自で分かれてるけど、合計するといくら？")
    assert "600千円" in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "expected"), [
    (["AIシステム共同開発支援とAIチップの検証環境整備、どっちの方が予算が多い？", "差はいくら？"], "7.0億円"),
    (["AIシステム共同開発支援とAIチップの検証環境整備、どっちの方が予算が多い？", "じゃあ2つ合わせると？"], "41.0億円"),
])
def test_a_follow_up_to_a_comparison_computes_over_the_two_programs_compared(seed, chat, questions, expected):
    assert expected in chat(seed, questions)
