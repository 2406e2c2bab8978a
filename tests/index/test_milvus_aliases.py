"""The collection-alias switch on a real Milvus server (the `milvus` package's standalone 2.3 binaries).

Milvus Lite has no aliases, so `tests/index/test_milvus_store.py` covers the pointer-row switch; a Milvus server
or cluster uses the alias path, tested here. Milvus 2.3 has no sparse vectors, so a whole build cannot be published
to it: these tests make small dense-only collections and drive `MilvusStore`'s switch and current-build lookup.
"""

from __future__ import annotations

import threading
import time

import pytest

from qa.index.milvus_store import MilvusStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory):
    """A Milvus standalone server on a free loopback port, its data in a temporary folder; stopped after."""
    from milvus import MilvusServer

    server = MilvusServer()
    server.set_base_dir(str(tmp_path_factory.mktemp("milvus-server")))
    server.start()
    yield f"http://127.0.0.1:{server.listen_port}"
    server.stop()


def _build(store: MilvusStore, name: str, marker: float) -> None:
    """A one-row collection standing for a build; its vector says which build answered."""
    store.client.create_collection(name, dimension=2, consistency_level="Strong")
    store.client.insert(name, [{"id": 1, "vector": [marker, 0.0]}])


def _served(store: MilvusStore) -> float:
    """What a replica reads: the build the alias names (`current_version`, as `MilvusStore.load` resolves it), then
    that collection by its own name. Querying through the alias name itself is not what replicas do: a Milvus
    proxy may answer from its cached alias for a moment after the alias moves (seen once in a fresh-clone `make test`)."""
    rows = store.client.query(store.current_version(), filter="id == 1", output_fields=["vector"],
                              consistency_level="Strong")
    return float(rows[0]["vector"][0])


def test_a_milvus_server_switches_builds_by_moving_the_alias(milvus_server):
    store = MilvusStore(milvus_server, prefix="qa_alias")
    assert store.aliases and store.current_version() is None
    _build(store, "qa_alias_20990101T000000000000Z", 1.0)
    _build(store, "qa_alias_20990102T000000000000Z", 2.0)
    store._switch("qa_alias_20990101T000000000000Z")
    assert store.current_version() == "qa_alias_20990101T000000000000Z" and _served(store) == 1.0
    store._switch("qa_alias_20990102T000000000000Z")
    assert store.current_version() == "qa_alias_20990102T000000000000Z" and _served(store) == 2.0
    assert not store.client.has_collection(store.pointer)  # the pointer row is Milvus Lite's stand-in only
    # A second replica finds the same current build through the alias.
    assert MilvusStore(milvus_server, prefix="qa_alias").current_version() == "qa_alias_20990102T000000000000Z"


def test_readers_never_fail_while_the_alias_moves_back_and_forth(milvus_server):
    store = MilvusStore(milvus_server, prefix="qa_swing")
    _build(store, "qa_swing_20990101T000000000000Z", 1.0)
    _build(store, "qa_swing_20990102T000000000000Z", 2.0)
    store._switch("qa_swing_20990101T000000000000Z")
    reader = MilvusStore(milvus_server, prefix="qa_swing")
    seen: list[float] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                seen.append(_served(reader))
            except BaseException as exc:  # any failed read is what this test is about
                errors.append(exc)

    thread = threading.Thread(target=read)
    thread.start()
    # Each switch waits for a read after the previous one, so reads and switches interleave however busy the
    # machine is (a free-running switch loop starved the reader on a loaded CI box: 8 reads in 600 switches).
    switches = 20
    for switch in range(1, switches + 1):
        before, deadline = len(seen), time.monotonic() + 30
        while len(seen) == before and not errors and time.monotonic() < deadline:
            time.sleep(0.001)
        store._switch(f"qa_swing_2099010{1 + switch % 2}T000000000000Z")
    done.set()
    thread.join()
    assert errors == [] and len(seen) >= 10 and set(seen) == {1.0, 2.0}, (len(seen), switches)
    assert store.current_version() == "qa_swing_20990101T000000000000Z" and _served(store) == 1.0
