"""Round 30's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s33`): a city's 事務事業評価
シート集 copied out of Excel as tab-separated text, a prefecture's 主要施策の概要 as `pdftotext -layout` leaves a page
of two columns whose lines do not line up, and a prefecture's 施策体系 list whose unmarked programs stand beside the
★ and ☆ ones, each with a dot leader to its amount."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, program_titled, read

ROUND = FIXTURES / "scored-2026-12-07-s33"
SHEETS = ROUND / "layouts35" / "shirahagi_jimujigyo_hyoka_r8.txt"
TWO_COLUMNS = ROUND / "layouts35" / "asanagi_shuyo_shisaku_r8.txt"
TREE = ROUND / "layouts36" / "midorigamine_r8_shisaku_shuyo.txt"


@pytest.mark.parametrize(("path", "layout"), [
    # 「事業名⇥…⇥⇥⇥事業番号⇥…」 grid rows; the cost table headed by its own label's row, its empty rows inside it
    (SHEETS, "evaluation_sheets"),
    # two programs side by side, each column's lines where they fall (a side often blank): read column by column
    (TWO_COLUMNS, "program_pages"),
    # 「　　　　妊婦健康診査支援事業 ……… 41,870千円」 under 「　　　★産後ケア事業費補助 ……… 86,420千円」
    (TREE, "priced_items"),
])
def test_every_listed_program_is_read_with_its_budget(path, layout):
    read_layout, _, programs = read(path)
    assert read_layout == layout
    assert listed_keys(path) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}


@pytest.mark.parametrize(("title", "department", "previous", "flags"), [
    # the 所管部課 cell ends before the row's next label cell (事業開始年度); 今後の方向性 inside the 評価 cell: its flag
    ("子ども医療費助成事業", "こども未来部 こども家庭課", 621_500_000, ["拡充"]),
    ("地域公共交通運行支援事業", "都市整備部 交通政策課", 152_300_000, ["継続"]),
])
def test_a_sheets_cells_give_its_office_last_years_budget_and_direction(title, department, previous, flags):
    program = program_titled(SHEETS, title)
    assert nfkc(program.department or "") == department
    assert program.budget.previous_year.yen == previous and program.flags == flags


def test_a_sheets_own_tables_give_no_programs_beside_it():
    """The indicator rows (「成果指標⇥…⇥％⇥6.8⇥5.0⇥3.0」) and the cost table's rows are the sheet's own."""
    _, _, programs = read(SHEETS)
    assert len([p for p in programs if p.kind == "program"]) == 18


def test_a_page_titled_by_a_contents_line_naming_two_programs_keeps_its_own_title():
    """「子ども・福祉部　第２子以降保育料無償化事業・ヤングケアラー支援体制強化事業 …… 2」 lists the page's two programs:
    each is named as its page writes it."""
    _, _, programs = read(TWO_COLUMNS)
    titles = {nfkc(p.title) for p in programs}
    assert {"第2子以降保育料無償化事業", "ヤングケアラー支援体制強化事業"} <= titles
    assert not any("・ヤングケアラー" in t for t in titles)


def test_a_pages_office_headings_give_its_programs_their_office():
    """A town's Markdown page: 「## 総務課」 over 「### 防災行政無線デジタル化事業」."""
    program = program_titled(ROUND / "layouts36" / "kitasakuragi_r8_shuyo_jigyo.md", "防災行政無線デジタル化事業")
    assert program.department == "総務課"
