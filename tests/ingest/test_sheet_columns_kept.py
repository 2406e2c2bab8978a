"""A sheet read from its own header (no mapping file) keeps every column it publishes: a column no role takes is a
section of each row (money in its header's unit), a column whose bracketed note names a role takes it, and a row
number's column or another year's figure stays out."""

from __future__ import annotations

import pytest

from qa.ingest.headers import infer_mapping
from qa.ingest.parse import parse
from tests.conftest import FIXTURES

FURUSATO = FIXTURES / "scored-2026-12-07-s32" / "layouts33" / "kasumino_furusato_katsuyo_r8.csv"


@pytest.mark.parametrize(("headers", "category", "sections"), [
    # ふるさと納税 open data: the use of the gift 「（分野）」 is the category, the gift's share a section
    (["番号", "寄附の使い道（分野）", "事業名", "事業概要", "事業費（円）", "うち寄附金充当額（円）", "担当課"],
     "寄附の使い道（分野）", {"事業概要": "事業概要", "うち寄附金充当額": "うち寄附金充当額（円）"}),
    # a list's funding columns and its change: kept; the 決算 of two years ago is another year's figure, left out
    (["No", "事業名", "R6決算額", "R7予算額", "R8予算額", "増減額", "一般財源", "概要"],
     None, {"概要": "概要", "増減額": "増減額", "一般財源": "一般財源"}),
    # a column headed by a unit alone names nothing: no role, no section
    (["事業名", "予算額", "（千円）"], None, {}),
])
def test_a_sheets_columns_no_role_takes_are_kept_as_sections(headers, category, sections):
    found = infer_mapping(headers, keep_rest=True)
    assert found is not None and found.get("category") == category
    assert found.get("sections", {}) == sections


def test_a_records_keys_are_not_all_kept():
    """A JSON record's keys (ids, URLs, codes of a system) are read by role only, as before."""
    found = infer_mapping(["name", "budget", "url", "code"])
    assert found is not None and "sections" not in found


def test_a_kept_money_column_is_written_in_its_headers_unit_and_the_category_is_read():
    docs, programs = parse(FURUSATO)
    stock = next(p for p in programs if p.title == "防災備蓄品整備事業")
    part = next(s for s in stock.sections if s.name == "うち寄附金充当額")
    assert docs[0].text[part.start:part.end] == "10,000,000円"
    assert stock.category == "安全・安心なまちづくり" and stock.budget.yen == 16_940_000
