"""A list of two fiscal years (a city's 主要事業 of 平成31年度 and 令和2年度): one title in both years is told apart by
its year, the year asked is answered, and 「前の年と比べて」 is computed from the same title's two cited budgets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

OTARU = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-03-s3" / "otaru"


@pytest.fixture(scope="module")
def two_years(embedder, tmp_path_factory):
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("otaru")
    for path in OTARU.iterdir():
        shutil.copy(path, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "needed", "absent"), [
    ("除雪費はいくら？", ["令和元年度", "1,542,800千円", "令和2年度", "1,613,900千円"], []),
    ("平成31年度の除雪費は？", ["1,542,800千円"], ["1,613,900"]),
    ("令和2年度の除雪費は前の年と比べてどれくらい増えた？", ["71,100千円", "増"], []),
    ("創業支援事業費は令和2年度は前の年より増えた？減った？", ["9,000千円", "減"], []),
])
def test_one_title_in_two_years_is_told_apart_by_its_year(two_years, question, needed, absent):
    answer = two_years.ask(question)
    assert all(n in answer.answer for n in needed) and not any(a in answer.answer for a in absent), answer.answer
    assert answer.citations
