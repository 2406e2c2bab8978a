"""Soak: 5,000 questions at 4 concurrent clients against a real `qa serve`; errors and memory growth.

Stops by itself after the fixed count. Prints the server's resident memory every 1,000 requests.
Writes bench/results/soak.json.

    .venv/bin/python bench/soak.py [--requests 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import json

import httpx
from _server import qa_server, rss_mb

from qa.config import ROOT

OUT = ROOT / "bench" / "results"
QUESTIONS = ["IT導入補助金の補助率は？", "防災・減災関連の事業は？", "予算額が一番大きい事業は？", "その予算は？",
             "産総研の問い合わせ先は？", "<img src=x onerror=alert(1)>の予算", "予算" * 300, "廃炉の目的は？"]


async def soak(url: str, pid: int, total: int, clients: int = 4) -> dict:
    counter = iter(range(total))
    errors, samples = 0, [round(rss_mb(pid), 1)]

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for n in counter:
            body = {"question": f"{QUESTIONS[n % len(QUESTIONS)]}{n % 50}"}
            if n % 5 == 4:
                body["history"] = [{"role": "user", "content": QUESTIONS[0]}]
            try:
                res = await client.post("/api/ask", json=body)
                errors += res.status_code >= 500 or res.status_code not in (200, 422)
            except httpx.HTTPError:
                errors += 1
            if n and n % 1000 == 0:
                samples.append(round(rss_mb(pid), 1))

    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    samples.append(round(rss_mb(pid), 1))
    return {"requests": total, "errors": errors, "rss_mb_samples": samples, "rss_growth_mb": round(samples[-1] - samples[1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()
    with qa_server() as (url, server, _):
        result = asyncio.run(soak(url, server.pid, args.requests))
    print(f"soak: {result['requests']} requests, {result['errors']} errors, RSS samples {result['rss_mb_samples']} MB, "
          f"growth after warm-up {result['rss_growth_mb']} MB")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "soak.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
