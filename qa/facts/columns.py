"""The program table as typed columns: one row per program, written once per build as `programs.parquet`.

The columns keep the names of `qa.ingest.models.Program` (the budget line's fields are flattened: `fiscal_year`,
`budget_kind`, `budget_yen`, `previous_yen` ...). A few columns are derived once here, at build time, so that a
fact query can be answered in SQL alone, without the Program objects:

- `countable`: `Program.countable` (programs and items, never totals or 【再掲】 repeats);
- `organisation_keys`: the comparison keys of every whole name and organisational part of who runs the program
  (what `ProgramTable` matches 「消防局」 against);
- `title_key`, `text_key`: comparison keys (`qa.ingest.normalize.key`) of the title and of the program's whole
  text (the latter only for rows a fact query can count: it is the largest column);
- `amount_unit`, `amount_decimal`: the unit the budget amount is written in (`unit_of`) and whether it is written
  with a decimal (「17.0億円」), which decide how a computed sum is written;
- `program_json`: the whole Program as JSON, so that a cited row can be read back as a Program by id.

The keys depend on `key()` and the organisation rules of `qa.facts.table`: a change there must bump
`qa.index.store.INDEX_FORMAT`, so that older builds are rebuilt rather than read with stale keys.

DuckDB writes the Parquet file (typed, zstd-compressed); rows reach it as newline-delimited JSON in a temporary
file read with an explicit schema, which is fast and needs neither pandas nor pyarrow.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from qa.facts.table import _organisations, _parts
from qa.ingest.amounts import unit_of
from qa.ingest.models import Program
from qa.ingest.normalize import key, nfkc

PROGRAMS_FILE = "programs.parquet"

# Column -> DuckDB type, in file order. `start`/`end` are the program's span in its document's text; the other
# spans are document offsets of the budget line and of last year's figure (what a citation quotes).
COLUMNS: dict[str, str] = {
    "ordinal": "INTEGER",  # position in programs.jsonl: ties in a ranking keep this order
    "id": "VARCHAR",
    "title": "VARCHAR",
    "document": "VARCHAR",
    "ministry": "VARCHAR",
    "department": "VARCHAR",
    "category": "VARCHAR",
    "categories": "VARCHAR[]",
    "flags": "VARCHAR[]",
    "kind": "VARCHAR",
    "parent_id": "VARCHAR",
    "repeat": "BOOLEAN",
    "countable": "BOOLEAN",
    "row": "INTEGER",
    "pages": "INTEGER[]",
    "start": "INTEGER",
    "end": "INTEGER",
    "fiscal_year": "INTEGER",
    "budget_kind": "VARCHAR",
    "budget_yen": "BIGINT",
    "budget_text": "VARCHAR",
    "amount_text": "VARCHAR",
    "budget_start": "INTEGER",
    "budget_end": "INTEGER",
    "previous_yen": "BIGINT",
    "previous_fiscal_year": "INTEGER",
    "previous_start": "INTEGER",
    "previous_end": "INTEGER",
    "change_yen": "BIGINT",  # the change the document states (▲ negative), never computed
    "amount_unit": "VARCHAR",
    "amount_decimal": "BOOLEAN",
    "organisation_keys": "VARCHAR[]",
    "title_key": "VARCHAR",
    "text_key": "VARCHAR",
    "program_json": "VARCHAR",
}

_DECIMAL = re.compile(r"\d\.\d")


def organisation_keys(p: Program) -> list[str]:
    """Keys of every whole name and organisational part of who runs a program (ministry, department, contacts),
    sorted: 「道路下水道局」 holds 道路下水道局, not 水道局 (see `qa.facts.table._parts`)."""
    return sorted({x for n in _organisations(p) for x in (*_parts(key(n)), key(n))})


def in_pool(p: Program) -> bool:
    """Whether a fact query can count the program: countable, with a budget in yen (`ProgramTable.pool`)."""
    return p.countable and p.budget is not None and p.budget.yen is not None


def program_row(p: Program, ordinal: int, text: str | None, with_json: bool = True) -> dict[str, Any]:
    """One program as a row of `COLUMNS`.

    Args:
        p: the program.
        ordinal: its position among the build's programs (0-based).
        text: its whole text (`Answerer.program_text`), keyed for 「〜に関する事業」; None leaves `text_key` NULL.
        with_json: fill `program_json` (a file's rows; a table made in memory beside the Program objects needs none).
    """
    b = p.budget
    prev = b.previous_year if b else None
    written = (b.amount_text or b.text) if b else None
    return {
        "ordinal": ordinal, "id": p.id, "title": p.title, "document": p.document, "ministry": p.ministry,
        "department": p.department, "category": p.category, "categories": list(p.categories),
        "flags": list(p.flags), "kind": p.kind, "parent_id": p.parent_id, "repeat": p.repeat,
        "countable": p.countable, "row": p.row, "pages": list(p.pages), "start": p.start, "end": p.end,
        "fiscal_year": b.fiscal_year if b else None, "budget_kind": b.budget_kind if b else None,
        "budget_yen": b.yen if b else None, "budget_text": b.text if b else None,
        "amount_text": b.amount_text if b else None, "budget_start": b.start if b else None,
        "budget_end": b.end if b else None, "previous_yen": prev.yen if prev else None,
        "previous_fiscal_year": prev.fiscal_year if prev else None,
        "previous_start": prev.start if prev else None, "previous_end": prev.end if prev else None,
        "change_yen": b.change.yen if b and b.change else None,
        "amount_unit": unit_of(written) if written is not None else None,
        "amount_decimal": bool(_DECIMAL.search(nfkc(written))) if written is not None else None,
        "organisation_keys": organisation_keys(p), "title_key": key(p.title),
        "text_key": key(text) if text is not None else None,
        "program_json": p.model_dump_json() if with_json else None,
    }


def load_rows(connection: Any, table: str, programs: Iterable[Program],
              text_of: Callable[[Program], str], with_json: bool = True) -> None:
    """Create `table` in a DuckDB connection holding one row per program (`COLUMNS`).

    Args:
        connection: a `duckdb.DuckDBPyConnection`.
        table: the table's name (ours, never user text).
        programs: the build's programs, in build order.
        text_of: a program's whole text; read only for the programs a fact query can count.
        with_json: fill `program_json` (see `program_row`).
    """
    with tempfile.TemporaryDirectory(prefix="qa-programs-") as tmp:
        rows = Path(tmp) / "programs.ndjson"
        with rows.open("w", encoding="utf-8") as handle:
            for n, p in enumerate(programs):
                row = program_row(p, n, text_of(p) if in_pool(p) else None, with_json)
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        connection.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_json(?, format = \'newline_delimited\', '
                           "columns = ?, maximum_object_size = 1073741824)", [str(rows), COLUMNS])


def write_programs_parquet(path: Path, programs: list[Program], text_of: Callable[[Program], str]) -> None:
    """Write the program table to `path` as Parquet (zstd), one row per program in build order.

    Args:
        path: the file to write (`<build>/programs.parquet`); replaced if it exists.
        programs: every program of the build.
        text_of: a program's whole text (`Program.whole_text`).

    Raises:
        duckdb.Error: the file cannot be written.
    """
    import duckdb

    with duckdb.connect() as connection:
        load_rows(connection, "programs", programs, text_of)
        connection.table("programs").write_parquet(str(path), compression="zstd")
