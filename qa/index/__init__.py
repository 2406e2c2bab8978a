"""Index: passages, fugashi BM25 and FAISS dense index, built aside and swapped in (`build`, `load`)."""
