"""Kinds found in rounds 24 and 25's fictional documents once they were tuning data (`tests/fixtures/scored-2026-12-06-s27`,
`…-s28`), each answered by a general mechanism: an office or a phone a document gives outside a program's fields, and
a program's title never read as the question's operation."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures"
DOCUMENTS = {
    "shiomidai_r08_kigyo.txt": FIXTURES / "scored-2026-12-06-s27/layouts28/shiomidai_r08_kigyo.txt",
    "kirigaoka_r08_hosei.txt": FIXTURES / "scored-2026-12-06-s27/layouts28/kirigaoka_r08_hosei.txt",
    "shiomi_r08_shinki.txt": FIXTURES / "scored-2026-12-06-s28/layouts29/shiomi_r08_shinki.txt",
    "shirasagino_r08_tokubetsu.txt": FIXTURES / "scored-2026-12-06-s28/layouts29/shirasagino_r08_tokubetsu.txt",
    "asagirino_yosan_setsumeikai_r8.txt": FIXTURES / "scored-2026-12-06-s29/layouts30/asagirino_yosan_setsumeikai_r8.txt",
}


@pytest.fixture(scope="module")
def four_documents(corpus_service):
    """Five fictional documents of rounds 24–26 in one corpus: a water and sewerage enterprise budget closing on a
    list of what to ask where, a supplementary budget's speech, a CSV of new programs, special accounts' slides, a
    city's 予算説明会資料."""
    return corpus_service("round26", DOCUMENTS)


@pytest.mark.parametrize(("question", "expected"), [
    # a part of the document with no office of its own: the document's closing list, by the question's words
    ("下水道使用料の支払いのことで電話したい。どこにかければいい？", "0466-52-7150"),
    # a program whose fields name no office, its text naming the one that acts (「危機管理課において…調達し」)
    ("市の避難所の備蓄（段ボールベッドとか）、調達するのはどこの課？", "危機管理課"),
    # 「シェア」 inside the title (ライドシェア) is no share asked
    ("ライドシェア導入支援事業の担当課は？", "交通政策課"),
    ("ライドシェア導入支援事業の所管課をご教示ください。", "交通政策課"),
    # 「どこに連絡すればいいの？」 asks the contact, in everyday words
    ("認知症の家族のことで相談したい。市のどこに連絡すればいいの？", "包括支援係"),
])
def test_the_office_asked_is_found_where_the_document_gives_it(four_documents, question, expected):
    answer = four_documents.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer
    assert any(expected in c.quote or expected in c.text for c in answer.citations), answer.citations


def test_a_contact_list_line_needs_the_questions_own_words(four_documents):
    # (no line of the closing list holds 「保育園」: no phone is made up from it)
    answer = four_documents.ask("保育園の入園のことで電話したい。どこにかければいい？")
    assert "0466-52-7150" not in answer.answer, answer.answer


def test_a_contact_line_sharing_only_the_ministrys_words_is_not_the_programs(seed_service):
    # the seed's closing contacts name 「地域経済産業グループ」: 経済 and 産業 of 経済産業省 do not make it this program's
    answer = seed_service.ask("経済産業省デジタルプラットフォーム構築事業の担当課の電話番号は？")
    assert answer.abstained and "03-3501-3754" not in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "abstains", "figure"), [
    # a past year's count of a text that gives only this year's plan (「400人分」) is not stated
    (["人間ドック費用助成事業の助成、去年使った人は何人くらい？"], True, "400"),
    (["人間ドック費用助成事業の助成、令和7年度には何人が使った？"], True, "400"),
    # this year's, asked: the plan's figure
    (["人間ドック費用助成事業の助成は何人分？"], False, "400人"),
])
def test_a_past_years_figure_is_answered_only_by_a_sentence_of_a_past_year(four_documents, conversation, questions,
                                                                            abstains, figure):
    answer = conversation(four_documents, questions)
    assert answer.abstained == abstains and (figure in answer.answer) != abstains, answer.answer


@pytest.mark.parametrize("question", [
    "スタンド・オフ防衛能力と統合防空ミサイル防衛能力、2つの分野を合わせるとどれくらい？",
    "スタンド・オフ防衛能力と統合防空ミサイル防衛能力の予算を合わせるといくら？",
])
def test_two_headings_named_are_added_by_the_totals_their_document_states(mod_service, question):
    # 約１兆４，２０７億円 + 約９，８６７億円 (the 防衛省 予算の概要's own area totals)
    answer = mod_service.ask(question)
    assert "2兆4,074億円" in answer.answer and len(answer.citations) >= 2, answer.answer


@pytest.fixture(scope="module")
def prefecture_and_ministry(corpus_service):
    """茨城県's 予算 records and 厚生労働省's 第二次補正予算 records (PoliInfo-3), read through round 25's mappings."""
    split, mappings = FIXTURES / "records/poliinfo3-split", FIXTURES / "scored-2026-12-06-s28/recs29"
    names = ("ibaraki-h31-r02-yosan.json", "mhlw-r02-hosei2.json")
    return corpus_service("recs26", {**{n: split / n for n in names},
                                     **{f"{n}.mapping.toml": mappings / f"{n}.mapping.toml" for n in names}})


@pytest.mark.parametrize(("question", "expected"), [
    # a program named by a long run of its title (15 characters), not the heading 「里親養育包括支援事業」 sharing 包括支援
    ("緊急包括支援交付金の抜本的拡充の額を教えて", "２兆２，３７０億円"),
    ("緊急包括支援交付金の抜本的拡充の予算は？", "２兆２，３７０億円"),
    ("里親養育包括支援事業の予算は？", "58,000"),
    # the prefecture names where to look; the rest, every word of one title listed for two years, names the program
    ("茨城県の宇宙ビジネス創造拠点事業、令和2年度の予算は？", "145,000"),
    # the budget named as where to read (「補正予算の説明だと」): what the system is, asked
    ("HER-SYSって補正予算の説明だとどういうシステム？", "感染者等の情報を把握・管理するシステム"),
])
def test_the_program_a_question_names_outweighs_a_heading_sharing_a_word(prefecture_and_ministry, question, expected):
    answer = prefecture_and_ministry.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_an_amount_changed_in_the_text_is_quoted_with_what_it_changes_to(four_documents):
    # 「お子さん１人あたり３万円分だったものを５万円分に増額します」: not the 3万円 of before alone
    answer = four_documents.ask("赤ちゃん生まれたらもらえるクーポン、1人いくら分？")
    assert "5万円" in answer.answer, answer.answer
