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
    answer = sheet_service.ask("防災無線のデジタル化、全部でいくらかかるの？")  # its sheet states the whole cost
    assert "2億7千万円" in answer.answer and "足すと" not in answer.answer, answer.answer
    total = sheet_service.ask("全部の事業の予算を合計するといくら？")
    assert "足すと" in total.answer or "合計" in total.answer, total.answer


@pytest.mark.parametrize(("question", "office"), [
    ("デマンド交通実証運行事業の問い合わせ先は？", "地域交通係"),  # the sheet's 【担当課】 line, not the table's 企画課
    ("病児保育事業の担当はどこ？", "子育て支援係"),
])
def test_a_labelled_contact_line_names_the_office_more_closely_than_the_table(sheet_service, question, office):
    answer = sheet_service.ask(question)
    assert office in answer.answer and not answer.abstained, answer.answer
    cited = answer.citations[0]
    assert office in cited.quote


def test_a_follow_up_asking_the_change_from_last_year_computes_it_from_the_sheet(sheet_service):
    from qa.answer import Turn

    first = "学校給食費無償化事業の令和8年度の予算はいくら？"
    shown = sheet_service.ask(first)
    answer = sheet_service.ask("去年と比べてどれくらい増えた？", [Turn("user", first), Turn("assistant", shown.answer)])
    assert "27,100千円" in answer.answer and "増" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "needed", "abstained"), [
    ("防災行政無線デジタル化事業の総事業費は？", "2億7千万円", False),  # the sheet's 「※総事業費 約２億７千万円」
    ("町営バス運行事業の総事業費は？", "総事業費", True),  # the year's budget is not the whole project's cost
])
def test_a_whole_projects_cost_is_stated_or_said_missing_never_the_years_budget(sheet_service, question, needed,
                                                                                abstained):
    answer = sheet_service.ask(question)
    assert answer.abstained is abstained and needed in answer.answer, answer.answer


def test_where_the_money_comes_from_is_quoted_from_the_programs_funding_lines(sheet_service):
    answer = sheet_service.ask("防災行政無線デジタル化事業ってどうやってお金まかなうの？借金？")
    assert "地方債" in answer.answer and not answer.abstained, answer.answer
    assert any("地方債" in c.quote for c in answer.citations)


def test_a_figure_that_changes_is_answered_by_what_it_becomes_in_any_counter_of_the_same_things(sheet_service):
    answer = sheet_service.ask("病児保育事業の病児保育室は何名まで預かれる？")  # 「定員３人」: 名 and 人 count people
    assert "3人" in answer.answer.replace("３", "3"), answer.answer


def test_a_budget_asked_for_a_year_the_sheet_does_not_give_is_said_missing(sheet_service):
    answer = sheet_service.ask("令和6年度の病児保育事業の予算は？")  # the sheet gives 令和８年度 and 令和７年度
    assert answer.abstained and "令和6年度" in answer.answer, answer.answer


def test_a_budget_asked_for_the_year_before_the_sheets_is_its_stated_previous_figure(sheet_service):
    answer = sheet_service.ask("令和7年度の病児保育事業の予算は？")  # 「令和７年度予算額 ７，１００千円」 on the sheet
    assert not answer.abstained and "7,100千円" in answer.answer.replace("７，１００", "7,100"), answer.answer


@pytest.mark.parametrize(("question", "needed", "abstained"), [
    ("病児保育事業の利用料はいくら？", "2,000円", False),  # 「②利用料：１日2,000円」
    ("デマンド交通実証運行事業の運賃って？", "300円", False),
    ("町営バスの運賃って大人いくらですか？", "料金・利用料", True),  # its sheet gives no fare: never its budget
    ("図書館って何時まで開いてるの？", "開館・利用時間", True),
    ("プレミアム付商品券はいつから売り出されますか？", "の時期の記載がありません", True),
])
def test_a_fee_hours_or_start_asked_is_the_stated_figure_or_said_missing(sheet_service, question, needed, abstained):
    answer = sheet_service.ask(question)
    assert answer.abstained is abstained and needed in answer.answer.replace("，", ","), answer.answer


@pytest.mark.parametrize(("question", "needed", "absent"), [
    # One thing's price: the item's budget over the count its line gives, computed and shown as such.
    ("潜水艦って1隻つくるのにいくら？", ["８０８億円", "1隻あたり", "約808億円"], []),
    ("固定翼哨戒機P-1は1機あたりいくら？", ["９１４億円", "3機", "約304.7億円", "÷3"], []),
    ("How much does one P-1 patrol aircraft cost?", ["約304.7億円"], []),
    ("20式小銃って1丁いくら？", ["8,577丁", "約38.5万円"], []),
    # Counts of named items added, not their budgets.
    ("護衛艦と哨戒艦と潜水艦、あわせて何隻つくる予定？", ["7隻", "・護衛艦の建造：2隻"], ["億円を"]),
    ("F-35AとF-35B、合わせて何機？", ["16機"], []),
])
def test_one_things_price_and_counts_added_are_computed_from_the_items_budget_lines(mod_service, question, needed,
                                                                                     absent):
    answer = mod_service.ask(question)
    assert not answer.abstained
    assert all(n in answer.answer for n in needed), answer.answer
    assert not any(a in answer.answer for a in absent), answer.answer
    assert answer.citations and answer.citations[0].section == "予算額"


def test_a_price_of_one_asked_of_an_item_that_counts_none_is_said_missing(mod_service):
    """「スタンド・オフ電子戦機の開発は1機いくら？」: the line gives the development's budget and no count, so no price of
    one; the answer says so and shows the budget line as related (it answered with the budget until round 16)."""
    answer = mod_service.ask("スタンド・オフ電子戦機の開発は1機いくら？")
    assert answer.abstained and "1機あたりの額の記載がありません" in answer.answer, answer.answer
    assert answer.related and "８３億円" in answer.related[0].quote
