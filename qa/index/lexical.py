"""The BM25 index (bm25s) over lemmas and character bigrams, built from token ids streamed per passage.

Token strings are turned into ids as each passage is tokenised, so memory holds one small int list per
passage instead of one string object per token: at a million passages that is the difference between
fitting in 24 GiB and not (bench/scale.py).
"""

from __future__ import annotations

import threading
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
    searched for the top k with MaxScore pruning and a sampled first threshold.

    bm25s's numpy backend adds every query term's whole column into a score vector (`np.add.at`) and then ranks every
    passage. At a million passages the service's retrieval query (a title question's lemmas and bigrams plus the
    expansions, ~35 terms) holds ~2.5 million postings, most of them in a few terms every other passage has (「目的」 of
    each program's 目的 section). Those common terms weigh little (low IDF), so, as MaxScore does (Turtle & Flood
    1995): terms are read rarest first; once the terms left can add at most less than a lower bound of the k-th best
    score, no passage they alone reach can enter the top k, and they are only looked up (binary search in their
    sorted columns) for the passages already found that could still make it.

    The lower bound is what decides how much is read whole. It is taken from a sample: after the short columns (the
    rare terms, read whole), the `SAMPLE` × k passages that score best so far are completed by lookups in the
    columns left, and the k-th best of those complete scores is a score k real passages have, so the k-th best of all
    is at least that. On the 1M synthetic build's service queries this bound equals the true k-th best almost always,
    so ~1 % of the postings are read whole (median ~22k of ~2.5M) and no pass over every passage is made to find a
    k-th best (the pass, `np.partition` over a few hundred thousand scores, was a quarter of the search before).

    The top k is exact: every score is the sum bm25s computes, added in the same order (rarest term first) whichever
    way a term reaches it (up to float32 rounding of a term repeated in the query), and ties at the k-th place are
    cut in passage order (the lower index stays), so the result does not depend on how the search pruned. Written by
    hand because no BM25 library here prunes over a memory-mapped index (bm25s's numba backend does not prune).

    Args:
        scores: `bm25s.BM25.scores` ("data", "indices", "indptr", "num_docs"), memory-mapped or not.
    """

    # A term whose column is shorter than this is always read whole: cheap, and it finds the passages to sample.
    SHORT = 20_000
    # How many times k of the best passages found in the short columns are completed for the first lower bound.
    SAMPLE = 2
    # Score arrays kept for reuse (one per search running at once; each is 4 bytes a passage).
    KEEP_BUFFERS = 4

    def __init__(self, scores: dict) -> None:
        # Plain ndarray views of the (memory-mapped) arrays: no copy, no np.memmap object per slice.
        self.data = np.asarray(scores["data"])
        self.indices = np.asarray(scores["indices"])
        self.indptr = np.asarray(scores["indptr"])
        self.num_docs = int(scores["num_docs"])
        self._max: dict[int, float] = {}  # term id -> its largest weight, read on first use (pages of that column)
        # Zeroed (num_docs,) float32 arrays: a fresh one per search cost a 4 MB allocation and its page faults.
        self._free: list[np.ndarray] = []
        self._lock = threading.Lock()

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

    def _take(self) -> np.ndarray:
        with self._lock:
            if self._free:
                return self._free.pop()
        return np.zeros(self.num_docs, dtype=np.float32)

    def _give(self, scores: np.ndarray, dirty: list[np.ndarray]) -> None:
        """Zero what a search wrote (the columns it added, or the whole array when that is cheaper) and keep it."""
        if sum(column.size for column in dirty) * 8 > self.num_docs:
            scores.fill(0)
        else:
            for column in dirty:
                scores[column] = 0
        with self._lock:
            if len(self._free) < self.KEEP_BUFFERS:
                self._free.append(scores)

    def _lookup(self, docs: np.ndarray, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """Which of `docs` (sorted) the column [start:end) holds, and where: (hit mask, absolute positions)."""
        column = self.indices[start:end]
        at = np.searchsorted(column, docs)
        hit = at < column.size
        hit[hit] = column[at[hit]] == docs[hit]
        return hit, start + at[hit]

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
        weights = counts.astype(np.float32)
        bounds = np.array([self._bound(int(t)) for t in terms], dtype=np.float64) * counts
        rest = np.append(np.cumsum(bounds[::-1])[::-1], 0.0)  # rest[i]: the most terms i.. can add to any passage
        n = len(terms)
        scores = self._take()
        dirty: list[np.ndarray] = []  # the columns added whole (what to zero afterwards)

        def add(i: int) -> None:
            column = self.indices[starts[i]:ends[i]]
            scores[column] += self.data[starts[i]:ends[i]] * weights[i]
            dirty.append(column)

        try:
            threshold = 0.0  # a lower bound of the k-th best score
            read = 0
            while read < n and (read == 0 or ends[read] - starts[read] < self.SHORT):
                add(read)
                read += 1
            found = None  # the passages with a score (weight_mask applied), once listed
            tries = 0
            while read < n:
                if threshold <= rest[read] and tries < 3 and rest[read] < rest[0] - rest[read]:
                    # The terms read could give a passage more than the terms left: a bound may stop the reading.
                    tries += 1
                    found = self._found(scores, weight_mask)
                    threshold = max(threshold, self._sampled(scores, found, k, read, starts, ends, weights))
                if rest[read] < threshold:
                    break
                add(read)
                read += 1
                found = None
            if found is None:
                found = self._found(scores, weight_mask)
            for left in range(read, n):
                # The passages found that the terms left could still lift to the k-th best, completed by lookups; each
                # term looked up raises the threshold and lowers what the rest can add, so fewer stay each time.
                if found.size <= self.SHORT or (left == read and threshold == 0.0):  # (a pass over many only once)
                    threshold = max(threshold, self._kth(scores[found], k))
                found = found[scores[found] + rest[left] >= threshold]
                if found.size * 16 > ends[left] - starts[left]:  # (binary searches would cost more than the column)
                    add(left)
                    continue
                hit, at = self._lookup(found, int(starts[left]), int(ends[left]))
                scores[found[hit]] += self.data[at] * weights[left]
            if found.size > k:  # every passage tied with the k-th best, then the first k in (score, passage) order
                kth = scores[found[np.argpartition(-scores[found], k - 1)[k - 1]]]
                found = found[scores[found] >= kth]
            best = found[np.lexsort((found, -scores[found]))][:k]
            return best, scores[best].copy()
        finally:
            self._give(scores, dirty)

    def _found(self, scores: np.ndarray, weight_mask: np.ndarray | None) -> np.ndarray:
        """The passages with a positive score (and a weight), in passage order, as the columns' dtype."""
        found = np.flatnonzero(scores > 0).astype(self.indices.dtype)
        return found if weight_mask is None else found[weight_mask[found] > 0]

    def _sampled(self, scores: np.ndarray, found: np.ndarray, k: int, read: int, starts: np.ndarray,
                 ends: np.ndarray, weights: np.ndarray) -> float:
        """A lower bound of the k-th best score: the k-th best complete score of the `SAMPLE` × k passages that score
        best on the terms read so far (0 while fewer than k passages have a score)."""
        if found.size < k:
            return 0.0
        sample = found
        if found.size > self.SAMPLE * k:
            sample = np.sort(found[np.argpartition(-scores[found], self.SAMPLE * k - 1)[:self.SAMPLE * k]])
        complete = scores[sample]  # (a copy: the lookups below do not write into `scores`)
        for i in range(read, len(starts)):
            hit, at = self._lookup(sample, int(starts[i]), int(ends[i]))
            complete[hit] += self.data[at] * weights[i]
        return float(np.partition(complete, complete.size - k)[complete.size - k])

    @staticmethod
    def _kth(found: np.ndarray, k: int) -> float:
        """The k-th best of these positive scores (0 while fewer than k)."""
        return float(np.partition(found, found.size - k)[found.size - k]) if found.size >= k else 0.0


def exact_top(postings: Postings, query: list[int], k: int,
              mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The reference `Postings.top` is checked against: every query term's column added whole, rarest first (the
    order `top` adds in, so that float sums agree), then the first k by score and passage order.

    Args:
        postings: the index's columns.
        query: term ids, a term repeated as often as the query holds it.
        k: how many passages.
        mask: passages allowed (non-zero), or None for all.

    Returns:
        (passage ids, shape (≤ k,), their scores float32) best first.
    """
    terms, counts = np.unique(np.asarray(query, dtype=np.int64), return_counts=True)
    order = np.argsort(postings.indptr[terms + 1] - postings.indptr[terms], kind="stable")
    full = np.zeros(postings.num_docs, dtype=np.float32)
    for term, count in zip(terms[order], counts[order], strict=True):
        start, end = postings.indptr[term], postings.indptr[term + 1]
        full[postings.indices[start:end]] += postings.data[start:end] * np.float32(count)
    found = np.flatnonzero((full > 0) if mask is None else (full > 0) & (mask > 0))
    best = found[np.lexsort((found, -full[found]))][:k]
    return best, full[best]
