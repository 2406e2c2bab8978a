"""What the browser tests do often: ask, look at what is in view, start a server over a small corpus, run axe."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ANSWERS = ".message.assistant:not(.thinking):not(.failed)"

# Where an element's top is, against the band the reader sees between the sticky header and the composer.
PLACE = """el => {
  const r = el.getBoundingClientRect();
  const header = document.getElementById('top').getBoundingClientRect().bottom;
  const form = document.getElementById('ask-form').getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, header, limit: form.height ? form.top : innerHeight, height: innerHeight};
}"""


def send(page, question: str) -> None:
    """Type a question and press Enter (without waiting for the answer)."""
    box = page.locator("#question")
    box.fill(question)
    box.press("Enter")


def ask(page, question: str) -> None:
    """Type and send with Enter, then wait for the answer."""
    answers = page.locator(ANSWERS)
    before = answers.count()
    send(page, question)
    answers.nth(before).wait_for(timeout=60_000)
    page.locator(".thinking").wait_for(state="detached", timeout=60_000)


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JS expression from here (page.wait_for_function evaluates strings, which the page's CSP forbids)."""
    deadline = time.time() + timeout
    while not page.evaluate(expression):
        assert time.time() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def settle(page) -> None:
    """Wait until the page stops scrolling (a smooth scroll has ended)."""
    last = None
    for _ in range(100):
        y = page.evaluate("scrollY")
        if y == last:
            return
        last = y
        page.wait_for_timeout(120)


def top_in_view(locator) -> bool:
    """The element's top edge is visible: below the sticky header, above the sticky composer."""
    p = locator.evaluate(PLACE)
    return p["header"] - 1 <= p["top"] < p["limit"] - 8


def programs(base) -> list[dict]:
    """The program table as the real API gives it (`base`: a server URL, or a page opened on one)."""
    base = getattr(base, "base", base)
    with urllib.request.urlopen(base + "/api/programs", timeout=30) as res:
        return json.load(res)


def program_id(base, title: str) -> str:
    return next(p["id"] for p in programs(base) if p["title"] == title)


def serious_axe_violations(page) -> list[str]:
    """axe-core (vendored, no network) on the page as it is: violations of serious or critical impact."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return [json.dumps(v, ensure_ascii=False) for v in found if v["impact"] in ("serious", "critical")]


def start_server(service) -> tuple[str, object]:
    """A real uvicorn server on loopback over `service`; returns its URL and the server (set should_exit)."""
    import uvicorn

    from qa.api.app import create_app
    from tests.conftest import _free_port

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(service=service, rate_limit_per_minute=0), host="127.0.0.1",
                                        port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    return f"http://127.0.0.1:{port}", srv
