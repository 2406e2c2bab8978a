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


@pytest.mark.parametrize(("title", "department"), [
    ("市町村振興総合補助金", "総務部 市町村課"),
    ("中山間地域等直接支払交付金", "農林水産部 農業振興課"),
    ("森林環境保全整備事業費補助金", "農林水産部 森林整備課"),  # a 課 after a rule line, under the same 部
    ("種苗放流事業費補助金", "農林水産部 水産振興課"),
])
def test_rows_under_an_office_heading_take_that_office_with_its_department(title, department):
    _, _, programs = read(SUBSIDIES)
    [program] = [p for p in programs if p.title == title]
    assert program.department == department and program.categories == [department]


def test_no_heading_is_read_with_the_tables_frame():
    _, _, programs = read(SUBSIDIES)
    assert not [c for p in programs for c in p.categories if "｜" in c or "|" in c]


def test_a_rule_between_rows_is_no_part_of_a_rows_description():
    _, text, programs = read(SUBSIDIES)
    described = [text[s.start:s.end] for p in programs for s in p.sections if s.name == "概要"]
    assert described and not [d for d in described if "－－－－" in d or "\n" in d]


TABLE = ("｜ No.｜名称          ｜補助率            ｜予算額｜\n"
         "｜   1｜中小企業設備高｜1/2以内（上限     ｜ 480,000｜\n"
         "｜    ｜度化補助金    ｜10,000千円）      ｜        ｜\n")


@pytest.mark.parametrize(("first", "last", "read"), [
    ("1/2以内", "10,000千円）", "1/2以内（上限10,000千円）"),  # a cell wrapped inside its column
    ("中小企業設備高", "度化補助金", "中小企業設備高度化補助金"),
    ("1/2以内", "（上限", None),  # on one line: not a wrapped cell
    ("/2以内", "10,000千円）", None),  # a span not starting right after a rule
])
def test_a_framed_cell_wrapped_inside_its_column_is_read_whole(first, last, read):
    start = TABLE.index(first)
    end = TABLE.index(last) + len(last)
    assert framed_cell(TABLE, start, end) == read
    if read is not None:
        assert unwrap(TABLE, start, end) == read


def test_a_wrapped_cap_is_one_quotable_unit_with_a_span_over_the_rows_lines():
    [doc], programs = parse(SUBSIDIES)
    [program] = [p for p in programs if p.title == "中小企業設備高度化支援補助金"]
    [unit] = [u for u in program_units(program, doc) if u.section == "補助率・補助基準額"]
    assert unit.text == "1/2以内（上限10,000千円）"
    assert doc.text[unit.start:unit.end].startswith("1/2以内（上限") and doc.text[unit.start:unit.end].endswith("10,000千円）")
    assert unwrap(doc.text, unit.start, unit.end) == unit.text
