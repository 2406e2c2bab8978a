"""The eval report: one offline file whose charts have axes and a value on every bar, with no label over
another, and a page that fits a phone (390 px) without sideways scrolling."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from qa.eval.metrics import ranking_metrics, summarize
from qa.eval.report import render, write_report

MODES = ["bm25", "dense", "hybrid"]
# Long and Japanese type names: the labels that used to run into each other.
TYPES = ["aggregate", "amount", "category", "comparison_between_two_programs", "事業の目的と概要についての質問",
         "unanswerable"]


def fake_result() -> dict:
    """A small result dict of the shape `qa.eval.run.run` returns (the report's input)."""
    rows = []
    for m, mode in enumerate(MODES):
        for t, kind in enumerate(TYPES):
            for n in range(3):
                answerable = kind != "unanswerable"
                hit = (n + m + t) % 3 != 0
                ranked = ["g", "x"] if hit else ["x", "y", "g"]
                rows.append({
                    "id": f"{kind[:3]}-{n}", "type": kind, "mode": mode, "context": [],
                    "question": "中小企業庁が担当する事業を全部教えてください。" * (2 if n == 2 else 1),
                    "answer": "資料には記載がありません。" + ("長い回答" * 60 if n == 1 else "") + "x" * (120 if n == 2 else 0),
                    "abstained": not hit, "intent": "detail",
                    "citations": [{"program_title": "石油製品安定供給確保支援事業", "section": "事業目的・概要",
                                   "text": "災害時に地域の燃料供給拠点となる住民拠点SSの整備を支援します。" * 3}],
                    "gold": ["g"] if answerable else [], "answers": ["60.0億円"] if answerable else [],
                    "answerable": answerable, "correct": hit == answerable,
                    "ranked": ranked, "ranking": ranking_metrics(ranked, ["g"]) if answerable else {},
                    "latency_ms": [4.0, 35.0, 180.0, 950.0, 2400.0][(n + t + m) % 5],
                })
    metrics = {"modes": {mode: summarize([r for r in rows if r["mode"] == mode]) for mode in MODES},
               "questions": len(rows) // len(MODES),
               "index": {"build_seconds": 13.3, "counts": {"documents": 1, "programs": 28, "passages": 177},
                         "dense_index": "IndexFlatIP", "built_at": "2026-11-29T12:50:00+00:00"}}
    return {"rows": rows, "metrics": metrics}


def charts(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r'<svg class="chart".*?</svg>', page, flags=re.S)]


def test_every_chart_has_titled_axes_ticks_and_one_value_label_per_bar():
    result = fake_result()
    svgs = charts(render(result, "評価レポート"))
    assert len(svgs) == 4
    # accuracy by type, metrics by mode (5 metrics), recall@1..10, latency histogram (9 bins); one bar per mode.
    assert [len(svg.findall("rect[@class='bar']")) for svg in svgs] == [len(TYPES) * 3, 5 * 3, 10 * 3, 9 * 3]
    for svg in svgs:
        bars, values = svg.findall("rect[@class='bar']"), svg.findall("text[@class='value']")
        assert len(values) == len(bars)
        assert all(re.fullmatch(r"\d+(\.\d\d)?", v.text or "") for v in values)
        for axis in ("x", "y"):
            titles = svg.findall(f"text[@class='axis-title {axis}']")
            assert len(titles) == 1 and titles[0].text.strip(), axis
        assert len(svg.findall("text[@class='tick']")) == 5
        assert len(svg.findall("text[@class='legend']")) == len(MODES)
    # The values printed are the data: accuracy by type for bm25, in type order.
    by_type = result["metrics"]["modes"]["bm25"]["by_type"]
    printed = [v.text for v in svgs[0].findall("text[@class='value']")][::3]
    assert printed == [f"{by_type[t]['accuracy']:.2f}" for t in sorted(TYPES)]
    counts = [int(v.text) for v in svgs[3].findall("text[@class='value']")]
    assert sum(counts) == len(result["rows"])  # every question in one latency bin


def test_report_is_one_offline_file_with_index_info_as_a_table(tmp_path):
    report = write_report(fake_result(), tmp_path / "report", "評価レポート")
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"https?://", page)  # no CDN, no asset from anywhere
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert '<div class="scroll" tabindex="0"' in page
    assert "<th scope=\"row\">counts.programs</th><td>28</td>" in page
    assert '{"' not in page and "&quot;counts&quot;" not in page  # not raw JSON


@pytest.mark.slow
def test_report_fits_a_phone_and_no_chart_label_overlaps_another(tmp_path, output_dir, browser):
    report = write_report(fake_result(), tmp_path / "report", "評価レポート: 平成29年度補正予算 質問セット")
    for width, height in ((390, 844), (1280, 800)):
        page = browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.goto(report.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for element in page.locator("details").all():
            element.evaluate("d => d.open = true")  # failures opened: long answers must wrap too
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        overlaps = page.evaluate("""() => {
            const hits = [];
            for (const svg of document.querySelectorAll('svg.chart')) {
                const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
                for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                    const [a, r] = boxes[i], [b, s] = boxes[j];
                    if (r.left < s.right - 0.5 && s.left < r.right - 0.5 && r.top < s.bottom - 0.5 && s.top < r.bottom - 0.5)
                        hits.push(`${svg.getAttribute('aria-label')}: ${a} / ${b}`);
                }
            }
            return hits;
        }""")
        assert overlaps == []
        table = page.locator(".scroll").first
        assert table.get_attribute("tabindex") == "0"
        if width == 390:
            assert table.evaluate("e => e.scrollWidth > e.clientWidth")  # the wide table scrolls in its box
            font = page.locator("svg.chart text.value").first.evaluate("t => t.getBoundingClientRect().height")
            assert font >= 9  # value labels stay legible once the chart is scaled down
            page.screenshot(path=str(output_dir / "eval-report-phone.png"), full_page=True)
        else:
            page.screenshot(path=str(output_dir / "eval-report-desktop.png"), full_page=True)
        assert errors == []
        page.close()
