"""Kinds found on round 19's sealed sets once they became tuning data (tests/fixtures/scored-2026-12-06-s22), each
answered by a general mechanism: a follow-up that adds up, ranks or lists without naming programs is about the
programs the question before it counted (「消防本部の事業はいくつ？」 → 「全部合わせるといくら？」 → 「一番大きいのは？」);
a question asks what it ends on (「…窓口をつくる事業の予算を教えて」: the budget; 窓口 says which program); an account's
total that no document states is said missing for an office's part of the documents as for the whole (the sum of the
programs listed is not 一般会計's total); programs of 0円 are left out (「0円のものは除いて」, said in brackets or after the
question) or counted (「0円になってるのは何件」). The questions are the engineers' own, over rows of the real national review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer import Turn
from qa.understand.numbers import amount_filter
from qa.understand.query import understand
from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows

MINISTRIES = ("原子力規制委員会", "公正取引委員会", "消費者庁")


@pytest.fixture(scope="module")
def regulators(corpus_service):
    """The real national review's rows of three small ministries (102 programs)."""
    rows = review_rows(lambda r: r["ministry"] in MINISTRIES)
    return corpus_service("regulators20", {"rs-regulators.csv": review_csv(rows),
                                           "rs-regulators.csv.mapping.toml": REVIEW_MAPPING})


def _budgets(ministry: str) -> list[tuple[int, str]]:
    """(budget in yen, title) of a ministry's rows, largest first."""
    rows = review_rows(lambda r: r["ministry"] == ministry)
    return sorted(((int(r["budgetAmount_yen"]), r["projectName"]) for r in rows if int(r["budgetAmount_yen"] or 0)),
                  reverse=True)


def _conversation(service, questions: list[str]) -> list[str]:  # noqa: ANN001 - a QAService
    history: list[Turn] = []
    answers = []
    for question in questions:
        answer = service.ask(question, history=list(history))
        answers.append(answer.answer)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    return answers


@pytest.mark.parametrize("ministry", ["消費者庁", "公正取引委員会"])
def test_a_follow_up_sum_and_ranking_are_over_the_programs_just_counted(regulators, ministry):
    budgets = _budgets(ministry)
    counted, summed, largest, second = _conversation(regulators, [
        f"{ministry}の事業はいくつ？", "全部合わせるといくら？", "一番大きいのは？", "2番目は？"])
    assert f"{len(review_rows(lambda r: r['ministry'] == ministry))}件" in counted, counted
    assert f"{sum(b for b, _ in budgets):,}円" in summed, summed
    assert budgets[0][1] in largest and f"{budgets[0][0]:,}円" in largest, largest
    assert budgets[1][1] in second, second


def test_a_follow_up_naming_programs_of_its_own_keeps_its_own_scope(regulators):
    own = _budgets("公正取引委員会")
    _, summed = _conversation(regulators, ["消費者庁の事業はいくつ？", "公正取引委員会の事業を全部合わせるといくら？"])
    assert f"{sum(b for b, _ in own):,}円" in summed, summed


def test_a_sum_after_a_question_about_one_program_adds_up_the_whole_table(regulators):
    every = [b for m in MINISTRIES for b, _ in _budgets(m)]
    title = _budgets("消費者庁")[0][1]
    _, summed = _conversation(regulators, [f"{title}の予算は？", "全部の事業を合わせるといくら？"])
    assert f"{sum(every):,}円" in summed, summed


@pytest.mark.parametrize(("question", "attribute"), [
    ("オンラインで申請できる補助金の、今年度の予算は？", "budget"),  # 申請できる says which subsidy
    ("夜間も相談できる窓口をつくる事業の予算を教えて", "budget"),  # 窓口 says which program
    ("相談窓口はどこ？", "contact"),
    ("申請できるのは誰？", "eligibility"),
    ("子育て相談の窓口の事業ってどこの課の予算？", "contact"),  # asked with an interrogative of its own: which office
])
def test_a_question_asks_the_attribute_it_ends_on(question, attribute):
    assert understand(question).attribute == attribute


def test_an_account_total_no_document_states_is_missing_for_an_office_as_for_the_whole(regulators):
    answer = regulators.ask("消費者庁の一般会計予算の総額は？")
    assert answer.abstained and "一般会計の総額は記載されていません" in answer.answer, answer.answer
    programs = regulators.ask("消費者庁の一般会計の事業を全部合わせるといくら？")
    total = sum(b for b, _ in _budgets("消費者庁"))
    assert not programs.abstained and f"{total:,}円" in programs.answer, programs.answer


@pytest.mark.parametrize(("question", "condition"), [
    ("予算がいちばん少ないのは？（0円のものは除いて）", (">", 0)),
    ("0円のは抜きで", (">", 0)),
    ("予算0円の事業以外で", (">", 0)),
    ("予算額が0円になってる事業は何件？", ("=", 0)),
    ("自己負担0円で使える？", None),  # a price, no condition on budgets
])
def test_a_zero_budget_is_a_condition_only_where_programs_are_left_out_or_counted_by_it(question, condition):
    found = amount_filter(question)
    assert (None if found is None else (found.op, found.yen)) == condition


@pytest.mark.parametrize("asked", [
    ["消費者庁の事業で予算がいちばん少ないのは？（0円のものは除いて）"],
    ["消費者庁の事業で予算が一番大きいのは？", "逆に一番小さいのは？0円のは抜きで"],
])
def test_the_smallest_program_without_the_zero_budgets_is_the_smallest_priced_one(regulators, asked):
    smallest = _budgets("消費者庁")[-1]
    answer = _conversation(regulators, asked)[-1]
    assert smallest[1] in answer and f"{smallest[0]:,}円" in answer, answer


def test_the_zero_budget_programs_are_counted(regulators):
    zeros = [r for r in review_rows(lambda r: r["ministry"] == "消費者庁") if not int(r["budgetAmount_yen"] or 0)]
    answer = regulators.ask("消費者庁の事業で予算額が0円になってるのは何件？")
    assert zeros and f"{len(zeros)}件" in answer.answer, answer.answer


def test_what_every_question_reads_of_the_whole_table_is_made_before_the_first_question(corpus_service):
    """`QAService` warms the answerer when it loads a build (at a million passages these took ~10 s of the first
    questions' time); the service here has answered nothing yet."""
    rows = review_rows(lambda r: r["ministry"] == "消費者庁")
    service = corpus_service("warm20", {"rs-consumer.csv": review_csv(rows),
                                        "rs-consumer.csv.mapping.toml": REVIEW_MAPPING})
    answerer = service.answerer
    made = answerer.__dict__
    assert all(name in made for name in answerer._WARM), [n for n in answerer._WARM if n not in made]
    assert {"_by_first", "_by_char"} <= set(answerer.abbreviations.__dict__)
    assert {"pooled_in", "_title_keys", "_pool_by_id"} <= set(answerer.table.__dict__)
    assert "_text_keys" not in answerer.table.__dict__  # every program's text keyed stays for a question that needs it


FORMS26 = Path(__file__).parents[1] / "fixtures" / "forms26"


@pytest.fixture(scope="module")
def forms26(corpus_service):
    """Round 20's tuning documents of two forms: statements of commitments (継続費・債務負担行為・地方債) and residents'
    budget guides."""
    names = ["nishimine_chosho_r10.txt", "shinonome_chosho_r10.txt", "tsurumisawa_guide_r10.txt",
             "sakuradai_guide_r10.txt"]
    return corpus_service("forms26", {name: FORMS26 / name for name in names})


@pytest.mark.parametrize(("question", "title"), [
    ("県庁舎ESCO事業の債務負担行為、限度額は？", "西峰県庁舎ESCO事業"),  # a 限度額 is the row's amount, no cap per applicant
    ("東雲県庁舎の耐震改修、継続費の総額っていくら？", "東雲県庁舎耐震改修事業"),  # a 総額 is the row's amount
])
def test_an_amount_asked_by_the_rows_own_label_is_its_amount(forms26, question, title):
    program = next(p for p in forms26.index.programs if p.title == title)
    answer = forms26.ask(question)
    assert not answer.abstained and program.budget.amount_text in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "town"), [
    ("鶴見沢町の一般会計の総額を教えて", "tsurumisawa_guide_r10.txt"),
    ("桜台町の一般会計予算の総額は？", "sakuradai_guide_r10.txt"),
])
def test_a_guides_general_account_is_its_stated_total(forms26, question, town):
    total = next(p for p in forms26.index.programs if p.document == town and p.kind == "total" and p.title == "一般会計")
    answer = forms26.ask(question)
    assert not answer.abstained and total.budget.amount_text in answer.answer, answer.answer
