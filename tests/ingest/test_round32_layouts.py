"""Round 32's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s35`): a prefecture's
部局別 主要事業一覧 as one workbook with a sheet per 部局, each under the same header; a city's 補助金ガイドブック (a page per
grant), its 債務負担行為を伴う主な事業 as Markdown tables, and a town's 事業別予算の推移 as a long-format CSV."""

from __future__ import annotations

import re

import pytest

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, read

WORKBOOK = FIXTURES / "scored-2026-12-07-s35" / "layouts39" / "hokurei_R8_bukyokubetsu_shuyojigyo.xlsx"


def test_a_workbook_with_a_sheet_per_office_is_read_through_every_sheet():
    """Six sheets, one per 部局, each a title, a unit row and the same header: every sheet's programs, and each
    sheet's 部局計 a total (not a program)."""
    _, _, programs = read(WORKBOOK)
    assert listed_keys(WORKBOOK) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}
    assert sorted(p.kind for p in programs if p.title == "部局計") == ["total"] * 6
    # each row under its sheet's name (the 部局 the sheet is named by): 「健康福祉部の主要事業」 filters by it
    assert {p.category for p in programs if p.title in ("医師確保対策推進事業", "子ども医療費助成事業")} == {"健康福祉部"}
    assert len({p.category for p in programs}) == 6


LAYOUTS40 = FIXTURES / "scored-2026-12-07-s35" / "layouts40"
GUIDEBOOK = LAYOUTS40 / "shiomihara_hojokin_guidebook_r8.txt"
COMMITMENTS = LAYOUTS40 / "hamanomiya_saimu_futan_r8.md"
LONG_CSV = FIXTURES / "scored-2026-12-07-s35" / "layouts39" / "minoura_jigyobetsu_yosan_suii.csv"


@pytest.mark.parametrize("path", [GUIDEBOOK, COMMITMENTS, LONG_CSV], ids=["guidebook", "commitments", "long-csv"])
def test_every_program_of_the_writer_is_read_with_its_budget(path):
    """A guidebook page per grant (its title set between two rules over 【令和8年度予算額】), a Markdown table of
    multi-year contracts (限度額 beside 令和8年度支出予定額), a long-format CSV (one row per program and year)."""
    _, _, programs = read(path)
    assert listed_keys(path) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget and p.kind == "program"}


def test_a_guidebooks_ceiling_under_its_label_is_no_program():
    """「■補助上限額」 over 「8万円」: the grant's ceiling, not a program of 80,000円 titled by the line above."""
    _, _, programs = read(GUIDEBOOK)
    assert len([p for p in programs if p.kind == "program"]) == len(listed_keys(GUIDEBOOK))


def test_a_contracts_ceiling_is_a_section_of_its_row_never_its_budget():
    """The budget is what the year's budget sets aside (158,400千円); the 限度額 (486,000千円) is quoted as a section."""
    _, text, programs = read(COMMITMENTS)
    program = next(p for p in programs if p.title == "庁舎総合管理業務委託")
    assert program.budget.yen == 158_400_000
    assert [text[s.start:s.end] for s in program.sections if s.name.startswith("限度額")] == ["486,000"]
    assert [text[s.start:s.end] for s in program.sections if s.name == "事業期間"] == ["令和8年度～令和10年度"]


def test_a_long_table_by_year_is_one_program_per_name_with_its_earlier_years():
    """Three rows of 町民バス運行事業 (令和6・7・8年度) are one program: 令和8年度's budget, 令和7年度's as last year's, and
    令和6年度's row quoted under its year; a program whose rows stop at 令和6年度 stays that year's program."""
    _, text, programs = read(LONG_CSV)
    bus = [p for p in programs if p.title == "町民バス運行事業"]
    assert len(bus) == 1
    assert (bus[0].budget.yen, bus[0].budget.fiscal_year, bus[0].budget.previous_year.yen) == (27_940_000, 2026, 25_310_000)
    assert ["24,860,000" in text[s.start:s.end] for s in bus[0].sections if s.name == "令和6年度"] == [True]
    ended = [p for p in programs if p.title == "庁舎空調設備改修事業"]
    assert [(p.budget.yen, p.budget.fiscal_year) for p in ended] == [(58_300_000, 2024)]


def test_a_funds_balance_under_its_rows_is_no_program():
    """「令和７年度末残高見込額　1,482,360千円　令和８年度取崩予定額 …」 under each fund of the 基金充当事業一覧: the fund's
    standing, never a program counted or ranked."""
    _, _, programs = read(LAYOUTS40 / "shinonome_kikin_juto_r8.txt")
    assert not [p.title for p in programs if p.kind == "program" and re.search("残高|取崩", p.title)]
    assert [p for p in programs if p.kind == "total" and "残高" in p.title]
