"""A corpus of several fiscal years (福岡市's 重要施策 of 平成31年度 and 令和2年度, the records of three 局 in one file:
tests/fixtures/real/fukuoka-h31-r02-three-bureaus.json): what a count or sum adds, which year's text a question is
answered from, and the change between two named years. Questions are the engineers' own."""

from __future__ import annotations

from pathlib import Path

import pytest

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
