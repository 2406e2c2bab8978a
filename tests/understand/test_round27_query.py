"""Question reading found on round 26's scored sets once they were tuning data (`tests/fixtures/scored-2026-12-06-s29`):
the letters and digits of a designation (「UH60J」「AIM-120」) are neither a fiscal year nor an English word asked."""

from __future__ import annotations

import pytest

from qa.understand import understand
from qa.understand.years import asked_years
from tests.understand.asked import after


@pytest.mark.parametrize(("question", "years"), [
    # a helicopter's designation, typed or read from kana (「ゆーえいち60じぇい」): 「H60」 is no 平成60年度
    ("救難ヘリのUH60Jはいくら？", set()),
    ("SH60Lの取得費は？", set()),
    # an era's letter with its year, alone or before 年度, is the year
    ("H30年度の予算は？", {2018}),
    ("R5の予算は？", {2023}),
    ("令和5年度の予算は？", {2023}),
])
def test_a_designations_letter_and_digits_are_no_fiscal_year(question, years):
    assert asked_years(question.lower()) == years


@pytest.mark.parametrize(("question", "attribute"), [
    # 「AIM」 of a missile's name asks no aim; the sum of its price and another's is asked
    ("AIM-120とAAM-4Bを合わせていくら？", "budget"),
    ("What is the aim of the program?", "purpose"),
    ("Why was this program started?", "purpose"),
    # an English word inside another (「claim」 holds 「aim」) is not that word
    ("Can I claim the subsidy? How much is it?", "budget"),
])
def test_an_english_attribute_word_counts_only_as_a_word_of_its_own(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("question", "counter"), [
    # a counter and 数 ending the question asks how many, as 何 does
    ("トン数は？", "トン"),
    ("護衛艦の建造のトン数は？", "トン"),
    ("F-35Aの取得の機数を教えて", "機"),
    ("台数って？", "台"),
])
def test_a_counter_with_数_ending_the_question_asks_a_count_in_it(question, counter):
    query = understand(question)
    assert query.attribute == "quantity" and query.counter == counter


def test_a_count_word_inside_a_longer_noun_asks_no_count():
    # 「総数」 of 「予算額の総数」 is no counter's 数
    assert understand("予算額の総数は？").counter is None


@pytest.mark.parametrize(("first", "then"), [
    # 「that」「it」 standing for the program just asked of, in English
    ("How much is budgeted for the E-2D early warning aircraft?", "And how many aircraft does that buy?"),
    ("How much is the budget for the abduction issue program?", "Which office is in charge of it?"),
    ("What is the subsidy rate of the IT introduction subsidy?", "What is the cap for that?"),
])
def test_an_english_pronoun_for_the_program_refers_back(first, then):
    assert after(first, then).context.refers


def test_a_relative_that_is_no_pronoun_for_the_program():
    assert not after("How much is the F-35A?", "What about the program that builds destroyers?").context.refers


@pytest.mark.parametrize("then", ["2ばんめは？", "2番目は？"])
def test_an_order_typed_in_kana_ranks_as_written_in_kanji(then):
    assert after("このしりょうでいちばん予算がおおきい事業ってなに？", then).operation == "nth"
