"""The budget's size by account, read from the table a municipal 予算の概要 opens with, as totals: a row a line or a
cell a line (PDF text), the unit from its 「（単位：千円）」 line, this year's column told by its year heading."""

from __future__ import annotations

import pytest

from qa.ingest.parse import parse

CELLS = """令和８年度　桜川村当初予算の概要

１　予算の規模
（単位：千円、％）
会 計 区 分
令和８年度
令和７年度
増 減 額
増減率
一般会計
3,120,000
2,980,000
140,000
4.7
国民健康保険特別会計
512,300
530,100
△17,800
△3.4
合　　計
3,632,300
3,510,100
122,200
3.5

２　主な事業
１　村営バス運行事業　　　　　　　２１，０００千円
　　村営バス２路線を運行します。
２　防災行政無線更新事業　　　　　４８，０００千円
　　防災行政無線をデジタル化します。
"""

ROWS = """令和８年度 葉山台市 予算案の概要

予算の規模（単位：百万円）
会計区分　　　令和７年度　　令和８年度
一般会計　　　　４８，２００　　５１，６００
特別会計計　　　１９，８００　　２０，１００
合　計　　　　　６８，０００　　７１，７００

主な事業
○子ども医療費助成事業　１，２４０百万円
　高校生年代までの医療費を助成します。
○市民プール改修事業　３８０百万円
　老朽化した市民プールを改修します。
"""

# A ministry's 概算要求の概要: each account's figure after its label (要求額), last year's in brackets.
LABELLED = """令和９年度 海洋資源庁 概算要求の概要

■ 要求総額
  一般会計            要求額 1,520億円（前年度予算額 1,410億円、対前年度比 1.08）
  エネルギー対策特別会計  要求額 260億円（前年度予算額 250億円、対前年度比 1.04）

【主要事項】
１．洋上風力発電導入促進事業　　要求額 120億円（前年度予算額 90億円）
　洋上風力発電の導入に向けた海域調査を行う。
２．海洋資源調査船建造事業　　要求額 80億円（前年度予算額 60億円）
　海洋資源調査船を建造する。
"""


@pytest.mark.parametrize(("name", "text", "expected"), [
    # A cell a line, this year's column first.
    ("sakuragawa.txt", CELLS, {"一般会計": (3_120_000_000, 2_980_000_000), "国民健康保険特別会計": (512_300_000, 530_100_000),
                               "合計": (3_632_300_000, 3_510_100_000)}),
    # A row a line, full-width figures, last year's column first (its heading says so).
    ("hayamadai.txt", ROWS, {"一般会計": (51_600_000_000, 48_200_000_000), "特別会計計": (20_100_000_000, 19_800_000_000),
                             "合計": (71_700_000_000, 68_000_000_000)}),
    # Figures carrying their unit after a label (要求額), no 単位 line.
    ("kaiyou.txt", LABELLED, {"一般会計": (152_000_000_000, 141_000_000_000),
                              "エネルギー対策特別会計": (26_000_000_000, 25_000_000_000)}),
])
def test_the_budgets_size_by_account_is_read_as_totals_with_last_years_figure(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (doc,), programs = parse(path)
    totals = {p.title: p for p in programs if p.kind == "total"}
    for title, (this_year, last_year) in expected.items():
        budget = totals[title].budget
        assert (budget.yen, budget.previous_year.yen) == (this_year, last_year)
        assert doc.text[budget.start:budget.end].replace("，", ",") in text.replace("，", ",")
    assert not any(p.countable for p in totals.values())  # never counted or summed with the programs
    assert sum(p.kind == "program" or p.kind == "item" for p in programs) == 2


def test_a_document_without_a_size_table_gets_no_account_totals(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(CELLS.split("２　主な事業")[1], encoding="utf-8")
    _, programs = parse(path)
    assert not any(p.kind == "total" for p in programs)
