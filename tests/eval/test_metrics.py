"""Evaluation numbers agree with a count made by hand, and the HTML report renders in a real browser."""

from __future__ import annotations

import json

import pytest

from qa.eval.datasets import EvalItem
from qa.eval.metrics import ranking_metrics, summarize
from qa.eval.report import write_report
from qa.eval.run import is_correct


def test_ranking_metrics_match_a_hand_count():
    # gold "b" at rank 2 of [a, b, c]: hit@1 0, hit@5 1, MRR 1/2, recall@10 1, nDCG = (1/log2 3) / 1.
    m = ranking_metrics(["a", "b", "c"], ["b"])
    assert (m["hit@1"], m["hit@5"], m["mrr"], m["recall@10"]) == (0.0, 1.0, 0.5, 1.0)
    assert m["ndcg@10"] == pytest.approx(0.6309, abs=1e-4)
    two = ranking_metrics(["x", "a", "y", "b"], ["a", "b"])  # recall 2/2, MRR 1/2
    assert (two["recall@10"], two["mrr"]) == (1.0, 0.5)
    assert ranking_metrics(["x"], ["a"])["mrr"] == 0.0


def test_answer_correctness_is_nfkc_containment_of_every_required_string():
    item = EvalItem(id="q", question="?", type="amount", answers=["17.0億円", "ＡＩチップ"])
    assert is_correct(item, False, "AIチップ開発…の予算は17.0億円です。")
    assert not is_correct(item, False, "AIチップの予算は17.5億円です。")
    assert not is_correct(item, False, "予算は17.0億円です。")  # every string, not some
    assert not is_correct(item, True, "AIチップ 17.0億円")
    unanswerable = EvalItem(id="u", question="?", type="unanswerable")
    assert is_correct(unanswerable, True, "記載がありません") and not is_correct(unanswerable, False, "x")


def test_a_set_that_declares_its_answers_alternatives_needs_one_of_them():
    item = EvalItem(id="q", question="?", type="amount", answers=["18,600", "186億円"], answers_rule="any")
    assert is_correct(item, False, "要求額は186億円です。")  # the other form is not needed
    assert is_correct(item, False, "一覧表では18,600（百万円）です。")
    assert not is_correct(item, False, "要求額は185億円です。")
    assert not is_correct(item, True, "186億円")  # an abstention is never right for an answerable question


def test_an_amount_stated_in_another_unit_or_script_is_the_same_fact():
    item = EvalItem(id="q", question="?", type="aggregate", answers=["２，１１３億円", "20,139,308千円"])
    assert is_correct(item, False, "合計は211,300,000千円、もう一つは201.39308億円です。")
    assert is_correct(item, False, "2113億円と20,139,308千円")
    assert not is_correct(item, False, "2,113万円と20,139,308千円")


def _rows():
    def row(i, t, correct, abstained, answerable, hit):
        return {"id": i, "type": t, "mode": "hybrid", "question": i, "answer": "a", "abstained": abstained,
                "citations": [], "gold": ["g"] if answerable else [], "answers": ["a"] if answerable else [],
                "answerable": answerable, "correct": correct, "ranked": ["g"] if hit else ["x", "g"],
                "ranking": ranking_metrics(["g"] if hit else ["x", "g"], ["g"]) if answerable else {},
                "latency_ms": 10.0 * (len(i))}
    return [row("a1", "amount", True, False, True, True), row("a2", "amount", False, False, True, False),
            row("u1", "unanswerable", True, True, False, False), row("u2", "unanswerable", False, False, False, False),
            row("p1", "purpose", False, True, True, True)]


def test_summary_agrees_with_a_hand_count_by_type():
    s = summarize(_rows())
    overall = s["overall"]
    # answerable with answers: a1 (ok), a2 (no), p1 (abstained: no) -> 1/3
    assert overall["answer_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    # abstained: u1 (right), p1 (wrong) -> precision 1/2; unanswerable u1, u2 -> recall 1/2
    assert (overall["abstain_precision"], overall["abstain_recall"]) == (0.5, 0.5)
    # hit@1 over answerable: a1 1, a2 0, p1 1 -> 2/3
    assert overall["hit@1"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["by_type"]["amount"]["accuracy"] == 0.5 and s["by_type"]["amount"]["n"] == 2


@pytest.mark.slow
def test_html_report_renders_with_charts_and_no_console_errors(tmp_path, output_dir, browser):
    rows = _rows()
    metrics = {"modes": {"hybrid": summarize(rows)}, "questions": len(rows), "index": {"build_seconds": 1.0}}
    report = write_report({"rows": rows, "metrics": metrics}, tmp_path / "report", "テスト評価")
    assert json.loads((tmp_path / "report" / "metrics.json").read_text(encoding="utf-8"))["questions"] == 5
    assert len((tmp_path / "report" / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(report.as_uri())
        assert page.locator("svg.chart").count() == 4
        assert page.locator("svg.chart rect").count() > 10
        assert page.locator("details").count() == 3  # the three wrong answers
        page.screenshot(path=str(output_dir / "eval-report.png"), full_page=True)
    finally:
        page.close()
    assert errors == []


def test_a_list_answer_that_names_programs_not_asked_for_is_not_right():
    item = EvalItem(id="q", question="10億円未満の事業はどれ？", type="aggregate", answers=["休廃止鉱山", "BCP"])
    right = "10億円未満の事業は2件です。\n・休廃止鉱山鉱害防止等工事費補助：1.3億円\n・中小企業BCP支援：7.0億円"
    padded = right + "\n・地域未来投資促進事業：12.0億円"
    assert is_correct(item, False, right)
    assert not is_correct(item, False, padded)


@pytest.mark.parametrize(("answer", "expected", "right"), [
    ("前年度の1億2,800万円から1,450万円の減（前年度比−11.3％）です。", "1,450万円減", True),
    ("前年度の２２億円から9億円の増です。", "９億円増", True),
    ("6,750,000円の増（前年度比+4.0％）", "675万円増", True),
    ("9億円の減です。", "9億円増", False),  # the other direction
    ("予算は9億円です。", "9億円増", False),  # the amount without a change
])
def test_a_change_is_stated_by_the_same_yen_with_the_same_direction(answer, expected, right):
    from qa.eval.run import contains

    assert contains(answer, expected) is right
