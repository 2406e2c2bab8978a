"""概算要求 slide decks (forms22, forms23 and written variants): every program slide read once, exact title and request.

Decks differ by office: slide markers (「―― スライド3 ――」「p.3 …」「- 3 -」「[P.3]」), boxed or bracketed
要求・要望額 lines, two-column tables of 要求額 over 前年度 (boxed ┌─┐ or ╔═╗, spaced, Markdown), units (億円, 百万円, 千円
declared by the slide), an overview slide of the whole request, and a summary slide listing the programs again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.models import Program
from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES

DECKS = [
    FIXTURES / "forms22" / "kankyo_junkan_gaisan_r11.txt",
    FIXTURES / "forms22" / "chiiki_seikatsu_gaisan_r11.txt",
    FIXTURES / "forms23" / "chiiki_kotsu_kanko_sho_gaisan_yokyu.txt",
    FIXTURES / "forms23" / "kankyo_junkan_sho_gaisan_yokyu_shiryo.txt",
]


def _listed(path: Path) -> list[tuple[str, int]]:
    """The writer's programs of a deck (its folder's PROGRAMS.jsonl): (title, this year's request in yen)."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(r["title"], r["budget_yen"]) for r in rows if r["document"] == path.stem]


def _programs(path: Path) -> list[Program]:
    _, programs = parse(path)
    return [p for p in programs if p.kind == "program"]


def _norm(title: str) -> str:
    return nfkc(title).replace(" ", "")


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_every_program_slide_is_read_once_with_its_exact_title_and_request(path: Path) -> None:
    read = [(_norm(p.title), p.budget.yen if p.budget else None) for p in _programs(path)]
    for title, yen in _listed(path):
        assert read.count((_norm(title), yen)) == 1, (title, yen, read)


@pytest.mark.parametrize(("name", "expected"), [
    ("nougyo_shinko_gaisan_r12.txt", [  # スライド markers, ╔═╗ and ┌─┐ tables, 千円 declared on the slide, 増減 column
        ("畑地化促進・水田活用推進事業", 38_200_000_000, 31_500_000_000),
        ("国産飼料増産対策事業", 4_100_000_000, 3_600_000_000),
        ("スマート農業技術実装加速化事業", 9_870_000_000, 6_420_000_000),
        ("農泊・農村RMO推進事業", 1_284_000_000, 946_000_000)]),
    ("chiho_iryo_gaisan_r12.md", [  # [P.n] markers, a TOC with P.n pages, Markdown tables in 億円, 【label】 pairs
        ("地域医療構想推進事業", 6_520_000_000, 4_800_000_000),
        ("医師偏在対策推進事業", 2_845_000_000, 2_190_000_000),
        ("へき地医療拠点支援事業", 1_260_000_000, 1_080_000_000)]),
])
def test_variant_decks_read_every_program_with_request_and_last_year(name: str, expected: list[tuple]) -> None:
    programs = _programs(FIXTURES / "forms23-variants" / name)
    got = [(_norm(p.title), p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None)
           for p in programs if p.budget]
    assert got == [(_norm(t), now, before) for t, now, before in expected]


@pytest.mark.parametrize(("path", "overview", "yen"), [
    (FIXTURES / "forms23" / "chiiki_kotsu_kanko_sho_gaisan_yokyu.txt", "令和9年度概算要求の全体像", 136_650_000_000),
    (FIXTURES / "forms23" / "kankyo_junkan_sho_gaisan_yokyu_shiryo.txt", "資源循環局の概算要求額", 44_397_000_000),
    (FIXTURES / "forms23-variants" / "nougyo_shinko_gaisan_r12.txt", "令和12年度概算要求の全体像", 245_600_000_000),
    (FIXTURES / "forms23-variants" / "chiho_iryo_gaisan_r12.md", "概算要求額の総括", 145_200_000_000),
])
def test_the_overview_slide_of_the_whole_request_is_a_total_never_a_program(path: Path, overview: str,
                                                                              yen: int) -> None:
    _, programs = parse(path)
    found = [p for p in programs if _norm(p.title) == _norm(overview)]
    assert [(p.kind, p.budget.yen) for p in found] == [("total", yen)]


@pytest.mark.parametrize(("path", "title", "previous"), [
    # 【令和9年度要求・要望額】112.0億円　【令和8年度予算額】96.4億円: last year's beside it, not the 補正 reference below
    (FIXTURES / "forms23" / "chiiki_kotsu_kanko_sho_gaisan_yokyu.txt", "インバウンド受入環境整備高度化事業", 9_640_000_000),
    # a boxed column pair of 令和10年度要求・要望額 │ 令和９年度予算額
    (FIXTURES / "forms23" / "kankyo_junkan_sho_gaisan_yokyu_shiryo.txt", "地域循環モデル創出事業", 900_000_000),
    # 「（単位：千円）」 over its table: 72,000 in thousands, not the 百万円 the deck declares first
    (FIXTURES / "forms23" / "kankyo_junkan_sho_gaisan_yokyu_shiryo.txt", "循環経済人材育成事業", 72_000_000),
])
def test_last_years_budget_is_read_from_the_column_or_label_beside_the_request(path: Path, title: str,
                                                                               previous: int) -> None:
    program = next(p for p in _programs(path) if _norm(p.title) == _norm(title))
    assert program.budget.previous_year is not None and program.budget.previous_year.yen == previous
