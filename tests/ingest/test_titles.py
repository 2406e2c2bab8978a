"""A program's title is its name alone, whatever layout read it: numbers, flags and departments come off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.models import Program
from qa.ingest.normalize import key
from qa.ingest.titles import bare_title

LAYOUTS = Path(__file__).parents[1] / "fixtures" / "scored-2026-12-03-s2" / "layouts"


@pytest.mark.parametrize(("written", "title", "flags", "department"), [
    ("I-1中小企業生産性革命推進事業【拡充】", "中小企業生産性革命推進事業", ["拡充"], None),
    ("① 【新規】がん検診受診率向上緊急対策事業", "がん検診受診率向上緊急対策事業", ["新規"], None),
    ("(1) 庁舎照明LED化事業〔管財課〕本庁舎の照明をLEDに更新する。", "庁舎照明LED化事業", [], "管財課"),
    # A program sheet's field label before the name
    ("【事業名】地域脱炭素推進交付金", "地域脱炭素推進交付金", [], None),
    ("事業名：熱中症対策推進事業（新規）", "熱中症対策推進事業", ["新規"], None),
    ("拡　児童相談所体制強化事業", "児童相談所体制強化事業", ["拡充"], None),
    ("新規就農者育成総合対策事業", "新規就農者育成総合対策事業", [], None),  # 新規 is part of this name
    ("１．子育て支援事業", "子育て支援事業", [], None),
    ("2024年度調査事業", "2024年度調査事業", [], None),  # a year is not an item number
])
def test_item_numbers_flags_and_bracketed_departments_come_off_a_title(written, title, flags, department):
    got_title, got_flags, got_department = bare_title(written)
    assert (got_title, got_department) == (title, department)
    assert [f[:1] for f in got_flags] == [f[:1] for f in flags]  # canonical forms may be 拡/拡充


@pytest.mark.parametrize("document", sorted(LAYOUTS.glob("*.txt")), ids=lambda p: p.stem)
def test_documents_of_four_layouts_read_their_programs_by_their_exact_names_and_amounts(document):
    truth = json.loads(document.with_name(document.stem + ".truth.json").read_text(encoding="utf-8"))
    _, programs = parse(document)
    read = {key(p.title): p for p in programs if p.kind != "total"}
    right = [t for t in truth if (p := read.get(key(t["title"]))) and p.budget and p.budget.yen == t["amount_yen"]]
    assert len(right) >= 0.9 * len(truth), sorted(set(read) - {key(t["title"]) for t in truth})[:10]


def test_a_department_on_a_line_of_its_own_under_a_program_is_its_department():
    from qa.ingest.titles import departments_below

    text = "● こども食堂支援事業　15,600千円\n  ・食材の提供を支援する。\n            〔こども未来部 こども家庭課〕\n● 次の事業　1,000千円\n"
    first = Program(id="a", title="こども食堂支援事業", document="d", start=0, end=40)
    second = Program(id="b", title="次の事業", document="d", start=text.index("● 次"), end=len(text))
    departments_below(text, [first, second])
    assert first.department == "こども未来部 こども家庭課" and second.department is None
    section = first.sections[-1]
    assert section.name == "担当・連絡先" and text[section.start:section.end] == "〔こども未来部 こども家庭課〕"


def test_a_request_sheets_labelled_names_and_bracketed_markers_are_read_apart():
    # Our own 概算要求 program sheets (【事業名】 over 令和９年度要求額 …, 「（新規）」 after a name, amounts in 百万円 and 億円).
    sheets = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "sheets9" / "kankyo-r9-gaisan-sheets.txt"
    _, programs = parse(sheets)
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.flags)
            for p in programs]
    assert rows == [("地域脱炭素推進交付金", 42_000_000_000, 35_000_000_000, []),
                    ("プラスチック資源循環促進事業", 2_850_000_000, 2_200_000_000, []),
                    ("熱中症対策推進事業", 650_000_000, None, ["新規"])]
