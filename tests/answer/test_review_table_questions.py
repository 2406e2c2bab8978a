"""Questions over the national review's table (real rows of two ministries, our own questions): an English count of
one ministry's programs, and who runs a program asked with the ministry named (no listing of the ministry)."""

from __future__ import annotations

import pytest

from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows


@pytest.fixture(scope="module")
def justice_table(corpus_service):
    rows = review_rows(lambda r: r["ministry"] in ("法務省", "金融庁"))
    service = corpus_service("justice", {"review.csv": review_csv(rows), "review.csv.mapping.toml": REVIEW_MAPPING})
    justice = sum(1 for r in rows if r["ministry"] == "法務省")
    return service, justice


@pytest.mark.parametrize("question", [
    "How many Ministry of Justice programs are in this list?",
    "How many programs does the Ministry of Justice have?",
    "法務省の事業はいくつ？",
])
def test_a_count_of_one_ministrys_programs_is_counted_over_the_table(justice_table, question):
    service, justice = justice_table
    answer = service.ask(question)
    assert not answer.abstained
    assert f"{justice}件" in answer.answer.splitlines()[0]


@pytest.mark.parametrize(("question", "bureau"), [
    ("人権擁護委員の活動を担当しているのは法務省のどの局ですか", "人権擁護局"),
    ("Which bureau of the Ministry of Justice runs the human rights volunteers program?", "人権擁護局"),
])
def test_who_runs_a_program_is_its_bureau_not_a_listing_of_the_ministry(justice_table, question, bureau):
    service, _ = justice_table
    answer = service.ask(question)
    assert bureau in answer.answer.splitlines()[0]
    assert "件です" not in answer.answer
