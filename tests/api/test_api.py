"""The HTTP API against a real uvicorn server: answers, follow-ups, search, programs, health, bad input."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def test_ask_returns_a_cited_answer_with_timings(client):
    res = client.post("/api/ask", json={"question": "IT導入補助金の補助率は？"})
    assert res.status_code == 200
    body = res.json()
    assert "1/2" in body["answer"] and not body["abstained"]
    assert body["citations"] and body["timings_ms"]["total"] > 0
    doc = client.get(f"/api/documents/{body['citations'][0]['document']}").json()
    for c in body["citations"]:
        assert doc["text"][c["start"]:c["end"]] == c["text"]


def test_follow_up_with_history_resolves_the_earlier_program(client):
    first = client.post("/api/ask", json={"question": "ものづくり補助金の予算は？"}).json()
    assert "1000.0億円" in first["answer"]
    res = client.post("/api/ask", json={"question": "その補助率は？", "history": [
        {"role": "user", "content": "ものづくり補助金の予算は？"}, {"role": "assistant", "content": first["answer"]}]})
    body = res.json()
    assert res.status_code == 200
    assert body["citations"][0]["program_title"] == "ものづくり・商業・サービス経営力向上支援事業"
    assert "2/3" in body["answer"] or "1/2" in body["answer"]


def test_search_returns_ranked_passages_with_scores(client):
    res = client.get("/api/search", params={"q": "住民拠点SS", "k": 3, "mode": "bm25"})
    hits = res.json()["hits"]
    assert res.status_code == 200 and len(hits) == 3
    assert hits[0]["program_title"] == "石油製品安定供給確保支援事業"
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


def test_programs_list_and_one_program_with_sections(client):
    programs = client.get("/api/programs").json()
    assert len(programs) == 28
    one = client.get(f"/api/programs/{programs[0]['id']}").json()
    assert one["title"] == "学びと社会の連携促進事業"
    assert {"事業目的・概要", "成果目標"} <= {s["name"] for s in one["section_texts"]}


def test_health_reports_the_index(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["index"]["counts"]["programs"] == 28
    assert body["skipped"] == []
    assert [c["document"] for c in body["coverage"]] and all(c["coverage"] >= 0.8 for c in body["coverage"])
    assert "/" not in body["index"]["model"]["name"]  # the model's name, not the server's file layout


def test_program_table_gives_exact_yen_year_and_tree_fields(client):
    rows = client.get("/api/programs").json()
    it = next(r for r in rows if r["title"] == "サービス等生産性向上IT導入支援事業費")
    assert (it["budget_yen"], it["fiscal_year"], it["budget_kind"], it["kind"]) == (50_000_000_000, 2017, "補正", "program")
    assert it["categories"] and it["parent_id"] is None


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": {"question": ""}}, 422),
    ({"json": {"question": "予" * 20_000}}, 422),
    ({"json": {"question": 123}}, 422),
    ({"json": {"question": ["a"]}}, 422),
    ({"json": {"question": "予算は？", "history": [{"role": "system", "content": "x"}]}}, 422),
    ({"json": {"question": "予算は？", "mode": "magic"}}, 422),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 422),
    ({"content": b"x" * 300_000, "headers": {"Content-Type": "application/json"}}, 413),
])
def test_bad_input_answers_4xx_with_a_readable_message(client, kwargs, status):
    res = client.post("/api/ask", **kwargs)
    assert res.status_code == status
    assert res.json()["error"]["message"]


def test_whitespace_only_question_is_refused(client):
    res = client.post("/api/ask", json={"question": "   \n "})
    assert res.status_code == 422 and "空" in res.json()["error"]["message"]


def test_unknown_program_and_document_are_404(client):
    assert client.get("/api/programs/no-such-program").status_code == 404
    assert client.get("/api/documents/nothing.txt").json()["error"]["message"]


def test_search_bounds_are_checked(client):
    assert client.get("/api/search", params={"q": "予算", "k": 0}).status_code == 422
    assert client.get("/api/search", params={"q": "予算", "k": 101}).status_code == 422


def test_page_has_security_headers(client):
    res = client.get("/")
    assert res.status_code == 200 and "予算事業" in res.text
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["referrer-policy"] == "no-referrer"


def test_too_many_history_turns_is_refused_with_the_limit(client):
    history = [{"role": "user", "content": "予算は？"}] * 21
    res = client.post("/api/ask", json={"question": "その補助率は？", "history": history})
    assert res.status_code == 422 and "20" in res.json()["error"]["message"]


def test_examples_are_questions_of_this_corpus_that_it_answers(client):
    """The welcome buttons (UX: fixed examples named the sample corpus's programs, unanswered on any other)."""
    questions = client.get("/api/examples").json()["questions"]
    assert 2 <= len(questions) <= 4 and len(set(questions)) == len(questions)
    for question in questions:
        body = client.post("/api/ask", json={"question": question}).json()
        assert not body["abstained"] and body["citations"], (question, body["answer"])


def test_the_ready_line_counts_the_documents_and_programs_the_server_answers_from(seed_service):
    from qa.api.app import ready_line

    line = ready_line(seed_service)
    assert line.startswith("準備ができました。 Ready: 1 document(s), ") and "programs" in line and "skipped" not in line
