"""The 基金の状況 layout (qa.ingest.layouts.funds) on the forms27 tuning documents (北浦市, 鷲見町) and the variants of
tests/fixtures/forms27-variants (朝凪市, 山吹町): every fund a program with its year-end balance, its other figures and
設置目的 sections; every 充当事業 a program with its 充当額, a part of its fund; 総括表 totals never programs."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.normalize import normalize
from tests.ingest.listed import read, read_and_listed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KITAURA = FIXTURES / "forms27" / "kitaura_kikin_r9.txt"
WASHIMI = FIXTURES / "forms27" / "washimi_kikin_r8.txt"
ASANAGI = FIXTURES / "forms27-variants" / "asanagi_shi_kikin_r9.txt"
YAMABUKI = FIXTURES / "forms27-variants" / "yamabuki_cho_kikin_r8.md"
DOCUMENTS = [KITAURA, WASHIMI, ASANAGI, YAMABUKI]


def _program(path: Path, title: str) -> Program:
    return next(p for p in read(path)[2] if p.title == normalize(title) and p.kind == "program")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_fund_and_every_charged_program_is_read_with_its_amount_and_nothing_else(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "funds"
    assert got == expected


@pytest.mark.parametrize(("path", "use", "fund"), [
    (KITAURA, "伝統芸能「北浦神楽」継承支援事業", "ふるさと北浦応援基金"),
    (KITAURA, "介護保険料上昇抑制事業", "介護給付費準備基金"),
    (WASHIMI, "財源不足額の補てん（一般会計繰入）", "財政調整基金"),
    (WASHIMI, "林道草刈・路面補修事業", "森林環境整備基金"),
    (ASANAGI, "中央公園遊具更新事業", "都市施設整備基金"),
    (YAMABUKI, "新規就農者定着支援事業", "農業振興基金"),  # read from the list's 充当する基金 column
])
def test_a_charged_program_is_a_part_of_the_fund_that_pays_for_it(path: Path, use: str, fund: str) -> None:
    program, parent = _program(path, use), _program(path, fund)
    assert program.parent_id == parent.id
    assert program.category == parent.title


@pytest.mark.parametrize(("path", "title", "section", "value"), [
    (KITAURA, "財政調整基金", "前年度末残高", "3,245,118"),
    (KITAURA, "財政調整基金", "積立額", "412,300"),
    (KITAURA, "財政調整基金", "積立額（うち運用利子）", "1,842"),
    (KITAURA, "財政調整基金", "取崩額", "850,000"),
    (KITAURA, "財政調整基金", "年度末残高見込", "2,807,418"),
    (KITAURA, "減債基金", "設置目的", "市債の償還に必要な財源を確保し"),
    (KITAURA, "減債基金", "根拠条例", "北浦市減債基金条例"),
    (KITAURA, "庁舎建設基金", "充当事業", "令和9年度は取崩しを予定していません"),
    (KITAURA, "庁舎建設基金", "総括表", "1,350,000"),
    (KITAURA, "伝統芸能「北浦神楽」継承支援事業", "概要", "後継者育成"),
    (KITAURA, "市有林間伐推進事業", "担当・連絡先", "農林課"),
    (WASHIMI, "わしみ未来応援基金", "設置目的", "ふるさと納税による寄附金を財源として"),
    (WASHIMI, "わしみ未来応援基金", "前年度末残高", "146,203,800"),
    (WASHIMI, "わしみ未来応援基金", "積立の内訳", "ふるさと納税寄附金 87,960,000円"),
    (WASHIMI, "新生児誕生祝金支給事業", "担当・連絡先", "住民福祉課 子育て支援係"),
    (WASHIMI, "新生児誕生祝金支給事業", "概要", "第3子以降300,000円を支給"),
    (ASANAGI, "みどりの基金", "取崩額", "8,200"),  # a header of figures written across over the line of figures
    (ASANAGI, "朝凪駅東口駅前広場整備事業", "担当・連絡先", "都市計画課"),  # the office in brackets after the name
    (YAMABUKI, "減債基金", "設置目的", "町債の償還財源の確保"),  # a column of the 総括表
    (YAMABUKI, "減債基金", "積立額", "10,000"),
])
def test_a_fund_keeps_its_figures_and_purpose_and_a_charged_program_its_office_and_summary(
        path: Path, title: str, section: str, value: str) -> None:
    _, text, _ = read(path)
    program = _program(path, title)
    said = [text[s.start:s.end] for s in program.sections if s.name == section]
    assert any(value in s for s in said), (section, said)


@pytest.mark.parametrize(("path", "department"), [
    (KITAURA, {"東部学校給食センター建替事業": "教育総務課"}),
    (WASHIMI, {"湯めぐり周遊バス運行事業": "産業観光課観光係"}),
    (ASANAGI, {"財源不足補てん繰入金": "財政課"}),
    (YAMABUKI, {"子育て世帯応援給付金事業": "住民課"}),
])
def test_a_charged_program_names_its_office(path: Path, department: dict[str, str]) -> None:
    for title, office in department.items():
        assert _program(path, title).department == office


@pytest.mark.parametrize(("path", "yen"), [(KITAURA, 8_951_365_000), (WASHIMI, 1_239_071_577),
                                           (ASANAGI, 2_244_990_000), (YAMABUKI, 408_952_000)])
def test_the_summary_grand_total_is_a_total_of_the_year_end_balances_never_a_program(path: Path, yen: int) -> None:
    totals = [p for p in read(path)[2] if p.kind == "total" and p.budget is not None]
    assert yen in {p.budget.yen for p in totals}
    assert all(p.budget is None or p.budget.yen != yen for p in read(path)[2] if p.kind == "program")


@pytest.mark.parametrize(("path", "fund", "account"), [
    (KITAURA, "財政調整基金", "一般会計"),
    (KITAURA, "国民健康保険事業財政調整基金", "国民健康保険事業特別会計"),
    (WASHIMI, "奨学基金", "一般会計"),
])
def test_a_fund_stands_under_the_account_it_belongs_to(path: Path, fund: str, account: str) -> None:
    assert _program(path, fund).category == account
