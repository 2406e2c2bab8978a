"""A rebuild reuses the vectors of the build it replaces for the texts it encodes again, and only then."""

from __future__ import annotations

import json
import shutil

import faiss
import numpy as np
import pytest

from qa.index.build import build
from qa.index.store import current_dir
from qa.index.unit_vectors import UnitVectors
from qa.index.vector_reuse import PASSAGE_KEYS, ReusedVectors
from tests.conftest import STYLES

pytestmark = pytest.mark.slow


class CountingEncoder:
    """The real embedder, counting the texts it is asked to encode (the model still runs for each)."""

    def __init__(self, embedder) -> None:  # noqa: ANN001 - an Embedder
        self.embedder = embedder
        self.encoded: list[str] = []

    def __getattr__(self, name: str):  # noqa: ANN204 - everything else is the embedder's
        return getattr(self.embedder, name)

    def encode_passages(self, texts: list[str], **kwargs) -> np.ndarray:  # noqa: ANN003
        self.encoded += texts
        return self.embedder.encode_passages(texts, **kwargs)


def _dense_rows(folder) -> np.ndarray:  # noqa: ANN001
    index = faiss.read_index(str(folder / "dense.faiss"))
    return index.reconstruct_n(0, index.ntotal)


def test_a_rebuild_of_the_same_corpus_runs_the_model_on_nothing_and_keeps_every_vector(small_corpus, tmp_path,
                                                                                       embedder):
    index = tmp_path / "index"
    first = build(small_corpus, index, embedder=embedder)
    before = current_dir(index)
    counting = CountingEncoder(embedder)
    second = build(small_corpus, index, embedder=counting)
    after = current_dir(index)
    assert after != before
    assert counting.encoded == []
    texts = first["counts"]["passages"] + first["counts"]["units"]
    assert second["reused_vectors"]["texts"] == texts
    assert second["reused_vectors"]["from"] == {"passages": first["counts"]["passages"],
                                                "units": first["counts"]["units"]}
    assert np.array_equal(_dense_rows(after), _dense_rows(before))
    assert np.array_equal(np.load(after / "unit-vectors.f32.npy"), np.load(before / "unit-vectors.f32.npy"))


def test_a_rebuild_with_a_new_document_encodes_only_its_texts_and_gets_the_vectors_a_fresh_build_gets(
        small_corpus, tmp_path, embedder):
    index = tmp_path / "index"
    build(small_corpus, index, embedder=embedder)
    shutil.copy(STYLES / "r5-hosei-markdown.md", small_corpus)
    counting = CountingEncoder(embedder)
    manifest = build(small_corpus, index, embedder=counting)
    fresh = tmp_path / "fresh"
    build(small_corpus, fresh, embedder=embedder)
    assert counting.encoded and manifest["reused_vectors"]["texts"] > 0
    assert len(counting.encoded) + manifest["reused_vectors"]["texts"] == (manifest["counts"]["passages"]
                                                                            + manifest["counts"]["units"])
    assert np.array_equal(_dense_rows(current_dir(index)), _dense_rows(current_dir(fresh)))
    stored, expected = UnitVectors.open(current_dir(index)), UnitVectors.open(current_dir(fresh))
    assert stored is not None and expected is not None
    assert np.array_equal(stored.keys, expected.keys) and np.array_equal(stored.vectors, expected.vectors)


@pytest.mark.parametrize("damage", ["another model", "missing keys", "truncated vectors"])
def test_nothing_is_reused_from_a_build_of_another_model_or_with_unreadable_files(small_corpus, tmp_path,
                                                                                  embedder, damage):
    index = tmp_path / "index"
    build(small_corpus, index, embedder=embedder)
    folder = current_dir(index)
    if damage == "another model":
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["model"]["fingerprint"] = "another:model"
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        expected_sources: dict[str, int] = {}
    elif damage == "missing keys":
        (folder / PASSAGE_KEYS).unlink()
        expected_sources = {"units": int(np.load(folder / "unit-keys.npy").size)}
    else:
        (folder / "unit-vectors.f32.npy").write_bytes(b"\x93NUMPY truncated")
        expected_sources = {}
    reused = ReusedVectors.from_build(folder, embedder.fingerprint, embedder.dim)
    assert reused.sources == expected_sources
    counting = CountingEncoder(embedder)
    manifest = build(small_corpus, index, embedder=counting)
    assert manifest["counts"]["passages"] > 0
    if not expected_sources:
        assert len(counting.encoded) == manifest["counts"]["passages"] + manifest["counts"]["units"]
