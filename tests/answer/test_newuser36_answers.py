"""What a newcomer found on the seed document (`/work/newuser36/REPORT.md`, outside the repository; tuning data): a
topic said with 「の」 alone, an acronym read as a pronoun, a misspelt new topic mid-conversation."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("question", "expected", "not_expected"), [
    # 「AIの事業」 as 「AIに関する事業」: the programs whose text holds AI, not all 28
    ("AIの事業はいくつ？", "「AI」に関する事業は5件", "28件"),
    ("石油の事業の予算を全部足すと？", "180.0億円", "60.0億円です。"),
    # 「この資料の事業」 points at the document: every program
    ("この資料の事業はいくつ？", "28件", "に関する"),
])
def test_a_topic_said_with_no_before_its_programs_filters_them(seed_service, question, expected, not_expected):
    answer = seed_service.ask(question).answer
    assert expected in answer and not_expected not in answer, answer


@pytest.mark.parametrize(("questions", "expected"), [
    # "IT" in capitals is the acronym, not the pronoun "it" pointing at 事業承継
    (["事業承継の支援ってあるの？", "What is the subsidy rate for the IT introduction subsidy?"], "1/2"),
    # the pronoun still points: "its" after IT導入
    (["IT導入補助金の補助率は？", "What about its cap?"], "15万円"),
])
def test_an_english_question_in_a_chat_reads_its_acronyms_as_names(seed_service, chat, questions, expected):
    assert expected in chat(seed_service, questions)


def test_a_misspelt_new_topic_is_not_answered_about_the_program_shown(seed_service, conversation):
    """「もにづくり補助金の補助率」 after 事業承継: not 「事業承継…の補助率の記載がありません」 (a fresh chat abstains too)."""
    answer = conversation(seed_service, ["事業承継の支援ってあるの？", "もにづくり補助金の補助率"])
    assert "事業承継" not in answer.answer, answer.answer


def test_caps_of_several_cases_after_one_label_are_all_said(seed_service):
    """「補助上限額：50万円 / 100万円（賃上げ、海外展開…） / 500万円（…共同設備投資等）」: not 50万円 alone."""
    answer = seed_service.ask("小規模事業者持続化補助金の上限は？").answer
    assert all(cap in answer.split("「")[0] for cap in ("50万円", "100万円", "500万円")), answer
