"""A corpus of several fiscal years (福岡市's 重要施策 of 平成31年度 and 令和2年度, the records of three 局 in one file:
tests/fixtures/real/fukuoka-h31-r02-three-bureaus.json): what a count or sum adds, which year's text a question is
answered from, and the change between two named years. Questions are the engineers' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.understand import Turn

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
DATA = REAL / "fukuoka-h31-r02-three-bureaus.json"


@pytest.fixture(scope="module")
def service(corpus_service):
    return corpus_service("two-years", {DATA.name: DATA, f"{DATA.name}.mapping.toml": Path(f"{DATA}.mapping.toml")})


@pytest.mark.parametrize(("question", "each_year"), [
    ("消防局の重要施策、合計するといくら？", ["1,970,908千円", "2,641,109千円"]),
    ("水道局の事業はいくつある？", ["11件"]),
])
def test_a_count_or_sum_naming_no_year_is_answered_year_by_year_never_across_years(service, question, each_year):
    answer = service.ask(question).answer
    assert "年度ごとに" in answer.splitlines()[0]
    assert answer.index("【令和2年度】") < answer.index("【平成")  # the latest year first
    for figure in each_year:
        assert figure in answer
    assert "4,612,017千円" not in answer and "22件" not in answer  # both years added: neither year's figure


def test_a_sum_naming_its_year_adds_that_year_alone(service):
    answer = service.ask("令和2年度の消防局の事業の予算を合計すると？").answer
    assert "1,970,908千円" in answer.splitlines()[0] and "年度ごとに" not in answer


@pytest.mark.parametrize(("question", "station"), [
    ("令和2年度の事業で、救急隊を増やすのはどこの消防署？", "博多消防署"),
    ("平成31年度の事業で、救急隊を増やすのはどこの消防署？", "中央消防署"),
])
def test_a_question_naming_a_year_is_answered_from_that_years_text(service, question, station):
    answer = service.ask(question)
    assert not answer.abstained and station in answer.answer, answer.answer[:200]
    assert "年度）について" in answer.answer  # the quoted program is named with its year


def test_two_named_years_of_one_title_give_the_change_between_them(service):
    answer = service.ask("七隈線延伸事業の推進の予算は平成31年度から令和2年度でどれだけ増えた？").answer
    assert "11,000千円の増" in answer, answer


def test_the_city_every_record_names_is_no_condition_on_its_programs(service):
    answer = service.ask("福岡市の七隈線延伸事業、令和2年度の当初予算案の額を教えてください。").answer
    assert "7,619,000千円" in answer.splitlines()[0] and "件です" not in answer, answer[:200]


@pytest.mark.parametrize(("question", "needed"), [
    ("七隈線延伸、2年分（H31とR2）合わせるといくら？", "15,227,000千円"),  # 7,608,000 + 7,619,000
    ("七隈線延伸事業の推進の予算、平成31年度と令和2年度でどれだけ違う？", "11,000千円の増"),
])
def test_one_titles_two_years_are_added_or_compared_as_asked(service, question, needed):
    answer = service.ask(question)
    assert needed in answer.answer.splitlines()[0], answer.answer[:200]
    assert len(answer.citations) == 2  # each year's budget line


def test_a_follow_up_naming_another_year_compares_it_with_the_year_asked_before(service):
    first = "平成31年度の七隈線延伸事業の推進の予算は？"
    shown = service.ask(first).answer
    assert "7,608,000千円" in shown
    then = service.ask("令和2年度はどう変わった？", history=[Turn("user", first), Turn("assistant", shown)])
    assert "11,000千円の増" in then.answer, then.answer[:200]
