"""The 予算要求・査定状況一覧 layout (qa.ingest.layouts.assessments) on the layouts28 document (朝霧県) and the variants of
tests/fixtures/layouts28-variants (汐見県, 北浦県): every program a 部局 asked for is read, whether written as a row of a
｜ or | table (its 事業概要 and 査定の考え方 in a block after the table), a row of aligned columns or a block of labelled
lines; its budget the 査定額 (0 where 「ゼロ査定」「見送り」 put nothing in), never the 要求額; last year's figure its
previous_year; 要求額, 差引, 区分, 財源, 事業概要 and 査定の考え方 as sections; its department the 所管課 and its category
the 部局; the 部局計 lines and the 部局別集計's rows totals, never programs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.listed import program_titled as _program
from tests.ingest.listed import read, read_and_listed
from tests.ingest.listed import section_texts as _said

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ASAGIRI = FIXTURES / "scored-2026-12-06-s27" / "layouts28" / "asagiri_r08_satei.txt"
SHIOMI = FIXTURES / "layouts28-variants" / "shiomi_r08_yosan_satei.md"
KITAURA = FIXTURES / "layouts28-variants" / "kitaura_r08_yokyu_satei.txt"
DOCUMENTS = [ASAGIRI, SHIOMI, KITAURA]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_assessed_program_is_read_with_its_assessed_amount_and_nothing_else(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "assessments"
    assert got == expected


@pytest.mark.parametrize(("path", "title", "yen", "previous_yen"), [
    (ASAGIRI, "自主防災組織活性化支援事業", 16_200_000, 16_800_000),  # ｜ table: 要求額 18,400 beside it
    (ASAGIRI, "地域医療介護人材確保事業", 132_600_000, 118_400_000),  # 「要求額：…　査定額：…（差引 …）」 block
    (ASAGIRI, "学校ICT環境更新事業", 1_388_000_000, 420_000_000),  # aligned columns
    (ASAGIRI, "ドローン災害情報収集体制整備事業", 0, 0),  # ゼロ査定: 0 in the 査定額 column
    (SHIOMI, "行政手続オンライン化推進事業", 151_000_000, 96_000_000),  # | table, units in the header cells
    (SHIOMI, "職員テレワーク環境整備事業", 0, 0),  # 「ゼロ査定」 written in the 査定額 cell
    (SHIOMI, "地域包括ケア推進事業", 48_000_000, 45_500_000),  # one label a line
    (KITAURA, "再生可能エネルギー地域導入支援事業", 185_000_000, 120_000_000),  # 「要求額：… → 査定額：…」, 万円
    (KITAURA, "県立大学運営費交付金", 1_402_000_000, 1_398_000_000),  # aligned, 概要/査定 indented under the row
])
def test_the_assessed_amount_is_the_budget_and_last_years_its_previous_year(path: Path, title: str, yen: int,
                                                                          previous_yen: int) -> None:
    budget = _program(path, title).budget
    assert budget is not None and budget.yen == yen
    assert budget.previous_year is not None and budget.previous_year.yen == previous_yen
    assert budget.fiscal_year == 2026 and budget.previous_year.fiscal_year == 2025


@pytest.mark.parametrize(("path", "title"), [
    (SHIOMI, "薬物乱用防止啓発事業"),  # 「知事査定額：見送り」
    (KITAURA, "動物愛護センター改修事業"),  # 「査定額：見送り」, 「前年度：－」
])
def test_a_request_put_off_is_budgeted_at_zero(path: Path, title: str) -> None:
    budget = _program(path, title).budget
    assert budget is not None and budget.yen == 0


@pytest.mark.parametrize(("path", "title", "section", "value"), [
    (ASAGIRI, "自主防災組織活性化支援事業", "要求額", "18,400"),
    (ASAGIRI, "自主防災組織活性化支援事業", "差引", "▲2,200"),
    (ASAGIRI, "自主防災組織活性化支援事業", "事業概要", "補助率1/2"),  # the （No.1） block after the table
    (ASAGIRI, "自主防災組織活性化支援事業", "査定の考え方", "平均執行率86％"),
    (ASAGIRI, "地域医療介護人材確保事業", "要求額", "148,000千円"),
    (ASAGIRI, "地域医療介護人材確保事業", "差引", "▲15,400千円"),  # in brackets after the 査定額
    (ASAGIRI, "地域医療介護人材確保事業", "財源", "地域医療介護総合確保基金"),
    (ASAGIRI, "薬局DX推進モデル事業", "査定の考え方", "見送り"),
    (ASAGIRI, "学校ICT環境更新事業", "査定の考え方", "再積算"),  # the 8-1 block after the aligned table
    (ASAGIRI, "学校ICT環境更新事業", "区分", "拡充"),
    (SHIOMI, "県税徴収強化対策事業", "査定の考え方", "委託期間"),  # ◇1 block: 「・査定理由：」
    (SHIOMI, "児童相談所体制強化事業", "財源", "国庫 90,000"),
    (KITAURA, "移住・定住促進総合対策事業", "事業概要", "移住支援金"),  # indented under the aligned row
    (KITAURA, "デジタル人材育成プログラム事業", "査定の考え方", "ゼロ査定"),
])
def test_request_difference_funding_summary_and_reasoning_are_sections(path: Path, title: str, section: str,
                                                                       value: str) -> None:
    program = _program(path, title)
    assert any(value in text for text in _said(path, program, section))


@pytest.mark.parametrize(("path", "title", "department", "category", "flags"), [
    (ASAGIRI, "避難所環境改善事業", "防災企画課", "危機管理防災部", ["新規"]),
    (ASAGIRI, "医師確保対策推進事業", "医療政策課", "健康福祉部", ["継続"]),
    (ASAGIRI, "特別支援学校スクールバス増便事業", "特別支援教育課", "教育委員会", ["継続"]),
    (SHIOMI, "県庁舎長寿命化改修事業", "管財課", "総務部", ["継続"]),  # 「継」 in the 区分 column
    (SHIOMI, "医療的ケア児支援センター運営事業", "障害福祉課", "福祉保健部", ["新規"]),  # 【新規】 after the title
    (KITAURA, "交通安全施設整備事業", "県民安全課", "くらし環境部", ["継続"]),
])
def test_the_office_is_the_department_and_the_bureau_the_category(path: Path, title: str, department: str,
                                                                  category: str, flags: list[str]) -> None:
    program = _program(path, title)
    assert (program.department, program.category, program.flags) == (department, category, flags)


@pytest.mark.parametrize(("path", "title", "yen"), [
    (ASAGIRI, "危機管理防災部計", 834_900_000),  # 「危機管理防災部計（6事業）　要求額 …　査定額 …」
    (ASAGIRI, "教育委員会", 2_365_500_000),  # a row of the 部局別集計
    (ASAGIRI, "合計", 13_782_500_000),
    (SHIOMI, "総務部小計", 789_300_000),
    (SHIOMI, "合計", 1_288_800_000),
    (KITAURA, "総合政策部計", 1_486_000_000),
    (KITAURA, "合計", 1_755_000_000),
])
def test_bureau_totals_and_the_grand_total_are_totals_never_programs(path: Path, title: str, yen: int) -> None:
    programs = read(path)[2]
    named = [p for p in programs if p.title == title]
    assert named and all(p.kind == "total" for p in named)
    assert any(p.budget is not None and p.budget.yen == yen for p in named)
