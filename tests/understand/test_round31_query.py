"""How round 31's phrasings are typed (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s34`)."""

from __future__ import annotations

import pytest

from qa.understand.conversation import Turn
from qa.understand.query import understand


@pytest.mark.parametrize(("question", "attribute", "operation"), [
    # the interrogative that ends the question, a verb's ending after the word, asks the contact (not the loan)
    ("経営者保証なしで借りられる融資、問い合わせるならどこ？", "contact", None),
    ("融資の申し込みはいつ？", "deadline", None),
    # 何個 typed 「何こ」; not 「何これ」
    ("この資料って事業ぜんぶで何こ載ってる？", None, "count"),
    # a sum said around other words
    ("農林水産部全体では査定後いくらになった？", "budget", "sum"),
    ("中小事業局の事業を全部合わせた要求額は？", "budget", "sum"),
    ("全部で予算はいくら？", "budget", "sum"),
    ("両方でいくら？", "budget", "sum"),
    # 「どんだけ」 is 「どれだけ」: what one is paid, the share of the cost beside it
    ("専門家の費用ってどんだけ補助される？", "per_applicant", None),
])
def test_round31_phrasings_are_typed(question, attribute, operation):
    query = understand(question)
    assert (query.attribute, query.operation) == (attribute, operation)


def test_the_share_of_a_cost_said_first_is_asked_beside_the_amount():
    assert "rate" in understand("専門家の費用ってどんだけ補助される？").also


@pytest.mark.parametrize(("question", "refers"), [
    # "of that program": the program shown; "the IT introduction subsidy": an acronym, no pronoun
    ("And what is the budget of that program?", True),
    ("What is the subsidy rate for the IT introduction subsidy?", False),
    # 「そこから」: from the figure shown
    ("今年はそこからどれだけ増えたの？", True),
])
def test_what_a_follow_up_points_at(question, refers):
    history = [Turn("user", "気象レーダーの事業の予算は？"), Turn("assistant", "観測業務の予算額は3,732,750,000円です。")]
    assert understand(question, history).context.refers is refers


def test_an_english_sentence_in_a_chat_is_no_keyword_search():
    """"Is there a monthly limit per student?" holds spaces as every English sentence does: no new topic by them."""
    history = [Turn("user", "How much is the high school commuting subsidy?"), Turn("assistant", "4,800千円です。")]
    assert not understand("Is there a monthly limit per student?", history).context.new_topic
