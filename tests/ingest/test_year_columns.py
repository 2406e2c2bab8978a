"""Amounts named by their years, and totals the documents state outside their programs (newuser24's trial).

- A town's multi-year CSV (桐ノ沢町 主要事業一覧: 「番号,款,事業名,担当課,令和5年度,令和6年度,令和7年度,…」 under a title and
  a 「単位：千円」 note, Excel-quoted figures, blanks for none) is read with the newest year's column as each program's
  budget, the year before as last year's and the other years as figures kept beside them; two variants of the form
  (forms24-variants: 星空村 in Shift_JIS with 「令和５年度決算,令和６年度当初,令和７年度当初」 in 円 and dashes for none,
  西風市 with 「2023年度(千円)…2025年度(千円)」 and no title rows) read the same way, and the CSVs of forms24/forms25
  (R6決算額, R7予算額, R8予算額, a long-form table) read as before.
- A table whose titled rows got no amount says so: its coverage is the share read and a warning names the cause.
- A results report's 歳出決算額 stated in its opening 決算の概要 (深見沢市) is the document's total.
- A press release's 歳入 and 性質別 (or 目的別) tables are totals under their headings, never programs (瀬和県, and
  潮見市 of forms24), and its 廃止・縮小 list gives programs flagged so, their ▲ figure a section, not a budget.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from qa.ingest.coverage import TABLE_NOTE
from qa.ingest.headers import infer_mapping, year_column
from qa.ingest.models import Document, Program
from qa.ingest.parse import parse, parse_corpus
from qa.ingest.records import read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEWUSER = FIXTURES / "newuser24"
VARIANTS = FIXTURES / "forms24-variants"
TOWN_CSV = NEWUSER / "kirinosawa-shuyojigyo.csv"
CITY_REPORT = NEWUSER / "fukamisawa-r6-seika.txt"
PREF_RELEASE = NEWUSER / "sewa-pref-r8-kisha.txt"


@cache
def _read(path: Path) -> tuple[Document, tuple[Program, ...]]:
    (doc,), programs = parse(path)
    return doc, tuple(programs)


def _named(path: Path, title: str) -> Program:
    [program] = [p for p in _read(path)[1] if p.title == unicodedata.normalize("NFKC", title) or p.title == title]
    return program


def _section(doc: Document, program: Program, name: str) -> str | None:
    section = program.section(name)
    return doc.text[section.start:section.end] if section else None


# ------------------------------------------------------------------------------------------------ year columns


@pytest.mark.parametrize(("header", "expected"), [
    ("令和7年度", (2025, "")), ("R7", (2025, "")), ("R7年度", (2025, "")), ("2025年度", (2025, "")),
    ("FY2025", (2025, "")), ("令和７年度当初", (2025, "当初")), ("令和6年度決算", (2024, "決算")),
    ("令和５年度決算（千円）", (2023, "決算")), ("2023年度(千円)", (2023, "")), ("H30", (2018, "")),
    ("令和元年度", (2019, "")), ("R7当初予算", (2025, "当初予算")),
    ("予算額", None), ("番号", None), ("年度", None), ("令和7年度の目標", None), ("事業名", None),
])
def test_a_column_named_by_its_year_is_read_with_its_year_and_kind(header: str, expected: tuple | None) -> None:
    assert year_column(header) == expected


@pytest.mark.parametrize(("headers", "budget", "previous", "amounts", "year"), [
    (["番号", "事業名", "令和5年度", "令和6年度", "令和7年度"], "令和7年度", "令和6年度", ["令和5年度"], "令和7年度"),
    (["事業名", "R7", "R6"], "R7", "R6", None, "令和7年度"),
    (["事業名", "令和５年度決算", "令和６年度当初", "令和７年度当初"], "令和７年度当初", "令和６年度当初", ["令和５年度決算"],
     "令和7年度当初"),
    (["事業名", "2023年度(千円)", "2025年度(千円)"], "2025年度(千円)", None, ["2023年度(千円)"], "令和7年度"),
])
def test_the_newest_year_is_the_budget_and_the_year_before_last_years(headers, budget, previous, amounts, year) -> None:
    found = infer_mapping(headers)
    assert (found["budget"], found.get("previous"), found.get("amounts"), found["year"]) == (budget, previous, amounts,
                                                                                             year)


def test_a_column_naming_the_budget_in_words_still_wins_over_bare_years() -> None:
    # (緑川町's 「令和６年度決算額（千円）,令和７年度当初予算額（千円）,令和８年度当初予算額（千円）」 read as before)
    found = infer_mapping(["事業名", "令和６年度決算額（千円）", "令和７年度当初予算額（千円）", "令和８年度当初予算額（千円）"])
    assert (found["budget"], found["previous"], "amounts" in found) == ("令和８年度当初予算額（千円）",
                                                                         "令和７年度当初予算額（千円）", False)


@pytest.mark.parametrize(("title", "yen", "previous", "older"), [
    ("町道除雪事業", 51_200_000, 45_800_000, "42,300千円"),
    ("常備消防負担金", 192_300_000, 186_900_000, "182,400千円"),
    ("学校給食費無償化事業", 79_200_000, 38_500_000, None),          # blank 令和5年度: no figure
    ("桐ノ沢温泉センター改修事業", 86_000_000, None, None),          # new: blanks before it
    ("町営住宅長寿命化改修事業", 0, 32_000_000, "28,000千円"),       # 「0」 is a figure
    ("除雪機械購入事業", 24_600_000, None, "19,800千円"),            # blank 令和6年度 between two figures
])
def test_the_town_csv_reads_each_year_as_an_amount(title: str, yen: int, previous: int | None, older: str | None) -> None:
    doc, _ = _read(TOWN_CSV)
    program = _named(TOWN_CSV, title)
    assert (program.budget.yen, program.budget.fiscal_year, program.budget.year) == (yen, 2025, "令和7年度")
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous
    assert _section(doc, program, "令和5年度") == older
    assert doc.text[program.budget.start:program.budget.end] == program.budget.text


def test_a_program_ended_last_year_keeps_last_years_figure_under_its_year() -> None:
    doc, _ = _read(TOWN_CSV)
    program = _named(TOWN_CSV, "物価高騰対策生活支援給付金")  # 「"84,000","62,500",」: none in 令和7年度
    assert program.budget is None
    assert (_section(doc, program, "令和6年度"), _section(doc, program, "令和5年度")) == ("62,500千円", "84,000千円")


def test_the_town_csv_is_covered_its_total_read_and_its_year_true() -> None:
    doc, programs = _read(TOWN_CSV)
    assert (doc.layout, doc.coverage, doc.coverage_note, doc.period) == ("tables", 1.0, TABLE_NOTE, "令和7年度")
    assert "年度：令和5年度" not in doc.text  # the title's first year is no label of the rows
    [total] = [p for p in programs if p.kind == "total"]
    assert (total.title, total.budget.yen, total.budget.previous_year.yen) == ("合計", 5_301_250_000, 4_733_480_000)
    priced = [p for p in programs if p.kind == "program" and p.budget is not None]
    assert (len(priced), sum(p.budget.yen for p in priced)) == (155, 5_301_250_000)


@cache
def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("row", _rows(VARIANTS / "csv-PROGRAMS.jsonl"), ids=lambda r: r["title"])
def test_every_variant_csv_program_has_this_years_and_last_years_amount(row: dict) -> None:
    program = _named(VARIANTS / f"{row['document']}.csv", row["title"])
    assert (program.budget.yen if program.budget else None) == row["budget_yen"]
    if program.budget is not None:
        assert (program.budget.previous_year.yen if program.budget.previous_year else None) == row["previous_yen"]
        assert program.budget.fiscal_year == 2025


@pytest.mark.parametrize(("name", "unit_text", "older"), [
    ("hoshizora_mura_jigyo_r7.csv", "20,350,000円", ("令和５年度決算", "18,412,300円")),  # 円 from the note row
    ("nishikaze_shi_jigyo_2025.csv", "236,500千円", ("2023年度", "212,400千円")),        # 千円 from the header
])
def test_a_variant_reads_its_unit_and_keeps_its_oldest_year(name: str, unit_text: str, older: tuple[str, str]) -> None:
    doc, programs = _read(VARIANTS / name)
    first = programs[0]
    assert first.budget.text == unit_text and _section(doc, first, older[0]) == older[1]
    assert (doc.coverage, doc.coverage_note) == (1.0, TABLE_NOTE)


@pytest.mark.parametrize(("corpus", "document"), [
    ("forms24", "midorikawa_machi_jigyo_r8"), ("forms24", "okutsugawa_mura_jigyo_r8"),
    ("forms25", "csv_hanamori"), ("forms25", "csv_sugisawa"),
])
def test_the_forms_csvs_read_as_before(corpus: str, document: str) -> None:
    doc, programs = _read(FIXTURES / corpus / f"{document}.csv")
    got = {(p.title, p.budget.yen if p.budget else None) for p in programs}
    rows = [r for r in _rows(FIXTURES / corpus / "PROGRAMS.jsonl") if r["document"].rsplit(".", 1)[0] == document]
    assert rows and all((unicodedata.normalize("NFKC", r["title"]), r["budget_yen"]) in got
                        or (r["title"], r["budget_yen"]) in got for r in rows)
    # no year column kept aside; a table with a row per program and year (csv_hanamori: 令和8年度 決算, 令和9・10年度
    # 当初予算) keeps its earlier rows as sections of the newest, named by their year
    years = [s for p in programs for s in p.sections if s.name.startswith(("令和", "R", "20"))]
    assert all("年度：" + s.name in doc.text[s.start:s.end] for s in years)
    assert len({p.title for p in programs if p.kind == "program"}) == len([p for p in programs if p.kind == "program"])
    assert (doc.coverage, doc.coverage_note) == (1.0, TABLE_NOTE)


def test_a_mapping_file_may_keep_a_third_year(tmp_path: Path) -> None:
    shutil.copy(TOWN_CSV, tmp_path)
    (tmp_path / "kirinosawa-shuyojigyo.mapping.toml").write_text(
        'skip_rows = 2\ntitle = "事業名"\nbudget = "令和7年度"\nprevious = "令和6年度"\namounts = ["令和5年度"]\n'
        'budget_unit = "千円"\nyear = "令和7年度当初"\n', encoding="utf-8")
    doc, programs, warnings = read_table(tmp_path / TOWN_CSV.name)
    snow = next(p for p in programs if p.title == "町道除雪事業")
    assert (snow.budget.yen, snow.budget.budget_kind, _section(doc, snow, "令和5年度")) == (51_200_000, "当初", "42,300千円")
    assert warnings == []


# -------------------------------------------------------------------------------------- coverage of tables


@pytest.mark.parametrize(("text", "cause"), [
    # year columns but no unit anywhere: bare numbers are not guessed
    ("事業名,令和6年度,令和7年度\n除雪事業,\"45,800\",\"51,200\"\n給食事業,\"38,500\",\"79,200\"\n", "bare numbers"),
    # no column naming an amount at all
    ("事業名,担当課,事業概要\n除雪事業,建設課,町道の除雪\n給食事業,学校教育課,給食費の無償化\n", "no column of its header names"),
])
def test_a_table_read_without_amounts_says_so(tmp_path: Path, text: str, cause: str) -> None:
    (tmp_path / "list.csv").write_text(text, encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    [doc] = parsed.documents
    assert (doc.coverage, doc.amount_lines, doc.accounted_lines) == (0.0, 2, 0)
    assert doc.coverage_note == "0 of 2 rows with a title have their amount read"
    assert any("no amount read for 2 of 2 row(s)" in w for w in parsed.warnings)
    assert any(cause in w for w in parsed.warnings)


def test_a_mapping_that_names_no_budget_expects_none(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("事業名,担当課\n除雪事業,建設課\n", encoding="utf-8")
    (tmp_path / "list.mapping.toml").write_text('title = "事業名"\ndepartment = "担当課"\n', encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert (parsed.documents[0].coverage, parsed.documents[0].coverage_note) == (1.0, TABLE_NOTE)
    assert not any("no amount read" in w for w in parsed.warnings)


# ---------------------------------------------------------------------------------- a results report's total

_SUMMARY = "【令和６年度 一般会計決算の概要】\n　歳入決算額　　38,412,556\n　歳出決算額　　37,108,903\n"


@pytest.mark.parametrize("summary", [
    None,  # as written: labelled lines under the legend's 千円
    "【決算の状況】\n　歳入総額　38,412,556千円\n　歳出総額　37,108,903千円\n",
    "　令和６年度の一般会計の歳出決算額は37,108,903千円（前年度比2.1％増）となりました。\n",
])
def test_the_stated_expenditure_is_the_reports_total(tmp_path: Path, summary: str | None) -> None:
    text = CITY_REPORT.read_text(encoding="utf-8")
    if summary is not None:
        assert _SUMMARY in text
        text = text.replace(_SUMMARY, summary)
    path = tmp_path / CITY_REPORT.name
    path.write_text(text, encoding="utf-8")
    (doc,), programs = parse(path)
    totals = [p for p in programs if p.kind == "total"]
    assert [(p.title, p.budget.yen, p.budget.budget_kind, p.budget.fiscal_year) for p in totals] == [
        (totals[0].title, 37_108_903_000, "決算", 2024)]
    assert totals[0].title.startswith("歳出")
    assert doc.text[totals[0].budget.start:totals[0].budget.end].replace(",", "").startswith("37108903")
    assert len([p for p in programs if p.kind == "program"]) == 14


def test_a_report_with_a_summary_table_keeps_its_own_total_only() -> None:
    # 北浜市 states 「歳出決算額は52,638,040千円で」 beside its summary by 款: the summary's 歳出合計 is the one total
    _, programs = _read(FIXTURES / "forms24" / "kitahama_shi_seika_r7.txt")
    assert [p.title for p in programs if p.kind == "total" and p.title.startswith("歳出")] == ["歳出合計"]


# ----------------------------------------------------------------------------------- a press release's parts


@pytest.mark.parametrize(("title", "category", "yen", "previous", "change"), [
    ("県税", "一般会計歳入の主な内訳", 185_600_000_000, 181_200_000_000, 4_400_000_000),
    ("県債", "一般会計歳入の主な内訳", 62_370_000_000, 63_980_000_000, -1_610_000_000),
    ("人件費", "一般会計歳出の性質別内訳", 198_420_000_000, 195_870_000_000, 2_550_000_000),
    ("公債費", "一般会計歳出の性質別内訳", 96_540_000_000, 97_210_000_000, -670_000_000),
])
def test_revenue_and_breakdown_rows_are_totals_under_their_tables(title, category, yen, previous, change) -> None:
    [row] = [p for p in _read(PREF_RELEASE)[1] if p.title == title]
    assert (row.kind, row.categories, row.budget.yen, row.budget.fiscal_year) == ("total", [category], yen, 2026)
    assert (row.budget.previous_year.yen, row.budget.change.yen) == (previous, change)


def test_the_press_release_reads_its_programs_totals_and_cuts() -> None:
    doc, programs = _read(PREF_RELEASE)
    assert doc.layout == "press_release" and doc.coverage >= 0.9
    assert len([p for p in programs if p.kind == "item" and p.budget is not None]) == 16
    assert [p.title for p in programs if p.kind == "total" and p.title == "その他"] == ["その他", "その他"]
    assert not [p for p in programs if p.kind != "total" and p.title in ("県税", "地方交付税", "人件費", "扶助費")]


@pytest.mark.parametrize(("title", "flags", "cut", "note"), [
    ("紙の県民だより全戸配布", ["廃止", "縮小"], "▲64,000千円", "令和８年度からウェブ版・希望者配布へ移行"),
    ("プレミアム付き県産品商品券発行事業", ["廃止"], "▲420,000千円", "令和７年度で終了"),
])
def test_a_cut_program_is_flagged_with_its_reduction_not_a_budget(title, flags, cut, note) -> None:
    doc, _ = _read(PREF_RELEASE)
    program = _named(PREF_RELEASE, title)
    assert (program.kind, program.flags, program.budget, program.categories) == ("item", flags, None, ["主な廃止・縮小事業"])
    assert (_section(doc, program, "見直し額"), _section(doc, program, "概要")) == (cut, note)


def test_another_writers_cut_list_reads_the_same(tmp_path: Path) -> None:
    text = PREF_RELEASE.read_text(encoding="utf-8").replace("５　主な廃止・縮小事業", "５　事業の廃止・休止").replace(
        "　　・紙の県民だより全戸配布（令和８年度からウェブ版・希望者配布へ移行）　▲64,000千円",
        "　　○ 敬老祝品贈呈事業（休止）　　　△12,300千円").replace("▲420,000千円", "△420,000千円")
    path = tmp_path / "cuts.txt"
    path.write_text(text, encoding="utf-8")
    (doc,), programs = parse(path)
    cuts = [(p.title, p.flags, doc.text[p.section("見直し額").start:p.section("見直し額").end])
            for p in programs if p.section("見直し額")]
    assert cuts == [("敬老祝品贈呈事業", ["休止"], "△12,300千円"),
                    ("プレミアム付き県産品商品券発行事業", ["廃止"], "△420,000千円")]


@pytest.mark.parametrize(("title", "category", "yen"), [
    ("市税", "一般会計の歳入(主なもの)", 16_850_000_000), ("繰入金", "一般会計の歳入(主なもの)", 2_410_000_000),
    ("教育費", "一般会計の歳出(目的別)", 7_860_000_000), ("総務費", "一般会計の歳出(目的別)", 5_840_000_000),
])
def test_a_second_release_reads_its_revenue_and_purpose_tables_as_totals(title: str, category: str, yen: int) -> None:
    path = FIXTURES / "forms24" / "shiomi_shi_yosan_r8.txt"
    rows = [p for p in _read(path)[1] if p.title == title and p.categories == [category]]
    assert [(p.kind, p.budget.yen) for p in rows] == [("total", yen)]
    # its 合計 rows restate the account's size, read from the size table once
    assert not [p for p in _read(path)[1] if p.kind == "total" and p.categories and p.title == "合計"]


# ------------------------------------------------------------------------------- the newcomer's programs list


@pytest.mark.parametrize("row", _rows(NEWUSER / "PROGRAMS.jsonl"), ids=lambda r: f"{r['document']}:{r['title']}")
def test_every_program_of_the_newcomers_documents_is_read_with_its_yen(row: dict) -> None:
    path = next(NEWUSER.glob(f"{row['document']}.*"))
    programs = [p for p in _read(path)[1] if p.kind in ("program", "item")
                and p.title in (unicodedata.normalize("NFKC", row["title"]), row["title"])]
    assert [p.budget.yen if p.budget else None for p in programs] == [row["budget_yen"]]
