"""Throughput over loopback: a real `qa serve` process, a bounded asyncio load at 1, 4 and 16 clients.

Each level sends a fixed number of requests and stops by itself. Prints requests/s, p50/p95/p99, errors
and the server's resident memory before and after. Writes bench/results/throughput.json.

    .venv/bin/python bench/throughput.py [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import httpx
import numpy as np
from _server import qa_server, rss_mb

from qa.config import ROOT

OUT = ROOT / "bench" / "results"
QUESTIONS = ["IT導入補助金の補助率は？", "ガソリンスタンドの災害対策の支援はある？", "防災・減災関連の事業は？",
             "予算額が一番大きい事業は？", "産総研の研究拠点整備事業の問い合わせ先は？", "AIチップ開発の予算はいくら？",
             "持続化補助金の補助上限額は？", "事業承継の支援策の成果目標は？"]


async def level(url: str, clients: int, total: int) -> dict:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for n in counter:
            # A suffix makes most questions new, so the query-embedding cache does not flatter the figures.
            question = f"{QUESTIONS[n % len(QUESTIONS)]}（{clients}-{n}）"
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
    args = parser.parse_args()
    with qa_server() as (url, server, ready_s):
        started = time.perf_counter()
        httpx.post(f"{url}/api/ask", json={"question": QUESTIONS[0]}, timeout=60)
        first_answer_s = ready_s + time.perf_counter() - started
        before = rss_mb(server.pid)
        levels = [asyncio.run(level(url, c, args.requests)) for c in (1, 4, 16)]
        after = rss_mb(server.pid)
    result = {"startup": {"ready_s": round(ready_s, 2), "first_answer_s": round(first_answer_s, 2)},
              "levels": levels, "rss_mb": {"before": round(before, 1), "after": round(after, 1)}}
    print(f"start-up: ready {result['startup']['ready_s']} s, first answer {result['startup']['first_answer_s']} s")
    print(f"{'clients':>7}{'req':>6}{'err':>5}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}")
    for r in levels:
        print(f"{r['clients']:>7}{r['requests']:>6}{r['errors']:>5}{r['rps']:>8}{r['p50_ms']:>8}{r['p95_ms']:>8}{r['p99_ms']:>8}")
    print(f"server RSS: {before:.0f} MB before, {after:.0f} MB after")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "throughput.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
