"""Answers over four of round 7's tuning documents (tests/fixtures/layouts11: an agency's 概算要求 with a closing table,
a city's labelled blocks, a ward's newsletter in prose, a village's numbered list), read by layouts added this
session. The questions are the engineers' own."""

from __future__ import annotations

from pathlib import Path

import pytest

LAYOUTS11 = Path(__file__).resolve().parents[1] / "fixtures" / "layouts11"
DOCUMENTS = ("engan_gaisan_R9.txt", "shinonomehara_shuyojigyo.txt", "wakabadai_yosan_aramashi.md",
             "kirigatake_shuyojigyo.txt")


@pytest.fixture(scope="module")
def service(corpus_service):
    return corpus_service("layouts11", {name: LAYOUTS11 / name for name in DOCUMENTS})


@pytest.mark.parametrize(("question", "needed"), [
    ("保育士等処遇改善補助の予算はいくら？", "約4億6千万円"),  # a name in bold in the newsletter's prose
    ("学校給食費無償化事業の事業費は？", "598,000"),  # 「事業費（千円）：598,000」 in a labelled block
    ("沿岸地域振興調査費の要求額は？", "412"),  # a row of the table after the program pages
    ("沿岸集落避難路整備交付金の要求額は？", "45.0億円"),  # its title on its own 要求額 line
])
def test_programs_of_the_new_layouts_are_answered_with_their_own_figure(service, question, needed):
    answer = service.ask(question)
    assert not answer.abstained and needed in answer.answer.splitlines()[0], answer.answer[:200]


def test_a_question_about_the_budget_as_a_whole_gets_each_documents_own_contact(service):
    answer = service.ask("予算について聞きたいんだけど、どこに電話すればいい？")
    assert not answer.abstained
    assert "03-5920-4411" in answer.answer and "財政課" in answer.answer  # the agency's and a city's
    assert all(c.section == "問い合わせ先" for c in answer.citations)


def test_a_question_naming_one_town_gets_that_towns_contact_alone(service):
    answer = service.ask("東雲原市の予算全般についての問い合わせ先は？")
    assert "0297-55-1120" in answer.answer and "03-5920-4411" not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "needed"), [
    ("コミュニティバスは平日何便増えるの？", "16便増えます"),  # 「１日32便から48便に増やします」
    ("How many more community bus trips per weekday will the ward add?", "16便"),
    ("潮位計とかの観測点は何か所増やすの？", "24か所増えます"),  # 「現行の86か所から110か所に増設」
])
def test_how_many_more_is_the_difference_of_the_two_figures_a_sentence_states(service, question, needed):
    answer = service.ask(question)
    assert needed in answer.answer.splitlines()[0], answer.answer[:200]
