"""A city's 補正予算の概要 reads into programs: 補正額 as the budget (kind 補正), 款 as the category, △ decreases
negative, 計/合計 rows as totals (never programs), the 財源内訳 a breakdown kept in the text, never the budget.

The two documents in tests/fixtures/layouts/hosei/ and their NAME.truth.json were written by a helper who never
saw the parser (see the README there); the variants by the engineer, for features the two do not show.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from qa.ingest import parse, parse_corpus
from qa.ingest.models import Program
from qa.ingest.normalize import key, nfkc
from qa.ingest.vocabulary import is_total
from tests.conftest import FIXTURES

HOSEI = FIXTURES / "layouts" / "hosei"
DOCUMENTS = sorted(p for p in HOSEI.glob("*.txt") if p.with_name(f"{p.stem}.truth.json").exists())
# The totals each document prints (千円): what its programs sum to.
PRINTED = {"higashi-city-r07-hosei2": 1_913_290 + 327_480, "nishi-city-r08-hosei1": 1_431_310}
LAYOUT = {"higashi-city-r07-hosei2": "text_table", "nishi-city-r08-hosei1": "priced_items"}


def _truth(path: Path) -> list[dict]:
    return json.loads(path.with_name(f"{path.stem}.truth.json").read_text(encoding="utf-8"))


def _programs(programs: list[Program]) -> list[Program]:
    return [p for p in programs if p.countable]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_a_hosei_summary_gives_its_programs_with_the_hosei_amount(path: Path) -> None:
    docs, programs = parse(path)
    assert docs[0].layout == LAYOUT[path.stem]
    found = {key(p.title): p for p in _programs(programs)}
    truth = _truth(path)
    right = [t for t in truth if key(t["title"]) in found and found[key(t["title"])].budget.yen == t["amount_yen"]]
    assert len(right) >= 0.9 * len(truth), sorted({key(t["title"]) for t in truth} - set(found))
    assert len(found) == len(truth)  # nothing else (a 財源 line, a 款 of the summary table) is a program
    for p in _programs(programs):
        assert p.budget.budget_kind == "補正" and p.budget.yen is not None
        assert p.category and not is_total(p.title)
    given = [t for t in truth if t["department"]]
    assert sum(found[key(t["title"])].department == t["department"] for t in given) >= 0.9 * len(given)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_subtotals_and_totals_are_totals_and_the_programs_sum_to_the_printed_total(path: Path) -> None:
    _, programs = parse(path)
    totals = [p for p in programs if p.kind == "total"]
    assert totals and not any(p.countable for p in totals)
    assert all(p.kind == "total" for p in programs if is_total(p.title))
    assert sum(p.budget.yen for p in _programs(programs)) == PRINTED[path.stem] * 1000
    # Decreases (△) are negative, as the truth has them.
    assert sorted(p.budget.yen for p in _programs(programs) if p.budget.yen < 0) == sorted(
        t["amount_yen"] for t in _truth(path) if t["amount_yen"] < 0)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_the_zaigen_breakdown_is_kept_in_the_text_and_never_taken_as_the_budget(path: Path) -> None:
    docs, programs = parse(path)
    text = docs[0].text
    for p in _programs(programs):
        assert text[p.budget.start:p.budget.end] == p.budget.text
        breakdown = p.section("財源内訳")
        assert breakdown is not None, p.title
        assert p.start <= breakdown.start and breakdown.end <= p.end  # in the program's text
        assert not breakdown.start <= p.budget.start < breakdown.end  # the budget is not one of its figures
        line = text[text.rfind("\n", 0, p.budget.start) + 1:p.budget.start]
        assert "財源" not in line


@pytest.mark.parametrize(("name", "expected"), [
    ("variant-pipes.txt", [("児童手当給付事業", 35_000_000, "民生費", "こども課"),
                           ("生活困窮者自立支援事業", -2_000_000, "民生費", "福祉課"),
                           ("道路維持補修事業", 80_000_000, "土木費", "道路課")]),
    ("variant-marks.txt", [("高齢者見守り事業", 3_200_000, "民生費", "福祉課"),
                           ("子育て応援給付事業", -1_500_000, "民生費", "子育て支援課"),
                           ("学校施設修繕事業", 12_000_000, "教育費", "教育総務課")]),
    ("variant-labelled.txt", [("高齢者見守り事業", 3_200_000, "民生費", "福祉課"),
                              ("子育て応援給付事業", -1_500_000, "民生費", "子育て支援課"),
                              ("学校施設修繕事業", 12_000_000, "教育費", "教育総務課")]),
])
def test_variants_of_the_genre_read_alike(name: str, expected: list[tuple]) -> None:
    docs, programs = parse(HOSEI / name)
    assert [(p.title, p.budget.yen, p.category, p.department) for p in _programs(programs)] == expected
    assert all(p.budget.budget_kind == "補正" and p.section("財源内訳") for p in _programs(programs))
    totals = [p for p in programs if p.kind == "total"]
    if totals:  # the labelled variant prints no total
        assert totals[-1].categories == [] and totals[-1].budget.yen == sum(p.budget.yen for p in _programs(programs))
    # 補正前の額 / 補正後の額 stay in the row, never the budget or last year's figure.
    assert all(p.budget.previous_year is None for p in programs)


def test_a_hosei_summary_read_to_totals_only_is_no_reading_and_is_warned_of(tmp_path: Path) -> None:
    text = (HOSEI / "nishi-city-r08-hosei1.txt").read_text(encoding="utf-8")
    (tmp_path / "scale-only.txt").write_text(text[:text.index("３　補正予算の内容")], encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [p.kind for p in parsed.programs] == ["passage"]
    assert any(w.startswith("scale-only.txt: no programs found") for w in parsed.warnings), parsed.warnings


def test_a_hosei_document_is_covered_and_its_title_names_the_kind(tmp_path: Path) -> None:
    for path in DOCUMENTS:
        shutil.copy(path, tmp_path)
    parsed = parse_corpus(tmp_path)
    assert {d.name: d.layout for d in parsed.documents} == {f"{k}.txt": v for k, v in LAYOUT.items()}
    assert all(re.search("補正", nfkc(d.period)) for d in parsed.documents)


def test_the_summary_tables_by_kan_and_by_account_give_totals_never_programs() -> None:
    docs, programs = parse(HOSEI / "higashi-city-r07-hosei2.txt")
    totals = {(key(p.title), p.budget.yen) for p in programs if p.kind == "total"}
    assert {("3款民生費", 1_019_200_000), ("一般会計", 1_913_290_000), ("合計", 2_240_770_000)} <= totals
    assert docs[0].coverage == 1.0 and not docs[0].warnings


@pytest.mark.parametrize(("path", "account", "yen"), [
    # 「区分　補正前の額　補正額　補正後の額」, a row a line: the 補正額 column, not the amount before the amendment
    (FIXTURES / "layouts" / "pr4" / "shizuoka-r10-hosei.txt", "一般会計", 11_506_800_000),
    (FIXTURES / "layouts" / "pr4" / "shizuoka-r10-hosei.txt", "合計", 11_986_800_000),
    # the same headings a cell a line (PDF text)
    (FIXTURES / "layouts" / "pr4" / "hamamatsu-r10-hosei.txt", "一般会計", 4_988_000_000),
    (HOSEI / "higashi-city-r07-hosei2.txt", "一般会計", 1_913_290_000),
])
def test_a_supplementary_size_table_gives_each_account_its_amendment(path, account, yen):
    _, programs = parse(path)
    row = next(p for p in programs if p.kind == "total" and p.title == account)
    assert row.budget.yen == yen
    assert row.budget.previous_year is None  # 補正前の額 is no previous year's budget
