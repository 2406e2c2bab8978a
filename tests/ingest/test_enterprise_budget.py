"""The 公営企業会計 予算の概要 layout (qa.ingest.layouts.enterprise_budget) on the layouts28 document (汐見台市上下水道局:
水道事業会計・下水道事業会計) and the variants of tests/fixtures/layouts28-variants (水沢町: ｜ tables, 「(1)」 blocks of
「・label：value」 lines; 北潟市: one account named by the title alone, 【label】 blocks, 万円 and 円): every 主な建設改良事業
a program with its 事業費, its account as category, its 担当課 as department and its 内容/財源/工期 as sections; the 款・項
rows, 内訳, 純利益 (or 純損失), shortfall and 企業債 figures totals (never programs); the 業務の予定量 a passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.normalize import normalize
from tests.ingest.listed import program_titled as _program
from tests.ingest.listed import read, read_and_listed
from tests.ingest.listed import section_texts as _said

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIOMIDAI = FIXTURES / "scored-2026-12-06-s27" / "layouts28" / "shiomidai_r08_kigyo.txt"
MIZUSAWA = FIXTURES / "layouts28-variants" / "mizusawa_r08_jogesuido.txt"
KITAGATA = FIXTURES / "layouts28-variants" / "kitagata_r08_gesuido.txt"
DOCUMENTS = [SHIOMIDAI, MIZUSAWA, KITAGATA]


def _total(path: Path, title: str) -> Program:
    """The total of one document titled `title`."""
    return next(p for p in read(path)[2] if p.kind == "total" and p.title == normalize(title))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_construction_project_is_read_with_its_cost_and_nothing_else(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "enterprise_budget"
    assert got == expected


@pytest.mark.parametrize(("path", "title", "account", "department"), [
    (SHIOMIDAI, "基幹管路耐震化事業", "水道事業会計", "水道工務課"),  # 「事業費　…　　担当　水道工務課」 on one line
    (SHIOMIDAI, "スマートメーター実証導入事業", "水道事業会計", "営業課"),
    (SHIOMIDAI, "汐見川雨水幹線整備事業", "下水道事業会計", "下水道建設課"),
    (MIZUSAWA, "配水管布設替工事", "水道事業会計", "上下水道課工務係"),  # 「・所管課：…」
    (MIZUSAWA, "公共ます設置工事", "公共下水道事業会計", "上下水道課工務係"),
    (KITAGATA, "鳥屋野雨水貯留管整備事業", "下水道事業会計", "下水道建設課"),  # 「【１】　…（担当：…）」, the title's account
])
def test_a_project_takes_its_account_as_category_and_its_office_as_department(
        path: Path, title: str, account: str, department: str) -> None:
    program = _program(path, title)
    assert program.kind == "program"
    assert program.category == account and program.categories == [account]
    assert program.department == department


@pytest.mark.parametrize(("path", "title", "section", "value"), [
    (SHIOMIDAI, "基幹管路耐震化事業", "事業内容", "ダクタイル鋳鉄管GX形"),
    (SHIOMIDAI, "基幹管路耐震化事業", "事業内容", "生活基盤施設耐震化等交付金"),  # the 内容 runs on over its 工期 line
    (SHIOMIDAI, "基幹管路耐震化事業", "事業期間", "令和8年4月～令和9年3月"),  # 「工期」 inside the 内容
    (SHIOMIDAI, "基幹管路耐震化事業", "財源", "企業債520,000千円"),
    (SHIOMIDAI, "スマートメーター実証導入事業", "事業期間", "令和8年度～令和9年度"),  # 「期間」 mid-line
    (SHIOMIDAI, "東ヶ原浄水場耐震補強事業", "総事業費", "12億6,000万円"),  # never the budget
    (SHIOMIDAI, "中央浄化センター水処理施設改築事業", "財源", "国庫補助金380,000千円"),
    (MIZUSAWA, "配水管布設替工事", "事業期間", "令和８年６月～令和９年２月"),  # 「・工事期間：」
    (MIZUSAWA, "配水管布設替工事", "事業内容", "L＝1,450ｍ"),  # a wrapped value
    (KITAGATA, "鳥屋野雨水貯留管整備事業", "事業内容", "シールド掘進720m"),  # 【内容】
    (KITAGATA, "鳥屋野雨水貯留管整備事業", "事業期間", "令和６年度～令和９年度"),  # 「事業期間：」 inside it
    (KITAGATA, "東部下水処理場改築事業", "財源", "損益勘定留保資金等4,850万円"),
])
def test_project_fields_are_sections(path: Path, title: str, section: str, value: str) -> None:
    assert any(value in said for said in _said(path, _program(path, title), section))


@pytest.mark.parametrize(("path", "title", "yen", "previous_yen"), [
    (MIZUSAWA, "配水管布設替工事", 152_000_000, 138_000_000),  # 「152,000千円（前年度 138,000千円）」
    (KITAGATA, "鳥屋野雨水貯留管整備事業", 1_840_000_000, 1_520_000_000),  # 「18億4,000万円（前年度 15億2,000万円）」
    (KITAGATA, "下水道施設包括的民間委託導入支援事業", 45_600_000, None),  # 円
])
def test_a_projects_cost_is_its_budget_and_last_years_its_previous_year(
        path: Path, title: str, yen: int, previous_yen: int | None) -> None:
    budget = _program(path, title).budget
    assert budget is not None and budget.yen == yen and budget.fiscal_year == 2026
    assert (budget.previous_year.yen if budget.previous_year else None) == previous_yen


@pytest.mark.parametrize(("path", "title", "yen", "previous_yen", "change_yen"), [
    (SHIOMIDAI, "水道事業収益", 3_699_600_000, 3_690_700_000, 8_900_000),  # 第1款
    (SHIOMIDAI, "水道事業会計 営業外収益", 286_400_000, 291_200_000, -4_800_000),  # 第2項, ▲
    (SHIOMIDAI, "水道事業会計 給水収益", 3_286_000_000, None, None),  # an item of a 内訳
    (SHIOMIDAI, "下水道事業会計 資本的収入", 2_965_000_000, 2_703_000_000, 262_000_000),
    (SHIOMIDAI, "下水道事業会計 企業債", 1_530_000_000, 1_412_000_000, 118_000_000),
    (SHIOMIDAI, "水道事業会計 当年度純利益", 265_200_000, 306_400_000, None),
    (SHIOMIDAI, "下水道事業会計 当年度純利益", 190_900_000, -16_900_000, None),  # a loss last year
    (SHIOMIDAI, "水道事業会計 資本的収支不足額", 2_005_900_000, None, None),
    (SHIOMIDAI, "水道事業会計 主な建設改良事業 計", 2_085_000_000, None, None),
    (SHIOMIDAI, "下水道事業会計 企業債 令和8年度末残高(見込み)", 38_350_100_000, None, None),
    (MIZUSAWA, "公共下水道事業会計 営業費用", 702_100_000, 686_200_000, 15_900_000),  # 「|　営業費用|」
    (MIZUSAWA, "水道事業会計 当年度純利益", 15_600_000, 20_600_000, -5_000_000),  # a row of the table
    (KITAGATA, "下水道事業会計 当年度純損失", 48_000_000, -41_800_000, None),  # a profit last year
    (KITAGATA, "下水道事業会計 建設改良費", 3_968_000_000, 3_690_000_000, 278_000_000),
])
def test_account_rows_are_totals_with_their_figures(path: Path, title: str, yen: int, previous_yen: int | None,
                                                     change_yen: int | None) -> None:
    total = _total(path, title)
    assert total.budget is not None and total.budget.yen == yen
    assert (total.budget.previous_year.yen if total.budget.previous_year else None) == previous_yen
    assert (total.budget.change.yen if total.budget.change else None) == change_yen
    assert not total.countable


@pytest.mark.parametrize(("path", "title", "parent"), [
    (SHIOMIDAI, "水道事業会計 営業収益", "水道事業収益"),
    (SHIOMIDAI, "水道事業会計 雑支出", "水道事業会計 営業外費用"),
    (MIZUSAWA, "水道事業会計 企業債", "水道事業会計 資本的収入"),  # a 項 indented inside its ｜ cell
    (KITAGATA, "下水道事業会計 営業外費用", "下水道事業費用"),  # indented by spaces, no 第N項
])
def test_a_rows_parent_is_the_row_it_stands_under(path: Path, title: str, parent: str) -> None:
    assert _total(path, title).parent_id == _total(path, parent).id


@pytest.mark.parametrize(("path", "title", "phone", "extension"), [
    (SHIOMIDAI, "スマートメーター実証導入事業", "0466-52-7150", None),  # 「営業課（料金センター）　電話 …」
    (SHIOMIDAI, "基幹管路耐震化事業", "0466-52-7100", None),  # 「各事業の担当課（代表 …）」
    (MIZUSAWA, "配水管布設替工事", "0195-42-3311", "261"),  # 「工務係　電話 0195-42-3311（内線 261）」
    (KITAGATA, "管路施設改築事業", "025-226-4035", None),
])
def test_a_project_is_reached_at_its_offices_number(path: Path, title: str, phone: str,
                                                    extension: str | None) -> None:
    contacts = _program(path, title).contacts
    assert [(c.phone, c.extension) for c in contacts] == [(phone, extension)]


@pytest.mark.parametrize(("path", "title", "words"), [
    (SHIOMIDAI, "水道事業会計 業務の予定量", "有収率"),
    (SHIOMIDAI, "下水道事業会計 下水道使用料の改定について", "平均9.6％"),
    (KITAGATA, "下水道事業会計 業務予定量", "水洗化率"),
])
def test_a_parts_text_is_kept_as_a_passage(path: Path, title: str, words: str) -> None:
    _, text, programs = read(path)
    passage = next(p for p in programs if p.title == title)
    assert passage.kind == "passage" and words in text[passage.start:passage.end]
