"""Questions on two layouts written from descriptions (tests/fixtures/layouts/tables7): a city's open-data JSON export
read without a mapping (figures in 百万円 stated once in the metadata, a rate and a cap in a 補助率等 cell, 区分
markers, a phone column), and a town's boxed PDF as text, each label alone over its value."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables7" / "kawanami-shi-r08-shuyo-jigyo.json"


@pytest.fixture(scope="module")
def export_service(embedder, tmp_path_factory):
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("export")
    shutil.copy(EXPORT, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "needed"), [
    ("産後ケア事業の予算は？", "245.6百万円"),
    ("商店街のキャッシュレス化の補助率は？", "2/3"),          # the cell 「2/3 上限20万円」 under 「補助率等」
    ("商店街のキャッシュレス化の補助の上限は？", "20万円"),
    ("新規の事業は？", "学校体育館空調整備事業"),
    ("産後ケア事業の問い合わせ電話番号は？", "092-555-1201"),
])
def test_an_open_data_exports_programs_are_answered_from_its_cells(export_service, question, needed):
    answer = export_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer


@pytest.fixture(scope="module")
def boxed_service(embedder, tmp_path_factory):
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("boxed")
    shutil.copy(EXPORT.with_name("sakaki-cho-r7-yosangaiyo.txt"), corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "needed"), [
    ("こども医療費助成事業の予算はいくら？", "48,600,000円"),
    ("トイレの洋式化の担当は？", "学校教育係"),
    ("前年度から一番増えた事業は？", "こども医療費助成事業"),
])
def test_a_boxed_pdfs_programs_are_answered_from_their_label_lines(boxed_service, question, needed):
    answer = boxed_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer


@pytest.fixture(scope="module")
def city_records_service(embedder, tmp_path_factory):
    """小樽市's 116 records of 令和２年度 主要事業 with a mapping (the round-3 fixture, tuning data)."""
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("otaru")
    for path in (EXPORT.parents[2] / "scored-2026-12-03-s6" / "otaru7").iterdir():
        shutil.copy(path, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "needed"), [
    ("除雪費はどこの部がやってるの？", "建設部"),  # a city's 部, asked as 「どこの部」
])
def test_which_department_a_citys_program_belongs_to(city_records_service, question, needed):
    answer = city_records_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer
