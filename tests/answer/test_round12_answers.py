"""Kinds found on round 11's scored sets (tuning data since), each answered by a general mechanism: a whole
document's sum asked with a sentence saying why (「議会への説明資料用です。」), with the document pointed at as 「この
一覧」「この表」, or with the ministries the table holds named (「A省とB省の事業」) is the document's sum, not a total
the documents do not give. The questions are the engineers' own wording."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUKUOKA = ROOT / "tests" / "fixtures" / "real" / "fukuoka-r02-juyoshisaku.json"

TWO_MINISTRIES = """事業名,府省庁,局・庁,予算額（千円）
里山保全推進事業,環境省,自然環境局,120000
海洋ごみ対策事業,環境省,水・大気環境局,80000
地域情報化推進事業,総務省,情報流通行政局,50000
消防団装備整備事業,総務省,消防庁,30000
"""


@pytest.fixture(scope="module")
def seed(corpus_service):
    """The bundled PR document (平成29年度補正予算の概要)."""
    return corpus_service("seed12", {"h29-hosei-yosan-gaiyou.txt": ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"})


@pytest.mark.parametrize("question", [
    "来週の委員会で使う資料です。この資料の事業の補正予算額を全部足すといくらですか。",
    "この資料に載っている事業の予算を全部合計すると？",
])
def test_a_whole_document_sum_asked_with_a_reason_is_the_documents_sum(seed, question):
    answer = seed.ask(question)
    assert not answer.abstained and "2607.7億円" in answer.answer.replace(",", ""), answer.answer


def test_a_sum_over_the_ministries_the_table_holds_is_the_tables_sum(corpus_service):
    service = corpus_service("two-ministries12", {"review.csv": TWO_MINISTRIES})
    answer = service.ask("この表（環境省と総務省の事業）に載っている予算額を全部合わせるといくら？")
    assert not answer.abstained and "280,000千円" in answer.answer, answer.answer


def test_a_list_pointed_at_as_this_list_is_summed_whole(corpus_service):
    service = corpus_service("fukuoka12", {
        "fukuoka-r02-juyoshisaku.json": FUKUOKA,
        "fukuoka-r02-juyoshisaku.mapping.toml": ROOT / "corpus" / "examples" / "fukuoka-r02-juyoshisaku.mapping.toml"})
    answer = service.ask("このリストに出ている施策の予算、ぜんぶ足したら総額いくら？")
    assert not answer.abstained and "（168件）" in answer.answer, answer.answer
