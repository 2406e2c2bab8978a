"""A newcomer's trial with a village's own papers (`tests/fixtures/newuser28`: a 当初予算の概要 with a size table, 歳入・歳出
tables and a table of 主な事業 with its own 担当課 column, and a 補正予算 説明資料 with a 補正予算の規模 block): each
finding answered by a general mechanism."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

PAPERS = FIXTURES / "newuser28"


@pytest.fixture(scope="module")
def village(corpus_service):
    return corpus_service("village", {p.name: p for p in PAPERS.glob("*.txt")})


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # a row's own 担当課 cell, not the paper's closing 問い合わせ先 (総務課 財政係)
    (["子育て応援給付金事業の担当課は？"], "住民福祉課", "財政係"),
    (["産業振興課の事業はいくつ？"], "3件", "事業は1件"),
    # the whole budget after the 補正, a figure of the size block, said once
    (["補正後の額は？"], "3,270,450千円", "補正後の額の補正後の額"),
    # every account's 合計 row of the paper that has a size table, not the programs of both papers added
    (["全部の会計を合わせると？"], "3,962,300千円", "資料全体の予算額は382,250"),
    # the village's name names its papers, not the program 村道白樫線
    (["白樫村の新しい事業は？"], "2件", "村道白樫線改良事業について"),
    # a ranking after a list: the programs listed, ranked
    (["新しい事業は？", "じゃあ一番多いのは？"], "最も大きい事業は村営バス デマンド交通導入事業", "について、資料には"),
    # 「いくら見込んでる」 is an amount expected, of a 歳入 row named in part
    (["ふるさと納税はいくら見込んでる？"], "150,000千円", "記載が見つかりません"),
    # a table's stated rows named by their heading's word (the 歳出 table's 款), not the programs of 「補正の主な内容(歳出)」
    (["歳出で一番多いのは？"], "最も大きいのは民生費で、702,300千円", "物価高騰"),
    (["歳入で一番少ないのは？"], "最も小さいのはふるさと納税寄附金", "事業は"),
    # …but a ranking of 事業 ranks programs
    (["歳出で一番多い事業は？"], "物価高騰対策生活支援金給付事業", "民生費"),
    # the sources of a block's 財源 line end where its next label line (担当) begins; the particle after 財源 is not one
    (["豪雨災害の復旧の財源は？"], "一般財源 8,500千円です", "担当:産業振興課です"),
    (["村道白樫線の財源は？"], "財源は過疎対策事業債", "財源はは"),
    # what a program does: its 概要 cell, not the whole row with its bare figures
    (["白樫茶のブランド化ってなにするの？"], "パッケージ刷新", "｜9,500｜"),
    # a name typed all in hiragana whose compound opens with an adjectival noun (有害)
    (["ゆうがいちょうじゅうのよさん"], "21,300千円", "見つかりませんでした"),
])
def test_a_village_s_own_papers_answer_as_written(village, chat, questions, expected, absent):
    answer = chat(village, questions)
    assert expected in answer and absent not in answer, answer


def test_an_item_takes_the_office_its_own_phone_line_names(village):
    answer = village.ask("物価高騰対策生活支援金給付事業の担当は？").answer
    assert "住民福祉課" in answer and "0265-88-2134" in answer, answer
