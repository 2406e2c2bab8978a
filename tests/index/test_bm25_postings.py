"""BM25 scored over the build's postings gives bm25s's own scores and ranking, filtered or not, with every column read
or with the common ones pruned (MaxScore: `Postings.SHORT` 0 prunes from the first long column on)."""

from __future__ import annotations

import numpy as np
import pytest

from qa.index.lexical import Postings, exact_top
from qa.index.tokenize import index_terms

pytestmark = pytest.mark.slow

QUERIES = ["IT導入補助金の補助率は？", "水素ステーションの整備に関する事業", "中小企業 生産性 向上", "ものづくり補助金の予算額",
           "災害復旧", "省エネ 補助", "地域の観光を支援する事業はどれ？", "研究開発", "補助"]


def _ids(index, query: str) -> list[int]:  # noqa: ANN001 - a StoredIndex
    vocab = index.bm25.vocab_dict
    return [vocab[t] for t in index_terms(query) if t in vocab]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filtered", [False, True])
@pytest.mark.parametrize("short", [Postings.SHORT, 0])
def test_postings_rank_as_bm25s_does(seed_service, query, filtered, short, monkeypatch):
    monkeypatch.setattr(Postings, "SHORT", short)
    index = seed_service.index
    ids = _ids(index, query)
    assert ids
    n = index.passage_count
    mask = (np.arange(n) % 3 != 0).astype(np.float32) if filtered else None
    k = 5
    expected_docs, expected_scores = index.bm25.retrieve([ids], k=min(k, n), show_progress=False, n_threads=0,
                                                         weight_mask=mask)
    keep = expected_scores[0] > 0
    docs, scores = Postings(index.bm25.scores).top(ids, k, mask)
    assert np.allclose(scores, expected_scores[0][keep], rtol=1e-6)  # the same sums (rarest term first), best first
    assert set(docs) == set(expected_docs[0][keep]) or len(set(scores)) < len(scores)  # bm25s cuts ties anywhere
    assert all(scores[i] > scores[i + 1] or docs[i] < docs[i + 1] for i in range(len(docs) - 1))  # ties in order
    if filtered:
        assert not any(d % 3 == 0 for d in docs)


def test_a_term_repeated_in_the_query_counts_twice_as_in_bm25s(seed_service):
    index = seed_service.index
    ids = _ids(index, "補助金")
    postings = Postings(index.bm25.scores)
    assert np.allclose(postings.scores(ids + ids), 2 * postings.scores(ids))
    expected = index.bm25.get_scores(ids + ids)
    assert np.array_equal(postings.scores(ids + ids), expected)


def _random_postings(seed: int, docs: int = 5000, terms: int = 60) -> Postings:
    """A random index: columns from a handful of passages to nearly all of them (as common bigrams are), sorted
    passage indexes, weights falling with the column's length as BM25's IDF does."""
    rng = np.random.default_rng(seed)
    data, indices, indptr = [], [], [0]
    for t in range(terms):
        length = int(docs * min(0.9, 0.002 * 1.15 ** t))
        column = np.sort(rng.choice(docs, size=max(1, length), replace=False))
        indices.append(column.astype(np.int32))
        data.append((rng.random(column.size) * 3 / (1 + np.log1p(column.size))).astype(np.float32))
        indptr.append(indptr[-1] + column.size)
    return Postings({"data": np.concatenate(data), "indices": np.concatenate(indices),
                     "indptr": np.asarray(indptr, dtype=np.int64), "num_docs": docs})


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 10, 100])
def test_pruned_top_k_is_the_exact_top_k(seed, k, monkeypatch):
    monkeypatch.setattr(Postings, "SHORT", 0)  # every column past the first may be pruned
    postings = _random_postings(seed)
    rng = np.random.default_rng(100 + seed)
    for _ in range(20):
        query = list(rng.choice(60, size=int(rng.integers(2, 12)), replace=False))
        mask = (rng.random(postings.num_docs) > 0.3).astype(np.float32) if rng.random() < 0.3 else None
        full = postings.scores(query) * (1 if mask is None else mask)
        expected = np.sort(full[full > 0])[::-1][:k]
        docs, scores = postings.top(query, k, mask)
        assert np.allclose(scores, expected, rtol=1e-6)
        assert np.allclose(full[docs], scores, rtol=1e-6)


def _tied_postings(seed: int, docs: int = 4000) -> Postings:
    """Namesake copies as the synthetic corpus has them: every passage's columns repeated in 8 copies, so that many
    passages share each score and the k-th place is a tie among copies."""
    base = _random_postings(seed, docs=docs // 8, terms=40)
    data, indices, indptr = [], [], [0]
    for t in range(40):
        start, end = base.indptr[t], base.indptr[t + 1]
        column = (base.indices[start:end][None, :] + (docs // 8) * np.arange(8)[:, None]).ravel()
        order = np.argsort(column)
        indices.append(column[order].astype(np.int32))
        data.append(np.tile(base.data[start:end], 8)[order])
        indptr.append(indptr[-1] + column.size)
    return Postings({"data": np.concatenate(data), "indices": np.concatenate(indices),
                     "indptr": np.asarray(indptr, dtype=np.int64), "num_docs": docs})


@pytest.mark.parametrize("make", [_random_postings, _tied_postings], ids=["random", "namesakes"])
@pytest.mark.parametrize("short", [0, 50, Postings.SHORT])
@pytest.mark.parametrize("sample", [1, Postings.SAMPLE, 50])
@pytest.mark.parametrize("k", [1, 7, 100])
def test_top_k_is_exactly_the_first_k_by_score_then_passage(make, short, sample, k, monkeypatch):
    """Whatever is pruned and however the first bound is sampled, the top k is the one full scoring gives, ties cut
    in passage order (so the result never depends on the pruning)."""
    monkeypatch.setattr(Postings, "SHORT", short)
    monkeypatch.setattr(Postings, "SAMPLE", sample)
    postings = make(3)
    terms = int(len(postings.indptr) - 1)
    rng = np.random.default_rng(7)
    for _ in range(15):
        query = [int(t) for t in rng.choice(terms, size=int(rng.integers(1, 14)), replace=True)]  # repeats count twice
        mask = (rng.random(postings.num_docs) > 0.3).astype(np.float32) if rng.random() < 0.3 else None
        docs, scores = postings.top(query, k, mask)
        expected_docs, expected_scores = exact_top(postings, query, k, mask)
        assert np.array_equal(docs, expected_docs)
        assert np.array_equal(scores, expected_scores)


def test_score_arrays_are_reused_clean_across_threads(monkeypatch):
    """A search leaves its (reused) score array zeroed: many searches from many threads at once give what one thread
    alone gives, and at most `KEEP_BUFFERS` arrays are kept."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(Postings, "SHORT", 50)
    postings = _tied_postings(5)
    rng = np.random.default_rng(11)
    queries = [[int(t) for t in rng.choice(40, size=int(rng.integers(1, 12)))] for _ in range(120)]
    alone = [postings.top(q, 10) for q in queries]
    with ThreadPoolExecutor(16) as pool:
        together = list(pool.map(lambda q: postings.top(q, 10), queries * 3))
    for (docs, scores), (again_docs, again_scores) in zip(alone * 3, together, strict=True):
        assert np.array_equal(docs, again_docs) and np.array_equal(scores, again_scores)
    assert len(postings._free) <= Postings.KEEP_BUFFERS
    assert all(not buffer.any() for buffer in postings._free)
