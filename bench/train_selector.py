"""Train the answer selector (`qa.answer.select`) and print its figures: accuracy@1 of the candidate chosen, ECE of
its calibrated probability and the answered share at the threshold, on train and held-out splits, beside
single-feature baselines (BM25 alone, dense alone), with the time of each stage.

Data and splits: `qa/answer/train.py`. Writes `qa/answer/data/selector.json` (or --out). About 10-25 minutes on
2 cores with the default sizes (most of it encoding; --cache keeps vectors for a rerun).

    .venv/bin/python bench/train_selector.py [--jaquad 1500] [--rs 700] [--per-program 2] [--cache FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np

from qa.answer.select import MODEL
from qa.answer.train import (
    SEED,
    baseline_accuracy,
    encode_all,
    jaquad_examples,
    record_examples,
    save,
    split_of,
    train,
)
from qa.config import ROOT

SHARED = ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> dict:
    """Run the training; returns the model dict (figures under "figures")."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jaquad", type=int, default=1500, help="JaQuAD train questions to use")
    parser.add_argument("--rs", type=int, default=700, help="RS review programs to generate questions from")
    parser.add_argument("--per-program", type=int, default=2, help="generated questions per program")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (train/jaquad, real/)")
    parser.add_argument("--no-dense", action="store_true", help="skip the encoder (dense features zero; tests only)")
    parser.add_argument("--cache", type=Path, default=None, help="npz file keeping vectors between runs")
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the model JSON")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of sampling and generation")
    args = parser.parse_args(argv)
    times: dict[str, float] = {}
    started = time.perf_counter()
    rng = random.Random(args.seed)
    examples = jaquad_examples(args.shared / "train" / "jaquad", args.jaquad, rng)
    examples += record_examples(args.shared / "real", ROOT / "corpus" / "examples", args.rs, args.per_program, rng)
    times["data"] = time.perf_counter() - started
    encode = None
    if not args.no_dense:
        from qa.config import get_settings
        from qa.index.build import load_embedder

        embedder = load_embedder(str(get_settings().model_dir))

        def encode(texts: list[str], kind: str) -> np.ndarray:
            return embedder.encode_queries(texts) if kind == "query" else embedder.encode_passages(texts)

    mark = time.perf_counter()
    vectors = encode_all(examples, encode, args.cache)
    times["encode"] = time.perf_counter() - mark
    mark = time.perf_counter()
    model = train(examples, vectors)
    times["fit"] = time.perf_counter() - mark
    figures = model["figures"]
    figures["data"] = {
        "questions": {src: sum(e.source == src for e in examples) for src in sorted({e.source for e in examples})},
        "candidates": sum(len(e.candidates) for e in examples),
        "groups": {s: len({e.group for e in examples if split_of(e.group, args.seed) == s})
                   for s in ("train", "calibration", "held-out")},
        "seed": args.seed,
    }
    figures["baselines_held_out"] = {f"{c}_only": round(baseline_accuracy(examples, vectors, "held-out", c), 4)
                                     for c in ("bm25", "dense", "overlap")}
    times["total"] = time.perf_counter() - started
    figures["time_s"] = {k: round(v, 1) for k, v in times.items()}
    save(model, args.out)
    _print(model)
    return model


def _print(model: dict) -> None:
    """One table of the figures."""
    f = model["figures"]
    print(f"data: {f['data']['questions']} questions, {f['data']['candidates']} candidates, "
          f"groups {f['data']['groups']}")
    print(f"threshold (chosen on the calibration split): {model['threshold']}")
    print(f"{'split':<10} {'n':>6} {'acc@1':>7} {'ECE':>7} {'answered':>9} {'acc(answered)':>14}")
    for split in ("train", "held-out"):
        s = f[split]
        print(f"{split:<10} {f['examples'][split]:>6} {s['accuracy_at_1']:>7} {s['ece']:>7} {s['answered']:>9} "
              f"{s['accuracy_answered']!s:>14}")
        for src, row in s["by_source"].items():
            print(f"  {src:<24} {row['n']:>6} {row['accuracy_at_1']:>7}")
    print("held-out reliability (bin: n, mean probability, accuracy):",
          "; ".join(f"{r['bin']}: {r['n']}, {r['confidence']}, {r['accuracy']}" for r in f["held-out"]["reliability"]))
    print("held-out baselines (acc@1 ranking by one feature):", f["baselines_held_out"])
    print("time (s):", f["time_s"])


if __name__ == "__main__":
    main()
