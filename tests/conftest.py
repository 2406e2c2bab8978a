"""Shared fixtures: the real corpus, the shared evaluation sets, and the real model loaded once."""

from __future__ import annotations

import json
import shutil
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
SEED = CORPUS / "h29-hosei-yosan-gaiyou.txt"
FIXTURES = Path(__file__).parent / "fixtures"
STYLES = FIXTURES / "styles"
FIELD = FIXTURES / "field"
REAL = FIXTURES / "real"
UNSEEN = FIXTURES / "unseen"
TRUTH = FIXTURES / "truth"
OUTPUT = ROOT / "test-output"
T = TypeVar("T")


@pytest.fixture(scope="session")
def seed_oracle() -> list[dict]:
    """The programs of the seed as a person reads them (an oracle for tests only)."""
    return json.loads((SHARED / "eval" / "seed-programs.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_parsed():
    from qa.ingest import parse_corpus

    return parse_corpus(CORPUS)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """A corpus folder holding one small 当初予算 PR sheet (2 programs): fast to index."""
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(STYLES / "r6-tousho-table.txt", corpus)
    return corpus


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The converted default model (installed by `make install`; installed here if missing)."""
    from qa.config import get_settings
    from qa.model.convert import install

    return install(get_settings().model_dir)


@pytest.fixture(scope="session")
def embedder(model_dir):
    """The real embedding model through the configured backend (onnx unless QA_ENCODER_BACKEND says otherwise),
    loaded once for the whole session: what `qa serve` loads."""
    from qa.index.build import load_embedder

    return load_embedder(str(model_dir))


@pytest.fixture(scope="session")
def fp32_embedder(model_dir):
    """The same model through sentence-transformers fp32: the reference other backends are compared with."""
    from qa.index.embed import Embedder

    return Embedder(str(model_dir), backend="torch")


@pytest.fixture(scope="session")
def seed_service(embedder, tmp_path_factory):
    """The real service over the real seed corpus, its index built once in a temporary folder."""
    from qa.service import QAService

    index_dir = tmp_path_factory.mktemp("seed-index")
    return QAService.open(index_dir, CORPUS, build_if_missing=True, embedder=embedder, progress=False)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run (Playwright's sync API keeps its event loop running while it
    is open: every browser test shares this one instead of starting another, which that loop would refuse)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on a fresh event loop in its own thread: the test's thread may already have a
    loop running (the shared browser's), where `asyncio.run` is refused."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(app) -> Iterator[str]:  # noqa: ANN001 - any ASGI app
    """Serve `app` with a real uvicorn on a free loopback port until the block ends; yields its base URL."""
    import threading
    import time

    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(seed_service):
    """A real uvicorn server on loopback serving the API and the chat page over the seed index."""
    from qa.api.app import create_app

    with running(create_app(service=seed_service, rate_limit_per_minute=0)) as url:  # limiting has its own tests
        yield url
