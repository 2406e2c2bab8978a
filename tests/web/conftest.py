"""Browser fixtures: one Debian Chromium for the whole run, a fresh context (and sessionStorage) per test."""

from __future__ import annotations

import pytest

DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "ja-JP"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "ja-JP"}


def _open(browser, base: str, options: dict, path: str = "/"):
    context = browser.new_context(**options)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    # The page keeps to its Content-Security-Policy: no inline script or style is ever refused.
    page.on("console", lambda msg: page.errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.base = base  # type: ignore[attr-defined]
    page.goto(base + path)
    return context, page


def _checked_page(browser, server, viewport):  # type: ignore[no-untyped-def]
    """Yield the chat page on a screen; uncaught script errors and CSP refusals fail the test afterwards."""
    context, page = _open(browser, server, viewport)
    yield page
    errors = list(page.errors)
    context.close()
    assert errors == [], errors


@pytest.fixture()
def page(browser, server):
    """The chat page on a desktop screen (1280×800); uncaught script errors and CSP refusals fail the test."""
    yield from _checked_page(browser, server, DESKTOP)


@pytest.fixture()
def phone(browser, server):
    """The chat page on a phone (390×844, touch)."""
    yield from _checked_page(browser, server, PHONE)


@pytest.fixture()
def open_page(browser, server):
    """open_page(path, phone=False): a page opened straight at a URL (a shared link)."""
    contexts = []

    def opener(path: str = "/", phone: bool = False, base: str | None = None):
        context, page = _open(browser, base or server, PHONE if phone else DESKTOP, path)
        contexts.append((context, page))
        return page

    yield opener
    errors = [e for _, page in contexts for e in page.errors]
    for context, _ in contexts:
        context.close()
    assert errors == [], errors
