"""A city's 公共施設等総合管理計画 改修事業一覧 (layouts26's 鷺ノ原市) and two other writers' plans of the same form
(layouts26-variants: 朝霧町, space-aligned in 千円 with three years, 合計 and the office in each heading; 汐見市, a box-drawn
table in 千円 whose rows are titled by facility and 対策内容, with 施設類型 as a merged column) are read by `text_table`:
each work a program with the yen of its total column (計/合計, the years before it a schedule) or 概算事業費, its
所管課 (or its heading's office) as department, 実施年度/財源/備考/施設名/事業区分 and the cost by year as sections, its
施設類型 as category; 小計 rows and the 総括表's rows are totals, never programs."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from qa.ingest.layouts.text_table import find_header
from qa.ingest.lines import split_lines
from qa.ingest.models import Document, Program
from qa.ingest.normalize import framed_cell
from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "scored-2026-12-06-s25" / "layouts26" / "saginohara_r08_facilityplan.txt"
ASAGIRI = FIXTURES / "layouts26-variants" / "asagiri_r08_kobetsu_jisshi.txt"
SHIOMI = FIXTURES / "layouts26-variants" / "shiomi_r08_taisaku_ichiran.txt"
PLANS = [SEED, ASAGIRI, SHIOMI]


def _compact(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("\u3000", "")


@cache
def _read(path: Path) -> tuple[Document, tuple[Program, ...]]:
    (doc,), programs = parse(path)
    return doc, tuple(programs)


def _listed(path: Path) -> set[tuple[str, int]]:
    """The writer's list beside the document: (title without spaces, yen)."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(_compact(r["title"]), r["yen"]) for r in rows if r["document"] == path.name}


def _program(path: Path, title: str) -> Program:
    [program] = [p for p in _read(path)[1] if p.kind == "program" and _compact(p.title) == _compact(title)]
    return program


def _section(path: Path, title: str, name: str) -> str | None:
    """A section's text as a reader quotes it: a ruled cell wrapped over lines joined, else the span as written;
    several sections of the name (a cell wrapped in an aligned table) joined."""
    doc, _ = _read(path)
    parts = [framed_cell(doc.text, s.start, s.end) or doc.text[s.start:s.end]
             for s in _program(path, title).sections if s.name == name]
    return "".join(parts) if parts else None


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_every_listed_work_of_a_facility_plan_is_read_with_its_yen(path: Path) -> None:
    doc, programs = _read(path)
    read = {(_compact(p.title), p.budget.yen if p.budget else None) for p in programs if p.kind == "program"}
    assert doc.layout == "text_table"
    assert read == _listed(path)


@pytest.mark.parametrize(("path", "totals"), [
    (SEED, {("小計(7事業)", 5_001_700_000), ("学校教育系施設", 5_001_700_000), ("うち一般会計", 11_984_800_000),
            ("合計", 15_134_800_000), ("長寿命化改修", 1_082_600_000), ("耐水化", 128_000_000)}),
    (ASAGIRI, {("小計", 482_060_000), ("町営住宅・インフラ施設", 204_350_000), ("合計", 1_036_530_000)}),
    (SHIOMI, {("学校教育系施設", 1_539_800_000), ("合計", 6_378_750_000)}),
])
def test_subtotals_and_the_summary_tables_rows_are_totals_never_programs(path: Path, totals: set) -> None:
    _, programs = _read(path)
    read = {(p.title, p.budget.yen if p.budget else None) for p in programs if p.kind == "total"}
    assert totals <= read
    assert not {p.title for p in programs if p.kind == "program"} & {title for title, _ in totals}


@pytest.mark.parametrize(("path", "title", "department", "category"), [
    (SEED, "西浜地区義務教育学校整備事業", "学校再編推進室", "(1)学校教育系施設"),
    (SEED, "中川雨水ポンプ場耐水化事業", "下水道課", "(10)下水道(下水道事業会計)"),
    # no 所管課 column: the office the heading names in its closing bracket (「（担当：教育委員会 学校教育課）」)
    (ASAGIRI, "東山小学校閉校後施設解体事業", "教育委員会 学校教育課", "■1 学校教育系施設"),
    (ASAGIRI, "簡易水道配水管更新事業", "建設課", "■4 町営住宅・インフラ施設"),
    # 施設類型 as a merged column: its first row names the group of the rows below
    (SHIOMI, "中央図書館空調設備更新", "生涯学習課", "市民文化・社会教育系施設"),
])
def test_a_works_office_is_its_department_and_its_facility_type_its_category(path, title, department, category) -> None:
    program = _program(path, title)
    assert (program.department, program.category) == (department, category)


@pytest.mark.parametrize(("path", "title", "name", "text"), [
    (SEED, "第一小学校校舎長寿命化改修事業", "事業期間", "R8～R9"),
    (SEED, "第一小学校校舎長寿命化改修事業", "財源", "学校施設環境改善交付金（国1/3）・学校教育施設等整備事業債"),
    (SEED, "第一小学校校舎長寿命化改修事業", "概要", "築48年、RC造3階、延床5,820㎡。工事期間中は仮設校舎を使用"),
    (SEED, "第一小学校校舎長寿命化改修事業", "施設名", "鷺ノ原第一小学校"),
    (SEED, "第一小学校校舎長寿命化改修事業", "事業区分", "長寿命化改修"),
    (SEED, "基幹管路耐震化事業", "施設名", "基幹管路（導水管・送水管・配水本管）"),
    (SEED, "鷺ノ原大橋耐震補強事業", "財源", "社会資本整備総合交付金（国5.5/10）・公共事業等債"),
    (ASAGIRI, "朝霧小学校校舎大規模改造事業", "財源", "学校施設環境改善交付金学校教育施設等整備事業債"),
    (ASAGIRI, "朝霧小学校校舎大規模改造事業", "事業区分", "大規模改造"),
    (ASAGIRI, "老人憩の家長寿命化改修事業", "事業期間", "R9～R10"),
    (SHIOMI, "汐見大橋耐震補強", "事業期間", "R8～R9"),
    (SHIOMI, "汐見大橋耐震補強", "財源", "社会資本整備総合交付金公共事業等債"),
])
def test_a_works_period_funds_remarks_facility_and_kind_are_its_sections(path, title, name, text) -> None:
    assert _section(path, title, name) == text


@pytest.mark.parametrize(("path", "title", "first", "last"), [
    (SEED, "川端団地建替事業", "－", "－"),
    (SEED, "汚水管渠更生事業", "90.0", "90.0"),
    (ASAGIRI, "朝霧小学校校舎大規模改造事業", "86,500", "－"),
])
def test_the_cost_by_year_is_a_section_and_the_total_column_the_budget(path, title, first, last) -> None:
    doc, _ = _read(path)
    program = _program(path, title)
    [years] = [s for s in program.sections if s.name == "年度別事業費"]
    quoted = doc.text[years.start:years.end]
    assert quoted.startswith(first) and quoted.endswith(last)
    assert years.end <= program.budget.start  # the budget is the 計/合計 column after the years, never a year


def test_a_plan_without_a_title_column_titles_each_work_by_facility_and_work() -> None:
    program = _program(SHIOMI, "汐見西中学校屋内運動場改修（空調設置）")
    assert program.budget.yen == 214_800_000
    assert _section(SHIOMI, "汐見西中学校屋内運動場改修（空調設置）", "事業名") is not None


def _header(text: str):
    [line] = split_lines(text)
    return find_header(line)


@pytest.mark.parametrize(("text", "fields", "years"), [
    # a schedule and its total: the total is the budget, the years a schedule
    ("事業名｜施設名｜R8｜R9｜R10｜計｜所管課", ("title", "facility", "budget", "department"), 3),
    ("区分  令和8年度  令和9年度  令和10年度  合計", ("title", "budget"), 3),
    # a period's total alone (「５か年計」) names the budget too
    ("事業区分｜事業数｜５か年計", ("title", "count", "budget"), 0),
    # no schedule: a table's own budget columns as before, a 合計 column no field's
    ("事業名｜令和８年度予算額｜令和７年度予算額｜合計", ("title", "budget", "previous"), 0),
    ("事業名｜予算額｜国庫支出金｜一般財源｜計", ("title", "budget", "source", "source"), 0),
])
def test_a_header_with_year_columns_and_their_total_reads_the_total_as_the_budget(text, fields, years) -> None:
    header = _header(text)
    assert header is not None
    assert header.key == fields
    assert len(header.years) == years


def test_a_row_whose_cells_happen_to_be_header_words_is_no_header() -> None:
    row = ("8-1  ｜市道橋（14橋）  ｜橋りょう長寿命化修繕事業  ｜修繕  ｜R8～R12  ｜  186.0｜  174.0｜  900.0｜"
           "道路メンテナンス事業費補助  ｜道路維持課  ｜定期点検で判定区分Ⅲの14橋が対象")
    assert _header(row) is None
