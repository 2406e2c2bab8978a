"""How cost grows with the corpus: synthetic corpora of 10k, 100k and 1M passages.

Passages are recombined from the seed's sentences, so tokens are real Japanese. BM25 (fugashi lemmas +
bigrams, bm25s) is built on every size. Dense vectors are real embeddings at 10k and random unit vectors
at 100k and 1M (said in the output); queries are stored vectors plus noise, so that approximate indexes
face a realistic nearest neighbour. For each size: build time, size on disk, resident memory, query
p50/p95 for BM25 and for FAISS flat, HNSW and IVF-PQ, with recall@10 of the approximate ones against flat
and how often the query's source vector (its planted nearest neighbour) is found. On random vectors all
other neighbours are near-ties, so recall@10 there understates what an approximate index does on real,
clustered embeddings; the planted-neighbour rate is the meaningful figure.
Writes bench/results/scale.json.

    .venv/bin/python bench/scale.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from qa.config import ROOT, get_settings
from qa.index.lexical import build_bm25
from qa.index.tokenize import index_terms

OUT = ROOT / "bench" / "results"


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS")) / 1024


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def sentences() -> list[str]:
    text = (ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt").read_text(encoding="utf-8")
    parts = [s.strip(" -・\n") for s in re.split(r"(?<=。)|\n", text)]
    return [s for s in parts if len(s) >= 12]


def synthetic(n: int, pool: list[str], rng: random.Random) -> list[str]:
    return ["".join(rng.sample(pool, 3)) for _ in range(n)]


def timed_queries(fn, queries) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - started) * 1000)
    return round(float(np.percentile(times, 50)), 2), round(float(np.percentile(times, 95)), 2)


def recall_at_10(approx: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)]))


def planted_found(approx: np.ndarray, picks: np.ndarray) -> float:
    """Share of queries whose source vector (the planted nearest neighbour) is in the top 10."""
    return float(np.mean([p in row for row, p in zip(approx, picks, strict=True)]))


def run_size(n: int, pool: list[str], rng: random.Random, embedder) -> dict:  # type: ignore[no-untyped-def]
    out: dict = {"passages": n}
    texts = synthetic(n, pool, rng)
    query_texts = [f"{rng.choice(pool)[:20]}の予算は？" for _ in range(50)]

    # BM25
    before = rss_mb()
    started = time.perf_counter()
    bm25 = build_bm25(texts)  # the build path of qa index build: tokenise and index
    bm25_build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        bm25.save(tmp, show_progress=False)
        bm25_mb = dir_mb(Path(tmp))
    vocab = bm25.vocab_dict
    q_tokens = [[t for t in index_terms(q) if t in vocab] for q in query_texts]
    p50, p95 = timed_queries(lambda t: bm25.retrieve([t], k=100, show_progress=False, n_threads=1), q_tokens)
    out["bm25"] = {"build_s": round(bm25_build_s, 1), "disk_mb": round(bm25_mb, 1),
                   "rss_delta_mb": round(rss_mb() - before, 1), "query_p50_ms": p50, "query_p95_ms": p95}
    bm25 = None  # free it before the dense part

    # Dense vectors: real at small scale, random unit vectors beyond.
    dim = 384
    if embedder is not None and n <= 10_000:
        started = time.perf_counter()
        vectors = embedder.encode_passages(texts, batch_size=64)
        out["vectors"] = f"real embeddings ({time.perf_counter() - started:.0f} s)"
    else:
        vectors = np.random.default_rng(0).standard_normal((n, dim), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        out["vectors"] = "random unit vectors"
    del texts
    qrng = np.random.default_rng(1)
    picks = qrng.integers(0, n, 50)
    # Noise of norm ~0.3: the stored vector stays the clear nearest neighbour, as for a real paraphrase.
    queries = vectors[picks] + (0.3 / np.sqrt(dim)) * qrng.standard_normal((50, dim), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)

    indexes = {}
    before = rss_mb()
    started = time.perf_counter()
    flat = faiss.IndexFlatIP(dim)
    flat.add(vectors)
    indexes["flat"] = (flat, time.perf_counter() - started, rss_mb() - before)
    before = rss_mb()
    started = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 40
    hnsw.add(vectors)
    hnsw.hnsw.efSearch = 128
    indexes["hnsw"] = (hnsw, time.perf_counter() - started, rss_mb() - before)
    before = rss_mb()
    started = time.perf_counter()
    nlist = min(1024, max(16, int(4 * np.sqrt(n))))
    ivfpq = faiss.IndexIVFPQ(faiss.IndexFlatIP(dim), dim, nlist, 48, 8, faiss.METRIC_INNER_PRODUCT)
    ivfpq.train(vectors[np.random.default_rng(2).choice(n, min(n, 50 * nlist), replace=False)])
    ivfpq.add(vectors)
    ivfpq.nprobe = 16
    indexes["ivfpq"] = (ivfpq, time.perf_counter() - started, rss_mb() - before)
    del vectors

    _, exact = flat.search(queries, 10)
    out["faiss"] = {}
    for name, (index, build_s, rss_delta) in indexes.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "i.faiss"
            faiss.write_index(index, str(path))
            size = path.stat().st_size / 1e6
        p50, p95 = timed_queries(lambda q, index=index: index.search(q[None, :], 10), queries)
        _, found = index.search(queries, 10)
        out["faiss"][name] = {"build_s": round(build_s, 1), "disk_mb": round(size, 1), "rss_delta_mb": round(rss_delta, 1),
                              "query_p50_ms": p50, "query_p95_ms": p95, "recall@10_vs_flat": round(recall_at_10(found, exact), 3),
                              "planted_in_top10": round(planted_found(found, picks), 3)}
    out["rss_mb"] = round(rss_mb(), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--no-model", action="store_true", help="random vectors at every size")
    parser.add_argument("--out", default="scale.json", help="file name under bench/results/")
    args = parser.parse_args()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    embedder = None
    if not args.no_model:
        from qa.index.build import load_embedder

        embedder = load_embedder(get_settings().model_name)
    pool, rng = sentences(), random.Random(0)
    results = []
    for n in args.sizes:
        r = run_size(n, pool, rng, embedder)
        results.append(r)
        b = r["bm25"]
        print(f"\n{n} passages ({r['vectors']}); process RSS {r['rss_mb']:.0f} MB")
        print(f"  bm25   tokenise+build {b['build_s']} s, {b['disk_mb']} MB, +{b['rss_delta_mb']} MB RSS, "
              f"query p50 {b['query_p50_ms']} ms p95 {b['query_p95_ms']} ms")
        for name, f in r["faiss"].items():
            print(f"  {name:<6} build {f['build_s']} s, {f['disk_mb']} MB, +{f['rss_delta_mb']} MB RSS, "
                  f"query p50 {f['query_p50_ms']} ms p95 {f['query_p95_ms']} ms, recall@10 {f['recall@10_vs_flat']}, "
                  f"planted neighbour found {f['planted_in_top10']}")
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / args.out).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
