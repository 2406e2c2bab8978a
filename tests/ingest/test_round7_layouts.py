"""Twelve fictional documents of twelve layouts (tests/fixtures/layouts11/), written in the tenth session by helpers
that saw no code, each with the programs it lists (PROGRAMS.jsonl: title and budget as written): a prefecture's
主要事業 as PDF text, a town's 事項別明細書 (pdftotext -layout), a ministry's 補正予算 PR sheets (「…交付金【補正予算額 180
億円】」), a city's Markdown table, an agency's 概算要求 (items with 「要求額」 on their title line, then a table of 「その他
の主な事項」 under a two-line header), a city's blocks of labelled lines, a ward's newsletter in prose and a village's
numbered list; a prefecture's ｜-table pages, a city's 補正 CSV without a mapping, a ministry's 予算の概要 with this
year's and last year's figures per bullet, a town's web table with the unit in every cell. Before this session six
of them gave few or no programs of their own."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from qa.ingest.amounts import parse_yen
from qa.ingest.layouts.text_table import two_row_header
from qa.ingest.lines import split_lines
from qa.ingest.parse import parse_corpus
from qa.ingest.structure import _inline_title

LAYOUTS11 = Path(__file__).resolve().parents[1] / "fixtures" / "layouts11"
TRUTH = [json.loads(line) for line in (LAYOUTS11 / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines() if line]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("　", "")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def parsed():
    return parse_corpus(LAYOUTS11)


@pytest.mark.parametrize("document", sorted({t["document"] for t in TRUTH}))
def test_every_priced_program_of_each_layout_is_read_with_its_title_and_yen(parsed, document):
    got: dict[str, list] = {}
    for p in parsed.programs:
        if Path(p.document).stem == document:
            got.setdefault(_norm(p.title), []).append(p)
    # 「事項要求」: an item requested without a figure has no budget to read
    rows = [t for t in TRUTH if t["document"] == document and _digits(t["budget"])]
    missed = []
    for row in rows:
        want = parse_yen(row["budget"])
        if want is not None and unicodedata.normalize("NFKC", row["budget"]).lstrip().startswith(("△", "▲")):
            want = -want  # 「△18,500千円」: a reduction
        found = got.get(_norm(row["title"]), [])
        if not any(p.budget and (p.budget.yen == want or (want is None and _digits(p.budget.text) == _digits(
                row["budget"]))) for p in found):
            missed.append((row["title"], row["budget"], [p.budget.text if p.budget else None for p in found]))
    assert not missed, missed


@pytest.mark.parametrize(("document", "layout"), [
    ("wakabadai_yosan_aramashi.md", "prose_items"),
    ("shinonomehara_shuyojigyo.txt", "field_blocks"),
    ("engan_gaisan_R9.txt", "program_pages"),
    ("shion_city_R8_shuyo_shisaku.md", "text_table"),
])
def test_each_layout_is_detected_from_the_document_itself(parsed, document, layout):
    doc = next(d for d in parsed.documents if d.name == document)
    assert doc.layout == layout, doc.layout_scores


def test_a_table_inside_program_pages_is_read_and_ends_the_program_above_it(parsed):
    engan = [p for p in parsed.programs if p.document == "engan_gaisan_R9.txt"]
    rows = {p.title: p for p in engan}
    assert rows["沿岸地域振興調査費"].budget.yen == 412_000_000
    assert rows["海上・陸上交通連携実証事業"].budget.previous_year.yen == 1_120_000_000  # 令和8年度予算額 column
    last_page_program = rows["沿岸地域デジタル実装加速化事業"]
    assert last_page_program.end <= rows["沿岸地域振興調査費"].start
    doc = next(d for d in parsed.documents if d.name == "engan_gaisan_R9.txt")
    assert any("row(s) of a table read beside" in w for w in doc.warnings)


def test_word_numbered_headings_with_their_figure_are_totals_not_programs(parsed):
    totals = [p.title for p in parsed.programs if p.document == "engan_gaisan_R9.txt" and p.kind == "total"]
    assert len([t for t in totals if t.startswith("重点")]) == 4, totals


@pytest.mark.parametrize(("line", "title"), [
    ("（１）沿岸集落避難路整備交付金【新規】                 要求額     45.0億円", "（１）沿岸集落避難路整備交付金【新規】"),
    ("地域脱炭素移行・再エネ推進交付金【補正予算額 180億円】", "地域脱炭素移行・再エネ推進交付金"),
    ("令和９年度要求額　４２，０００百万円（令和８年度予算額　３５，０００百万円）", None),  # the label opens it
    ("重点施策関係予算額 57.3億円", None),  # one label, no gap: no title before it
])
def test_a_title_on_its_own_budget_line_is_read_before_the_label(line, title):
    found = _inline_title(split_lines(line)[0])
    assert (unicodedata.normalize("NFKC", found) if found else None) == (
        unicodedata.normalize("NFKC", title) if title else None)


def test_a_header_over_two_lines_names_its_columns_from_both():
    text = (" 事 項                               令和９年度   令和８年度    増△減額\n"
            "                                     要 求 額     予 算 額\n")
    upper, lower = split_lines(text)[:2]
    header = two_row_header(upper, lower)
    assert header is not None
    assert sorted(header.columns.values()) == ["budget", "previous", "title"]


def test_a_title_beginning_with_dai_n_is_a_program_not_a_heading(parsed):
    titles = {p.title: p.kind for p in parsed.programs if p.document == "asagiri_pref_R8_shuyo_jigyo.txt"}
    assert titles.get("第2子以降保育料無償化事業") == "program", titles


def test_labelled_blocks_keep_department_description_and_the_markers_over_them(parsed):
    block = next(p for p in parsed.programs if p.title == "学校給食費無償化事業")
    assert block.department and "学務課" in block.department
    assert "新規" in block.flags
    assert any(s.name == "概要" for s in block.sections)


def test_prose_names_an_amount_set_in_bold_and_a_residents_quote_do_not_become_programs(parsed):
    titles = [p.title for p in parsed.programs if p.document == "wakabadai_yosan_aramashi.md"]
    assert len(titles) == 18
    assert not any(re.search(r"\d", t) and "円" in t for t in titles)
    assert "特別区税" not in titles  # a quoted revenue in a document that bolds its programs
