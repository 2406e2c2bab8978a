"""A corpus of two documents of different places: a question naming one (「あおば町の…」, its name written in kana
where its lemma is a kanji word) is answered from that document alone (a new user's trial, 2026-12-03)."""

from __future__ import annotations

from pathlib import Path

import pytest

TOWN = """令和7年度 あおば町 当初予算の概要

一般会計の総額は41億2,000万円で、前年度に比べ1.8%の増となりました。主な事業は次のとおりです。

１．ごみ収集車更新事業　1,100万円
　老朽化したごみ収集車を更新します。
　担当：環境課

２．町民体育館改修事業　2,900万円
　体育館の屋根を改修します。
　担当：生涯学習課

３．農道補修事業　1,600万円
　農道の舗装を補修します。
　担当：産業課
"""
CITY = ("番号,事業名,担当課,予算額（千円）,前年度予算額（千円）,事業概要\n"
        "1,子ども医療費助成事業,子育て支援課,412500,398000,高校生までの医療費を助成する。\n"
        "2,地域公共交通運行事業,交通政策課,88000,85000,コミュニティバスを運行する。\n"
        "3,図書館システム更新事業,中央図書館,45000,,図書館の貸出システムを更新する。\n"
        ",合計,,545500,483000,\n")


@pytest.fixture(scope="module")
def two_documents(corpus_service):
    return corpus_service("two-docs", {"aoba-yosan-gaiyo.txt": TOWN, "city-shuyo-jigyo.csv": CITY})


@pytest.mark.parametrize(("question", "needed", "absent"), [
    ("あおば町の主な事業はいくつ？", ["3件"], ["6件"]),
    ("あおば町の予算の合計は？", ["41億2,000万円"], ["545,500"]),
    ("あおば町の一般会計の総額は？", ["41億2,000万円"], []),
    ("予算の合計は？", [], []),  # answered, from one document or the other, never an error
    # The kind of office alone (「町の」), and the document whose publisher is unsaid for the other kind (「市の」).
    ("町の事業で予算額の上位2つは？", ["町民体育館改修事業", "農道補修事業"], ["子ども医療費"]),
    ("市の事業はいくつ？", ["3件"], ["6件", "ごみ収集車"]),
    # A top N asks across programs with no heading named, largest first.
    ("予算額の大きい順に2つ教えて", ["大きい順に2件"], ["小さい順"]),
])
def test_a_question_naming_one_document_is_answered_from_it(two_documents, question, needed, absent):
    answer = two_documents.ask(question)
    assert all(n in answer.answer for n in needed) and not any(a in answer.answer for a in absent), answer.answer


LEDGER = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "ledger9" / "sakura-r8-jikoubetsu.txt"
PREF = ("番号,部局名,所管課,事業名,令和8年度当初予算額(千円),前年度当初予算額(千円),新規・拡充,事業の概要\n"
        "1,農林水産部,水産振興課,漁港施設長寿命化事業,1284000,1190000,,漁港施設の老朽化対策を行う。\n"
        "2,商工労働部,産業政策課,スタートアップ創出支援事業,98500,－,新規,起業家の創出を支援する。\n"
        "3,県土整備部,道路建設課,県道バイパス整備事業,2845000,2600000,拡充,県道のバイパスを整備する。\n")


@pytest.fixture(scope="module")
def city_and_prefecture(corpus_service):
    return corpus_service("city-pref", {LEDGER.name: LEDGER, "minato-pref-r8-shuyo.csv": PREF})


@pytest.mark.parametrize(("question", "needed", "absent"), [
    # The city named in its ledger's title (「さくら市一般会計予算…」) with a marker: the city's 新規 alone.
    ("さくら市の新規事業は？", ["2件", "小学校給食費無償化事業"], ["スタートアップ"]),
    # 「県の」: the prefecture's list, whose publisher the CSV never writes, not the city's ledger.
    ("県の事業の予算総額は？", ["4,227,500千円"], ["障害者自立支援給付事業"]),
    # Two 款 of the ledger compared: both, and their difference (not the first one's change from last year).
    ("衛生費と教育費の予算はどちらが大きい？", ["衛生費（1,665,700千円）のほうが", "696,920千円"], ["前年度"]),
    # A count with the sum asked beside it.
    ("商工労働部と県土整備部の事業はいくつ？予算の合計も", [], []),  # answered, never an error
    ("県土整備部の事業はいくつで、予算の合計はいくら？", ["1件", "予算額を足すと2,845,000千円"], []),
    # A 新規 program's last year (「－」) is none, said so: not 「記載されていません」.
    ("スタートアップ創出支援事業の前年度の予算は？", ["新規の事業で、前年度の予算額はありません", "98,500千円"], ["記載されていません"]),
])
def test_a_city_ledger_and_a_prefecture_list_are_told_apart(city_and_prefecture, question, needed, absent):
    answer = city_and_prefecture.ask(question)
    assert all(n in answer.answer for n in needed) and not any(a in answer.answer for a in absent), answer.answer
