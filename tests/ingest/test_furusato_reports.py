"""A town's ふるさと納税 寄附金の使途・充当事業報告 (汐見町 of forms29, and the variants 霧ヶ丘村 and 浜沢市 of
tests/fixtures/forms29-variants/furusato): programs by 使い道, some in tables (ruled, pipes, aligned columns with their
description under each row) and some in blocks under a marked title (「●…」「◇…」「■…」「◆…」「○…」「□…」) whose
labels are set off by a colon or by spaces, two to a line at times. Every program is read with its 総事業費 as its
budget (yen, whether 円 or 千円), its 充当額 a うち of it and a section, its 使い道 its category, its 担当課 its office;
小計/合計 rows are totals, never programs."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.normalize import normalize
from tests.ingest.listed import read, read_and_listed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIOMI = FIXTURES / "forms29" / "shiomi_r08_furusato.txt"
KIRIGAOKA = FIXTURES / "forms29-variants" / "furusato" / "furusato_kirigaoka_r07.txt"
HAMASAWA = FIXTURES / "forms29-variants" / "furusato" / "furusato_hamasawa_r08.txt"
DOCUMENTS = [SHIOMI, KIRIGAOKA, HAMASAWA]


def _program(path: Path, title: str) -> Program:
    return next(p for p in read(path)[2] if p.title == normalize(title) and p.kind == "program")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_program_of_tables_and_blocks_is_read_with_its_total_cost(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "field_blocks"
    assert got == expected


@pytest.mark.parametrize(("path", "title", "part", "category", "office"), [
    (SHIOMI, "子ども医療費助成事業", 15_000_000, "(1)子育て・教育", "子育て支援課"),  # a ruled table, 円
    (SHIOMI, "汐見海岸クリーンアップ事業", 3_000_000, "(2)環境・景観の保全", "町民環境課"),  # ● block, colons
    (SHIOMI, "観光案内所リニューアル事業", 10_000_000, "(3)産業振興(農林水産業・観光)", "産業観光課"),  # aligned, 千円
    (SHIOMI, "高齢者移動支援（デマンド交通）事業", 12_000_000, "(4)健康・福祉", "福祉課"),  # ◇ block, two to a line
    (SHIOMI, "通学路防犯カメラ設置事業", 3_800_000, "(5)防災・安全なまちづくり", "教育委員会学務課"),  # figure and office close
    (SHIOMI, "公共施設Wi-Fi整備事業", 7_920_000, "(6)町長におまかせ", "総務課情報係"),  # ■ block, spaced labels
    (KIRIGAOKA, "中学生海外派遣研修事業", 5_000_000, "【使途1】子どもたちの未来を育む事業", "教育課"),
    (KIRIGAOKA, "水源の森保全事業", 3_000_000, "豊かな自然と景観を守る事業", "産業振興課"),
    (KIRIGAOKA, "移住体験住宅整備事業", 8_500_000, "村長が必要と認める事業", "総務企画課"),
    (HAMASAWA, "歴史的町並み景観保存事業", 6_500_000, "第1 まちの魅力づくり", "都市計画課"),
    (HAMASAWA, "市民プール改修事業", 10_000_000, "健やかな暮らし", "スポーツ推進課"),
])
def test_the_charged_amount_is_a_part_and_a_section_the_use_a_category(path: Path, title: str, part: int,
                                                                          category: str, office: str) -> None:
    program = _program(path, title)
    assert program.budget is not None and [u.yen for u in program.budget.uchi] == [part]
    assert any("充当額" in s.name for s in program.sections)
    assert program.category == category
    assert program.department == office


@pytest.mark.parametrize(("path", "title", "yen"), [
    (SHIOMI, "小計(5事業)", 134_355_000),
    (SHIOMI, "合計", 352_540_000),
    (KIRIGAOKA, "計", 18_030_000),
    (HAMASAWA, "合計", 16_980_000),
])
def test_subtotals_and_totals_are_totals_never_programs(path: Path, title: str, yen: int) -> None:
    totals = [p for p in read(path)[2] if p.title == title]
    assert totals and all(p.kind == "total" for p in totals)
    assert yen in [p.budget.yen for p in totals if p.budget]
