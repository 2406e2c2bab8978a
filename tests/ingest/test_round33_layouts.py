"""Round 33's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s36`): a city's web page
of 主要事業 with one card per program (「### 事業名」 over 「事業費：3億4,500万円」), and a prefecture's 主要事業の概要
whose programs run to their amounts through leader dots (「自主防災組織活性化支援事業………… 18,400千円」)."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc, tidy_title
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, read

ROUND = FIXTURES / "scored-2026-12-07-s36"
WEB_PAGE = ROUND / "layouts41" / "shionagi_r8_shuyo_jigyo.html"
LEADER_LIST = ROUND / "layouts42" / "r8_shuyojigyo_tomine.txt"


@pytest.mark.parametrize("path", [WEB_PAGE, LEADER_LIST], ids=["web-page-cards", "leader-dots"])
def test_every_program_of_the_writer_is_read_with_its_budget(path):
    _, _, programs = read(path)
    assert listed_keys(path) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget and p.kind == "program"}


def test_a_cards_sub_items_with_their_own_amounts_are_no_programs_of_their_own():
    """「事業費：1億1,800万円」 then 「・新設（汐見小学校区）　8,200万円」: a part of the card's program, not a program."""
    _, _, programs = read(WEB_PAGE)
    assert len([p for p in programs if p.kind == "program"]) == len(listed_keys(WEB_PAGE))


@pytest.mark.parametrize(("written", "title"), [
    ("自主防災組織活性化支援事業……………………", "自主防災組織活性化支援事業"),
    ("県産木材利用促進事業・・・・・・", "県産木材利用促進事業"),
    ("ＩＣＴ活用事業‥‥‥", "ICT活用事業"),
    ("第2子以降保育料無償化事業", "第2子以降保育料無償化事業"),
    ("No.", "No."),
])
def test_a_title_loses_the_leader_dots_it_runs_on_with(written, title):
    assert tidy_title(written) == title


def test_a_leader_lists_programs_take_their_heading_marker_and_office_from_their_own_lines():
    """「【県土整備部】」 over the programs, 「［拡充］」 under a name, 「（建築住宅課　内線7205）」 closing its lines: the
    program's category, flag, department and contact (its extension), though the learned reading found it."""
    _, _, programs = read(LEADER_LIST)
    program = next(p for p in programs if p.title == "木造住宅耐震化促進事業")
    assert (program.category, program.flags, program.department) == ("県土整備部", ["拡充"], "建築住宅課")
    assert [c.phone for c in program.contacts] == ["内線7205"]
    assert sum(p.category == "県土整備部" for p in programs) == 5


WORKBOOK = ROUND / "layouts41" / "seiho_r8_shinki_kakuju_ichiran.xlsx"


def test_a_workbooks_cells_merged_down_hold_their_value_in_every_row():
    """「区分」 and 「部局」 merged down over a group of rows (written once, as the sheet shows them to all): each
    program of the group carries the flag and the office; the two-row header (「予算額」 over 「令和8年度」「令和7年度」,
    「番号」 merged over both rows) still names its columns."""
    _, _, programs = read(WORKBOOK)
    rows = [p for p in programs if p.kind == "program"]
    assert len(rows) == 30 and all(p.flags for p in rows)
    assert sum(p.flags == ["新規"] for p in rows) == 12
    assert all(p.department for p in rows)
    assert all(p.budget.previous_year is not None for p in rows if p.flags == ["拡充"])
