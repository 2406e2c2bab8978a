"""Retrieve: BM25, dense and program-name rankings fused (`Retriever.search`, `Retriever.search_programs`)."""

from qa.retrieve.search import MODES, Hit, ProgramHit, Retriever

__all__ = ["MODES", "Hit", "ProgramHit", "Retriever"]
