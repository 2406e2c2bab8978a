"""Kinds a newcomer found on their own documents (tests/fixtures/newuser22, tuning data): a question of a council's
minutes is never quoted as the answer (the official's answer is); one sentence pricing two cases (「家庭用蓄電池に
１件あたり上限１０万円、電気自動車の購入に１台あたり上限２０万円」) gives the case the question names; an office's phone in
the document's closing table is said, not said missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer import Turn

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "newuser22"


@pytest.fixture(scope="module")
def newuser(corpus_service):
    return corpus_service("newuser22", {p.name: p for p in sorted(DOCS.iterdir()) if p.suffix == ".txt"})


@pytest.mark.parametrize(("question", "expected", "absent"), [
    ("桜浜市の市道舗装補修の予算はなぜ減ったの？", "内示減", "問（"),
    ("電気自動車を買うと補助はいくら？", "電気自動車の購入20万円", "家庭用蓄電池10万円"),
    ("家庭用蓄電池の補助の上限は？", "家庭用蓄電池10万円", "電気自動車の購入20万円"),
    ("町営バスの問い合わせ先は？", "0288-55-1140", "記載はありません"),
    # a count of what one receives (「何枚もらえる」: も of もらえる is no indefinite 「何枚も」), kanji or kana
    ("75歳以上のタクシー利用券は何枚もらえる？", "24枚", "記載がありません"),
    ("75さいいじょうのタクシーのりようけんは なんまい もらえる？", "24枚", "記載がありません"),
    # the size of the whole budget asked (「予算全体の規模」): the figure the document states, our sum marked apart
    ("青波県の予算全体の規模は？", "７，２４０億円", "中小企業DX推進補助金の予算額は"),
    ("霧ヶ丘町の予算規模は？", "9,570,000千円", "（参考）この資料"),
    # a council's minutes: its ■ headings are categories, 新規 said in prose is a flag, the answering office a department
    ("桜浜市の福祉・子育て関係の予算の合計は？", "6億4,450万円", "資料にはありません"),
    ("桜浜市の新規事業はいくつ？", "2件", "資料にはありません"),
    ("移住定住促進奨励金の担当課は？", "企画課", "議会事務局"),
])
def test_newcomer_kinds(newuser, question, expected, absent):
    answer = newuser.ask(question)
    assert not answer.abstained and expected in answer.answer and absent not in answer.answer, answer.answer


def test_an_office_asked_of_a_follow_up_comes_with_its_phone_when_the_document_gives_one(newuser):
    first = "霧ヶ丘町で空き家を直して住みたいんだけど、補助ってどれくらい出る？"
    answer = newuser.ask(first)
    follow = newuser.ask("それの担当はどこ？", history=[Turn("user", first), Turn("assistant", answer.answer)])
    assert "まちづくり課" in follow.answer and "0288-55-1140" in follow.answer, follow.answer
    assert "記載はありません" not in follow.answer, follow.answer


@pytest.mark.parametrize("question", [
    "Does Aonami Prefecture subsidize rooftop solar panels for homes?",  # 青波 read as its file name writes it
    "青波県に太陽光パネルの補助はある？",
])
def test_a_program_of_another_publisher_is_not_given_as_the_named_ones(newuser, question):
    """Only the town's document has a rooftop solar program: the prefecture's is said to have none, the town's shown
    as related (never answered as if it were the prefecture's)."""
    answer = newuser.ask(question)
    assert answer.abstained and "青波県" in answer.answer, answer.answer
    assert any("太陽光" in c.program_title for c in answer.related), answer.related


def test_a_publisher_named_in_romaji_finds_its_own_program(newuser):
    answer = newuser.ask("What does Aonami Prefecture pay for a doctor helicopter?")
    assert not answer.abstained and "ドクターヘリ" in answer.answer, answer.answer


def test_a_follow_up_in_words_no_program_uses_stays_on_the_program(newuser):
    """「何件くらい採択される予定？」 (the document says 「１６０件を想定」, never 採択) asks on about the program shown."""
    history = []
    for question in ("青波県のDX補助金の補助率は？", "上限はいくら？"):
        answer = newuser.ask(question, history=history)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    answer = newuser.ask("何件くらい採択される予定？", history=history)
    assert not answer.abstained and "160件" in answer.answer, answer.answer
