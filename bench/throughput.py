"""Throughput over loopback: a real `qa serve` process, a bounded asyncio load at 1, 4 and 16 clients.

Each level sends a fixed number of distinct questions (no query-cache hits: the seed, our question sets and the
JaQuAD pack's questions, a fresh slice per level) and stops by itself. Prints requests/s, p50/p95/p99, errors and
the server's resident memory before and after, once per encoder backend (onnx, then sentence-transformers fp32,
by default), each over its own index. Writes bench/results/throughput.json.

    .venv/bin/python bench/throughput.py [--requests 200] [--backend onnx --backend torch] [--index DIR]

`--index DIR` serves an index built before (one backend then), so that two versions of the code can be compared
on the same build without rebuilding it per run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from _server import qa_server, rss_mb

from qa.config import ROOT

OUT = ROOT / "bench" / "results"
QUESTIONS = ["IT導入補助金の補助率は？", "ガソリンスタンドの災害対策の支援はある？", "防災・減災関連の事業は？",
             "予算額が一番大きい事業は？", "産総研の研究拠点整備事業の問い合わせ先は？", "AIチップ開発の予算はいくら？",
             "持続化補助金の補助上限額は？", "事業承継の支援策の成果目標は？"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process (all its threads) has used so far, in seconds (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def distinct_questions() -> list[str]:
    """Every question text we have, each once: seed-dev, our sets, the JaQuAD pack (for load, not for scoring)."""
    files = [ROOT.parent / "shared" / "eval" / "seed-dev.jsonl", *sorted((ROOT / "tests" / "fixtures").rglob(
        "*.jsonl")), ROOT.parent / "shared" / "eval" / "ext" / "jaquad-dev" / "questions.jsonl"]
    seen: dict[str, None] = dict.fromkeys(QUESTIONS)
    for path in files:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                question = json.loads(line).get("question") if line.strip() else None
                if isinstance(question, str) and 0 < len(question.strip()) <= 1000:
                    seen.setdefault(question, None)
    return list(seen)


async def level(url: str, clients: int, total: int, questions: list[str]) -> dict:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for n in counter:
            # Every request a different question: the query-embedding cache does not flatter the figures.
            question = questions[n % len(questions)]
            started = time.perf_counter()
            try:
                res = await client.post("/api/ask", json={"question": question})
                if res.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    arr = np.asarray(latencies)
    return {"clients": clients, "requests": total, "errors": errors, "rps": round(total / elapsed, 2),
            "p50_ms": round(float(np.percentile(arr, 50)), 1), "p95_ms": round(float(np.percentile(arr, 95)), 1),
            "p99_ms": round(float(np.percentile(arr, 99)), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency level")
    parser.add_argument("--backend", action="append", help="encoder backends to compare (default: onnx, torch)")
    parser.add_argument("--index", help="an existing index folder to serve (default: a fresh build per backend)")
    parser.add_argument("--out", default=str(OUT / "throughput.json"), help="where the JSON result goes")
    args = parser.parse_args()
    pool = distinct_questions()
    # Shuffled once with a fixed seed: each level's slice mixes short seed questions with longer JaQuAD ones
    # alike, so that levels differ in concurrency, not in the questions they got.
    first, rest = pool[0], pool[1:]
    random.Random(0).shuffle(rest)
    pool = [first, *rest]
    result: dict[str, dict] = {}
    for backend in args.backend or ["onnx", "torch"]:
        with tempfile.TemporaryDirectory() as tmp, qa_server(env_extra={"QA_ENCODER_BACKEND": backend,
                                                                         "QA_INDEX_DIR": args.index or tmp}
                                                              ) as (url, server, ready_s):
            started = time.perf_counter()
            httpx.post(f"{url}/api/ask", json={"question": QUESTIONS[0]}, timeout=60)
            first_answer_s = ready_s + time.perf_counter() - started
            before = rss_mb(server.pid)
            levels = []
            for n, clients in enumerate((1, 4, 16)):
                # A fresh slice of questions per level: none of them has been asked before.
                chunk = pool[1 + n * args.requests:1 + (n + 1) * args.requests] or pool
                cpu = cpu_seconds(server.pid)
                levels.append(asyncio.run(level(url, clients, args.requests, chunk)))
                # The server's CPU per answer: what bounds req/s once the cores are busy, and less moved than
                # req/s by other work sharing the machine.
                levels[-1]["server_cpu_ms"] = round((cpu_seconds(server.pid) - cpu) * 1000 / args.requests, 2)
            after = rss_mb(server.pid)
        result[backend] = {"startup": {"ready_s": round(ready_s, 2), "first_answer_s": round(first_answer_s, 2)},
                           "levels": levels, "rss_mb": {"before": round(before, 1), "after": round(after, 1)}}
        r = result[backend]
        print(f"[{backend}] start-up (index build included): ready {r['startup']['ready_s']} s, "
              f"first answer {r['startup']['first_answer_s']} s")
        print(f"{'clients':>7}{'req':>6}{'err':>5}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'cpu ms':>8}")
        for lv in levels:
            print(f"{lv['clients']:>7}{lv['requests']:>6}{lv['errors']:>5}{lv['rps']:>8}{lv['p50_ms']:>8}"
                  f"{lv['p95_ms']:>8}{lv['p99_ms']:>8}{lv['server_cpu_ms']:>8}")
        print(f"server RSS: {before:.0f} MB before, {after:.0f} MB after")
    if len(result) == 2 and "torch" in result:
        other = next(b for b in result if b != "torch")
        for fast, slow in zip(result[other]["levels"], result["torch"]["levels"], strict=True):
            print(f"{fast['clients']:>3} clients: req/s {other} / torch = {fast['rps'] / slow['rps']:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
