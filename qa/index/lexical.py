"""The BM25 index (bm25s) over lemmas and character bigrams, built from token ids streamed per passage.

Token strings are turned into ids as each passage is tokenised, so memory holds one small int list per
passage instead of one string object per token: at a million passages that is the difference between
fitting in 24 GiB and not (bench/scale.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

from qa.index.tokenize import index_terms


def build_bm25(texts: Iterable[str]) -> bm25s.BM25:
    """A BM25 index of `texts` (in order); query it with `index_terms(query)`.

    Args:
        texts: the passages' index texts.

    Returns:
        The fitted bm25s index, whose vocabulary maps terms to the ids used here.
    """
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(term, len(vocab)) for term in index_terms(text)] for text in texts]
    retriever = bm25s.BM25()
    retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    return retriever


class Postings:
    """A built bm25s index's precomputed scores (one column of (passage, BM25 weight) per term, passages in order),
    searched for the top k with MaxScore pruning.

    bm25s's numpy backend adds every query term's whole column into a score vector (`np.add.at`) and then ranks every
    passage. At a million passages a title question's ~30 terms (lemmas and bigrams) hold ~2.8 million postings, most
    of them in a few terms every other passage has (「目的」 of each program's 目的 section), and that was ~40-60 % of
    a question's CPU under load (py-spy, `bench/ask_profile.py`). Those common terms weigh little (low IDF), so, as
    MaxScore does (Turtle & Flood 1995): terms are read rarest first; once the terms left can add at most less than
    the k-th best score found so far, no passage they alone reach can enter the top k, and they are only looked up
    (binary search in their sorted columns) for the passages already found that could still make it. The top k is
    exact: every score is the sum bm25s computes (up to float32 rounding of a term repeated in the query). Written
    by hand because no BM25 library here prunes over a memory-mapped index (bm25s's numba backend does not prune).

    Args:
        scores: `bm25s.BM25.scores` ("data", "indices", "indptr", "num_docs"), memory-mapped or not.
    """

    # A term whose column is shorter than this is always read whole: cheap, and it sets the k-th best score early.
    SHORT = 20_000

    def __init__(self, scores: dict) -> None:
        # Plain ndarray views of the (memory-mapped) arrays: no copy, no np.memmap object per slice.
        self.data = np.asarray(scores["data"])
        self.indices = np.asarray(scores["indices"])
        self.indptr = np.asarray(scores["indptr"])
        self.num_docs = int(scores["num_docs"])
        self._max: dict[int, float] = {}  # term id -> its largest weight, read on first use (pages of that column)

    def scores(self, term_ids: list[int]) -> np.ndarray:
        """BM25 score of every passage for these term ids (a repeated id counts again), float32 (num_docs,)."""
        scores = np.zeros(self.num_docs, dtype=np.float32)
        for term in term_ids:
            start, end = int(self.indptr[term]), int(self.indptr[term + 1])
            scores[self.indices[start:end]] += self.data[start:end]
        return scores

    def _bound(self, term: int) -> float:
        if term not in self._max:
            start, end = int(self.indptr[term]), int(self.indptr[term + 1])
            self._max[term] = float(self.data[start:end].max()) if end > start else 0.0
        return self._max[term]

    def top(self, term_ids: list[int], k: int, weight_mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The k best passages with a positive score: (passage indexes, scores), best first, ties in passage order.

        Args:
            term_ids: vocabulary ids of the query's terms (a repeated id counts again).
            k: how many at most (>= 1).
            weight_mask: (num_docs,) 0/1 weights multiplied into the scores (0 leaves a passage out), or None.
        """
        terms, counts = np.unique(np.asarray(term_ids, dtype=np.int64), return_counts=True)
        starts, ends = self.indptr[terms].astype(np.int64), self.indptr[terms + 1].astype(np.int64)
        order = np.argsort(ends - starts, kind="stable")  # rarest first
        terms, counts, starts, ends = terms[order], counts[order], starts[order], ends[order]
        bounds = np.array([self._bound(int(t)) for t in terms], dtype=np.float64) * counts
        rest = np.append(np.cumsum(bounds[::-1])[::-1], 0.0)  # rest[i]: the most terms i.. can add to any passage
        scores = np.zeros(self.num_docs, dtype=np.float32)
        threshold = 0.0  # a lower bound of the k-th best score (scores only grow as terms are added)
        read, since = 0, self.num_docs  # postings read since the threshold was last found
        for read in range(len(terms) + 1):
            if read == len(terms) or (rest[read] < threshold and ends[read] - starts[read] >= self.SHORT):
                break
            start, end = starts[read], ends[read]
            scores[self.indices[start:end]] += self.data[start:end] * np.float32(counts[read])
            since += end - start
            # The k-th best is found (a pass over every passage) only when it could stop the reading (the terms left
            # add less than what the terms read can give a passage at most) and a quarter of that pass has been
            # read since it was last found: finding it never costs more than the reading it may save.
            if read + 1 < len(terms) and ends[read + 1] - starts[read + 1] >= self.SHORT \
                    and rest[read + 1] < rest[0] - rest[read + 1] and since * 4 >= self.num_docs:
                threshold, since = self._kth(scores, k, weight_mask), 0
        found = np.flatnonzero(scores > 0).astype(self.indices.dtype)  # (the columns' dtype: no copy per search)
        if weight_mask is not None:
            found = found[weight_mask[found] > 0]
        for left in range(read, len(terms)):
            # The passages found that the terms left could still lift to the k-th best, completed by lookups; each
            # term looked up raises the threshold and lowers what the rest can add, so fewer stay each time.
            if left == read or found.size <= self.SHORT:  # (a pass over many passages only once)
                threshold = max(threshold, self._kth(scores[found], k, None))
            found = found[scores[found] + rest[left] >= threshold]
            start, end = starts[left], ends[left]
            column = self.indices[start:end]
            if found.size * 16 > column.size:  # (binary searches would cost more than reading the column)
                scores[column] += self.data[start:end] * np.float32(counts[left])
                continue
            at = np.searchsorted(column, found)
            hit = at < column.size
            hit[hit] = column[at[hit]] == found[hit]
            scores[found[hit]] += self.data[start + at[hit]] * np.float32(counts[left])
        if found.size > k:
            found = found[np.argpartition(-scores[found], k - 1)[:k]]
        best = found[np.lexsort((found, -scores[found]))]
        return best, scores[best]

    @staticmethod
    def _kth(scores: np.ndarray, k: int, weight_mask: np.ndarray | None) -> float:
        """The k-th best positive score so far (0 while fewer than k passages have one)."""
        found = scores[scores > 0] if weight_mask is None else scores[(scores > 0) & (weight_mask > 0)]
        return float(np.partition(found, found.size - k)[found.size - k]) if found.size >= k else 0.0
