"""「何世帯」「何台」 "how many …": a figure with that counter the program states, quoted, or said missing; a sheet
attached to a table row answers its purpose; an amount paid (「3万円配る」) is not a filter on budgets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-03-s2" / "layouts"


@pytest.fixture(scope="module")
def sheet_service(embedder, tmp_path_factory):
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("counted")
    for name in ("misakidai-r08-jigyosheet.txt", "shiinagawa-r07-hosei3.txt"):
        shutil.copy(LAYOUTS / name, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "needed", "abstained"), [
    ("How many student devices will the town replace under the GIGA School program?", ["1,100台"], False),
    ("病児保育事業の定員は何人？", ["3人"], False),
    ("物価高騰対応重点支援給付金は何世帯が対象？", ["12,900世帯"], False),
    ("ＧＩＧＡスクール端末更新事業で何世帯が対象になる？", ["世帯数"], True),  # no figure in 世帯: said missing
    ("病児保育事業の目的は？", ["子育てと就労の両立"], False),  # from the sheet, not the table row
])
def test_a_count_inside_one_program_is_its_stated_figure_or_said_missing(sheet_service, question, needed, abstained):
    answer = sheet_service.ask(question)
    assert answer.abstained is abstained, answer.answer
    text = answer.answer.translate(str.maketrans("０１２３４５６７８９，", "0123456789,"))
    assert all(n in text for n in needed), answer.answer
    if not abstained:
        assert answer.citations, answer.answer


def test_an_amount_paid_per_household_is_not_read_as_a_budget_to_filter_by(sheet_service):
    answer = sheet_service.ask("非課税世帯に3万円配る給付、補正予算でいくら計上されてる？")
    assert "予算額が3万円" not in answer.answer


def test_a_whole_cost_asked_of_one_program_is_its_figure_not_the_documents_sum(sheet_service):
    answer = sheet_service.ask("防災無線のデジタル化、全部でいくらかかるの？")
    assert "128,500千円" in answer.answer and "足すと" not in answer.answer, answer.answer
    total = sheet_service.ask("全部の事業の予算を合計するといくら？")
    assert "足すと" in total.answer or "合計" in total.answer, total.answer
