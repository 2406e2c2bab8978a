"""Round 27's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s30/layouts31`): a
prefecture's 委託料・指定管理料一覧 as a PDF's text gives it (cells one space apart, figures after them, wrapped cells
under their column), and a 一部事務組合's 予算の概要 whose program pages write 「■事業名　…」 and 「担当課　…」."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, program_titled, read

HERE = FIXTURES / "scored-2026-12-07-s30" / "layouts31"
CONTRACTS, UNION = HERE / "shiramine_r8_itakuryo_ichiran.txt", HERE / "nanryo_kouiki_r8_yosan_gaiyo.txt"


@pytest.mark.parametrize("name", [CONTRACTS, UNION])
def test_every_program_of_the_document_is_read_with_its_amount(name):
    got = {(nfkc(p.title), p.budget.yen) for p in read(name)[2] if p.kind == "program" and p.budget}
    assert listed_keys(name) <= got, listed_keys(name) - got


@pytest.mark.parametrize(("title", "department", "cells"), [
    # the first row of an office names it; the rows under it leave the column empty
    ("職員研修事業", "人事課", {"委託先": "(株)白峰人材開発センター", "契約方法": "指名競争入札"}),
    ("職員健康管理事業", "人事課", {"委託先": "(一財)白峰県保健衛生協会", "契約方法": "随意契約"}),
    # no 委託先 yet: its 契約方法 is the last word, as the column has held it before
    ("生成ＡＩ活用推進事業", "情報政策課", {"契約方法": "プロポーザル"}),
])
def test_a_row_written_one_space_apart_gives_each_cell_to_its_column(title, department, cells):
    _, text, _ = read(CONTRACTS)
    program = program_titled(CONTRACTS, title)
    assert program.department == department
    for name, value in cells.items():
        assert any(s.name == name and nfkc(text[s.start:s.end]) == nfkc(value) for s in program.sections), program.sections


def test_a_gap_as_wide_as_two_columns_leaves_last_years_figure_out():
    program = program_titled(CONTRACTS, "生成ＡＩ活用推進事業")
    assert program.budget.yen == 23_500_000 and program.budget.previous_year is None
    assert program.budget.change is not None and program.budget.change.yen == 23_500_000


def test_an_offices_subtotal_row_is_a_total():
    assert any(p.kind == "total" and p.budget.yen == 60_950_000 for p in read(CONTRACTS)[2])


@pytest.mark.parametrize(("title", "department"), [("救急救命士養成事業", "消防本部総務課"),
                                                   ("予防査察ＤＸ推進事業", "消防本部予防課")])
def test_a_program_pages_name_label_is_no_part_of_the_name_and_its_office_line_isread(title, department):
    program = program_titled(UNION, title)
    assert program.department == department and {"継続", "新規"} & set(program.flags), program


@pytest.mark.parametrize(("title", "yen"), [("消防費", 2_618_300_000), ("衛生費", 2_436_900_000),
                                            ("歳出合計", 5_779_120_000)])
def test_a_table_of_totals_by_款_before_the_program_pages_gives_totals(title, yen):
    assert any(p.kind == "total" and p.title == title and p.budget.yen == yen for p in read(UNION)[2])


def test_a_table_whose_header_the_vocabulary_does_not_name_is_not_read_under_the_one_above():
    # 「団体名｜均等割｜人口割｜実績割｜合計」 after the 総括表: its rows are no 款, and 朝霧町 is no total of 290,249千円
    assert not any(p.title == "朝霧町" for p in read(UNION)[2])


SPEECH = HERE / "higashiminatogawa_r8_shiseihoshin.txt"


def test_a_speechs_sentence_runs_on_across_a_page_break():
    # 「…令和８年度は市立小中」 at a page's foot, the page number and running header, 「学校12校の体育館に…事業費は
    # 4億7,800万円」 at the next page's head: one paragraph, the program's amount and text
    _, text, _ = read(SPEECH)
    program = program_titled(SPEECH, "小中学校体育館空調整備事業")
    assert program.budget.yen == 478_000_000
    assert any("12校" in text[s.start:s.end] for s in program.sections if s.name == "概要"), program.sections
