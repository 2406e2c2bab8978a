"""Kinds found on the forms of round 17 (tests/fixtures/forms21, tuning documents: a mayor's 施政方針 speech, a
village's fixed-width 説明書 ledger, a prefecture's subsidy Q&A with its program list), each answered by a general
mechanism: where a ledger places a program (its 款・項・目, outer first); the change from last year a speech states
without last year's figure; two figures asked how far apart; ranks asked two at once; a heading's programs added
beside the heading's own figure; a list's own word in one title naming that document among several; a period written
as a range of dates, picked by the label the question names; English questions naming a part of a program or an SME
program through the glossary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer import Turn

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms21"


@pytest.fixture(scope="module")
def forms(corpus_service):
    """The three forms21 documents (tuning), one corpus."""
    return corpus_service("forms21", {p.name: p for p in sorted(FORMS.iterdir()) if p.suffix == ".txt"})


@pytest.mark.parametrize(("question", "expected"), [
    # a ledger's 款・項・目 asked: the program's headings, outer first (not its budget)
    ("村営バスの運行費は、予算のどの款・項・目に計上されていますか。", "総務費 ＞ 総務管理費 ＞ 交通対策費"),
    ("帯状疱疹ワクチンの助成は、どの款・項・目に入っていますか。", "衛生費 ＞ 保健衛生費 ＞ 予防費"),
    # a speech's account total with its change stated as a ratio, quoted
    ("来年度の一般会計の予算総額と、前年度比を教えてください。", "前年度比３．２％の増"),
    # two named programs, how far apart
    ("創業支援事業と商店街にぎわい再生事業、予算はどれくらい違うの？", "700万円"),
    # the programs under a 款 added, beside the 款's own figure
    ("民生費の中の○印の事業を全部足すといくらになりますか。", "41,930千円"),
    # 「事業一覧」 is in one document's title only: its programs are ranked, not the corpus's
    ("事業一覧の中で予算額がいちばん大きい事業は何ですか。", "賃上げ環境整備支援金"),
    ("第３部の事業一覧に載っている事業は全部でいくつ、予算額の合計はいくら？", "16件"),
    # a Q&A's answer listing two rounds of dates; the round named picks its range
    ("省エネ設備の補助、第２回の募集期間はいつからいつまで？", "8月17日(月)~9月30日(水)"),
    # English: SME capital investment (中小企業設備投資) and a part of a ledger program named in English
    ("For Shinonomegawa City's SME capital investment subsidy, how much is budgeted in total?", "１億２，０００万円"),
    ("How much has the village budgeted for wildlife damage prevention, and how much of that is for electric fence "
     "subsidies?", "7,200千円"),
    ("What is the application window for the business succession subsidy?", "6月1日"),
])
def test_questions_over_the_round17_forms(forms, question, expected):
    answer = forms.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_two_ranks_asked_at_once_are_both_answered(forms):
    first = "施政方針に出てくる事業の中で、予算額がいちばん大きいのはどれですか。"
    answer = forms.ask(first)
    assert "市道橋りょう長寿命化修繕事業" in answer.answer, answer.answer
    follow = forms.ask("２番目と３番目は？", history=[Turn("user", first), Turn("assistant", answer.answer)])
    assert "防災行政無線デジタル化事業" in follow.answer and "学校給食費負担軽減事業" in follow.answer, follow.answer


def test_a_heading_total_alone_when_its_figure_is_asked(forms):
    """Without asking for its programs added, a heading's figure is the document's own (no sum beside it)."""
    answer = forms.ask("民生費の予算は全部でいくら？")
    assert "598,734千円" in answer.answer and "41,930千円" not in answer.answer, answer.answer


SEALED21 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-05-s20" / "layouts21"


@pytest.fixture(scope="module")
def layouts21(corpus_service):
    """Round 17's sealed fictional documents (tuning data since they were scored): a governor's speech, a town's
    ledger, a ministry's subsidy FAQ."""
    return corpus_service("layouts21", {p.name: p for p in sorted(SEALED21.iterdir()) if p.suffix == ".txt"})


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # the speaker at a speech's opening (「北陵県知事　早瀬孝明」) names its document among the three
    ("知事の説明に出てきた事業で、いちばんお金がかかってるのはどれ？", "流域治水対策事業", "同額の事業"),
    # a 総括's 歳出合計 with 構成比 between its figures is the town's stated total
    ("町の一般会計、歳出の合計額は？", "2,395,720千円", "資料全体の額とは一致しません）この資料の事業の予算額を足すと60"),
])
def test_questions_over_round17s_sealed_documents_after_scoring(layouts21, question, expected, absent):
    answer = layouts21.ask(question)
    assert not answer.abstained and expected in answer.answer and absent not in answer.answer, answer.answer
