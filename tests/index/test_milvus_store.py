"""The Milvus store on the real Milvus Lite engine (temporary files, no mocks): same passages, same scores and same
answers as the embedded store; filters; the atomic switch under load; damaged and unreachable stores."""

from __future__ import annotations

import shutil
import threading

import numpy as np
import pytest

from qa.errors import IndexCorrupt, IndexNotFound, StoreUnavailable
from qa.index.build import build
from qa.index.milvus_store import MilvusStore, filter_expression
from qa.index.sparse import bm25_stats, passage_vectors
from qa.index.store import EmbeddedStore
from qa.index.stores import SearchFilter, publish_copy
from qa.index.tokenize import index_terms
from qa.retrieve import Retriever
from qa.service import QAService
from tests.conftest import CORPUS, STYLES

pytestmark = pytest.mark.slow

QUESTIONS = ["IT導入補助金の補助率は？", "事業承継の予算", "中小企業庁が担当の事業", "防災・減災の事業", "ものづくり補助金の対象者",
             "what is the budget for AI chips?", "じぎょうしょうけいのよさん"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory, seed_service):
    """The seed corpus in each store: the session's embedded build, and the same build published to Milvus Lite."""
    base = tmp_path_factory.mktemp("stores")
    milvus = MilvusStore(str(base / "qa.db"))
    publish_copy(milvus, seed_service.index.folder)
    return EmbeddedStore(seed_service.index_dir), milvus


def test_bm25_sparse_vectors_give_the_bm25s_scores_by_inner_product(stores):
    index = stores[0].load()
    stats, rows = bm25_stats(index.bm25), passage_vectors(index.bm25)
    for question in QUESTIONS[:4]:
        terms = [t for t in index_terms(question) if t in stats.vocab]
        expected = index.bm25.get_scores(terms)
        query = stats.query_vector(terms)
        got = np.array([sum(w * row.get(t, 0.0) for t, w in query.items()) for row in rows])
        assert np.allclose(got, expected, rtol=1e-4, atol=1e-5)
    assert all(stats.df(t) == index.term_df(t) for t in list(stats.vocab)[:500])


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_milvus_ranks_the_same_passages_with_the_same_scores_as_the_embedded_store(stores, embedder, mode):
    embedded, milvus = (Retriever(s.load(), embedder) for s in stores)
    for question in QUESTIONS:
        a = embedded.search(question, k=10, mode=mode)
        b = milvus.search(question, k=10, mode=mode)
        assert [h.passage.id for h in a] == [h.passage.id for h in b], question
        assert np.allclose([h.score for h in a], [h.score for h in b], atol=1e-4)
        assert all(h.passage.text == x.passage.text for h, x in zip(a, b, strict=True))


def test_passages_read_from_milvus_quote_the_document_exactly(stores):
    index = stores[1].load()
    for passage, _ in index.bm25_search(index_terms("補助率 予算 対象"), 50):
        assert index.documents[passage.document].text[passage.start:passage.end] == passage.text
        assert index.programs_by_id[passage.program_id].title == passage.program_title


@pytest.mark.parametrize("where", [SearchFilter(min_yen=10_000_000_000), SearchFilter(max_yen=2_000_000_000),
                                   SearchFilter(year=2017, min_yen=1), SearchFilter(document="nothing-of-that-name")])
def test_scalar_filters_keep_only_matching_passages_in_both_stores(stores, embedder, where):
    embedded, milvus = (s.load() for s in stores)
    vector = embedder.encode_query("中小企業の補助金")
    for search in (lambda i: i.bm25_search(index_terms("中小企業の補助金"), 20, where),
                   lambda i: i.dense_search(vector, 20, where)):
        a, b = search(embedded), search(milvus)
        assert [p.id for p, _ in a] == [p.id for p, _ in b]
        for passage, _ in b:
            budget = embedded.programs_by_id[passage.program_id].budget
            assert where.min_yen is None or budget.yen >= where.min_yen
            assert where.max_yen is None or budget.yen <= where.max_yen
    if where.document:
        assert a == [] and b == []


def test_a_filter_becomes_a_milvus_expression_with_quotes_escaped():
    where = SearchFilter(ministry='経済"産業省', year=2024, min_yen=5)
    assert filter_expression(where) == 'ministry == "経済\\"産業省" and year == 2024 and amount >= 5'
    assert filter_expression(None) == ""


def test_answers_from_milvus_are_the_answers_from_the_embedded_store(stores, embedder, tmp_path):
    services = [QAService(tmp_path, CORPUS, embedder, store=s) for s in stores]
    for question in [*QUESTIONS, "中小企業庁の事業はいくつ？", "予算が一番大きい事業は？", "宇宙エレベーター事業の予算は？"]:
        a, b = (s.ask(question) for s in services)
        assert a.answer == b.answer, question
        assert [(c.program_id, c.start, c.end) for c in a.citations] == [(c.program_id, c.start, c.end)
                                                                         for c in b.citations]


def test_a_reindex_switches_atomically_with_no_failed_request(small_corpus, tmp_path, embedder):
    corpus = small_corpus
    store = MilvusStore(str(tmp_path / "qa.db"))
    build(corpus, tmp_path / "staging", embedder=embedder, store=store)
    service = QAService(tmp_path / "staging", corpus, embedder, store=store)
    first = service.index.version
    failures: list[BaseException] = []
    answers: list[str] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answers.append(service.ask("観光地の多言語案内整備事業の補助率は？").answer)
            except BaseException as exc:  # any failure during the switch is what this test is about
                failures.append(exc)

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for thread in askers:
        thread.start()
    try:
        shutil.copy(STYLES / "r5-hosei-markdown.md", corpus)
        build(corpus, tmp_path / "staging", embedder=embedder, store=store)
        assert service.refresh() is True
        build(corpus, tmp_path / "staging", embedder=embedder, store=store)  # a third build: the first is dropped
        assert service.refresh() is True
        for _ in range(5):
            answers.append(service.ask("観光地の多言語案内整備事業の補助率は？").answer)
    finally:
        stop.set()
        for thread in askers:
            thread.join()
    assert failures == []
    assert len(answers) > 5 and len(set(answers)) == 1
    assert service.index.version != first and len(store.builds()) == 2 and first not in store.builds()
    assert "r5-hosei-markdown.md" in service.index.documents
    assert "1/3" in answers[-1]
    assert not list((tmp_path / "staging" / "versions").glob(".tmp-*"))  # staged folders are cleaned up


def test_a_failed_publish_leaves_the_previous_build_current(stores, tmp_path):
    _, milvus = stores
    before = milvus.current_version()
    bogus = tmp_path / ".tmp-20990101T000000000000Z"
    bogus.mkdir()
    (bogus / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorrupt):
        milvus.publish(bogus)
    assert milvus.current_version() == before
    assert milvus.load().version == before


def test_an_altered_program_table_in_milvus_is_reported_as_corrupt(small_corpus, tmp_path, embedder):
    store = MilvusStore(str(tmp_path / "qa.db"))
    build(small_corpus, tmp_path / "staging", embedder=embedder, store=store)
    meta = f"{store.current_version()}_meta"
    row = store.client.query(meta, filter='key like "programs:%"', output_fields=["key", "data", "v"])[0]
    row["data"] = row["data"][:-8] + "AAAAAAAA"
    store.client.upsert(meta, [row])
    with pytest.raises(IndexCorrupt, match="rebuild"):
        store.load()


def test_an_empty_milvus_has_no_index_and_an_unreachable_one_is_unavailable(tmp_path):
    with pytest.raises(IndexNotFound):
        MilvusStore(str(tmp_path / "empty.db")).load()
    unreachable = MilvusStore("http://127.0.0.1:9", timeout=2)
    with pytest.raises(StoreUnavailable, match="milvus http://127.0.0.1:9"):
        unreachable.load()


def test_the_seed_dev_set_scores_the_same_on_milvus_as_on_the_embedded_store(stores, embedder, tmp_path):
    from qa.eval import load_questions, run
    from tests.conftest import SHARED

    scores = []
    for store in stores:
        service = QAService(tmp_path, CORPUS, embedder, store=store)
        items = load_questions(SHARED / "eval" / "seed-dev.jsonl", service.index.programs)
        overall = run(items, service, ["hybrid"], progress=False)["metrics"]["modes"]["hybrid"]["overall"]
        scores.append((overall["hit@1"], overall["accuracy"]))
    (hit_e, acc_e), (hit_m, acc_m) = scores
    assert abs(hit_e - hit_m) <= 0.01 and abs(acc_e - acc_m) <= 0.01, scores
    assert acc_m >= 0.9


def test_a_build_whose_tables_span_many_chunks_is_read_back_page_by_page(stores, tmp_path, monkeypatch):
    from qa.index import milvus_store

    # Small chunks and pages make the seed's program table and documents hundreds of rows read in many queries,
    # as a 1M-passage build's are at the real sizes (one query for all of them exceeded Milvus' result limit).
    monkeypatch.setattr(milvus_store, "CHUNK", 2_000)
    monkeypatch.setattr(milvus_store, "META_PAGE", 7)
    paged = MilvusStore(str(tmp_path / "paged.db"))
    publish_copy(paged, stores[0].load().folder)
    collection = paged.current_version()
    chunks = paged.client.query(f"{collection}_meta", filter='key != ""', output_fields=["key"], limit=16_384)
    assert len(chunks) > 3 * milvus_store.META_PAGE
    index, reference = paged.load(), stores[1].load()
    assert [p.model_dump() for p in index.programs] == [p.model_dump() for p in reference.programs]
    assert index.documents.keys() == reference.documents.keys() and index.manifest == reference.manifest
