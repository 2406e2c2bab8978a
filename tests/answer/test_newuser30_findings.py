"""A newcomer's trial with a town's own papers (`tests/fixtures/newuser30`: a 当初予算の概要 whose programs each close
with a 「担当：…（内線…）」 line, and a Shift_JIS 主要事業一覧 CSV listing 13 of them again): each finding answered by a
general mechanism (REPORT.md beside the papers)."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

PAPERS = FIXTURES / "newuser30"


@pytest.fixture(scope="module")
def town(corpus_service):
    return corpus_service("narumisawa", {p.name: p for p in PAPERS.iterdir() if p.suffix in (".txt", ".csv")})


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # each program's own 担当 line (every program had the first program's: 子育て支援課 内線213)
    (["学校給食の担当課の内線番号は？"], "412", "内線213"),
    (["ぼうさいむせんの担当は？"], "防災係", "子育て支援"),
    # a program named by a word of its name after another program's turn is that program, though both papers list it
    (["除雪の予算は？", "補聴器の助成はいくらまで？"], "3万円", "除雪対策事業の1件あたり"),
    (["学校給食の予算は？", "デマンドタクシーの運賃は？"], "1回300円", "学校給食費無償化事業の料金"),
    # a rider's fare asked as 「タクシー代」, for the case named (「中学生以下・75歳以上は150円」)
    (["75歳だとタクシー代はいくら？"], "150円", "予算額は31,800千円"),
    # a kind of source named in everyday words, of the 歳入 table's line of that kind
    (["町の借金はいくら？"], "528,000千円", "記載がありません"),
    # a program an answer named only to say the papers lack what was asked is no topic to lean on
    (["町長の給料はいくら？", "プール建設の予算は？"], "見つかりませんでした", "124,000千円"),
    # …while a question pointing back still does
    (["除雪対策事業の補助率は？", "じゃあ予算は？"], "88,500千円", "見つかりませんでした"),
    # a section of the CSV named as the 概要 names it (「【重点１】子育て・教育 ～…～」 and 「１　子育て・教育」), and its
    # 小計 row named by the section it closes (four rows titled 「小計」 had named none)
    (["子育て・教育の分野は全部で？"], "595,250千円です（5件）", "412,300千円です（1件）"),
    (["子育て・教育の小計は？"], "595,250千円", "307,500"),
    # a stated total the listed items do not make up: our sum in one line, not its list of programs and papers
    (["全部の会計を合わせると？"], "10,650,900千円", "資料ごと"),
    # an office's programs added (the CSV's 合計 row is no program of 建設課)
    (["建設課の事業の予算の合計は？"], "212,500千円", "1,324,900"),
])
def test_a_town_s_two_papers_answer_as_written(town, chat, questions, expected, absent):
    answer = chat(town, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize("question", [
    "令和9年度の予算は？", "町長の給料はいくら？", "ふるさと納税の予算は？", "あ" * 300, "除雪対策事業の担当は？",
])
def test_every_excerpt_stands_in_the_program_it_is_filed_under(town, question):
    """A program both papers list: an excerpt found in the CSV's row, moved to the 概要's copy that stands, had been
    quoted at the CSV's offsets in the 概要's text (「分の１を助成します」 as 町道長根線改良事業's 事業名)."""
    answer = town.answerer.answer(question, [])
    for cited in answer.citations + answer.related:
        program = town.index.programs_by_id[cited.program_id]
        assert cited.document == program.document, (cited.section, cited.text)
        assert program.start <= cited.start < program.end, (program.title, cited.section, cited.text)
