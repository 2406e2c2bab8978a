"""Unit vectors written at build time: the vectors question time would encode, found by text."""

from __future__ import annotations

import numpy as np
import pytest

from qa.index.unit_vectors import UnitVectors, write_unit_vectors

pytestmark = pytest.mark.slow


def test_lookup_finds_every_text_or_says_none(tmp_path):
    vectors = np.eye(3, dtype=np.float32)
    assert write_unit_vectors(tmp_path, ["a", "b", "c", "a"], np.vstack([vectors, vectors[:1] * 2])) == 3
    stored = UnitVectors.open(tmp_path)
    assert stored is not None
    assert np.array_equal(stored.lookup(["c", "a"]), vectors[[2, 0]])  # a duplicate keeps its first vector
    assert stored.lookup(["a", "not written"]) is None
    assert UnitVectors.open(tmp_path / "elsewhere") is None


def test_the_answerer_quotes_with_the_build_vectors_it_would_have_encoded(seed_service):
    answerer = seed_service.answerer
    assert answerer.stored_units is not None
    embedder = answerer.retriever.embedder
    for program in [p for p in answerer.index.programs if answerer.units(p)][:5]:
        texts = [u.text for u, _ in answerer.units(program)]
        assert np.array_equal(answerer.unit_vectors(program), embedder.encode_passages(texts))
