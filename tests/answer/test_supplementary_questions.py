"""Questions on a prefecture's 補正予算 table (fixed-width, 千円, the division on the line under each program, ○
descriptions): the 補正額 asked by that name, an amount per unit of a thing (「1トン当たり」), the division asked in
kana (「たんとうか」) or in English ("which division handles"). The document is written here in the layout of
tests/fixtures/layouts/tables6; the questions are ours."""

from __future__ import annotations

from pathlib import Path

import pytest

DOCUMENT = """令和８年度 一般会計補正予算（第２号）の概要

                                                                                        （単位：千円）
 事業名                              補正前の額      補正額  補正後の額  国庫支出金      県債    その他  一般財源
 １ 農林水産業の支援
 配合飼料価格対策事業                   80,000     215,000     295,000     150,000        －        －    65,000
   （農政部 畜産振興課）
   ○ 配合飼料の値上がり分として、飼料１トン当たり２，０００円を畜産農家に補助する。
 林業機械導入支援事業                        －      48,000      48,000      24,000        －        －    24,000
   （農政部 森林整備課）
   ○ 高性能林業機械の導入を支援する（補助率１／２）。
 ２ 防災・減災
 河川しゅんせつ緊急対策事業             300,000     620,000     920,000     310,000   280,000        －    30,000
   （県土整備部 河川課）
   ○ 土砂が堆積した河川（２６箇所）のしゅんせつを行う。
         合計                           380,000     883,000   1,263,000     484,000   280,000        －   119,000
"""


@pytest.fixture(scope="module")
def hosei_service(corpus_service):
    return corpus_service("hosei", {"minami-ken-r08-hosei2.txt": DOCUMENT})


@pytest.mark.parametrize(("question", "needed"), [
    ("河川しゅんせつ緊急対策事業の補正額は？", "620,000千円"),
    ("えさ代の補助は1トン当たりいくら出る？", "2,000円"),
    ("林業機械の導入支援のたんとうかは？", "森林整備課"),
    ("Which division handles the river dredging project?", "河川課"),
])
def test_a_supplementary_tables_figures_and_divisions_are_answered_as_asked(hosei_service, question, needed):
    answer = hosei_service.ask(question)
    text = answer.answer.translate(str.maketrans("０１２３４５６７８９，", "0123456789,"))
    assert not answer.abstained and needed in text, answer.answer


@pytest.fixture(scope="module")
def point_service(corpus_service):
    """A city's 予算のポイント (tests/fixtures/layouts/tables6): programs with this year's and last year's figures."""
    point = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables6" / "tokiwa-shi-r09-point.md"
    return corpus_service("point", {point.name: point})


@pytest.mark.parametrize(("question", "first", "listed"), [
    # changes computed from each row's two figures: +13,500千円, +6,000千円, -2,800千円, -3,400千円; a 新規 row
    # whose last year is 「-」 rose by its whole budget (+45,600千円), as the genre's 増減 columns count it
    ("前年度と比べて一番増えた事業は？", "こども誰でも通園事業", 3),
    ("前年度から最も減額された事業はどれ？", "観光プロモーション事業", 2),
    ("前年度より予算が減った事業はある？", "2件", 2),
])
def test_programs_are_ranked_and_listed_by_their_change_from_last_year(point_service, question, first, listed):
    answer = point_service.ask(question)
    head = answer.answer.split("\n")[0]
    assert first in head, answer.answer
    assert answer.answer.count("\n・") == listed, answer.answer
    assert "千円→" in answer.answer, answer.answer  # last year's bare cell written with the table's unit
