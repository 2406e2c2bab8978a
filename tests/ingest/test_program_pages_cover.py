"""A 説明資料 of one program a page, opened by a cover block of the whole budget's size, reads its programs from their own
pages and the block as the document's total.

The newcomer's 青峰県 補正予算（第３号）案 説明資料 (tests/fixtures/newuser23/) has a table of contents, then 「補正予算の規模」
over 今回の補正額 / 補正前の予算額 / 補正後の予算額 / 財源の内訳, then a page per program (「(1) …支援金」, 「令和７年度補正
予算額　28億4,000万円」, 【事業の目的】…, 「担当：… 電話 …」). Its cover's 補正前/補正後 lines were read as two programs and
the TOC's names paired by position, two places off. Two more offices' instances of the form are in
tests/fixtures/forms22-variants/ (白樺台市 補正: ◎ heading over 既定予算額 / 今回補正予算額 / 補正後予算額 in 千円, ■ pages,
「- 2 -」 page numbers; 鷹ノ巣県 当初: 「１　予算の規模（一般会計）」 over this year's and last year's 当初予算額, ◆ pages).
Their programs (exact title, yen) are listed in newuser23/PROGRAMS.jsonl and forms22-variants/PROGRAMS-pages.jsonl.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.parse import parse
from tests.conftest import FIXTURES

NEWUSER = FIXTURES / "newuser23"
VARIANTS = FIXTURES / "forms22-variants"
AOMINE = NEWUSER / "aomine_r7_hosei3_setsumei.txt"
SHIRAKABADAI = VARIANTS / "shirakabadai_hosei_r8_4.txt"
TAKANOSU = VARIANTS / "takanosu_tousho_r8_gaiyo.txt"

# The labels of the whole budget before and after a 補正 (a size block's context figures).
_AMENDED = ("補正前", "補正後", "既定", "既決", "現計")


def _listed(path: Path) -> list[tuple[str, int]]:
    """The writer's list of a document's programs: (title, budget in yen), in document order."""
    lists = [NEWUSER / "PROGRAMS.jsonl", VARIANTS / "PROGRAMS-pages.jsonl"]
    rows = [json.loads(line) for f in lists for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["title"], r["budget_yen"]) for r in rows if r["document"] == path.stem]


def _programs(programs: list[Program]) -> list[Program]:
    return [p for p in programs if p.kind == "program"]


def _read(path: Path) -> list[Program]:
    return parse(path)[1]


@pytest.mark.parametrize("path", [AOMINE, SHIRAKABADAI, TAKANOSU], ids=lambda p: p.stem)
def test_every_page_is_one_program_named_by_its_own_heading(path: Path) -> None:
    programs = _read(path)
    assert [(p.title, p.budget.yen) for p in _programs(programs)] == _listed(path)
    docs = parse(path)[0]
    assert docs[0].layout == "program_pages" and docs[0].coverage == 1.0


@pytest.mark.parametrize(("path", "title", "yen", "kind", "previous"), [
    # 補正: the amendment itself is the total, not the whole after it (補正後の予算額 7,193億6,500万円)
    (AOMINE, "今回の補正額", 6_525_000_000, "補正", None),
    (SHIRAKABADAI, "今回補正予算額", 1_036_600_000, "補正", None),
    # 当初: this year's 当初予算額 under 「予算の規模（一般会計）」 is the general account's, last year's its previous year
    (TAKANOSU, "一般会計", 586_420_000_000, "当初", 572_150_000_000),
], ids=["aomine", "shirakabadai", "takanosu"])
def test_the_cover_block_is_the_documents_total(path: Path, title: str, yen: int, kind: str,
                                               previous: int | None) -> None:
    read = [p for p in _read(path) if p.kind == "total"]
    # (the whole budget before and after the 補正 are totals of their own label, never this budget's total)
    totals = [t for t in read if not t.title.startswith(_AMENDED)]
    assert [(t.title, t.budget.yen, t.budget.budget_kind) for t in totals] == [(title, yen, kind)]
    amended = {t.title[:3]: t.budget.yen for t in read if t.title.startswith(_AMENDED)}
    if {"補正前", "補正後"} <= amended.keys():
        assert amended["補正後"] - amended["補正前"] == yen
    total = totals[0]
    text = path.read_text(encoding="utf-8")
    assert total.categories == [] and text[total.budget.start:total.budget.end] == total.budget.amount_text
    assert (total.budget.previous_year.yen if total.budget.previous_year else None) == previous
    # the programs add up to the amendment the block states
    if kind == "補正":
        assert sum(p.budget.yen for p in _programs(_read(path))) == yen


@pytest.mark.parametrize("path", [AOMINE, SHIRAKABADAI, TAKANOSU], ids=lambda p: p.stem)
def test_no_figure_of_the_cover_is_a_programs(path: Path) -> None:
    programs = _read(path)
    text = path.read_text(encoding="utf-8")
    cover_end = text.index("\n", max(p.end for p in programs if p.kind == "total"))
    assert all(p.start > cover_end for p in _programs(programs))


def test_the_total_quotes_the_block_and_its_figure_as_written() -> None:
    text = AOMINE.read_text(encoding="utf-8")
    total = next(p for p in _read(AOMINE) if p.kind == "total")
    assert text[total.budget.start:total.budget.end] == "65億2,500万円"
    block = text[total.start:total.end]
    assert block.startswith("補正予算の規模") and block.endswith("一般財源 8億4,300万円")


@pytest.mark.parametrize(("path", "title", "parts"), [
    (AOMINE, "河川堆積土砂撤去緊急対策事業", [("国庫補助", 600_000_000, "6億円")]),
    (SHIRAKABADAI, "市立小中学校体育館空調設備整備事業", [("国庫補助金", 132_000_000, "１３２，０００千円")]),
    (TAKANOSU, "流域治水対策推進事業", [("国庫補助金", 2_415_000_000, "２４億１，５００万円")]),
], ids=["aomine", "shirakabadai", "takanosu"])
def test_a_uchi_line_under_the_budget_line_is_its_part(path: Path, title: str,
                                                       parts: list[tuple[str, int, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    program = next(p for p in _read(path) if p.title == title)
    assert [(u.label, u.yen, text[u.start:u.end]) for u in program.budget.uchi] == parts
    assert all(u.budget_kind == program.budget.budget_kind for u in program.budget.uchi)


@pytest.mark.parametrize(("path", "title", "dept", "phone"), [
    (AOMINE, "中小企業エネルギー価格高騰対策支援金", "商工労働部 経営支援課", "017-734-2260"),
    (AOMINE, "県産米輸出拡大緊急支援事業", "農林水産部 農産物流通課", "017-734-4418"),
    (SHIRAKABADAI, "市立小中学校体育館空調設備整備事業", "教育総務課 施設係", "0248-22-1402"),
    (TAKANOSU, "第2子以降保育料無償化事業", "こども未来課 保育班", "0190-27-2241"),
])
def test_the_pages_contact_line_is_its_programs_contact(path: Path, title: str, dept: str, phone: str) -> None:
    program = next(p for p in _read(path) if p.title == title)
    assert [(c.dept, c.phone) for c in program.contacts] == [(dept, phone)]


@pytest.mark.parametrize(("path", "title", "flags"), [
    (AOMINE, "避難所環境改善推進事業", ["新規"]),  # on the page, not in the TOC's entry
    (SHIRAKABADAI, "道路照明LED化推進事業", ["拡充"]),
    (TAKANOSU, "中小企業賃上げ環境整備補助金", ["新規"]),
])
def test_the_pages_marker_is_the_programs_flag(path: Path, title: str, flags: list[str]) -> None:
    assert next(p for p in _read(path) if p.title == title).flags == flags


def _rewritten(tmp_path: Path, name: str, old: str, new: str) -> list[Program]:
    text = AOMINE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return _read(path)


AOMINE_PROGRAMS = _listed(AOMINE)


@pytest.mark.parametrize(("old", "new"), [
    ("補正予算の規模\n", ""),  # the block right after the TOC, no heading
    ("補正予算の規模\n", "１　補正予算の概要\n"),  # a heading without 規模: the labels say it
    ("補正予算の規模\n", "【今回の補正予算】\n"),
    # the amendment's line after the whole's, labelled 補正予算額 like a page's
    ("　今回の補正額　　　　65億2,500万円\n　補正前の予算額　7,128億4,000万円\n",
     "　補正前の予算額　7,128億4,000万円\n　補正予算額　65億2,500万円\n"),
], ids=["unheaded", "gaiyo-heading", "bracket-heading", "hosei-label"])
def test_other_writers_covers_are_totals_too(tmp_path: Path, old: str, new: str) -> None:
    programs = _rewritten(tmp_path, "cover.txt", old, new)
    assert [(p.title, p.budget.yen) for p in _programs(programs)] == AOMINE_PROGRAMS
    assert [p.budget.yen for p in programs if p.kind == "total" and not p.title.startswith(_AMENDED)] == [6_525_000_000]


def test_a_page_the_toc_leaves_out_keeps_its_own_title_and_shifts_none(tmp_path: Path) -> None:
    programs = _rewritten(tmp_path, "toc.txt", "　(4) 河川堆積土砂撤去緊急対策事業 ……… 5\n", "")
    assert [(p.title, p.budget.yen) for p in _programs(programs)] == AOMINE_PROGRAMS


def test_a_pages_own_figures_before_and_after_the_hosei_are_no_programs(tmp_path: Path) -> None:
    programs = _rewritten(tmp_path, "page.txt", "令和７年度補正予算額　28億4,000万円",
                          "補正前予算額　10億円\n補正予算額　28億4,000万円\n補正後予算額　38億4,000万円")
    assert [(p.title, p.budget.yen) for p in _programs(programs)] == AOMINE_PROGRAMS
