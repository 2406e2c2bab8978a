"""Past the threshold the dense index is compressed (HNSW over 8-bit codes) and its candidates re-scored exactly from the fp32
vectors memory-mapped beside it: same top results as exact search, filters kept, a damaged vector file reported.
Real FAISS, the real model, the seed corpus."""

from __future__ import annotations

import json

import faiss
import numpy as np
import pytest

from qa.config import get_settings
from qa.errors import IndexCorrupt
from qa.index import store as store_module
from qa.index.build import build, compressed_index
from qa.index.store import VECTORS, current_dir, load, search_params, sha256_file, top_exact
from qa.index.stores import SearchFilter
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

QUESTIONS = ["IT導入補助金の補助率は？", "事業承継の予算", "中小企業庁が担当の事業", "防災・減災の事業", "ものづくり補助金の対象者",
             "what is the budget for AI chips?", "じぎょうしょうけいのよさん", "農林水産業の輸出支援", "観光の予算はいくら？",
             "保育の受け皿の整備"]


def _build(corpus, index_dir, embedder, threshold: int) -> dict:
    """A build with `QA_HNSW_THRESHOLD` set to `threshold` (the setting the build reads)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(get_settings(), "hnsw_threshold", threshold)
        return build(corpus, index_dir, embedder=embedder)


@pytest.fixture(scope="module")
def seed_compressed(tmp_path_factory, embedder):
    """The seed corpus built with a threshold of 10 passages: compressed index + fp32 vectors."""
    index_dir = tmp_path_factory.mktemp("seed-compressed") / "index"
    _build(CORPUS, index_dir, embedder, threshold=10)
    return load(index_dir)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
    scores = vectors @ query
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    order = np.argsort(-scores, kind="stable")[:k]
    return [int(i) for i in order if np.isfinite(scores[i])]


# threshold relative to the small corpus's passage count -> what the build writes
CASES = [
    pytest.param(+100, "flat", "IndexFlatIP", False, id="far-below: exact flat, no npy"),
    pytest.param(0, "flat", "IndexFlatIP", False, id="at the threshold: still flat"),
    pytest.param(-1, "hnsw-sq8", "IndexHNSWSQ", True, id="one past: HNSW-SQ8 + fp32 npy"),
    pytest.param(-10_000, "hnsw-sq8", "IndexHNSWSQ", True, id="far past: HNSW-SQ8 + fp32 npy"),
]


@pytest.mark.parametrize(("offset", "kind", "faiss_type", "npy"), CASES)
def test_the_threshold_decides_flat_or_compressed_with_fp32_vectors(small_corpus, tmp_path, embedder, offset, kind,
                                                                     faiss_type, npy):
    passages = 9  # the small corpus's passage count (checked below)
    manifest = _build(small_corpus, tmp_path / "index", embedder, threshold=max(0, passages + offset))
    folder = current_dir(tmp_path / "index")
    index = load(tmp_path / "index")
    assert manifest["counts"]["passages"] == passages
    assert (manifest["dense_index"], manifest["dense"]["kind"]) == (faiss_type, kind)
    assert type(index.dense).__name__ == faiss_type
    assert (folder / VECTORS).exists() == npy == (VECTORS in manifest["checksums"])
    if npy:
        assert manifest["dense"]["rescore"] == {"vectors": VECTORS, "oversample": 4, "min_candidates": 50}
        assert (manifest["dense"]["M"], manifest["dense"]["efSearch"]) == (32, index.dense.hnsw.efSearch) == (32, 256)
        assert isinstance(index.vectors, np.memmap) and index.vectors.shape == (passages, 384)
        assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0, atol=1e-4)
    else:
        assert manifest["dense"]["rescore"] is None and index.vectors is None
    # Either way the exact vectors are at hand (what Milvus is filled with), and a passage finds itself first.
    vectors = index.exact_vectors()
    assert vectors.shape == (passages, 384)
    for row in range(passages):
        [(passage, score)] = index.dense_search(vectors[row], 1)
        assert passage.id == index.passages[row].id and score == pytest.approx(1.0, abs=1e-4)


def test_every_seed_passage_finds_itself_first_with_exact_scores(seed_compressed):
    index = seed_compressed
    assert type(index.dense).__name__ == "IndexHNSWSQ" and index.vectors is not None
    vectors = np.asarray(index.vectors)
    ids = {p.id: i for i, p in enumerate(index.passages)}
    recalls = []
    for row in range(len(vectors)):
        hits = index.dense_search(vectors[row], 10)
        got = [ids[p.id] for p, _ in hits]
        assert got[0] == row or vectors[got[0]] @ vectors[row] >= 1 - 1e-5  # itself, or an identical passage
        # Scores are exact inner products (not the 8-bit estimates), best first.
        assert np.allclose([s for _, s in hits], vectors[got] @ vectors[row], atol=1e-5)
        assert all(a >= b for (_, a), (_, b) in zip(hits, hits[1:], strict=False))
        recalls.append(len(set(got) & set(_exact(vectors, vectors[row], 10))) / 10)
    assert len(vectors) > 100 and np.mean(recalls) >= 0.95


def test_real_questions_get_the_exact_top_10(seed_compressed, embedder):
    index = seed_compressed
    vectors = np.asarray(index.vectors)
    ids = {p.id: i for i, p in enumerate(index.passages)}
    recalls, firsts = [], []
    for question in QUESTIONS:
        query = embedder.encode_query(question)
        got = [ids[p.id] for p, _ in index.dense_search(query, 10)]
        exact = _exact(vectors, query, 10)
        recalls.append(len(set(got) & set(exact)) / 10)
        firsts.append(got[0] == exact[0])
    assert all(firsts) and np.mean(recalls) >= 0.95


@pytest.mark.parametrize("exact_scan_rows", [0, 20_000], ids=["through the HNSW selector", "exact scan of the rows"])
@pytest.mark.parametrize("where", [SearchFilter(min_yen=10_000_000_000), SearchFilter(max_yen=2_000_000_000),
                                   SearchFilter(year=2017, min_yen=1), SearchFilter(document="nothing-of-that-name")],
                         ids=["min_yen", "max_yen", "year", "no match"])
def test_filters_restrict_compressed_results_to_the_exact_filtered_top(seed_compressed, embedder, monkeypatch,
                                                                       exact_scan_rows, where):
    monkeypatch.setattr(store_module, "EXACT_SCAN_ROWS", exact_scan_rows)
    index = seed_compressed
    vectors = np.asarray(index.vectors)
    mask = index._mask(where)
    ids = {p.id: i for i, p in enumerate(index.passages)}
    query = embedder.encode_query("中小企業の補助金")
    hits = index.dense_search(query, 20, where)
    got = [ids[p.id] for p, _ in hits]
    assert all(mask[i] for i in got)
    exact = _exact(vectors, query, 20, mask)
    assert len(got) == len(exact) == min(20, int(mask.sum()))
    if exact:
        assert got[0] == exact[0] and len(set(got) & set(exact)) / len(exact) >= 0.95


@pytest.mark.parametrize("kind", ["hnsw-sq8", "ivfpq"])
def test_both_compressed_kinds_re_scored_give_the_exact_top_within_a_selector(seed_compressed, kind):
    """The kind not chosen (IVF-PQ, see bench/compressed_vectors.py) still works through the same search path."""
    vectors = np.ascontiguousarray(seed_compressed.vectors)
    index = compressed_index(vectors, kind)
    allowed = np.arange(0, len(vectors), 3, dtype=np.int64)
    mask = np.zeros(len(vectors), dtype=bool)
    mask[allowed] = True
    for row in range(0, len(vectors), 3):
        _, candidates = index.search(vectors[row:row + 1], 50, params=search_params(index, allowed))
        ids, _ = top_exact(vectors, candidates[0][candidates[0] >= 0], vectors[row], 10)
        assert set(ids.tolist()) <= set(allowed.tolist())
        assert ids[0] == _exact(vectors, vectors[row], 1, mask)[0]


def _rewrite_checksum(folder, name: str) -> None:
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["checksums"][name] = sha256_file(folder / name)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def _missing(folder) -> None:
    (folder / VECTORS).unlink()


def _truncated(folder) -> None:
    path = folder / VECTORS
    path.write_bytes(path.read_bytes()[:1000])


def _truncated_unchecked(folder) -> None:  # the checksum agrees: np.load itself must fail cleanly
    _truncated(folder)
    _rewrite_checksum(folder, VECTORS)


def _wrong_shape(folder) -> None:  # a valid .npy of other vectors, checksum agreeing
    np.save(folder / VECTORS, np.zeros((3, 384), dtype=np.float32))
    _rewrite_checksum(folder, VECTORS)


def _wrong_dtype(folder) -> None:
    np.save(folder / VECTORS, np.zeros((9, 384), dtype=np.float16))
    _rewrite_checksum(folder, VECTORS)


@pytest.mark.parametrize(("damage", "message"), [
    (_missing, "missing: vectors.f32.npy"), (_truncated, "corrupted: vectors.f32.npy"),
    (_truncated_unchecked, "unreadable: vectors.f32.npy"), (_wrong_shape, r"vectors.f32.npy holds float32 \(3, 384\)"),
    (_wrong_dtype, "vectors.f32.npy holds float16"),
], ids=["missing", "truncated", "truncated, checksum agreeing", "wrong shape", "wrong dtype"])
def test_a_damaged_vector_file_is_reported_as_corrupt(small_corpus, tmp_path, embedder, damage, message):
    _build(small_corpus, tmp_path / "index", embedder, threshold=1)
    damage(current_dir(tmp_path / "index"))
    with pytest.raises(IndexCorrupt, match=message) as caught:
        load(tmp_path / "index")
    assert "qa index build" in str(caught.value)


def test_an_older_build_with_an_fp32_hnsw_index_still_loads_and_searches(small_corpus, tmp_path, embedder):
    """Builds made before compression (format 2, HNSWFlat past the threshold, no `dense` entry) keep serving."""
    _build(small_corpus, tmp_path / "index", embedder, threshold=1_000)
    folder = current_dir(tmp_path / "index")
    vectors = load(tmp_path / "index").exact_vectors()
    hnsw = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.add(vectors)
    faiss.write_index(hnsw, str(folder / "dense.faiss"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["dense"]
    manifest["dense_index"] = "IndexHNSWFlat"
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    _rewrite_checksum(folder, "dense.faiss")
    index = load(tmp_path / "index")
    assert index.vectors is None and np.allclose(index.exact_vectors(), vectors)
    where = SearchFilter(document="r6-tousho-table.txt")
    for row in range(len(vectors)):
        assert index.dense_search(vectors[row], 1)[0][0].id == index.passages[row].id
        assert index.dense_search(vectors[row], 1, where)[0][0].id == index.passages[row].id


def test_milvus_is_filled_with_the_fp32_vectors_of_a_compressed_build(small_corpus, tmp_path, embedder):
    from qa.index.milvus_store import MilvusStore
    from qa.index.stores import publish_copy

    _build(small_corpus, tmp_path / "index", embedder, threshold=1)
    embedded = load(tmp_path / "index")
    milvus = MilvusStore(str(tmp_path / "qa.db"))
    publish_copy(milvus, embedded.folder)
    served = milvus.load()
    for question in QUESTIONS[:3]:
        query = embedder.encode_query(question)
        a, b = embedded.dense_search(query, 5), served.dense_search(query, 5)
        assert [p.id for p, _ in a] == [p.id for p, _ in b]
        assert np.allclose([s for _, s in a], [s for _, s in b], atol=1e-4)
