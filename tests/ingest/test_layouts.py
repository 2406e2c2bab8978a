"""Layouts are detected from the document and read by their own module: checked against truth tables.

The documents in tests/fixtures/layouts/ and their NAME.truth.json were written by a helper who never saw the
parser: programs with their amounts in yen, previous-year figures, flags, categories, departments and totals.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.ingest import parse, parse_corpus
from qa.ingest.detect import detect
from qa.ingest.lines import split_lines
from qa.ingest.models import Program
from qa.ingest.normalize import key
from tests.conftest import FIELD, FIXTURES, REAL, SEED, STYLES, UNSEEN

LAYOUTS = FIXTURES / "layouts"
# Ledgers whose 説明 is a block of its own after the 節 lines (not fused beside them): a document scored once and
# kept as tuning data, and a variant written for the kind (marker 【説明】/（説明）/none, numbering ①/(1)/1).
BLOCK_LEDGERS = [FIXTURES / "scored-2026-12-03" / "layouts" / "midorigaoka_r07_doboku_meisai.txt",
                 LAYOUTS / "variants" / "ledger-explain-block.txt"]


def _truth(path: Path) -> dict:
    return json.loads(path.with_name(f"{path.stem}.truth.json").read_text(encoding="utf-8"))


def _by_title(programs: list[Program]) -> dict[str, Program]:
    return {key(p.title): p for p in programs}


def _documents(layout: str) -> list[Path]:
    return sorted(p for p in LAYOUTS.glob("*.txt") if _truth(p)["layout"] == layout)


@pytest.mark.parametrize(("path", "layout"), [
    (SEED, "program_pages"), (FIELD / "00-base-r6-sample.txt", "program_pages"),
    (STYLES / "r6-tousho-table.txt", "program_pages"), (STYLES / "r5-hosei-markdown.md", "program_pages"),
    (UNSEEN / "r7-gaisan-markdown.md", "program_pages"), (UNSEEN / "r6-tousho-brackets.txt", "program_pages"),
    (REAL / "mod-r05-yosan.txt", "priced_items"), (UNSEEN / "r6-yosan-gaiyou-items.txt", "priced_items"),
    (UNSEEN / "r5-shisaku-list.txt", "priced_items"),
    *[(p, _truth(p)["layout"]) for p in [*sorted(LAYOUTS.glob("*.txt")), *BLOCK_LEDGERS]],
])
def test_the_layout_is_detected_from_the_document_and_named_on_it(path, layout):
    docs, programs = parse(path)
    assert docs[0].layout == layout
    assert max(docs[0].layout_scores, key=docs[0].layout_scores.get) == layout
    assert programs and all(p.document == docs[0].name for p in programs)


@pytest.mark.parametrize("path", _documents("text_table"), ids=lambda p: p.stem)
def test_text_tables_give_every_program_with_its_figures_flags_and_department(path):
    truth = _truth(path)
    docs, programs = parse(path)
    rows = [p for p in programs if p.kind == "program"]
    assert [key(p.title) for p in rows] == [key(t["title"]) for t in truth["programs"]]
    for program, row in zip(rows, truth["programs"], strict=True):
        assert program.budget.yen == row["budget_yen"], program.title
        previous = program.budget.previous_year
        assert (previous.yen if previous else None) == row["previous_year_yen"], program.title
        assert program.flags == row["flags"] and key(program.title) == key(row["title"])
        assert program.department == row["department"]
        assert key(program.category or "") == key(row["category"])
        if "contact" in row:
            assert row["contact"] in [c.phone for c in program.contacts]


@pytest.mark.parametrize("path", _documents("text_table"), ids=lambda p: p.stem)
def test_subtotals_and_totals_are_kept_as_totals_never_as_programs(path):
    truth = _truth(path)
    _, programs = parse(path)
    totals = [p for p in programs if p.kind == "total"]
    assert [(p.budget.yen, p.budget.previous_year.yen) for p in totals] == [
        (t["yen"], t["previous_yen"]) for t in truth["totals"]]
    assert not any(p.countable for p in totals)
    grand = totals[-1]
    assert grand.categories == [] and grand.budget.yen == sum(p.budget.yen for p in totals[:-1])


@pytest.mark.parametrize("path", [*sorted(LAYOUTS.glob("*.txt")), *BLOCK_LEDGERS], ids=lambda p: p.stem)
def test_every_span_quotes_the_document_exactly(path):
    docs, programs = parse(path)
    text = docs[0].text
    spans = [(p.start, p.end) for p in programs]
    for p in programs:
        assert 0 <= p.start < p.end <= len(text)
        for section in p.sections:
            assert 0 <= section.start <= section.end <= len(text)
            # A section lies in its program's span, or is a sheet of it elsewhere that no other program holds.
            inside = p.start <= section.start <= section.end <= p.end + 1
            assert inside or not any(a <= section.start < b for a, b in spans), (p.title, section.name)
        if p.budget:
            assert text[p.budget.start:p.budget.end] == p.budget.text
            for part in (p.budget.previous_year, p.budget.change):
                if part and part.start is not None:
                    assert text[part.start:part.end] == part.text
        for contact in p.contacts:
            assert contact.phone.replace("-", "") in text[contact.start:contact.end].replace("-", "")


@pytest.mark.parametrize(("text", "cells"), [
    ("No｜事業名｜本年度", ["No", "事業名", "本年度"]),
    ("｜小計｜1,672,881｜｜", ["", "小計", "1,672,881", "", ""]),
    ("| 1 | 避難所環境整備事業 | 51,329 |", ["", "1", "避難所環境整備事業", "51,329", ""]),
    ("事業名称\t予算額\t前年度予算額", ["事業名称", "予算額", "前年度予算額"]),
    ("\t等整備費補助金\t\t", ["", "等整備費補助金", "", ""]),
    ("　事業名　　本年度  前年度", ["事業名", "本年度", "前年度"]),
    ("子ども食堂支援事業", ["子ども食堂支援事業"]),
])
def test_lines_split_into_cells_with_exact_offsets(text, cells):
    line = split_lines(text)[0]
    assert [c.raw for c in line.cells] == cells
    assert all(text[c.start:c.end] == c.raw for c in line.cells)


def test_a_negative_change_is_read_from_its_triangle():
    _, programs = parse(LAYOUTS / "kitakawa_r06_shuyo.txt")
    hoiku = next(p for p in programs if p.title == "保育所等施設整備補助事業")
    assert hoiku.budget.change.yen == -2_608_000 and hoiku.budget.change.text == "▲2,608"
    assert hoiku.budget.amount_text == "24,733千円" and (hoiku.budget.fiscal_year, hoiku.budget.budget_kind) == (
        2024, "当初")


def test_the_unit_line_is_carried_across_the_page_break():
    _, programs = parse(LAYOUTS / "nishiura_r06_juten.txt")
    after_break = next(p for p in programs if p.title == "地域公民館改修事業")
    assert after_break.budget.yen == 162_500_000 and after_break.pages == [2]


def test_a_reading_that_fails_falls_to_the_next_layout_with_a_warning(tmp_path, monkeypatch):
    from qa.ingest.layouts import text_table

    def explode(doc, lines):
        raise ValueError("max() arg is an empty sequence")

    monkeypatch.setattr(text_table, "read", explode)
    shutil.copy(UNSEEN / "r5-shisaku-list.txt", tmp_path / "list.txt")
    parsed = parse_corpus(tmp_path)
    assert not parsed.skipped and len([p for p in parsed.programs if p.countable]) == 10


def test_a_document_with_no_layout_is_a_passage_and_every_scored_layout_that_finds_nothing_is_named(tmp_path):
    (tmp_path / "memo.txt").write_text("会議メモ\n\n来週の打合せについて。\n", encoding="utf-8")
    (tmp_path / "empty-table.txt").write_text("事業名｜本年度｜前年度\n（単位：千円）\n", encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert {p.document: p.kind for p in parsed.programs} == {"memo.txt": "passage", "empty-table.txt": "passage"}
    assert not any("memo.txt" in w for w in parsed.warnings)
    assert any(w.startswith("empty-table.txt: no programs found") for w in parsed.warnings)


def test_detection_scores_every_layout_between_zero_and_one():
    docs, _ = parse(LAYOUTS / "kitakawa_r06_shuyo.txt")
    scores = detect(docs[0]).scores
    assert set(scores) == {"commitments", "council_qa", "enterprise_budget", "evaluation_sheets", "program_pages", "press_release", "priced_items",
                           "request", "priority_requests", "text_table", "field_blocks", "funds",
                           "ledger", "prose_items", "results_report", "review_results", "assessments", "learned_lines",
                           "english_summary"}
    assert all(0 <= v <= 1 for v in scores.values())


@pytest.mark.parametrize("path", [*_documents("ledger"), *BLOCK_LEDGERS], ids=lambda p: p.stem)
def test_ledgers_give_every_jigyo_with_its_amount_department_and_classification(path):
    truth = _truth(path)
    _, programs = parse(path)
    rows = [p for p in programs if p.kind == "program"]
    assert [key(p.title) for p in rows] == [key(t["title"]) for t in truth["programs"]]
    by_id = {p.id: p for p in programs}
    for program, row in zip(rows, truth["programs"], strict=True):
        assert program.budget.yen == row["budget_yen"] and program.budget.previous_year is None, program.title
        assert program.department == row.get("department")  # a 事業 without parentheses has none
        assert [key(c) for c in program.categories] == [key(row["kan"]), key(row["kou"]), key(row["category"])]
        assert key(program.category) == key(row["category"])
        parent = by_id[program.parent_id].title if program.parent_id else None
        assert key(parent or "") == key(row.get("daijigyo") or "")


@pytest.mark.parametrize("path", [*_documents("ledger"), *BLOCK_LEDGERS], ids=lambda p: p.stem)
def test_ledger_levels_are_totals_with_their_previous_year_kept_at_their_level(path):
    truth = _truth(path)
    _, programs = parse(path)
    totals = {(key(p.title), p.budget.yen): p for p in programs if p.kind == "total"}
    assert len(totals) == len(truth["totals"])
    for row in truth["totals"]:
        total = totals[(key(row["label"]), row["yen"])]
        previous = total.budget.previous_year
        assert (previous.yen if previous else None) == row.get("previous_yen")
        assert not total.countable


def test_a_contact_only_below_the_sections_no_longer_skips_the_document(tmp_path):
    """「担当：」 after the sections and none in the header left `max()` empty: the whole document was skipped."""
    (tmp_path / "hosei.txt").write_text(
        "令和6年度 補正予算の概要\n\n■ 地域交通支援事業\n令和6年度補正予算額 12.5億円\n\n【事業目的・概要】\n地域交通を支える。\n\n"
        "担当：国土交通省 総合政策局（03-5253-8111）\n", encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert not parsed.skipped
    (program,) = parsed.programs
    assert program.title == "地域交通支援事業" and [c.phone for c in program.contacts] == ["03-5253-8111"]
    section = program.section("担当・連絡先")
    assert parsed.documents[0].text[section.start:section.end].startswith("担当：国土交通省")


@pytest.mark.parametrize(("titles", "kept"), [
    (["310", "=== PAGE 7 ===", "小学校給食維持運営"], ["小学校給食維持運営"]),
    (["第2子以降保育料無償化事業", "ＧＩＧＡスクール"], ["第2子以降保育料無償化事業", "ＧＩＧＡスクール"]),
])
def test_programs_without_a_name_are_left_out_and_counted(titles, kept):
    from qa.ingest.detect import _named
    from qa.ingest.models import Document

    doc = Document(name="x.txt", path="x.txt", text="x")
    programs = [Program(id=str(n), title=t, document="x.txt", start=0, end=1) for n, t in enumerate(titles)]
    assert [p.title for p in _named(doc, "program_pages", programs)] == kept
    assert bool(doc.warnings) == (len(kept) < len(titles))


VARIANTS = LAYOUTS / "variants"


@pytest.mark.parametrize(("name", "layout", "expected"), [
    ("aligned-table.txt", "text_table", [
        ("子ども食堂支援事業", "program", 45_000_000, 0, ["新規"], ["1 子育て支援"], "こども政策課"),
        ("放課後児童クラブ運営事業", "program", 107_228_000, 94_449_000, [], ["1 子育て支援"], "こども育成課"),
        ("公共交通ネットワーク維持事業(デマンド交通)", "program", 262_624_000, 259_957_000, [], ["1 子育て支援"], "交通政策課"),
        ("小計", "total", 414_852_000, 354_406_000, [], ["1 子育て支援"], None),
        ("市道整備事業", "program", 454_584_000, 527_477_000, ["拡充"], ["2 まちづくり"], "道路課"),
        ("計", "total", 454_584_000, 527_477_000, [], ["2 まちづくり"], None),
        ("合計", "total", 869_436_000, 881_883_000, [], [], None)]),
    ("ascii-pipes.txt", "text_table", [
        ("庁舎照明LED化事業", "program", 12_500_000, None, [], ["総務"], "総務課"),
        ("防災無線更新事業", "program", 9_100_000, 8_000_000, [], ["総務"], "防災課"),
        ("合計", "total", 21_600_000, 8_000_000, [], [], None)]),
    ("column-flags.txt", "text_table", [
        ("産後ケア事業", "program", 12_000_000, 0, ["新規"], ["子育て"], "健康課"),
        ("病児保育事業", "program", 20_500_000, 18_000_000, ["拡充"], ["子育て"], "保育課"),
        ("創業支援事業", "program", 9_000_000, 9_500_000, [], ["産業"], "商工課"),
        ("合計", "total", 41_500_000, 27_500_000, [], [], None)]),
    ("ledger-nested.txt", "ledger", [
        ("衛生費", "total", 3_400_000, 2_800_000, [], [], None),
        ("保健衛生費", "total", 3_400_000, 2_800_000, [], ["衛生費"], None),
        ("予防費", "total", 3_400_000, 2_800_000, [], ["衛生費", "保健衛生費"], None),
        ("予防接種事業", "total", 3_000_000, None, [], ["衛生費", "保健衛生費", "予防費"], None),
        ("定期予防接種", "program", 2_000_000, None, [], ["衛生費", "保健衛生費", "予防費"], "保健所感染症対策課"),
        ("任意予防接種助成", "program", 500_000, None, [], ["衛生費", "保健衛生費", "予防費"], "保健所感染症対策課"),
        ("高齢者インフルエンザ予防接種費用助成", "program", 500_000, None, [], ["衛生費", "保健衛生費", "予防費"],
         "保健所感染症対策課"),
        ("感染症予防啓発", "program", 400_000, None, [], ["衛生費", "保健衛生費", "予防費"], "保健所感染症対策課")]),
    ("ledger-numbering.txt", "ledger", [
        ("衛生費", "total", 5_000_000_000, 4_800_000_000, [], [], None),
        ("保健衛生費", "total", 5_000_000_000, 4_800_000_000, [], ["衛生費"], None),
        ("保健衛生総務費", "total", 1_200_000_000, 1_100_000_000, [], ["衛生費", "保健衛生費"], None),
        ("健康づくり推進", "program", 700_000_000, None, [], ["衛生費", "保健衛生費", "保健衛生総務費"], "保健所健康推進課"),
        ("母子保健", "program", 500_000_000, None, [], ["衛生費", "保健衛生費", "保健衛生総務費"], "保健所母子保健課"),
        ("予防費", "total", 3_800_000_000, 3_700_000_000, [], ["衛生費", "保健衛生費"], None),
        ("予防接種", "program", 3_000_000_000, None, [], ["衛生費", "保健衛生費", "予防費"], "保健所感染症対策課"),
        ("感染症対策(新型感染症)", "program", 800_000_000, None, [], ["衛生費", "保健衛生費", "予防費"], "保健所感染症対策課")]),
])
def test_variants_the_issue_names_read_as_their_layout(name, layout, expected):
    docs, programs = parse(VARIANTS / name)
    assert docs[0].layout == layout
    got = [(p.title, p.kind, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.flags,
            p.categories, p.department) for p in programs]
    assert got == expected
    for p in programs:
        assert docs[0].text[p.budget.start:p.budget.end] == p.budget.text


def test_a_request_summary_gives_items_with_request_amounts_parts_and_contacts_from_the_closing_table():
    docs, programs = parse(VARIANTS / "request-gaisan.md")
    # The closing summary table (公共事業費 / 非公共事業費 / 合計) is not read by `request`: coverage names it.
    assert docs[0].layout == "request" and [w.split(" (")[0] for w in docs[0].warnings] == ["coverage 73%"]
    assert "8 of 11 amount lines" in docs[0].warnings[0] and "read as request" in docs[0].warnings[0]
    items = {p.title: p for p in programs if p.kind == "program"}
    assert list(items) == ["森林整備事業", "治山事業", "林業・木材産業循環成長対策",
                           "CLT・木質耐火部材等の建築物への利用拡大促進事業", "森林環境譲与税の使途公表の推進"]
    seibi = items["森林整備事業"]
    assert (seibi.budget.yen, seibi.budget.budget_kind, seibi.budget.fiscal_year) == (131_000_000_000, "概算要求", 2025)
    assert seibi.budget.previous_year.yen == 120_500_000_000 and seibi.budget.amount_text == "1,310億円"
    assert [(u.label, u.yen) for u in seibi.budget.uchi] == [("重要政策推進枠", 10_500_000_000)]
    assert items["林業・木材産業循環成長対策"].budget.yen == 9_800_000_000  # 百万円 beside 億円
    clt = items["CLT・木質耐火部材等の建築物への利用拡大促進事業"]
    assert clt.flags == ["新規"] and clt.budget.previous_year is None  # a title wrapped over two lines; （－）
    assert items["森林環境譲与税の使途公表の推進"].budget is None  # 事項要求
    assert [c.phone for p in items.values() for c in p.contacts] == [f"03-3502-811{n}" for n in range(1, 6)]
    totals = [(p.title, p.budget.yen) for p in programs if p.kind == "total"]
    assert [yen for _, yen in totals] == [178_800_000_000, 137_100_000_000]
    assert all(p.category for p in items.values())
    text = docs[0].text
    for p in programs:
        if p.budget:
            assert text[p.budget.start:p.budget.end] == p.budget.text
            for part in [p.budget.previous_year, *p.budget.uchi]:
                if part:
                    assert text[part.start:part.end] == part.text


ROWS = ["No｜事業名｜本年度｜前年度｜増減｜担当課", "（単位：千円）", "1｜【新規】事業A｜1,000｜0｜1,000｜A課", "｜小計｜1,000｜0｜1,000｜｜",
        "| No | 事業名 | 予算額 |", "|---|---|---:|", "| 1 | 事業B | ▲5 |", "事業名\t予算額\t前年度", "事業C\t12.5\t－",
        "10 教育費 100 90 10", "1 学校管理費 100 90 10", "1 報酬 50  1　事業D（教育課） 60", "12 委託料 50  40",
        "（１）事業E", "　要求・要望額 310億円（245億円）", "　　うち重要政策推進枠 10億円", "事項要求", "=== PAGE 2 ===",
        "千円 千円 千円", "合　計", "", "　", "①", "ア　事業F（福祉課）", "| 事業名 | 担当課 | 電話番号 |", "| 事業E | E課 | 03-1111-2222 |"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(ROWS), st.text(max_size=12)), max_size=30))
def test_arbitrary_table_ledger_and_request_lines_never_crash_a_reading_and_spans_quote_the_source(rows):
    from qa.ingest.layouts import LAYOUTS
    from qa.ingest.lines import lines_of
    from qa.ingest.models import Document

    text = "\n".join(rows)
    doc = Document(name="x.txt", path="x.txt", text=text)
    for module in LAYOUTS.values():
        assert 0 <= module.score(doc, lines_of(doc)) <= 1
        for p in module.read(doc, lines_of(doc)):
            assert 0 <= p.start <= p.end <= len(text)
            if p.budget:
                assert text[p.budget.start:p.budget.end] == p.budget.text
                for part in [p.budget.previous_year, p.budget.change, *p.budget.uchi]:
                    if part is not None and part.start is not None:
                        assert text[part.start:part.end] == part.text


@pytest.mark.parametrize(("stem", "change"), [
    ("kawahama_r06_kyoiku_meisai", lambda t: "\n".join(ln for ln in t.split("\n") if "（款）" not in ln)),
    ("kitakawa_r06_shuyo", lambda t: t.replace("=== PAGE 2 ===", "=== PAGE 2 ===\n令和６年度 北川市当初予算案\n主要事業の概要")),
    ("nishiura_r06_juten", lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n")),
], ids=["ledger-without-page-header", "table-with-repeated-page-header", "crlf"])
def test_a_changed_page_furniture_keeps_every_program_and_its_classification(tmp_path, stem, change):
    truth = _truth(LAYOUTS / f"{stem}.txt")
    path = tmp_path / f"{stem}.txt"
    path.write_bytes(change((LAYOUTS / f"{stem}.txt").read_text(encoding="utf-8")).encode("utf-8"))
    docs, programs = parse(path)
    rows = [p for p in programs if p.kind == "program"]
    assert [(key(p.title), p.budget.yen, key(p.category or "")) for p in rows] == [
        (key(t["title"]), t["budget_yen"], key(t["category"])) for t in truth["programs"]]
    if "kan" in truth["programs"][0]:
        assert [[key(c) for c in p.categories[:2]] for p in rows] == [
            [key(t["kan"]), key(t["kou"])] for t in truth["programs"]]
    for p in programs:
        assert docs[0].text[p.budget.start:p.budget.end] == p.budget.text
