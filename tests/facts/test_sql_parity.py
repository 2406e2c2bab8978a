"""Fact questions in SQL (DuckDB over programs.parquet) against the Python reference: the same scope, figures,
words and cited programs, on the seed and on the real layouts under tests/fixtures.

Each corpus is parsed for real and its program table written with the build's own writer
(`qa.facts.columns.write_programs_parquet`); the SQL side reads that file back with real DuckDB.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from qa.facts.columns import write_programs_parquet
from qa.facts.operations import Fact, InPython, InSQL, answer_fact
from qa.facts.sql import ProgramSQL
from qa.facts.table import Conditions, ProgramTable
from qa.ingest import parse_corpus
from qa.ingest.models import Program
from qa.understand import understand
from qa.understand.numbers import AmountFilter
from tests.conftest import CORPUS, FIXTURES, REAL, SEED

EXAMPLES = CORPUS / "examples"
LAYOUTS = FIXTURES / "layouts"

# Corpus name -> files copied into its folder (a table's mapping beside it).
CORPORA: dict[str, list[Path]] = {
    "seed": [SEED],
    "fukuoka": [REAL / "fukuoka-r02-juyoshisaku.json", EXAMPLES / "fukuoka-r02-juyoshisaku.mapping.toml"],
    "mhlw": [REAL / "mhlw-r02-hosei2.json", EXAMPLES / "mhlw-r02-hosei2.mapping.toml"],
    "mod": [REAL / "mod-r05-yosan.txt"],
    "rs": [REAL / "rs2025-projects.csv.gz", EXAMPLES / "rs2025-projects.mapping.toml"],
    "layouts": sorted(LAYOUTS.glob("*.txt")),
    # Two fiscal years (平成29年度 and 令和6年度): the year filter applies only where a corpus has several.
    "two-years": [SEED, LAYOUTS / "kitakawa_r06_shuyo.txt"],
}


@dataclass
class Tables:
    """One corpus read twice: filtered and computed in Python, and in SQL over its Parquet file."""

    programs: list[Program]
    python: ProgramTable
    sql: ProgramTable
    engine: ProgramSQL
    parquet: Path


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, Tables]:
    out = {}
    for name, files in CORPORA.items():
        folder = tmp_path_factory.mktemp(name)
        for f in files:
            shutil.copy(f, folder)
        parsed = parse_corpus(folder)
        documents = {d.name: d for d in parsed.documents}

        def text_of(p: Program, documents=documents) -> str:
            return documents[p.document].text[p.start:p.end]

        parquet = folder.parent / f"{name}.parquet"
        write_programs_parquet(parquet, parsed.programs, text_of)
        engine = ProgramSQL.from_parquet(parquet)
        out[name] = Tables(parsed.programs, ProgramTable(parsed.programs, text_of),
                           ProgramTable(parsed.programs, text_of, sql=engine), engine, parquet)
    return out


def _by_title(programs: list[Program], titles: tuple[str, ...]) -> list[Program]:
    return [next(p for p in programs if p.title == t) for t in titles]


def _facts(t: Tables, question: str, named_titles: tuple[str, ...] = ()) -> tuple[Fact | None, Fact | None]:
    """The question answered on both paths; the scopes must hold the same programs in the same order."""
    query = understand(question)
    named = _by_title(t.programs, named_titles)
    py_scope, sql_scope = t.python.scope(query), t.sql.scope(understand(question))
    assert [p.id for p in sql_scope.programs] == [p.id for p in py_scope.programs]
    assert sql_scope.conditions == py_scope.conditions and sql_scope.filters == py_scope.filters
    assert InSQL.of(t.engine, sql_scope) is not None  # the SQL path is the one taken, not the fallback
    return answer_fact(query, py_scope, named), answer_fact(understand(question), sql_scope, named, t.engine)


def _same(a: Fact | None, b: Fact | None) -> None:
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert b.text == a.text
        assert [p.id for p in b.programs] == [p.id for p in a.programs]
        assert (b.kind, b.abstained) == (a.kind, a.abstained)


# Asked of every corpus: whatever it holds, both paths must agree (filters that match nothing included).
EVERY = [
    "事業はいくつ？",
    "予算の合計は？",
    "全部でいくら？",
    "予算が一番大きい事業は？",
    "予算が最も小さい事業は？",
    "2番目に予算が大きい事業は？",
    "5番目に予算が小さい事業は？",
    "300番目に予算が大きい事業は？",
    "予算が大きい順に上位5つ",
    "予算が小さい順に3つ",
    "100億円以上の事業は？",
    "1億円未満の事業はいくつ？",
    "10億円から50億円の事業の合計は？",
    "予算が60億円の事業はいくつ？",
    "1000億円を超える事業で一番小さいのは？",
    "新規事業はいくつ？",
    "拡充の事業の予算の合計は？",
    "令和6年度の事業の予算の合計は？",
    "平成29年度の事業はいくつ？",
    "名前に「支援」を含む事業はいくつ？",
    "システムに関する事業の予算の合計は？",
]


@pytest.mark.parametrize("corpus", list(CORPORA))
@pytest.mark.parametrize("question", EVERY)
def test_every_corpus_gives_the_same_answer_in_sql_and_in_python(tables, corpus, question):
    _same(*_facts(tables[corpus], question))


# (corpus, question, programs the question names, the kind of fact expected): what each layout is asked in use.
CASES = [
    ("seed", "生産性革命の事業はいくつ？", (), "count"),
    ("seed", "生産性革命の事業の予算の合計は？", (), "sum"),
    ("seed", "防災・減災の事業で予算が一番大きいのは？", (), "rank"),
    ("seed", "防災・減災の事業を予算の大きい順に上位3つ", (), "top"),
    ("seed", "水素に関する事業の予算の合計は？", (), "sum"),
    ("seed", "中小企業庁の事業はいくつ？", (), "count"),
    ("seed", "予算が7億円の事業は？", (), "list"),
    ("seed", "ものづくり・商業・サービス経営力向上支援事業は生産性革命の事業の予算の何％を占める？",
     ("ものづくり・商業・サービス経営力向上支援事業",), "share"),
    ("seed", "学びと社会の連携促進事業は防災・減災の事業の予算の何％を占める？", ("学びと社会の連携促進事業",), "share"),
    ("seed", "廃炉・汚染水対策事業と中小企業BCP策定支援事業の予算はどちらが多い？",
     ("廃炉・汚染水対策事業", "中小企業BCP策定支援事業"), "compare"),
    ("fukuoka", "環境局の事業の予算の合計は？", (), "sum"),
    ("fukuoka", "教育委員会の事業で予算が最も大きいのは？", (), "rank"),
    ("fukuoka", "経済観光文化局の事業を予算の大きい順に3つ", (), "top"),
    ("fukuoka", "1億円以下の事業はいくつ？", (), "count"),
    ("mhlw", "予算が一番大きい事業は？", (), "rank"),
    ("mod", "予算の合計は？", (), "sum"),
    ("mod", "スタンド・オフ防衛能力の事業で2番目に大きいのは？", (), "rank"),
    ("mod", "無人アセット防衛能力の事業はいくつ？", (), "count"),
    ("mod", "取得に関する事業の予算の合計は？", (), "sum"),
    ("rs", "厚生労働省の事業はいくつ？", (), "count"),
    ("rs", "経済産業省の事業の予算の合計は？", (), "sum"),
    ("rs", "外務省の事業で予算が3番目に大きいのは？", (), "rank"),
    ("rs", "国土交通省の事業を予算の小さい順に5つ", (), "top"),
    ("rs", "1兆円以上の事業は？", (), "list"),
    ("layouts", "新規事業はいくつ？", (), "count"),
    ("layouts", "拡充の事業の予算の合計は？", (), "sum"),
    ("layouts", "健康推進課の事業は？", (), "list"),
    ("layouts", "教育振興費の事業で予算が一番小さいのは？", (), "rank"),
    ("two-years", "令和6年度の事業はいくつ？", (), "count"),
    ("two-years", "平成29年度の事業の予算を足すといくら？", (), "sum"),
    ("two-years", "令和6年度の新規事業で予算が一番大きいのは？", (), "rank"),
    ("two-years", "令和3年度の事業はいくつ？", (), "year"),
]


@pytest.mark.parametrize(("corpus", "question", "named", "kind"), CASES)
def test_fact_questions_of_each_layout_agree_in_sql(tables, corpus, question, named, kind):
    python, sql = _facts(tables[corpus], question, named)
    _same(python, sql)
    assert sql is not None and sql.kind == kind, sql and sql.text[:200]


# -- the figures themselves, rank by rank --------------------------------------------------------------------------
def _scopes(t: Tables) -> list[Conditions]:
    """Conditions over the corpus's own values: none, each of its first organisations and headings, each flag, each
    document and one it lacks, two amount bands."""
    pool = t.python.pool
    orgs = sorted({k for p in pool for k in t.python._runs[p.id]})[:3]
    cats = sorted({c for p in pool for c in ([p.category] if p.category else []) + list(p.categories)})[:3]
    flags = sorted({f for p in pool for f in p.flags})
    documents = sorted({p.document for p in pool})
    return [Conditions(), *[Conditions(organisation=o) for o in orgs], *[Conditions(category=c) for c in cats],
            *[Conditions(flags=(f,)) for f in flags], *[Conditions(without_flags=(f,)) for f in flags],
            *[Conditions(document=d) for d in documents],
            Conditions(document="no-such-document.txt"),
            Conditions(amount=AmountFilter(">=", 10**9, "10億円以上")),
            Conditions(amount=AmountFilter("between", 10**8, "1億円から50億円", 50 * 10**8)),
            Conditions(nothing=True)]


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_every_rank_sum_and_top_n_agree(tables, corpus):
    t = tables[corpus]
    for c in _scopes(t):
        programs = t.python.select(c)
        assert t.engine.scope_ids(c) == [p.id for p in programs]
        py = InPython(programs)
        scope = t.sql.scope(understand("事業は？"))
        scope.conditions, scope.programs = c, programs
        sql = InSQL.of(t.engine, scope)
        assert sql is not None
        assert sql.total() == py.total()
        n = len(programs)
        for descending in (True, False):
            assert [p.id for p in sql.ranked(descending)] == [p.id for p in py.ranked(descending)]
            for k in sorted({0, 1, 3, n, n + 1}):
                assert [p.id for p in sql.top(k, descending)] == [p.id for p in py.top(k, descending)]
            for rank in range(1, min(n, 40) + 2):  # every rank of a small scope, and one past the end
                (a, a_ties), (b, b_ties) = py.nth(rank, descending), sql.nth(rank, descending)
                assert (b and b.id, [p.id for p in b_ties]) == (a and a.id, [p.id for p in a_ties])


def test_ties_are_reported_in_ranking_order(tables):
    """The seed has four programs of exactly 60.0億円 (field question 28): the first, then its three equals."""
    t = tables["seed"]
    c = Conditions(amount=AmountFilter("=", 60 * 10**8, "60億円"))
    rank = t.engine.nth(c, 1)
    assert rank.count == 4 and rank.chosen is not None and len(rank.ties) == 3
    assert [rank.chosen, *rank.ties] == [p.id for p in InPython(t.python.select(c)).ranked(True)]


@pytest.mark.parametrize("corpus", ["layouts", "two-years"])
def test_previous_year_differences_are_this_years_figure_minus_last_years(tables, corpus):
    t = tables[corpus]
    changes = t.engine.changes(Conditions())
    with_previous = [p for p in t.python.pool if p.budget and p.budget.previous_year
                     and p.budget.previous_year.yen is not None]
    assert len(changes) == len(with_previous) > 0
    expected = {p.id: p.budget.yen - p.budget.previous_year.yen for p in with_previous}
    assert {c.id: c.difference for c in changes} == expected
    differences = [c.difference for c in changes]
    assert differences == sorted(differences, reverse=True)
    assert [c.difference for c in t.engine.changes(Conditions(), descending=False)] == sorted(differences)


def test_a_sum_leaves_out_items_inside_a_priced_parent(tables):
    """The defence budget lists some items inside a priced parent (「（５機：１，９４１億円）」): SQL adds the same
    parts as `summed`."""
    t = tables["mod"]
    total = t.engine.total(Conditions())
    parts = [p for p in t.python.pool if p.parent_id not in {q.id for q in t.python.pool if q.budget.yen}]
    assert total.count == len(t.python.pool) and total.parts == len(parts) < total.count
    assert total.yen == sum(p.budget.yen for p in parts)


def test_programs_come_back_from_the_parquet_file_by_id(tables):
    t = tables["fukuoka"]
    wanted = [t.programs[0].id, t.programs[-1].id]
    read = t.engine.programs_by_id(wanted)
    assert [read[i] for i in wanted] == [t.programs[0], t.programs[-1]]


def test_a_scope_changed_by_hand_is_computed_in_python(tables, caplog):
    """`Scope.clear()` tells SQL too; a scope whose programs were replaced without it falls back to Python rather
    than answer from other rows."""
    t = tables["seed"]
    scope = t.sql.scope(understand("生産性革命の事業はいくつ？"))
    scope.programs = scope.programs[:2]
    assert InSQL.of(t.engine, scope) is None
    fact = answer_fact(understand("生産性革命の事業はいくつ？"), scope, [], t.engine)
    assert fact is not None and "2件" in fact.text
    scope.clear()
    assert t.engine.scope_ids(scope.conditions) == [] and InSQL.of(t.engine, scope) is not None


def test_a_table_made_from_programs_answers_like_the_parquet_file(tables):
    """A build published to Milvus keeps no files: the table is made in memory from the same rows."""
    t = tables["layouts"]
    made = ProgramSQL.open(None, t.programs, t.sql._text_of)
    assert made.path is None
    for c in _scopes(t):
        assert made.ranked(c) == t.engine.ranked(c) and made.total(c) == t.engine.total(c)


def test_a_removed_parquet_file_falls_back_to_the_loaded_programs(tables, tmp_path, caplog):
    """An old build's folder can be removed while a replica still serves it: its fact questions go on, from the
    Program objects it holds."""
    t = tables["seed"]
    copy = tmp_path / "programs.parquet"
    shutil.copy(t.parquet, copy)
    engine = ProgramSQL.open(copy, t.programs, t.sql._text_of)
    c = Conditions(category="生産性革命")
    before = engine.ranked(c)
    copy.unlink()
    with caplog.at_level("WARNING", logger="qa.facts.sql"):
        assert engine.ranked(c) == before and engine.total(c) == t.engine.total(c)
    assert "unreadable" in caplog.text and engine.path is None


def test_question_values_are_bound_as_parameters_never_written_into_the_sql(tables):
    """A mention that reads like SQL is searched for as text: it matches nothing and changes no query."""
    t = tables["seed"]
    hostile = "x' OR 1=1; DROP TABLE programs; --"
    assert t.engine.scope_ids(Conditions(mention=hostile)) == []
    assert t.engine.scope_ids(Conditions(organisation=hostile, category=hostile)) == []
    assert len(t.engine.scope_ids(Conditions())) == len(t.python.pool)
