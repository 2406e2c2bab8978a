"""Round 4's three fictional documents (tests/fixtures/scored-2026-12-03-s7/layouts8/, written by a helper who saw no
code: a 事項別明細書 as text, a CSV with a title line over its header, 概算要求 PR sheets with the amount over the
title) read into their programs with exact titles and yen, and the kinds of line each taught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.normalize import key

LAYOUTS8 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-03-s7" / "layouts8"
DOCUMENTS = sorted(p for p in LAYOUTS8.iterdir() if not p.name.endswith(".json"))


@pytest.fixture(scope="module", params=DOCUMENTS, ids=lambda p: p.name)
def read(request):
    truth = json.loads((LAYOUTS8 / f"{request.param.stem}.truth.json").read_text(encoding="utf-8"))
    docs, programs = parse(request.param)
    return truth, docs[0], programs


def test_every_program_is_read_with_its_exact_title_and_yen(read):
    truth, _, programs = read
    by_title = {key(p.title): p for p in programs if p.kind != "total" or p.budget is not None}
    wrong = [t["title"] for t in truth
             if (p := by_title.get(key(t["title"]))) is None or p.budget is None or p.budget.yen != t["budget_yen"]]
    assert not wrong


def test_last_years_figure_is_read_where_the_document_gives_it(read):
    truth, _, programs = read
    by_title = {key(p.title): p for p in programs}
    for t in truth:
        if t["previous_yen"]:
            previous = by_title[key(t["title"])].budget.previous_year
            assert previous is not None and previous.yen == t["previous_yen"], t["title"]


def test_a_csv_title_line_over_the_header_names_the_document_and_the_year():
    docs, programs = parse(LAYOUTS8 / "hokuyo_r8_shuyo_jigyo.csv")
    assert docs[0].title == "令和８年度北陽県当初予算　主要事業一覧"
    assert len(programs) == 16  # the title line is no program
    assert {p.budget.fiscal_year for p in programs} == {2026}  # 「R8当初予算額（千円）」 read as this year's column
    assert programs[0].department == "総務部 市町村課"


def test_a_pr_sheet_with_its_amount_over_the_title_has_named_sections_and_its_contact():
    _, programs = parse(LAYOUTS8 / "kankyo_r9_gaisan_pr.txt")
    first = programs[0]
    assert first.title == "地域脱炭素推進交付金"  # not the 【令和９年度要求額 …】 line, not the TOC's number
    names = [s.name for s in first.sections]
    assert {"事業目的・概要", "事業内容", "事業イメージ"} <= set(names)  # 「１．事業目的」「２．事業内容」「３．事業スキーム」
    assert [c.phone for c in first.contacts] == ["03-5521-8233"]  # 「お問合せ先： … 電話：03-5521-8233」
    assert not any(s.name in {"事業目的", "事業内容"} for s in first.subprojects)  # headings, not sub-programs


def test_a_ledger_name_wrapped_under_its_amount_line_is_one_name():
    _, programs = parse(LAYOUTS8 / "aobadai_r8_jikobetsu_meisai.txt")
    titles = {p.title for p in programs}
    # 「２ おたふくかぜワクチン接種費用助成　12,480」 over 「事業（新規）」
    assert "おたふくかぜワクチン接種費用助成事業" in titles
    assert "おたふくかぜワクチン接種費用助成" not in titles


def test_a_ledger_projects_breakdown_lines_are_its_explanation_not_programs():
    docs, programs = parse(LAYOUTS8 / "aobadai_r8_jikobetsu_meisai.txt")
    text = docs[0].text
    by_title = {p.title: p for p in programs if p.kind == "program"}
    assert len(by_title) == 14  # 「予防接種委託料 352,480」 and its like are parts of the 事業 above them
    vaccine = by_title["定期予防接種事業"]
    explained = [text[s.start:s.end] for s in vaccine.sections if s.name == "説明"]
    assert any("予防接種委託料" in e for e in explained) and vaccine.department == "健康づくり課"
    mumps = by_title["おたふくかぜワクチン接種費用助成事業"]
    assert "３，０００円を助成）" in [text[s.start:s.end] for s in mumps.sections]  # a detail wrapped under its figure
    # 「18 負担金補助 107,500」 over 「及び交付金」: a 節 wrapped before 及び, never a 事業's name.
    assert not any("負担金補助" in p.title for p in programs)


def test_a_pr_documents_opening_figures_by_account_are_its_totals():
    # 「一般会計　３，８４２億円（令和８年度当初予算額 ３，２７６億円）」: the figure carries its unit, no 単位 line.
    _, programs = parse(LAYOUTS8 / "kankyo_r9_gaisan_pr.txt")
    totals = {p.title: p.budget for p in programs if p.kind == "total"}
    assert totals["一般会計"].yen == 384_200_000_000 and totals["一般会計"].previous_year.yen == 327_600_000_000
    assert totals["エネルギー対策特別会計"].yen == 211_500_000_000
