"""Index build speed: passages/s of the whole build against bare `model.encode` on the same passages.

Also the time of parsing and of BM25 indexing. Both encodes run in this process, one after the other,
so the ratio is robust to a shared machine. Writes bench/results/build.json.

    .venv/bin/python bench/build.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from qa.config import ROOT, get_settings
from qa.index.build import build, load_embedder
from qa.index.passages import make_passages
from qa.ingest import parse_corpus

OUT = ROOT / "bench" / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    args = parser.parse_args()
    embedder = load_embedder(get_settings().model_name)
    started = time.perf_counter()
    parsed = parse_corpus(args.corpus)
    parse_s = time.perf_counter() - started
    docs = {d.name: d for d in parsed.documents}
    limit = embedder.max_tokens - 64
    passages = make_passages(parsed.programs, docs, lambda t: embedder.count_tokens(t) <= limit)
    texts = [p.index_text() for p in passages]
    embedder.encode_passages(texts[:16])  # warm-up
    started = time.perf_counter()
    embedder.encode_passages(texts, batch_size=32)
    bare_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        manifest = build(args.corpus, Path(tmp), embedder=embedder)
        build_s = time.perf_counter() - started
    n = len(passages)
    result = {"passages": n, "parse_s": round(parse_s, 3), "bm25_s": manifest["bm25_seconds"],
              "embed_in_build_s": manifest["embed_seconds"], "bare_encode_s": round(bare_s, 2),
              "build_total_s": round(build_s, 2), "build_passages_per_s": round(n / build_s, 1),
              "bare_passages_per_s": round(n / bare_s, 1), "ratio": round(bare_s / build_s, 3)}
    print(f"{n} passages: parse {result['parse_s']} s, BM25 {result['bm25_s']} s, "
          f"embedding in build {result['embed_in_build_s']} s, whole build {result['build_total_s']} s")
    print(f"build {result['build_passages_per_s']} passages/s vs bare encode {result['bare_passages_per_s']} passages/s: "
          f"ratio {result['ratio']}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "build.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
