"""Round 5's fictional documents (tests/fixtures/scored-2026-12-04-s8/layouts9/, written by a helper who saw no code):
a CSV whose note lines over the header state its unit, and a 概算要求 exported as JSON with 「令和9年度要求額」 beside
「令和8年度予算額」. Read with their exact titles and yen against the writer's list of programs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.amounts import parse_yen
from qa.ingest.normalize import key

LAYOUTS9 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s8" / "layouts9"
TRUTH = [json.loads(line) for line in (LAYOUTS9 / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("name", ["mitaru_shuyojigyo_r8.csv", "satoyama_gaisan_r9.json"])
def test_every_program_of_a_table_is_read_with_its_exact_title_and_yen(name):
    _, programs = parse(LAYOUTS9 / name)
    by_title = {key(p.title): p for p in programs}
    rows = [t for t in TRUTH if t["document"] == Path(name).stem]
    wrong = [t["title"] for t in rows if (p := by_title.get(key(t["title"]))) is None or p.budget is None
             or p.budget.yen != parse_yen(t["budget"])]  # budgets as the writer wrote them, with their unit
    assert rows and not wrong


def test_a_csv_note_over_its_header_states_the_unit_of_its_bare_figures():
    docs, programs = parse(LAYOUTS9 / "mitaru_shuyojigyo_r8.csv")
    first = programs[0]
    assert first.budget.yen == 18_000_000 and first.budget.previous_year.yen == 12_000_000  # 「※金額の単位は円」
    assert docs[0].title.startswith("令和8年度")


def test_a_json_requests_column_is_this_years_budget_and_last_years_its_previous():
    _, programs = parse(LAYOUTS9 / "satoyama_gaisan_r9.json")
    first = next(p for p in programs if p.title == "里山林再生整備交付金")
    assert first.budget.yen == 18_450_000_000 and first.budget.previous_year.yen == 15_200_000_000
    assert first.budget.fiscal_year == 2027


def test_a_json_contact_object_gives_the_department_and_its_phone():
    # 「担当」: {"局": …, "課室": …, "電話": …, "内線": …}: the department is its names, the phone a contact
    _, programs = parse(LAYOUTS9 / "satoyama_gaisan_r9.json")
    first = next(p for p in programs if p.title == "里山林再生整備交付金")
    assert first.department == "森林里山局 里山林整備課"
    assert [(c.dept, c.phone) for c in first.contacts] == [("森林里山局 里山林整備課", "03-6744-2100")]
