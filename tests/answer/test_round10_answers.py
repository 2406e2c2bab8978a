"""Kinds found on round 9's scored sets (tuning data since), each answered by a general mechanism: a conversation
that named one office's document goes on counting over it; a new program rose by its whole budget; words of a
summary table (伸び率, 増減) name no document; a date or a program's own year is no fiscal year asked; aircraft asked
by 台; two parts of a sum are two programs. The questions are the engineers' own wording."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROUND9 = FIXTURES / "scored-2026-12-04-s12" / "layouts13"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def three_offices(corpus_service):
    """Round 9's fictional documents: a prefecture's 当初予算案の概要, a ministry's 概算要求, a city's CSV list."""
    return corpus_service("round9b", {p.name: p for p in sorted(ROUND9.iterdir()) if p.name != "PROGRAMS.jsonl"})


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # the city named once, then counted over: its four falls, not the nine of all three documents
    (["桐森市の主要事業は全部でいくら？", "じゃあ去年より少なくなった事業は何件？"], "4件", "9件"),
    # a 新規 row whose last year is 「－」 rose by its whole budget, as the sheet's own 増減 column says (540,000)
    (["桐森市で前年度から一番増えた事業は？"], "避難所空調設備整備事業", "プレミアム付商品券発行事業です"),
])
def test_a_count_keeps_the_document_the_conversation_named(three_offices, chat, questions, expected, absent):
    answer = chat(three_offices, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize(("question", "document"), [
    ("伸び率が一番大きい事業は？", None),  # a heading of the prefecture's size table, no name of it
    ("増減が一番大きいのは？", None),
    ("桐森市の事業で一番大きいのは？", "kirimori_r8_shuyojigyo.csv"),
    ("この概算要求で一番大きい事業は？", "chiikiseikatsu_r8_gaisan.md"),
])
def test_a_document_is_named_by_its_title_and_publisher_not_by_a_tables_headings(three_offices, question,
                                                                                   document):
    from qa.ingest.normalize import key

    assert three_offices.answerer.table.document_named(key(question)) == document


MHLW = [FIXTURES / "real" / "mhlw-r02-hosei2.json", ROOT / "corpus" / "examples" / "mhlw-r02-hosei2.mapping.toml"]


def test_two_parts_of_a_sum_are_two_programs(corpus_service):
    """「生活困窮者等への支援の強化」 and 「生活困窮者等の住まい対策の推進」 share their first words; the second part
    must not take the first part's program (it had: 99億円 twice)."""
    service = corpus_service("mhlw", {p.name: p for p in MHLW})
    answer = service.ask("生活困窮者への支援の強化と住まい対策を合わせるといくら？").answer
    assert "164億円" in answer and "198億円" not in answer, answer


YEAR_IN_NAME = """令和５年度 みなと市 主要事業の概要

１　2027年国際園芸博覧会出展事業　　　　　　　　　　　　　　　　１２,０００千円
　2027年に開催される国際園芸博覧会に市の庭園を出展する。

２　2025年万博記念植樹事業　　　　　　　　　　　　　　　　　　　　３,５００千円
　万博を記念して市内の公園に植樹する。
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("2027年の園芸博覧会に出展する事業の予算は？", "１２,０００千円"),  # the program's own year, not a fiscal year asked
    ("2025年万博記念植樹事業はいくら？", "３,５００千円"),
])
def test_a_year_in_a_programs_own_name_is_no_fiscal_year_asked(corpus_service, question, expected):
    service = corpus_service("yearname", {"minato.txt": YEAR_IN_NAME})
    answer = service.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("哨戒機のP-1は何台買うの？", "３機"),  # 台 of everyday speech, 機 of the document
    ("Who assembles the F-35A bought from FY2023 to FY2027?", "F-35A"),  # a span holding the covered year
])
def test_aircraft_asked_in_everyday_counters_and_year_spans_are_answered(mod_service, question, expected):
    answer = mod_service.ask(question)
    text = answer.answer.translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
    assert not answer.abstained and expected.translate(str.maketrans("０１２３４５６７８９", "0123456789")) in text, \
        answer.answer


ROUND10 = FIXTURES / "layouts14"


@pytest.fixture(scope="module")
def four_offices(corpus_service):
    """Round 10's tuning documents: a town's ledger, a ministry's slides, a prefecture's CSV, a city's Markdown."""
    return corpus_service("round10", {p.name: p for p in sorted(ROUND10.iterdir()) if p.name != "PROGRAMS.jsonl"})


@pytest.mark.parametrize(("questions", "expected"), [
    # a ledger 事業's priced part named in the question's own words: its figure and its length
    (["町道中原線の改良工事は何メートルで工事費はいくら？"], "96,400千円"),
    (["町道中原線の改良工事、長さと工事費を教えて"], "L=320m"),
    # the other part of the program just shown
    (["空き店舗で開業するときの改装費の補助率は？", "家賃のほうも補助してもらえる？"], "50千円"),
    # the prefecture named in romaji scopes the lookup to its sheet (the town's ledger has a bridge program too)
    (["How much is Shinonome Prefecture's bridge life-extension repair budget?"], "2,340,000千円"),
    # an account marked beside three slides' names
    (["エネルギー対策特別会計の事業は合わせていくら？"], "205億円"),
    # a paragraph under a Markdown heading, before the labelled budget, is the program's text
    (["白鷺台市の給食費の無償化はいくら？", "いつから無料になるの？"], "令和９年４月"),
    # a pillar's 小計 row found by the pillar's name
    (["災害に強い県土づくりと交通ネットワークの確保の小計はいくら？"], "5,644,000千円"),
    # the sheet named by its title's words; its （再掲） row counted once
    (["主要事業一覧の新規事業は何件？"], "5件"),
])
def test_round10_tuning_documents_are_answered(four_offices, chat, questions, expected):
    assert expected in chat(four_offices, questions)


@pytest.mark.parametrize("question", [
    "保育料無償化の申請書は何月までに出せばいいの？",  # no month in the program's text
    "プレミアム付商品券は何日から買えるの？",
])
def test_a_value_asked_alone_that_no_sentence_carries_is_said_missing(three_offices, question):
    answer = three_offices.ask(question)
    assert answer.abstained and "記載" in answer.answer, answer.answer


def test_a_cap_listed_per_child_answers_the_child_asked(corpus_service):
    """「第１子 １０万円　／　第２子 ２０万円　／　第３子以降 ５０万円」: 「3人目」 is the case 第３子以降, listed first."""
    kitakiri = FIXTURES / "scored-2026-12-04-s9" / "layouts10" / "kitakiri_r8_yosan_gaiyo.txt"
    service = corpus_service("kitakiri", {kitakiri.name: kitakiri})
    answer = service.ask("3人目の子が生まれたときの出産祝金はいくらもらえる？")
    head = answer.answer.splitlines()[0]
    assert not answer.abstained and "50万円" in head, answer.answer
    assert "10万円" not in head or head.find("50万円") < head.find("10万円"), answer.answer
