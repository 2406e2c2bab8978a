"""Addresses (hash routes), the program browser and citations in context, in real Chromium on the real server."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXTURES
from tests.web.helpers import ask, program_id, programs, settle, start_server, top_in_view

pytestmark = pytest.mark.slow

# A 予算の概要 with nested headings, area totals and a priced block listing its own items.
TREE_DOC = """
============================================================
=== PAGE 1 ===
============================================================
港湾の予算
令和６年度予算の概要
架空港湾省

============================================================
=== PAGE 2 ===
============================================================
目
次
Ⅰ
主要事項
１
港湾機能の強化
２
人的基盤の強化
1

============================================================
=== PAGE 3 ===
============================================================
Ⅰ
主要事項
１
港湾機能の強化
約５００億円
○
岸壁の耐震化（２００億円）
大規模地震に備えて主要な岸壁を耐震化
○岸壁の新設等
（３００億円）
・北港における岸壁の新設（１００億円）
・南港における岸壁の新設（５０億円）
2

============================================================
=== PAGE 4 ===
============================================================
Ⅰ
主要事項
２
人的基盤の強化
約４０億円
○
職員宿舎の整備（３０億円）
老朽化した職員宿舎を建て替え
○
若手職員の確保・育成（１０億円）
3
"""


@pytest.fixture(scope="module")
def tree_server(embedder, tmp_path_factory):
    from qa.service import QAService

    base = tmp_path_factory.mktemp("tree")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "r6-kowan.txt").write_text(TREE_DOC, encoding="utf-8")
    url, srv = start_server(QAService.open(base / "index", corpus, embedder=embedder, progress=False))
    yield url
    srv.should_exit = True


def header_bottom(page) -> float:
    return page.locator("#top").bounding_box()["height"]


def title_in_view(page) -> bool:
    """The program's title is on screen, below the sticky header."""
    box = page.locator("#program-detail h2").bounding_box()
    header = page.locator("#top").evaluate("el => el.getBoundingClientRect().bottom")
    return box is not None and header - 1 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]


def open_list(page):
    page.locator("#tab-programs").click()
    page.locator(".bar-row").first.wait_for()


def test_each_view_has_its_own_address_and_back_and_forward_work(page):
    open_list(page)
    assert page.url.endswith("#/programs")
    page.locator(".bar-row", has_text="廃炉・汚染水対策事業").click()
    page.locator("#program-detail h2", has_text="廃炉・汚染水対策事業").wait_for()
    assert re.search(r"#/programs/h29-hosei-yosan-gaiyou-[0-9a-f]+$", page.url)
    assert "廃炉・汚染水対策事業" in page.title()
    page.go_back()
    assert page.url.endswith("#/programs")
    page.locator("#program-detail .hint").wait_for()
    assert page.locator("#programs-view").is_visible()
    page.go_back()
    assert page.locator("#chat-view").is_visible() and not page.locator("#programs-view").is_visible()
    assert page.locator("#tab-chat").get_attribute("aria-selected") == "true"
    page.go_forward()
    assert page.locator("#programs-view").is_visible()
    page.go_forward()
    page.locator("#program-detail h2", has_text="廃炉・汚染水対策事業").wait_for()
    page.locator("#tab-chat").click()
    assert page.url.endswith("#/") and page.locator("#chat-view").is_visible()


def test_a_program_link_opens_that_program_on_desktop(open_page, server):
    pid = program_id(server, "インバウンド型クールジャパン推進事業")  # the last program of the list
    page = open_page(f"/#/programs/{pid}")
    page.locator("#program-detail h2", has_text="インバウンド型クールジャパン推進事業").wait_for()
    assert title_in_view(page)
    assert page.title().startswith("インバウンド型クールジャパン推進事業")
    current = page.locator(".bar-row[aria-current=page]")
    current.wait_for()
    assert current.get_attribute("href") == f"#/programs/{pid}"


def test_a_program_link_opens_that_program_on_a_phone(open_page, server):
    pid = program_id(server, "インバウンド型クールジャパン推進事業")
    page = open_page(f"/#/programs/{pid}", phone=True)
    page.locator("#program-detail h2", has_text="インバウンド型クールジャパン推進事業").wait_for()
    page.wait_for_timeout(300)  # the list loads too; it must not push the program away
    assert title_in_view(page)
    assert not page.locator("#program-list").is_visible()  # the program replaces the list on a phone
    page.locator("#program-detail .back").click()
    page.locator(".bar-row").first.wait_for()
    assert page.url.endswith("#/programs")


def test_back_from_a_program_returns_to_the_same_place_in_the_list_on_a_phone(phone):
    open_list(phone)
    row = phone.locator(".bar-row", has_text="石油供給インフラ強じん化事業")
    row.scroll_into_view_if_needed()
    settle(phone)
    reading_at = phone.evaluate("scrollY")
    assert reading_at > 1000
    row.click()
    phone.locator("#program-detail h2", has_text="石油供給インフラ強じん化事業").wait_for()
    assert title_in_view(phone)
    phone.locator("#program-detail .back").click()
    row.wait_for()
    assert abs(phone.evaluate("scrollY") - reading_at) < 5
    assert top_in_view(row)


def test_the_citation_link_opens_its_program_in_view_on_a_phone(phone):
    ask(phone, "生産性革命関連の事業を全部挙げて")
    ask(phone, "石油製品安定供給確保支援事業の予算は？")
    citation = phone.locator(".citation").last
    citation.locator("summary").click()
    citation.get_by_role("link", name="この事業を見る").click()
    phone.locator("#program-detail h2", has_text="石油製品安定供給確保支援事業").wait_for()
    phone.wait_for_timeout(300)
    assert "#/programs/" in phone.url
    assert title_in_view(phone)
    phone.go_back()  # back to the conversation, where it was
    phone.locator("#chat-view").wait_for()
    assert top_in_view(citation.locator("summary")) or phone.evaluate("scrollY") > 500


def test_citation_context_starts_at_the_quotes_own_section(page):
    ask(page, "石油製品安定供給確保支援事業の予算は？")
    citation = page.locator(".citation").first
    citation.locator("summary").click()
    context = citation.locator(".context")
    context.locator("mark.quoted").wait_for()
    text = context.inner_text()
    assert text.startswith("石油製品安定供給確保支援事業")  # its own program, from its name
    assert "クリーンルーム" not in text  # not the program before it (IoT研究設備)


def test_the_quoted_span_is_highlighted_in_view_inside_its_box(phone):
    ask(phone, "ニューツーリズム商品開発等支援事業とは？")
    citation = phone.locator(".citation").first
    citation.locator("summary").click()
    context = citation.locator(".context")
    mark = context.locator("mark.quoted")
    mark.wait_for()
    assert context.inner_text().startswith("事業イメージ")  # the quote's section, from its heading
    assert context.evaluate("el => el.scrollHeight > el.clientHeight + 40")  # the quote lies deep inside it
    box = context.bounding_box()
    marked = mark.bounding_box()
    assert box["y"] <= marked["y"] and marked["y"] + 10 <= box["y"] + box["height"]
    assert context.get_attribute("tabindex") == "0"


def test_excerpts_and_context_show_no_markdown_marks(page):
    ask(page, "石油製品安定供給確保支援事業の予算は？")
    citation = page.locator(".citation").first
    citation.locator("summary").click()
    citation.locator("mark.quoted").wait_for()
    assert "60.0億円" in citation.locator(".excerpt").inner_text()
    for part in (".answer-text", ".excerpt", ".context"):
        assert "**" not in page.locator(part).first.inner_text(), part
    assert not re.search(r"^- ", citation.locator(".context").inner_text(), re.M)


def test_the_program_title_is_not_under_the_sticky_header(page):
    open_list(page)
    last = page.locator(".bar-row").last
    last.scroll_into_view_if_needed()
    page.mouse.wheel(0, 3000)
    settle(page)
    title = last.inner_text().split("\n")[0]
    last.click()
    page.locator("#program-detail h2").wait_for()
    assert page.evaluate("scrollY") > 300  # the list was scrolled down: the program still shows from its title
    assert title in page.locator("#program-detail h2").inner_text()
    assert title_in_view(page)


def test_empty_sections_are_hidden(page):
    pid = program_id(page, "インバウンド型クールジャパン推進事業")
    page.goto(page.base + f"/#/programs/{pid}")
    page.locator("#program-detail h2").wait_for()
    headings = page.locator("#program-detail h3").all_inner_texts()
    assert "事業目的・概要" in headings
    assert "条件" not in headings  # its 「条件」 is a heading with nothing under it
    assert "事業名" not in headings  # the title says it already
    assert "**" not in page.locator("#program-detail").inner_text()


def test_program_names_are_shown_in_full(page):
    titles = {p["title"] for p in programs(page)}
    open_list(page)
    names = page.locator(".bar-name")
    assert set(names.all_inner_texts()) == titles
    cut = names.evaluate_all("els => els.filter(e => e.scrollWidth > e.clientWidth + 1 || "
                             "getComputedStyle(e).textOverflow === 'ellipsis').length")
    assert cut == 0
    rows = page.locator(".bar-row")
    assert {rows.nth(i).get_attribute("title") for i in range(rows.count())} == titles


def test_programs_can_be_searched_by_name(page):
    titles = [p["title"] for p in programs(page)]
    open_list(page)
    search = page.locator("#program-search")
    search.fill("石油")
    expected = sorted(t for t in titles if "石油" in t)
    assert sorted(page.locator(".bar-name").all_inner_texts()) == expected
    assert page.locator("#program-count").inner_text() == f"{len(titles)}件中 {len(expected)}件が該当"
    search.fill("JOGMEC")  # a name the chat understands (corpus/aliases.tsv) finds the program the list writes out
    assert page.locator(".bar-name").all_inner_texts() == ["独立行政法人石油天然ガス・金属鉱物資源機構船舶建造事業"]
    search.fill("ＩＴ導入")  # full-width letters find the same program
    assert page.locator(".bar-name").all_inner_texts() == ["サービス等生産性向上IT導入支援事業費"]
    search.fill("存在しない事業")
    assert page.locator("#program-list").inner_text() == "該当する事業はありません。"
    search.fill("")
    assert page.locator(".bar-row").count() == len(titles)


def test_programs_can_be_sorted_by_amount(page):
    open_list(page)

    def amounts(scope):
        return [float(v.replace("億円", "").replace(",", "")) for v in scope.locator(".bar-value").all_inner_texts()]

    page.locator("#program-sort").select_option("ranking")
    ranked = amounts(page.locator("#program-list"))
    assert len(ranked) == 28 and ranked == sorted(ranked, reverse=True)
    assert page.locator(".bar-name").first.inner_text() == "ものづくり・商業・サービス経営力向上支援事業"
    page.locator("#program-sort").select_option("amount")
    for category in page.locator(".cat-node").all():
        values = amounts(category)
        assert values == sorted(values, reverse=True)
    assert page.locator(".category").first.inner_text().startswith("生産性革命")  # the largest category first


def test_the_program_tree_shows_categories_programs_and_sub_items(open_page, tree_server):
    page = open_page("/#/programs", base=tree_server)
    page.locator(".bar-row").first.wait_for()
    outer = page.locator("h3.category")
    assert outer.count() == 1 and outer.inner_text().startswith("主要事項")
    inner = page.locator("h4.category").all_inner_texts()
    assert [h.split("（")[0] for h in inner] == ["港湾機能の強化", "人的基盤の強化"]
    assert "資料の計 500.0億円" in inner[0]
    # The areas' totals are said on their heading, not drawn as programs; items sit under their block.
    assert page.locator(".bar-name").all_inner_texts() == [
        "岸壁の耐震化", "岸壁の新設等", "北港における岸壁の新設", "南港における岸壁の新設", "職員宿舎の整備",
        "若手職員の確保・育成"]
    block = page.locator(".row-item", has=page.locator("> .bar-row", has_text="岸壁の新設等"))
    assert block.locator(".sub-rows .bar-name").all_inner_texts() == ["北港における岸壁の新設", "南港における岸壁の新設"]
    block.locator(".sub-rows .bar-row").first.click()
    detail = page.locator("#program-detail")
    detail.locator("h2", has_text="北港における岸壁の新設").wait_for()
    assert "主要事項 › 港湾機能の強化" in detail.locator(".crumbs").inner_text()
    detail.locator(".parent a", has_text="岸壁の新設等").click()
    detail.locator("h2", has_text="岸壁の新設等").wait_for()
    assert detail.locator(".children a").all_inner_texts() == ["北港における岸壁の新設", "南港における岸壁の新設"]
    page.locator("#program-sort").select_option("amount")
    assert page.locator("h4.category").first.inner_text().startswith("港湾機能の強化")


def test_arrow_keys_move_between_the_tabs(page):
    chat, programs_tab = page.locator("#tab-chat"), page.locator("#tab-programs")
    assert chat.get_attribute("tabindex") == "0" and programs_tab.get_attribute("tabindex") == "-1"
    chat.focus()
    page.keyboard.press("ArrowRight")
    assert programs_tab.evaluate("el => el === document.activeElement")
    assert programs_tab.get_attribute("aria-selected") == "true" and programs_tab.get_attribute("tabindex") == "0"
    expect(page.locator("#programs-view")).to_be_visible()
    assert page.url.endswith("#/programs")
    page.keyboard.press("ArrowRight")  # wraps round
    assert chat.evaluate("el => el === document.activeElement")
    expect(page.locator("#chat-view")).to_be_visible()
    page.keyboard.press("End")
    assert programs_tab.get_attribute("aria-selected") == "true"
    page.keyboard.press("Home")
    assert chat.get_attribute("aria-selected") == "true" and chat.get_attribute("tabindex") == "0"
    page.keyboard.press("ArrowLeft")
    assert programs_tab.evaluate("el => el === document.activeElement")


def test_a_page_opened_while_the_server_starts_says_so_and_loads_when_ready(browser, server):
    import json

    from tests.web.conftest import DESKTOP

    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    calls = {"health": 0, "programs": 0}

    def starting(name, body):
        def handle(route):
            calls[name] += 1
            if calls[name] <= 2:
                route.fulfill(status=503, content_type="application/json", body=json.dumps(body))
            else:
                route.fallback()
        return handle

    page.route("**/api/health", starting("health", {"status": "loading", "detail": "loading the model and index"}))
    page.route("**/api/programs", starting("programs", {"error": {"code": "IndexNotFound", "message": "loading"}}))
    page.goto(server + "/#/programs")
    page.locator("#status", has_text="準備中です。しばらくお待ちください").wait_for()
    assert "準備中です" in page.locator("#program-list").inner_text()
    page.locator(".bar-row").first.wait_for(timeout=15_000)
    assert page.locator(".bar-row").count() == 28
    page.locator("#tab-chat").click()
    page.locator("#status").wait_for(state="hidden")
    assert "loading" not in page.locator("body").inner_text()
    context.close()


@pytest.fixture(scope="module")
def town_server(embedder, tmp_path_factory):
    """A town's 主要事業一覧 in 千円 (the newcomer's, `tests/fixtures/newuser37`)."""
    from qa.service import QAService

    base = tmp_path_factory.mktemp("town")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "newuser37" / "sakuragawa-r8-shuyojigyo.txt", corpus)
    url, srv = start_server(QAService.open(base / "index", corpus, embedder=embedder, progress=False))
    yield url
    srv.should_exit = True


def test_a_lists_amounts_and_sums_are_shown_in_its_own_unit(open_page, town_server):
    """9,800千円 as the list writes it, not 「0.1億円」; the list's sum in 千円 too (newcomer 37)."""
    page = open_page("/#/programs", base=town_server)
    page.locator(".bar-row").first.wait_for()
    values = page.locator(".bar-value").all_inner_texts()
    assert "9,800千円" in values and all(v.endswith("千円") for v in values), values
    assert "616,200千円" in page.locator("#program-list").inner_text()
