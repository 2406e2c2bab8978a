"""Passages as memory-mapped columns: a Passage object is made only for the passages a search returns.

A build writes its passages into `passages/` (numpy files, memory-mapped when read):

- `rows.npy`: (n, 7) int32, per passage: codes of its program id, program title, document and section (indexes
  into `strings.json`), then start, end (character offsets into the document's text) and page (-1: none);
- `strings.json`: the distinct program ids, program titles, documents and sections, each a list;
- `ids.bin` / `id_offsets.npy`: the passage ids as UTF-8, one after the other, and (n + 1,) int64 byte offsets.

A passage's text is not stored: it is its document's text `[start:end]` (what `Passage` promises), sliced when
the passage is read. Against Passage objects read from JSON lines (~1.7 KB each with their text), this holds
~35 bytes a passage in the page cache, none of it heap: at 1M passages ~1.7 GB less resident memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from qa.index.passages import Passage
from qa.ingest.models import Document

PASSAGES_DIR = "passages"
_STRING_COLUMNS = ("program_id", "program_title", "document", "section")
PROGRAM, TITLE, DOCUMENT, SECTION, START, END, PAGE = range(7)


def write_passage_table(folder: Path, passages: Sequence[Passage], documents: Mapping[str, Document]) -> None:
    """Write `passages` as the columns of `folder/passages/` (see the module docstring).

    Raises:
        ValueError: a passage's text is not its document's span (it could not be read back from the span).
    """
    out = folder / PASSAGES_DIR
    out.mkdir(parents=True, exist_ok=True)
    codes: dict[str, dict[str, int]] = {name: {} for name in _STRING_COLUMNS}
    rows = np.empty((len(passages), 7), dtype=np.int32)
    ids: list[bytes] = []
    for i, p in enumerate(passages):
        if documents[p.document].text[p.start:p.end] != p.text:
            raise ValueError(f"passage {p.id}: its text is not {p.document}[{p.start}:{p.end}]")
        for column, value in zip(_STRING_COLUMNS, (p.program_id, p.program_title, p.document, p.section), strict=True):
            table = codes[column]
            rows[i, _STRING_COLUMNS.index(column)] = table.setdefault(value, len(table))
        rows[i, START:] = (p.start, p.end, -1 if p.page is None else p.page)
        ids.append(p.id.encode("utf-8"))
    np.save(out / "rows.npy", rows)
    offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in ids], out=offsets[1:])
    np.save(out / "id_offsets.npy", offsets)
    (out / "ids.bin").write_bytes(b"".join(ids))
    strings = {column: list(table) for column, table in codes.items()}  # dicts keep insertion order = code order
    (out / "strings.json").write_text(json.dumps(strings, ensure_ascii=False), encoding="utf-8")


MADE_PASSAGES = 8192  # Passages a table keeps made (~2 KB each with their text)


class PassageTable(Sequence[Passage]):
    """A build's passages, read from memory-mapped columns; indexing makes the Passage (text from `documents`).

    Args:
        folder: the `passages/` folder of a build.
        documents: the build's documents by name (a passage's text is a slice of one).
    """

    def __init__(self, folder: Path, documents: Mapping[str, Document]) -> None:
        # Plain ndarray views of the mapped files: indexing a np.memmap makes a memmap object per row (~10 µs).
        self.rows: np.ndarray = np.asarray(np.load(folder / "rows.npy", mmap_mode="r"))
        self._offsets: np.ndarray = np.asarray(np.load(folder / "id_offsets.npy", mmap_mode="r"))
        size = (folder / "ids.bin").stat().st_size
        # np.memmap refuses an empty file: a build always has passages, an empty table is only a test's.
        self._ids = memoryview(np.memmap(folder / "ids.bin", dtype=np.uint8, mode="r")) if size else memoryview(b"")
        strings = json.loads((folder / "strings.json").read_text(encoding="utf-8"))
        self.program_ids: list[str] = strings["program_id"]
        self._titles: list[str] = strings["program_title"]
        self.document_names: list[str] = strings["document"]
        self._sections: list[str] = strings["section"]
        self._documents = documents
        # Row -> the Passage made for it: a search reads ~200 rows a question and the same rows come back across
        # questions (at the seed, every row every time). Shared like the list a format-3 build loads; bounded.
        self._made: dict[int, Passage] = {}
        if self.rows.ndim != 2 or self.rows.shape[1] != 7 or len(self._offsets) != len(self.rows) + 1:
            raise ValueError(f"passage table in {folder} has rows {self.rows.shape}, offsets {self._offsets.shape}")

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | list[Passage]:
        if isinstance(i, slice):
            return [self._passage(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        i %= n
        made = self._made.get(i)
        if made is None:
            if len(self._made) >= MADE_PASSAGES:
                self._made = {}
            made = self._made[i] = self._passage(i)
        return made

    def __iter__(self) -> Iterator[Passage]:
        return (self._passage(i) for i in range(len(self)))

    def _passage(self, i: int) -> Passage:
        program, title, document, section, start, end, page = self.rows[i].tolist()
        name = self.document_names[document]
        a, b = self._offsets[i:i + 2].tolist()
        # Validated construction: with pydantic-core it is faster than `model_construct` (14 against 34 µs here).
        return Passage(id=str(self._ids[a:b], "utf-8"), program_id=self.program_ids[program],
                       program_title=self._titles[title], document=name, section=self._sections[section],
                       start=start, end=end, page=None if page < 0 else page,
                       text=self._documents[name].text[start:end])

    def program_codes(self) -> np.ndarray:
        """(n,) int32: per passage, the index of its program id in `program_ids`."""
        return np.asarray(self.rows[:, PROGRAM])

    def document_codes(self) -> np.ndarray:
        """(n,) int32: per passage, the index of its document in `document_names`."""
        return np.asarray(self.rows[:, DOCUMENT])
