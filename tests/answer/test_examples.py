"""Example questions made from a corpus's own programs (`qa.answer.examples`), for the chat page's welcome."""

from __future__ import annotations

import pytest

from qa.answer.examples import _RATE_STATED, RANK_QUESTION, _topic, candidates, example_questions
from qa.ingest.normalize import nfkc


@pytest.mark.parametrize(("heading", "topic"), [
    ("１．生産性革命", "生産性革命"),
    ("(2) 防災・減災", "防災・減災"),
    ("第３章 子育て支援", "子育て支援"),
    ("Ⅱ．観光振興", "観光振興"),
    ("【健康福祉部】", "健康福祉部"),
])
def test_a_heading_is_named_without_its_numbering(heading, topic):
    assert _topic(heading) == topic


@pytest.mark.parametrize(("text", "stated"), [
    ("Tの導入支援を行います（補助額：15万円～50万円、補助率：1/2）。", True),
    ("企業間データ活用型（補助上限額：1,000万円/者※、補助率2/3）", True),
    ("再生可能エネルギー発電設備を整備します。（補助率：発電設備 定額）", True),
    ("補助率は３分の２です", True),
    ("条件（対象者、対象行為、補助率等）", False),  # a sheet's heading names the word, not a rate
])
def test_a_rate_counts_only_when_its_figure_is_written(text, stated):
    assert bool(_RATE_STATED.search(nfkc(text))) is stated


def _kind(question: str) -> str:
    return next(kind for kind, end in (("rank", RANK_QUESTION), ("rate", "の補助率は？"), ("budget", "の予算はいくら？"),
                                       ("topic", "の事業は？")) if question.endswith(end))


def test_the_seed_corpus_offers_one_question_of_each_kind_and_answers_every_one(seed_service):
    documents = seed_service.index.documents

    def text_of(program):
        return documents[program.document].text[program.start:program.end]

    kinds = candidates(seed_service.index.programs, text_of)
    assert [{_kind(q) for q in kind} for kind in kinds] == [{"rate"}, {"budget"}, {"topic"}, {"rank"}]
    asked = []

    def answered(question: str) -> bool:
        asked.append(question)
        return not seed_service.ask(question).abstained

    chosen = example_questions(seed_service.index.programs, text_of, answered)
    assert [_kind(q) for q in chosen] == ["rate", "budget", "topic", "rank"]
    assert all(not seed_service.ask(q).abstained for q in chosen)
    assert len(asked) <= 3 * len(kinds)  # a kind is given up after three unanswered tries


def test_a_corpus_without_priced_programs_offers_nothing(seed_service):
    passages = [p for p in seed_service.index.programs if not p.countable]
    assert candidates(passages, lambda p: "") == []


def test_a_heading_that_is_a_kind_of_program_is_no_topic():
    """「３ 主な事業」 over a town's programs made 「主な事業の事業は？」 (newuser30's welcome)."""
    from qa.ingest.models import Budget, Program

    def program(title: str, heading: str) -> Program:
        return Program(id=title, document="d.txt", title=title, categories=[heading], start=0, end=1,
                       budget=Budget(text="1千円", amount_text="1千円", yen=1000, start=0, end=1))

    kinds = candidates([program("除雪対策事業", "３　主な事業"), program("町道改良事業", "３　主な事業"),
                        program("保育所運営事業", "子育て・教育"), program("放課後児童クラブ事業", "子育て・教育")],
                       lambda p: "")
    topics = [q for kind in kinds for q in kind if q.endswith("の事業は？")]
    assert topics == ["子育て・教育の事業は？"]
