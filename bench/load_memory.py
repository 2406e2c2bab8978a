"""Resident memory of a loaded service, where it goes, and the answers it gives (issue 25).

In one process: `QAService.open(index, corpus, build_if_missing=False)` (the embedded store, the configured encoder),
then questions asked one at a time; VmRSS after imports, after load (after `gc.collect()`) and after the
questions. The answers (text, abstained, programs, citations and related excerpts with their spans) are written to
`--answers` as JSON lines, so that two versions of the code can be compared answer for answer.

Questions: for a synthetic build (`bench/synthetic.py`), `--questions` drawn with a fixed seed from its program
table (titles naming one program, asked for the purpose, the budget, the department, the conditions) plus fact
questions over its ministries; for the seed corpus (`--seed`), the seed-dev set and the h29 question fixtures.

`--breakdown` loads the parts one by one instead (documents, programs, passages, BM25, FAISS, the answer-time
indexes) and prints the resident memory each adds; no questions.

    PYTHONPATH=. .venv/bin/python bench/load_memory.py --index /tmp/syn10k --answers /tmp/a.jsonl
    PYTHONPATH=. .venv/bin/python bench/load_memory.py --index /tmp/seed-index --corpus corpus --seed --answers ...
    PYTHONPATH=. .venv/bin/python bench/load_memory.py --index /tmp/syn100k --breakdown
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ATTRIBUTES = ("の目的は？", "の予算はいくら？", "の担当部署は？", "の補助率は？")
SEED_SETS = (Path("/work/shared/eval/seed-dev.jsonl"), ROOT / "tests/fixtures/questions/h29.dev.jsonl",
             ROOT / "tests/fixtures/questions/h29.test.jsonl")


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory, in MB (VmRSS; or RssAnon: heap, RssFile: mapped files' pages in memory)."""
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(field + ":")) / 1024


def synthetic_questions(folder: Path, n: int) -> list[str]:
    """`n` questions over a build's programs: titles with an attribute asked, and fact questions by ministry."""
    import duckdb

    table = folder / "programs.parquet"
    titles = sorted(duckdb.sql(f"SELECT title FROM '{table}' WHERE kind = 'program' GROUP BY title "
                               "HAVING count(*) = 1").fetchall())
    ministries = [m for (m,) in duckdb.sql(f"SELECT DISTINCT ministry FROM '{table}' WHERE ministry IS NOT NULL "
                                           "ORDER BY ministry").fetchall()]
    rng = random.Random(7)
    facts = [f"{m}の事業はいくつ？" for m in rng.sample(ministries, min(len(ministries), n // 10))]
    facts += ["予算が一番大きい事業は？", "予算が3番目に小さい事業は？", "100億円以上の事業はいくつ？"]
    asked = [f"{t}{ATTRIBUTES[i % len(ATTRIBUTES)]}" for i, (t,) in enumerate(rng.sample(titles, n - len(facts)))]
    return asked + facts


def seed_questions() -> list[str]:
    out: list[str] = []
    for path in SEED_SETS:
        out += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def answer_record(question: str, answer) -> dict:  # type: ignore[no-untyped-def]
    """What must not change between versions: the text, the choice, the cited spans."""
    def spans(citations) -> list[list]:  # type: ignore[no-untyped-def]
        return [[c.program_id, c.program_title, c.document, c.section, c.page, c.start, c.end, c.text]
                for c in citations]
    return {"question": question, "answer": answer.answer, "abstained": answer.abstained,
            "programs": answer.programs, "citations": spans(answer.citations), "related": spans(answer.related)}


def breakdown(index_dir: Path) -> None:
    """RSS added by each part of a build, loaded one by one (the way `load_folder` and `Answerer` load them)."""
    import bm25s
    import faiss

    from qa.index import store as st
    from qa.index.passage_table import PASSAGES_DIR, PassageTable
    from qa.index.passages import Passage
    from qa.ingest.models import Document, Program

    folder = st.current_dir(index_dir)
    base = rss_mb()
    steps: dict[str, float] = {}
    kept = []

    def step(name: str, value) -> None:  # type: ignore[no-untyped-def]
        nonlocal base
        kept.append(value)
        gc.collect()
        now = rss_mb()
        steps[name] = round(now - base)
        base = now
        print(f"{name:<28} +{now - kept_base[0]:>7.0f} MB  (total {now:.0f} MB)", flush=True)
        kept_base[0] = now

    kept_base = [base]
    print(f"imports                      {base:.0f} MB")
    documents = {d.name: d for d in st._read_jsonl(folder / "documents.jsonl", Document)}
    step("documents.jsonl", documents)
    step("programs.jsonl", st._read_jsonl(folder / "programs.jsonl", Program))
    if (folder / PASSAGES_DIR).is_dir():
        step("passages/ (mapped)", PassageTable(folder / PASSAGES_DIR, documents))
    else:
        step("passages.jsonl", st._read_jsonl(folder / "passages.jsonl", Passage))
    # As load_folder reads it: memory-mapped from format 4 on.
    step("bm25", bm25s.BM25.load(str(folder / "bm25"), show_progress=False, mmap=st.INDEX_FORMAT >= 4))
    step("dense.faiss", faiss.read_index(str(folder / "dense.faiss")))
    kept.clear()
    gc.collect()
    kept_base[0] = rss_mb()
    from qa.index.store import load_folder
    index = load_folder(folder)
    step("load_folder (all)", index)
    from qa.retrieve.names import NameIndex
    step("NameIndex", NameIndex(index.programs))
    step("programs_by_id", index.programs_by_id)
    from qa.answer.compose import Answerer
    from qa.retrieve import Retriever
    from qa.retrieve.aliases import load_aliases
    retriever = Retriever(index, None)
    step("Retriever", retriever)
    step("Answerer", Answerer(index, retriever, load_aliases(Path("corpus")), None, 5))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="default: INDEX/source-corpus (a synthetic build)")
    parser.add_argument("--seed", action="store_true", help="ask the seed question sets instead of drawn ones")
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--answers", type=Path, help="write the answers here (JSON lines)")
    parser.add_argument("--breakdown", action="store_true")
    args = parser.parse_args()
    if args.breakdown:
        breakdown(args.index)
        return

    from qa.index.store import current_dir
    from qa.service import QAService

    imports = rss_mb()
    started = time.perf_counter()
    service = QAService.open(args.index, args.corpus or args.index / "source-corpus", build_if_missing=False,
                             progress=False)
    load_s = time.perf_counter() - started
    gc.collect()
    loaded, loaded_file = rss_mb(), rss_mb("RssFile")
    questions = seed_questions() if args.seed else synthetic_questions(current_dir(args.index), args.questions)
    records, times = [], []
    for question in questions:
        t = time.perf_counter()
        answer = service.ask(question)
        times.append((time.perf_counter() - t) * 1000)
        records.append(answer_record(question, answer))
    gc.collect()
    after, after_file = rss_mb(), rss_mb("RssFile")
    if args.answers:
        args.answers.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    times.sort()
    print(json.dumps({"index": str(args.index), "passages": service.index.passage_count, "load_s": round(load_s, 1),
                      "rss_imports_mb": round(imports), "rss_after_load_mb": round(loaded),
                      "rss_after_questions_mb": round(after), "rss_file_after_load_mb": round(loaded_file),
                      "rss_file_after_questions_mb": round(after_file), "questions": len(questions),
                      "ask_p50_ms": round(times[len(times) // 2], 1), "ask_mean_ms": round(sum(times) / len(times), 1)},
                     ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
