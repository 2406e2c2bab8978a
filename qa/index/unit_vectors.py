"""Passage vectors of every quotable unit (sentence, list item) of every program, computed at build time.

The answer's sentence selector (`qa.answer.select`) compares the question with each sentence of the chosen program
by the model's cosine. Encoding a program's ~7 sentences at question time was ~85 % of a 「〜の目的は？」 answer
(~190 of ~225 ms on the 10,000-passage synthetic build, 2 cores; `bench/ask_profile.py`), and a CPU cost that no
thread pool hides under concurrent load. The build encodes them once instead, as it encodes passages.

Two memory-mapped files in the build folder, keyed by the unit's text (not by program: copies and namesakes that
quote the same sentence share a row, and a unit missing from the file is simply encoded at question time):

- `unit-keys.npy`: uint64 (n,), sorted, the first 8 bytes of BLAKE2b of the unit text (UTF-8);
- `unit-vectors.f32.npy`: float32 (n, dim), row i the `Embedder.encode_passages` vector of the text of key i.

The vectors are the ones question time would compute (same function, same texts; the onnx backend encodes each
text alone, so a vector does not depend on what it was batched with), hence the same answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from qa.ingest.models import Document, Program

KEYS = "unit-keys.npy"
VECTORS = "unit-vectors.f32.npy"


def text_keys(texts: Iterable[str]) -> np.ndarray:
    """64-bit keys of texts, shape (n,) uint64 (collisions: ~n²/2⁶⁵, nil at a million sentences)."""
    return np.fromiter((int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "little")
                        for t in texts), dtype=np.uint64)


def unit_texts(programs: Iterable[Program], documents: dict[str, Document]) -> list[str]:
    """The distinct texts of every program's quotable units, in first-seen order."""
    from qa.answer.units import program_units

    return list(dict.fromkeys(u.text for p in programs for u in program_units(p, documents[p.document])))


def write_unit_vectors(folder: Path, texts: list[str], vectors: np.ndarray) -> int:
    """Write the two files into a build folder; returns how many distinct texts they hold.

    Args:
        folder: the (staged) build folder.
        texts: unit texts, shape (n,); duplicates keep their first vector.
        vectors: their passage vectors, float32 (n, dim).
    """
    keys = text_keys(texts)
    keys, first = np.unique(keys, return_index=True)  # sorted, for `searchsorted` at question time
    np.save(folder / KEYS, keys)
    np.save(folder / VECTORS, np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[first]))
    return int(keys.size)


def encode_units(folder: Path, programs: Iterable[Program], documents: dict[str, Document],
                 encode: Callable[[list[str]], np.ndarray]) -> int:
    """Encode every program's unit texts with `encode` (the build's `Embedder.encode_passages`) and write them."""
    texts = unit_texts(programs, documents)
    if not texts:
        return 0
    return write_unit_vectors(folder, texts, encode(texts))


class UnitVectors:
    """The build's unit vectors, memory-mapped (pages read for the rows a question looks up only).

    Args:
        folder: a build folder holding both files.
    """

    def __init__(self, folder: Path) -> None:
        self.keys = np.load(folder / KEYS, mmap_mode="r")
        self.vectors = np.load(folder / VECTORS, mmap_mode="r")

    @classmethod
    def open(cls, folder: Path | None) -> UnitVectors | None:
        """The folder's unit vectors, or None when it has none (a build made before they were written)."""
        if folder is None or not (folder / KEYS).exists() or not (folder / VECTORS).exists():
            return None
        return cls(folder)

    def lookup(self, texts: list[str]) -> np.ndarray | None:
        """Vectors of these texts, float32 (len(texts), dim), or None when any text is not in the file."""
        if not texts or not self.keys.size:
            return None
        wanted = text_keys(texts)
        rows = np.searchsorted(self.keys, wanted)
        if (rows >= self.keys.size).any() or (self.keys[np.minimum(rows, self.keys.size - 1)] != wanted).any():
            return None
        return np.asarray(self.vectors[rows], dtype=np.float32)
