"""Services over real documents that several answer tests read (built once per run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def mod_service(embedder, tmp_path_factory):
    """The real 防衛省 令和５年度予算の概要 (pp. 1-33) beside the bundled PR document, as a user with both has them:
    a question about one ministry's budget is answered from its own document."""
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("mod")
    shutil.copy(ROOT / "tests" / "fixtures" / "real" / "mod-r05-yosan.txt", corpus)
    shutil.copy(ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt", corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)
