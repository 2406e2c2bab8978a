"""Round 6's fictional documents (tests/fixtures/scored-2026-12-04-s9/layouts10/, written by a helper who saw no
code; sealed until scored, tuning since): a 概算要求の概要 whose programs carry a bracketed label
(「【令和９年度要求額】41,860百万円（令和８年度予算額 38,520百万円）」), whose numbered headings carry their own totals
(「２．…」 over 「要求額 ２１８億円（前年度予算額 １３４億円）」), and whose details stand in labelled lines
(「補助率：2/3（…）」) under a heading 「事業概要・目的」. Read against the writer's list of programs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.amounts import parse_yen
from qa.ingest.normalize import key

LAYOUTS10 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s9" / "layouts10"
TRUTH = [json.loads(line) for line in (LAYOUTS10 / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines() if line]
REQUEST = LAYOUTS10 / "chiikikotsu_r9_gaisan_gaiyo.txt"


def test_a_bracketed_request_label_names_the_years_figure_not_the_one_in_parentheses():
    _, programs = parse(REQUEST)
    by_title = {key(p.title): p for p in programs if p.kind != "total"}
    rows = [t for t in TRUTH if t["document"] == REQUEST.stem]
    wrong = [t["title"] for t in rows if (p := by_title.get(key(t["title"]))) is None or p.budget is None
             or p.budget.yen != parse_yen(t["budget"])]
    assert rows and len(wrong) <= 1, wrong  # the one left: a title whose 「（公共ライドシェア等導入支援）」 is an alias
    first = by_title[key("地域公共交通確保維持改善事業")]
    assert first.budget.previous_year is not None and first.budget.previous_year.yen == 38_520_000_000


@pytest.mark.parametrize(("heading", "yen"), [
    ("持続可能な地域公共交通ネットワークの再構築", 60_900_000_000),
    ("担い手確保と交通DX・GXの推進", 21_800_000_000),
])
def test_a_budget_line_under_a_numbered_heading_is_that_headings_total(heading, yen):
    _, programs = parse(REQUEST)
    total = next(p for p in programs if p.kind == "total" and p.title == heading)
    assert total.budget.yen == yen
    assert not any(p.kind != "total" and p.budget and p.budget.yen == yen for p in programs)


def test_labelled_lines_are_sections_and_the_text_before_them_is_kept():
    docs, programs = parse(REQUEST)
    text = docs[0].text
    # the bracket says which part of a program it is, so it stays in the name (as the writer's list gives it)
    program = next(p for p in programs if p.title == "交通空白解消緊急対策事業(公共ライドシェア等導入支援)")
    sections = {s.name: text[s.start:s.end] for s in program.sections}
    assert sections["条件"].startswith("補助率：2/3")  # 「補助率：…」 a section of its own, its line its content
    assert "交通空白地域において" in sections["事業目的・概要"]  # under 「事業概要・目的」


def test_a_description_before_a_labelled_line_stays_the_programs_text(tmp_path):
    doc = tmp_path / "ken-r09-gaiyo.txt"
    doc.write_text("③ こども医療費助成事業\n2,934百万円（2,871百万円）\n市町村が行う子どもの医療費助成に要する経費を補助する。\n"
                   "補助率：県1/2\n\n④ 予防接種事業\n120百万円（118百万円）\n定期予防接種を実施する。\n", encoding="utf-8")
    docs, programs = parse(doc)
    first = next(p for p in programs if p.title == "こども医療費助成事業")
    sections = {s.name: docs[0].text[s.start:s.end] for s in first.sections}
    assert "医療費助成に要する経費" in sections["本文"] and sections["条件"] == "補助率：県1/2"
