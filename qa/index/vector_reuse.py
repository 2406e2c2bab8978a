"""Vectors of the build being served, reused by a rebuild for the texts it encodes again.

A rebuild (a document added or edited, a reader improved, `qa serve` finding the index stale) mostly encodes the
same texts as the build it replaces: on the national RS table (37,165 passages, 43,348 sentences) the encodes are
~97 % of a ~10-minute build on 2 cores. A vector is a function of its text (the onnx backend encodes each text alone,
so what it was batched with does not change it), so a text the previous build encoded with the same model needs no
second model run.

What is reused, keyed by the first 8 bytes of BLAKE2b of the text (`qa.index.unit_vectors.text_keys`):
- passages: `passage-keys.npy` (uint64, passage order; written by every build since this module) against the fp32
  vectors (`vectors.f32.npy` of a compressed build, else the flat index's own rows);
- sentences: `unit-keys.npy` / `unit-vectors.f32.npy` (both already keyed by text).

Both sides call the same `Embedder.encode_passages`, so one table serves passages and sentences alike. Nothing is
reused when the previous build was made by another model, backend or quantisation recipe (its manifest's
fingerprint differs), or when its files cannot be read (logged; the rebuild then encodes everything, as before).
A Milvus deployment stages in the index folder but serves from Milvus: there is no local `current` build to read,
and every build encodes all its texts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np

from qa.index.unit_vectors import KEYS as UNIT_KEYS
from qa.index.unit_vectors import VECTORS as UNIT_VECTORS
from qa.index.unit_vectors import text_keys

log = logging.getLogger(__name__)

PASSAGE_KEYS = "passage-keys.npy"


def write_passage_keys(folder: Path, texts: list[str]) -> None:
    """The text keys of a build's passages, uint64 (n,) in passage order, for the next build to reuse from."""
    np.save(folder / PASSAGE_KEYS, text_keys(texts))


def _passage_vectors(folder: Path, manifest: dict) -> np.ndarray | None:
    """The previous build's fp32 passage vectors (n, dim), memory-mapped where they are a file."""
    from qa.index.store import VECTORS

    if (folder / VECTORS).exists():
        return np.load(folder / VECTORS, mmap_mode="r")
    if (manifest.get("dense") or {}).get("kind") != "flat":
        return None
    import faiss

    index = faiss.read_index(str(folder / "dense.faiss"))
    return index.reconstruct_n(0, index.ntotal)


class ReusedVectors:
    """Text key -> vector of a previous build, for `encode` to look up before running the model.

    Args:
        keys: uint64 (n,), sorted, distinct.
        vectors: float32 (n, dim), row i the vector of the text of key i (may be a memory map).
        sources: what the keys came from, for the manifest ({"passages": n, "units": m}).
    """

    def __init__(self, keys: np.ndarray, vectors: np.ndarray, sources: dict[str, int]) -> None:
        self.keys = keys
        self.vectors = vectors
        self.sources = sources
        self.reused = 0

    @classmethod
    def empty(cls, dim: int) -> ReusedVectors:
        return cls(np.empty(0, dtype=np.uint64), np.empty((0, dim), dtype=np.float32), {})

    @classmethod
    def from_build(cls, folder: Path | None, fingerprint: str, dim: int) -> ReusedVectors:
        """The vectors of the build in `folder` when it was encoded by the model with this fingerprint, else none.

        Args:
            folder: the build being served (`index_dir/current` resolved), or None when there is none.
            fingerprint: the encoder's fingerprint (`Embedder.fingerprint`): model, backend and recipe.
            dim: the encoder's dimensions.
        """
        if folder is None or not folder.is_dir():
            return cls.empty(dim)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            model = manifest.get("model") or {}
            if model.get("fingerprint") != fingerprint or int(model.get("dims", -1)) != dim:
                return cls.empty(dim)
            parts: list[tuple[np.ndarray, np.ndarray]] = []
            sources: dict[str, int] = {}
            if (folder / PASSAGE_KEYS).exists():
                keys = np.load(folder / PASSAGE_KEYS)
                vectors = _passage_vectors(folder, manifest)
                if vectors is not None and vectors.shape == (keys.size, dim):
                    parts.append((keys, vectors))
                    sources["passages"] = int(keys.size)
            if (folder / UNIT_KEYS).exists() and (folder / UNIT_VECTORS).exists():
                keys, vectors = np.load(folder / UNIT_KEYS), np.load(folder / UNIT_VECTORS, mmap_mode="r")
                if vectors.shape == (keys.size, dim):
                    parts.append((keys, vectors))
                    sources["units"] = int(keys.size)
        except (OSError, ValueError, RuntimeError) as exc:  # unreadable or truncated files: encode everything
            log.warning("vectors of the previous build not reused (%s)", exc)
            return cls.empty(dim)
        if not parts:
            return cls.empty(dim)
        keys, first = np.unique(np.concatenate([k for k, _ in parts]), return_index=True)
        # Each distinct key's row gathered once, straight from its part (memory-mapped or not) into memory: at a
        # million passages ~1.5 GB, the size of the vectors the build makes.
        vectors = np.empty((first.size, dim), dtype=np.float32)
        start = 0
        for part_keys, part_vectors in parts:
            mine = (first >= start) & (first < start + part_keys.size)
            vectors[mine] = part_vectors[first[mine] - start]
            start += part_keys.size
        return cls(keys, vectors, sources)

    def encode(self, texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Vectors of `texts`, float32 (len(texts), dim): reused where a previous build encoded the same text,
        `encode` (the model) for the others only, in one call."""
        out = np.empty((len(texts), self.vectors.shape[1]), dtype=np.float32)
        found = np.zeros(len(texts), dtype=bool)
        if self.keys.size and texts:
            wanted = text_keys(texts)
            rows = np.minimum(np.searchsorted(self.keys, wanted), self.keys.size - 1)
            found = self.keys[rows] == wanted
            out[found] = self.vectors[rows[found]]
        missing = np.flatnonzero(~found)
        if missing.size:
            out[missing] = encode([texts[i] for i in missing])
        self.reused += int(found.sum())
        return out
