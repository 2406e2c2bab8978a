"""A town's 予算に関する説明書（歳出） printed as a fixed-width ledger (款・項・目 with 本年度/前年度/比較, a 節 column, a
説明 column of ○ programs with their parts indented under them and ・ routine costs): every program is read with its
yen, its parts, its place in the ledger; each 目 is a total with its three figures; 歳出合計 is the document's total.
The forms21 instance is ruled with 「│」; the variants are ruled with 「｜」 (◯ marks, 款 named without numbers in the
総括) or aligned with spaces only as `pdftotext -layout` gives (● marks, amounts carrying 千円)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.amounts import parse_yen
from qa.ingest.lines import split_lines
from qa.ingest.normalize import key, nfkc
from qa.ingest.ruled import RuledLine, unruled

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OKUMINE = FIXTURES / "forms21" / "okumine_r8_yosan_setsumeisho_saishutsu.txt"
KAWANAMI = FIXTURES / "forms21-variants" / "kawanami_r8_setsumeisho_saishutsu_layout.txt"  # spaces only
NISHITANI = FIXTURES / "forms21-variants" / "nishitani_r8_yosan_setsumeisho_saishutsu.txt"  # ｜ rules


def _listed(path: Path) -> dict[str, int]:
    """The writer's programs of a document: title key -> yen (千円 figures as printed, × 1000)."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    out = {}
    for row in rows:
        if row["document"] == path.stem:
            figure = nfkc(row["budget"])
            out[key(row["title"])] = parse_yen(figure if figure.endswith("円") else figure + "千円")
    return out


def _read(path: Path) -> dict[str, int | None]:
    docs, programs = parse(path)
    assert docs[0].layout == "ledger"
    return {key(p.title): p.budget.yen if p.budget else None for p in programs if p.kind == "program"}


@pytest.mark.parametrize(("path", "count"), [(OKUMINE, 28), (KAWANAMI, 12), (NISHITANI, 10)], ids=lambda v: getattr(v, "stem", v))
def test_every_named_program_of_the_setsumei_column_is_read_with_its_yen(path, count):
    listed = _listed(path)
    read = _read(path)
    assert len(listed) == count
    assert {t: read.get(t) for t in listed} == listed


@pytest.mark.parametrize("rule", ["|", "｜", "┃", " "])
def test_the_ledger_reads_the_same_whatever_rules_its_columns(tmp_path, rule):
    """The same ledger ruled with an ASCII bar, a full-width bar, a heavy box rule, or spaces only."""
    copy = tmp_path / OKUMINE.name
    copy.write_text(OKUMINE.read_text(encoding="utf-8").replace("│", rule), encoding="utf-8")
    listed = _listed(OKUMINE)
    read = _read(copy)
    assert {t: read.get(t) for t in listed} == listed


@pytest.mark.parametrize(("path", "program", "part", "yen"), [
    (OKUMINE, "ふるさと納税推進事業", "返礼品調達費", 14_320_000),
    (OKUMINE, "農業用水路改修事業", "改修工事請負費(L=620m)", 47_600_000),
    (KAWANAMI, "ふるさと回帰支援センター運営事業", "運営補助金", 16_800_000),
    (NISHITANI, "西谷渓谷キャンプ場再整備事業", "管理棟改修工事", 40_700_000),
])
def test_a_programs_indented_breakdown_lines_are_its_parts(path, program, part, yen):
    _, programs = parse(path)
    found = next(p for p in programs if p.kind == "program" and p.title == program)
    assert {s.name: s.amount.yen for s in found.subprojects if s.amount}[part] == yen


@pytest.mark.parametrize(("path", "program", "routine"), [
    (OKUMINE, "ふるさと納税推進事業", "企画一般事務費"),  # 「・企画一般事務費 2,318」 under the ○'s parts
    (OKUMINE, "社会福祉協議会補助事業", "国民健康保険特別会計繰出"),  # a ・ name wrapped over 「　金 46,250」
    (NISHITANI, "社会福祉協議会運営補助事業", "介護保険特別会計繰出金"),
])
def test_a_routine_cost_beside_a_program_is_neither_its_part_nor_a_program(path, program, routine):
    doc, programs = parse(path)
    found = next(p for p in programs if p.title == program)
    quoted = "".join(doc[0].text[s.start:s.end] for s in found.sections)
    assert routine not in quoted and not any(routine in s.name for s in found.subprojects)
    assert not any(routine in p.title for p in programs if p.kind == "program")


@pytest.mark.parametrize(("path", "moku", "categories", "figures"), [
    (OKUMINE, "企画費", ["総務費", "総務管理費"], (72_168_000, 68_905_000, 3_263_000)),
    (OKUMINE, "交通対策費", ["総務費", "総務管理費"], (32_585_000, 33_120_000, -535_000)),
    (KAWANAMI, "保育所費", ["民生費", "児童福祉費"], (40_000_000, 28_500_000, 11_500_000)),
    (NISHITANI, "農業振興費", ["農林水産業費", "農業費"], (41_800_000, 43_000_000, -1_200_000)),
])
def test_a_moku_is_a_total_with_its_three_figures_and_its_programs_sit_under_it(path, moku, categories, figures):
    _, programs = parse(path)
    total = next(p for p in programs if p.kind == "total" and p.title == moku)
    assert total.categories == categories
    assert (total.budget.yen, total.budget.previous_year.yen, total.budget.change.yen) == figures
    under = [p for p in programs if p.kind == "program" and p.category == moku]
    assert under and all(p.categories == [*categories, moku] for p in under)


@pytest.mark.parametrize(("path", "yen", "kan"), [
    (OKUMINE, 3_280_180_000, 14), (KAWANAMI, 3_178_020_000, 9),
    (NISHITANI, 2_469_000_000, 11),  # its 総括 names each 款 without a number (「民生費　612,400 …」)
])
def test_the_summary_gives_each_kan_and_the_whole_as_totals(path, yen, kan):
    _, programs = parse(path)
    assert [p.budget.yen for p in programs if p.kind == "total" and p.title == "歳出合計"] == [yen]
    summary = [p for p in programs if p.kind == "total" and not p.categories and p.title != "歳出合計"]
    assert len({p.title for p in summary}) == kan and "予備費" in {p.title for p in summary}


def test_ruled_lines_keep_their_offsets_and_say_where_the_named_column_opens():
    import re

    text = "款" + " " * 11 + "│ 節" + " " * 8 + "│ 説　明\n" + "".join(f"{n} 一般管理費 │ １ 報酬 {n} │ ○事業{n} 1,000\n" for n in range(5))
    lines = unruled(split_lines(text), re.compile("説"))
    ruled = [ln for ln in lines if isinstance(ln, RuledLine)]
    assert len(ruled) == 6
    for line in ruled:
        assert "│" not in line.raw and len(line.raw) == line.end - line.start
        assert text[line.start + line.opens:line.end].lstrip().startswith(("○", "説"))
