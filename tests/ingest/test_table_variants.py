"""Tables of programs in text: a 補正予算 table whose department stands on the line under each row, and a Markdown
予算のポイント whose markers are glued to the names and whose offices close the summary cells.

Both documents were written by the engineers from a one-paragraph description of two layouts (no document seen).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest import parse

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables6"


@pytest.mark.parametrize(("name", "expected"), [
    ("minato-ken-r07-hosei2.txt", [
        ("中小企業エネルギー価格高騰対策支援事業", 350_000_000, "商工政策課", []),  # a wrapped name, then its office
        ("学校給食費物価高騰対策事業", 82_400_000, "保健体育課", []),
        ("農業用燃料価格高騰緊急支援事業", 45_000_000, "農業振興課", []),
        ("河川しゅんせつ緊急対策事業", 600_000_000, "河川課", []),
        ("県有施設耐震化事業", -30_000_000, "営繕課", []),  # a cut: △ in the 補正額 column
    ]),
    ("kita-ken-r08-hosei3.txt", [
        ("保育所等物価高騰対策", 64_000_000, "子育て支援課", []),  # 「－」 before: new in this 補正
        ("放課後児童クラブ施設整備費補助金(追加分)", 45_500_000, "子育て支援課", []),  # the name begun above its figures
        ("中小企業資金繰り支援事業", 250_000_000, "経営支援課", []),
    ]),
    ("tokiwa-shi-r09-point.md", [
        ("こども誰でも通園事業", 45_600_000, "こども家庭課", ["新規"]),
        ("放課後児童クラブ運営事業", 312_000_000, "こども家庭課", ["拡充"]),
        ("学校ICT推進事業", 88_200_000, "教育総務課", []),
        ("創業支援事業", 24_000_000, "商工課", ["拡充"]),
        ("観光プロモーション事業", 56_700_000, "観光課", []),
    ]),
])
def test_a_tables_rows_are_read_with_their_office_and_markers(name, expected):
    _, programs = parse(TABLES / name)
    rows = [(p.title, p.budget.yen, p.department, p.flags) for p in programs if p.kind == "program"]
    assert rows == expected


def test_a_name_that_starts_with_new_keeps_it_when_the_row_has_a_previous_year(tmp_path):
    text = ("（単位：千円）\n\n| 事業名 | 予算額 | 前年度 | 概要 |\n|---|---|---|---|\n"
            "| 新規就農者支援事業 | 12,000 | 11,000 | 新たに就農する人を支援する。 |\n"
            "| 新規こども食堂支援事業 | 5,000 | - | こども食堂を支援する。 |\n"
            "| 拡充商店街支援事業 | 8,000 | 7,000 | 商店街を支援する。 |\n")
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    _, programs = parse(path)
    assert [(p.title, p.flags) for p in programs] == [("新規就農者支援事業", []), ("こども食堂支援事業", ["新規"]),
                                                      ("商店街支援事業", ["拡充"])]


def test_program_pages_with_the_amount_under_a_label_heading_and_the_office_under_its_own():
    """A 概算要求 page per program: 「【要求額】」 over 「１，２３０百万円（前年度予算額 １，１００百万円）」 or
    「４５０百万円（新規）」, and 「【担当】」 over 「文化財保護課（０３－…）」 closing the page."""
    _, programs = parse(TABLES / "bunka-sho-r09-gaisan.txt")
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None,
             [(c.dept, c.phone) for c in p.contacts]) for p in programs if p.kind == "program"]
    assert rows == [("地域文化財保存活用推進事業", 1_230_000_000, 1_100_000_000, [("文化財保護課", "03-1234-5678")]),
                    ("伝統芸能継承支援事業", 450_000_000, None, [("芸能振興課", "03-1234-9999")])]
    # its 総括表 (一般会計 alone, a cell a line): the general account's request, last year's beside it
    totals = [(p.title, p.budget.yen, p.budget.previous_year.yen) for p in programs if p.kind == "total"]
    assert totals == [("一般会計", 13_560_000_000, 12_340_000_000)]
