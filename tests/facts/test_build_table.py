"""The program table a real build writes (programs.parquet on the seed), and the service answering fact questions
from it: the same answers, word for word and citation for citation, as the Python path over the Program objects."""

from __future__ import annotations

import json

import pytest

from qa.facts.columns import COLUMNS
from qa.facts.table import ProgramTable
from qa.index.store import MANIFEST, PROGRAMS_TABLE, sha256_file

pytestmark = pytest.mark.slow


def test_a_build_writes_the_program_table_once_covered_by_its_checksums(seed_service):
    import duckdb

    index = seed_service.index
    path = index.folder / PROGRAMS_TABLE
    assert index.programs_parquet == path
    manifest = json.loads((index.folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["checksums"][PROGRAMS_TABLE] == sha256_file(path)
    with duckdb.connect() as db:
        schema = {name: kind for name, kind, *_ in db.execute("DESCRIBE SELECT * FROM read_parquet(?)",
                                                              [str(path)]).fetchall()}
        rows = db.execute("SELECT id, title, budget_yen, fiscal_year, categories, countable FROM read_parquet(?) "
                          "ORDER BY ordinal", [str(path)]).fetchall()
    assert schema == COLUMNS  # typed: BIGINT yen, VARCHAR[] lists, INTEGER years
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (p.id, p.title, p.budget.yen if p.budget else None, p.budget.fiscal_year if p.budget else None,
         p.categories) for p in index.programs]
    assert all(r[5] for r in rows)  # the seed's 28 programs are all countable


def test_the_service_answers_fact_questions_from_the_parquet_file(seed_service):
    table = seed_service.answerer.table
    assert table.sql is not None and table.sql.path == seed_service.index.programs_parquet
    answer = seed_service.ask("生産性革命の事業の予算の合計は？")
    assert "18件" in answer.answer and answer.citations


@pytest.mark.parametrize("question", [
    "生産性革命の事業はいくつ？",
    "生産性革命の事業の予算の合計は？",
    "防災・減災の事業で予算が一番大きいのは？",
    "予算が2番目に小さい事業は？",
    "生産性革命の事業を予算の大きい順に上位3つ",
    "100億円以上の事業は？",
    "予算が60億円の事業はいくつ？",
    "水素に関する事業は？",
    "経済産業省の予算の総額は？",
    "ものづくり・商業・サービス経営力向上支援事業は生産性革命の予算の何%を占める？",
])
def test_the_service_gives_the_same_answers_on_the_sql_and_the_python_path(seed_service, question):
    answerer = seed_service.answerer
    sql_answer = seed_service.ask(question)
    sql_table = answerer.table
    try:
        answerer.table = ProgramTable(answerer.index.programs, text_of=answerer.program_text)  # no SQL
        python_answer = seed_service.ask(question)
    finally:
        answerer.table = sql_table
    assert sql_answer.intent == "aggregate", sql_answer.answer[:200]
    drop = {"timings_ms"}
    assert sql_answer.model_dump(exclude=drop) == python_answer.model_dump(exclude=drop)
