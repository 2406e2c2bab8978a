"""Four fictional press decks and budget slides (tests/fixtures/layouts12/, written in the eleventh session by a
helper that saw no code, with PROGRAMS.jsonl: each program's title and budget as written): tables drawn with box
verticals (┌─┐ │), a table whose budget column is headed by the year alone (「令和８年度」), a summary of areas with
a 事業数 column; and round 7's newsletter (prose) for last year's figures and a section's closing contact line."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.lines import split_lines
from qa.ingest.parse import parse_corpus
from qa.ingest.vocabulary import header_field

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAYOUTS12 = FIXTURES / "layouts12"


@pytest.fixture(scope="module")
def decks():
    return parse_corpus(LAYOUTS12)


def _programs(parsed, stem: str) -> dict[str, int | None]:
    return {p.title: p.budget.yen if p.budget else None for p in parsed.programs if p.document.startswith(stem)}


@pytest.mark.parametrize(("stem", "title", "yen"), [
    # rows of tables drawn with │ (「│ 拡 │ こども医療費助成事業 │ 612,300 │ 548,900 │ こども家庭課 │」, unit 千円)
    ("miurakawa", "こども医療費助成事業", 612_300_000),
    ("miurakawa", "防災行政無線デジタル化事業", 412_800_000),
    # rows under 「| 区分 | 事業名 | 令和８年度 | 前年度 |」: the year alone heads the budget column
    ("aomine", "インバウンド周遊観光推進事業", 148_000_000),
    ("aomine", "流域治水対策事業(河川しゅんせつ・堤防強化)", 3_860_000_000),
])
def test_rows_of_tables_inside_a_deck_are_read_with_their_yen(decks, stem, title, yen):
    assert _programs(decks, stem).get(title) == yen


def test_a_summary_rows_count_of_programs_is_never_a_title(decks):
    # 「(1) 子育て支援　4事業　686,860」 under 「分 野　事業数　予算額」
    assert not [t for t in _programs(decks, "miurakawa") if t.endswith("事業") and t[:-2].isdigit()]


def test_a_row_gets_the_paragraph_that_bears_its_title_below_the_table(decks):
    row = next(p for p in decks.programs if p.title == "こども医療費助成事業" and p.document.startswith("miurakawa"))
    doc = next(d for d in decks.documents if d.name == row.document)
    text = "".join(doc.text[s.start:s.end] for s in row.sections)
    assert "所得制限なし" in text  # 「● こども医療費助成事業」 and its lines


@pytest.mark.parametrize(("cell", "field"), [
    ("令和８年度", "budget"), ("R8年度", "budget"), ("2026年度", "budget"), ("令和8年度当初", "budget"),
    ("事業数", "count"), ("事 業 名", "title"), ("施策の方向", None),
])
def test_header_cells(cell, field):
    assert header_field(cell) == field


def test_one_box_vertical_dividing_an_aligned_table_leaves_it_split_at_spaces():
    line = next(ln for ln in split_lines("事業名    補正前の額    補正額  │   国庫支出金    一般財源")
                if ln.norm)
    assert line.separator == "space"
    framed = next(ln for ln in split_lines("│ 新 │ おむつ定期便事業 │ 24,960 │ ─ │") if ln.norm)
    assert framed.separator == "pipe" and framed.framed


def test_an_aligned_table_with_one_box_vertical_is_still_read():
    parsed = parse_corpus(FIXTURES / "scored-2026-12-03-s5" / "layouts6")
    assert _programs(parsed, "hokuyo").get("LPガス料金負担軽減支援事業") == 684_500_000


@pytest.fixture(scope="module")
def newsletter():
    parsed = parse_corpus(FIXTURES / "scored-2026-12-04-s10" / "layouts11")
    return {p.title: p for p in parsed.programs if p.document.startswith("sasame")}


@pytest.mark.parametrize(("title", "previous"), [
    ("放課後子ども教室", 2_600_000),  # 「予算は４２０万円（前年度260万円）です。」
    ("ささめっ子誕生祝い金", 9_800_000),  # 「予算額は1,150万円で、前年度の980万円から増えています。」
    ("中学校給食費の無償化", None),  # no figure of last year
])
def test_last_years_figure_in_a_programs_paragraph_is_its_previous_year(newsletter, title, previous):
    budget = newsletter[title].budget
    assert (budget.previous_year.yen if budget.previous_year else None) == previous


def test_a_sections_closing_contact_line_is_the_contact_of_its_programs(newsletter):
    contacts = [(c.dept, c.phone) for c in newsletter["がん検診の自己負担無料化"].contacts]
    assert contacts == [("健康福祉課", "0868-72-3121")]  # 「> 問い合わせ　健康福祉課　☎ 0868-72-3121」
    two = [c.dept for c in newsletter["防災行政無線のデジタル化"].contacts]
    assert two == ["総務課危機管理係(防災無線)", "建設課(上記以外)"]


@pytest.mark.parametrize(("stem", "title", "contact"), [
    # 「☎ 環境部 ゼロカーボン推進課　０４２８－２２－３１１１（内線６５１）」 inside the program's slide
    ("sakuragaoka", "家庭用蓄電池設置補助金", ("環境部 ゼロカーボン推進課", "0428-22-3111", "651")),
    # 「（こども政策課 017-734-9102）」 under the bullets
    ("aomine", "第2子以降子育て応援給付金", ("こども政策課", "017-734-9102", None)),
    # 「【担当】総合交通課　03-6812-4410」: the bracketed label is no part of the office
    ("chiiki", "地域公共交通確保維持改善事業", ("総合交通課", "03-6812-4410", None)),
])
def test_an_office_and_phone_line_inside_a_program_is_its_contact(decks, stem, title, contact):
    program = next(p for p in decks.programs if p.title == title and p.document.startswith(stem))
    first = program.contacts[0]
    assert (first.dept, first.phone, first.extension) == contact


@pytest.mark.parametrize(("stem", "account", "yen", "previous"), [
    ("sakuragaoka", "一般会計", 78_640_000_000, 77_020_000_000),  # a cell a line, the unit in each cell
    ("sakuragaoka", "企業会計(2会計)", 19_832_000_000, 20_150_000_000),  # not a slide's program
    ("miurakawa", "一般会計", 61_230_000_000, 59_870_000_000),  # a box-drawn table, （単位：千円、％）
])
def test_the_size_table_of_a_deck_gives_each_accounts_total(decks, stem, account, yen, previous):
    row = next(p for p in decks.programs if p.title == account and p.document.startswith(stem))
    assert row.kind == "total" and row.budget.yen == yen and row.budget.previous_year.yen == previous


def test_a_heading_that_states_its_tables_unit_names_the_tables_section(decks):
    # 「(1) 子育て支援　　（単位：千円）」 over the first box-drawn table
    rows = [p for p in decks.programs if p.document.startswith("miurakawa") and p.kind == "program"
            and p.title in ("こども医療費助成事業", "防災行政無線デジタル化事業")]
    assert sorted(p.categories[-1] for p in rows) == ["(1) 子育て支援", "(4) 防災・減災"]


def test_a_row_opened_by_a_flag_in_brackets_is_a_program_with_that_flag():
    # round 8's sealed 汐見市 deck (tuning since its end score): 「【新規】出産・子育て応援タクシー事業　　１，８４０万円」,
    # its bullets 「・内容：１万円分の利用券（５００円券×２０枚）を交付」 details, never items
    parsed = parse_corpus(FIXTURES / "scored-2026-12-04-s11" / "layouts12")
    items = {p.title: p for p in parsed.programs if p.document.startswith("shiomi") and p.kind == "item"}
    taxi = items["出産・子育て応援タクシー事業"]
    assert taxi.budget.yen == 18_400_000 and taxi.flags == ["新規"]
    assert (taxi.contacts[0].dept, taxi.contacts[0].phone) == ("こども家庭課", "0599-00-2301")
    assert not [t for t in items if t.startswith(("内容", "整備期間"))]
