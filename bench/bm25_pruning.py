"""BM25 top k at scale: bm25s's own retrieve against `qa.index.lexical.Postings.top` (MaxScore), same index, same run.

Loads the BM25 of a build (memory-mapped, as the service does) and asks it the terms of title questions drawn as the
synthetic curve draws them (「<title>の目的は？」, `bench/synthetic.py`), each search timed alone (one thread), twice
over (the second pass is reported: pages and term bounds warm); checks that both return the same top-k scores.
Writes bench/results/bm25-pruning.json.

    PYTHONPATH=. .venv/bin/python bench/bm25_pruning.py --index /tmp/syn1m [--questions 100] [--k 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

OUT = Path(__file__).parent / "results" / "bm25-pruning.json"


def main() -> None:
    import bm25s
    from synthetic import draw_programs

    from qa.index.lexical import Postings
    from qa.index.store import current_dir
    from qa.index.tokenize import index_terms

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="index folder (DIR/current -> the build)")
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--k", type=int, default=100, help="passages asked for (the retriever's depth)")
    args = parser.parse_args()
    folder = current_dir(args.index)
    bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True)
    vocab = bm25.vocab_dict
    postings = Postings(bm25.scores)
    queries = [[vocab[t] for t in index_terms(f"{title}の目的は？") if t in vocab]
               for _, title in draw_programs(folder, args.questions)]
    k = min(args.k, int(bm25.scores["num_docs"]))
    times: dict[str, list[float]] = {"bm25s": [], "maxscore": []}
    same = 0
    for rep in range(2):
        for ids in queries:
            started = time.perf_counter()
            _, expected = bm25.retrieve([ids], k=k, show_progress=False, n_threads=0)
            middle = time.perf_counter()
            _, scores = postings.top(ids, k)
            ended = time.perf_counter()
            if rep == 1:
                times["bm25s"].append((middle - started) * 1000)
                times["maxscore"].append((ended - middle) * 1000)
                wanted = expected[0][expected[0] > 0]
                same += len(scores) == len(wanted) and bool(np.allclose(scores, wanted, rtol=1e-5))
    row = {"passages": int(bm25.scores["num_docs"]), "questions": len(queries), "k": k,
           "terms_per_question": statistics.median(len(q) for q in queries),
           "same_top_k_scores": same,
           **{f"{name}_ms": {"p50": round(statistics.median(v), 2), "p95": round(statistics.quantiles(v, n=20)[18], 2)}
              for name, v in times.items()}}
    row["ratio_p50"] = round(row["maxscore_ms"]["p50"] / row["bm25s_ms"]["p50"], 3)
    print(json.dumps(row, ensure_ascii=False))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(row, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
