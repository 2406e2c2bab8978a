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


class PassageVectors:
    """The passages' sparse vectors (term id → saturated term weight = bm25s score / idf), read out a slice at a time.

    Held as one CSR matrix (about 12 bytes per stored weight) rather than a dict per passage, which at a million
    passages would take tens of GB of Python objects.

    Args:
        retriever: a fitted bm25s index.
        idf: its idf per term id (`bm25_stats(retriever).idf`, which the caller usually has already).
    """

    def __init__(self, retriever, idf: np.ndarray) -> None:  # type: ignore[no-untyped-def]
        from scipy.sparse import csc_matrix

        data, indices, indptr, num_docs = _scores_csc(retriever)
        per_term = np.repeat(idf, np.diff(indptr)).astype(np.float64)
        weights = np.divide(data, per_term, out=np.zeros(len(data)), where=per_term > 0)
        self._matrix = csc_matrix((weights, indices, indptr), shape=(num_docs, len(indptr) - 1)).tocsr()
        self.count = num_docs

    def rows(self, start: int, stop: int) -> list[dict[int, float]]:
        """Passages [start, stop) as {term id: weight} (a passage without terms gets {})."""
        out = []
        m = self._matrix
        for row in range(start, min(stop, self.count)):
            a, b = m.indptr[row], m.indptr[row + 1]
            out.append({int(t): float(w) for t, w in zip(m.indices[a:b], m.data[a:b], strict=True) if w > 0})
        return out


def passage_vectors(retriever) -> list[dict[int, float]]:  # type: ignore[no-untyped-def]
    """Every passage's sparse vector, in index order (small indexes and tests; `PassageVectors` streams)."""
    vectors = PassageVectors(retriever, bm25_stats(retriever).idf)
    return vectors.rows(0, vectors.count)
