"""Retrieval: BM25 and dense rankings, plus program names, fused by reciprocal rank and grouped by program."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qa.index.embed import Embedder
from qa.index.passages import Passage
from qa.index.store import StoredIndex
from qa.index.tokenize import tokenize
from qa.retrieve.names import NameIndex

MODES = ("bm25", "dense", "hybrid")


@dataclass
class Hit:
    """A passage with its fused score and the ranks each retriever gave it (None: not in its top list)."""

    passage: Passage
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    dense_score: float | None = None


@dataclass
class ProgramHit:
    """A program with its fused score and its best passages."""

    program_id: str
    score: float
    hits: list[Hit]
    name_score: float = 0.0


class Retriever:
    """Searches one loaded index.

    Args:
        index: the loaded index.
        embedder: the query encoder (None allows bm25 mode only).
        rrf_k: reciprocal-rank-fusion constant.
    """

    def __init__(self, index: StoredIndex, embedder: Embedder | None, rrf_k: int = 60, depth: int = 100) -> None:
        self.index = index
        self.embedder = embedder
        self.rrf_k = rrf_k
        self.depth = depth
        self.names = NameIndex(index.programs)
        self.vocab = set(index.bm25.vocab_dict) if getattr(index.bm25, "vocab_dict", None) else set()
        # Document frequency per term, read off BM25's column pointers (one column per vocabulary term).
        self._df = np.diff(np.asarray(index.bm25.scores["indptr"])) if self.vocab else np.zeros(0)
        self._n = max(1, int(index.bm25.scores.get("num_docs", len(index.passages))) if self.vocab else 1)
        self.timings: dict[str, float] = {}

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term over passages; unseen terms weigh the most."""
        idx = self.index.bm25.vocab_dict.get(term) if self.vocab else None
        df = int(self._df[idx]) if idx is not None and idx < len(self._df) else 0
        return float(np.log(1.0 + self._n / (df + 0.5)))

    def bm25_ranking(self, query: str, depth: int) -> list[tuple[int, float]]:
        """(passage index, score) by BM25 over fugashi lemmas."""
        tokens = [t for t in tokenize(query) if t in self.vocab]
        if not tokens:
            return []
        k = min(depth, len(self.index.passages))
        docs, scores = self.index.bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def dense_ranking(self, query: str, depth: int) -> list[tuple[int, float]]:
        """(passage index, cosine) by the embedding model and FAISS."""
        if self.embedder is None:
            return []
        vector = self.embedder.encode_query(query)
        scores, ids = self.index.dense.search(vector[None, :], min(depth, len(self.index.passages)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]:
        """Passages for a query, best first.

        Args:
            query: the question (common names already expanded).
            k: how many passages.
            mode: bm25, dense or hybrid (both fused by reciprocal rank).

        Returns:
            Hits with fused scores and per-retriever ranks.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        rankings: dict[str, list[tuple[int, float]]] = {}
        if mode in ("bm25", "hybrid"):
            rankings["bm25"] = self.bm25_ranking(query, self.depth)
        if mode in ("dense", "hybrid"):
            rankings["dense"] = self.dense_ranking(query, self.depth)
        fused: dict[int, Hit] = {}
        for name, ranking in rankings.items():
            for rank, (idx, score) in enumerate(ranking):
                hit = fused.setdefault(idx, Hit(self.index.passages[idx], 0.0))
                hit.score += 1.0 / (self.rrf_k + rank + 1)
                hit.ranks[name] = rank + 1
                if name == "dense":
                    hit.dense_score = score
        return sorted(fused.values(), key=lambda h: -h.score)[:k]

    def search_programs(self, query: str, k: int = 5, mode: str = "hybrid", names: bool = True) -> list[ProgramHit]:
        """Programs for a query: passage rankings grouped by program, fused with program-name matches."""
        hits = self.search(query, k=self.depth, mode=mode)
        grouped: dict[str, list[Hit]] = {}
        for hit in hits:
            grouped.setdefault(hit.passage.program_id, []).append(hit)
        # Each retriever contributes the rank of the program's best passage, as in passage fusion.
        scores: dict[str, float] = {}
        for retriever in ("bm25", "dense"):
            best: dict[str, int] = {}
            for hit in hits:
                rank = hit.ranks.get(retriever)
                if rank is not None and rank < best.get(hit.passage.program_id, 1 << 30):
                    best[hit.passage.program_id] = rank
            for rank, pid in enumerate(sorted(best, key=best.get), 1):
                scores[pid] = scores.get(pid, 0.0) + 1.0 / (self.rrf_k + rank)
        name_scores: dict[str, float] = {}
        if names:
            matches = [m for m in self.names.match(query) if m.score >= 0.3]
            for rank, match in enumerate(matches, 1):
                name_scores[match.program.id] = match.score
                # A whole name in the question weighs as much as topping both retrievers.
                scores[match.program.id] = scores.get(match.program.id, 0.0) + 2.0 * match.score / (self.rrf_k + rank)
        ranked = sorted(scores, key=lambda pid: -scores[pid])[:k]
        return [ProgramHit(pid, scores[pid], grouped.get(pid, []), name_scores.get(pid, 0.0)) for pid in ranked]

    def dense_similarity(self, query: str, passages: list[Passage]) -> np.ndarray:
        """Cosine of the query to given passages (re-read from the FAISS store)."""
        if self.embedder is None or not passages:
            return np.zeros(len(passages), dtype=np.float32)
        position = {p.id: i for i, p in enumerate(self.index.passages)}
        vectors = np.vstack([self.index.dense.reconstruct(position[p.id]) for p in passages])
        return vectors @ self.embedder.encode_query(query)
