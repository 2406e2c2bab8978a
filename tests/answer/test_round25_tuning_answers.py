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


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # groups named as examples in brackets (「（人づくり革命・生産性革命など）」) are the groups ranked, not a filter
    (["5つの分野（人づくり革命・生産性革命など）のうち、事業の数がいちばん多いのはどれ？"], "最も多い分野は生産性革命で、18件",
     "人づくり革命」で"),
    # 「その分野」 after a ranking of groups: the group it put first
    (["5つの分野（人づくり革命・生産性革命など）のうち、事業の数がいちばん多いのはどれ？", "その分野の予算を全部足すといくら？"],
     "2073.3億円です（18件）", "28件"),
])
def test_groups_ranked_and_the_one_ranked_first_pointed_back_at(seed_service, chat, questions, expected, absent):
    answer = chat(seed_service, questions)
    assert expected in answer and absent not in answer, answer
