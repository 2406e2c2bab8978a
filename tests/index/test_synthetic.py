"""bench/synthetic.py: a synthetic index made from the real seed build (about two copies, the second cut short) is a
whole build of the current format, loads with its checksums, is served without a rebuild, and a copy's program is
found by its suffixed title. Real model, real FAISS, the seed corpus."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from qa.config import get_settings
from qa.index.store import INDEX_FORMAT, PROGRAMS_TABLE, VECTORS, load, load_folder, sha256_file, staleness
from qa.service import QAService
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import SOURCE_CORPUS, make_index  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def made(seed_service, tmp_path_factory):
    """Two copies of the seed build less 3 passages, compressed (threshold below the count) like a large build."""
    real = load(seed_service.index_dir)
    total = 2 * len(real.passages) - 3
    index_dir = tmp_path_factory.mktemp("synthetic") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(get_settings(), "hnsw_threshold", total - 1)
        manifest = make_index(seed_service.index_dir, total, index_dir)
    return real, index_dir, manifest, total


def test_whole_build_with_checksums(made):
    real, index_dir, manifest, total = made
    folder = Path(manifest["folder"])
    built = load_folder(folder)  # raises IndexCorrupt on a checksum mismatch
    assert len(built.passages) == manifest["counts"]["passages"] == total
    assert len(built.programs) == manifest["counts"]["programs"] > len(real.programs)
    assert built.dense.ntotal == total and built.vectors is not None and built.vectors.shape[0] == total
    assert manifest["format"] == INDEX_FORMAT and manifest["synthetic"] and manifest["dense"]["kind"] == "hnsw-sq8"
    assert {"programs.parquet", "dense.faiss", VECTORS, "passages/rows.npy", "programs.jsonl", "documents.jsonl"} <= set(
        manifest["checksums"])
    assert all(sha256_file(folder / name) == digest for name, digest in manifest["checksums"].items())
    assert built.programs_parquet == folder / PROGRAMS_TABLE
    assert len({p.id for p in built.passages}) == total  # copies do not collide
    assert any(p.title.endswith("（1）") for p in built.programs)


def test_served_without_rebuild_and_copy_found(made, embedder, small_corpus, caplog):
    real, index_dir, manifest, _ = made
    version = Path(manifest["folder"]).name
    corpus = index_dir / SOURCE_CORPUS
    assert staleness(index_dir, corpus, embedder.name, embedder.fingerprint) == []
    service = QAService.open(index_dir, corpus, build_if_missing=True, embedder=embedder, progress=False)
    assert service.index.version == version
    titles = [p.title for p in real.programs if p.kind == "program"]
    original = next(p for p in real.programs if p.kind == "program" and titles.count(p.title) == 1
                    and len(p.title) >= 6)
    copy_id = f"{original.id}~1"
    assert copy_id in service.index.programs_by_id
    # BM25 tells the copies apart by the suffix's terms; dense search hardly can (every copy is the same text,
    # noised), so in hybrid the copy is among the first hits but not always first.
    question = f"{original.title}（1）"
    assert service.search(question, k=5, mode="bm25")[0][1].id == copy_id
    assert copy_id in {program.id for _, program in service.search(question, k=5)}
    # Another corpus makes it stale: still served as it is, never rebuilt from that corpus.
    with caplog.at_level(logging.WARNING, logger="qa.service"):
        again = QAService.open(index_dir, small_corpus, build_if_missing=True, embedder=embedder, progress=False)
    assert again.index.version == version
    assert "synthetic, so not rebuilt" in caplog.text
