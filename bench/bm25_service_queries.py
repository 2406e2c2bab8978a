"""BM25 top k on the service's own retrieval queries: record them once, then time two versions of `Postings.top`.

The retrieval query the answerer sends holds more terms than the question (expansions), so title questions alone
(`bench/bm25_pruning.py`) understate BM25's cost. `--record` opens the service on a build in process, answers
「<title>の目的は？」 questions drawn as `bench/synthetic.py` draws them, and writes every BM25 search's terms and k
(jsonl). `--compare` loads `qa/index/lexical.py` from two source trees, runs both on the recorded unfiltered
searches over the same memory-mapped BM25 (one thread, each search alone, three passes), and checks the results
against full scoring (every column added whole, rarest first; ties in passage order).

    PYTHONPATH=. .venv/bin/python bench/bm25_service_queries.py --record --index /work/syn1m --questions 300 \\
        --out /tmp/service-queries.jsonl
    PYTHONPATH=. .venv/bin/python bench/bm25_service_queries.py --compare --index /work/syn1m \\
        --queries /tmp/service-queries.jsonl --before /tmp/old-export --after .
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from qa.index.lexical import exact_top  # noqa: E402  (the reference, from this tree)


def record(index: Path, questions: int, out: Path) -> None:
    from synthetic import SOURCE_CORPUS, draw_programs

    from qa.index.store import StoredIndex, current_dir
    from qa.service import QAService

    searches: list[dict] = []
    original = StoredIndex.bm25_search

    def spy(self, terms, k, where=None):  # type: ignore[no-untyped-def]
        if where is None:
            searches.append({"terms": list(terms), "k": k})
        return original(self, terms, k, where)

    StoredIndex.bm25_search = spy  # type: ignore[method-assign]
    service = QAService.open(index, index / SOURCE_CORPUS, build_if_missing=False, progress=False)
    for _, title in draw_programs(current_dir(index), questions):
        service.ask(f"{title}の目的は？")
    out.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in searches), encoding="utf-8")
    print(f"{len(searches)} searches for {questions} questions; terms per search (median) "
          f"{statistics.median(len(s['terms']) for s in searches)}")


def _postings_class(tree: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, tree / "qa" / "index" / "lexical.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.Postings


def compare(index: Path, queries: Path, before: Path, after: Path) -> None:
    import bm25s

    from qa.index.store import current_dir

    bm25 = bm25s.BM25.load(str(current_dir(index) / "bm25"), mmap=True)
    vocab = bm25.vocab_dict
    searches = [json.loads(line) for line in queries.read_text(encoding="utf-8").splitlines()]
    asked = [([vocab[t] for t in s["terms"] if t in vocab], s["k"]) for s in searches]
    versions = {"before": _postings_class(before, "lexical_before")(bm25.scores),
                "after": _postings_class(after, "lexical_after")(bm25.scores)}
    row: dict = {"searches": len(asked), "terms_median": statistics.median(len(ids) for ids, _ in asked)}
    for name, postings in versions.items():
        same_scores = same_passages = 0
        for ids, k in asked:
            docs, scores = postings.top(ids, k)
            want_docs, want_scores = exact_top(postings, ids, k)
            same_scores += bool(np.array_equal(scores, want_scores))
            same_passages += bool(np.array_equal(docs, want_docs))
        row[name] = {"same_scores_as_full": same_scores, "same_passages_as_full": same_passages}
    for rep in range(3):
        for name, postings in versions.items():
            times = []
            for ids, k in asked:
                started = time.perf_counter()
                postings.top(ids, k)
                times.append((time.perf_counter() - started) * 1000)
            if rep:
                row[name][f"pass{rep + 1}_ms"] = {"p50": round(statistics.median(times), 2),
                                                  "p95": round(statistics.quantiles(times, n=20)[18], 2),
                                                  "mean": round(statistics.mean(times), 2)}
    print(json.dumps(row, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--before", type=Path, help="a source tree (its qa/index/lexical.py)")
    parser.add_argument("--after", type=Path, default=Path(__file__).parent.parent)
    args = parser.parse_args()
    if args.record:
        record(args.index, args.questions, args.out)
    elif args.compare:
        compare(args.index, args.queries, args.before, args.after)
    else:
        parser.error("give --record or --compare")


if __name__ == "__main__":
    main()
