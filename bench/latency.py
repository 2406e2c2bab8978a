"""Latency breakdown of one answer on the seed, against the physical floor: the bare query embedding.

Prints a table of per-stage p50/p95 (normalisation, fugashi, BM25, query embedding, FAISS, fusion,
answer assembly, JSON), then `ask p50 / bare encode p50` in process and over HTTP, measured in the same
run so that a noisy shared machine moves both alike. Writes bench/results/latency.json.

    .venv/bin/python bench/latency.py [--repeat 3] [--out bench/results/latency.json]
    QA_ENCODER_BACKEND=onnx QA_INDEX_DIR=/tmp/onnx-index .venv/bin/python bench/latency.py \
        --out bench/results/latency-onnx.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import uvicorn

from qa.api.app import create_app
from qa.config import ROOT, get_settings
from qa.index.embed import Embedder
from qa.index.tokenize import index_terms
from qa.ingest.normalize import nfkc
from qa.service import QAService

OUT = ROOT / "bench" / "results"


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values), q)), 2)


def timed(fn, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args)
    return result, (time.perf_counter() - started) * 1000


def questions() -> list[str]:
    path = ROOT.parent / "shared" / "eval" / "seed-dev.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if not r.get("context")]


def serve(service: QAService) -> tuple[uvicorn.Server, str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(service=service, rate_limit_per_minute=0)  # 3 passes over the set outrun the default rate
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes over the question set")
    parser.add_argument("--out", default=str(OUT / "latency.json"), help="where the JSON result goes")
    args = parser.parse_args()
    settings = get_settings()
    service = QAService.open(settings.index_dir, settings.corpus_dir)
    retriever, embedder = service.answerer.retriever, service.embedder
    qs = questions()
    stages: dict[str, list[float]] = {k: [] for k in ("normalise", "fugashi+bigrams", "bm25", "query embedding",
                                                        "faiss", "fusion+grouping", "answer assembly", "json")}
    bare, ask_in, ask_http = [], [], []
    for q in qs[:3]:  # warm-up: first calls pay for lazy initialisation
        service.ask(q)
    server, base = serve(service)
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(args.repeat):
            for q in qs:
                embedder.clear_cache()
                _, ms = timed(embedder.encode_queries, [q])
                bare.append(ms)
                _, ms = timed(nfkc, q)
                stages["normalise"].append(ms)
                _, ms = timed(index_terms, q)
                stages["fugashi+bigrams"].append(ms)
                _, ms = timed(retriever.bm25_ranking, q, retriever.depth)
                stages["bm25"].append(ms)
                embedder.clear_cache()
                vec, ms = timed(embedder.encode_query, q)
                stages["query embedding"].append(ms)
                _, ms = timed(retriever.index.dense_search, vec, retriever.depth)  # with re-scoring if compressed
                stages["faiss"].append(ms)
                # search_programs with a warm query cache = BM25 + FAISS + fusion; subtract the measured parts.
                _, ms = timed(retriever.search_programs, q, 10)
                stages["fusion+grouping"].append(max(0.0, ms - stages["bm25"][-1] - stages["faiss"][-1]
                                                     - stages["fugashi+bigrams"][-1]))
                answer, ms = timed(service.ask, q)
                stages["answer assembly"].append(answer.timings_ms.get("compose", 0.0))
                _, ms_json = timed(answer.model_dump_json)
                stages["json"].append(ms_json)
                embedder.clear_cache()
                _, ms = timed(service.ask, q)
                ask_in.append(ms)
                embedder.clear_cache()
                started = time.perf_counter()
                res = client.post("/api/ask", json={"question": q})
                ask_http.append((time.perf_counter() - started) * 1000)
                assert res.status_code == 200, res.text
    server.should_exit = True
    # The fp32 reference (sentence-transformers) encodes the same questions in the same run: the backend's gain.
    reference = Embedder(settings.model_name, backend="torch") if embedder.backend != "torch" else embedder
    fp32 = []
    for q in qs[:3]:
        reference.encode_queries([q])
    for _ in range(args.repeat):
        for q in qs:
            _, ms = timed(reference.encode_queries, [q])
            fp32.append(ms)
    floor = statistics.median(bare)
    result = {
        "machine": {"cpus": len(__import__("os").sched_getaffinity(0)), "cpu": platform.processor() or platform.machine(),
                    "python": platform.python_version()},
        "questions": len(qs), "repeat": args.repeat,
        "stages_ms": {k: {"p50": pct(v, 50), "p95": pct(v, 95)} for k, v in stages.items()},
        "bare_encode_ms": {"p50": pct(bare, 50), "p95": pct(bare, 95)},
        "ask_in_process_ms": {"p50": pct(ask_in, 50), "p95": pct(ask_in, 95)},
        "ask_http_ms": {"p50": pct(ask_http, 50), "p95": pct(ask_http, 95)},
        "backend": embedder.backend,
        "fp32_encode_ms": {"p50": pct(fp32, 50), "p95": pct(fp32, 95)},
        "encode_ratio_vs_fp32": round(floor / statistics.median(fp32), 3),
        "ratio_in_process": round(statistics.median(ask_in) / floor, 3),
        "ratio_http": round(statistics.median(ask_http) / floor, 3),
    }
    print(f"{'stage':<18}{'p50 ms':>9}{'p95 ms':>9}")
    for name, v in result["stages_ms"].items():
        print(f"{name:<18}{v['p50']:>9}{v['p95']:>9}")
    print(f"{'bare encode':<18}{result['bare_encode_ms']['p50']:>9}{result['bare_encode_ms']['p95']:>9}")
    print(f"{'ask (in process)':<18}{result['ask_in_process_ms']['p50']:>9}{result['ask_in_process_ms']['p95']:>9}")
    print(f"{'ask (HTTP)':<18}{result['ask_http_ms']['p50']:>9}{result['ask_http_ms']['p95']:>9}")
    print(f"{'fp32 encode':<18}{result['fp32_encode_ms']['p50']:>9}{result['fp32_encode_ms']['p95']:>9}")
    print(f"query encode p50, {embedder.backend} / fp32 torch: {result['encode_ratio_vs_fp32']}")
    print(f"ask p50 / bare encode p50: in process {result['ratio_in_process']}, over HTTP {result['ratio_http']}")
    OUT.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
