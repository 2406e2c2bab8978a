"""The embedding model: sentence-transformers from local files, with prompts taken from its own config."""

from __future__ import annotations

import os
from collections import OrderedDict

import numpy as np


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
        self._cache.clear()

    def encode_query(self, text: str) -> np.ndarray:
        """L2-normalised query vector; cached, since people ask the same things again."""
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        vector = self.model.encode([text], prompt_name=self._prompt("query"), normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)[0].astype(np.float32)
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vector
