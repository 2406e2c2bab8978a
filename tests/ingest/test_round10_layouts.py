"""Kinds found on the round 10 tuning documents (tests/fixtures/layouts14, written from a brief naming four genres
while round 10's sealed sets were sealed): a Markdown plan whose programs are headings with a paragraph and labelled
bare figures under a unit declared once, a ministry's slides marking an item's account in brackets beside its name
and noting a total after its figure, and a line of two brackets that is no bracketed unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import layout as L
from qa.ingest.parse import parse_corpus
from qa.ingest.vocabulary import strip_markers

ROUND10 = Path(__file__).resolve().parents[1] / "fixtures" / "layouts14"


@pytest.fixture(scope="module")
def programs():
    return parse_corpus(ROUND10).programs


def test_every_program_the_writer_listed_is_read_with_its_title_and_yen(programs):
    """98 programs over a ledger, slides, a CSV sheet and a Markdown plan; two titles lose a bracketed common name
    (「不登校児童生徒支援事業（校内教育支援センター）」), which the reader keeps as an alias, not in the title."""
    from qa.ingest.amounts import parse_yen
    from qa.ingest.normalize import nfkc

    read = {(Path(p.document).stem, nfkc(p.title).replace(" ", "")): p.budget.yen if p.budget else None
            for p in programs}
    truth = [json.loads(line) for line in (ROUND10 / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    found = [t for t in truth if read.get((t["document"], nfkc(t["title"]).replace(" ", "")))
             == parse_yen(nfkc(t["budget"]))]
    assert len(truth) == 98 and len(found) >= 96


@pytest.mark.parametrize(("title", "yen", "previous"), [
    # 「### 1-1 こども家庭センター運営事業【拡充】」, a paragraph, 「- 予算額：84,600」「- 前年度：71,200」 under
    # 「> （金額の単位：千円。…）」
    ("こども家庭センター運営事業", 84_600_000, 71_200_000),
    ("中学校給食費無償化事業", 512_000_000, None),  # 「- 前年度：－（新規）」
    ("市道舗装・橋りょう長寿命化事業", 1_318_400_000, 1_196_300_000),
])
def test_a_markdown_heading_names_the_labelled_bare_figures_under_it(programs, title, yen, previous):
    program = next(p for p in programs if p.title == title)
    assert program.budget.yen == yen and program.budget.amount_text.endswith("千円")
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous


def test_a_total_in_the_note_after_a_figure_does_not_hide_the_item(programs):
    """「令和８年度補正予算額 ５００億円（国庫債務負担行為を含め総額 １，５００億円）」 is the item's line, not a total's."""
    program = next(p for p in programs if p.title == "地域中核企業成長投資補助事業")
    assert program.budget.yen == 50_000_000_000


@pytest.mark.parametrize(("name", "title", "flags"), [
    ("中小企業省エネ設備導入加速化事業　　【エネルギー対策特別会計】", "中小企業省エネ設備導入加速化事業", ["エネルギー対策特別会計"]),
    ("【新規】 地域脱炭素型工業団地整備支援事業　【エネルギー対策特別会計】", "地域脱炭素型工業団地整備支援事業",
     ["新規", "エネルギー対策特別会計"]),
    ("中小企業省エネ設備導入加速化事業【エネ特】", "中小企業省エネ設備導入加速化事業", ["エネ特"]),
    # in round brackets the account is part of the name: two programs of one name in two accounts
    ("新産業創出等研究開発推進事業費補助（一般会計）", "新産業創出等研究開発推進事業費補助（一般会計）", []),
])
def test_an_account_in_square_brackets_beside_a_name_is_a_flag(name, title, flags):
    assert strip_markers(name) == (title, flags)


@pytest.mark.parametrize(("line", "bracketed"), [
    ("【新規】", True),
    ("【令和９年度要求額 48,500百万円（38,500百万円）】", True),
    ("【新規】 地域脱炭素型工業団地整備支援事業　【エネルギー対策特別会計】", False),
])
def test_a_line_is_bracketed_only_when_one_bracket_holds_it_all(line, bracketed):
    assert bool(L.BRACKETED.match(line)) == bracketed


LEDGERS = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers15"


@pytest.fixture(scope="module")
def ledgers():
    """Four ledgers a helper wrote from a brief naming four ways the genre reaches text: columns kept by layout,
    one cell per line, numbered 事業 with (1) lines of what each spends on in full-width 円, a Markdown table."""
    return parse_corpus(LEDGERS)


@pytest.mark.parametrize(("document", "listed"), [
    ("a-misatogawa", 24),
    ("b-kamitsuru", 30),  # 「2款 総務費」「64,218」「58,940」「5,278」 each on a line
    ("c-minamisakura", 24),  # 「１　戸籍住民基本台帳管理運営事業 １５０，６６４，０００」 over 「(1) 職員給与費 …」
    ("d-takami", 25),  # 「|  |  | 6 計画調査費 | 842,316 | … | 1 報酬 3,420<br>… | ○県総合計画推進事業 21,756<br>…|」
])
def test_every_ledger_layout_reads_its_business_with_its_amount(ledgers, document, listed):
    from qa.ingest.amounts import parse_yen
    from qa.ingest.normalize import nfkc

    read = {(Path(p.document).stem, nfkc(p.title)): p.budget.yen for p in ledgers.programs
            if p.kind == "program" and p.budget}
    truth = [json.loads(line) for line in (LEDGERS / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    mine = [t for t in truth if t["document"] == document]
    found = [t for t in mine if read.get((document, nfkc(t["title"]))) == parse_yen(nfkc(t["budget"]))]
    assert len(mine) == listed and len(found) >= listed - 1, [t["title"] for t in mine if t not in found]


def test_what_a_business_spends_on_is_its_breakdown_not_a_business(ledgers):
    titles = {p.title for p in ledgers.programs if p.document.startswith("c-")}
    assert "戸籍住民基本台帳管理運営事業" in titles and "職員給与費" not in titles


def test_a_ledgers_page_header_names_the_kan_and_kou_of_the_moku_under_it():
    """「款　２　総務費　　　　項　１　総務管理費」 over 「１ 一般管理費  412,870 …」: the 目 stands under them, and a
    page going on with them (「総務管理費（続き）」) keeps the 目 it goes on with."""
    programs = parse_corpus(ROUND10).programs
    moku = next(p for p in programs if p.title == "一般管理費")
    online = next(p for p in programs if p.title == "行政手続オンライン化推進事業")
    assert moku.categories == ["総務費", "総務管理費"]
    assert online.categories == ["総務費", "総務管理費", "情報化推進費"]


ROUND10_SEALED = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s13" / "layouts14"


def test_round10_sealed_documents_after_their_end_score():
    """The sealed sheet gives its unit in a second header row under filled cells (「令和８年度当初予算額」 over 「（千円）」),
    the slides write an account bare after a name and list every program again in a closing summary table: 84 of the
    writer's 85 programs read (the one left, a 事項要求, has no figure), the summary's rows counted once."""
    from qa.ingest.amounts import parse_yen
    from qa.ingest.normalize import nfkc

    parsed = parse_corpus(ROUND10_SEALED)
    read = {(Path(p.document).stem, nfkc(p.title).replace(" ", "")): p.budget.yen if p.budget else None
            for p in parsed.programs if not p.repeat}
    truth = [json.loads(line) for line in (ROUND10_SEALED / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    found = [t for t in truth if read.get((t["document"], nfkc(t["title"]).replace(" ", "")))
             == parse_yen(nfkc(t["budget"]))]
    assert len(found) >= 84
    gx = [p for p in parsed.programs if p.title.startswith("地域GX産業立地促進補助金")]
    assert [p.repeat for p in gx] == [False, True] and "エネルギー対策特別会計" in gx[0].flags


@pytest.mark.parametrize(("header", "below", "names"), [
    (["番号", "事業名", "予算額", "", "増減"], ["", "", "令和８年度", "令和７年度", ""],
     ["番号", "事業名", "令和８年度予算額", "令和７年度予算額", "増減"]),
    (["番号", "事業名", "令和８年度当初予算額"], ["", "（新規／拡充）", "（千円）"],
     ["番号", "事業名（新規／拡充）", "令和８年度当初予算額（千円）"]),
    (["番号", "事業名", "予算額"], ["1", "子ども食堂支援事業", "1,234"], None),  # a record, no second header row
])
def test_a_second_header_row_names_or_qualifies_the_columns(header, below, names):
    from qa.ingest.records import merged_header

    assert merged_header(header, below) == names
