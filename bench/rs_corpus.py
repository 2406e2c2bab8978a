"""Parsing and indexing the national RS review table (5,794 programs): time per stage, and build vs bare encode.

The corpus is the CSV with its mapping (`corpus/examples/rs2025-projects.mapping.toml`) in a temporary folder.
Parsing and passage making are timed on the whole file; the build (BM25 + embeddings + FAISS) is timed on the
whole file with `--full` (about 10 minutes on 2 cores), else on the first `--rows` programs, and its
passages/s is compared with bare `model.encode` on the same passages in the same run (the ratio), for each
encoder backend asked for (`--backends torch,onnx`: one after the other, same passages; default: the configured
one). Writes bench/results/rs-corpus.json.

    .venv/bin/python bench/rs_corpus.py [--rows 600] [--full] [--backends torch,onnx]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import shutil
import tempfile
import time
from pathlib import Path

from qa.config import ROOT, get_settings
from qa.index.build import build, load_embedder
from qa.index.embed import Embedder
from qa.index.passages import make_passages
from qa.ingest import parse_corpus

OUT = ROOT / "bench" / "results"
DATA = ROOT / "tests" / "fixtures" / "real" / "rs2025-projects.csv.gz"
MAPPING = ROOT / "corpus" / "examples" / "rs2025-projects.mapping.toml"


def _corpus(folder: Path, rows: int | None) -> None:
    """The RS table (or its first `rows` programs) and its mapping in `folder`."""
    if rows is None:
        shutil.copy(DATA, folder / DATA.name)
    else:
        with gzip.open(DATA, "rt", encoding="utf-8") as f:
            reader = list(csv.reader(f))
        buffer = io.StringIO()
        csv.writer(buffer).writerows(reader[:rows + 1])
        (folder / DATA.name).write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))
    shutil.copy(MAPPING, folder / MAPPING.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600, help="programs in the timed build (without --full)")
    parser.add_argument("--full", action="store_true", help="build the whole table")
    parser.add_argument("--backends", default="", help="comma-separated encoder backends (default: the configured)")
    args = parser.parse_args()
    name = get_settings().model_name
    embedders = ([Embedder(name, backend=b) for b in args.backends.split(",")] if args.backends
                 else [load_embedder(name)])
    embedder = embedders[0]
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        whole = Path(tmp) / "whole"
        whole.mkdir()
        _corpus(whole, None)
        started = time.perf_counter()
        parsed = parse_corpus(whole)
        result["programs"] = len(parsed.programs)
        result["parse_s"] = round(time.perf_counter() - started, 2)
        docs = {d.name: d for d in parsed.documents}
        limit = embedder.max_tokens - 64
        started = time.perf_counter()
        passages = make_passages(parsed.programs, docs, lambda t: embedder.count_tokens(t) <= limit)
        result["passages"] = len(passages)
        result["passages_s"] = round(time.perf_counter() - started, 2)

        part = Path(tmp) / "part"
        part.mkdir()
        _corpus(part, None if args.full else args.rows)
        sample = parse_corpus(part)
        sample_docs = {d.name: d for d in sample.documents}
        texts = [p.index_text() for p in make_passages(sample.programs, sample_docs,
                                                        lambda t: embedder.count_tokens(t) <= limit)]
        result.update({"built_programs": len(sample.programs), "built_passages": len(texts), "backends": {}})
        for encoder in embedders:
            encoder.encode_passages(texts[:16])  # warm-up
            started = time.perf_counter()
            encoder.encode_passages(texts, batch_size=32)
            bare_s = time.perf_counter() - started
            started = time.perf_counter()
            manifest = build(part, Path(tmp) / f"index-{encoder.backend}", embedder=encoder)
            build_s = time.perf_counter() - started
            row = {"bm25_s": manifest["bm25_seconds"], "build_s": round(build_s, 2), "bare_encode_s": round(bare_s, 2),
                   "build_passages_per_s": round(len(texts) / build_s, 1),
                   "bare_passages_per_s": round(len(texts) / bare_s, 1), "ratio": round(bare_s / build_s, 3)}
            row["whole_build_estimate_s"] = round(result["passages"] / row["build_passages_per_s"], 0)
            result["backends"][encoder.backend] = row
    print(f"RS table: {result['programs']} programs parsed in {result['parse_s']} s; "
          f"{result['passages']} passages made in {result['passages_s']} s")
    for backend, row in result["backends"].items():
        print(f"[{backend}] build of {result['built_programs']} programs ({result['built_passages']} passages): "
              f"{row['build_s']} s, {row['build_passages_per_s']} passages/s vs bare encode "
              f"{row['bare_passages_per_s']} passages/s (ratio {row['ratio']}); whole table ≈ "
              f"{row['whole_build_estimate_s']:.0f} s")
    if len(result["backends"]) > 1 and "torch" in result["backends"]:
        for backend, row in result["backends"].items():
            if backend != "torch":
                speedup = row["build_passages_per_s"] / result["backends"]["torch"]["build_passages_per_s"]
                print(f"build passages/s {backend} / torch: {speedup:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "rs-corpus.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
