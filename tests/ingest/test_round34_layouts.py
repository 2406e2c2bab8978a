"""Round 34's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s37`): a town's
やさしい予算のあらまし, whose programs open on a bracketed heading (「【学校給食費の半額補助】（注目事業）」), run through a
few sentences and close on their amount (「予算額　4,520万円」), with Q&A bubbles under it."""

from __future__ import annotations

import pytest

from qa.ingest.amounts import EN_AMOUNT, en_yen
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse
from tests.conftest import FIXTURES, SEED
from tests.ingest.listed import listed_keys, read

BOOKLET = FIXTURES / "scored-2026-12-07-s37" / "layouts43" / "hibarino_r8_yasashii_yosan.txt"


def test_a_guides_programs_are_named_by_the_bracketed_heading_over_their_sentences():
    """Every program with a 予算額 line is read with its heading's name; the two the writer lists that have none (an
    amount inside a sentence, 「今年度は3,860万円を計上しました」; a program whose cost is in another's) are the only
    ones left, and no Q&A line (「💬 Q. だれが使えるの？」) names a program."""
    _, _, programs = read(BOOKLET)
    read_keys = {(nfkc(p.title), p.budget.yen) for p in programs if p.budget and p.kind == "program"}
    assert listed_keys(BOOKLET) - read_keys == {("第2子以降の保育料無料化", 38600000), ("病児保育", None)}
    assert not any("Q." in p.title for p in programs)


FORMS_WORKBOOK = FIXTURES / "scored-2026-12-07-s37" / "layouts44" / "asagirino_r8_jigyo_sheet.xlsx"


def test_a_workbook_of_one_form_per_sheet_reads_a_program_per_form():
    """A 目次 sheet (No.｜事業名｜所管｜シート, no amounts) and sixteen 事業シート, each a form down column A (事業名, 所管,
    令和8年度予算額（千円）, 財源内訳 over rows of its own …): a program per form, with its budget (the label's unit on the
    bare figure, or a figure written with its unit), last year's, its office and its other labels as sections."""
    _, _, programs = read(FORMS_WORKBOOK)
    rows = [p for p in programs if p.kind == "program"]
    assert listed_keys(FORMS_WORKBOOK) == {(nfkc(p.title), p.budget.yen) for p in rows if p.budget}
    first = next(p for p in rows if p.title == "放課後児童クラブ運営事業")
    assert (first.budget.previous_year.yen, first.department) == (159880000, "こども未来部 子育て支援課")
    assert {"目的", "財源内訳", "成果指標"} <= {s.name for s in first.sections}


ENGLISH = FIXTURES / "scored-2026-12-07-s37" / "layouts43" / "kitamine_fy2026_budget_highlights.txt"
MARKDOWN = FIXTURES / "scored-2026-12-07-s37" / "layouts43" / "asagiri_r8_bukyoku_shuyo_jigyo.md"


@pytest.mark.parametrize(("written", "yen"), [
    ("¥1.86 billion", 1_860_000_000),
    ("735 million yen", 735_000_000),
    ("¥48,000 thousand", 48_000_000),
    ("JPY 2.3 billion", 2_300_000_000),
    ("¥62 million", 62_000_000),
    ("¥500,000", 500_000),
    ("approx. ¥1.2 trillion", 1_200_000_000_000),
])
def test_an_amount_written_in_english_reads_as_yen(written, yen):
    match = EN_AMOUNT.search(written)
    assert match is not None and en_yen(match) == yen


def test_an_english_budget_summary_reads_each_titled_amount_as_a_program():
    """「> Free School Lunches … [NEW]」「(学校給食費無償化事業)」「Budget: ¥1.86 billion」: the English title, the Japanese
    name as an alias, the marker as a flag, the pillar as category, 「(FY2025: …)」 as last year, 「Lead:」 as office."""
    layout, _, programs = read(ENGLISH)
    read_keys = {(p.title, p.budget.yen) for p in programs if p.budget}
    assert layout == "english_summary"
    assert listed_keys(ENGLISH) - read_keys == {("Kitamine Global Hub Concept Study", None)}  # no amount written
    lunches = next(p for p in programs if p.title.startswith("Free School Lunches"))
    assert (lunches.flags, lunches.aliases, lunches.department) == (
        ["新規"], ["学校給食費無償化事業"], "School Lunch Division, Board of Education")
    assert lunches.category is not None and lunches.category.startswith("PILLAR 1")
    medical = next(p for p in programs if p.title == "Child Medical Expense Subsidy")
    assert medical.budget.previous_year.yen == 2_020_000_000


def test_a_japanese_document_is_no_english_summary():
    docs, _ = parse(SEED)
    assert docs[0].layout_scores.get("english_summary") == 0.0 and docs[0].layout == "program_pages"


def test_a_cell_writing_this_years_and_last_years_figures_gives_both():
    """「R8: 1,026,000<br>(R7: －)」 in a 予算額（千円） column: the year's figure is the budget, the bracket's last year's."""
    _, _, programs = read(MARKDOWN)
    rows = {p.title: p for p in programs if p.kind == "program"}
    assert listed_keys(MARKDOWN) - {(nfkc(t), p.budget.yen) for t, p in rows.items() if p.budget} == {
        ("県立高校魅力化推進事業", None)}  # 「R8: －」: no figure this year
    assert rows["第1子保育料軽減事業"].budget.previous_year is None
    assert rows["住宅用太陽光・蓄電池導入促進事業"].budget.previous_year.yen == 420_000_000


COMMITTEE_LIST = FIXTURES / "scored-2026-12-07-s37" / "layouts44" / "tsurumakibara_r8_shinki_jigyo_ichiran.txt"


def test_a_list_titled_new_programs_gives_its_rows_the_flag():
    """「令和８年度 新規事業一覧」 over a committee's table: every row is 新規 (a 「新規・拡充事業一覧」 names no one flag)."""
    _, _, programs = read(COMMITTEE_LIST)
    rows = [p for p in programs if p.kind == "program"]
    assert len(rows) >= 20 and all(p.flags == ["新規"] for p in rows)


EXPORT_CSV = FIXTURES / "scored-2026-12-07-s38" / "layouts45" / "shinonome_r8_saishutsu_yosan.csv"


def test_an_exports_bare_figures_in_whole_thousands_are_yen():
    """A financial system's 歳出 CSV states no unit: its figures (「412500000」), all whole thousands, are yen."""
    _, _, programs = read(EXPORT_CSV)
    rows = {p.title: p.budget.yen for p in programs if p.kind == "program" and p.budget}
    assert rows["ふるさと納税推進事業"] == 412_500_000 and len(rows) >= 25
