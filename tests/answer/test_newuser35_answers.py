"""What a newcomer found in the chat (round of 2026-12-07, `/work/newuser35` outside the repository): a question
typed mid-conversation that names another program with a typo, or asks nothing of the documents, is answered on its
own terms, never about the program the last answer showed; a rate named by its own name is not the 補助率."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("questions", "expected"), [
    # 「補助ぎん」 (a typo of 補助金): IT and 導入 stand together in another program's title, not the one shown
    (["事業承継の支援ってあるの？てつづきどこに聞けばいい？", "IT導入補助ぎんの上限いくら"], "15万円"),
])
def test_a_new_topic_typed_mid_conversation_leaves_the_program_shown(seed_service, conversation, questions, expected):
    answer = conversation(seed_service, questions)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "said"), [
    # words no document uses, asking nothing of a program: not the shown program's case
    (["インバウンド観光の支援は？", "今日の天気は？"], None),
    # a rate of its own name the document never states: said missing, not answered with a 補助率
    (["消費税率は？"], "消費税率"),
    (["小規模事業者持続化補助金の補助率は？", "法人税率は？"], None),
])
def test_a_question_the_documents_do_not_answer_is_not_answered_from_the_last_program(seed_service, conversation,
                                                                                     questions, said):
    answer = conversation(seed_service, questions)
    assert answer.abstained and not answer.citations, answer.answer
    if said:
        assert said in answer.answer, answer.answer
