"""/docs and /redoc work offline, in real Chromium: assets served by the app from the `fastapi-offline` package,
every request outside the server refused, and the app's CSP (no inline scripts) kept."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture()
def offline_page(browser, server):
    """A page that can reach the test server only (as on a machine without internet), recording what it refused
    and every Content-Security-Policy complaint."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.outside, page.csp = [], []  # type: ignore[attr-defined]

    def route(r):  # type: ignore[no-untyped-def]
        if r.request.url.startswith((server, "blob:", "data:")):
            r.continue_()
        else:
            page.outside.append(r.request.url)  # type: ignore[attr-defined]
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp.append(m.text))  # type: ignore[attr-defined]
    yield page
    context.close()


def test_docs_render_the_operations_and_send_a_request(offline_page, server, output_dir):
    page = offline_page
    response = page.goto(f"{server}/docs")
    assert response.status == 200
    page.wait_for_selector(".opblock", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/ask", "/api/search", "/api/programs", "/api/health"} <= {p.replace("\u200b", "") for p in paths}

    health = page.locator(".opblock", has=page.locator('.opblock-summary-path[data-path="/api/health"]'))
    health.locator(".opblock-summary").click()
    health.locator("button.try-out__btn").click()
    health.locator("button.execute").click()
    status = health.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for(timeout=15_000)
    assert status.inner_text().strip().startswith("200")
    assert '"status": "ok"' in health.locator(".live-responses-table tr.response").first.inner_text()
    status.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "docs-try-it-out.png"))

    assert page.outside == [] and page.csp == []  # nothing from a CDN, nothing refused by the CSP
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp  # the app's own policy, unchanged


def test_redoc_renders(offline_page, server, output_dir):
    page = offline_page
    response = page.goto(f"{server}/redoc")
    assert response.status == 200
    page.wait_for_selector('[data-section-id^="operation/"]', timeout=15_000)
    assert page.locator('[data-section-id^="operation/"]').count() >= 6
    assert "予算事業 質問応答 API" in page.locator("h1").first.inner_text()
    assert page.locator('[data-section-id="operation/ask_api_ask_post"]').count() >= 1
    page.screenshot(path=str(output_dir / "redoc.png"))
    # Only ReDoc's "API docs by Redocly" logo points outside; it is refused, the page does not need it.
    assert all("redoc" in url for url in page.outside), page.outside
    csp = response.headers["content-security-policy"]
    script = re.search(r"script-src ([^;]*)", csp).group(1)
    assert script.strip() == "'self'" and "style-src 'self' 'unsafe-inline'" in csp
    assert not [c for c in page.csp if "script" in c], page.csp


def test_docs_pages_load_nothing_from_outside_and_no_inline_script(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        for path in ("/docs", "/redoc"):
            text = c.get(path).text
            assert not re.search(r"(src|href)=\"https?:", text), path
            assert not re.search(r"<script(?![^>]*\bsrc=)", text), path  # every script is a file
        init = c.get("/docs/swagger-init.js")
        assert init.status_code == 200 and "SwaggerUIBundle(" in init.text
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
            assert c.get(f"/docs-assets/{asset}").status_code == 200, asset
        for page in ("/", "/api/health"):  # everything else keeps the strict policy
            csp = c.get(page).headers["content-security-policy"]
            assert "script-src 'self'" in csp and "style-src 'self';" in csp and "unsafe-inline" not in csp
