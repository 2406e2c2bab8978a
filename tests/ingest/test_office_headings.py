"""A framed table grouped by office: a row whose one filled cell is a heading (「｜    ｜【農林水産部】｜    ｜…｜」) is
read by that cell's text, a 課 under its 部 keeps the 部 (「農林水産部 森林整備課」) as the department of the rows under
it when the table has no office column, and a rule between rows (「－－－－」) never becomes the row's description. A cell
wrapped inside its column (「1/2以内（上限」 over 「10,000千円）」) is read whole."""

from __future__ import annotations

import pytest

from qa.answer.units import program_units
from qa.ingest.normalize import framed_cell, unwrap
from qa.ingest.parse import parse
from tests.conftest import FIXTURES
from tests.ingest.listed import read

SUBSIDIES = FIXTURES / "scored-2026-12-06-s24" / "layouts25" / "senami_r10_hojokin.txt"
# a newcomer's town list: cells not aligned, 【部】 and ＜課＞ on lines of their own right under a wrapped row
UNALIGNED = FIXTURES / "newuser27" / "midori-hojokin-ichiran.txt"


@pytest.mark.parametrize(("path", "title", "department"), [
    (SUBSIDIES, "市町村振興総合補助金", "総務部 市町村課"),
    (SUBSIDIES, "中山間地域等直接支払交付金", "農林水産部 農業振興課"),
    (SUBSIDIES, "森林環境保全整備事業費補助金", "農林水産部 森林整備課"),  # a 課 after a rule line, under the same 部
    (SUBSIDIES, "種苗放流事業費補助金", "農林水産部 水産振興課"),
    (UNALIGNED, "移住定住促進住宅取得支援補助金", "総務部 企画政策課"),
    (UNALIGNED, "自主防災組織活動補助金", "総務部 防災安全課"),  # its 課 right under a wrapped row
    (UNALIGNED, "商店街にぎわい創出事業補助金", "産業振興部 商工観光課"),
])
def test_rows_under_an_office_heading_take_that_office_with_its_department(path, title, department):
    _, _, programs = read(path)
    [program] = [p for p in programs if p.title == title]
    assert program.department == department and program.categories == [department]


def test_no_heading_is_read_with_the_tables_frame():
    _, _, programs = read(SUBSIDIES)
    assert not [c for p in programs for c in p.categories if "｜" in c or "|" in c]


def test_a_rule_between_rows_is_no_part_of_a_rows_description():
    _, text, programs = read(SUBSIDIES)
    described = [text[s.start:s.end] for p in programs for s in p.sections if s.name == "概要"]
    assert described and not [d for d in described if "－－－－" in d or "\n" in d]


UNALIGNED_TABLE = ("｜1｜中小企業設備高｜1/2以内（上限｜480,000｜\n"
                   "｜　｜度化補助金｜10,000千円）｜　｜\n")
TABLE = ("｜ No.｜名称          ｜補助率            ｜予算額｜\n"
         "｜   1｜中小企業設備高｜1/2以内（上限     ｜ 480,000｜\n"
         "｜    ｜度化補助金    ｜10,000千円）      ｜        ｜\n")


@pytest.mark.parametrize(("table", "first", "last", "read"), [
    (TABLE, "1/2以内", "10,000千円）", "1/2以内（上限10,000千円）"),  # a cell wrapped inside its column
    (TABLE, "中小企業設備高", "度化補助金", "中小企業設備高度化補助金"),
    (TABLE, "1/2以内", "（上限", None),  # on one line: not a wrapped cell
    (TABLE, "/2以内", "10,000千円）", None),  # a span not starting right after a rule
    (UNALIGNED_TABLE, "1/2以内", "10,000千円）", "1/2以内（上限10,000千円）"),  # columns not aligned
])
def test_a_framed_cell_wrapped_inside_its_column_is_read_whole(table, first, last, read):
    start = table.index(first)
    end = table.index(last) + len(last)
    assert framed_cell(table, start, end) == read
    if read is not None:
        assert unwrap(table, start, end) == read


@pytest.mark.parametrize(("path", "title", "section", "cell"), [
    (SUBSIDIES, "中小企業設備高度化支援補助金", "補助率・補助基準額", "1/2以内（上限10,000千円）"),
    # cells not aligned: the same column is the cell after as many rules
    (UNALIGNED, "移住定住促進住宅取得支援補助金", "補助率・補助上限", "取得費の１／１０（上限１００万円）"),
    (UNALIGNED, "空き店舗活用出店支援補助金", "補助率・補助上限", "改装費の１／２（上限５０万円）、家賃の１／２（上限月３万円・１２か月）"),
    (UNALIGNED, "木造住宅耐震改修工事費補助金", "交付先", "旧耐震基準の木造住宅所有者"),
])
def test_a_wrapped_cell_is_one_quotable_unit_with_a_span_over_the_rows_lines(path, title, section, cell):
    [doc], programs = parse(path)
    [program] = [p for p in programs if p.title == title]
    [unit] = [u for u in program_units(program, doc) if u.section == section]
    assert unit.text == cell
    assert doc.text[unit.start:unit.end].endswith(cell[-1])
    assert unwrap(doc.text, unit.start, unit.end) == unit.text
