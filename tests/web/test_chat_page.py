"""The chat page in real headless Chromium (Debian's), driven by Playwright, against the real server."""

from __future__ import annotations

import pytest

from tests.web.conftest import PHONE
from tests.web.helpers import ask, start_server

pytestmark = pytest.mark.slow


def test_typing_a_question_shows_the_answer_and_its_citation(page, output_dir):
    ask(page, "IT導入補助金の補助率は？")
    answer = page.locator(".message.assistant .answer-text").last
    assert "1/2" in answer.inner_text()
    assert page.locator(".message.assistant .citation").count() >= 1
    assert page.locator("#question").evaluate("el => el === document.activeElement")
    page.screenshot(path=str(output_dir / "chat-desktop.png"), full_page=True)
    assert page.errors == []


def test_expanding_a_citation_highlights_the_quoted_span_in_context(page):
    ask(page, "AIチップ開発の予算はいくら？")
    citation = page.locator(".message.assistant .citation").first
    citation.locator("summary").click()
    mark = citation.locator("mark.quoted")
    mark.wait_for(timeout=10_000)
    assert "17.0億円" in mark.inner_text()
    assert len(citation.locator(".context").inner_text()) > len(mark.inner_text())


def test_follow_up_uses_the_conversation(page):
    ask(page, "産総研の研究拠点整備事業の予算は？")
    ask(page, "その問い合わせ先は？")
    assert "03-3501-9221" in page.locator(".message.assistant .answer-text").last.inner_text()


def test_enter_during_ime_composition_does_not_send(page):
    box = page.locator("#question")
    box.focus()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "よさん", "selectionStart": 3, "selectionEnd": 3})
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.locator(".message.user").count() == 0


def test_shift_enter_makes_a_new_line_instead_of_sending(page):
    box = page.locator("#question")
    box.fill("一行目")
    box.press("Shift+Enter")
    box.type("二行目")
    assert page.locator(".message.user").count() == 0
    assert box.input_value() == "一行目\n二行目"


def test_conversation_survives_a_reload_and_new_conversation_clears_it(page):
    ask(page, "中小企業BCP策定支援事業の予算は？")
    page.reload()
    assert page.locator(".message.user").count() == 1
    assert "7.0億円" in page.locator(".message.assistant .answer-text").last.inner_text()
    page.locator("#new-chat").click()
    page.wait_for_load_state()
    assert page.locator(".message").count() == 0


def test_program_browser_shows_the_budget_chart_and_a_program(page, output_dir):
    page.locator("#tab-programs").click()
    page.locator(".bar-row").first.wait_for(timeout=10_000)
    assert page.locator(".bar-row").count() == 28
    assert page.locator(".category").count() == 5
    widths = page.locator(".bar").evaluate_all("bars => bars.map(b => b.getBoundingClientRect().width)")
    assert max(widths) > 5 * min(widths)
    page.locator(".bar-row", has_text="廃炉・汚染水対策事業").click()
    page.locator("#program-detail h2").wait_for()
    assert page.locator("#program-detail h2").inner_text() == "廃炉・汚染水対策事業"
    page.screenshot(path=str(output_dir / "programs-desktop.png"), full_page=True)


def test_phone_sized_screen_fits_without_horizontal_scroll(browser, server, output_dir):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(server + "/")
    ask(page, "ガソリンスタンドの災害対策の支援はある？")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(output_dir / "chat-phone.png"), full_page=True)
    context.close()


def test_document_and_question_text_is_never_run_as_html(page):
    ask(page, "<img src=x onerror=\"window.__xss=1\">の予算は？")
    assert page.evaluate("window.__xss === undefined")
    assert "<img" in page.locator(".message.user .bubble").last.inner_text()
    assert page.locator(".messages img").count() == 0


@pytest.fixture(scope="module")
def xss_server(embedder, tmp_path_factory):
    """A server over a document that carries an HTML payload in its text."""
    from qa.service import QAService

    base = tmp_path_factory.mktemp("xss")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "r6-xss.txt").write_text(
        "令和6年度 当初予算の概要\n\n【1】港町にぎわい創出事業\n令和6年度予算額 2.5億円\n\n【事業目的・概要】\n"
        "港町の商店街に<img src=x onerror=\"window.__xss=1\">案内所を整備します。\n", encoding="utf-8")
    service = QAService.open(base / "index", corpus, embedder=embedder, progress=False)
    url, srv = start_server(service)
    yield url
    srv.should_exit = True


def test_html_inside_a_document_is_shown_as_text_never_run(browser, xss_server):
    page = browser.new_page()
    page.goto(xss_server + "/")
    ask(page, "港町にぎわい創出事業の目的は？")
    assert "<img" in page.locator(".message.assistant .answer-text").last.inner_text()
    page.locator(".message.assistant .citation summary").first.click()
    page.locator("mark.quoted").first.wait_for()
    page.locator("#tab-programs").click()
    page.locator(".bar-row").first.click()
    page.locator("#program-detail h2").wait_for()
    assert page.evaluate("window.__xss === undefined")
    assert page.locator("img").count() == 0
    page.close()


def test_on_a_phone_the_quote_is_shown_once_in_its_context(phone):
    """UX finding 18: the answer's 「」, the excerpt and the highlighted context repeated one sentence on a phone."""
    ask(phone, "IT導入補助金の補助率は？")
    citation = phone.locator(".citation").first
    citation.locator("summary").click()
    citation.locator("mark.quoted").wait_for()
    assert not citation.locator(".excerpt").is_visible()
    assert "補助率" in citation.locator("mark.quoted").inner_text()


def test_the_welcome_examples_are_made_from_the_served_corpus_and_answer(browser, xss_server):
    """UX: the welcome's fixed examples named the sample corpus's programs, 「見当たりません」 on any other."""
    page = browser.new_page()
    page.goto(xss_server + "/")
    example = page.locator("#welcome .example")
    example.first.wait_for()
    assert example.all_inner_texts() == ["港町にぎわい創出事業の予算はいくら？"]
    example.first.click()
    page.locator(".message.assistant:not(.thinking)").first.wait_for(timeout=60_000)
    page.locator(".thinking").wait_for(state="detached", timeout=60_000)
    assert "2.5億円" in page.locator(".message.assistant .answer-text").last.inner_text()
    page.close()
