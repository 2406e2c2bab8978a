"""The encoder's 8-bit recipes side by side on this CPU: fidelity to the fused fp32 graph, CPU time, dense R@1.

    python bench/quantisation.py                 # all variants, JaQuAD dev dense R@1 included (~10 minutes)
    python bench/quantisation.py --quick         # cosines and CPU time only
    python bench/quantisation.py --service       # also seed-dev and JaQuAD dev through the service (hybrid)

Exports the model's fused fp32 graph once (under the cache), quantises it four ways (uint8 or int8 weights per
channel; the FFN down-projections fp32 or not), and for each reports: cosine to the fp32 graph's vectors (min/mean)
on every seed-dev question and the seed document's first 300 lines of more than 8 characters, CPU milliseconds per
question and per line (one thread, each text alone), and the R@1 of dense vectors alone on JaQuAD dev. The recipe
`qa model install` picks (`qa.index.onnx_encoder.RECIPE`) is chosen from such a run; the figures are in the
docstring of `qa.model.onnx_export`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from qa.config import ROOT, get_settings
from qa.index.onnx_encoder import ONNX_FILE, RECORD, OnnxEncoder, onnx_dir
from qa.model import onnx_export as export

SEED = ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"
SEED_DEV = ROOT.parent / "shared" / "eval" / "seed-dev.jsonl"
JAQUAD = ROOT.parent / "shared" / "eval" / "ext" / "jaquad-dev"


def variant(work: Path, model_dir: Path, name: str, build: Callable[[Path], object]) -> OnnxEncoder:
    """An `OnnxEncoder` over one quantised graph: a folder linking the model's files, its `-onnx` sibling holding
    the variant (the encoder reads `<folder>-onnx/`)."""
    folder = work / name
    if not folder.exists():
        folder.symlink_to(model_dir, target_is_directory=True)
    graphs = onnx_dir(folder)
    graphs.mkdir(exist_ok=True)
    if not (graphs / ONNX_FILE).exists():
        build(graphs / ONNX_FILE)
    shutil.copy(onnx_dir(model_dir) / RECORD, graphs / RECORD)  # the source fingerprint the encoder checks
    return OnnxEncoder(folder, threads=1)


def cpu_ms(encode: Callable[[list[str]], np.ndarray], texts: list[str]) -> tuple[np.ndarray, float]:
    """Vectors of `texts`, each encoded alone, and the process CPU milliseconds per text."""
    encode(texts[:3])
    started = time.process_time()
    vectors = np.concatenate([encode([t]) for t in texts])
    return vectors, (time.process_time() - started) * 1000 / len(texts)


def dense_r1(encoder: OnnxEncoder) -> float:
    """R@1 of JaQuAD dev questions against its passages, dense vectors only."""
    corpus = [json.loads(line) for line in (JAQUAD / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = [json.loads(line) for line in (JAQUAD / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    passages = encoder.passage([f"{c['title']}\n{c['text']}" for c in corpus])
    top = (encoder.query([q["question"] for q in questions]) @ passages.T).argmax(axis=1)
    return float(np.mean([corpus[t]["id"] in q["positive_ids"] for t, q in zip(top, questions, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the JaQuAD R@1 runs")
    parser.add_argument("--service", action="store_true",
                        help="also answer seed-dev and JaQuAD dev through the service with each quantised export")
    args = parser.parse_args()
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model_dir = get_settings().model_dir
    work = get_settings().cache_dir / "bench-quantisation"
    work.mkdir(parents=True, exist_ok=True)
    fused = work / "fused.onnx"
    if not fused.exists():
        shape = export._export_fp32(model_dir, work / "fp32.onnx")
        export._optimise(work / "fp32.onnx", fused, shape["heads"], shape["dims"])
    kept = export.ffn_down_projections(fused)

    def quantised(weights: QuantType, exclude: list[str]) -> Callable[[Path], object]:
        return lambda target: quantize_dynamic(str(fused), str(target), weight_type=weights, per_channel=True,
                                               nodes_to_exclude=exclude,
                                               extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})

    builds = {"fp32": lambda target: shutil.copy(fused, target),
              "uint8, FFN down fp32": quantised(QuantType.QUInt8, kept),
              "int8, FFN down fp32": quantised(QuantType.QInt8, kept),
              "int8, everything": quantised(QuantType.QInt8, []),
              "uint8, everything": quantised(QuantType.QUInt8, [])}
    questions = [json.loads(line)["question"] for line in SEED_DEV.read_text(encoding="utf-8").splitlines() if line]
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 8][:300]
    reference: tuple[np.ndarray, np.ndarray] | None = None
    rows = []
    for n, (name, build) in enumerate(builds.items()):
        encoder = variant(work, model_dir, f"v{n}", build)
        queries, query_ms = cpu_ms(encoder.query, questions)
        passages, line_ms = cpu_ms(encoder.passage, lines)
        reference = reference or (queries, passages)
        cq, cp = (queries * reference[0]).sum(axis=1), (passages * reference[1]).sum(axis=1)
        row = {"recipe": name, "query_cosine": [round(float(cq.min()), 4), round(float(cq.mean()), 4)],
               "passage_cosine": [round(float(cp.min()), 4), round(float(cp.mean()), 4)],
               "query_cpu_ms": round(query_ms, 2), "line_cpu_ms": round(line_ms, 2)}
        if not args.quick:
            row["jaquad_dense_r1"] = round(dense_r1(encoder), 4)
        if args.service and name != "fp32":
            # bench/encoder.py's hit@1 and accuracy, hybrid, indexes under the cache
            from encoder import quality

            from qa.index.embed import Embedder

            row["service"] = quality(Embedder(str(work / f"v{n}"), backend="onnx"), f"quantisation-v{n}")
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
