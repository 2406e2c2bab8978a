"""Sheets saved as text: a 新規・拡充事業一覧 exported from Excel as CSV (or tab-separated text) under a .txt name is read
as the sheet it is (its header names the columns, 〃 / 同上 / ″ repeat the row above, 部局 小計 rows are totals), never
as lines of prose whose titles are CSV fragments; a text file that only looks like a table stays a text document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.detect import read_programs
from qa.ingest.layouts.learned_lines import holds_cells
from qa.ingest.parse import parse_corpus
from qa.ingest.readers import read_text_file
from qa.ingest.records import text_sheet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIOMI = FIXTURES / "scored-2026-12-06-s28" / "layouts29" / "shiomi_r08_shinki.txt"
VARIANTS = FIXTURES / "layouts29-variants"
HOKUREI = VARIANTS / "hokurei_r08_shinki_tab.txt"  # tab-separated, UTF-8 with BOM, CRLF, 同上, 「総務部計」 rows
AONAMI = VARIANTS / "aonami_r08_kakuju.txt"  # comma-separated Shift_JIS, figures in 円, ″, 「,,小計,,（4事業）」 rows


def _listed(path: Path) -> list[tuple[str, int]]:
    """(title, yen) of each program the writer's PROGRAMS.jsonl beside `path` lists for it."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(r["title"], r["budget_yen"]) for r in rows if r["document"] == path.stem]


@pytest.fixture(scope="module")
def read() -> dict[str, object]:
    """Each sheet saved as text, parsed alone: document name -> ParsedCorpus."""
    return {p.name: parse_corpus(p) for p in (SHIOMI, HOKUREI, AONAMI)}


@pytest.mark.parametrize("path", [SHIOMI, HOKUREI, AONAMI], ids=lambda p: p.stem)
def test_a_sheet_saved_as_text_reads_every_listed_program_with_its_yen(read, path):
    parsed = read[path.name]
    assert [d.layout for d in parsed.documents] == ["tables"]
    programs = [(p.title, p.budget.yen) for p in parsed.programs if p.kind == "program"]
    assert programs == _listed(path)


@pytest.mark.parametrize(("path", "title", "department", "flags", "section"), [
    # 部局 blank under its first row, 担当課 〃: both from the row above
    (SHIOMI, "電子申請・キャッシュレス決済推進事業", "総務部 行政改革推進課", ["拡充"], "備考"),
    # 区分 〃 as well as 担当課 〃
    (SHIOMI, "県防災アプリ開発事業", "危機管理防災部 危機管理課", ["新規"], "事業概要"),
    (SHIOMI, "医師確保対策事業", "健康福祉部 医療政策課", ["拡充"], "うち一般財源"),
    (HOKUREI, "庁内ネットワーク強靱化事業", "総務部 デジタル推進課", ["拡充"], "事業の内容"),
    (HOKUREI, "集落支援員配置支援事業", "地域振興部 地域政策課", ["新規"], "うち一般財源"),
    # ″ in the 部局 column itself, and in 区分
    (AONAMI, "ＥＢＰＭ推進データ基盤整備事業", "企画部 統計課", ["新規"], "事業の概要"),
    (AONAMI, "県政情報発信強化事業", "企画部 広報課", ["拡充"], "一般財源"),
])
def test_ditto_marks_and_merged_cells_repeat_the_row_above(read, path, title, department, flags, section):
    program = next(p for p in read[path.name].programs if p.title == title)
    assert (program.department, program.flags) == (department, flags)
    assert section in {s.name for s in program.sections}


@pytest.mark.parametrize(("path", "title", "yen", "department"), [
    (SHIOMI, "総務部　小計", 179_700_000, "総務部"),  # 「,総務部　小計,,,5事業,,…」: no program 「5事業」
    (SHIOMI, "合計", 11_132_900_000, None),
    (HOKUREI, "地域振興部計", 285_100_000, "地域振興部"),
    (HOKUREI, "合　計", 1_899_900_000, None),
    (AONAMI, "農林部 小計", 135_900_000, "農林部"),  # 「,,小計,,（4事業）,…」 named by its 部局
    (AONAMI, "合計", 231_900_000, None),
])
def test_subtotal_rows_are_their_departments_totals(read, path, title, yen, department):
    totals = [p for p in read[path.name].programs if p.kind == "total"]
    total = next(p for p in totals if p.title == title)
    assert (total.budget.yen, total.department) == (yen, department)
    assert not any("事業" in p.title and p.title[0].isdigit() for p in read[path.name].programs)


def test_the_sheet_keeps_its_title_line_and_unit(read):
    doc = read[SHIOMI.name].documents[0]
    assert doc.title == "令和８年度当初予算　新規・拡充事業一覧（部局別）"
    program = next(p for p in read[SHIOMI.name].programs if p.title == "交通安全施設整備事業")
    assert (program.budget.yen, program.budget.previous_year.yen) == (640_000_000, 520_000_000)
    assert program.budget.fiscal_year == 2026


@pytest.mark.parametrize(("text", "is_sheet"), [
    # a CSV export: every row as wide as its header
    ("事業名,予算額（千円）,担当課\n子育て支援事業,\"1,200\",こども課\n道路補修事業,\"3,400\",建設課\n", ".csv"),
    # a tab-separated export with quoted cells holding line breaks
    ("事業名\t概要\t予算額（千円）\n防災事業\t\"無線更新\n（5か所）\"\t1,200\n道路事業\t舗装\t3,400\n", ".tsv"),
    # a table pasted as tab-separated lines: the text layouts' (text_table reads its merged cells, wrapped rows)
    ("事業名\t概要\t予算額（千円）\n防災事業\t無線更新\t1,200\n道路事業\t舗装\t3,400\n", None),
    # prose whose sentences hold commas: rows of no common width
    ("事業名,予算額について\n子育て支援事業は1,200千円です。\n道路補修事業は,3,400千円,を計上します。\n", None),
    # a heading line among the rows (a pasted table across pages): no export
    ("事業名,予算額（千円）,担当課\n子育て支援事業,\"1,200\",こども課\n=== PAGE 2 ===\n道路補修事業,\"3,400\",建設課\n", None),
])
def test_only_a_delimited_export_is_a_sheet(tmp_path, text, is_sheet):
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    assert text_sheet(path) == is_sheet


@pytest.mark.parametrize(("title", "cells"), [
    ('3,,人事課,新規,県職員採用PR強化事業,"技術職', True),
    ('(令和8~9年度の2か年で整備)","96,800","', True),
    ("こども青少年局\t出産・子育て応援給付金", True),
    ("子育て支援事業(1,200人)", False),  # a thousands comma separates nothing
    ("産後ケア事業", False),
])
def test_a_title_of_delimited_cells_is_no_programs_name(title, cells):
    assert holds_cells(title) is cells


def test_the_learned_reader_keeps_no_reading_of_a_sheets_rows_as_lines():
    # read as a text document (as before sheets saved as text were read as sheets): no title is a CSV fragment
    doc = read_text_file(SHIOMI)
    programs = read_programs(doc)
    assert doc.layout != "learned_lines"
    assert not any(holds_cells(p.title) or '","' in p.title for p in programs)
