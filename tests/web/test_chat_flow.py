"""How the conversation flows in real Chromium against the real server: scrolling, queueing, a starting or
unreachable server, the input's limits and the citation markers.

A slow answer or a starting server is simulated in the browser's network (Playwright's page.route on
/api/ask and /api/health); the server itself is never mocked.
"""

from __future__ import annotations

import json

import pytest

from tests.web.helpers import ANSWERS, ask, send, settle, top_in_view, wait_until

pytestmark = pytest.mark.slow

PREPARING = "準備中です。しばらくお待ちください"


class Hold:
    """Holds the first `count` requests of a route until released; later ones go to the real server."""

    def __init__(self, page, pattern: str, count: int = 1):
        self.held, self.count, self.bodies = [], count, []
        page.route(pattern, self._handle)

    def _handle(self, route):
        self.bodies.append(route.request.post_data_json)
        if len(self.held) < self.count:
            self.held.append(route)
        else:
            route.fallback()

    def release(self):
        for route in self.held:
            route.fallback()


def test_the_chat_scrolls_to_each_new_question_and_answer(page):
    for question in ["IT導入補助金の補助率は？", "ガソリンスタンドの災害対策の支援はある？",
                     "石油製品安定供給確保支援事業の予算は？", "生産性革命関連の事業を全部挙げて",
                     "AIチップ開発の予算はいくら？"]:
        ask(page, question)
        assert top_in_view(page.locator(".message.user").last), question
        assert top_in_view(page.locator(ANSWERS).last), question
    assert page.evaluate("scrollY") > 500


def test_the_chat_scrolls_to_each_new_answer_on_a_phone(phone):
    for question in ["IT導入補助金の補助率は？", "石油製品安定供給確保支援事業の予算は？", "生産性革命関連の事業を全部挙げて",
                     "廃炉・汚染水対策事業の目的は？"]:
        ask(phone, question)
        assert top_in_view(phone.locator(ANSWERS).last), question
    assert phone.evaluate("scrollY") > 500


def test_a_reader_who_scrolled_up_is_not_moved_when_the_answer_arrives(page):
    for question in ["生産性革命関連の事業を全部挙げて", "IT導入補助金の補助率は？", "廃炉・汚染水対策事業の目的は？"]:
        ask(page, question)
    hold = Hold(page, "**/api/ask")
    send(page, "AIチップ開発の予算はいくら？")
    assert top_in_view(page.locator(".message.user").last)  # the question just asked is shown
    page.mouse.move(600, 400)
    page.mouse.wheel(0, -4000)  # the reader goes back up to read an earlier answer
    wait_until(page, "scrollY < 100")
    reading_at = page.evaluate("scrollY")
    hold.release()
    page.locator(ANSWERS).nth(3).wait_for()
    page.wait_for_timeout(200)
    assert page.evaluate("scrollY") == reading_at
    jump = page.locator("#jump")
    assert jump.is_visible() and "新しい回答" in jump.inner_text()
    jump.click()
    page.wait_for_function("document.getElementById('jump').classList.contains('hidden')")
    settle(page)  # a smooth scroll
    assert top_in_view(page.locator(ANSWERS).last)
    assert "17.0億円" in page.locator(ANSWERS).last.inner_text()


def test_a_question_sent_while_loading_is_queued_and_answered(page):
    hold = Hold(page, "**/api/ask")
    send(page, "IT導入補助金の補助率は？")
    page.locator(".thinking").first.wait_for()
    send(page, "AIチップ開発の予算はいくら？")  # while the first answer is loading
    assert page.locator("#question").input_value() == ""
    assert page.locator(".message.user").all_inner_texts() == ["IT導入補助金の補助率は？", "AIチップ開発の予算はいくら？"]
    assert "順番待ち" in page.locator(".turn").nth(1).inner_text()
    assert len(hold.bodies) == 1  # one question at a time
    hold.release()
    page.locator(ANSWERS).nth(1).wait_for(timeout=30_000)
    first, second = page.locator(".turn").all()
    assert "1/2" in first.locator(".answer-text").inner_text()
    assert "17.0億円" in second.locator(".answer-text").inner_text()
    # The second question went after the first was answered, with it as history.
    assert [m["content"] for m in hold.bodies[1]["history"]][0] == "IT導入補助金の補助率は？"


def test_while_the_server_starts_the_question_is_kept_and_sent_when_ready(page):
    asks, health = [], []

    def starting_ask(route):
        asks.append(1)
        if len(asks) == 1:
            route.fulfill(status=503, content_type="application/json",
                          body=json.dumps({"error": {"code": "IndexNotFound", "message": "loading the model and index"}}))
        else:
            route.fallback()

    def starting_health(route):
        health.append(1)
        if len(health) <= 2:
            route.fulfill(status=503, content_type="application/json",
                          body=json.dumps({"status": "loading", "detail": "loading the model and index"}))
        else:
            route.fallback()

    page.route("**/api/ask", starting_ask)
    page.route("**/api/health", starting_health)
    send(page, "IT導入補助金の補助率は？")
    pending = page.locator(".turn").last
    pending.get_by_text(PREPARING).wait_for()
    assert page.locator("#announce").inner_text() == PREPARING  # said to screen readers too
    assert pending.locator(".message.user").inner_text() == "IT導入補助金の補助率は？"  # kept
    assert "loading" not in page.locator("body").inner_text()
    page.locator(ANSWERS).first.wait_for(timeout=30_000)
    assert "1/2" in pending.locator(".answer-text").inner_text()
    assert len(health) >= 3 and len(asks) == 2
    assert page.get_by_text(PREPARING).count() == 0
    assert page.locator(".message.user").count() == 1


def test_an_offline_error_keeps_the_text_and_offers_a_retry(page):
    page.context.set_offline(True)
    send(page, "IT導入補助金の補助率は？")
    failed = page.locator(".message.failed")
    failed.wait_for()
    assert "接続できませんでした" in failed.inner_text()
    assert page.locator("#question").input_value() == "IT導入補助金の補助率は？"  # nothing to retype
    page.context.set_offline(False)
    failed.get_by_role("button", name="再送信").click()
    page.locator(ANSWERS).first.wait_for(timeout=30_000)
    assert "1/2" in page.locator(".answer-text").last.inner_text()
    assert page.locator(".message.user").count() == 1
    assert page.locator(".message.failed").count() == 0
    assert page.locator("#question").input_value() == ""


def test_an_unanswered_question_is_not_kept_in_the_history(page):
    page.context.set_offline(True)
    send(page, "IT導入補助金の補助率は？")
    page.locator(".message.failed").wait_for()
    page.context.set_offline(False)
    hold = Hold(page, "**/api/ask", count=0)
    ask(page, "AIチップ開発の予算はいくら？")
    assert hold.bodies[-1]["history"] == []
    stored = json.loads(page.evaluate("sessionStorage.getItem('qa-conversation-v1')"))
    assert [m["content"] for m in stored if m["role"] == "user"] == ["AIチップ開発の予算はいくら？"]
    page.reload()  # the failed question is still offered again, but never as history
    assert page.locator(".message.failed .failed-text").count() == 1
    ask(page, "その予算は？")
    assert [m["content"] for m in hold.bodies[-1]["history"] if m["role"] == "user"] == ["AIチップ開発の予算はいくら？"]


def test_a_character_counter_appears_near_the_length_limit(page):
    box = page.locator("#question")
    counter = page.locator("#counter")
    box.fill("予算" * 250)
    assert counter.inner_text() == ""
    box.fill("あ" * 950)
    assert counter.inner_text() == "950／1,000文字"
    box.fill("い" * 1200)  # a long paste is kept whole, and said to be too long
    assert counter.inner_text() == "1,200／1,000文字"
    assert "200文字多すぎます" in page.locator("#input-hint").inner_text()
    box.press("Enter")
    page.wait_for_timeout(200)
    assert page.locator(".message.user").count() == 0
    assert len(box.input_value()) == 1200
    box.fill("い" * 1000)
    assert page.locator("#input-hint").inner_text() == ""


def test_whitespace_only_input_gives_a_hint(page):
    box = page.locator("#question")
    box.fill("  　 \n ")
    box.press("Enter")
    assert "空白だけでは送信できません" in page.locator("#input-hint").inner_text()
    assert page.locator(".message.user").count() == 0
    box.fill("IT導入補助金の補助率は？")
    assert page.locator("#input-hint").inner_text() == ""


def test_a_citation_marker_opens_and_scrolls_to_its_citation(page):
    ask(page, "生産性革命関連の事業を全部挙げて")
    markers = page.locator(".markers .marker:not(.more)")
    assert markers.count() >= 2
    n = min(3, markers.count())
    citation = page.locator(".citations .citation").nth(n - 1)
    assert not citation.evaluate("el => el.open")
    markers.nth(n - 1).click()
    assert citation.evaluate("el => el.open")
    citation.locator("mark.quoted").wait_for()
    settle(page)  # a smooth scroll
    assert top_in_view(citation)
    assert citation.locator("summary").evaluate("el => el === document.activeElement")
    assert citation.locator(".cite-no").inner_text() == f"[{n}]"
