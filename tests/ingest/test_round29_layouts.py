"""Round 29's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s32`): a prefecture's
記者発表資料 with each program in a box drawn with ┌─┐│└┘, a town's newsletter feature whose items open with a
「新」「拡」 icon as text, and a city's 補助金等交付予定一覧 saved from Excel as fixed-width text; and round 28's
教育委員会 overview, whose 前年度比較 table by 項 opens it."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, program_titled, read, section_texts

ROUND = FIXTURES / "scored-2026-12-07-s32"
BOXED = ROUND / "layouts33" / "aomine_r8_shuyo_jigyo_gaiyo.txt"
NEWSLETTER = ROUND / "layouts33" / "shiomisawa_kouhou_2026_04_yosan.txt"
FIXED_WIDTH = ROUND / "layouts34" / "shinonomehara_hojokin_kofu_yotei_r8.txt"
EDUCATION = FIXTURES / "scored-2026-12-07-s31" / "layouts32" / "shiomigaoka_kyoiku_yosan_r8.txt"


@pytest.mark.parametrize(("path", "layout"), [
    (BOXED, "field_blocks"),  # 「│事業名　…│」 boxed labelled lines, 「予算額（百万円）　412」 scaled by its label's unit
    (NEWSLETTER, "priced_items"),  # 「新　通学路の防犯カメラを増やします　800万円」 beside 「◆…事業　1,250万円」
    (FIXED_WIDTH, "text_table"),  # cells cut at their column's width, one space before the next column
])
def test_every_listed_program_is_read_with_its_budget(path, layout):
    read_layout, _, programs = read(path)
    assert read_layout == layout
    assert listed_keys(path) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}


@pytest.mark.parametrize(("path", "title", "department", "previous"), [
    # the office without the extension after it; last year's figure in the bracket after this year's
    (BOXED, "自主防災組織活性化支援事業", "危機管理部防災危機管理課", 31_000_000),
    # 「問　福祉課」 under the item: its office
    (NEWSLETTER, "補聴器購入費の助成", "福祉課", None),
    # a blank 所管課 cell under a row naming one: 「所管課欄が空欄の行は、上の行と同じ所管課です」
    (FIXED_WIDTH, "集会所整備事業補助金", "市民協働課", 6_000_000),
    (FIXED_WIDTH, "民間保育所運営費補助金", "子育て支援課", 179_300_000),
])
def test_a_programs_office_and_last_years_figure(path, title, department, previous):
    program = program_titled(path, title)
    assert program.department == department
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous


def test_a_boxed_programs_sources_and_summary_are_its_sections():
    program = program_titled(BOXED, "総合防災情報システム再構築事業")
    assert "県債" in " ".join(section_texts(BOXED, program, "財源内訳"))
    assert "令和9年4月運用開始予定" in " ".join(section_texts(BOXED, program, "概要"))


def test_a_newsletters_icon_is_the_items_flag():
    assert "新規" in program_titled(NEWSLETTER, "通学路の防犯カメラを増やします").flags


@pytest.mark.parametrize(("path", "title", "yen", "previous"), [
    # 【所管課別集計】「所管課｜件数｜予算額｜前年度」: a table by office, each row that office's total
    (FIXED_WIDTH, "子育て支援課", 381_300_000, 338_650_000),
    # 「項｜令和8年度｜令和7年度｜比較増減｜増減率」 before the first program: totals by 項 with last year's
    (EDUCATION, "教育費計", 2_300_460_000, 2_206_610_000),
    (EDUCATION, "中学校費", 436_450_000, 452_300_000),
])
def test_a_table_of_totals_gives_totals_with_last_year(path, title, yen, previous):
    total = next(p for p in read(path)[2] if p.kind == "total" and p.title == title)
    assert (total.budget.yen, total.budget.previous_year.yen) == (yen, previous)


WEB_PAGE = ROUND / "layouts34" / "asagi_shinki_kakuju_minaoshi_r8.html"


@pytest.mark.parametrize(("title", "flags", "department"), [
    # 「区分｜新規」 (a rowspan the web page's reader repeats) under 「## 健康福祉部」: its flag and its 部局
    ("ヤングケアラー支援体制強化事業", ["新規"], "健康福祉部"),
    ("こども食堂ネットワーク支援事業", ["拡充"], "こども未来局"),
])
def test_a_web_pages_review_rows_take_their_flag_and_their_heading(title, flags, department):
    program = program_titled(WEB_PAGE, title)
    assert (program.flags, program.department) == (flags, department)
