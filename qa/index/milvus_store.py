"""The Milvus store: builds as Milvus collections that stateless `qa serve` replicas share.

A build is two collections: `PREFIX_<stamp>` holds one row per passage (its dense vector as FLOAT_VECTOR, its
BM25 term weights as SPARSE_FLOAT_VECTOR, see `qa.index.sparse`, and scalar fields usable as filters: program,
document, section, offsets, page, year, ministry, department, amount in 円); `PREFIX_<stamp>_meta` holds the
program table beside it (manifest, documents, programs, BM25 vocabulary and idf, as compressed chunks with their
sha256), which every replica keeps in memory to compose answers.

The current build is named by the collection alias `PREFIX` on a Milvus server or cluster. Milvus Lite has no
aliases (`create_alias` answers UNIMPLEMENTED, see ../shared/NOTES.md), so there a one-row collection
`PREFIX_current` names it instead; one upsert switches it atomically either way. Replicas poll
`current_version()` and reload when it changes (`qa.service.QAService.watch`).

Hybrid search runs the two ANN requests in Milvus and fuses them in the replica with the embedded store's own
fusion (`qa.retrieve.search.Retriever._fuse`): Milvus' rankers (RRF, WeightedRanker with arctan-normalised
scores) are not our convex fusion, and the answers must not depend on the store.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
import shutil
import warnings
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from qa.errors import IndexCorrupt, IndexNotFound, StoreUnavailable
from qa.index.passages import Passage
from qa.index.sparse import BM25Stats, PassageVectors, bm25_stats
from qa.index.stores import LoadedIndex, SearchFilter, Store, scalar_fields
from qa.ingest.models import Document, Program, share_fields_sets

log = logging.getLogger(__name__)

CHUNK = 60_000  # characters of base64 per meta row (VARCHAR holds at most 65,535 bytes)
BATCH = 1_000  # passages per insert: one insert of 20,000 sparse rows did not finish in minutes (NOTES.md)
META_PAGE = 50  # meta chunks per insert and per query: 3 MB, well under Milvus' result and message limits
KEEP = 2  # builds kept: the current one and the one before it (replicas that have not switched yet)
OUTPUT = ["program_id", "document", "section", "start", "end", "page"]
_STAMP = re.compile(r"[^0-9A-Za-z]")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def filter_expression(where: SearchFilter | None) -> str:
    """A Milvus boolean expression for a filter ("" for none)."""
    if where is None:
        return ""
    parts = [f'{name} == "{_escape(getattr(where, name))}"' for name in ("ministry", "department", "document")
             if getattr(where, name) is not None]
    if where.year is not None:
        parts.append(f"year == {int(where.year)}")
    if where.min_yen is not None:
        parts.append(f"amount >= {int(where.min_yen)}")
    if where.max_yen is not None:
        parts.append(f"amount >= 0 and amount <= {int(where.max_yen)}")
    return " and ".join(parts)


def _pack(text: str) -> list[str]:
    packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")
    return [packed[i:i + CHUNK] for i in range(0, len(packed), CHUNK)] or [""]


def _unpack(chunks: list[str]) -> str:
    return zlib.decompress(base64.b64decode("".join(chunks))).decode("utf-8")


def _unreachable(exc: BaseException, where: str) -> StoreUnavailable:
    message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return StoreUnavailable(f"Milvus store {where} cannot be used: {message}")


class MilvusIndex(LoadedIndex):
    """One build in Milvus: the program table in memory, passages searched in the collection."""

    def __init__(self, store: MilvusStore, collection: str, manifest: dict[str, Any], documents: dict[str, Document],
                 programs: list[Program], stats: BM25Stats) -> None:
        super().__init__(collection, manifest, documents, programs)
        self.store = store
        self.collection = collection
        self.stats = stats

    @property
    def passage_count(self) -> int:
        return int(self.manifest["counts"]["passages"])

    def has_term(self, term: str) -> bool:
        return term in self.stats.vocab

    def term_df(self, term: str) -> int:
        return self.stats.df(term)

    def _search(self, data: list[Any], field: str, k: int, where: SearchFilter | None) -> list[tuple[Passage, float]]:
        try:
            result = self.store.client.search(
                self.collection, data=data, anns_field=field, limit=max(1, min(k, 16_384)), timeout=self.store.timeout,
                filter=filter_expression(where), output_fields=OUTPUT,
                search_params={"metric_type": "IP", "params": {"drop_ratio_search": 0.0} if field == "sparse" else {}})
        except StoreUnavailable:
            raise
        except Exception as exc:  # grpc and Milvus errors alike: the store, not the question, failed
            raise _unreachable(exc, self.store.describe()) from exc
        out = []
        for hit in result[0]:
            e = hit["entity"]
            out.append((self.passage_at(e["program_id"], e["document"], e["section"], int(e["start"]), int(e["end"]),
                                        int(e["page"]), str(hit["id"])), float(hit["distance"])))
        return out

    def bm25_search(self, terms: list[str], k: int, where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        vector = self.stats.query_vector(terms)
        if not vector:
            return []
        return [(p, s) for p, s in self._search([vector], "sparse", k, where) if s > 0]

    def dense_search(self, vector: np.ndarray, k: int,
                     where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        return self._search([np.asarray(vector, dtype=np.float32).tolist()], "dense", k, where)


class MilvusStore(Store):
    """Builds as Milvus collections; the current one behind an alias (server) or a pointer row (Milvus Lite).

    Args:
        uri: a file path (Milvus Lite) or http(s)://host:port (Milvus server or cluster).
        token: Milvus token ("user:password" or an API key), "" for none.
        prefix: collection name prefix.
        timeout: seconds to wait for Milvus on each call.
        hnsw_threshold: past this many passages a server's dense index is HNSW (Milvus Lite supports FLAT only).
    """

    kind = "milvus"

    def __init__(self, uri: str, token: str = "", prefix: str = "qa", timeout: float = 10.0,
                 hnsw_threshold: int = 50_000) -> None:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,100}", prefix):
            raise ValueError(f"QA_MILVUS_COLLECTION must be letters, digits and _ (not {prefix!r})")
        self.uri = uri
        self.token = token
        self.prefix = prefix
        # Whole seconds: pymilvus bounds its retries by `timeout` only when it is an int (a float 3.0 is ignored
        # and a dead server is retried 75 times, minutes), see pymilvus.decorators.retry_on_rpc_failure.
        self.timeout = max(1, math.ceil(timeout))
        self.hnsw_threshold = hnsw_threshold
        self.lite = not urlparse(uri).scheme.startswith(("http", "tcp", "grpc", "unix"))
        self._client: Any = None
        self._aliases: bool | None = None

    # -- connection -------------------------------------------------------------------------------------------

    def describe(self) -> str:
        """The store without its token: `milvus lite (file.db)` or `milvus http://host:19530`."""
        if self.lite:
            return f"milvus lite ({Path(self.uri).name})"
        parsed = urlparse(self.uri)
        return f"milvus {parsed.scheme}://{parsed.hostname}:{parsed.port or 19530}"

    @property
    def client(self) -> Any:
        """The MilvusClient, connected on first use.

        Raises:
            StoreUnavailable: Milvus cannot be reached (or the Milvus Lite file cannot be opened).
        """
        if self._client is None:
            try:
                # milvus-lite imports pkg_resources (deprecated): not our users' concern.
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
                    from pymilvus import MilvusClient

                    # pymilvus logs every failed call as an ERROR with a long dump; the StoreUnavailable raised here
                    # says it in one line (and Milvus Lite's UNIMPLEMENTED for aliases is an answer, not an error).
                    # Its import configures both loggers, so their levels are set after it.
                    for name in ("pymilvus", "pymilvus.milvus_client"):
                        logging.getLogger(name).setLevel(logging.CRITICAL)
                    if self.lite:
                        Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
                    self._client = MilvusClient(uri=self.uri, token=self.token, timeout=self.timeout)
            except Exception as exc:
                raise _unreachable(exc, self.describe()) from exc
        return self._client

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", self.timeout)
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except StoreUnavailable:
            raise
        except Exception as exc:
            raise _unreachable(exc, self.describe()) from exc

    @property
    def aliases(self) -> bool:
        """Whether this Milvus has collection aliases (a server does; Milvus Lite answers UNIMPLEMENTED)."""
        if self._aliases is None:
            try:
                self.client.list_aliases(collection_name="", timeout=self.timeout)
                self._aliases = True
            except StoreUnavailable:
                raise
            except Exception as exc:
                if "UNIMPLEMENTED" not in repr(exc).upper() and "UNIMPLEMENTED" not in str(getattr(exc, "code", "")):
                    raise _unreachable(exc, self.describe()) from exc
                self._aliases = False
        return self._aliases

    # -- the current build ------------------------------------------------------------------------------------

    @property
    def pointer(self) -> str:
        return f"{self.prefix}_current"

    def current_version(self) -> str | None:
        """The current build's collection, read from the alias or the pointer row (None: none published)."""
        if self.aliases:
            try:
                return str(self.client.describe_alias(self.prefix, timeout=self.timeout)["collection_name"])
            except Exception as exc:
                if "not" in str(exc).lower() and "exist" in str(exc).lower() or "not found" in str(exc).lower():
                    return None
                raise _unreachable(exc, self.describe()) from exc
        if not self._call("has_collection", self.pointer):
            return None
        rows = self._call("query", self.pointer, filter='key == "current"', output_fields=["target"],
                          consistency_level="Strong")
        return str(rows[0]["target"]) if rows else None

    def _switch(self, collection: str) -> None:
        """Make `collection` current in one atomic step."""
        from pymilvus import DataType

        if self.aliases:
            if self.current_version() is None:
                self._call("create_alias", collection, self.prefix)
            else:
                self._call("alter_alias", collection, self.prefix)
            return
        if not self._call("has_collection", self.pointer):
            schema = self.client.create_schema(auto_id=False)
            schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=64)
            schema.add_field("target", DataType.VARCHAR, max_length=256)
            schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus requires a vector field in a collection
            index = self.client.prepare_index_params()
            index.add_index("v", index_type="FLAT", metric_type="L2")
            self._call("create_collection", self.pointer, schema=schema, index_params=index,
                       consistency_level="Strong")
        self._call("upsert", self.pointer, [{"key": "current", "target": collection, "v": [0.0, 0.0]}])

    def builds(self) -> list[str]:
        """Collections of builds under this prefix, oldest first (their stamps sort by time)."""
        names = self._call("list_collections")
        pattern = re.compile(rf"{re.escape(self.prefix)}_\d{{8}}T\w+Z")  # not PREFIX_current, not ..._meta
        return sorted(n for n in names if pattern.fullmatch(n))

    # -- reading ----------------------------------------------------------------------------------------------

    def _meta(self, collection: str) -> dict[str, str]:
        """The build's blobs (manifest, documents, programs, BM25 statistics, checksums), read back in pages.

        One query's result is capped by Milvus (a 1M-passage build's program table and documents, ~1,000 chunks of
        60,000 characters, came back as "query results exceed the limit size"), so the keys come first, then the
        chunks META_PAGE at a time. A build has at most 16,384 chunks (Milvus' largest query window), ~1 GB packed.
        """
        table = f"{collection}_meta"
        keys = sorted(str(r["key"]) for r in self._call("query", table, filter='key != ""', output_fields=["key"],
                                                        limit=16_384, consistency_level="Strong"))
        parts: dict[str, list[tuple[int, str]]] = {}
        for i in range(0, len(keys), META_PAGE):
            listed = ", ".join(f'"{_escape(k)}"' for k in keys[i:i + META_PAGE])
            for row in self._call("query", table, filter=f"key in [{listed}]", output_fields=["key", "data"],
                                  consistency_level="Strong"):
                name, _, n = str(row["key"]).rpartition(":")
                parts.setdefault(name, []).append((int(n), row["data"]))
        return {name: _unpack([d for _, d in sorted(chunks)]) for name, chunks in parts.items()}

    def read_manifest(self) -> dict[str, Any]:
        collection = self.current_version()
        if collection is None:
            raise IndexNotFound(f"no index in {self.describe()}: run `qa index build`")
        rows = self._call("query", f"{collection}_meta", filter='key like "manifest:%"', output_fields=["key", "data"],
                          consistency_level="Strong")
        try:
            return json.loads(_unpack([r["data"] for r in sorted(rows, key=lambda r: r["key"])]))
        except (ValueError, zlib.error) as exc:
            raise IndexCorrupt(f"index manifest unreadable in {self.describe()}; rebuild with `qa index build`") from exc

    def load(self) -> MilvusIndex:
        collection = self.current_version()
        if collection is None:
            raise IndexNotFound(f"no index in {self.describe()}: run `qa index build`")
        try:
            meta = self._meta(collection)
            checksums = json.loads(meta.pop("checksums"))
            for name, digest in checksums.items():
                if hashlib.sha256(meta.get(name, "").encode("utf-8")).hexdigest() != digest:
                    raise IndexCorrupt(f"index part {name} missing or altered in {self.describe()}; "
                                       "rebuild with `qa index build`")
            manifest = json.loads(meta["manifest"])
            documents = {d.name: d for d in (Document.model_validate_json(x) for x in meta["documents"].splitlines() if x)}
            programs = [share_fields_sets(Program.model_validate_json(x)) for x in meta["programs"].splitlines() if x]
            stats = BM25Stats.from_json(json.loads(meta["bm25"]))
        except IndexCorrupt:
            raise
        except (KeyError, ValueError, zlib.error) as exc:
            raise IndexCorrupt(f"index unreadable in {self.describe()}: {type(exc).__name__}; "
                               "rebuild with `qa index build`") from exc
        rows = self._call("get_collection_stats", collection).get("row_count")
        if rows is not None and int(rows) != int(manifest["counts"]["passages"]):
            raise IndexCorrupt(f"index in {self.describe()} holds {rows} passages, its manifest "
                               f"{manifest['counts']['passages']}; rebuild with `qa index build`")
        return MilvusIndex(self, collection, manifest, documents, programs, stats)

    # -- publishing -------------------------------------------------------------------------------------------

    def _create(self, name: str, dim: int, passages: int) -> None:
        from pymilvus import DataType

        client = self.client
        schema = client.create_schema(auto_id=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=1024)
        for field, length in (("program_id", 1024), ("document", 1024), ("section", 1024), ("ministry", 512),
                              ("department", 1024)):
            schema.add_field(field, DataType.VARCHAR, max_length=length)
        for field in ("start", "end", "page", "year", "amount"):
            schema.add_field(field, DataType.INT64)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        index = client.prepare_index_params()
        # Milvus Lite, opened as a file or served over gRPC (the only Milvus here without aliases), has FLAT only.
        lite = self.lite or not self.aliases
        if lite or passages <= self.hnsw_threshold:
            index.add_index("dense", index_type="FLAT", metric_type="IP")
        else:
            index.add_index("dense", index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        for field in ("ministry", "department", "document", "program_id"):
            if not lite:  # scalar indexes speed filters on a server; Milvus Lite filters by scanning
                index.add_index(field, index_type="INVERTED")
        self._call("create_collection", name, schema=schema, index_params=index, consistency_level="Strong")

        meta = client.create_schema(auto_id=False)
        meta.add_field("key", DataType.VARCHAR, is_primary=True, max_length=256)
        meta.add_field("data", DataType.VARCHAR, max_length=65_535)
        meta.add_field("v", DataType.FLOAT_VECTOR, dim=2)
        meta_index = client.prepare_index_params()
        meta_index.add_index("v", index_type="FLAT", metric_type="L2")
        self._call("create_collection", f"{name}_meta", schema=meta, index_params=meta_index,
                   consistency_level="Strong")

    def publish(self, staged: Path, progress: bool = False) -> str:
        """Copy a staged build into new collections, switch to them, drop builds older than the previous one.

        Raises:
            StoreUnavailable: Milvus cannot be reached; nothing is switched and the partial build is dropped.
        """
        from qa.index.store import load_folder

        built = load_folder(staged)
        name = f"{self.prefix}_{_STAMP.sub('', staged.name.removeprefix('.tmp-'))}"
        vectors = built.exact_vectors()  # fp32, also when the embedded index is compressed
        stats = bm25_stats(built.bm25)
        sparse = PassageVectors(built.bm25, stats.idf)
        blank = len(stats.vocab)  # a term id no query has: gives a passage without terms a valid sparse row
        if self._call("has_collection", name):
            if name == self.current_version():  # this very build is already current (published twice)
                shutil.rmtree(staged, ignore_errors=True)
                return name
            for leftover in (name, f"{name}_meta"):  # what an interrupted publish of this build left
                self._call("drop_collection", leftover)
        try:
            self._create(name, vectors.shape[1], len(built.passages))
            blobs = {
                "manifest": json.dumps(built.manifest, ensure_ascii=False),
                "documents": "\n".join(d.model_dump_json() for d in built.documents.values()),
                "programs": "\n".join(p.model_dump_json() for p in built.programs),
                "bm25": json.dumps(stats.to_json(), ensure_ascii=False),
            }
            blobs["checksums"] = json.dumps({k: hashlib.sha256(v.encode("utf-8")).hexdigest() for k, v in blobs.items()})
            rows = [{"key": f"{key}:{n:05d}", "data": chunk, "v": [0.0, 0.0]}
                    for key, text in blobs.items() for n, chunk in enumerate(_pack(text))]
            for i in range(0, len(rows), META_PAGE):
                self._call("insert", f"{name}_meta", rows[i:i + META_PAGE])
            batches = range(0, len(built.passages), BATCH)
            if progress:
                from tqdm import tqdm

                batches = tqdm(batches, desc="Milvus insert", unit="batch")
            for i in batches:
                chunk, weights = [], sparse.rows(i, i + BATCH)
                for j in range(i, min(i + BATCH, len(built.passages))):
                    passage = built.passages[j]
                    row = scalar_fields(passage, built.programs_by_id.get(passage.program_id))
                    row.update(id=passage.id, page=passage.page if passage.page is not None else -1,
                               dense=vectors[j].tolist(), sparse=weights[j - i] or {blank: 1e-9})
                    chunk.append(row)
                self._call("insert", name, chunk)
            self._call("flush", name)
            self._switch(name)
        except BaseException:
            for leftover in (name, f"{name}_meta"):
                try:
                    if self.client.has_collection(leftover):
                        self.client.drop_collection(leftover)
                except Exception:  # the store is gone: nothing to tidy, the error below says why
                    pass
            raise
        for old in self.builds()[:-KEEP]:
            for collection in (old, f"{old}_meta"):
                self._call("drop_collection", collection)
        shutil.rmtree(staged, ignore_errors=True)
        log.info("published %s to %s (%d passages)", name, self.describe(), len(built.passages))
        return name
