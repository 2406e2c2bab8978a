"""Lists of programs published as Excel workbooks (.xlsx) and tab-separated text (.tsv), read as sheets with the
header inferred as for a CSV: a cover sheet passed over, a title and a unit note above the header."""

from __future__ import annotations

import datetime

import pytest

from qa.ingest.parse import parse_corpus


@pytest.fixture
def sheets(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "表紙"
    book.active["A1"] = "令和8年度 北浜市 主要事業一覧"
    sheet = book.create_sheet("一覧")
    sheet.append(["令和8年度当初予算 主要事業一覧"])
    sheet.append(["（単位：千円）"])
    sheet.append(["No", "事業名", "担当課", "予算額", "前年度予算額", "事業概要", "開始日"])
    sheet.append([1, "子育て応援事業", "子育て支援課", 12500, 11000.0, "第2子以降に5万円", datetime.date(2026, 4, 1)])
    sheet.append([2, "道路補修事業", "建設課", 48200, 50100, "舗装補修", None])
    book.save(tmp_path / "kitahama-r8.xlsx")
    (tmp_path / "minami-r8.tsv").write_text("事業名\t予算額（千円）\t担当課\n防災無線更新事業\t30,000\t危機管理課\n",
                                            encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return parse_corpus(tmp_path)


@pytest.mark.parametrize(("title", "yen", "previous", "department"), [
    ("子育て応援事業", 12_500_000, 11_000_000, "子育て支援課"),  # 11000.0 in the cell is 11,000 (千円)
    ("道路補修事業", 48_200_000, 50_100_000, "建設課"),
    ("防災無線更新事業", 30_000_000, None, "危機管理課"),
])
def test_a_workbook_or_tab_separated_list_is_read_like_a_csv(sheets, title, yen, previous, department):
    program = next(p for p in sheets.programs if p.title == title)
    assert program.budget.yen == yen and program.department == department
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous


def test_a_broken_workbook_is_named_and_the_others_are_read(sheets):
    assert {d.name for d in sheets.documents} == {"kitahama-r8.xlsx", "minami-r8.tsv"}
    assert any("broken.xlsx" in str(s) for s in sheets.skipped)
