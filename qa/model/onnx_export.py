"""Export the converted model to ONNX and quantise it to 8 bits, at install time (`qa model install`).

Steps, all offline and in a temporary folder beside the target, renamed in at the end:
1. `torch.onnx.export` (TorchScript exporter, eager attention) of the BertModel: inputs input_ids and
   attention_mask (token types are all zero for this model), output last_hidden_state, dynamic batch and length;
2. onnxruntime's transformer optimiser fuses embeddings + LayerNorm, attention, bias + GELU, skip + LayerNorm
   (skipped with a note if it fails: the unfused graph is correct, only slower);
3. `quantize_dynamic`, weights per output channel, activations quantised on the fly, the FFN down-projections (the
   MatMuls fed by GELU) kept fp32; int8 weights on a CPU with VNNI, uint8 elsewhere (`qa.index.onnx_encoder.RECIPE`).
   Measured against the fused fp32 graph on the 81 seed-dev questions and 300 seed lines (query cosine min/mean;
   passage min/mean; CPU ms per query and per seed line on one thread) and JaQuAD dev R@1 of the dense vectors alone
   (1,000 questions over 1,431 passages), on a CPU with AVX512-VNNI and AMX (`bench/quantisation.py`):

       recipe                                        query cosine    passage cosine   query ms  line ms  R@1
       fp32 graph                                                                                        0.697
       uint8, per channel, FFN down-projections fp32 0.9984/0.9989   0.9986/0.9991    11.0      15.0     0.696
       int8, per channel, FFN down-projections fp32  0.9982/0.9989   0.9986/0.9991     7.9       9.9     0.695  <- VNNI
       int8, per channel, everything                 0.9947/0.9969   0.9942/0.9971     4.2       6.5     0.693
       uint8, per channel, everything                0.9953/0.9970   0.9921/0.9971     9.1      13.0

   Everything int8 is 2.6x faster still, but its vectors move enough (cosine 0.994) that the selector and the
   abstention gate, fitted on the fp32-close vectors, answered differently (two tests' answers changed): it waits for
   their refit. Without VNNI, onnxruntime's u8s8 kernels add pairs of products in 16 bits, which can saturate (its
   quantisation docs advise u8u8 or reduce_range there); and post-GELU activations are heavy-tailed, so one scale per
   tensor for them costs the most precision (Bondarenko et al. 2021, "Understanding and Overcoming the Challenges of
   Efficient Transformer Quantization"). On a CPU without VNNI the uint8 recipe measured 13.1 ms against 17.5 ms for
   fp32, where int8-everything lost 0.015 of hybrid JaQuAD R@1 (0.846 vs 0.861);
4. a fidelity check against sentence-transformers fp32 on a few texts; an export below `MIN_COSINE` is refused.

Needs torch, transformers and sentence-transformers (there at install) and onnx + onnxruntime; optimum is not used.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from qa.index.onnx_encoder import (
    ONNX_FILE,
    RECIPE,
    RECIPE_PLAIN,
    RECIPE_VNNI,
    RECORD,
    OnnxEncoder,
    onnx_dir,
    read_record,
)

OPSET = 17
MIN_COSINE = 0.97
QUANTISATION = {RECIPE_VNNI: "dynamic: int8 weights per channel, activations uint8 at run time (VNNI); FFN down-projections fp32",
                RECIPE_PLAIN: "dynamic: uint8 weights per channel, activations uint8 at run time; FFN down-projections fp32"}
GELU_OPS = {"Gelu", "BiasGelu", "FastGelu", "QuickGelu"}
SAMPLES = {
    "passage": ["平成29年度補正予算額 25.0億円", "中小企業のIT導入を支援します。", "budget of the program",
                "サービス等生産性向上IT導入支援事業費の概要：補助率は2分の1以内、上限額は450万円です。"],
    "query": ["IT導入補助金の補助率は？", "じぎょうしょうけいのよさん", "What is the budget of the AI chip program?"],
}


class ExportFailed(RuntimeError):
    """The ONNX export, its quantisation or its fidelity check failed."""


def is_exported(model_dir: Path) -> bool:
    """An export exists and was made from this build of the model folder."""
    from qa.index.store import model_fingerprint

    record = read_record(model_dir)
    return (record is not None and record.get("source_fingerprint") == model_fingerprint(str(model_dir))
            and record.get("recipe") == RECIPE)


def _export_fp32(model_dir: Path, path: Path) -> dict[str, Any]:
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager", dtype=torch.float32).eval()

    class Encoder(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

    ids = torch.tensor([[0, 10, 11, 12, 2], [0, 13, 2, 1, 1]], dtype=torch.long)
    mask = (ids != 1).long()
    dynamic = {"batch": 0, "sequence": 1}
    axes = {name: {v: k for k, v in dynamic.items()} for name in ("input_ids", "attention_mask", "last_hidden_state")}
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation notices about the TorchScript exporter
        torch.onnx.export(Encoder(model), (ids, mask), str(path), dynamo=False, opset_version=OPSET,
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes=axes, do_constant_folding=True)
    config = model.config
    return {"dims": int(config.hidden_size), "heads": int(config.num_attention_heads), "layers": int(config.num_hidden_layers)}


def _optimise(source: Path, target: Path, heads: int, hidden: int) -> dict[str, int] | str:
    """Fused graph written to `target`; the fusion counts, or why it was skipped."""
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = optimize_model(str(source), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0)
        model.save_model_to_file(str(target))
        return {k: v for k, v in model.get_fused_operator_statistics().items() if v}
    except Exception as exc:  # an optimiser that does not know this graph: quantise the unfused one
        return f"skipped ({type(exc).__name__}: {exc})"


def ffn_down_projections(path: Path) -> list[str]:
    """Names of the MatMul nodes fed by a GELU: the fused GELU ops, or the Mul ending an unfused erf GELU
    (x·0.5·(1 + erf(x/√2))), found by looking up to four nodes back for an Erf."""
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    producer = {out: node for node in graph.node for out in node.output}

    def is_gelu(name: str, depth: int = 0) -> bool:
        node = producer.get(name)
        if node is None or depth > 4:
            return False
        if node.op_type in GELU_OPS or node.op_type == "Erf":
            return True
        return node.op_type in {"Mul", "Add", "Div"} and any(is_gelu(i, depth + 1) for i in node.input)

    return [node.name for node in graph.node if node.op_type == "MatMul" and is_gelu(node.input[0])]


def _quantise(source: Path, target: Path, recipe: str = RECIPE) -> int:
    """Quantise `source` into `target` by `recipe` (see the module docstring); returns how many MatMuls stayed fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    kept = ffn_down_projections(source)
    weights = QuantType.QInt8 if recipe == RECIPE_VNNI else QuantType.QUInt8
    # The quantiser advises "pre-processing" through the root logger (a warning that does not apply to a graph
    # with fused ops), which would also configure logging for the whole process if it had no handler yet: a handler
    # of our own and a raised level for the duration keep it out.
    root = logging.getLogger()
    quiet = logging.NullHandler()
    level = root.level
    root.addHandler(quiet)
    root.setLevel(logging.ERROR)
    try:
        # Fused ops (com.microsoft domain) defeat shape inference; their outputs are float32.
        quantize_dynamic(str(source), str(target), weight_type=weights, per_channel=True,
                         nodes_to_exclude=kept, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        root.removeHandler(quiet)
        root.setLevel(level)
    return len(kept)


def _fidelity(model_dir: Path) -> dict[str, float]:
    """Cosine of the 8-bit graph's vectors to sentence-transformers fp32 on the sample texts."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    reference = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    encoder = OnnxEncoder(model_dir)
    cosines = []
    for kind, texts in SAMPLES.items():
        ours = encoder.query(texts) if kind == "query" else encoder.passage(texts)
        ref = reference.encode(texts, prompt_name=kind, normalize_embeddings=True, convert_to_numpy=True)
        cosines.append((ours * ref).sum(axis=1))
    cos = np.concatenate(cosines)
    return {"texts": int(cos.size), "min_cosine": round(float(cos.min()), 5), "mean_cosine": round(float(cos.mean()), 5)}


def export(model_dir: Path, force: bool = False) -> Path:
    """Build `<model_dir>-onnx/` (idempotent; atomic rename at the end).

    Args:
        model_dir: the converted sentence-transformers folder.
        force: export again even if an export of this model build exists.

    Returns:
        The ONNX folder.

    Raises:
        ExportFailed: any step failed, or the 8-bit vectors are too far from fp32; nothing is left behind.
    """
    from qa.index.store import model_fingerprint

    model_dir = Path(model_dir)
    target = onnx_dir(model_dir)
    if is_exported(model_dir) and not force:
        return target
    started = time.time()
    try:
        import onnxruntime
    except ImportError as exc:
        raise ExportFailed(f"onnxruntime is not installed ({exc})") from exc
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".onnx-") as tmp:
        work = Path(tmp)
        staged = work / "onnx"
        staged.mkdir()
        try:
            shape = _export_fp32(model_dir, work / "fp32.onnx")
            fused = _optimise(work / "fp32.onnx", work / "fused.onnx", shape["heads"], shape["dims"])
            kept = _quantise(work / "fused.onnx" if isinstance(fused, dict) else work / "fp32.onnx", staged / ONNX_FILE)
        except Exception as exc:
            raise ExportFailed(f"{type(exc).__name__}: {exc}") from exc
        record: dict[str, Any] = {
            "source": str(model_dir), "source_fingerprint": model_fingerprint(str(model_dir)), "dims": shape["dims"],
            "opset": OPSET, "recipe": RECIPE, "quantisation": QUANTISATION[RECIPE], "fp32_matmuls": kept,
            "fusions": fused, "onnxruntime": onnxruntime.__version__,
        }
        (staged / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        # The check loads the staged files through the runtime path (OnnxEncoder reads `<model_dir>-onnx`).
        previous = work / "previous"
        if target.exists():
            target.rename(previous)
        staged.rename(target)
        try:
            fidelity = _fidelity(model_dir)
            if fidelity["min_cosine"] < MIN_COSINE:
                raise ExportFailed(f"8-bit vectors too far from fp32: min cosine {fidelity['min_cosine']}")
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            if previous.exists():
                previous.rename(target)
            raise
        record["fidelity"] = fidelity
        record["exported_in_s"] = round(time.time() - started, 1)
        (target / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
