"""The store interface: where a built index lives and how it is searched, chosen by `QA_STORE`.

- `embedded` (default): the build's files in the index folder (bm25s + FAISS), one process (`qa.index.store`).
- `milvus`: a Milvus collection shared by stateless replicas (`qa.index.milvus_store`); `QA_MILVUS_URI` is a
  file path (Milvus Lite, embedded) or `http://host:19530` (a Milvus server or cluster).

Both are filled from the same staged build folder (`qa.index.build.build` writes it, `Store.publish` takes it in)
and both answer through `LoadedIndex`, so that the retriever fuses the same two rankings the same way.
"""

from __future__ import annotations

import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from qa.index.passages import Passage
from qa.ingest.models import Document, Program

STORES = ("embedded", "milvus")


@dataclass(frozen=True)
class SearchFilter:
    """Scalar conditions on passages (all given ones must hold); amounts in 円, years as the Western fiscal year."""

    ministry: str | None = None
    department: str | None = None
    document: str | None = None
    year: int | None = None
    min_yen: int | None = None
    max_yen: int | None = None

    def accepts(self, row: dict[str, Any]) -> bool:
        """Whether a passage's scalar fields (see `scalar_fields`) meet the filter."""
        for name in ("ministry", "department", "document", "year"):
            wanted = getattr(self, name)
            if wanted is not None and row.get(name) != wanted:
                return False
        amount = row.get("amount", -1)
        if self.min_yen is not None and (amount < 0 or amount < self.min_yen):
            return False
        return not (self.max_yen is not None and (amount < 0 or amount > self.max_yen))


def scalar_fields(passage: Passage, program: Program | None) -> dict[str, Any]:
    """A passage's filterable fields: its program's ministry, department, fiscal year and 予算額 (円; -1 unknown)."""
    budget = program.budget if program else None
    return {
        "program_id": passage.program_id, "document": passage.document, "section": passage.section,
        "start": passage.start, "end": passage.end,
        "ministry": (program.ministry if program else None) or "",
        "department": (program.department if program else None) or "",
        "year": budget.fiscal_year if budget and budget.fiscal_year is not None else -1,
        "amount": budget.yen if budget and budget.yen is not None else -1,
    }


class LoadedIndex(ABC):
    """One build, ready to answer from: the program table in memory, passages searched in the store.

    Attributes:
        manifest: what the build recorded (counts, model, corpus fingerprints).
        documents: source documents by name (citations' offsets index their text).
        programs: the program table.
        version: the build's name; replicas compare it with the store's current one to know when to reload.
    """

    def __init__(self, version: str, manifest: dict[str, Any], documents: dict[str, Document],
                 programs: list[Program]) -> None:
        self.version = version
        self.manifest = manifest
        self.documents = documents
        self.programs = programs

    @cached_property
    def programs_by_id(self) -> dict[str, Program]:
        return {p.id: p for p in self.programs}

    @property
    def programs_parquet(self) -> Path | None:
        """The build's program table as Parquet (`qa.facts.columns`), when the store keeps the build's files; None
        otherwise (fact queries then make the same table from `programs`)."""
        return None

    def passage_at(self, program_id: str, document: str, section: str, start: int, end: int, page: int,
                   passage_id: str) -> Passage:
        """A passage rebuilt from its stored fields: its text is the document's own span."""
        program = self.programs_by_id.get(program_id)
        return Passage(id=passage_id, program_id=program_id, program_title=program.title if program else "",
                       document=document, section=section, start=start, end=end,
                       page=page if page >= 0 else None, text=self.documents[document].text[start:end])

    @property
    @abstractmethod
    def passage_count(self) -> int:
        """How many passages the build holds."""

    @abstractmethod
    def has_term(self, term: str) -> bool:
        """Whether a BM25 term is in the build's vocabulary."""

    @abstractmethod
    def term_df(self, term: str) -> int:
        """How many passages hold a BM25 term."""

    @abstractmethod
    def bm25_search(self, terms: list[str], k: int, where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        """Passages by BM25 over index terms (`qa.index.tokenize.index_terms`), best first, score > 0.

        Raises:
            StoreUnavailable: the store cannot be reached or read.
        """

    @abstractmethod
    def dense_search(self, vector: np.ndarray, k: int,
                     where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        """Passages by inner product with a normalised query vector (cosine), best first.

        Raises:
            StoreUnavailable: the store cannot be reached or read.
        """


class Store(ABC):
    """Where builds are published and read from."""

    kind: str

    @abstractmethod
    def load(self) -> LoadedIndex:
        """The current build.

        Raises:
            IndexNotFound: nothing has been published.
            IndexCorrupt: the current build is damaged.
            StoreUnavailable: the store cannot be reached.
        """

    @abstractmethod
    def publish(self, staged: Path, progress: bool = False) -> str:
        """Take in a finished staged build folder and make it current in one atomic switch; returns its version.
        Requests under way finish on the build they started with. `progress` shows a bar where copying is long."""

    @abstractmethod
    def current_version(self) -> str | None:
        """The current build's version (None: none yet); cheap enough to poll."""

    @abstractmethod
    def read_manifest(self) -> dict[str, Any]:
        """The current build's manifest (raises like `load`)."""

    def describe(self) -> str:
        """Where this store is, for logs and `qa index status` (no secrets)."""
        return self.kind


def publish_copy(store: Store, build: Path, progress: bool = False) -> str:
    """Publish a copy of a finished build folder (an embedded build), leaving the folder itself as it is: how an
    existing build moves to Milvus without embedding again (`qa index publish`, the benches, the tests).

    Returns:
        The version the store made current.
    """
    staged = build.parent / f".tmp-{build.name}"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(build, staged)
    try:
        return store.publish(staged, progress=progress)
    finally:
        shutil.rmtree(staged, ignore_errors=True)  # gone already when published; a failed publish leaves no copy


def open_store(index_dir: Path, kind: str | None = None) -> Store:
    """The configured store.

    Args:
        index_dir: the index folder (the embedded store's home; staging for every store).
        kind: "embedded" or "milvus" (default: `QA_STORE`).

    Raises:
        ValueError: an unknown store kind.
    """
    from qa.config import get_settings

    settings = get_settings()
    kind = kind or settings.store
    if kind == "embedded":
        from qa.index.store import EmbeddedStore

        return EmbeddedStore(index_dir)
    if kind == "milvus":
        from qa.index.milvus_store import MilvusStore

        uri = settings.milvus_uri or str(index_dir / "milvus.db")
        return MilvusStore(uri, token=settings.milvus_token, prefix=settings.milvus_collection,
                           timeout=settings.milvus_timeout_seconds, hnsw_threshold=settings.hnsw_threshold)
    raise ValueError(f"QA_STORE must be one of {', '.join(STORES)}, not {kind!r}")
