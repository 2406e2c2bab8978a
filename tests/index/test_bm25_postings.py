"""BM25 scored over the build's postings gives bm25s's own scores and ranking, filtered or not, with every column read
or with the common ones pruned (MaxScore: `Postings.SHORT` 0 prunes from the first long column on)."""

from __future__ import annotations

import numpy as np
import pytest

from qa.index.lexical import Postings
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
    assert set(docs) == set(expected_docs[0][keep]) or len(set(scores)) < len(scores)  # ties may be cut anywhere
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
