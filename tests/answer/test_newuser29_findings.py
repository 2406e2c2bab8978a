"""A newcomer's trial with a town's own papers (`tests/fixtures/newuser29`: a 予算の概要 of ◆ blocks with bare figures
under a unit declared once, and a 主要事業一覧 CSV listing the same 15 事業 and 3 more): each finding answered by a
general mechanism."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

PAPERS = FIXTURES / "newuser29"


@pytest.fixture(scope="module")
def town(corpus_service):
    return corpus_service("town", {p.name: p for p in PAPERS.iterdir() if p.suffix in (".txt", ".csv")})


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # a program both papers list is counted and summed once (the headline was 11件 and 1,555,360千円, 33件)
    (["新規事業はいくつある？"], "6件", "11件"),
    (["主要事業の予算の合計は？"], "813,080千円です（18件）", "1,555,360"),
    (["子育て支援課の事業の予算を合わせるといくら？"], "60,350千円", "120,700"),
    # a follow-up goes on with the copy that says most: the 予算の概要's block gives the 財源, the CSV row does not
    (["給食の無償化について", "財源は？"], "一般財源 78,400", "記載がありません"),
    # a heading named by its name, of both papers: 「施策１　子育て・教育　～…～」 and the CSV's 施策 column 「子育て・教育」
    (["子育て・教育の分野は全部で？"], "232,950千円です（5件）", "813,080"),
    (["健康・福祉の事業はいくつ？"], "3件", "18件"),
    # …and by its place, in the paper whose headings write 「施策１」
    (["施策1の予算の合計は？"], "232,950千円", "813,080"),
    (["施策2の事業は？"], "3件", "見つかりませんでした"),
    # an office's phone is that office's, not the one whose name holds it (教育総務課)
    (["総務課の電話番号は？"], "0263-55-2105", "0263-55-2301"),
    # one of the things a program's name lists is a case of its amounts (「蓄電池は一律10万円」, not the solar cap)
    (["蓄電池の補助はいくら？"], "は蓄電池10万円です", "は12万円です"),
    # a count asked of last year is the one the text gives for it (「年間24枚交付します（前年度は16枚）」)
    (["タクシー券は前の年は何枚だった？"], "16枚", "24枚です"),
    # the case named before the bracket its amount opens (「新規就農者への経営開始資金（年150万円×４人）」)
    (["新規就農者はいくらもらえる？"], "年150万円", "記載がありません"),
    # two offices compared by their programs added (a name inside another named one, 総務課 of 教育総務課, is that one's)
    (["教育総務課と建設課、どっちが予算多い？"], "建設課の事業の予算額の合計（182,300千円", "学校給食費無償化事業の予算額は"),
    # a superlative of a change ranks the programs by it, with no word for programs
    (["去年より増えた額が一番大きいのは？"], "最も大きい事業は防災行政無線デジタル化事業", "除雪対策事業の予算額は"),
    (["一番減ったのは？"], "最も大きい事業は農業担い手育成支援事業", "記載が見つかりません"),
    # an account named by the words before its ending (水道事業会計, 国民健康保険特別会計 of the 予算の規模 table)
    (["水道の予算は？"], "612,800千円", "見つかりませんでした"),
    (["介護保険の予算はいくら？"], "1,105,600千円", "見つかりませんでした"),
    # a kind of funding source named in local words is the source of that kind the 財源 line names, with its unit
    (["防災行政無線の予算は？", "町債はいくら使うの？"], "緊急防災・減災事業債 204,000千円", "予算額は215,000千円"),
    (["防災行政無線デジタル化事業の一般財源はいくら？"], "一般財源 11,000千円", "204,000千円"),
    # …and only so: an account the paper does not have is not another's
    (["下水道の予算は？"], "見つかりませんでした", "612,800"),
])
def test_a_town_s_two_papers_answer_as_written(town, chat, questions, expected, absent):
    answer = chat(town, questions)
    assert expected in answer and absent not in answer, answer


def test_a_program_both_papers_list_is_one_program_in_the_table(town):
    counted = [p for p in town.index.programs if p.countable]
    assert len(counted) == 18
    repeats = [p for p in town.index.programs if p.repeat]
    assert len(repeats) == 15 and all(p.document.endswith(".csv") for p in repeats)


def test_a_csv_s_columns_give_its_施策_as_the_heading_and_its_区分_as_flags():
    from qa.ingest.headers import infer_mapping

    found = infer_mapping(["No", "施策", "事業名", "区分", "担当課", "電話番号", "予算額（千円）", "前年度予算額（千円）", "事業概要"])
    assert (found["title"], found["category"], found["flags"]) == ("事業名", "施策", "区分")
