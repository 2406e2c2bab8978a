"""Resident memory and latency of fact questions at 100,000 programs: Python over Program objects against DuckDB SQL
over programs.parquet (`qa.facts.sql`).

Synthetic build: the seed corpus is built for real once (the bundled model; cached under the work folder), then
its 28 programs are copied until there are `--programs` of them: copy k gets the id suffix 「~k」 and the title
suffix 「（k）」 and keeps its document, spans, budget, heading and contacts (so every fact question of the seed
scales by the number of copies). Passages, BM25 and FAISS are the seed build's own (the fact path does not read
them). The program table is written by the build's writer, and the manifest's checksums cover every file, so
`load_folder` reads the folder as it reads a real build.

Each measurement runs in a fresh process; memory is the process's VmRSS (and peak VmHWM) after `gc.collect()`,
minus the same process's VmRSS after its imports:

- `programs`: the Program objects alone (programs.jsonl read as `load_folder` reads it);
- `load`: `load_folder` (documents, programs, passages, BM25, FAISS);
- `python`: `load` + the fact table on the Python path, after the questions below (the per-program keys it makes
  on first use included);
- `sql`: `load` + the fact table on the SQL path (a DuckDB view over the Parquet file), after the questions;
- `sql-memory`: `load` + the SQL path over a table made in memory from the Program objects (what a build published
  to Milvus uses: it keeps no Parquet file), after the questions;
- `sql-only`: the DuckDB table alone, after the questions' SQL (what the fact path would hold without the Program
  objects; answers still need Program objects for the rows cited).

    .venv/bin/python bench/program_table_memory.py [--programs 100000] [--work /tmp/qa-program-table]

Prints one JSON line per mode and writes bench/results/program-table-memory.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "生産性革命の事業はいくつ？",
    "生産性革命の事業の予算の合計は？",
    "防災・減災の事業で予算が一番大きいのは？",
    "予算が3番目に小さい事業は？",
    "100億円以上の事業はいくつ？",
    "水素に関する事業の予算の合計は？",
    "中小企業庁の事業はいくつ？",
    "名前に「支援」を含む事業はいくつ？",
]


def _status() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0]) / 1024  # kB -> MiB
    return out


def seed_build(work: Path) -> Path:
    """The seed corpus built for real (once; reused from `work`)."""
    from qa.index.build import build, load_embedder
    from qa.index.store import current_dir
    from tests.conftest import SEED

    index_dir = work / "seed-index"
    if not (index_dir / "current").exists():
        corpus = work / "seed-corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEED, corpus)
        from qa.config import get_settings

        build(corpus, index_dir, embedder=load_embedder(get_settings().model_name))
    return current_dir(index_dir)


def synthetic(seed: Path, out: Path, size: int) -> None:
    """A build folder of `size` programs copied from the seed build (see the module docstring)."""
    from qa.facts.columns import write_programs_parquet
    from qa.index.store import MANIFEST, PROGRAMS_TABLE, load_folder, sha256_file, write_jsonl

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    index = load_folder(seed)
    programs = []
    k = 0
    while len(programs) < size:
        suffix = "" if k == 0 else f"~{k}"
        programs += [p.model_copy(update={"id": p.id + suffix, "title": p.title + (f"（{k}）" if k else ""),
                                          "parent_id": p.parent_id + suffix if p.parent_id else None})
                     for p in index.programs]
        k += 1
    programs = programs[:size]
    for name in ("documents.jsonl", "dense.faiss"):
        shutil.copy(seed / name, out / name)
    shutil.copytree(seed / "bm25", out / "bm25")
    shutil.copytree(seed / "passages", out / "passages")
    write_jsonl(out / "programs.jsonl", programs)
    documents = index.documents
    write_programs_parquet(out / PROGRAMS_TABLE, programs, lambda p: documents[p.document].text[p.start:p.end])
    manifest = dict(index.manifest)
    manifest["counts"] = {**manifest["counts"], "programs": len(programs)}
    manifest["synthetic"] = f"{k} copies of the seed build's programs (id suffix ~k, title suffix （k）)"
    manifest.pop("checksums", None)
    manifest["checksums"] = {str(p.relative_to(out)): sha256_file(p) for p in sorted(out.rglob("*")) if p.is_file()}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def measure(folder: Path, mode: str) -> dict:
    """One mode, in this process (called in a fresh child process by `main`)."""
    from qa.facts.operations import answer_fact
    from qa.facts.sql import ProgramSQL
    from qa.facts.table import ProgramTable
    from qa.index.store import PROGRAMS_TABLE, _read_jsonl, load_folder
    from qa.ingest.models import Program
    from qa.understand import understand

    queries = [understand(q) for q in QUESTIONS]
    gc.collect()
    base = _status()["VmRSS"]
    started = time.perf_counter()
    timings: list[float] = []
    row: dict = {"mode": mode}
    if mode == "programs":
        held = _read_jsonl(folder / "programs.jsonl", Program)
        row["programs"] = len(held)
    elif mode == "sql-only":
        sql = ProgramSQL.from_parquet(folder / PROGRAMS_TABLE)
        table = ProgramTable([], lambda p: "", sql=sql)  # noqa: F841 - the vocabulary is the Python side's
        from qa.facts.table import Conditions

        for c in (Conditions(), Conditions(category="生産性革命"), Conditions(mention="水素")):
            t = time.perf_counter()
            sql.ranked(c)
            sql.total(c)
            timings.append((time.perf_counter() - t) * 1000)
    else:
        index = load_folder(folder)
        row["load_seconds"] = round(time.perf_counter() - started, 2)
        if mode in ("python", "sql", "sql-memory"):
            documents = index.documents

            def text_of(p: Program) -> str:
                return documents[p.document].text[p.start:p.end]

            engine = (ProgramSQL.from_parquet(index.programs_parquet) if mode == "sql" else
                      ProgramSQL.from_programs(index.programs, text_of) if mode == "sql-memory" else None)
            table = ProgramTable(index.programs, text_of, sql=engine)
            for query in queries:
                t = time.perf_counter()
                fact = answer_fact(query, table.scope(query), [], engine)
                timings.append((time.perf_counter() - t) * 1000)
                assert fact is not None
            row["first_answer"] = answer_fact(queries[0], table.scope(queries[0]), [], engine).text.splitlines()[0]
    gc.collect()
    status = _status()
    row.update({"rss_mib": round(status["VmRSS"] - base, 1), "peak_rss_mib": round(status["VmHWM"], 1),
                "baseline_rss_mib": round(base, 1)})
    if timings:
        row["question_ms"] = {"first": round(timings[0], 1), "median": round(statistics.median(timings), 1),
                              "max": round(max(timings), 1), "n": len(timings)}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/qa-program-table"))
    parser.add_argument("--mode", help=argparse.SUPPRESS)  # a child process: measure one mode
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(measure(args.folder, args.mode), ensure_ascii=False))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    folder = args.work / f"synthetic-{args.programs}"
    started = time.perf_counter()
    synthetic(seed_build(args.work), folder, args.programs)
    made = round(time.perf_counter() - started, 1)
    sizes = {p.name: round(p.stat().st_size / 2**20, 1) for p in folder.iterdir() if p.is_file()}
    rows = []
    for mode in ("programs", "load", "python", "sql", "sql-memory", "sql-only"):
        out = subprocess.run([sys.executable, __file__, "--mode", mode, "--folder", str(folder)], check=True,
                             capture_output=True, text=True, cwd=ROOT)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    result = {"programs": args.programs, "synthetic_seconds": made, "file_mib": sizes, "rows": rows,
              "questions": QUESTIONS}
    target = ROOT / "bench" / "results" / "program-table-memory.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"file sizes (MiB): {sizes}")


if __name__ == "__main__":
    main()
