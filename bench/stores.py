"""Both stores, end to end through `qa serve`: the national RS corpus, then the scale path to ~1M passages.

For every corpus and store a real `qa serve` process answers the same distinct questions one at a time over HTTP
(p50/p95 ms of /api/ask), and the resident memory of the server process (and, for Milvus, of the Milvus Lite
server process it talks to, which holds the vectors) is read after the questions.

- **RS** (5,794 programs, ~29,000 passages): the embedded build is the one `bench/question_sets.py` keeps in the
  cache (built if missing: the embedding takes 10–25 minutes on 2 cores; its time is the manifest's). The Milvus
  build time is that build's publish into Milvus Lite (the embedding is shared, so this is what Milvus adds).
- **Scale** (`--sizes`): synthetic builds made from the RS build, no model run: copy k of every program gets the
  title suffix 「（k）」; each passage keeps the RS passage's BM25 terms and gets the RS passage's vector plus
  Gaussian noise (σ = 0.02 per dimension, renormalised): `bench/synthetic.py`. Said in the output. Sizes are
  rounded up to whole copies.

Questions: the RS question set (tests/fixtures/questions/rs.*.jsonl) and 「<program>の目的は？」 for programs drawn
with a fixed seed. Writes bench/results/stores-rs.json.

    .venv/bin/python bench/stores.py [--sizes 100000 1000000] [--questions 100] [--skip-rs]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from _server import qa_server, rss_mb
from synthetic import synthetic

from qa.config import ROOT, get_settings
from qa.index.milvus_store import MilvusStore
from qa.index.store import StoredIndex, current_dir, load_folder
from qa.index.stores import publish_copy

OUT = ROOT / "bench" / "results"
QUESTIONS = ROOT / "tests" / "fixtures" / "questions"


def questions(index: StoredIndex, n: int) -> list[str]:
    """Distinct questions: the RS set, then 「<title>の目的は？」 for programs drawn with seed 7."""
    asked = [json.loads(line)["question"] for f in sorted(QUESTIONS.glob("rs.*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(7)
    titles = [p.title for p in rng.sample(index.programs, min(len(index.programs), n))]
    return list(dict.fromkeys(asked + [f"{t}の目的は？" for t in titles]))[:n]


def ask_all(url: str, items: list[str]) -> dict[str, float]:
    """p50/p95 ms of /api/ask, one question at a time; errors counted."""
    times, errors = [], 0
    with httpx.Client(timeout=120) as client:
        client.post(f"{url}/api/ask", json={"question": items[0]})  # first request warms caches
        for q in items:
            started = time.perf_counter()
            if client.post(f"{url}/api/ask", json={"question": q}).status_code != 200:
                errors += 1
            times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=20)
    return {"questions": len(items), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(cuts[18], 1),
            "errors": errors}


def serve_and_measure(index_dir: Path, corpus: Path, items: list[str], milvus_uri: str | None,
                      milvus_pid: int | None) -> dict[str, float]:
    env = {"QA_INDEX_DIR": str(index_dir), "QA_CORPUS_DIR": str(corpus), "QA_STORE_POLL_SECONDS": "0",
           "QA_STORE": "milvus" if milvus_uri else "embedded", "QA_MILVUS_URI": milvus_uri or "",
           "QA_MILVUS_TIMEOUT_SECONDS": "120", "QA_HNSW_THRESHOLD": str(get_settings().hnsw_threshold)}
    with qa_server(timeout_s=3600, env_extra=env) as (url, process, ready_s):
        result = ask_all(url, items)
        result["ready_s"] = round(ready_s, 1)
        result["server_rss_mb"] = round(rss_mb(process.pid))
        if milvus_pid:
            result["milvus_rss_mb"] = round(rss_mb(milvus_pid))
    return result


def with_milvus(build: Path, workdir: Path):  # type: ignore[no-untyped-def]
    """Start a Milvus Lite server for `workdir`, publish a copy of the build; (server, uri, publish seconds)."""
    import socket

    from milvus_lite.server import Server

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = Server(str(workdir / "milvus.db"), address=f"127.0.0.1:{port}")
    assert server.init() and server.start(), "Milvus Lite did not start"
    uri = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    publish_copy(MilvusStore(uri, timeout=600), build, progress=True)
    return server, uri, round(time.perf_counter() - started, 1)


def both_stores(name: str, folder: Path, corpus: Path, items: list[str], build_s: float,
                stores: tuple[str, ...] = ("embedded", "milvus")) -> dict:
    """Measure the embedded build at `folder` (an index folder) and the same build published to Milvus Lite."""
    row: dict = {"corpus": name, "embedded": {"build_s": build_s}, "milvus": {}}
    if "embedded" in stores:
        print(f"[{name}] embedded store: serving {len(items)} questions", flush=True)
        row["embedded"].update(serve_and_measure(folder, corpus, items, None, None))
        print(f"[{name}] embedded: {row['embedded']}", flush=True)
    if "milvus" not in stores:
        return row
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp)
        server, uri, publish_s = with_milvus(current_dir(folder), work)
        try:
            row["milvus"]["publish_s"] = publish_s
            row["milvus"]["build_s"] = round(build_s + publish_s, 1)
            print(f"[{name}] milvus: published in {publish_s} s; serving", flush=True)
            row["milvus"].update(serve_and_measure(work / "index", corpus, items, uri, server._p.pid))
        finally:
            server.stop()
    print(f"[{name}] milvus: {row['milvus']}", flush=True)
    return row


def save_scale_row(path: Path, row: dict) -> None:
    """Write a scale row into the results file, replacing an earlier row of the same size and keeping the others
    (sizes are measured in separate runs: each one needs the whole machine)."""
    rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    rows = [r for r in rows if r.get("corpus") != row["corpus"]] + [row]
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(sorted(rows, key=lambda r: r.get("passages", 0)), ensure_ascii=False, indent=1),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--skip-rs", action="store_true", help="only the scale path")
    parser.add_argument("--stores", nargs="+", default=["embedded", "milvus"], help="which stores to measure")
    parser.add_argument("--set", default="rs", help="base corpus (a bench/question_sets.py set; rs by default)")
    args = parser.parse_args()
    from question_sets import SETS, corpus_for

    from qa.index.build import load_embedder
    from qa.service import QAService

    corpus = corpus_for(args.set, SETS[args.set])
    rs_dir = corpus.parent / "index"
    QAService.open(rs_dir, corpus, embedder=load_embedder(get_settings().model_name), progress=True)
    rs = load_folder(current_dir(rs_dir))
    items = questions(rs, args.questions)
    results = []
    if not args.skip_rs:
        results.append(both_stores(args.set, rs_dir, corpus, items, float(rs.manifest["build_seconds"]),
                                   tuple(args.stores)))
    for size in args.sizes:
        copies = -(-size // len(rs.passages))
        with tempfile.TemporaryDirectory(dir=get_settings().cache_dir) as tmp:
            index_dir = Path(tmp) / "index"
            folder = index_dir / "versions" / "20990101T000000000000Z"
            print(f"[{size}] making {copies} copies of the RS build", flush=True)
            seconds = synthetic(rs, copies, folder)
            (index_dir / "current").symlink_to(Path("versions") / folder.name)
            name = f"synthetic-{copies * len(rs.passages)}"
            row = both_stores(name, index_dir, corpus, items, round(seconds, 1), tuple(args.stores))
            row["passages"] = copies * len(rs.passages)
            row["vectors"] = "RS embeddings + Gaussian noise σ=0.02 (synthetic, no model run)"
            results.append(row)
        save_scale_row(OUT / f"stores-{args.set}-scale.json", row)
    OUT.mkdir(exist_ok=True)
    if not args.skip_rs:
        (OUT / f"stores-{args.set}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
