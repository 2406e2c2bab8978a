"""What new users found, as kinds: the seed corpus's first questions name the right program (UX finding 2: the
「ガソリンスタンドの災害対策」 question listed the 「災害対策」 heading's program instead of the one about ガソリンスタンド;
the welcome's examples are now made from the served corpus, `tests/answer/test_examples.py`); quantities, model codes,
follow-ups in generic words, area and document totals, and rates that differ by kind (a new user's trial of the
real 防衛省 予算の概要 and the bundled PR document)."""

from __future__ import annotations

import pytest

# What each question must name, read from the seed document by a person (p.28 住民拠点SS for the second).
EXPECTED = {
    "IT導入補助金の補助率は？": ["サービス等生産性向上IT導入支援事業費", "1/2"],
    "ガソリンスタンドの災害対策の支援はある？": ["石油製品安定供給確保支援事業"],
    "防災・減災関連の事業は？": ["廃炉・汚染水対策事業", "中小企業BCP策定支援事業"],
    "予算額が一番大きい事業は？": ["ものづくり・商業・サービス経営力向上支援事業", "1000.0億円"],
}


@pytest.mark.parametrize("question", sorted(EXPECTED))
def test_a_welcome_example_names_the_right_program(seed_service, question):
    answer = seed_service.ask(question)
    assert not answer.abstained
    for needed in EXPECTED[question]:
        assert needed in answer.answer, (question, answer.answer[:200])


@pytest.mark.parametrize(("turns", "needed"), [
    # An item's quantity is in its budget line (「（５機：１，９４１億円）」), not in a sentence.
    (["E-2Dは何機でいくら？"], ["5機", "１，９４１億円"]),
    # A model code names one item (not the F-35 facilities that share the words 何機).
    (["F-35Bは何機？"], ["戦闘機(F-35B)の取得", "8機"]),
    # A follow-up in generic words (建造 is in several titles) stays on what was shown.
    (["イージス・システム搭載艦の予算は？", "何隻建造する予定？"], ["イージス・システム搭載艦"]),
    # An area named in other words gets the area's stated total, not the whole document's.
    (["宇宙領域の能力強化は合計いくら？"], ["約１，８４４億円"]),
    # The whole document's stated total, though the corpus holds another document: 防衛 names this one.
    (["防衛費の総額は？"], ["6兆6,001億円"]),
    (["サイバー領域の予算は？"], ["約２，６４３億円"]),
    (["令和5年度の防衛費の総額は？"], ["6兆6,001億円"]),
    # A follow-up naming another item by its model code moves to it, keeping what was asked (the quantity).
    (["E-2Dは何機？", "UH-60Jのほうは？"], ["UH-60J", "12機"]),
    # "how many" + a model code: the item's quantity, though the English noun is no counter.
    (["how many UH-60J rescue helicopters will be bought?"], ["12機"]),
    # Two codes summed by a figure word after the last one: each code's item that holds that word.
    (["E-2DとUH-60Jの取得費の合計は？"], ["2,890億円"]),
    # 「全体で」 asks for the area's stated total, not for a program named 全体.
    (["サイバー領域の予算は全体でどれくらい？"], ["約２，６４３億円"]),
    # A qualifier the opening does not hold picks the stated total that says it, over a wrapped sentence.
    (["在日米軍の再編の経費まで含めると防衛費の総額はいくら？"], ["６兆8,219億円"]),
    # Items named alike are items alike: 戦闘機（F-35A）の取得 beside 戦闘機（F-35B）の取得, not F-35A能力向上改修.
    (["F-35AとF-35Bの予算、合わせていくら？"], ["2,504億円"]),
    # 「・」 lists the parts when no title holds the run.
    (["護衛艦・哨戒艦・潜水艦の建造費の合計は？"], ["2,332億円"]),
    # Who publishes the documents: the office an opening names (防衛省 on a line of its own), cited; the PR
    # document names none (「福島県における…」 in its table of contents is a program's place).
    (["この資料ってどこの省庁が出してるの？"], ["防衛省"]),
    # 「安い」 ranks from the bottom of the heading named.
    (["無人アセット防衛能力で一番安い項目は？"], ["最も小さい"]),
])
def test_defence_budget_questions_a_journalist_asks(mod_service, turns, needed):
    from qa.answer import Turn

    history: list[Turn] = []
    for question in turns:
        answer = mod_service.ask(question, history)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    for part in needed:
        assert part in answer.answer, (turns, answer.answer[:200])


@pytest.mark.parametrize(("turns", "needed"), [
    # 「Aと合わせると」 after a question about B: the sum of B (shown) and A.
    (["IT導入補助金の予算は？", "ものづくり補助金と合わせるといくら？"], ["1500.0億円", "500.0億円", "1000.0億円"]),
])
def test_a_sum_with_the_program_of_the_last_answer(seed_service, turns, needed):
    from qa.answer import Turn

    history: list[Turn] = []
    for question in turns:
        answer = seed_service.ask(question, history)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    assert answer.intent == "aggregate" and all(part in answer.answer for part in needed), answer.answer[:200]


@pytest.mark.parametrize("question", ["防衛省の職員の給与総額は？",
                                      # words of its programs' names ask a part's total, never the whole's
                                      "F-35Aの取得と維持、全部でいくら？",
                                      # one program named: its total, never the table's
                                      "潜水艦の建造って総額いくらかかるの？"])
def test_a_total_the_documents_do_not_give_is_not_the_documents_total(mod_service, question):
    answer = mod_service.ask(question)
    assert "6兆6,001億円" not in answer.answer and "足すと" not in answer.answer


@pytest.mark.parametrize(("question", "values"), [
    ("ものづくり補助金の補助率は？", ["2/3", "1/2"]),  # 企業間データ活用型 and 一般型 differ: both said
    ("熊本地震のグループ補助金、補助率は？", ["3/4または1/2"]),
])
def test_a_rate_stated_differently_per_kind_is_said_with_every_value(seed_service, question, values):
    first_line = seed_service.ask(question).answer.split("\n")[0]
    assert all(v in first_line for v in values), first_line




@pytest.mark.parametrize(("question", "title"), [
    ("ガソスタの災害対策を支援する事業の予算は？", "石油製品安定供給確保支援事業"),  # ガソリンスタンド, in its text only
])
def test_a_katakana_clipping_of_a_word_in_a_programs_text_finds_the_program(seed_service, question, title):
    answer = seed_service.ask(question)
    assert not answer.abstained and title in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "needed"), [
    # 持続化補助金 stands in the text of 小規模事業者支援パッケージ事業, in no title
    ("じぞくかほじょきんの上限は？", ["小規模事業者支援パッケージ事業", "50万円"]),
])
def test_kana_of_words_in_a_programs_text_are_read_against_the_programs_retrieved(seed_service, question, needed):
    answer = seed_service.ask(question)
    assert not answer.abstained and all(n in answer.answer for n in needed), answer.answer
