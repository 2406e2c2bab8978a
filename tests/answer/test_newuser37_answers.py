"""What a newcomer found on the seed document (`/work/newuser37/REPORT.md`, outside the repository; tuning data): a
question on a subject of its own mid-conversation answered about the program shown, a program named by its alias
after another answered about the other; and on two town lists of its own (`tests/fixtures/newuser37`), a town named by
a one-character name, two towns compared, a program whose name holds 助成 asked いくら, a benefit paid by the year."""

from __future__ import annotations

import pytest

from tests.answer.conftest import documents_in
from tests.conftest import CORPUS, FIXTURES

TOWNS = FIXTURES / "newuser37"


@pytest.mark.parametrize("questions", [
    ["クールジャパンって何してるの？", "介護保険の予算は？"],
    ["クールジャパンって何してるの？", "防衛費はいくら？"],
    ["クールジャパンって何してるの？", "東京都の保育園の予算は？"],
    ["小規模事業者の支援ってある？", "消費税の軽減税率の対象品目は？"],
], ids=["kaigo", "boei", "hoikuen", "keigen"])
def test_a_question_on_a_subject_the_documents_lack_is_not_answered_about_the_program_shown(
        seed_service, conversation, questions):
    """As asked in a fresh chat: nothing in the documents answers it, and the program shown is not named."""
    answer = conversation(seed_service, questions)
    shown = "クールジャパン" if "クール" in questions[0] else "小規模事業者"
    assert answer.abstained and shown not in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "expected", "not_expected"), [
    # 「IT導入補助金」 is the alias of サービス等生産性向上IT導入支援事業費 (500億円); ものづくり's text holds 導入 too
    (["ものづくり補助金の補助率はどれくらい？", "それの予算は？", "じゃあIT導入補助金は？"], "500.0億円", "1000.0億円"),
    # a follow-up that names nothing stays on the program shown
    (["ものづくり補助金の補助率はどれくらい？", "それの予算は？"], "1000.0億円", "500.0億円"),
])
def test_a_program_named_by_its_alias_mid_chat_is_the_one_answered(seed_service, conversation, questions, expected,
                                                                    not_expected):
    answer = conversation(seed_service, questions).answer
    assert expected in answer and not_expected not in answer, answer


def test_how_to_apply_asked_in_a_chat_is_asked_of_the_program_shown(seed_service, conversation):
    """「申し込みはどこに問い合わせればいい？」 after IT導入補助金: about IT導入補助金 (its contact is not given), not the
    program whose 事業イメージ has a 「申し込み」 box."""
    answer = conversation(seed_service, ["ものづくり補助金の補助率はどれくらい？", "じゃあIT導入補助金は？",
                                         "申し込みはどこに問い合わせればいい？"]).answer
    assert "IT導入" in answer and "認定支援機関" not in answer, answer


@pytest.mark.parametrize(("question", "thing"), [
    ("IT導入補助金でパソコンって買える？", "パソコン"),
    ("ものづくり補助金でドローンも対象になる？", "ドローン"),
])
def test_whether_a_program_pays_for_a_thing_its_text_never_names_is_said_missing(seed_service, question, thing):
    """Not three general sentences about the program: the document does not say (newcomer 37)."""
    answer = seed_service.ask(question)
    assert answer.abstained and f"「{thing}」" in answer.answer, answer.answer


@pytest.fixture(scope="module")
def towns_service(corpus_service):
    """The seed document beside the newcomer's two town lists (桜川町's text table, 楓市's Shift_JIS CSV)."""
    return corpus_service("newuser37", {**documents_in(CORPUS, ".txt"), **documents_in(TOWNS, ".txt", ".csv")})


@pytest.mark.parametrize(("question", "expected", "not_expected"), [
    # 「楓市」: a publisher of one character said with its kind names the CSV (its title row 「令和８年度　楓市　主要事業一覧」)
    ("楓市の事業は全部でいくら？", "474,800千円", "18,600千円です（1件）"),
    ("楓市の事業はいくつ？", "8件", "1件です"),
    ("楓市の新規事業は？", "2件", "桜川町"),
    # two publishers compared: each list added, not the two programs whose titles hold the places' names
    ("楓市と桜川町、どっちの予算が大きい？", "141,400千円", "おむつ"),
    # 助成 is the program's name: いくら asks its budget, not a cap per child the list never states
    ("子ども医療費助成はいくら？", "86,500千円", "記載がありません"),
    # what one farmer receives a year, as its text states it (年額1,500千円), not the budget
    ("新規就農者には年いくら交付される？", "1,500千円", "7,500千円"),
    # the town's own 問い合わせ先 closing its list, not one program's contact
    ("桜川町の問い合わせ先の電話番号は？", "財政係", "ふるさと応援寄附"),
    # a program of the town named beside it is still that program's
    ("桜川町の子ども医療費の担当は？", "福祉課", "財政係"),
])
def test_a_place_names_its_document_and_a_programs_name_is_not_what_is_asked(towns_service, question, expected,
                                                                            not_expected):
    answer = towns_service.ask(question).answer
    assert expected in answer and not_expected not in answer, answer


def test_a_year_a_refused_question_named_is_not_asked_of_the_next_unrelated_one(towns_service, conversation):
    """「市長の給料はいくら？」 after 「令和9年度の…の予算は？」 (refused: no 令和9年度): asked as in a fresh chat, not
    refused again for 令和9年度 (newcomer 38)."""
    answer = conversation(towns_service, ["令和9年度の子ども医療費助成事業の予算は？", "市長の給料はいくら？"])
    assert answer.abstained and "令和9年度" not in answer.answer and "給料" in answer.answer, answer.answer


def test_a_year_the_conversation_named_stays_with_its_program(towns_service, chat):
    assert "82,300千円" in chat(towns_service, ["令和8年度の子ども医療費助成事業の予算は？", "前の年は？"])
