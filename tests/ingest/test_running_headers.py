"""Page furniture is not structure: a running header printed on every page (「令和８年度当初予算（案）　主要施策の概要
汐見県」) is never the heading the rows after a page break stand under; rows indented under a row describe it."""

from __future__ import annotations

from pathlib import Path

from qa.ingest import parse

SHUSAKU = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-03-s2" / "layouts" / \
    "shiomi-pref-r08-shusaku.txt"


def test_rows_after_a_page_break_stay_under_their_heading_not_the_running_header():
    _, programs = parse(SHUSAKU)
    headings = {c for p in programs for c in p.categories}
    assert headings and all(h.startswith("【柱") for h in headings), headings
    assert len({p.title for p in programs if p.kind == "program"}) == 40  # one is listed again (再掲)


def test_a_note_line_under_a_row_is_part_of_its_description_with_its_figures():
    docs, programs = parse(SHUSAKU)
    heli = next(p for p in programs if p.title == "消防防災ヘリコプター更新事業")
    text = "\n".join(docs[0].text[s.start:s.end] for s in heli.sections)
    assert "総額 3,480,000千円" in text and heli.budget.yen == 1_740_000_000
