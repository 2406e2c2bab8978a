"""Kinds found in the session of 2026-12-06 on round 24's sets (tuning data, `tests/fixtures/scored-2026-12-06-s27`),
each answered by a general mechanism: 「どこが担当？」 asks the office that runs a program (「どこが担うの？」 asks who
carries it out), 「何にお金を使うの？」 what the money is spent on, 「予算額がゼロ」 is a condition on budgets, and a
percentage of a target (「温室効果ガス46%削減」) is no subsidy rate, and a total line named whole answers its figure."""

from __future__ import annotations

import pytest

from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def review_sample(corpus_service):
    """Rows of the real national review that the questions below name, among others of the same ministries."""
    names = ("赤潮による養殖被害緊急総合対策", "米国建国250周年関係費", "クリーンエネルギー自動車導入促進補助金")
    rows = review_rows(lambda row: row["projectName"] in names or row["ministry"] in ("防衛省", "水産庁"))
    zero = [r for r in rows if r["projectName"] not in names and r["ministry"] == "防衛省"
            and r["budgetAmount_yen"] in ("0", "")][:5]
    other = [r for r in rows if r["projectName"] not in names and r not in zero][:40]
    rows = [r for r in rows if r["projectName"] in names] + zero + other
    return corpus_service("review24", {"sample.csv": review_csv(rows), "sample.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # 「どこが担当？」 asks the office (増殖推進部 漁場資源課), not who carries the program out in its text
    (["赤潮で養殖の魚が死ぬ被害の対策事業って、水産庁のどこが担当？"], "漁場資源課", "について、資料には次のように"),
    # 「何にお金を使うの？」 asks what the money is spent on, not how much (its title ends in 費って)
    (["米国建国250周年関係費って、何にお金を使うの？"], "桜の苗木", "予算額（令和6年度）は"),
    # 「予算額がゼロ」: the programs at 0円 among those counted before
    (["このリストに防衛省の事業って何件入ってる？", "そのうち予算額がゼロになってるのは？"], "予算額が0円の事業は5件", "事業は45件"),
    # a reduction target's percentage is no subsidy rate: the cap is said missing, no rate made up
    (["Under the Clean Energy Vehicle subsidy, what is the maximum amount paid per electric car?"], "記載がありません",
     "補助率は46%"),
])
def test_review_rows_answer_what_their_question_asks(review_sample, chat, questions, expected, absent):
    answer = chat(review_sample, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # an area's total line named whole is that line's figure, not a program sharing its words (スタンド・オフ電子戦機)
    ("スタンド・オフ防衛能力の予算はざっくりいくら？", "１兆４，２０７億円", "電子戦機"),
])
def test_a_total_line_named_whole_answers_its_figure(mod_service, question, expected, absent):
    answer = mod_service.ask(question).answer
    assert expected in answer and absent not in answer, answer


@pytest.fixture(scope="module")
def records(corpus_service):
    """The PoliInfo-3 budget records of four governments in one corpus, read through round 24's mappings (as the
    round's writer saw them)."""
    mappings = sorted((FIXTURES / "scored-2026-12-06-s27" / "recs28").glob("*.mapping.toml"))
    split = FIXTURES / "records" / "poliinfo3-split"
    return corpus_service("records24", {**{m.name: m for m in mappings},
                                        **{m.name.removesuffix(".mapping.toml"): split / m.name.removesuffix(".mapping.toml")
                                           for m in mappings}})


@pytest.mark.parametrize(("question", "expected"), [
    # a heading that is a program of its own, its parts listed under it: 「総額」 is its own figure (the parts listed
    # are only some of it)…
    ("茨城県の令和2年度の公共事業、総額でいくら？", "127,419,000"),
    # …and 「全部足すと」 adds the parts listed
    ("茨城県の令和2年度の公共事業を全部足すといくら？", "127,687,000"),
])
def test_a_whole_and_the_sum_of_its_listed_parts_are_told_apart(records, question, expected):
    answer = records.ask(question).answer
    assert expected in answer, answer


def test_a_follow_up_on_another_program_counts_in_the_counter_asked_before(seed_service, chat):
    # 「産業データ共有の方は？」 after 「…連携を何件つくるって？」: that program's count in 件, not 「数量の記載がありません」
    answer = chat(seed_service, ["AIシステムの方の成果目標、連携を何件つくるって？", "産業データ共有の方は？"])
    assert "20件" in answer, answer
