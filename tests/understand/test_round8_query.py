"""Question reading found on round 7's scored sets (tuning data): the attribute a question ends on, rates under
other names, a follow-up's year and ranking, and amount conditions said with a budget verb."""

from __future__ import annotations

import pytest

from qa.understand import understand
from qa.understand.numbers import amount_filter
from tests.understand.asked import after


@pytest.mark.parametrize(("question", "attribute"), [
    ("犬猫の殺処分ゼロを目指す取り組みはどこの局？", "contact"),  # target words first, the office asked last
    ("セアカゴケグモの 対策って どこの 局が やってるの", "contact"),  # spaces typed between kana words
    ("国境離島の運賃を安くする事業、国の交付率はどれくらい？", "rate"),
    ("国は先生の給料のどれくらいを持ってるの？", "rate"),
])
def test_the_attribute_asked_is_read(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("question", "yen"), [
    ("60億円ついてる事業っていくつある？", 6_000_000_000),
    ("50億円計上された施策は？", 5_000_000_000),
    ("3万円の補助", None),  # an amount paid out, no condition on budgets
    ("予算が910万円以上の事業は？", 9_100_000),
    # an income or a monthly payment qualifies people, not programs' budgets
    ("所得制限にかかる年収910万円以上の世帯の高校生向けの臨時支援金、年額の上限は？", None),
    ("月額3万円以上の手当は？", None),
])
def test_an_amount_said_with_a_budget_verb_is_a_condition(question, yen):
    found = amount_filter(question)
    assert (found.yen if found else None) == yen



def test_a_follow_up_keeps_the_year_asked_before():
    assert after("令和2年度のボートレース事業の予算は？", "売上はどのくらい見込んでるの？").years == {2020}


def test_a_follow_up_naming_another_year_and_a_change_compares_the_two_years():
    query = after("平成31年度の国際化の推進の予算は？", "令和2年度はどう変わった？")
    assert query.years == {2019, 2020} and query.attribute == "budget"


def test_a_superlative_after_a_ranking_is_the_ranking_read_the_other_way():
    query = after("いちばん予算が大きい事業は？", "逆にいちばん少ないのは？")
    assert query.operation == "min" and query.rank == 1
