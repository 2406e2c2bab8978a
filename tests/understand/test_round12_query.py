"""A ranking of groups (which department, ministry or heading runs the most programs, or the largest budgets
added) told from a ranking of programs whose office is asked; the sentences of a question that ask."""

from __future__ import annotations

import pytest

from qa.answer.compose import asking_sentences
from qa.understand.query import understand


@pytest.mark.parametrize(("question", "operation", "group", "by_count"), [
    ("担当している事業の数が一番多いのはどこの局？", "max", "department", True),
    ("予算の合計が最も大きい部は？", "max", "department", False),
    ("どの課が一番お金を使ってる？", "max", "department", False),
    ("事業数がいちばん少ない省庁ってどこ", "min", "ministry", True),
    ("どの分野に一番予算が配分されていますか", "max", "category", False),
    ("Which bureau runs the most programs?", "max", "department", True),
    # programs ranked: the office of the first is asked, or nothing of a group at all
    ("一番予算が大きい事業はどこの局の担当？", "max", None, False),
    ("消防局の事業で一番大きいのはどれ？", "max", None, False),
    ("IT導入補助金の担当はどこの課？", None, None, False),
])
def test_a_ranking_of_groups_is_told_from_a_ranking_of_programs(question, operation, group, by_count):
    query = understand(question)
    assert (query.operation, query.group, query.group_by_count) == (operation, group, by_count)


@pytest.mark.parametrize(("question", "asking"), [
    ("議会への説明資料用です。この資料の事業を全部足すといくら？", "この資料の事業を全部足すといくら?"),
    ("子どもを連れて赴任予定です。日本人学校の予算は？", "日本人学校の予算は?"),
    ("総額はいくらですか。", "総額はいくらですか。"),  # a question alone stays whole
    ("予算は1,000万円です。", "予算は1,000万円です。"),  # nothing asks: the question whole
])
def test_a_sentence_that_states_is_left_out_of_what_a_question_asks(question, asking):
    assert asking_sentences(question) == asking


@pytest.mark.parametrize(("question", "op", "yen"), [
    ("予算が100億円を超えてる事業っていくつある？", ">", 10_000_000_000),
    ("50億円こえた事業", ">", 5_000_000_000),
    ("10億円を上回っている事業は何件", ">", 1_000_000_000),
    ("1億円を下回った事業は？", "<", 100_000_000),
    ("予算が60億円の事業", "=", 6_000_000_000),
])
def test_an_amount_condition_said_as_people_say_it_is_read(question, op, yen):
    amount = understand(question).amount
    assert amount is not None and (amount.op, amount.yen) == (op, yen)


@pytest.mark.parametrize(("question", "counts_programs"), [
    ("データを使って実証する事業、サービスを何件つくるのが目標？", False),
    ("拠点は何件整備するの？", False),
    ("事業は何件ある？", True),
    ("防災関係の施策は何件ありますか", True),
])
def test_what_a_count_is_of_is_the_noun_before_its_particle(question, counts_programs):
    assert understand(question).counts_programs is counts_programs


def test_the_other_program_by_contrast_is_asked_the_same_thing():
    from qa.understand import Turn

    history = [Turn("user", "廃炉・汚染水対策事業の予算は？"), Turn("assistant", "175.6億円です。")]
    query = understand("話かわるけど、インバウンド型クールジャパン推進事業のほうは？", history)
    assert query.attribute == "budget" and query.inherited


@pytest.mark.parametrize(("question", "after", "descending"), [
    ("平成31年度の主要事業のうち、除雪費の次に予算が大きいのはどれ？", "除雪費", True),
    ("トマホークの次に高いのは？", "トマホーク", True),
    ("いちばん小さい事業の次は？", None, False),
])
def test_a_rank_counted_from_a_named_program_keeps_the_name(question, after, descending):
    query = understand(question)
    assert (query.after, query.descending) == (after, descending)
    assert after is None or query.operation == "nth"


@pytest.mark.parametrize("question", [
    "スタンド・オフ防衛能力の分野全体では、いくらぐらい？",
    "この柱全体だとどれくらい？",
    "防衛費は全体でいくら？",
])
def test_a_whole_asked_with_a_topic_particle_is_a_sum(question):
    assert understand(question).operation == "sum"


@pytest.mark.parametrize(("question", "attribute"), [
    ("産科医療特別給付事業運営費で国が補助しているのは、具体的に何の費用ですか？", "details"),
    ("その事業は補助金ですか、委託ですか？", "scheme"),
    ("国から誰にどういう形でお金が出るの？", "scheme"),
    ("What's the price tag for the 12 UH-60J rescue helicopters?", "budget"),
    ("What is the unit price of an F-35A?", "unit_cost"),
])
def test_what_is_asked_of_a_program_is_read(question, attribute):
    assert understand(question).attribute == attribute


def test_an_amount_said_by_its_word_alone_asks_the_budget_not_the_previous_attribute():
    """「その前年度の額は？」 after a program whose title holds a loan word (医師修学資金貸与事業): the amount asked."""
    from qa.understand import Turn

    history = [Turn("user", "医師修学資金貸与事業の令和2年度予算は？"), Turn("assistant", "786,000千円です。")]
    query = understand("その前年度の額は？", history)
    assert query.attribute == "budget" and query.asks_previous_year


@pytest.mark.parametrize("question", [
    "ICTを使った医療体制の支援事業、平成31年度と令和2年度でどっちが多い？差は？",
    "除雪費は平成31年度と令和2年度でどう変わった？",
])
def test_two_years_compared_ask_the_budget(question):
    query = understand(question)
    assert query.attribute == "budget" and len(query.years) == 2
