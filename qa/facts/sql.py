"""Fact queries as DuckDB SQL over the program table (`programs.parquet`, see `qa.facts.columns`).

The relational part of a fact question is compiled here: the filtered scope (`qa.facts.table.Conditions`, as
`ProgramTable.scope` resolved them), counts, sums (without the items a priced parent already holds), rankings
(top N, the N-th largest or smallest with its ties), shares and previous-year differences. Each returns program
ids (the rows to cite, in the order the answer lists them) and the figures; `qa.facts.operations` writes the
answer's words around them.

Every value from a question is bound as a parameter: the SQL text is built only from this module's constants
(column names, the order of a ranking), never from user text.

Amounts are exact yen (BIGINT; sums come back as Python ints). A ranking orders by yen and then by build order
(`ordinal`): largest first keeps build order among equals, smallest first reverses it, as the Python path does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.facts.columns import load_rows
from qa.facts.table import Conditions
from qa.ingest.models import Program

log = logging.getLogger(__name__)

TABLE = "programs"
# The pool a fact query counts (`ProgramTable.pool`): programs and items, never totals or repeats, with a budget.
_POOL = "countable AND budget_yen IS NOT NULL"
# Largest first: build order among equals; smallest first: the reverse of that whole order.
_ORDER = {True: "budget_yen DESC, ordinal ASC", False: "budget_yen ASC, ordinal DESC"}
_AMOUNT_OPS = {"=": "budget_yen = ?", ">=": "budget_yen >= ?", "<=": "budget_yen <= ?", "<": "budget_yen < ?",
               ">": "budget_yen > ?"}
# What a sum reads of each row (named, not *, so that a scope used twice reads no other column of the file).
_FIGURES = "id, parent_id, budget_yen, ordinal, amount_unit, amount_decimal"


@dataclass(frozen=True)
class Total:
    """A sum over a set of programs, with what decides how it is written.

    Attributes:
        count: programs in the scope.
        parts: programs added (the scope less items inside a priced parent of the scope).
        yen: the sum of the parts' budgets, in yen (0 for none).
        unit: the unit most parts write their amount in (ties: the one met first, largest first); 円 for none.
        decimal: whether any part writes its amount with a decimal (「17.0億円」); None when there are no parts.
    """

    count: int
    parts: int
    yen: int
    unit: str
    decimal: bool | None


@dataclass(frozen=True)
class Rank:
    """The N-th program of a ranking and its equals.

    Attributes:
        count: programs in the scope.
        chosen: the id at that rank (None when the scope has fewer programs).
        ties: ids of the other programs of the same budget, in ranking order.
    """

    count: int
    chosen: str | None
    ties: list[str]


@dataclass(frozen=True)
class Change:
    """A program's budget against last year's figure as its budget line gives them (yen); `difference` is this
    year's minus last year's, computed."""

    id: str
    budget_yen: int
    previous_yen: int
    difference: int


def compile_scope(c: Conditions) -> tuple[str, list[Any]]:
    """The WHERE clause of a scope and its parameters.

    Args:
        c: the resolved conditions.

    Returns:
        (SQL condition over the `programs` table's columns, parameters in order).

    Raises:
        ValueError: an amount condition of an unknown operator.
    """
    clauses, params = [_POOL], []
    if c.nothing:
        clauses.append("FALSE")
    if c.organisation is not None:
        clauses.append("list_contains(organisation_keys, ?)")
        params.append(c.organisation)
    if c.ministry is not None:
        clauses.append("list_contains(organisation_keys, ?)")
        params.append(c.ministry)
    if c.ministries:
        clauses.append("list_has_any(organisation_keys, ?::VARCHAR[])")
        params.append(list(c.ministries))
    if c.category is not None:
        clauses.append("(category = ? OR list_contains(categories, ?) OR list_contains(?::VARCHAR[], category) "
                       "OR list_has_any(categories, ?::VARCHAR[]))")
        params += [c.category, c.category, list(c.alike), list(c.alike)]
    if c.document is not None:
        clauses.append("document = ?")
        params.append(c.document)
    if c.documents:
        clauses.append("list_contains(?::VARCHAR[], document)")
        params.append(list(c.documents))
    if c.mention is not None:
        clauses.append("contains(title_key, ?)" if c.mention_in_name else "contains(text_key, ?)")
        params.append(c.mention)
    for flag in c.flags:
        clauses.append("list_contains(flags, ?)")
        params.append(flag)
    for flag in c.without_flags:
        clauses.append("NOT list_contains(flags, ?)")
        params.append(flag)
    if c.any_flags:
        clauses.append("list_has_any(flags, ?::VARCHAR[])")
        params.append(list(c.any_flags))
    if c.years is not None:
        clauses.append("list_contains(?::INTEGER[], fiscal_year)")
        params.append(sorted(c.years))
    if c.parent is not None:
        clauses.append("parent_id = ?")
        params.append(c.parent)
    if c.amount is not None:
        a = c.amount
        if a.op == "between" and a.high is not None:
            clauses.append("budget_yen BETWEEN ? AND ?")
            params += [a.yen, a.high]
        elif a.op in _AMOUNT_OPS:
            clauses.append(_AMOUNT_OPS[a.op])
            params.append(a.yen)
        else:
            raise ValueError(f"unknown amount condition {a.op!r}")
    return " AND ".join(clauses), params


_SCOPED_IDS = 1_000_000  # program ids the scope memo holds at most (five whole pools at 1M passages)


class ProgramSQL:
    """The program table in an in-process DuckDB database, and the fact queries over it.

    The table is opened on first use (a view over the build's Parquet file, or a table made in memory from the
    Program objects when the build has no file: a build published to Milvus), then queried from any thread: each
    query runs on its own cursor of the one database.

    Args:
        load: fills a fresh connection with the `programs` table.
        source: where the rows come from, for logs.
    """

    def __init__(self, load: Callable[[Any], None], source: str) -> None:
        self._load = load
        self.source = source
        self.path: Path | None = None  # the Parquet file, when the table is read from one
        self._fallback: Callable[[Any], None] | None = None
        self._connection: Any = None
        self._lock = threading.Lock()
        # (where, params) -> ids in scope. The rows never change for one table, and most questions name no
        # condition: the whole pool, one DuckDB query (~5 ms of CPU at the seed, more at scale) per question.
        self._scopes: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self._scoped = 0  # ids held in `_scopes`, bounded by _SCOPED_IDS (~70 bytes each)
        # (sql, params) -> rows, for the same reason: a question naming no condition asks the same queries (the pool
        # ranked by budget, its total) as the last one did, 53 of 87 queries over 300 distinct seed questions.
        self._results: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
        self._held = 0  # rows held in `_results`, bounded by _SCOPED_IDS

    @classmethod
    def from_parquet(cls, path: Path, fallback: Callable[[Any], None] | None = None) -> ProgramSQL:
        """The table of a build's `programs.parquet`, read in place.

        A view over the file: each query reads only the columns it needs, and nothing is copied into memory
        (bench/program_table_memory.py compares it with the table made in memory, at 100,000 programs).

        Args:
            path: the build's Parquet file.
            fallback: fills a connection from elsewhere when the file is gone (an old build removed while a replica
                still serves it); without one, the error is raised.
        """
        def load(connection: Any) -> None:
            # A view cannot take a parameter, so the path is written as a quoted literal: it is the build folder's
            # own file (made by us, checksummed at load), never text from a request.
            literal = "'" + str(path).replace("'", "''") + "'"
            connection.execute(f"CREATE VIEW {TABLE} AS SELECT * FROM read_parquet({literal})")
        sql = cls(load, str(path))
        sql.path = path
        sql._fallback = fallback
        return sql

    @classmethod
    def from_programs(cls, programs: Sequence[Program], text_of: Callable[[Program], str]) -> ProgramSQL:
        """The table made in memory from Program objects (the same rows a build writes, `program_row`)."""
        # No `program_json`: the Program objects are in memory already.
        return cls(lambda connection: load_rows(connection, TABLE, programs, text_of, with_json=False),
                   "programs in memory")

    @classmethod
    def open(cls, parquet: Path | None, programs: Sequence[Program],
             text_of: Callable[[Program], str]) -> ProgramSQL:
        """The build's Parquet table when it has one (made from its programs should the file go), else one made
        from its programs (a build published to Milvus keeps no files)."""
        def from_programs(connection: Any) -> None:
            load_rows(connection, TABLE, programs, text_of, with_json=False)
        if parquet is not None and parquet.is_file():
            return cls.from_parquet(parquet, fallback=from_programs)
        return cls(from_programs, "programs in memory")

    def _cursor(self) -> Any:
        # Read once: a fallback (`_rows`) may reset the connection from another thread meanwhile.
        connection = self._connection
        if connection is None:
            with self._lock:
                if self._connection is None:
                    import duckdb

                    made = duckdb.connect(":memory:")
                    self._load(made)
                    # Queries are small; one thread each keeps concurrent questions from crowding two cores.
                    made.execute("SET threads = 1")
                    self._connection = made
                    log.info("program table opened in DuckDB from %s", self.source)
                connection = self._connection
        return connection.cursor()

    def _rows(self, sql: str, params: list[Any], memo: bool = True) -> list[tuple[Any, ...]]:
        """The rows of a query, from `_results` when it was asked before (`memo`: not for large rows)."""
        if not memo:
            return self._query(sql, params)
        asked = (sql, *(tuple(p) if isinstance(p, list) else p for p in params))
        rows = self._results.get(asked)
        if rows is None:
            rows = self._query(sql, params)
            if self._held + len(rows) > _SCOPED_IDS:  # bounded: conditions come from questions
                self._results, self._held = {}, 0
            self._results[asked] = rows
            self._held += len(rows)
        return list(rows)  # a copy: the memo's rows stay as DuckDB gave them whatever the caller does

    def _query(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        import duckdb

        try:
            return self._fetch(sql, params)
        except duckdb.IOException:
            if self._fallback is None:
                raise
            # The build's file is gone (the store keeps the current and the previous build only): the same rows
            # are made from the Program objects this index holds, once, and the query is run again.
            log.warning("program table %s unreadable: made from the loaded programs instead", self.source)
            with self._lock:
                if self._fallback is not None:
                    self._load, self._fallback, self.path = self._fallback, None, None
                    self.source, self._connection = "programs in memory", None
            return self._fetch(sql, params)

    def _fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        cursor = self._cursor()
        try:
            return cursor.execute(sql, params).fetchall()
        finally:
            cursor.close()

    # -- the scope -----------------------------------------------------------------------------------------
    def scope_ids(self, c: Conditions) -> list[str]:
        """Ids of the programs in scope, in build order."""
        where, params = compile_scope(c)
        memo = (where, *(tuple(p) if isinstance(p, list) else p for p in params))
        ids = self._scopes.get(memo)
        if ids is None:
            ids = tuple(r[0] for r in self._rows(f"SELECT id FROM {TABLE} WHERE {where} ORDER BY ordinal", params))
            if self._scoped + len(ids) > _SCOPED_IDS:  # bounded: conditions come from questions
                self._scopes, self._scoped = {}, 0
            self._scopes[memo] = ids
            self._scoped += len(ids)
        return list(ids)

    def count(self, c: Conditions) -> int:
        """How many programs are in scope."""
        where, params = compile_scope(c)
        return int(self._rows(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)[0][0])

    def ranked(self, c: Conditions, descending: bool = True) -> list[str]:
        """Ids of the programs in scope by budget (largest first unless `descending` is False)."""
        where, params = compile_scope(c)
        rows = self._rows(f"SELECT id FROM {TABLE} WHERE {where} ORDER BY {_ORDER[descending]}", params)
        return [r[0] for r in rows]

    # -- operations ----------------------------------------------------------------------------------------
    def top(self, c: Conditions, n: int, descending: bool = True) -> list[str]:
        """Ids of the first `n` programs of the ranking (fewer when the scope is smaller).

        Raises:
            ValueError: `n` is negative.
        """
        if n < 0:
            raise ValueError("n must be 0 or more")
        where, params = compile_scope(c)
        rows = self._rows(f"SELECT id FROM {TABLE} WHERE {where} ORDER BY {_ORDER[descending]} LIMIT ?",
                          [*params, n])
        return [r[0] for r in rows]

    def nth(self, c: Conditions, rank: int, descending: bool = True) -> Rank:
        """The program at `rank` (1 = the largest, or the smallest when not `descending`) and its equals.

        Raises:
            ValueError: `rank` is below 1.
        """
        if rank < 1:
            raise ValueError("rank must be 1 or more")
        where, params = compile_scope(c)
        rows = self._rows(
            f"WITH ranked AS (SELECT id, budget_yen, row_number() OVER (ORDER BY {_ORDER[descending]}) AS place "
            f"FROM {TABLE} WHERE {where}) "
            "SELECT id, place, (SELECT count(*) FROM ranked) FROM ranked "
            "WHERE budget_yen = (SELECT budget_yen FROM ranked WHERE place = ?) ORDER BY place",
            [*params, rank])
        if not rows:
            return Rank(self.count(c), None, [])
        chosen = next(r[0] for r in rows if r[1] == rank)
        return Rank(int(rows[0][2]), chosen, [r[0] for r in rows if r[1] != rank])

    def total(self, c: Conditions) -> Total:
        """The sum of the scope's budgets, items inside a priced parent of the scope not added again
        (`qa.facts.operations.summed`)."""
        where, params = compile_scope(c)
        return self._total(
            f"WITH scope AS (SELECT {_FIGURES} FROM {TABLE} WHERE {where}), "
            "parts AS (SELECT *, row_number() OVER (ORDER BY budget_yen DESC, ordinal) AS place FROM scope "
            "WHERE parent_id IS NULL OR parent_id NOT IN (SELECT id FROM scope WHERE budget_yen <> 0))",
            params)

    def share_pool(self, c: Conditions, target: str) -> tuple[int, Total]:
        """The sum of the scope and the sum of the scope with `target` added first when it is not in it (a share
        of one program in a heading it may not stand under).

        Returns:
            (the scope's sum in yen, the pool's `Total`: every program added, none left out as nested).
        """
        where, params = compile_scope(c)
        head = (f"WITH scope AS (SELECT {_FIGURES} FROM {TABLE} WHERE {where}), "
                "parts AS (SELECT *, row_number() OVER (ORDER BY budget_yen DESC, ordinal) AS place FROM scope "
                f"UNION ALL BY NAME SELECT {_FIGURES}, 0 AS place FROM {TABLE} WHERE id = ? "
                "AND id NOT IN (SELECT id FROM scope))")
        pool = self._total(head, [*params, target])
        scope_yen = self._rows(f"SELECT coalesce(sum(budget_yen), 0) FROM {TABLE} WHERE {where}", params)[0][0]
        return int(scope_yen), pool

    def _total(self, head: str, params: list[Any]) -> Total:
        # `parts` is what is added, `place` its order (the unit most parts use wins; ties go to the one met first).
        [row] = self._rows(
            f"{head} SELECT (SELECT count(*) FROM scope), (SELECT count(*) FROM parts), "
            "(SELECT coalesce(sum(budget_yen), 0) FROM parts), (SELECT bool_or(amount_decimal) FROM parts), "
            "(SELECT amount_unit FROM parts GROUP BY amount_unit ORDER BY count(*) DESC, min(place) LIMIT 1)",
            params)
        count, parts, yen, decimal, unit = row
        return Total(int(count), int(parts), int(yen), unit or "円", decimal if parts else None)

    def changes(self, c: Conditions, descending: bool = True) -> list[Change]:
        """Previous-year differences of the programs in scope whose budget line gives last year's figure, the
        largest increase first (the largest decrease first when not `descending`); equals keep build order."""
        where, params = compile_scope(c)
        direction = "DESC" if descending else "ASC"
        rows = self._rows(
            f"SELECT id, budget_yen, previous_yen, budget_yen - previous_yen AS difference FROM {TABLE} "
            f"WHERE {where} AND previous_yen IS NOT NULL ORDER BY difference {direction}, ordinal", params)
        return [Change(r[0], int(r[1]), int(r[2]), int(r[3])) for r in rows]

    def programs_by_id(self, ids: Sequence[str]) -> dict[str, Program]:
        """Programs read back from the Parquet file's `program_json` by id (only for a table read from a file).

        Raises:
            ValueError: the table was not read from a Parquet file.
        """
        if self.path is None:
            raise ValueError("programs are read by id only from a build's programs.parquet")
        rows = self._rows("SELECT program_json FROM read_parquet(?) WHERE list_contains(?::VARCHAR[], id)",
                          [str(self.path), list(ids)], memo=False)  # whole programs: read once by their caller
        programs = [Program.model_validate_json(r[0]) for r in rows]
        return {p.id: p for p in programs}
