"""Programs named one by one in a sum (「AとBを合わせると」) are summed alone; a count of things inside a program is
never a count of programs; the case a question names (「第3子以降だと」「単身で」) picks its own amount; a heading's
total answers its own previous year and change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def service(embedder, tmp_path_factory):
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("cases")
    for path in (*(FIXTURES / "scored-2026-12-03-s3" / "otaru").iterdir(),
                 FIXTURES / "scored-2026-12-03" / "layouts" / "higashino_r07_yosan.txt",
                 FIXTURES / "scored-2026-12-03" / "layouts" / "minato_r07_eisei_meisai.txt",
                 FIXTURES / "scored-2026-12-03" / "layouts" / "wakaba_r07_juten.txt",
                 FIXTURES / "scored-2026-12-03-s3" / "layouts3" / "chiikishinko-r08-yosan-gaiyo.txt"):
        shutil.copy(path, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


def _plain(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９，", "0123456789,"))


@pytest.mark.parametrize(("question", "total", "parts"), [
    # The second name is elliptical: the head before 「、」 qualifies both parts.
    ("令和2年度の教育情報化推進事業費、小学校分と中学校分を合わせるといくら？", "436,150千円", ["小学校", "中学校"]),
])
def test_programs_named_one_by_one_are_summed_alone(service, question, total, parts):
    answer = service.ask(question)
    assert total in _plain(answer.answer) and "件）" not in answer.answer, answer.answer
    assert len(answer.citations) == len(parts)
    assert all(any(p in c.program_title for c in answer.citations) for p in parts)


@pytest.mark.parametrize("question", [
    "創業支援事業費で令和2年度は何件くらいの創業を補助する見込み？",  # 何件の「創業」: things, not programs
    "出産祝金支給事業は何人に配る予定？",
])
def test_a_count_of_things_inside_a_program_is_never_a_count_of_programs(service, question):
    answer = service.ask(question)
    assert "の事業は" not in answer.answer and "件です" not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "amount"), [
    ("出産祝金は第3子以降だといくらもらえる？", "30万円"),
    ("出産祝金って第2子だといくらもらえるの？", "20万円"),
    ("地方就業・移住支援事業で、単身で移住したらいくらもらえる？", "60万円"),
    ("小樽に引っ越して中古住宅を買う場合の補助は最大いくら？", "100万円"),
])
def test_the_case_a_question_names_picks_its_own_amount(service, question, amount):
    answer = service.ask(question)
    assert not answer.abstained and amount in _plain(answer.answer.split("\n")[0]), answer.answer
    assert answer.citations and amount in _plain(answer.citations[0].quote), answer.citations


@pytest.mark.parametrize(("question", "programs"), [
    ("何件くらいの創業を補助する見込み？", False),
    ("いくつの施策がある？", True),
    ("子育ての事業は何件？", True),
])
def test_the_noun_after_a_counter_says_what_is_counted(question, programs):
    from qa.understand import understand

    assert understand(question, []).counts_programs is programs


@pytest.mark.parametrize(("question", "needed"), [
    ("予防費の前年度予算額", ["1,570,724千円"]),  # a ledger's 目: its 前年度 column
    ("じん芥処理費は前年度からいくら減った？", ["353,310千円", "減"]),
    ("町道改良事業の増減額", ["30,652,000円", "減"]),  # a program's row with its previous year
])
def test_a_headings_or_programs_change_is_computed_from_its_two_stated_figures(service, question, needed):
    answer = service.ask(question)
    assert not answer.abstained and all(n in _plain(answer.answer) for n in needed), answer.answer
    assert "個別に載っている" not in answer.answer  # not the programs under the heading


@pytest.mark.parametrize(("question", "needed"), [
    ("施策の柱４で最も予算額が大きい事業は？", ["中小企業金融支援事業"]),  # headings sharing 「施策の柱」: by number
    ("施策の柱３の小計", ["11,733百万円", "施策の柱3"]),  # a 小計 line is its heading's total
])
def test_a_heading_named_by_its_number_scopes_a_ranking_and_its_subtotal(service, question, needed):
    answer = service.ask(question)
    assert not answer.abstained and all(n in _plain(answer.answer) for n in needed), answer.answer


@pytest.fixture(scope="module")
def records_service(embedder, tmp_path_factory):
    """茨城県's records, where a program's title is also the heading of its parts (「外国人材活躍促進事業」 > 外国人材の確保)."""
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("records")
    for name in ("ibaraki-r02-yosan.json", "ibaraki-r02-yosan.mapping.toml"):
        shutil.copy(FIXTURES / "blind" / name, corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


@pytest.mark.parametrize(("question", "amount"), [
    ("都市間高速バスのネットワーク強化事業にはいくら？", "90,000"),
    ("外国人材の活躍促進事業にいくら計上されてる？", "107,000"),
])
def test_a_heading_that_is_a_program_of_its_own_answers_its_budget_not_its_parts(records_service, question, amount):
    answer = records_service.ask(question)
    assert not answer.abstained and amount in answer.answer.split("\n")[0] and "件です" not in answer.answer, \
        answer.answer


def test_a_heading_named_by_its_place_scopes_a_ranking(embedder, tmp_path_factory):
    """「施策２の中で」: the second 施策 of the one document that calls its parts 施策, among four documents."""
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("ordinal")
    for path in (FIXTURES / "scored-2026-12-03-s3" / "layouts3").iterdir():
        if path.suffix in (".txt", ".md"):
            shutil.copy(path, corpus)
    service = QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)
    answer = service.ask("施策２の中で予算が一番大きい事業はどれ？")
    assert "中小企業振興資金貸付金" in answer.answer and "120億円" in answer.answer, answer.answer
