"""What a newcomer found on the seed document (`/work/newuser37/REPORT.md`, outside the repository; tuning data): a
question on a subject of its own mid-conversation answered about the program shown, a program named by its alias
after another answered about the other."""

from __future__ import annotations

import pytest


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
