"""Answers on round 34's sets (tuning data since their first scores, `scored-2026-12-07-s37`) and on what the newcomer
of round 33 met (newuser38): an English question naming a program by its English words, the new programs asked in
English, an area's total asked by its heading's words, a new topic after a sum, a year said with 今年, a degree asked
of the program's thing, counts typed in kana, a difference said with 差, a publisher named after words before it, and
a program of a government's records asked with its year."""

from __future__ import annotations

import pytest

from tests.answer.conftest import documents_in
from tests.conftest import FIXTURES, SEED

RECORDS34 = FIXTURES / "records34"
LAYOUTS41 = FIXTURES / "scored-2026-12-07-s36" / "layouts41"

# A city's 主要事業の紹介 page (newuser38's form, written for this test): the library's program beside the seed's
# METI programs, whose 「デジタル」 titles an English question's one translated word would otherwise pick.
CITY_PAGE = """<html><head><title>令和8年度 港川市 主要事業の紹介</title></head><body>
<h1>令和8年度 主要事業の紹介</h1>
<h2>1 子育て・教育</h2>
<h3>中央図書館デジタルアーカイブ事業</h3>
<p>事業費：1,200万円</p>
<dl><dt>担当</dt><dd>教育委員会 中央図書館</dd><dt>内容</dt><dd>郷土資料や古文書をデジタル化し、インターネットで公開します。</dd></dl>
<h3>放課後児童クラブ運営事業</h3>
<p>事業費：2億3,400万円</p>
<dl><dt>担当</dt><dd>こども未来部 こども政策課</dd><dt>内容</dt><dd>共働き家庭の小学生を放課後に預かる児童クラブを運営します。</dd></dl>
</body></html>
"""


@pytest.fixture(scope="module")
def city_service(corpus_service):
    return corpus_service("round34-city", {"minatogawa_r8_shuyo.html": CITY_PAGE, SEED.name: SEED})


def test_an_english_question_names_the_program_its_english_words_describe(city_service):
    """"project" holds "pr", the seed's 「PR資料」 word: no Latin word names a document inside another one."""
    answer = city_service.ask("How much is the library digital archive project?")
    assert answer.citations and answer.citations[0].program_title == "中央図書館デジタルアーカイブ事業", answer.answer
    assert "1,200万円" in answer.answer


def test_a_library_or_a_committee_is_the_office_of_its_programs(city_service):
    listed = city_service.find_programs(department="中央図書館")
    assert [p.title for p in listed] == ["中央図書館デジタルアーカイブ事業"]


@pytest.fixture(scope="module")
def flagged_service(corpus_service):
    """A prefecture's 新規・拡充事業一覧 (.xlsx, 区分 merged down: 12 new programs)."""
    return corpus_service("round34-flagged", documents_in(LAYOUTS41, ".xlsx"))


@pytest.mark.parametrize(("question", "flag"), [
    ("What new programs are there?", "【新規】"),
    ("Are there any expanded projects?", "【拡充】"),
])
def test_the_programs_a_marker_names_are_listed_when_asked_in_english(flagged_service, question, flag):
    answer = flagged_service.ask(question)
    assert answer.answer.startswith(f"{flag}の事業は") and len(answer.citations) >= 3, answer.answer


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # a mention the heading's own words hold (サイバー of 「サイバー領域における能力強化」): the heading's stated total
    (["サイバー関係の予算は全体でいくら？"], "２，６４３億円", "1,723億円"),
    # 「話かわるけど」: a new topic, not the two programs the last answer added
    (["サイバー関係の予算は全体でいくら？", "その中でクラウドの整備は、中央と空自あわせていくら？",
      "話かわるけど、宇宙のほうは全体でいくら？"], "宇宙", "クラウド"),
    # 「今年いくら」 asks the year's budget, not what one recipient is paid
    (["装備品の維持整備にかける費用は今年いくら？"], "２０，３５５億円", "記載されていません"),
    # how fast the program's missile is: its text says, whatever word it uses for missile (誘導弾)
    (["極超音速のミサイルってどのくらい速いの？"], "音速の５倍以上", "記載されていません"),
])
def test_questions_on_a_real_defence_budget_summary(mod_service, chat, questions, expected, absent):
    answer = chat(mod_service, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize(("question", "expected"), [
    ("この資料って全部でなん事業のってる？", "28件"),
    ("IT導入とものづくり補助金って予算どんだけ差あるの", "500.0億円大きい"),
])
def test_a_count_in_kana_and_a_difference_said_with_sa(seed_service, question, expected):
    answer = seed_service.ask(question).answer
    assert expected in answer, answer


@pytest.fixture(scope="module")
def records_service(corpus_service):
    """Slices of 茨城県's and 福岡市's H31/R2 records, read by their mappings."""
    return corpus_service("round34-records", documents_in(RECORDS34, ".json", ".toml"))


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # the government and the year name where to look; the rest names one program of it, not a listing of them all
    (["茨城県の令和2年度、水戸とつくばを結ぶ高速バスの強化事業っていくら？"], "90,000", "件です"),
    (["茨城県の令和2年度、水戸とつくばを結ぶ高速バスの強化事業っていくら？", "前年度はいくらだった？"], "58,000", "件です"),
    # 「ちなみに福岡市だと」 after 茨城県's program: 福岡市's own program, though 茨城県's title holds the words
    (["茨城県で地域猫の不妊去勢手術の補助（令和2年度）について聞きたいんだけど、県のどこに問い合わせればいい？",
      "ちなみに福岡市だと、犬猫の殺処分ゼロをめざす取り組みは令和2年度いくら？"], "96,904千円", "27,000"),
])
def test_a_governments_records_answer_for_the_government_named(records_service, chat, questions, expected, absent):
    answer = chat(records_service, questions)
    assert expected in answer and absent not in answer, answer
