"""Kinds found in round 25's sets once they were tuning data (`tests/fixtures/scored-2026-12-06-s28`), each answered
by a general mechanism over real rows of the national review."""

from __future__ import annotations

import pytest

from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows

MINISTRIES = ("国土交通省", "文部科学省")


@pytest.fixture(scope="module")
def two_ministries(corpus_service):
    """The real review's first 30 rows of each of two ministries, read through the shipped mapping."""
    rows = review_rows(lambda row: row["ministry"] in MINISTRIES)
    rows = [r for ministry in MINISTRIES for r in [r for r in rows if r["ministry"] == ministry][:30]]
    return corpus_service("review25", {"rs-two.csv": review_csv(rows), "rs-two.mapping.toml": REVIEW_MAPPING}), rows


def _ranked(rows: list[dict[str, str]], ministry: str) -> list[str]:
    mine = [r for r in rows if r["ministry"] == ministry and r["budgetAmount_yen"]]
    return [r["projectName"] for r in sorted(mine, key=lambda r: -float(r["budgetAmount_yen"]))]


@pytest.mark.parametrize(("questions", "ministry", "place"), [
    # a follow-up ranking goes on within the ministry the first question named by its common name (国交省)
    (["国交省の事業で予算額がいちばん大きいのはどれ？", "じゃあ2番目に大きいのは？"], "国土交通省", 1),
    (["文科省で一番予算が多い事業は？", "3番目は？"], "文部科学省", 2),
])
def test_a_follow_up_ranking_keeps_the_ministry_named_by_its_common_name(two_ministries, chat, questions, ministry,
                                                                         place):
    service, rows = two_ministries
    answer = chat(service, questions)
    assert ministry in answer and _ranked(rows, ministry)[place] in answer, answer
