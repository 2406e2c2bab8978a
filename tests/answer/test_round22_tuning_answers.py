"""Kinds found in the session of 2026-12-06 on rounds 20–22's sets (tuning data), each answered by a general mechanism:
a follow-up keeps the figure asked before only when it asks no thing of its own, a comparison's later year is the one a
follow-up asks of, which-program questions ask no attribute their description uses, parts listed before 「3つ合計」
are each summed, 「それって…」 stays on the program shown, a named 執行額 is set against the budget, a department is
read from the office headings above a row, and a paper's own contact is the block that gives a phone."""

from __future__ import annotations

import pytest

from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows
from tests.conftest import FIXTURES, ROOT

LAYOUTS26 = FIXTURES / "scored-2026-12-06-s25" / "layouts26"
LAYOUTS25 = FIXTURES / "scored-2026-12-06-s24" / "layouts25"
LAYOUTS24 = FIXTURES / "scored-2026-12-06-s23" / "layouts24"
LAYOUTS27 = FIXTURES / "scored-2026-12-06-s26" / "layouts27"


@pytest.fixture(scope="module")
def town_papers(corpus_service):
    """A town's ledger, a city's facility-renewal plan and a prefectural committee's report (round 22's documents)."""
    return corpus_service("layouts26", {p.name: p for p in LAYOUTS26.glob("*.txt")})


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # a plan's row whose amount is the 計 of its year columns: the project's whole cost
    (["鷺ノ原第一小の長寿命化改修、全体でいくらかかる見込み？"], "950.6", "記載がありません"),
    # what becomes of a thing the follow-up names (授業) is asked, not the whole cost asked before
    (["鷺ノ原第一小の長寿命化改修、全体でいくらかかる見込み？", "その工事のあいだ、子どもたちの授業はどうなるの？"], "仮設校舎",
     "総事業費"),
    # 何橋分 counts 橋; 何キロ counts a distance written in km
    (["町の橋の定期点検、何橋分やる予定？"], "34橋", "記載がありません"),
    (["水道の基幹管路の耐震化、5年で何キロやるの？"], "6.8km", "記載がありません"),
])
def test_figures_and_follow_ups_of_a_plan_and_a_ledger(town_papers, chat, questions, expected, absent):
    answer = chat(town_papers, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize(("questions", "expected"), [
    # the parts listed before 「3つ合計」 are each summed (the count said after them is no part)
    (["JSM、JASSM、トマホークのミサイル本体の取得費、3つ合計すると何億円になりますか"], "2,587億円"),
    # variants of one model named by their letters after it (「F-35、AとB」)
    (["今年度の戦闘機F-35、AとB合わせて何機買うの？"], "16機"),
    # a sum after a sum adds every program the last answer showed, not the first two
    (["護衛艦、哨戒艦、潜水艦の建造、合わせて何隻？", "建造費の合計は？"], "2,332億円"),
    # 「それって…」 asks about the program shown, however many other words (自衛隊) it says
    (["令和5年度の予算で、トマホークの取得にはいくら付いていますか？", "それって自衛隊のどの艦から撃つ想定なんでしょう？"],
     "トマホークの取得"),
])
def test_parts_and_pointers_of_a_national_summary(mod_service, chat, questions, expected):
    assert expected in chat(mod_service, questions)


@pytest.fixture(scope="module")
def review_sample(corpus_service):
    """Rows of the real national review that the questions below name, among others of the same ministries."""
    names = ("気候変動枠組条約締約国会議に係る経費", "国内広報", "高等学校卒業程度認定試験等",
             "中小企業等知的財産支援地域連携促進事業", "博士後期課程学生の処遇向上と研究環境確保")
    # (外務省's rows with no budget and forty others: enough for its filters, small enough to build in seconds)
    rows = review_rows(lambda row: row["projectName"] in names or row["ministry"] == "外務省")
    zero = [r for r in rows if r["projectName"] not in names and r["budgetAmount_yen"] in ("0", "")]
    other = [r for r in rows if r["projectName"] not in names and r not in zero][:40]
    rows = [r for r in rows if r["projectName"] in names] + zero[:20] + other
    return corpus_service("review22", {"sample.csv": review_csv(rows), "sample.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "expected", "abstains"), [
    # an acronym inside Japanese (「外務省のCOP参加」) is glossed; 「いくらオーバー」 is 執行額 minus 予算額
    ("外務省のCOP参加の経費、執行額が予算を上回ってるよね。いくらオーバーしてる？", "9,189,000円", False),
    # 「差額も知りたい」 after the comparison is part of it
    ("外務省の国内広報、予算額と執行額ではどっちが多い？差額も知りたい", "9,440,000円", False),
    # what is received, asked by its kind, is no sum
    ("高認に受かったら何の資格がもらえるの？", "大学入学資格", False),
    # whether a program of a description exists: the program, not an attribute its description uses (国から, 補助)
    ("地元の産業支援機関が中小企業の知財支援をやる取組に、国から補助が出る事業ってありますか？", "中小企業等知的財産支援地域連携促進事業",
     False),
    # "how much is the monthly allowance" asks what one receives; the row states none
    ("How much is the monthly living allowance for a doctoral student in the SPRING program?", "1件あたり", True),
])
def test_review_rows_answer_what_their_question_asks(review_sample, question, expected, abstains):
    answer = review_sample.ask(question)
    assert expected in answer.answer and answer.abstained is abstains, answer.answer


@pytest.fixture(scope="module")
def three_offices(corpus_service):
    """A prefecture's 調書, a town's guide and a city council's digest (round 20's documents)."""
    return corpus_service("offices", {p.name: p for p in LAYOUTS24.glob("*.txt")})


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # 役場 is the town's office: the town's paper, its contact block with a phone (not its 「発行：」 line)
    ("予算のことを役場に電話で聞きたいんだけど、番号は？", "0268-72-3111", "0463-58-2210"),
    # a paper named by its subtitle (「質疑応答要旨」 under the committee's name)
    ("この質疑応答要旨について問い合わせたいときの電話番号は？", "0463-58-2210", "0268-72-3111"),
])
def test_a_paper_named_by_its_office_or_subtitle_gives_its_own_contact(three_offices, question, expected, absent):
    answer = three_offices.ask(question).answer
    assert expected in answer and absent not in answer, answer


def test_a_department_is_read_from_the_office_headings_above_a_row(corpus_service):
    service = corpus_service("grants", {"senami_r10_hojokin.txt": LAYOUTS25 / "senami_r10_hojokin.txt"})
    answer = service.ask("中山間地域等直接支払交付金を所管しているのはどこの課？")
    assert "農林水産部 農業振興課" in answer.answer and not answer.abstained, answer.answer
    assert {c.section for c in answer.citations} == {"部局"}


@pytest.fixture(scope="module")
def two_years(corpus_service):
    """福岡市's 重要施策 of 平成31年度 and 令和2年度 (three bureaus), read through their mapping."""
    real = FIXTURES / "real"
    return corpus_service("two-years", {
        "fukuoka-h31-r02-three-bureaus.json": real / "fukuoka-h31-r02-three-bureaus.json",
        "fukuoka-h31-r02-three-bureaus.json.mapping.toml": real / "fukuoka-h31-r02-three-bureaus.json.mapping.toml"})


def test_a_follow_up_after_a_comparison_of_two_years_asks_of_the_later_year(two_years, chat):
    answer = chat(two_years, ["七隈線延伸の予算、令和2年度は平成31年度からいくら増えた？", "で、開業はいつを目指してるの？"])
    assert "令和4年度" in answer and "令和2年度" in answer, answer


def test_a_part_inside_a_program_asked_alone_is_said_unpriced(seed_service):
    answer = seed_service.ask("インバウンド型クールジャパンの中の万博誘致事業、それ単独の予算額はいくらですか？")
    assert answer.abstained and "万博誘致事業" in answer.answer and "58.5億円" in answer.answer, answer.answer


@pytest.fixture(scope="module")
def supplementary(corpus_service):
    """厚生労働省's 第二次補正予算 records, read through the mapping the repository ships."""
    return corpus_service("hosei2", {
        "mhlw-r02-hosei2.json": FIXTURES / "real" / "mhlw-r02-hosei2.json",
        "mhlw-r02-hosei2.json.mapping.toml": ROOT / "corpus" / "examples" / "mhlw-r02-hosei2.mapping.toml"})


@pytest.mark.parametrize(("questions", "expected"), [
    (["今回の厚労省の二次補正で、一番金額がデカい項目ってどれ？", "その次に大きいのは？"], "2番目"),
    (["今回の厚労省の二次補正で、一番金額がデカい項目ってどれ？", "その次に大きいのは？", "その次は？"], "3番目"),
])
def test_the_next_rank_after_a_ranking_is_the_rank_after_the_one_shown(supplementary, chat, questions, expected):
    assert expected in chat(supplementary, questions)


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # an entry set off by a lone 「○」 under a priced item is its own passage: トマホーク's text is its own sentence
    (["トマホーク取得の計上額を教えてください", "それはどの艦から撃つ想定？"], "イージス艦", "１２式"),
    # an unpriced entry is found and quoted under its own name
    (["防衛駐在官を増やすのはどこの国？"], "英国及びウクライナ", "協調制御"),
    # an item priced on one line, described no further: that line is what the document says of it
    (["大きな港がない島に部隊や物資を揚げるための研究ってありますか？"], "揚陸支援システムの研究", "記載が見つかりません"),
    # last year's figure computed from a sentence the conversation quoted two turns ago
    (["授業で使いたいんですが、令和5年度の防衛費は整備計画の対象経費で全部でいくらですか？",
      "それって前の年度より何％増えたことになりますか？", "じゃあ前年度の額は計算するといくらだったことになります？"], "5兆1,788億円", "記載が見つかりません"),
])
def test_entries_and_prose_of_a_national_summary(mod_service, chat, questions, expected, absent):
    answer = chat(mod_service, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize(("question", "expected"), [
    ("外務省の事業のうち、予算額が0円じゃないのはいくつ？", "0円のものを除く"),  # 「0円じゃない」 leaves 0円 out
    ("このデータ全体で、予算額の合計はいくらになりますか。", "を足すと"),  # 「データ」 points at the table itself
])
def test_conditions_and_sums_said_loosely_over_a_table(review_sample, question, expected):
    answer = review_sample.ask(question)
    assert expected in answer.answer and not answer.abstained, answer.answer


def test_two_programs_are_compared_by_the_column_the_question_names(corpus_service):
    service = corpus_service("sousei", {"shinonomedai_r08_sousei.txt": LAYOUTS27 / "shinonomedai_r08_sousei.txt"})
    answer = service.ask("観光DXとサテライトオフィス誘致、交付金の充当額はどっちが多くて差はいくら？")
    assert "4,300千円" in answer.answer and len(answer.citations) == 2, answer.answer


def test_the_year_before_named_and_then_the_change_across_the_conversation(two_years, chat):
    asked = ["七隈線延伸の予算、令和2年度はいくら？", "前の年度（平成31年度）はいくらだった？"]
    assert "記載されていません" not in chat(two_years, asked)
    assert "11,000千円" in chat(two_years, [*asked, "何円ふえたことになる？"])


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # an amount asked for a case (「100歳だと」) is the figure the text gives it, not the program's budget
    (["敬老祝金って誰がもらえるようになるの？", "100歳だといくら？"], "50,000円", "予算額は"),
    # 「…全体について問い合わせる」: the paper's own contact
    (["見直し全体について問い合わせる電話番号は？"], "0164-52-3119", "記載が見つかりません"),
])
def test_a_case_s_amount_and_the_whole_paper_s_contact(corpus_service, chat, questions, expected, absent):
    service = corpus_service("review", {"kitasegawa_r08_minaoshi.txt": LAYOUTS27 / "kitasegawa_r08_minaoshi.txt"})
    answer = chat(service, questions)
    assert expected in answer and absent not in answer, answer


def test_a_count_in_applications_answers_companies_but_not_the_other_way(seed_service):
    answer = seed_service.ask("ものづくり補助金、今回の採択予定件数は何件と書いてありますか。").answer
    assert "3社" not in answer, answer


def test_a_sum_said_by_kei_adds_the_parts_named(seed_service):
    answer = seed_service.ask("AI関連、共同開発とチップの2事業で計いくら？").answer
    assert "41.0億円" in answer, answer
