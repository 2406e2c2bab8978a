"""The same evaluation on both stores: hit@1 and answer accuracy with QA_STORE=embedded and with Milvus Lite.

Each question set is evaluated over its corpus's embedded build (the one `qa eval` keeps; built if missing), then
over the same build published to a Milvus Lite file (`qa index publish` does the same), so that the only
difference is the store. The issue's bar: within 0.01 in hit@1 and accuracy. Writes
bench/results/store-parity.json.

    .venv/bin/python bench/store_parity.py [--mode bm25 --mode dense --mode hybrid] [--only seed-dev]
"""

from __future__ import annotations

import argparse
import json
import time

from question_sets import milvus_copy

from qa.cli import _eval_index_dir
from qa.config import ROOT, get_settings
from qa.eval import load_questions, run
from qa.index.build import load_embedder
from qa.service import QAService

SHARED = ROOT.parent / "shared" / "eval"
SETS = {
    "seed-dev": (SHARED / "seed-dev.jsonl", ROOT / "corpus"),
    "jaquad-dev": (SHARED / "ext" / "jaquad-dev" / "questions.jsonl", SHARED / "ext" / "jaquad-dev" / "corpus.jsonl"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", action="append", help="bm25, dense, hybrid (default: hybrid)")
    parser.add_argument("--only", choices=sorted(SETS))
    args = parser.parse_args()
    modes = args.mode or ["hybrid"]
    embedder = load_embedder(get_settings().model_name)
    rows = []
    print(f"{'set':12} {'mode':7} {'store':9} {'n':>5} {'hit@1':>6} {'acc':>6} {'p50 ms':>7}")
    for name, (questions, corpus) in SETS.items():
        if args.only and name != args.only:
            continue
        index_dir = _eval_index_dir(corpus)
        embedded = QAService.open(index_dir, corpus, embedder=embedder, progress=True)
        started = time.perf_counter()
        milvus = QAService(index_dir, corpus, embedder, store=milvus_copy(embedded, "parity-milvus.db"))
        publish_s = round(time.perf_counter() - started, 1)
        items = load_questions(questions, embedded.index.programs)
        for store, service in (("embedded", embedded), ("milvus", milvus)):
            result = run(items, service, modes, progress=False)
            for mode, summary in result["metrics"]["modes"].items():
                o = summary["overall"]
                p50 = o.get("latency_ms", {}).get("p50", float("nan"))
                rows.append({"set": name, "mode": mode, "store": store, "n": o["n"], "hit@1": o.get("hit@1"),
                             "accuracy": o["accuracy"], "p50_ms": p50, "publish_s": publish_s})
                print(f"{name:12} {mode:7} {store:9} {o['n']:>5} {o.get('hit@1', 0):>6.3f} {o['accuracy']:>6.3f} "
                      f"{p50:>7.1f}", flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    path = out / "store-parity.json"
    done = {r["set"] for r in rows}
    kept = [r for r in json.loads(path.read_text(encoding="utf-8")) if r["set"] not in done] if path.exists() else []
    path.write_text(json.dumps(kept + rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
