"""The embedding model: sentence-transformers from local files, with prompts taken from its own config."""

from __future__ import annotations

import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future

import numpy as np


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
    """Encodes passages and queries; repeated queries come from a small cache."""

    def __init__(self, name: str, device: str = "cpu", cache_size: int = 1024) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # the unused BERT pooler is reported as "newly initialised"
        local = os.path.isdir(name)
        self.name = name
        self.model = SentenceTransformer(name, device=device, local_files_only=local)
        self.prompts = self.model.prompts or {}
        self.max_tokens = int(self.model.max_seq_length or 512)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._batcher = QueryBatcher(self._encode_queries)

    @property
    def dim(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def _prompt(self, kind: str) -> str | None:
        return kind if kind in self.prompts else None

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a passage, prompt and specials included."""
        prefix = self.prompts.get("passage", "")
        return len(self.model.tokenizer(prefix + text, add_special_tokens=True)["input_ids"])

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """L2-normalised passage vectors (float32)."""
        vectors = self.model.encode(texts, prompt_name=self._prompt("passage"), batch_size=batch_size,
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=progress)
        return np.asarray(vectors, dtype=np.float32)

    def clear_cache(self) -> None:
        """Forget cached query vectors (evaluations and benchmarks measure cold queries)."""
        with self._cache_lock:
            self._cache.clear()

    def _encode_queries(self, texts: list[str]) -> np.ndarray:
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
