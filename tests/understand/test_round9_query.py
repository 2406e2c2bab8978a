"""Question reading found on round 8's scored sets (tuning data): a follow-up asking with an interrogative of its own
(where, which type, when, who) asks a detail, not the figure the previous question asked."""

from __future__ import annotations

import pytest

from qa.understand import understand
from tests.understand.asked import after


@pytest.mark.parametrize(("first", "then", "attribute"), [
    ("トマホークの取得費っていくら？", "それってどこから発射するの？", None),
    ("潜水艦の建造費はいくら？", "それは何型の何番艦ですか？", None),
    # elliptical follow-ups without a question of their own keep what was asked
    ("IT導入補助金の予算は？", "じゃあ省エネ補助金は？", "budget"),
    ("IT導入補助金の補助率は？", "じゃあ省エネ補助金は？", "rate"),
])
def test_a_follow_up_with_its_own_interrogative_asks_a_detail(first, then, attribute):
    assert after(first, then).attribute == attribute


@pytest.mark.parametrize(("question", "attribute"), [
    ("子育てのタクシー券って、どんな人がもらえるんですか？", "eligibility"),  # who, asked with どんな; not how much
    ("いくらもらえる？", "per_applicant"),
])
def test_who_may_use_it_asked_with_donna_wins_over_what_is_received(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("question", "change", "listing"), [
    ("対日直接投資の促進事業、令和2年度は前年度比で何％増？", True, False),  # one program's change, by how much
    ("前年度より減った事業はある？", True, True),  # which programs changed
])
def test_a_change_said_as_a_percentage_asks_one_programs_change(question, change, listing):
    query = understand(question)
    assert (query.asks_change, query.lists_by_change) == (change, listing)
