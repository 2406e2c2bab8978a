"""Round 28's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s31/layouts32`): a
prefecture's 会派要望に対する回答一覧, a Word table pasted as text with 「｜」 between cells, its requests and answers
wrapped over many lines, some answered with no program; and a municipal hospital's 病院事業会計 予算の概要."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, program_titled, read

ANSWERS = FIXTURES / "scored-2026-12-07-s31" / "layouts32" / "takane_kaiha_kaito_r8.txt"


def test_a_table_with_a_request_column_and_a_program_column_is_titled_by_the_program():
    # 「要望事項」 and 「関連事業名」 both hold a title's word: 事業名 titles the row, 事項 is a section of it
    layout, _, programs = read(ANSWERS)
    assert layout == "text_table" and listed_keys(ANSWERS) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}


@pytest.mark.parametrize(("title", "department"), [
    # the office cell wrapped over two lines of the row: both
    ("地域医師確保修学資金貸付事業", "健康福祉部 医療政策課"),
    # the row under a request answered 「引き続き検討」 (numbered, no program, no figure): its lines are not this one's
    ("県立学校施設長寿命化改修事業", "教育委員会 教育施設課"),
])
def test_a_rows_wrapped_office_cell_is_read_whole_and_alone(title, department):
    assert program_titled(ANSWERS, title).department == department


def test_a_rows_request_and_answer_are_its_sections():
    _, text, _ = read(ANSWERS)
    program = program_titled(ANSWERS, "地域医師確保修学資金貸付事業")
    answer = next(s for s in program.sections if s.name == "回答")
    # (its first line, 「県内の公的病院への勤務を」, and the lines its cell wraps onto: 「…35人から40人に拡大」)
    assert "県内の公的病院" in text[answer.start:answer.end] and "35人" in text[answer.start:answer.end]


HOSPITAL = FIXTURES / "scored-2026-12-07-s31" / "layouts32" / "mikagesawa_byoin_yosan_r8.txt"


def test_a_hospital_accounts_overview_is_read_as_a_public_enterprises_through_its_running_headers():
    # 「令和8年度　御影沢市病院事業会計予算の概要」 over every page names the account again: the part it interrupts
    # (主な事業, 17 programs over four pages) goes on
    layout, _, programs = read(HOSPITAL)
    assert layout == "enterprise_budget"
    assert listed_keys(HOSPITAL) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}


@pytest.mark.parametrize(("title", "yen", "previous", "change"), [
    ("病院事業収益", 13_746_900_000, 13_373_900_000, 373_000_000),  # 「+373,000」: an increase written with its +
    ("入院収益", 8_352_400_000, 8_105_300_000, 247_100_000),
    ("医業外収益", 1_248_600_000, 1_263_400_000, -14_800_000),
])
def test_an_accounts_rows_are_totals_with_last_year_and_the_signed_difference(title, yen, previous, change):
    _, _, programs = read(HOSPITAL)
    row = next(p for p in programs if p.title.endswith(title) and p.kind == "total")
    assert (row.budget.yen, row.budget.previous_year.yen, row.budget.change.yen) == (yen, previous, change)
