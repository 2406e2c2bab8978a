"""Questions of round 30's sets (tuning data, `tests/fixtures/scored-2026-12-07-s33`) read once: a zero written in
words in a condition, a ministry named in an English ranking, who receives a subsidy, and a ranking that goes on
through a question about the program it gave."""

from __future__ import annotations

import pytest

from qa.understand import Turn, understand
from qa.understand.numbers import amount_filter


@pytest.mark.parametrize(("text", "op", "yen"), [
    ("スポーツ庁で予算がいちばん少ない事業は？ゼロ円のは除いて", ">", 0),
    ("予算が零円のものは除くと、一番小さいのは？", ">", 0),
    # a 補正 that takes money off (its items written 「△62,400」)
    ("減額補正になった事業はいくつ？", "<", 0),
    ("補正額がマイナスになった事業は？", "<", 0),
])
def test_a_zero_or_a_cut_written_in_words_is_a_condition_on_budgets(text, op, yen):
    found = amount_filter(text)
    assert found is not None and (found.op, found.yen) == (op, yen)


@pytest.mark.parametrize(("text", "group", "operation"), [
    ("Which Ministry of Defense program has the biggest budget?", None, "max"),  # a named ministry filters
    ("Which ministry has the biggest budget?", "ministry", "max"),  # a kind of group is ranked
])
def test_a_ministry_named_in_an_english_ranking_is_no_group(text, group, operation):
    query = understand(text, [])
    assert (query.group, query.operation) == (group, operation)


@pytest.mark.parametrize("text", ["へき地医療支援機構の運営費の補助って、補助を受けるのは誰？", "そのお金をもらえるのはだれ？"])
def test_who_receives_it_asks_who_the_program_is_for(text):
    assert understand(text, []).attribute == "eligibility"


def test_the_money_other_governments_give_asks_the_funding():
    assert understand("そのうち国とか県から出るお金はいくら？", []).attribute == "funding"


def test_a_ranking_goes_on_through_a_question_about_the_program_it_gave():
    history = [Turn("user", "この400事業のなかで予算がいちばん大きいのはどれ？"), Turn("assistant", "…"),
               Turn("user", "その額は？"), Turn("assistant", "…")]
    query = understand("2番目は？", history)
    assert (query.operation, query.rank, query.descending) == ("nth", 2, True)
