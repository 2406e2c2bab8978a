"""Round 31's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s34`): a prefecture's
予算要求・査定状況一覧 as an Excel workbook, a city's 地区別の主要事業 in tables drawn with box characters closing on a
summary by area, and a mayor's press conference on the budget, its programs named in one run of sentences."""

from __future__ import annotations

import pytest

from qa.answer.units import program_units
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, program_titled, read, section_texts

ROUND = FIXTURES / "scored-2026-12-07-s34"
ASSESSED = ROUND / "layouts37" / "shiramine_r8_yosan_satei_jokyo.xlsx"
BY_AREA = ROUND / "layouts38" / "r8_chikubetsu_shuyojigyo.txt"
PRESS = ROUND / "layouts38" / "r8_shicho_kaiken_20260210.txt"
SHIFT_JIS = ROUND / "layouts38" / "r8_jigyobetsu_yosan_yunokidaira.csv"


@pytest.mark.parametrize("path", [
    # 「前年度予算額｜要求額｜査定額｜差引（査定額－要求額）」: the amount assessed is what the budget holds
    ASSESSED,
    # box-drawn tables per area, each with its 地区計 row, then 「地区名｜事業数｜予算額｜構成比」
    BY_AREA,
    # 「「産後ケア事業」では…３，２４０万円を計上しました。」 in one run of the mayor's sentences
    PRESS,
    # a town's open data in Shift_JIS with CRLF line ends
    SHIFT_JIS,
])
def test_every_listed_program_is_read_with_its_budget(path):
    _, _, programs = read(path)
    assert listed_keys(path) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}


def test_a_summary_by_area_gives_each_areas_total_and_no_program():
    """「│東部地区　│　5│　1,022,600│　24.8%│」 counts five programs: the area's total, as its 「東部地区計」 row is."""
    _, _, programs = read(BY_AREA)
    areas = [p for p in programs if p.title.endswith("地区")]
    assert len(areas) == 6 and all(p.kind == "total" for p in areas)
    assert len([p for p in programs if p.kind == "program"]) == 30


@pytest.mark.parametrize(("title", "own", "others"), [
    # the 料金 said of one program is in its own sentences, not in those of the program named next
    ("産後ケア事業", "１回５００円", "２，９５０万円"),
    ("朝霧川マラソン開催事業", "定員は５，０００人", "１回５００円"),
    ("地域公共交通再編事業", "２億１，７００万円", "１回５００円"),
])
def test_a_program_named_in_a_run_of_sentences_is_described_by_its_own(title, own, others):
    program = program_titled(PRESS, title)
    text = "".join(section_texts(PRESS, program, "概要"))
    assert own in text and others not in text


def test_an_amount_in_a_later_sentence_no_budget_word_labels_prices_no_name():
    """「「未来こども基金」を活用します。ふるさと納税は、今年度、約１５億円の寄附を…」: the fund is no program of 15億円."""
    _, _, programs = read(PRESS)
    assert not any("未来こども基金" in p.title for p in programs)


def test_a_cell_wrapped_in_a_box_drawn_table_reads_whole():
    """「│…│電気柵設置費の３分の２を補助（１戸    │」 over 「│  │上限１５万円）。捕獲報償金を１頭 │」: one cell, up to the
    rule under the row, as a quotable unit of its program."""
    docs, programs = parse(BY_AREA)
    program = next(p for p in programs if p.title == "有害鳥獣被害防止対策事業")
    units = [u.text for u in program_units(program, docs[0])]
    assert "電気柵設置費の３分の２を補助（１戸上限１５万円）。捕獲報償金を１頭８，０００円に引上げ。" in units
