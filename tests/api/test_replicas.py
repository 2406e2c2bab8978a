"""Two `qa serve` replicas over one Milvus (the Milvus Lite engine run as a gRPC server, shared by both): same
answers, a reindex started on one is served by both with no failed request, and a store that goes away gives
503 store_unavailable, never 500."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from qa.index.build import build
from qa.index.milvus_store import MilvusStore
from tests.conftest import STYLES, _free_port

pytestmark = pytest.mark.slow
KEY = "replica-test-key"


def _wait_ready(url: str, deadline_s: float = 180) -> dict:
    deadline = time.time() + deadline_s
    while time.time() < deadline:
        try:
            r = httpx.get(f"{url}/api/health", timeout=5)
            if r.status_code == 200:
                return r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not become ready")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("replicas")


@pytest.fixture(scope="module")
def milvus_server(workdir):
    from milvus_lite.server import Server

    port = _free_port()
    server = Server(str(workdir / "shared.db"), address=f"127.0.0.1:{port}")
    assert server.init() and server.start()
    yield server, f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def replicas(milvus_server, workdir, embedder):
    """Two `qa serve` processes over the one Milvus (the tests below run in order: the last one stops Milvus)."""
    tmp_path = workdir
    _, uri = milvus_server
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(STYLES / "r6-tousho-table.txt", corpus)
    build(corpus, tmp_path / "staging", embedder=embedder, store=MilvusStore(uri))
    procs, urls = [], []
    for name in ("a", "b"):
        port = _free_port()
        env = dict(os.environ, QA_STORE="milvus", QA_MILVUS_URI=uri, QA_INDEX_DIR=str(tmp_path / name),
                   QA_CORPUS_DIR=str(corpus), QA_ADMIN_KEY=KEY, QA_STORE_POLL_SECONDS="0.5",
                   QA_RATE_LIMIT_PER_MINUTE="0", QA_MILVUS_TIMEOUT_SECONDS="3", QA_PORT=str(port))
        procs.append(subprocess.Popen([sys.executable, "-m", "qa.cli", "serve"], env=env, cwd=tmp_path,
                                      stdout=subprocess.DEVNULL, stderr=(tmp_path / f"{name}.log").open("w")))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_ready(url)
        yield urls, corpus
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)


def _ask(url: str, question: str) -> httpx.Response:
    return httpx.post(f"{url}/api/ask", json={"question": question}, timeout=30)


def test_two_replicas_answer_alike_and_both_serve_a_reindex_started_on_one(replicas):
    (a, b), corpus = replicas
    for question in ("観光地の多言語案内整備事業の補助率は？", "港湾の脱炭素化実証事業の予算は？", "観光庁の事業は？"):
        ra, rb = _ask(a, question).json(), _ask(b, question).json()
        assert ra["answer"] == rb["answer"] and ra["citations"] == rb["citations"]

    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            for url in (a, b):
                try:
                    statuses.append(_ask(url, "観光地の多言語案内整備事業の補助率は？").status_code)
                except httpx.HTTPError:
                    statuses.append(0)

    thread = threading.Thread(target=load)
    thread.start()
    try:
        shutil.copy(STYLES / "r5-hosei-markdown.md", corpus)
        before = httpx.get(f"{b}/api/health").json()["index"]["counts"]["programs"]
        assert httpx.post(f"{a}/api/admin/reindex", headers={"X-API-Key": KEY}).status_code == 202
        deadline = time.time() + 240
        while httpx.get(f"{a}/api/admin/reindex", headers={"X-API-Key": KEY}).json()["status"] == "running":
            assert time.time() < deadline
            time.sleep(0.5)
        assert httpx.get(f"{a}/api/admin/reindex", headers={"X-API-Key": KEY}).json()["status"] == "ok"
        counts = []
        while time.time() < deadline:
            counts = [httpx.get(f"{u}/api/health").json()["index"]["counts"]["programs"] for u in (a, b)]
            if counts[0] == counts[1] > before:
                break
            time.sleep(0.3)
        assert counts[0] == counts[1] > before
    finally:
        stop.set()
        thread.join()
    assert statuses and set(statuses) == {200}
    answer = _ask(b, "小さな町工場デジタル化支援事業の予算はいくら？").json()
    assert "1,234百万円" in answer["answer"]


def test_a_server_started_before_milvus_says_it_is_loading_then_serves_once_milvus_is_up(
        tmp_path, embedder, monkeypatch):
    import uvicorn
    from milvus_lite.server import Server

    from qa.api.app import create_app
    from qa.config import get_settings

    port = _free_port()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(STYLES / "r6-tousho-table.txt", corpus)

    def milvus() -> Server:
        server = Server(str(tmp_path / "late.db"), address=f"127.0.0.1:{port}")
        assert server.init() and server.start()
        return server

    first = milvus()
    build(corpus, tmp_path / "staging", embedder=embedder, store=MilvusStore(f"http://127.0.0.1:{port}"))
    first.stop()
    for name, value in {"QA_STORE": "milvus", "QA_MILVUS_URI": f"http://127.0.0.1:{port}",
                        "QA_MILVUS_TIMEOUT_SECONDS": "1", "QA_STORE_POLL_SECONDS": "0"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    app_port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(corpus, tmp_path / "index", rate_limit_per_minute=0),
                                           host="127.0.0.1", port=app_port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{app_port}"
    late = None
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                health = httpx.get(f"{url}/api/health", timeout=5).json()
                if "保存先" in health.get("detail", ""):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        assert health["status"] == "loading" and "Milvus" in health["detail"]
        assert _ask(url, "観光地の多言語案内整備事業の補助率は？").json()["error"]["code"] == "index_loading"
        late = milvus()
        _wait_ready(url, 120)
        assert "1/3" in _ask(url, "観光地の多言語案内整備事業の補助率は？").json()["answer"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        if late:
            late.stop()
        get_settings.cache_clear()


def test_a_store_that_goes_away_answers_503_store_unavailable(replicas, milvus_server):
    (a, _), _ = replicas
    server, _ = milvus_server
    assert _ask(a, "観光地の多言語案内整備事業の補助率は？").status_code == 200
    server.stop()
    response = _ask(a, "観光地の多言語案内整備事業の補助率は？")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "store_unavailable"
    assert "Milvus" in response.json()["error"]["message"]
