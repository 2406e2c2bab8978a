"""The BM25 index (bm25s) over lemmas and character bigrams, built from token ids streamed per passage.

Token strings are turned into ids as each passage is tokenised, so memory holds one small int list per
passage instead of one string object per token: at a million passages that is the difference between
fitting in 24 GiB and not (bench/scale.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import bm25s
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
