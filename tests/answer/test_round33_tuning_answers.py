"""Answers on round 32's and round 33's documents (tuning data since their first scores, `scored-2026-12-07-s35`,
`scored-2026-12-07-s36`): a column named by its header (「限度額」 of a contracts table), this year's amount asked as
「支出予定」, a leader list's offices and headings."""

from __future__ import annotations

import pytest

from tests.answer.conftest import documents_in
from tests.conftest import FIXTURES

LAYOUTS39 = FIXTURES / "scored-2026-12-07-s35" / "layouts39"
LAYOUTS40 = FIXTURES / "scored-2026-12-07-s35" / "layouts40"
LAYOUTS42 = FIXTURES / "scored-2026-12-07-s36" / "layouts42"


@pytest.fixture(scope="module")
def contracts_service(corpus_service):
    """A city's 補助金ガイドブック, a prefecture's 基金充当事業一覧 and a city's 債務負担行為 tables (Markdown)."""
    return corpus_service("round32-layouts40", documents_in(LAYOUTS40, ".txt", ".md"))


@pytest.fixture(scope="module")
def leader_service(corpus_service):
    """A city's 補正 議案, a prefecture's leader-dot 主要事業の概要 and a town's 行政コスト計算書 (TSV)."""
    return corpus_service("round33-layouts42", documents_in(LAYOUTS42, ".txt", ".tsv"))


@pytest.mark.parametrize(("questions", "expected"), [
    # the row's 限度額 column, in its table's unit: not a cap per applicant the text never states
    (["放課後児童クラブの委託の限度額は？"], "612,000千円"),
    # 「支出予定」: what the year's budget sets aside (the 令和8年度支出予定額 column, the row's budget)
    (["放課後児童クラブの委託の限度額は？", "今年度の支出予定は？"], "201,600千円"),
    (["放課後児童クラブの委託の限度額は？", "今年度の支出予定は？", "じゃあ保育所給食のほうは？"], "58,700千円"),
])
def test_a_column_named_by_its_header_answers_from_the_rows_cell(contracts_service, chat, questions, expected):
    assert expected in chat(contracts_service, questions)


def test_a_part_of_the_budget_a_column_names_is_asked_by_its_words(contracts_service):
    """「基金を取り崩して充てる額」 of a row whose 「うち基金充当額」 column holds it: not 「「基金」は記載されていません」."""
    answer = contracts_service.ask("医師修学資金貸与事業のうち、基金を取り崩して充てる額は？").answer
    assert "143,000千円" in answer and "記載されていません" not in answer, answer


def test_a_funds_balance_is_not_ranked_with_the_programs(contracts_service):
    answer = contracts_service.ask("基金充当事業一覧でいちばん事業費が大きい事業は？").answer
    assert "介護施設等整備費補助事業" in answer and "残高" not in answer.split("。")[0], answer


@pytest.mark.parametrize(("question", "expected"), [
    # 「（医療政策課　内線3041）」 under the program's lines: its office, reached by its extension
    ("医学生の修学資金のことで問い合わせたいんだけど、内線何番？", "3041"),
    ("避難所のエアコンやトイレ整備の補助はどこの課が担当してる？", "防災企画課"),
    # 「【県土整備部】」 over its five programs: their heading, added up
    ("県土整備部の主要事業、合計でいくら？", "4,535,500千円"),
    # the last program's marker and office, under its amount like every other's
    ("今年度から新しく始まる事業は何本ある？", "6件"),
    # a column named by what its figure is of (「住民一人当たりコスト（円）」) or by its bracket (「受益者負担（使用料等）」)
    ("図書館って住民一人あたりいくらかかってる？", "2,014円"),
    ("学校給食センター運営事業の行政コスト計は？", "49,800千円"),
])
def test_a_leader_lists_offices_and_headings_answer(leader_service, question, expected):
    answer = leader_service.ask(question).answer
    assert expected in answer, answer


@pytest.fixture(scope="module")
def sheets_service(corpus_service):
    """A prefecture's 部局別 workbook (a sheet per 部局), a city's PowerPoint text, a town's long CSV by year."""
    return corpus_service("round32-layouts39", documents_in(LAYOUTS39, ".txt", ".xlsx", ".csv"))


@pytest.mark.parametrize(("questions", "expected"), [
    # the sheet's name is its rows' heading: that 部局's total row, and its programs ranked
    (["健康福祉部の主要事業、令和8年度の部局計はいくらですか"], "3,888,800千円"),
    (["健康福祉部の主要事業、令和8年度の部局計はいくらですか", "そのなかで一番予算がでかい事業は？"], "子ども医療費助成事業"),
    (["教育庁の主要事業って何件のってる？"], "6件"),
    # a long table's earlier year, quoted from its own row
    (["令和8年度の町民バスの予算っていくら？", "令和6年度はいくらだった？"], "24,860,000円"),
])
def test_a_sheets_name_heads_its_rows_and_a_long_tables_years_are_its_rows(sheets_service, chat, questions, expected):
    assert expected in chat(sheets_service, questions)


def test_a_follow_up_naming_a_column_of_the_row_shown_is_about_that_row(leader_service, chat):
    """「どれくらいある？」 asks how much, no new topic; 使用料 names the row's 「受益者負担（使用料等）」 column."""
    answer = chat(leader_service, ["町の温泉って何課が担当してるの？", "使用料とかの収入はどれくらいある？"])
    assert "29,600千円" in answer and "町営温泉" in answer, answer
