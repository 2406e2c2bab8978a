"""Records that list a program and then its parts, the parts' categories naming the program (予算案関係資料 as
PoliInfo-3 gives them): the parts are linked to it, a sum or a heading's total is the program's own figure, a count
says both numbers, changes rank by rate when asked so, and an account the records never state is said missing.

The fixture (tests/fixtures/records/minami-ken-r08-yosan.json) is a fictional prefecture written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
TABLE = RECORDS / "minami-ken-r08-yosan.json"


@pytest.fixture(scope="module")
def service(corpus_service):
    return corpus_service("records-parts", {p.name: p for p in (TABLE, RECORDS / f"{TABLE.name}.mapping.toml")})


@pytest.mark.parametrize("order", ["outer-first", "inner-first"])
def test_a_row_under_a_category_named_as_another_row_is_its_part(tmp_path, order):
    # A mapping that states the order of the categories wrongly links the same parents: the deepest row wins.
    (tmp_path / TABLE.name).write_bytes(TABLE.read_bytes())
    mapping = (RECORDS / f"{TABLE.name}.mapping.toml").read_text(encoding="utf-8")
    (tmp_path / f"{TABLE.name}.mapping.toml").write_text(
        mapping.replace('category_order = "outer-first"', f'category_order = "{order}"'), encoding="utf-8")
    _, programs = parse(tmp_path / TABLE.name)
    title = {p.id: p.title for p in programs}
    parents = {p.title: title.get(p.parent_id) for p in programs}
    assert parents["河川改修事業"] == "国補公共事業" and parents["国補公共事業"] == "公共事業"
    assert parents["第２子保育料軽減事業"] is None
    assert programs[0].budget.label == "令和8年度予算案"  # 「令和8年度 予算案関係資料」 up to its budget word


@pytest.mark.parametrize(("question", "needed", "absent"), [
    ("公共事業の予算の総額は？", ["50,000,000 千円"], ["足すと"]),  # the program's own row, not its parts added
    ("公共事業の事業はいくつ？", ["4件", "内訳として別に載っている2件を除くと2件"], []),
    ("前年度からの伸び率が一番大きい事業は？", ["第２子保育料軽減事業", "+200.0%"], []),
    ("前年度から一番増えた事業は？", ["公共事業"], []),
])
def test_parts_are_neither_added_twice_nor_counted_silently(service, question, needed, absent):
    answer = service.ask(question)
    assert not answer.abstained and answer.citations, answer.answer[:200]
    assert all(n in answer.answer for n in needed) and not any(a in answer.answer for a in absent), answer.answer[:300]


def test_an_account_the_records_never_state_is_said_missing_not_summed(service):
    answer = service.ask("みなみ県の一般会計の予算は全部でいくら？")
    assert answer.abstained and "一般会計の総額は記載されていません" in answer.answer


def test_the_fixture_is_records_of_one_year():
    rows = json.loads(TABLE.read_text(encoding="utf-8"))
    assert {r["budgetTitle"] for r in rows} == {"令和8年度 予算案関係資料"}


@pytest.mark.parametrize(("turns", "needed"), [
    (["国補公共事業の予算は？", "そのうち道路の改築の分は？"], "28,000,000"),  # the part holding the words
    (["国補公共事業の予算は？", "うち河川改修は？"], "12,000,000"),
])
def test_a_follow_up_asking_a_part_of_the_program_shown_gets_that_parts_figure(service, chat, turns, needed):
    assert needed in chat(service, turns).splitlines()[0]
