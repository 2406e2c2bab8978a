"""A draft initial budget's press release (当初予算案の記者発表資料) read by `press_release`: every program with its title,
yen, last year's figure, flags and office; pillars' 計 rows and the size block as totals; the new list as one program."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VARIANTS = FIXTURES / "forms24-variants"


def _read(path: Path) -> dict[str, object]:
    docs, programs = parse(path)
    return {"doc": docs[0], "programs": programs}


@pytest.mark.parametrize("path", [FIXTURES / "forms24" / "aomine_ken_yosan_r8.txt",
                                  FIXTURES / "forms24" / "shiomi_shi_yosan_r8.txt",
                                  FIXTURES / "forms25" / "press_aomine.txt",
                                  FIXTURES / "forms25" / "press_shiramine.txt",
                                  VARIANTS / "press_kawanami.txt", VARIANTS / "press_yukinoura.txt"])
def test_a_press_release_is_read_as_one(path: Path) -> None:
    read = _read(path)
    assert read["doc"].layout == "press_release"
    assert read["doc"].coverage >= 0.9


@pytest.mark.parametrize("row", [json.loads(line) for line in (VARIANTS / "press-PROGRAMS.jsonl").read_text().splitlines()],
                         ids=lambda r: r["title"])
def test_every_variant_program_has_its_yen_previous_year_flags_and_office(row: dict) -> None:
    programs = [p for p in _read(VARIANTS / f"{row['document']}.txt")["programs"] if p.kind == "item"]
    found = [p for p in programs if p.title == unicodedata.normalize("NFKC", row["title"])]
    assert len(found) == 1  # a program the new list names again is one program
    program = found[0]
    assert program.budget.yen == row["budget_yen"]
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == row["previous_yen"]
    assert program.flags == row["flags"]
    assert program.department == row["department"]


@pytest.mark.parametrize(("path", "title", "yen", "previous", "flags", "category"), [
    ("forms24/aomine_ken_yosan_r8.txt", "子ども医療費助成事業", 2_962_000_000, 2_418_000_000, ["拡充"], "【柱1】"),
    ("forms24/shiomi_shi_yosan_r8.txt", "学校給食費無償化事業", 486_200_000, 243_100_000, ["拡充"], "I 子育て・教育"),
    ("forms24/shiomi_shi_yosan_r8.txt", "おむつ定期便事業", 18_600_000, None, ["新規"], "I 子育て・教育"),
    ("forms25/press_aomine.txt", "産後ケア推進事業", 190_986_000, 205_574_000, ["継続"], "柱1"),
    ("forms25/press_shiramine.txt", "第2子以降保育料無償化事業", 4_320_000_000, 4_570_000_000, [], "I 人口減少"),
])
def test_rows_of_each_shape_give_last_year_marks_and_pillar(path: str, title: str, yen: int, previous: int | None,
                                                            flags: list[str], category: str) -> None:
    program = next(p for p in _read(FIXTURES / path)["programs"] if p.title == title)
    assert program.budget.yen == yen
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous
    assert program.flags == flags
    assert program.category.startswith(category)


@pytest.mark.parametrize(("path", "totals"), [
    ("forms24/shiomi_shi_yosan_r8.txt", {"一般会計": 58_640_000_000, "特別会計": 29_820_000_000, "企業会計": 21_460_000_000,
                                         "総額": 109_920_000_000, "Iの計(7事業)": 1_718_270_000}),
    ("forms25/press_shiramine.txt", {"一般会計": 812_360_000_000, "特別会計": 341_020_000_000, "合計": 1_223_630_000_000}),
])
def test_the_size_block_and_pillar_sums_are_totals_never_programs(path: str, totals: dict[str, int]) -> None:
    programs = _read(FIXTURES / path)["programs"]
    read = {p.title: p.budget.yen for p in programs if p.kind == "total" and p.budget}
    assert all(read.get(title) == yen for title, yen in totals.items())
    assert not any(p.title in totals for p in programs if p.kind != "total")


@pytest.mark.parametrize(("path", "title", "dept", "extension"), [
    ("forms24/aomine_ken_yosan_r8.txt", "不妊治療費助成事業", "健康福祉部健康増進課", "3248"),
    ("forms24/aomine_ken_yosan_r8.txt", "こども食堂ネットワーク支援事業", "こども未来局こども未来課", "3521"),  # its pillar's
    ("forms24/shiomi_shi_yosan_r8.txt", "スマート漁業推進事業", "水産課", "2820"),
    ("forms25/press_aomine.txt", "産後ケア推進事業", "健康づくり推進課", "2334"),
])
def test_a_program_gets_its_offices_contact_or_its_pillars(path: str, title: str, dept: str, extension: str) -> None:
    program = next(p for p in _read(FIXTURES / path)["programs"] if p.title == title)
    assert [(c.dept, c.extension) for c in program.contacts] == [(dept, extension)]


def test_a_note_of_another_budget_is_a_section_not_the_budget() -> None:
    program = next(p for p in _read(FIXTURES / "forms25" / "press_shiramine.txt")["programs"]
                   if p.title == "奨学金返還支援事業")
    assert program.budget.yen == 3_790_000_000
    assert program.section("他の予算") is not None


def test_a_press_release_is_titled_by_its_title_not_its_senders_lines() -> None:
    """The newcomer's release opens 「記者発表資料」, a date, the office, 「担当：予算第一係　大川、千田」 and a phone over its
    title: the title is 「令和８年度　瀬和県当初予算案の概要」, never the 担当 line (answers name a document by it)."""
    docs, _ = parse(FIXTURES / "newuser24" / "sewa-pref-r8-kisha.txt")
    assert docs[0].title == "令和８年度　瀬和県当初予算案の概要"
