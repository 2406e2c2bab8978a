"""A residents' budget guide (わかりやすい予算書, 予算ガイド): its 主な事業 are programs with their plain explanation, its
figures of the whole (the general account, per resident and per day, every pie row) are totals, its household analogy
and Q&A are passages (`qa.ingest.resident_guide`). Two towns' guides of forms26 and two variants written for this
form (a village's with leaders and bare shares, a city's with half-width brackets and 問／答)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAKURADAI = "forms26/sakuradai_guide_r10.txt"
TSURUMISAWA = "forms26/tsurumisawa_guide_r10.txt"
KAEDE = "forms26-variants/kaede_mura_guide_r10.txt"
HANAMIZUKI = "forms26-variants/hanamizuki_shi_guide_2028.txt"
GUIDES = [SAKURADAI, TSURUMISAWA, KAEDE, HANAMIZUKI]


def _read(name: str) -> tuple[str, list[Program]]:
    docs, programs = parse(FIXTURES / name)
    return docs[0].text, programs


@pytest.mark.parametrize(("name", "title", "yen", "flags", "explains"), [
    (SAKURADAI, "子ども医療費助成事業", 128_000_000, ["拡充"], "18歳（高校生世代）までに広げます"),
    (SAKURADAI, "創業支援補助金", 6_000_000, [], "最大100万円を補助します"),
    (TSURUMISAWA, "役場庁舎防災機能強化事業", 231_000_000, ["新規"], "庁舎の耐震補強を行います"),
    (TSURUMISAWA, "町営塾「つるみ塾」運営事業", 5_600_000, ["新規"], "無料で通える学習塾"),
    (KAEDE, "子育て世帯応援給付金事業", 12_000_000, ["新規"], "１人につき３万円"),
    (KAEDE, "浄水場耐震化事業", 148_000_000, [], "浄水場を強くします"),
    (HANAMIZUKI, "中学校給食センター整備事業", 1_280_000_000, ["新規"], "温かい給食を届ける"),
])
def test_main_programs_read_with_amount_marks_and_plain_explanation(name: str, title: str, yen: int,
                                                                      flags: list[str], explains: str) -> None:
    text, programs = _read(name)
    found = [p for p in programs if p.title == title and p.has_budget_structure]
    assert len(found) == 1
    assert found[0].budget is not None and found[0].budget.yen == yen
    assert found[0].flags == flags
    assert explains in found[0].whole_text(text)


@pytest.mark.parametrize(("name", "title", "category_part", "yen"), [
    (SAKURADAI, "民生費", "歳出・目的別", 2_851_200_000),
    (SAKURADAI, "地方交付税", "歳入", 2_780_000_000),
    (SAKURADAI, "その他", "歳入", 837_000_000),
    (SAKURADAI, "その他", "歳出", 158_100_000),
    (TSURUMISAWA, "民生費", "歳出", 1_590_000_000),
    (TSURUMISAWA, "国・県支出金", "歳入", 870_000_000),  # share first, then the name, then 億円 with a decimal
    (KAEDE, "村税", "歳入", 423_000_000),  # leaders between name, amount and a bare share
    (KAEDE, "公債費", "目的別", 387_000_000),
    (KAEDE, "公債費", "性質別", 387_000_000),  # the same figure in the list by nature is a row of its own
    (HANAMIZUKI, "衛生費", "目的別", 5_510_000_000),
])
def test_pie_rows_are_totals_under_their_heading(name: str, title: str, category_part: str, yen: int) -> None:
    _, programs = _read(name)
    rows = [p for p in programs if p.title == title and p.category and category_part in p.category]
    assert [(p.kind, p.budget.yen if p.budget else None) for p in rows] == [("total", yen)]
    assert not [p for p in programs if p.title == title and p.has_budget_structure]


@pytest.mark.parametrize(("name", "title", "yen", "quoted"), [
    (SAKURADAI, "町民1人あたり", 368_000, "23,480人"),  # the label over its figure, the sum under it
    (SAKURADAI, "1日あたり", 23_670_000, "365日"),
    (SAKURADAI, "公債費（町民1人あたり）", 35_000, "公債費"),  # per-category figures, two lines of them
    (TSURUMISAWA, "町民1人あたり", 370_000, "１４２６０人"),  # 「町民のみなさん１人あたり」 names the residents
    (KAEDE, "村民ひとりあたり", 512_000, "６，３４８人"),
    (HANAMIZUKI, "1日あたり", 168_000_000, "1日あたり"),
    (TSURUMISAWA, "一般会計", 5_280_000_000, "１億４０００万円（２．６％）の減"),  # a heading over the figure alone
])
def test_figures_of_the_whole_are_totals_quoting_their_lines(name: str, title: str, yen: int, quoted: str) -> None:
    text, programs = _read(name)
    found = [p for p in programs if p.title == title]
    assert [(p.kind, p.budget.yen if p.budget else None) for p in found] == [("total", yen)]
    assert quoted in text[found[0].start:found[0].end]


@pytest.mark.parametrize(("name", "account", "yen"), [
    (TSURUMISAWA, "国民健康保険特別会計", 1_030_000_000),  # a leader of dots between the account and its figure
    (TSURUMISAWA, "農業集落排水事業会計", 320_000_000),
    (SAKURADAI, "下水道事業会計", 941_000_000),
])
def test_accounts_of_the_guide_are_size_totals(name: str, account: str, yen: int) -> None:
    _, programs = _read(name)
    assert [(p.kind, p.budget.yen if p.budget else None) for p in programs if p.title == account] == [("total", yen)]


@pytest.mark.parametrize(("name", "question", "answer_part"), [
    (SAKURADAI, "町の借金はいくら?", "約72億3,500万円"),
    (TSURUMISAWA, "町の借金はいくら?", "４１億６０００万円"),
    (KAEDE, "村の借金はいくらありますか?", "約２８億４，０００万円"),
    (HANAMIZUKI, "市民1人あたりの借金は?", "約35万5千円"),
])
def test_qa_is_a_quotable_passage_not_a_program(name: str, question: str, answer_part: str) -> None:
    text, programs = _read(name)
    found = [p for p in programs if p.title == question]
    assert [p.kind for p in found] == ["passage"]
    assert any(answer_part in text[s.start:s.end] for s in found[0].sections)


@pytest.mark.parametrize("name", GUIDES)
def test_no_program_is_read_from_the_analogy_the_qa_or_the_figures(name: str) -> None:
    """Every program of a guide is one of its 主な事業 (the writer's list), nothing from 「家計に例えると」 (「ローンの返済
    （約4万7千円）が…」), the Q&A (「5年前（約81億円）から」) or the per-resident lines (「約36万8千円」)."""
    listed = {json.loads(line)["title"] for folder in ("forms26", "forms26-variants")
              for line in (FIXTURES / folder / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()}
    _, programs = _read(name)
    assert {p.title for p in programs if p.has_budget_structure} <= listed
    assert any(p.kind == "passage" and ("家計" in p.title or "家庭" in p.title) for p in programs)


@pytest.mark.parametrize("name", GUIDES)
def test_guides_are_read_almost_whole(name: str) -> None:
    docs, _ = parse(FIXTURES / name)
    assert docs[0].coverage is not None and docs[0].coverage >= 0.9


# 霧ヶ丘町's guide (a scored set's document kept as tuning data): its 主な事業 are 「● 出産祝い金支給事業 【拡充】 960万円」
# lines, one of them 「● 第２子保育料無償化事業」, and its pie list by purpose has a per-resident column and a row whose
# name stands alone over its figures.
KIRIGAOKA = "scored-2026-12-06-s23/layouts24/kirigaoka_r10_guide.txt"


@pytest.mark.parametrize(("name", "layout", "not_claimed_by"), [
    (KIRIGAOKA, "priced_items", "evaluation_sheets"),  # 「第２子…」 is no sheet's banner 「第２　…」
    (SAKURADAI, "priced_items", "evaluation_sheets"),
])
def test_guide_is_read_as_priced_items_not_as_evaluation_sheets(name: str, layout: str, not_claimed_by: str) -> None:
    docs, _ = parse(FIXTURES / name)
    assert docs[0].layout == layout
    assert docs[0].layout_scores[not_claimed_by] == 0.0


@pytest.mark.parametrize(("title", "yen", "flags"), [
    ("出産祝い金支給事業", 9_600_000, ["拡充"]),
    ("第2子保育料無償化事業", 14_800_000, ["新規"]),  # a number run into the name: no sheet's number
    ("こども医療費助成事業", 112_000_000, []),
    ("介護予防「きりがおか元気体操」推進事業", 2_800_000, []),
    ("町道改良事業", 230_000_000, []),
    ("生ごみ処理機購入補助事業", 600_000, []),
])
def test_guide_main_programs_are_priced_items(title: str, yen: int, flags: list[str]) -> None:
    _, programs = _read(KIRIGAOKA)
    found = [p for p in programs if p.title == title and p.has_budget_structure]
    assert [(p.kind, p.budget.yen if p.budget else None, p.flags) for p in found] == [("item", yen, flags)]


def test_guide_reads_all_its_main_programs() -> None:
    listed = [json.loads(line) for line in (FIXTURES / KIRIGAOKA).with_name("PROGRAMS.jsonl").read_text(
        encoding="utf-8").splitlines()]
    expected = {(r["title"], r["yen"]) for r in listed if r["document"] == "kirigaoka_r10_guide"}
    _, programs = _read(KIRIGAOKA)
    read = {(p.title, p.budget.yen) for p in programs if p.kind == "item" and p.budget is not None}
    assert len(expected) == 21
    assert {(t.replace("２", "2"), y) for t, y in expected} <= read


@pytest.mark.parametrize(("title", "category_part", "yen"), [
    ("民生費", "目的別", 2_035_000_000),  # 「（29.8％）　128,635円」: the column per resident is no row of the pie
    ("公債費", "目的別", 682_000_000),
    ("その他", "目的別", 114_000_000),  # the name alone over 「1億1,400万円（1.7％）7,206円」
    ("町税", "歳入", 1_426_000_000),
])
def test_pie_rows_beside_a_per_resident_column_are_totals(title: str, category_part: str, yen: int) -> None:
    _, programs = _read(KIRIGAOKA)
    rows = [p for p in programs if p.title == title and p.category and category_part in p.category]
    assert [(p.kind, p.budget.yen if p.budget else None) for p in rows] == [("total", yen)]


def test_guide_analogy_table_under_a_rule_and_its_total_are_the_passage() -> None:
    """「家計に例えると」's 合計 row stands under a rule (「─────　　─────」): the rule is the table's, the row and the
    sentences under it (「借りる額（56万9千円）」) are the analogy's passage, no item or total of the town's."""
    text, programs = _read(KIRIGAOKA)
    passage = [p for p in programs if p.kind == "passage" and "家計" in p.title]
    assert len(passage) == 1 and "よりも返す額（68万2千円）" in passage[0].whole_text(text)
    assert not [p for p in programs if p.kind != "passage" and p.budget is not None
                and passage[0].start <= p.budget.start < passage[0].end]
