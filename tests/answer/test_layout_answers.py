"""Answers over the layouts read from text (a municipal 主要事業 table): figures keep the unit said once in the
header, flags filter like headings, the table's own 合計 row answers a total."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TABLE = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "kitakawa_r06_shuyo.txt"


@pytest.fixture(scope="module")
def table_service(embedder, tmp_path_factory):
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("table")
    shutil.copy(TABLE, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "needed", "absent"), [
    ("こども家庭センター運営事業の予算は？", ["77,705千円"], []),
    ("こども家庭センター運営事業は前年度からいくら増えた？", ["77,705千円", "増"], []),
    ("新規事業はいくつ？", ["【新規】の事業は6件"], []),
    ("拡充の事業の予算の合計は？", ["【拡充】", "578,761千円"], ["4,300,738"]),
    ("全体の予算の合計は？", ["4,300,738千円"], []),
    ("予算の合計は？", ["4,300,738千円"], []),  # 合計 names the total row, not one program titled so
])
def test_a_text_tables_answers_keep_its_unit_and_use_its_flags_and_totals(table_service, question, needed, absent):
    answer = table_service.ask(question).answer
    assert all(n in answer for n in needed), answer[:200]
    assert not any(a in answer for a in absent), answer[:200]
