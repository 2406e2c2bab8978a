"""Kinds found in the session of 2026-12-06 (round 21: a newcomer's trial and round 20's sets as tuning data), each
answered by a general mechanism. An abstention offers the nearest program as 「近い内容の事業」 only when the question's most telling word stands in it:
a question about something the documents do not hold (daycare waiting lists, garbage collection) is not told that a
nuclear decommissioning program is near it because both say 対策. The kind of budget a question names picks a program of
that kind; a ministry typed in kana (「防衛しょう」) is named by its reading."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from qa.answer import Turn
from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows
from tests.conftest import FIXTURES, ROOT

NEAREST = "近い内容の事業"


@pytest.mark.parametrize(("question", "offered"), [
    ("うちの町の保育園の待機児童対策の予算は？", False),
    ("ゴミ収集の日はいつですか", False),
    ("令和7年度の防衛費は？", False),  # a year the document does not cover, of nothing it holds
    ("令和7年度のIT導入補助金の予算は？", True),  # the year is not covered; the program asked is there
])
def test_the_nearest_program_is_offered_only_when_the_question_is_near_it(seed_service, question, offered):
    answer = seed_service.ask(question)
    assert answer.abstained
    assert (NEAREST in answer.answer) is offered, answer.answer


def test_a_thing_no_program_states_is_said_missing_as_asked_without_naming_an_unrelated_program(seed_service):
    answer = seed_service.ask("介護保険料はいくらになりますか？")
    assert answer.abstained and "「介護保険料」" in answer.answer, answer.answer
    assert "IT導入" not in answer.answer


@pytest.fixture(scope="module")
def supplementary_beside_initial(corpus_service):
    """厚生労働省's 第二次補正予算 records beside 福岡市's 当初予算 records, both read through their mappings."""
    real, examples = FIXTURES / "real", ROOT / "corpus" / "examples"
    return corpus_service("kinds", {
        "mhlw-r02-hosei2.json": real / "mhlw-r02-hosei2.json",
        "mhlw-r02-hosei2.json.mapping.toml": examples / "mhlw-r02-hosei2.mapping.toml",
        "fukuoka-r02-juyoshisaku.json": real / "fukuoka-r02-juyoshisaku.json",
        "fukuoka-r02-juyoshisaku.json.mapping.toml": examples / "fukuoka-r02-juyoshisaku.mapping.toml"})


@pytest.mark.parametrize(("question", "expected"), [
    # the kind of budget named picks the program of that kind among those retrieved
    ("ひとり親の家庭に臨時の給付金が出るって聞いたんですが、二次補正でいくら計上されてますか？", "１，３６５億円"),
])
def test_the_kind_of_budget_a_question_names_picks_a_program_of_that_kind(supplementary_beside_initial, question,
                                                                          expected):
    answer = supplementary_beside_initial.ask(question)
    assert expected in answer.answer, answer.answer


@pytest.fixture(scope="module")
def two_agencies(corpus_service):
    """The real national review's rows of 消費者庁 and 原子力規制委員会."""
    rows = review_rows(lambda r: r["ministry"] in ("消費者庁", "原子力規制委員会"))
    return corpus_service("agencies21", {"rs-agencies.csv": review_csv(rows),
                                         "rs-agencies.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "ministry"), [
    ("しょうひしゃちょうの事業はいくつ？", "消費者庁"),
    ("原子力きせい委員会の事業はいくつある？", "原子力規制委員会"),
])
def test_a_ministry_typed_in_kana_is_named_by_its_reading(two_agencies, question, ministry):
    answer = two_agencies.ask(question)
    assert f"{len(review_rows(lambda r: r['ministry'] == ministry))}件" in answer.answer, answer.answer
    assert ministry in answer.answer


def test_a_follow_up_pointing_with_its_noun_stays_on_the_program_shown(seed_service):
    # 「その事業」 points at the program the last answer showed: 事業 names no other, 国全体 adds nothing up
    history: list[Turn] = []
    for question in ("レジとか会計ソフトを新しくしたいんだけど、国が補助してくれる事業はどれ？",
                     "それって1社いくらまで補助してもらえる？"):
        answer = seed_service.ask(question, history=list(history))
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    answer = seed_service.ask("その事業、国全体の予算だとどれくらい用意されてるの？", history=history)
    assert "サービス等生産性向上IT導入支援事業費" in answer.answer and "500.0億円" in answer.answer, answer.answer


@pytest.fixture(scope="module")
def three_publishers(corpus_service):
    """Round 20's three fictional documents: a city council's Q&A summary, a prefecture's 調書, a town's guide."""
    folder = FIXTURES / "scored-2026-12-06-s23" / "layouts24"
    return corpus_service("publishers21", {p.name: p for p in folder.glob("*.txt")})


@pytest.mark.parametrize(("question", "said", "abstained"), [
    # the town's guide states its whole budget
    ("霧ヶ丘町の来年度の予算っていくら？", "68億4,000万円", False),
    # the prefecture's 調書 states none: its commitments' sum is not the prefecture's budget
    ("北嶺県の予算はいくら？", "北嶺県の総額は記載されていません", True),
])
def test_a_publishers_whole_budget_is_its_documents_stated_total_or_said_missing(three_publishers, question, said,
                                                                                abstained):
    answer = three_publishers.ask(question)
    assert said in answer.answer and answer.abstained is abstained, answer.answer


@pytest.mark.parametrize(("question", "said", "abstained"), [
    ("令和4年度はF-35Aを何機買ってたの？", "令和4年度についての記載はありません", True),  # a year before the budget's
    ("F-35Aは何機買うの？", "8機", False),
])
def test_a_count_asked_of_a_year_before_the_budgets_is_no_figure_of_it(mod_service, question, said, abstained):
    answer = mod_service.ask(question)
    assert said in answer.answer and answer.abstained is abstained, answer.answer


def test_a_share_of_the_budget_used_asked_after_the_execution_is_computed_from_both(two_agencies):
    row = next(r for r in review_rows(lambda r: r["ministry"] == "消費者庁")
               if int(r["budgetAmount_yen"] or 0) > 0 and 0 < int(r.get("execAmount_yen") or 0) < int(r["budgetAmount_yen"]))
    history: list[Turn] = []
    question = f"{row['projectName']}、実際に使われた額（執行額）は？"
    answer = two_agencies.ask(question)
    history += [Turn("user", question), Turn("assistant", answer.answer)]
    answer = two_agencies.ask("予算に対して何％くらいしか使われてないの？", history=history)
    rate = Decimal(int(row["execAmount_yen"]) * 100) / Decimal(int(row["budgetAmount_yen"]))
    assert f"{rate.quantize(Decimal('0.1'), ROUND_HALF_UP)}%" in answer.answer, answer.answer


def test_a_follow_up_comparing_with_one_named_program_compares_it_with_the_one_shown(two_agencies):
    rows = sorted((r for r in review_rows(lambda r: r["ministry"] == "原子力規制委員会") if int(r["budgetAmount_yen"] or 0)),
                  key=lambda r: -int(r["budgetAmount_yen"]))
    first, second = rows[0], rows[1]
    question = f"{first['projectName']}の予算額はいくら？"
    answer = two_agencies.ask(question)
    history = [Turn("user", question), Turn("assistant", answer.answer)]
    answer = two_agencies.ask(f"{second['projectName']}と比べると、どっちがどれだけ多い？", history=history)
    difference = int(first["budgetAmount_yen"]) - int(second["budgetAmount_yen"])
    assert f"{difference:,}円" in answer.answer, answer.answer


def test_a_sum_of_the_programs_a_question_counts_adds_that_many(mod_service):
    # 「この3つ」: the three named (JSM 347, JASSM 127, トマホーク 2,113億円), not a fourth whose title the expansion adds
    answer = mod_service.ask("JSM、JASSM、トマホーク、この3つのミサイル取得費を足すといくら？")
    assert "2,587億円" in answer.answer and "国内製造態勢" not in answer.answer, answer.answer


@pytest.fixture(scope="module")
def otaru(corpus_service):
    """小樽市's 主要事業 records (two years), read through round 21's mapping."""
    return corpus_service("otaru21", {
        "otaru-h31-r02-shuyojigyo.json": FIXTURES / "records" / "poliinfo3-split" / "otaru-h31-r02-shuyojigyo.json",
        "otaru-h31-r02-shuyojigyo.json.mapping.toml":
            FIXTURES / "scored-2026-12-06-s24" / "recs25" / "otaru-h31-r02-shuyojigyo.json.mapping.toml"})


def test_which_department_asked_broadly_is_answered_by_the_office_below_the_city(otaru):
    # 「何部の事業？」 of a record naming 「小樽市 保健所」: the office answers, no 部 being written
    answer = otaru.ask("小樽の子育て世代包括支援センターの整備は何部の事業？")
    assert not answer.abstained and "保健所" in answer.answer, answer.answer


def _spent(ministry: str) -> list[tuple[str, int]]:
    """(title, 執行額 in yen) of a ministry's review rows that state one, in the table's order."""
    return [(r["projectName"], int(r["execAmount_yen"])) for r in review_rows(lambda r: r["ministry"] == ministry)
            if r["execAmount_yen"].strip()]


def test_a_named_column_is_added_up_over_the_filtered_programs(two_agencies):
    # 「執行額を合計すると」 adds the 執行額 cells, not the budgets
    spent = _spent("消費者庁")
    answer = two_agencies.ask("消費者庁の事業の執行額を合計するといくら？")
    assert f"{sum(y for _, y in spent):,}円" in answer.answer and "執行額を足すと" in answer.answer, answer.answer
    assert f"{len(spent)}件" in answer.answer and len(answer.citations) == min(len(spent), 30)


@pytest.mark.parametrize(("question", "rank", "descending"), [
    ("原子力規制委員会の事業で執行額が2番目に大きいのは？", 2, True),
    ("原子力規制委員会の事業で執行額が一番大きいのは？", 1, True),
    ("原子力規制委員会の事業で、執行額が3番目に少ないのはどれ？", 3, False),
])
def test_programs_are_ranked_by_a_named_column_at_the_rank_asked(two_agencies, question, rank, descending):
    ordered = sorted(_spent("原子力規制委員会"), key=lambda r: -r[1] if descending else r[1])
    title, yen = ordered[rank - 1]
    answer = two_agencies.ask(question)
    assert answer.answer.startswith(f"執行額が{'最も' if rank == 1 else f'{rank}番目に'}"), answer.answer
    assert title in answer.answer and f"{yen:,}" in answer.answer, answer.answer


def test_a_sum_of_budgets_is_not_read_from_a_named_column(two_agencies):
    rows = review_rows(lambda r: r["ministry"] == "消費者庁")
    answer = two_agencies.ask("消費者庁の事業の予算額を合計するといくら？")
    assert f"{sum(int(r['budgetAmount_yen']) for r in rows):,}円" in answer.answer, answer.answer


@pytest.fixture(scope="module")
def subsidy_list(corpus_service):
    """Round 21's prefecture's 補助金等一覧表: a framed table grouped by 部 and 課, no office column."""
    path = FIXTURES / "scored-2026-12-06-s24" / "layouts25" / "senami_r10_hojokin.txt"
    return corpus_service("subsidies22", {path.name: path})


@pytest.mark.parametrize(("question", "expected", "not_expected"), [
    # a department typed in kana is named by its reading, as a ministry is
    ("のうりんすいさん部の補助金で2番目に予算が多いのは？", "森林環境保全整備事業費補助金", "子ども医療費助成"),
    ("しょうこうろうどう部の補助金で一番大きいのは？", "中小企業設備高度化支援補助金", "私立高等学校"),
])
def test_a_department_typed_in_kana_is_named_by_its_reading(subsidy_list, question, expected, not_expected):
    answer = subsidy_list.ask(question)
    assert expected in answer.answer and not_expected not in answer.answer, answer.answer


@pytest.fixture(scope="module")
def evaluation_sheets(corpus_service):
    """Two towns' evaluation sheets: 今後の方向性 as checked options (「■拡充　□継続」), 評価 as a grade and a comment."""
    sheets = FIXTURES / "scored-2026-12-06-s21" / "layouts22" / "shiomidai_r9_jimujigyo_hyoka_sheet.txt"
    strategy = FIXTURES / "scored-2026-12-06-s24" / "layouts25" / "mizuhata_r10_senryaku.txt"
    return corpus_service("sheets22", {sheets.name: sheets, strategy.name: strategy})


@pytest.mark.parametrize(("question", "count", "listed"), [
    # the option checked among the cell's options (the writers of both sets counted 4)
    ("今後の方向性が「拡充」になってる事業は何件ある？", 4, "放課後児童クラブ運営事業"),
    # the grade the cell opens with
    ("評価がCだった事業はいくつ？", 4, "鳥獣被害対策事業"),
])
def test_programs_are_counted_by_the_value_a_named_cell_holds(evaluation_sheets, question, count, listed):
    answer = evaluation_sheets.ask(question)
    assert f"{count}件" in answer.answer and listed in answer.answer, answer.answer
    assert len(answer.citations) == count


@pytest.mark.parametrize(("question", "expected"), [
    # a department mistyped by its sound (曲 for 局), beside the publisher written as it is
    ("福岡市の令和2年度、消防曲の施策を全部足すといくら？", "1,970,908千円"),
    ("福岡市のしょうぼう局の施策を全部足すといくら？", "1,970,908千円"),
])
def test_a_department_mistyped_by_its_sound_is_named_by_its_reading(supplementary_beside_initial, question, expected):
    answer = supplementary_beside_initial.ask(question)
    assert expected in answer.answer and "消防局" in answer.answer, answer.answer


def test_what_was_spent_of_the_budget_is_the_spent_figure_not_a_share_named_in_fact(two_agencies):
    # 「予算のうち実際に使われたのは」 asks the 執行額, not a part of the budget called 「実際」
    title, spent = next((t, y) for t, y in _spent("消費者庁") if y > 0)
    answer = two_agencies.ask(f"{title}って、予算のうち実際に使われたのはいくら？")
    assert f"{spent:,}円" in answer.answer and "配分額" not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "both"), [
    ("介護人材確保対策事業費補助金、当該年度はいくらで、前年度はいくらだった？", True),
    ("How much is the 介護人材確保対策事業費補助金 this year, and how much was it the year before?", True),
    ("介護人材確保対策事業費補助金の前年度の予算はいくら？", False),
])
def test_this_years_and_last_years_figures_are_both_given_when_both_are_asked(subsidy_list, question, both):
    answer = subsidy_list.ask(question)
    assert "36,000" in answer.answer, answer.answer  # last year's (千円), asked either way
    assert ("45,000" in answer.answer) is both, answer.answer


@pytest.fixture(scope="module")
def round22_documents(corpus_service):
    """Round 22's three fictional documents: a town's 予算に関する説明書, a city's facility plan, a committee's report."""
    folder = FIXTURES / "scored-2026-12-06-s25" / "layouts26"
    return corpus_service("round22", {p.name: p for p in folder.glob("*.txt")})


@pytest.mark.parametrize(("question", "phone"), [
    ("北水沢町の予算説明書の中身について聞きたいんだけど、問い合わせ先はどこ？", "0198-00-2141"),
    ("この改修事業一覧について全体的なことを聞きたい。連絡先は？", "0267-00-3150"),
    ("この審査報告書について問い合わせたいんだけど、電話番号は？", "0859-00-4412"),
])
def test_the_contact_of_the_document_a_question_names_is_its_own(round22_documents, question, phone):
    answer = round22_documents.ask(question)
    assert phone in answer.answer and not answer.abstained, answer.answer


@pytest.fixture(scope="module")
def town_papers(corpus_service):
    """A newcomer's two town papers: a 補助金等一覧表 whose cells are not aligned and wrap, grouped by 【部】 and ＜課＞
    lines, and 事務事業評価シート of 「label：value」 lines (評価 grades, 今後の方向性 as ■/□ boxes)."""
    folder = FIXTURES / "newuser27"
    return corpus_service("town27", {p.name: p for p in folder.glob("*.txt")})


@pytest.mark.parametrize(("question", "said"), [
    ("補助金等一覧表の問い合わせ先は？", "0299-55-1234"),  # the paper's own contact line, not a program's office
    ("方向性が縮小の事業は？", "2件"),  # the cell named by its head noun (今後の方向性), the checked box read
    ("観光協会運営支援事業の評価は？", "B(概ね順調)"),  # a grade, a short value with no figure
    ("地域公共交通維持事業の令和6年度予算は？", "17,900千円"),  # the budget, not the settled figure before it
    ("さんぎょうしんこうぶの補助金は？", "6件"),
    ("商工観光課の補助金の予算を合わせると？", "22,300千円"),
    ("移住定住促進住宅取得支援補助金の上限は？", "100万円"),  # a cap wrapped onto the row's second line
    ("評価がBの事業はいくつ？", "3件"),
])
def test_a_town_papers_cells_headings_and_contact_answer(town_papers, question, said):
    answer = town_papers.ask(question)
    assert said in answer.answer and not answer.abstained, answer.answer


def test_a_sum_that_agrees_with_the_stated_total_is_not_said_to_differ(town_papers):
    answer = town_papers.ask("補助金の予算は全部で？")
    assert "112,400千円" in answer.answer and "一致しません" not in answer.answer, answer.answer


@pytest.fixture(scope="module")
def round21_documents(corpus_service):
    """Round 21's three fictional documents: slides, a 補助金等一覧表, a 総合戦略 list of sheets (…評価シート一覧)."""
    folder = FIXTURES / "scored-2026-12-06-s24" / "layouts25"
    return corpus_service("round21", {p.name: p for p in folder.glob("*.txt")})


def test_a_document_is_named_by_a_run_of_its_titles_characters(round21_documents):
    # 「補助金等一覧」 of 「…補助金等一覧表」 beside 「…評価シート一覧」: that paper's own total, not all three added
    answer = round21_documents.ask("補助金等一覧の当該年度予算額の合計はいくらですか")
    assert "13,600,900千円" in answer.answer, answer.answer


def test_the_organisation_named_names_no_heading_of_its_words(round22_documents):
    # 子育て支援課 is an office; the facility plan's heading 「(2)子育て支援施設」 is not asked
    answer = round22_documents.ask("子育て支援課が担当してる事業って全部でいくつある？")
    assert answer.answer.startswith("子育て支援課の事業は") and "施設」" not in answer.answer, answer.answer


def test_the_same_word_after_each_compared_part_is_said_of_each(seed_service):
    # 「省エネの補助と事業承継の補助」: two programs (省エネ, 事業承継), each 「の補助」; not 省エネ's 補助 and 事業承継 (newcomer)
    answer = seed_service.ask("省エネの補助と事業承継の補助、どっちの予算が多い？")
    assert answer.answer.startswith("省エネルギー設備") and "78.0億円" in answer.answer and "50.0億円" in answer.answer, \
        answer.answer
