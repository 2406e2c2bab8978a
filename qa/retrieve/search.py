"""Retrieval: BM25 and dense rankings, plus program names, fused by reciprocal rank and grouped by program."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from qa.index.embed import Embedder
from qa.index.passages import Passage
from qa.index.stores import LoadedIndex, SearchFilter
from qa.index.tokenize import index_terms
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
    bm25_rank: int = 1 << 30  # best rank BM25 gave one of its passages
    dense_rank: int = 1 << 30  # best rank the dense retriever gave one of its passages
    dense_gap: float = 0.0  # query-level: dense cosine of rank 1 minus rank 10 (a flat list = no clear match)


class Retriever:
    """Searches one loaded index.

    Args:
        index: the loaded index.
        embedder: the query encoder (None allows bm25 mode only).
        fusion: "convex" (normalised scores, weighted sum) or "rrf" (reciprocal rank fusion).
        dense_weight: weight of the dense score in convex fusion.
        rrf_k: reciprocal-rank-fusion constant.
        depth: how many passages each retriever contributes.
        script_weights: dense weight per question script ("en", "kana"), overriding `dense_weight`; BM25 has no
            English words to match in Japanese documents, so English leans on the multilingual dense model.
    """

    def __init__(self, index: LoadedIndex, embedder: Embedder | None, fusion: str = "convex",
                 dense_weight: float = 0.5, rrf_k: int = 60, depth: int = 100,
                 script_weights: dict[str, float] | None = None) -> None:
        if fusion not in ("convex", "rrf"):
            raise ValueError("fusion must be 'convex' or 'rrf'")
        self.index = index
        self.embedder = embedder
        self.fusion = fusion
        self.dense_weight = dense_weight
        self.script_weights = script_weights or {}
        self.rrf_k = rrf_k
        self.depth = depth
        self.names = NameIndex(index.programs)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term over passages; unseen terms weigh the most."""
        n = max(1, self.index.passage_count)
        return float(np.log(1.0 + n / (self.index.term_df(term) + 0.5)))

    def bm25_ranking(self, query: str, depth: int, where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        """(passage, score) by BM25 over lemmas and character bigrams."""
        return self.index.bm25_search(list(self._query_terms(query)), depth, where)

    @cached_property
    def _query_terms(self) -> Callable[[str], tuple[str, ...]]:
        """`index_terms` of a query, once per query: one answer searches the same text more than once (a third of
        the searches over distinct seed questions), and tagging it is most of what BM25 costs here."""
        return lru_cache(maxsize=1024)(lambda query: tuple(index_terms(query)))

    def dense_ranking(self, query: str, depth: int, where: SearchFilter | None = None) -> list[tuple[Passage, float]]:
        """(passage, cosine) by the embedding model and the store's dense index."""
        if self.embedder is None:
            return []
        return self.index.dense_search(self.embedder.encode_query(query), depth, where)

    def weight_for(self, script: str) -> float:
        """The dense weight for a question written in this script ("ja", "kana", "en")."""
        return self.script_weights.get(script, self.dense_weight)

    def _fuse(self, rankings: dict[str, list[tuple[Passage, float]]],
              dense_weight: float | None = None) -> dict[str, Hit]:
        """Fused hits. Convex: BM25 divided by its best score, dense min-max scaled over its list, then
        weighted and summed (a passage missing from a list gets 0 there). RRF: sum of 1/(k + rank)."""
        fused: dict[str, Hit] = {}
        for name, ranking in rankings.items():
            if not ranking:
                continue
            values = [s for _, s in ranking]
            top, low = max(values), min(values)
            dw = self.dense_weight if dense_weight is None else dense_weight
            weight = 1.0 if len(rankings) == 1 else (dw if name == "dense" else 1 - dw)
            for rank, (passage, score) in enumerate(ranking):
                hit = fused.setdefault(passage.id, Hit(passage, 0.0))
                hit.ranks[name] = rank + 1
                if name == "dense":
                    hit.dense_score = score
                if self.fusion == "rrf":
                    hit.score += weight * 2.0 / (self.rrf_k + rank + 1)
                elif name == "dense":
                    hit.score += weight * ((score - low) / (top - low) if top > low else 1.0)
                else:
                    hit.score += weight * (score / top if top > 0 else 0.0)
        return fused

    def search(self, query: str, k: int = 10, mode: str = "hybrid", dense_weight: float | None = None,
               where: SearchFilter | None = None) -> list[Hit]:
        """Passages for a query, best first.

        Args:
            query: the question (common names already expanded).
            k: how many passages.
            mode: bm25, dense or hybrid (both fused).
            dense_weight: this query's weight of the dense score in fusion (default: the retriever's).
            where: scalar conditions on the passages (ministry, department, year, 予算額), applied in the store.

        Returns:
            Hits with fused scores and per-retriever ranks.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        rankings: dict[str, list[tuple[Passage, float]]] = {}
        if mode in ("bm25", "hybrid"):
            rankings["bm25"] = self.bm25_ranking(query, self.depth, where)
        if mode in ("dense", "hybrid"):
            rankings["dense"] = self.dense_ranking(query, self.depth, where)
        return sorted(self._fuse(rankings, dense_weight).values(), key=lambda h: -h.score)[:k]

    def search_programs(self, query: str, k: int = 5, mode: str = "hybrid", names: bool = True,
                        dense_weight: float | None = None, name_query: str | None = None) -> list[ProgramHit]:
        """Programs for a query: a program scores as its best passage, plus how fully the question names it
        (`name_query`, the query itself unless given: words added for retrieval alone name no program)."""
        hits = self.search(query, k=self.depth, mode=mode, dense_weight=dense_weight)
        grouped: dict[str, list[Hit]] = {}
        for hit in hits:
            grouped.setdefault(hit.passage.program_id, []).append(hit)
        scores = {pid: group[0].score for pid, group in grouped.items()}
        name_scores: dict[str, float] = {}
        if names:
            for match in self.names.match(query if name_query is None else name_query):
                if match.score >= 0.3:
                    name_scores[match.program.id] = match.score
                    # A whole name in the question weighs as much as topping both retrievers.
                    scale = 2.0 / (self.rrf_k + 1) if self.fusion == "rrf" else 1.0
                    scores[match.program.id] = scores.get(match.program.id, 0.0) + scale * match.score
        ranked = sorted(scores, key=lambda pid: -scores[pid])[:k]
        dense = sorted((h.dense_score for h in hits if h.dense_score is not None), reverse=True)
        gap = dense[0] - dense[min(9, len(dense) - 1)] if dense else 0.0
        out = []
        for pid in ranked:
            group = grouped.get(pid, [])
            out.append(ProgramHit(pid, scores[pid], group, name_scores.get(pid, 0.0),
                                  bm25_rank=1 if mode == "dense" else min((h.ranks.get("bm25", 1 << 30) for h in group),
                                                                          default=1 << 30),
                                  dense_rank=1 if mode == "bm25" else min((h.ranks.get("dense", 1 << 30) for h in group),
                                                                          default=1 << 30),
                                  dense_gap=gap))
        return out
