"""A 事業別予算説明書 (one labelled block per 事業 under its 款・項・目: 事業名, 担当課, 事業費 本年度/前年度/比較, 財源内訳,
then the 節 lines its money goes to with their 説明 lines, a 目 total after each 目), read by the ledger layout: every
block is one 事業 with its 本年度 figure, its 担当課 and its 財源内訳 and 節 lines as sections; the 節 and 説明 lines are
no 事業 of their own. 桐ヶ沢町 (layouts29, 千円, figures under a 本年度/前年度/比較 header) and two variants written as
other offices would (tests/fixtures/layouts29-variants): 森川村 (円, 【】 labels with figures labelled inline, the 財源
on one line, full-width 節 numbers, a block going on over a page) and 東雲市 (■ labels with colons, the 担当課 in the
事業名's parentheses, 「－」 for no 前年度, a 財源内訳 header over its figures, a 節 name wrapped over two lines)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.models import Program
from qa.ingest.normalize import key

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KIRIGASAWA = FIXTURES / "scored-2026-12-06-s28" / "layouts29" / "kirigasawa_r08_jigyobetsu.txt"
MORIKAWA = FIXTURES / "layouts29-variants" / "morikawa_r08_jigyobetsu.txt"
SHINONOME = FIXTURES / "layouts29-variants" / "shinonome_r08_jigyobetsu.txt"


def _listed(path: Path) -> dict[str, int]:
    """The writer's programs of a document (its folder's PROGRAMS.jsonl): title key -> yen."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return {key(r["title"]): r["budget_yen"] for r in rows if r["document"] == path.stem}


@cache
def _parsed(path: Path) -> tuple[list, list[Program]]:
    """The document read once for the tests of this file (documents, programs)."""
    return parse(path)


def _programs(path: Path) -> dict[str, Program]:
    """The document's 事業 (kind program) by title key; the document must be read as a ledger."""
    docs, programs = _parsed(path)
    assert docs[0].layout == "ledger"
    return {key(p.title): p for p in programs if p.kind == "program"}


@pytest.mark.parametrize(("path", "count"), [(KIRIGASAWA, 22), (MORIKAWA, 6), (SHINONOME, 5)], ids=lambda v: getattr(v, "stem", v))
def test_every_block_is_one_program_with_its_budget_and_nothing_else_is(path, count):
    listed = _listed(path)
    read = {title: p.budget.yen if p.budget else None for title, p in _programs(path).items()}
    assert len(listed) == count
    assert read == listed  # no 節 line, 説明 line or 事業費 line read as a program


@pytest.mark.parametrize(("path", "title", "previous", "change"), [
    (KIRIGASAWA, "移住定住促進事業", 15_300_000, 3_420_000),
    (KIRIGASAWA, "自治体情報システム標準化事業", 52_800_000, -16_500_000),
    (KIRIGASAWA, "ＧＩＧＡスクール端末更新事業", 0, 12_060_000),
    (MORIKAWA, "ふるさと納税推進事業", 42_100_000, -3_200_000),
    (MORIKAWA, "集落支援員配置事業", None, 6_480_000),  # 「前年度 －」: none
    (SHINONOME, "保育士確保対策事業", 15_900_000, -3_600_000),
    (SHINONOME, "こども誰でも通園制度事業", None, 48_600_000),
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_previous_year_and_the_change_are_the_budgets_not_programs(path, title, previous, change):
    budget = _programs(path)[key(title)].budget
    assert budget is not None
    assert (budget.previous_year.yen if budget.previous_year else None) == previous
    assert budget.change is not None and budget.change.yen == change


@pytest.mark.parametrize(("path", "title", "department"), [
    (KIRIGASAWA, "移住定住促進事業", "企画政策課 移住定住係"),
    (KIRIGASAWA, "ＧＩＧＡスクール端末更新事業", "教育委員会 学校教育課"),
    (MORIKAWA, "村営住宅長寿命化改修事業", "産業建設課"),
    (SHINONOME, "不登校児童生徒支援事業", "教育指導課"),  # in the 事業名's parentheses
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_tanto_line_is_the_programs_department(path, title, department):
    assert _programs(path)[key(title)].department == department


@pytest.mark.parametrize(("path", "title", "setsu", "sources"), [
    (KIRIGASAWA, "移住定住促進事業", ["報償費", "旅費", "需用費", "役務費", "委託料", "負担金補助及び交付金"], "12,220"),
    (KIRIGASAWA, "橋りょう長寿命化修繕事業", ["委託料", "工事請負費"], "25,900"),
    # its 節 lines go on after the page's footer and header
    (MORIKAWA, "森林環境譲与税活用事業", ["委託料", "工事請負費", "備品購入費"], "森林環境譲与税基金繰入金"),
    (SHINONOME, "こども誰でも通園制度事業", ["負担金補助及び交付金", "役務費"], "18,225"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_sources_and_each_setsu_line_are_sections_of_the_program(path, title, setsu, sources):
    docs, _ = _parsed(path)
    program = _programs(path)[key(title)]
    text = docs[0].text
    assert [s.heading for s in program.sections if s.name == "節・説明"] == setsu
    found = [text[s.start:s.end] for s in program.sections if s.name == "財源内訳"]
    assert len(found) == 1 and sources in found[0]


def test_a_setsu_section_quotes_its_setsumei_lines_and_they_price_the_programs_parts():
    docs, _ = _parsed(KIRIGASAWA)
    program = _programs(KIRIGASAWA)[key("移住定住促進事業")]
    last = [s for s in program.sections if s.name == "節・説明"][-1]
    assert "空き家改修補助金" in docs[0].text[last.start:last.end]
    parts = {p.name: p.amount.yen if p.amount else None for p in program.subprojects}
    assert parts["移住ポータルサイト運営委託料"] == 2_200_000
    assert parts["空き家改修補助金"] == 2_000_000
    assert not any(name.startswith("(") for name in parts)  # a note line (「（補助率1/2 …）」) prices nothing


@pytest.mark.parametrize(("path", "moku", "yen"), [
    (KIRIGASAWA, "企画費", 80_570_000),  # 「【５目　企画費　計】　本年度 80,570 …」
    (MORIKAWA, "老人福祉費", 8_496_000),  # 「【老人福祉費 計】」
    (SHINONOME, "保育所費", 60_900_000),  # 「目　計」
    (SHINONOME, "教育指導費", 70_250_000),  # 「３目　教育指導費　計」
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_total_closing_a_moku_is_its_total(path, moku, yen):
    _, programs = _parsed(path)
    totals = {p.title: p.budget.yen for p in programs if p.kind == "total" and p.budget}
    assert totals[moku] == yen
