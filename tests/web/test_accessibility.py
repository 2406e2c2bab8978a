"""axe-core 4.14.1 (vendored in tests/web/vendor, no network) on each page, desktop 1280×800 and phone 390×844:
no violation of serious or critical impact."""

from __future__ import annotations

import pytest

from tests.web.helpers import ask, program_id, serious_axe_violations

pytestmark = pytest.mark.slow


def chat_with_citations(page) -> None:
    """An answer with its citations open (their context boxes loaded), and an abstention with related excerpts."""
    ask(page, "石油製品安定供給確保支援事業の予算は？")
    ask(page, "IT導入補助金の申請締切はいつ？")
    ask(page, "うちみたいな小さな店がチラシを作るのに使える補助は？")
    for summary in page.locator(".citation summary").all()[:6]:
        summary.click()
    page.locator(".citation[open] .context").nth(page.locator(".citation[open]").count() - 1).wait_for()
    assert page.locator(".context").count() >= 2


def programs_page(page) -> list[str]:
    """The program list, then one program open (on a phone the program replaces the list)."""
    page.locator("#tab-programs").click()
    page.locator(".bar-row").first.wait_for()
    found = serious_axe_violations(page)
    pid = program_id(page, "インバウンド型クールジャパン推進事業")
    page.goto(page.base + f"/#/programs/{pid}")
    page.locator("#program-detail h2").wait_for()
    return found + serious_axe_violations(page)


def test_axe_finds_no_serious_violations_on_the_welcome_page_desktop(page):
    assert serious_axe_violations(page) == []


def test_axe_finds_no_serious_violations_on_the_welcome_page_phone(phone):
    assert serious_axe_violations(phone) == []


def test_axe_finds_no_serious_violations_on_the_chat_with_citations_desktop(page):
    chat_with_citations(page)
    assert serious_axe_violations(page) == []


def test_axe_finds_no_serious_violations_on_the_chat_with_citations_phone(phone):
    chat_with_citations(phone)
    assert serious_axe_violations(phone) == []


def test_axe_finds_no_serious_violations_on_the_programs_page_desktop(page):
    assert programs_page(page) == []


def test_axe_finds_no_serious_violations_on_the_programs_page_phone(phone):
    assert programs_page(phone) == []
