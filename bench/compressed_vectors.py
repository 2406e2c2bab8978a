"""Compressed dense vectors (issue 25): recall against exact search, with and without exact re-scoring, and memory.

Vectors are the real embeddings of the national RS build (~29,000 passages) that `bench/question_sets.py` keeps in
the cache (`bench/stores.py` builds it if missing). 500 passages drawn with a fixed seed are held out of the index
and their vectors are queries ("held-out passages"); the other queries are real questions encoded by the model: the
RS question set and 「<program title>の目的は？」 for programs drawn with a fixed seed ("questions").

For each index: recall@10 of its own top 10 against exact (flat) search, recall@10 and recall@100 once its
max(4·k, 50) candidates are re-scored by exact dot products with the fp32 vectors (what `StoredIndex.dense_search`
does), the p50 time of one k = 100 query (the retriever's depth) with re-scoring from the memory-mapped .npy, the
build time, and the bytes the index takes in memory (`faiss.serialize_index`). The fp32 vectors (n·dims·4 bytes) are
memory-mapped beside a compressed index and read only for re-scoring: page cache, not process memory.

Indexes: fp32 HNSW (M=32, what builds past the threshold made before), HNSW over 8-bit scalar-quantised vectors
(M=32; efSearch swept) and IVF-PQ (48 bytes per vector; nprobe swept), the last two built by
`qa.index.build.compressed_index`, and IVF-PQ at 96 bytes. Each row also gives recall@10 re-scoring 500 candidates,
and, for the questions, recall@10 under a filter keeping 1 passage in 20. With `--million`: IVF-PQ and HNSW-SQ8 on
~1M vectors made of the RS vectors tiled with Gaussian noise (σ = 0.02 per dimension, renormalised; copy 0 exact),
as in bench/stores.py; fp32 HNSW at 1M is not built, its memory is extrapolated from its bytes per vector at 29k.
Writes bench/results/compressed-vectors.json.

    .venv/bin/python bench/compressed_vectors.py [--million] [--held-out 500] [--questions 300]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from qa.config import ROOT, get_settings
from qa.index.build import RESCORE, compressed_index
from qa.index.store import current_dir, load_folder, search_params, top_exact

OUT = ROOT / "bench" / "results"
QUESTIONS = ROOT / "tests" / "fixtures" / "questions"
K = 10
DEPTH = 100  # what the retriever asks of dense_search


def rs_folder() -> Path:
    """The RS build folder in the cache (see bench/question_sets.py)."""
    return current_dir(get_settings().cache_dir / "question-sets" / "rs" / "index")


def question_texts(titles: list[str], n: int) -> list[str]:
    """The RS question set, then 「<title>の目的は？」 for programs drawn with seed 7; `n` distinct texts."""
    asked = [json.loads(line)["question"] for f in sorted(QUESTIONS.glob("rs.*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    drawn = random.Random(7).sample(titles, min(len(titles), n))
    return list(dict.fromkeys(asked + [f"{t}の目的は？" for t in drawn]))[:n]


def exact_top(base: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Exact top-k ids by inner product, (nq, k)."""
    _, ids = faiss.knn(queries, base, k, metric=faiss.METRIC_INNER_PRODUCT)
    return ids


def recall(found: Sequence[np.ndarray], truth: np.ndarray, k: int) -> float:
    """Mean share of each query's exact top k found in its top k."""
    return float(np.mean([len(set(f[:k]) & set(t[:k])) / k for f, t in zip(found, truth, strict=True)]))


def rescored(index: Any, vectors: np.ndarray, queries: np.ndarray, k: int, pool: int | None = None,
             allowed: np.ndarray | None = None) -> list[np.ndarray]:
    """Top k ids per query after re-scoring the index's candidates exactly: max(oversample·k, min_candidates) of
    them (what dense_search takes), or `pool`; restricted to the `allowed` ids when given (a filter)."""
    wanted = min(len(vectors), pool or max(k * RESCORE["oversample"], RESCORE["min_candidates"]))
    _, candidates = index.search(queries, wanted, params=search_params(index, allowed))
    return [top_exact(vectors, c[c >= 0], q, k)[0] for c, q in zip(candidates, queries, strict=True)]


def filtered_recall(index: Any, vectors: np.ndarray, queries: np.ndarray) -> float:
    """recall@10, re-scored, under a filter keeping 1 passage in 20 regardless of content (the worst case for a
    graph or list index: the kept passages are scattered), against exact search over the kept passages."""
    allowed = np.arange(0, len(vectors), 20, dtype=np.int64)
    _, local = faiss.knn(queries, np.ascontiguousarray(vectors[allowed]), K, metric=faiss.METRIC_INNER_PRODUCT)
    return recall(rescored(index, vectors, queries, K, allowed=allowed), allowed[local], K)


def query_ms(index: Any, vectors: np.ndarray, queries: np.ndarray) -> float:
    """p50 ms of one k = DEPTH query, one at a time, re-scoring included (vectors memory-mapped)."""
    times = []
    for q in queries[:200]:
        started = time.perf_counter()
        rescored(index, vectors, q[None, :], DEPTH)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def evaluate(index: Any, mapped: np.ndarray, sets: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """Recall figures per query set (see the module docstring) and the query time."""
    out: dict[str, Any] = {}
    for name, (queries, truth) in sets.items():
        _, own = index.search(queries, K)
        out[name] = {"recall@10": round(recall(own, truth, K), 4),
                     "recall@10_rescored": round(recall(rescored(index, mapped, queries, K), truth, K), 4),
                     "recall@10_rescored_pool500": round(recall(rescored(index, mapped, queries, K, 500), truth, K), 4),
                     "recall@100_rescored": round(recall(rescored(index, mapped, queries, DEPTH), truth, DEPTH), 4)}
    out["questions"]["recall@10_rescored_filtered_5%"] = round(filtered_recall(index, mapped, sets["questions"][0]), 4)
    out["query_p50_ms"] = query_ms(index, mapped, np.vstack([q for q, _ in sets.values()]))
    return out


def fp32_hnsw(vectors: np.ndarray):  # type: ignore[no-untyped-def]
    """What builds past the threshold made before this change (qa.index.build.dense_index at format 2)."""
    index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.add(vectors)
    index.hnsw.efSearch = 128
    return index


def timed_build(make, vectors: np.ndarray):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    index = make(vectors)
    return index, round(time.perf_counter() - started, 1)


def mapped_copy(vectors: np.ndarray, folder: Path) -> np.ndarray:
    """The vectors written as a build writes them and memory-mapped back, as `load_folder` opens them."""
    path = folder / "vectors.f32.npy"
    np.save(path, vectors)
    return np.load(path, mmap_mode="r")


def row(name: str, index: Any, build_s: float, n: int, mapped: np.ndarray, sets: dict, **knobs: Any) -> dict:
    index_bytes = int(faiss.serialize_index(index).nbytes)
    result = {"index": name, **knobs, "passages": n, "build_s": build_s, "index_mb": round(index_bytes / 1e6, 1),
              "bytes_per_vector": round(index_bytes / n, 1), **evaluate(index, mapped, sets)}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def sweep(name: str, index: Any, build_s: float, n: int, mapped: np.ndarray, sets: dict) -> list[dict]:
    """One row per search setting (efSearch for HNSW, nprobe for IVF), the build's own default marked."""
    rows = []
    if isinstance(index, faiss.IndexIVF):
        default = index.nprobe
        for nprobe in sorted({8, 16, 32, 64, 128, default}):
            index.nprobe = nprobe
            rows.append(row(name, index, build_s, n, mapped, sets, lists=index.nlist, nprobe=nprobe,
                            default=nprobe == default))
        index.nprobe = default
    else:
        default = index.hnsw.efSearch
        for ef in sorted({64, 128, default, 512}):
            index.hnsw.efSearch = ef
            rows.append(row(name, index, build_s, n, mapped, sets, efSearch=ef, default=ef == default))
        index.hnsw.efSearch = default
    return rows


def tiled(base: np.ndarray, size: int) -> np.ndarray:
    """~`size` vectors: copies of `base`, copy 0 exact, the others plus N(0, 0.02²) noise, renormalised."""
    rng = np.random.default_rng(11)
    copies = [base]
    for _ in range(1, -(-size // len(base))):
        noisy = base + rng.normal(0, 0.02, base.shape).astype(np.float32)
        copies.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    return np.vstack(copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", type=int, default=500, help="passages held out of the index as queries")
    parser.add_argument("--questions", type=int, default=300, help="real questions encoded by the model")
    parser.add_argument("--million", action="store_true", help="also IVF-PQ on ~1M tiled RS vectors (minutes)")
    parser.add_argument("--size", type=int, default=1_000_000, help="vectors of the tiled run")
    parser.add_argument("--build", type=Path, help="another build folder (default: the RS build in the cache)")
    args = parser.parse_args()
    from qa.index.build import load_embedder

    folder = args.build or rs_folder()
    built = load_folder(folder)
    vectors = np.ascontiguousarray(built.exact_vectors())  # a format-2 RS build: read back from its flat index
    titles = [p.title for p in built.programs]
    del built
    rng = np.random.default_rng(5)
    held = np.sort(rng.choice(len(vectors), args.held_out, replace=False))
    base = np.ascontiguousarray(np.delete(vectors, held, axis=0))
    embedder = load_embedder(get_settings().model_name)
    started = time.perf_counter()
    asked = embedder.encode_queries(question_texts(titles, args.questions))
    encode_s = round(time.perf_counter() - started, 1)
    queries = {"held-out passages": vectors[held], "questions": asked}
    result: dict[str, Any] = {
        "corpus": f"RS build {folder.name}: {len(vectors)} passages, {vectors.shape[1]} dims, "
                  f"{args.held_out} held out as queries",
        "queries": {"held-out passages": args.held_out,
                    "questions": f"{len(asked)} real questions encoded by {embedder.backend} in {encode_s} s"},
        "rescore": dict(RESCORE), "rows": []}
    with tempfile.TemporaryDirectory(dir=get_settings().cache_dir) as tmp:
        mapped = mapped_copy(base, Path(tmp))
        sets = {name: (q, exact_top(base, q, DEPTH)) for name, q in queries.items()}
        for name, make in (("hnsw-fp32", fp32_hnsw), ("hnsw-sq8", lambda v: compressed_index(v, "hnsw-sq8")),
                           ("ivfpq", lambda v: compressed_index(v, "ivfpq")),
                           ("ivfpq96", lambda v: compressed_index(v, "ivfpq", pq_bytes=96))):
            index, build_s = timed_build(make, base)
            result["rows"] += sweep(name, index, build_s, len(base), mapped, sets)
            del index
        result["fp32_npy_mb"] = round(mapped.nbytes / 1e6, 1)
    if args.million:
        result["million"] = million(base, queries, args.size, result["rows"])
    OUT.mkdir(exist_ok=True)
    (OUT / "compressed-vectors.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def million(base: np.ndarray, queries: dict[str, np.ndarray], size: int, small_rows: list[dict]) -> dict[str, Any]:
    """IVF-PQ and HNSW-SQ8 on ~`size` tiled vectors, measured; fp32 HNSW's memory there from its bytes per vector
    at 29k (not built: the index being replaced)."""
    started = time.perf_counter()
    big = tiled(base, size)
    tile_s = round(time.perf_counter() - started, 1)
    print(f"[{len(big)}] tiled in {tile_s} s; exact top {DEPTH}", flush=True)
    out: dict[str, Any] = {"passages": len(big), "vectors": "RS vectors tiled, N(0, 0.02²) noise, renormalised",
                           "rows": []}
    with tempfile.TemporaryDirectory(dir=get_settings().cache_dir) as tmp:
        mapped = mapped_copy(big, Path(tmp))
        started = time.perf_counter()
        sets = {name: (q, exact_top(big, q, DEPTH)) for name, q in queries.items()}
        out["exact_truth_s"] = round(time.perf_counter() - started, 1)
        for name, kind in (("ivfpq", "ivfpq"), ("hnsw-sq8", "hnsw-sq8")):
            index, build_s = timed_build(lambda v, kind=kind: compressed_index(v, kind), big)
            print(f"[{len(big)}] {name} built in {build_s} s", flush=True)
            out["rows"] += sweep(name, index, build_s, len(big), mapped, sets)
            del index
        out["fp32_npy_mb"] = round(mapped.nbytes / 1e6, 1)
    per_vector = {r["index"]: r["bytes_per_vector"] for r in small_rows if r.get("default")}
    out["extrapolated_index_mb"] = {"hnsw-fp32": round(per_vector["hnsw-fp32"] * len(big) / 1e6)}
    return out


if __name__ == "__main__":
    main()
