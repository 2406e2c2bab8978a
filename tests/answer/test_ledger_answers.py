"""Answers from a town's ledger (事項別明細書, pdftotext -layout) and a city's CSV read from its header: the details
listed under a 事業 (「・農業委員 10人」), amounts per person or head, and rankings within a 款.

The documents were scored once as held-out data (layouts5, first score 0.289 at 95b976c) and are tuning data since;
the questions here are the engineers' own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

LAYOUTS5 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-03-s5" / "layouts5"


@pytest.fixture(scope="module")
def ledger_service(corpus_service):
    return corpus_service("ledger5", {name: LAYOUTS5 / name for name in (
        "kazami-machi-r09-saishutsu-jikobetsu-meisaisho.txt", "shiomi-shi-r09-shuyo-jigyo-ichiran.csv",
        "shinonome-ken-r09-tosho-yosan-gaiyo.txt")})


@pytest.mark.parametrize(("turns", "needed"), [
    (["農業委員会運営事業で、農地利用最適化推進委員は何人？"], ["8人"]),
    (["有害鳥獣被害対策事業の捕獲報償金は1頭いくら？"], ["8,000円"]),
    (["保育士確保対策事業の予算は？", "その就職支援金は1人あたりいくら？"], ["20万円"]),
    (["農林水産業費の中で予算が一番大きい事業は？"], ["中山間地域等直接支払交付金事業"]),
    (["地域公共交通確保維持事業の前年度の予算は？"], ["88,650千円"]),
    # The change and its share of last year's figure, both computed from the two cited figures.
    (["地域公共交通確保維持事業は前年度から何％増えた？"], ["5,450千円の増", "前年度比+6.1％"]),
])
def test_a_ledgers_details_and_a_header_tables_figures_are_answered(ledger_service, turns, needed):
    from qa.answer import Turn

    history: list[Turn] = []
    for question in turns:
        answer = ledger_service.ask(question, history)
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    assert not answer.abstained and all(n in answer.answer for n in needed), answer.answer[:200]
    assert answer.citations


def test_a_phone_number_asked_of_an_office_given_without_one_is_said_missing(ledger_service):
    answer = ledger_service.ask("スタートアップ創出拠点整備事業の電話番号は？")
    assert answer.abstained and "電話番号は記載されていません" in answer.answer
    assert "産業イノベーション課" in answer.answer and answer.citations  # the office it does give, cited
