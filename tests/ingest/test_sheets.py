"""A program's own sheet elsewhere in its document (事業シート, 個票) is attached to the program read from the
overview table: its purpose, contents and targets become the program's sections, and its figures count as read."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHEETS = FIXTURES / "scored-2026-12-03-s2" / "layouts" / "misakidai-r08-jigyosheet.txt"

# An overview table, then one sheet per program; a repeated table row (with figures) is no sheet, and a title two
# rows share cannot say whose sheet it is.
SMALL = """令和８年度　当初予算　主要事業一覧（単位：千円）
No\t事業名\t担当課\t予算額
1\t防犯カメラ設置事業\t地域安全課\t12,000
2\t空き家除却補助事業\t建築指導課\t8,500
3\t公園遊具更新事業\t公園課\t3,000
4\t公園遊具更新事業\t教育総務課\t2,000

【事業名】　防犯カメラ設置事業
【担当】　地域安全課（03-1234-5678）
【事業の目的】
　通学路の犯罪を防ぐため、防犯カメラを設置する。
【事業内容】
①通学路へのカメラ 40台の設置

【事業名】　公園遊具更新事業
【事業の目的】
　老朽化した遊具を更新する。

再掲　防犯カメラ設置事業　12,000
"""


@pytest.fixture(scope="module")
def sheet_programs():
    return {p.title: p for p in parse(SHEETS)[1]}


def _section_text(program, doc_text: str) -> str:
    return "\n".join(doc_text[s.start:s.end] for s in program.sections)


def test_every_table_row_of_a_sheet_export_gets_its_sheet_and_the_figures_count_as_read(sheet_programs):
    docs, programs = parse(SHEETS)
    rows = [p for p in programs if p.kind != "total"]
    with_sheet = [p for p in rows if any(not p.start <= s.start < p.end for s in p.sections)]
    assert len(with_sheet) == len(rows) == 24
    assert docs[0].coverage >= 0.8  # 26 % before: the sheets' figures were outside every program


@pytest.mark.parametrize(("title", "quoted"), [
    ("病児保育事業", "子育てと就労の両立"),
    ("ＧＩＧＡスクール端末更新事業", "1,100台の更新"),
])
def test_a_sheets_lines_are_sections_of_its_program(sheet_programs, title, quoted):
    text = SHEETS.read_text(encoding="utf-8")
    program = next(p for t, p in sheet_programs.items() if t.replace("GIGA", "ＧＩＧＡ") == title or t == title)
    assert quoted in _section_text(program, text)
    assert {"事業目的・概要", "成果目標"} <= {s.name for s in program.sections}


def test_only_a_line_that_is_the_title_alone_and_names_one_program_opens_a_sheet(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL, encoding="utf-8")
    docs, programs = parse(path)
    text = docs[0].text
    camera = next(p for p in programs if p.title == "防犯カメラ設置事業")
    assert "40台の設置" in _section_text(camera, text)
    assert "再掲" not in _section_text(camera, text)  # the repeated row with figures opens nothing
    assert [(c.dept, c.phone) for c in camera.contacts] == [("地域安全課", "03-1234-5678")]
    parks = [p for p in programs if p.title == "公園遊具更新事業"]
    assert len(parks) == 2 and all("老朽化" not in _section_text(p, text) for p in parks)


def test_a_sheets_own_budget_table_gives_the_previous_year_the_table_row_lacks(sheet_programs):
    meal = sheet_programs["学校給食費無償化事業"]
    assert meal.budget.yen == 58_300_000 and meal.budget.previous_year.yen == 31_200_000
    text = SHEETS.read_text(encoding="utf-8")
    assert text[meal.budget.previous_year.start:meal.budget.previous_year.end] == "３１，２００千円"
