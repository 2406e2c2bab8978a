"""Questions across programs, years, follow-ups and common names: computed, cited, and abstaining when unsaid."""

from __future__ import annotations

import shutil

import pytest

from qa.answer import Turn
from qa.ingest.normalize import nfkc
from tests.conftest import STYLES

pytestmark = pytest.mark.slow


def _budget_cites(service, answer):
    for c in answer.citations:
        assert c.section == "予算額"
        assert service.index.documents[c.document].text[c.start:c.end] == c.text


def test_largest_and_smallest_budget_are_computed_and_cited(seed_service):
    largest = seed_service.ask("予算額が一番大きい事業は？")
    assert "ものづくり・商業・サービス経営力向上支援事業" in largest.answer and "1000.0億円" in largest.answer
    smallest = seed_service.ask("最も予算が少ない事業はどれ？")
    assert "休廃止鉱山" in smallest.answer and "1.3億円" in smallest.answer
    _budget_cites(seed_service, largest)


def test_ranking_follow_up_asks_for_the_next_one(seed_service):
    first = "予算額が一番大きい事業は？"
    second = seed_service.ask("じゃあ2番目は？", [Turn("user", first), Turn("assistant", "…")])
    assert "サービス等生産性向上IT導入支援事業費" in second.answer and "500.0億円" in second.answer


def test_total_of_a_category_cites_every_part(seed_service):
    answer = seed_service.ask("防災・減災関連の予算の合計は？")
    assert "363.9億円" in answer.answer
    assert len(answer.citations) == 6
    _budget_cites(seed_service, answer)


def test_threshold_lists_programs_below_an_amount_in_other_units(seed_service):
    answer = seed_service.ask("500百万円未満の事業は？")  # = 5億円
    assert "4件" in answer.answer
    assert all(name in answer.answer for name in ("休廃止鉱山", "デジタルプラットフォーム", "新市場創出", "決済情報"))


def test_count_and_category_listing(seed_service):
    count = seed_service.ask("災害対策関連の事業はいくつ？")
    assert "1件" in count.answer
    listing = seed_service.ask("人づくり革命関連にはどんな事業がありますか？")
    assert "学びと社会の連携促進事業" in listing.answer and "25.0億円" in listing.answer


def test_comparison_of_two_named_programs(seed_service):
    answer = seed_service.ask("石油製品安定供給確保支援事業と中小企業BCP策定支援事業はどちらが予算が大きい？")
    assert "石油製品安定供給確保支援事業（60.0億円）のほうが" in answer.answer and "53.0億円" in answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("ものづくり補助金の予算は？", "1000.0億円"),
    ("JOGMECの船舶建造事業の予算は？", "60.0億円"),
    ("グループ補助金の予算額は？", "46.9億円"),
    ("持続化補助金の補助率は？", "2/3"),
])
def test_common_names_find_their_program(seed_service, question, expected):
    assert expected in seed_service.ask(question).answer


@pytest.fixture(scope="module")
def styles_service(embedder, tmp_path_factory):
    from qa.service import QAService

    base = tmp_path_factory.mktemp("styles")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in ("r5-hosei-markdown.md", "r6-tousho-table.txt"):
        shutil.copy(STYLES / name, corpus)
    return QAService.open(base / "index", corpus, embedder=embedder, progress=False)


def test_previous_year_figure_answers_last_years_question(styles_service):
    inline = styles_service.ask("観光地の多言語案内整備事業の前年度の予算は？")
    assert "12.0億円" in inline.answer and not inline.abstained
    separate = styles_service.ask("港湾の脱炭素化実証事業の前年度の予算はいくら？")
    assert "10.0億円" in separate.answer
    assert separate.citations[0].text.count("予算額") == 2  # the span covers both lines


def test_uchi_part_answers_from_the_right_figure(styles_service):
    answer = styles_service.ask("町工場デジタル化支援事業のうちデジタル人材分はいくら？")
    assert "2億円" in answer.answer and "デジタル人材分" in answer.answer


def test_million_yen_totals_are_converted_and_say_so(styles_service):
    answer = styles_service.ask("防災・強靱化関連の事業を全部挙げて")
    assert "100百万円" in nfkc(answer.answer) and "換算" in answer.answer


def test_a_year_the_documents_do_not_cover_abstains(styles_service):
    answer = styles_service.ask("観光地の多言語案内整備事業の令和2年度の予算は？")
    assert answer.abstained and "令和2年度" in answer.answer


def test_contacts_from_a_closing_table_answer_contact_questions(styles_service):
    answer = styles_service.ask("港湾の脱炭素化実証事業の問い合わせ先は？")
    assert "03-2222-3333" in answer.answer
