"""BM25 as sparse vectors, so that an engine's inner product over SPARSE_FLOAT_VECTOR fields is our BM25.

bm25s stores, for every (term, passage), idf(term) × tfc(term, passage) with the Lucene variant
(idf = ln(1 + (N − df + 0.5)/(df + 0.5)), tfc = tf / (tf + k1·(1 − b + b·dl/avgdl))). A passage's vector holds the
saturated term weights tfc (the passage side), a query's vector holds idf × (times the term is in the query)
(the query side), so that Σ query·passage = the bm25s score exactly. The vocabulary and the idf of every term are
stored with the collection, so that a replica turns a question into the same sparse vector the build would.
No library turns a fitted bm25s index into engine-ready sparse rows, hence this module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np


@dataclass
class BM25Stats:
    """What the query side needs: term → id, idf per id, and the passage count (N)."""

    vocab: dict[str, int]
    idf: np.ndarray
    num_docs: int

    def query_vector(self, terms: list[str]) -> dict[int, float]:
        """The query's sparse vector: idf × multiplicity for each known term (unknown terms score nothing)."""
        counts = Counter(self.vocab[t] for t in terms if t in self.vocab)
        return {int(i): float(self.idf[i]) * n for i, n in counts.items()}

    def df(self, term: str) -> int:
        """Passages that hold the term (0 when unknown), recovered from its idf."""
        i = self.vocab.get(term)
        if i is None:
            return 0
        # idf = ln((N + 1)/(df + 0.5))  <=>  df = (N + 1)/e^idf - 0.5
        return int(round((self.num_docs + 1) / np.exp(self.idf[i]) - 0.5))

    def to_json(self) -> dict[str, object]:
        terms = [""] * len(self.vocab)
        for term, i in self.vocab.items():
            terms[i] = term
        return {"terms": terms, "idf": [float(x) for x in self.idf], "num_docs": self.num_docs}

    @classmethod
    def from_json(cls, data: dict) -> BM25Stats:  # type: ignore[type-arg]
        return cls({t: i for i, t in enumerate(data["terms"])}, np.asarray(data["idf"], dtype=np.float64),
                   int(data["num_docs"]))


def _scores_csc(retriever) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:  # type: ignore[no-untyped-def]
    scores = retriever.scores
    return (np.asarray(scores["data"]), np.asarray(scores["indices"]), np.asarray(scores["indptr"]),
            int(scores["num_docs"]))


def bm25_stats(retriever) -> BM25Stats:  # type: ignore[no-untyped-def]
    """The query-side statistics of a fitted bm25s index (Lucene idf from each term's document frequency)."""
    _, _, indptr, num_docs = _scores_csc(retriever)
    df = np.diff(indptr).astype(np.float64)
    idf = np.log(1.0 + (num_docs - df + 0.5) / (df + 0.5))
    return BM25Stats(dict(retriever.vocab_dict), idf, num_docs)


def passage_vectors(retriever) -> list[dict[int, float]]:  # type: ignore[no-untyped-def]
    """One sparse vector per passage (in index order): term id → saturated term weight (score / idf).

    Returns:
        A list of N dicts; a passage without terms gets {} (engines then never return it for BM25).
    """
    data, indices, indptr, num_docs = _scores_csc(retriever)
    idf = bm25_stats(retriever).idf
    rows: list[dict[int, float]] = [{} for _ in range(num_docs)]
    for term in range(len(indptr) - 1):
        a, b = indptr[term], indptr[term + 1]
        if a == b or idf[term] <= 0:
            continue
        weights = data[a:b] / idf[term]
        for doc, w in zip(indices[a:b].tolist(), weights.tolist(), strict=True):
            rows[doc][term] = w
    return rows
