"""Facts a document states in its own words: the overall budget's change told in the overview outside every program
(「前年度比で1兆4,213億円（27.4％）増」), a count stated on another page that names the item, and details inside a
program's text the attribute cues did not read —
rates written 「3分の1」, amounts paid 「5万円支給」 or by the month, an age limit. Questions written here, not taken
from any question set."""

from __future__ import annotations

from fractions import Fraction

import pytest

from qa.answer.attributes import rate_of
from qa.answer.units import prose_units
from qa.ingest.models import Document, Program
from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows

# Rows of the national review whose 概要 states a detail in words the cues did not read, and neighbours of the same
# ministries for retrieval to choose among.
ROWS = ("コールドチェーンを支える冷凍冷蔵機器", "児童扶養手当", "妊婦のための支援給付費", "児童手当等交付金")


@pytest.fixture(scope="module")
def review_service(corpus_service):
    rows = review_rows()
    wanted = [r for r in rows if r["projectName"].startswith(ROWS)]
    neighbours = [r for r in rows if r["ministry"] in ("こども家庭庁", "環境省") and r not in wanted][:60]
    return corpus_service("review", {"review.csv": review_csv(wanted + neighbours),
                                     "review.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "needed"), [
    ("冷凍冷蔵倉庫に自然冷媒の機器を入れる補助の補助率は？", "3分の1"),   # 「補助率は原則3分の1とする。」
    ("児童扶養手当は子どもが何歳になるまでもらえる？", "18歳"),          # 「18歳に達する日以降の最初の3月31日まで」
    ("妊婦のための支援給付は認定を受けるといくらもらえる？", "5万円"),    # 「妊婦給付認定を受ける⇒5万円支給」
    ("児童手当は第3子以降だと月いくら？", "3万円"),                    # 「多子加算について第3子以降3万円とする」
])
def test_a_detail_a_program_states_in_its_own_words_is_answered_not_said_missing(review_service, question, needed):
    answer = review_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer
    assert any(needed in c.quote for c in answer.citations), answer.citations


def test_a_detail_no_sentence_states_is_still_said_missing(review_service):
    answer = review_service.ask("児童扶養手当の1人あたりの支給額の上限は？")  # its 概要 gives no amount
    assert answer.abstained, answer.answer


@pytest.mark.parametrize(("question", "needed"), [
    ("令和5年度の防衛費は前の年より何％増えた？", "27.4％"),
    ("新規後年度負担は前年度の何倍になった？", "2.9倍"),
    # Retrieval's first is an area's total line with no sentence of its own; 去年 is the documents' 前年度.
    ("去年と比べると防衛の予算はいくら増えたの？", "1兆4,213億円"),
])
def test_a_figure_of_the_whole_budget_is_quoted_from_the_documents_overview(mod_service, question, needed):
    answer = mod_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer
    cited = answer.citations[0]
    assert cited.section == "資料全体" and needed in cited.quote and cited.document.startswith("mod-r05")


def test_a_count_the_document_states_on_another_page_where_it_names_the_item_is_answered(mod_service):
    # The item's own lines give its price; a column page says 「イージス・システム搭載艦２隻が必要。」
    answer = mod_service.ask("イージス・システム搭載艦は何隻整備する予定？")
    assert not answer.abstained and "2隻" in answer.answer, answer.answer
    assert "イージス・システム搭載艦２隻" in answer.citations[0].quote


def test_a_targets_percentage_is_not_a_subsidy_rate(seed_service):
    # The program states 「補助事業者の事業計画達成率を80%以上とすることを目指します。」 and no rate.
    answer = seed_service.ask("事業承継・世代交代集中支援事業の補助率は？")
    assert answer.abstained and "80%" not in answer.answer, answer.answer
    # 「サービス産業の生産性伸び率を2020年までに2.0%を実現」 is a target beside the rate 1/2.
    answer = seed_service.ask("What is the subsidy rate for the IT introduction support program?")
    assert "1/2" in answer.answer.splitlines()[0] and "2.0%" not in answer.answer.splitlines()[0], answer.answer


@pytest.mark.parametrize(("written", "rate"), [
    ("補助率は原則3分の1とする", Fraction(1, 3)), ("２分の１以内", Fraction(1, 2)), ("三分の二", Fraction(2, 3)),
    ("1/2", Fraction(1, 2)), ("50%", Fraction(1, 2)),
])
def test_a_rate_is_read_in_every_written_form(written, rate):
    from qa.ingest.normalize import nfkc

    assert rate_of(nfkc(written)) == rate


def test_prose_units_are_the_text_outside_every_program_with_wrapped_sentences_joined():
    text = ("令和７年度予算の概要\n"
            "○歳出予算は、総額として\n"
            "1,200億円を計上、前年度比で5.0％増。\n"
            "１．子育て支援事業　10億円\n"
            "保育所を整備する。\n"
            "○その他の取組を進める。\n")
    program_start = text.index("１．")
    program_end = text.index("○その他")
    doc = Document(name="d", path="d.txt", text=text)
    program = Program(id="p", title="子育て支援事業", document="d", start=program_start, end=program_end)
    units = [u.text.replace("\n", "") for u in prose_units(doc, [program])]
    assert "○歳出予算は、総額として1,200億円を計上、前年度比で5.0％増。" in units
    assert not any("保育所" in u for u in units)
    assert "○その他の取組を進める。" in units
