"""Question reading found on round 9's scored sets and round 10's tuning documents (tuning data): a year followed
by a month is a date; where, asked with どのへん, is a detail; who a program is for, asked at the end; the heading a
program stands under; the budget asked in kana."""

from __future__ import annotations

import pytest

from qa.understand import understand
from tests.understand.asked import after


@pytest.mark.parametrize(("question", "years"), [
    ("運輸安全委員会の事故調査で、2022年12月から新しく対象になったのは？", set()),  # a date, not a fiscal year
    ("令和4年12月に始まった制度は？", set()),
    ("2022年度の予算は？", {2022}),
    ("令和4年度の予算は？", {2022}),
])
def test_a_year_followed_by_a_month_is_a_date_not_a_fiscal_year(question, years):
    assert understand(question).years == years


@pytest.mark.parametrize(("first", "then", "attribute"), [
    ("静止気象衛星の事業の予算は？", "その衛星ってどのへんから観測してるの？", None),  # where, asked with どのへん
    ("静止気象衛星の事業の予算は？", "じゃあ去年はどのくらい？", "budget"),  # どのくらい is still an amount
])
def test_where_asked_with_dono_hen_is_a_detail(first, then, attribute):
    assert after(first, then).attribute == attribute


@pytest.mark.parametrize("question", [
    "薬局が薬を家に届ける費用の支援、どんな患者さんが対象？",
    "この補助金の対象って誰？",
])
def test_who_a_program_is_for_asked_at_the_end_is_eligibility(question):
    assert understand(question).attribute == "eligibility"



@pytest.mark.parametrize(("question", "attribute"), [
    ("HGV対処の研究ってどの分野の予算？", "category"),
    ("目標観測弾の開発は重視分野のうちどれに入ってる？", "category"),
    ("テレワークの助成金はどの見出しの中に入ってる？", "category"),
    ("かいらくえんの じぎょうひ おしえて", "budget"),
    ("さいがいぼうしたいさく、なんおくえん？", "budget"),
])
def test_a_heading_asked_of_a_program_and_a_budget_asked_in_kana(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("text", "kata"), [("ぐろーばるほーく", "グローバルホーク"), ("F-35B 取得", "F-35B 取得")])
def test_hiragana_reads_as_katakana(text, kata):
    from qa.answer.compose import hira2kata

    assert hira2kata(text) == kata
