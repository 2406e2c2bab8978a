"""A town's 予算の概要 whose blocks give 「予算額：18,000（前年度：0）」 under a unit declared once (「（金額の単位：千円）」):
each labelled bare figure, and last year's beside it in brackets, takes the declared unit (a newcomer's paper,
`tests/fixtures/newuser29`; it read no program at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.parse import parse_corpus

PAPER = Path(__file__).resolve().parents[1] / "fixtures" / "newuser29" / "kirigaoka-r8-yosan-gaiyo.txt"


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("town")
    (folder / PAPER.name).write_text(PAPER.read_text(encoding="utf-8"), encoding="utf-8")
    return [p for p in parse_corpus(folder).programs if p.countable]


def test_every_block_is_read(programs):
    assert len(programs) == 15


@pytest.mark.parametrize(("title", "yen", "previous"), [
    ("出産・子育て応援給付金上乗せ事業", 18_000_000, 0),
    ("学校給食費無償化事業", 96_400_000, 48_200_000),
    ("各種がん検診事業", 24_750_000, 25_180_000),
    ("防災行政無線デジタル化事業", 215_000_000, 0),
])
def test_a_bare_figure_and_last_year_s_beside_it_take_the_declared_unit(programs, title, yen, previous):
    program = next(p for p in programs if p.title == title)
    assert program.budget.yen == yen and program.budget.amount_text.endswith("千円")
    assert program.budget.previous_year is not None and program.budget.previous_year.yen == previous
