"""The 継続費・債務負担行為・地方債に関する調書 layout (qa.ingest.layouts.commitments) on the forms26 tuning documents and
the variant of tests/fixtures/forms26-variants: every 事業/事項/目的 a program with its 総額 or 限度額 in yen, its table's
kind as its category, its other cells as sections, 合計/小計 as totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.normalize import normalize
from tests.ingest.listed import read, read_and_listed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCUMENTS = [FIXTURES / "forms26" / "shinonome_chosho_r10.txt", FIXTURES / "forms26" / "nishimine_chosho_r10.txt",
             FIXTURES / "forms26-variants" / "asahigaoka_shi_chosho_r9.txt",
             # numbered rows, the office in brackets under each row, 継続費 written in three tables with a 総額 each
             FIXTURES / "scored-2026-12-06-s23" / "layouts24" / "hokurei_r10_chosho.txt"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_row_of_the_three_tables_is_a_program_with_its_amount_and_nothing_else(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "commitments"
    assert got == expected


@pytest.mark.parametrize(("path", "title", "category", "section", "value"), [
    (DOCUMENTS[0], "東雲県庁舎耐震改修事業", "継続費", "年割額（令和10年度）", "2,064,000"),
    (DOCUMENTS[0], "東雲港岸壁改良事業", "継続費", "国庫支出金（計）", "1,457,000"),
    (DOCUMENTS[0], "県税システム再構築事業", "債務負担行為", "事業期間", "令和9年度～令和12年度"),
    (DOCUMENTS[0], "農業近代化資金利子補給", "債務負担行為", "財源", "国庫支出金・一般財源"),
    (DOCUMENTS[0], "退職手当債", "地方債", "当該年度末現在高見込額", "8,280,000"),
    (DOCUMENTS[0], "臨時財政対策債", "地方債", "利率", "年5.0％以内"),  # a cell merged down the table
    (DOCUMENTS[1], "西峰県立図書館整備事業", "継続費", "年度割（R11）", "2380000"),
    (DOCUMENTS[1], "西峰県立図書館整備事業", "継続費", "県債", "4590000"),  # the 財源内訳 table's row
    (DOCUMENTS[1], "ドクターヘリ運航委託", "債務負担行為", "担当・連絡先", "健康福祉部"),
    (DOCUMENTS[1], "一般単独事業", "地方債", "元金償還見込額", "6914500"),  # the tab table of balances
    (DOCUMENTS[1], "西峰県議会議事堂改修事業", "継続費", "概要", "昭和51年竣工の議事堂について"),
    (DOCUMENTS[2], "朝日丘駅南口自由通路整備事業", "継続費", "年割額（令和10年度）", "４３２，５００"),
    (DOCUMENTS[2], "市民会館整備事業", "地方債", "起債の方法", "普通貸借又は"),
    (DOCUMENTS[3], "県庁舎耐震改修事業", "継続費", "担当・連絡先", "（総務部 管財課）"),  # the line under the row
    (DOCUMENTS[3], "県庁舎耐震改修事業", "継続費", "県債", "2,956,000"),  # the second table's row
    (DOCUMENTS[3], "県庁舎耐震改修事業", "継続費", "当該年度以降の支出予定額", "2,190,000"),  # the third's
    (DOCUMENTS[3], "県庁舎耐震改修事業", "継続費", "概要", "本庁舎（昭和46年建設）"),  # 「・名：概要」 below
    (DOCUMENTS[3], "情報システム機器賃借（基幹系業務システム）", "債務負担行為", "事業期間", "R10〜R14"),  # run into
    (DOCUMENTS[3], "森林環境整備事業（ゼロ県債）", "債務負担行為", "一般財源", "160,000"),  # 県債 in a row, no heading
    (DOCUMENTS[3], "臨時財政対策債", "地方債", "当該年度末現在高見込額", "364,843,000"),  # 「10 臨時財政対策債」
])
def test_other_columns_are_sections_named_by_their_header(path: Path, title: str, category: str, section: str,
                                                          value: str) -> None:
    _, text, programs = read(path)
    program = next(p for p in programs if p.title == normalize(title))
    assert program.category == category
    found = [text[s.start:s.end] for s in program.sections if s.name == section]
    assert found and found[0].startswith(value)


@pytest.mark.parametrize(("path", "category", "yen"), [
    (DOCUMENTS[0], "継続費", 17_312_900_000), (DOCUMENTS[0], "債務負担行為", 21_710_600_000),
    (DOCUMENTS[0], "地方債", 53_907_000_000), (DOCUMENTS[1], "債務負担行為", 12_622_600_000),
    (DOCUMENTS[2], "債務負担行為", 6_704_400_000),
])
def test_each_tables_total_is_a_total_of_its_kind_never_a_program(path: Path, category: str, yen: int) -> None:
    _, _, programs = read(path)
    totals = [p for p in programs if p.kind == "total" and p.categories == [category] and p.budget]
    assert yen in [p.budget.yen for p in totals if p.budget]
    assert not any(p.kind == "program" and p.title.startswith(("合計", "小計", "計")) for p in programs)


@pytest.mark.parametrize(("title", "department"), [
    ("県庁舎耐震改修事業", "総務部管財課"),
    ("県立北嶺総合体育館改築事業", "教育委員会スポーツ振興課"),
    ("北嶺県立図書館整備運営事業（ＰＦＩ）", "教育委員会社会教育課"),  # numbered 「 1 」, a bracket in the name too
    ("森林環境整備事業（ゼロ県債）", "農林水産部森林整備課"),
    ("公共事業等", "土木部、農林水産部"),  # the 担当部局 column
])
def test_an_office_in_brackets_under_a_row_is_its_department_not_its_title(title: str, department: str) -> None:
    _, _, programs = read(DOCUMENTS[3])
    found = [p for p in programs if p.title == normalize(title)]
    assert len(found) == 1 and found[0].department == department
    assert not any(p.title[:1].isdigit() or "課)" in p.title for p in programs)


def test_a_later_table_naming_the_same_works_adds_to_them_never_reads_them_again() -> None:
    _, text, programs = read(DOCUMENTS[3])
    works = [p for p in programs if p.kind == "program" and p.category == "継続費"]
    assert len(works) == 5 and len({p.id for p in programs}) == len(programs)
    totals = [p for p in programs if p.kind == "total" and p.category == "継続費"]
    assert len(totals) == 1 and totals[0].budget and totals[0].budget.yen == 19_861_000_000
    gym = next(p for p in works if p.title == "県立北嶺総合体育館改築事業")
    assert [text[s.start:s.end] for s in gym.sections if s.name == "総額"] == ["8,640,000", "8,640,000"]
