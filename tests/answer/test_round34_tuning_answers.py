"""Answers on round 34's sets (tuning data since their first scores, `scored-2026-12-07-s37`) and on what the newcomer
of round 33 met (newuser38): an English question naming a program by its English words, the new programs asked in
English, an area's total asked by its heading's words, a new topic after a sum, a year said with 今年, a degree asked
of the program's thing, counts typed in kana, a difference said with 差, a publisher named after words before it, and
a program of a government's records asked with its year."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc
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
    # who publishes the paper, asked with the asking word first: its publisher, no program's contact
    (["この予算の資料について問い合わせたいんだけど、どこが出してる資料？"], "防衛省", "問い合わせ先"),
    # the paper's own contact asked, of a paper giving none: said so, and who publishes it (no program's contact)
    (["この「我が国の防衛と予算」って資料、どこに問い合わせればいい？"], "防衛省", "情報資料"),
])
def test_questions_on_a_real_defence_budget_summary(mod_service, chat, questions, expected, absent):
    answer = chat(mod_service, questions)
    assert expected in answer and absent not in answer, answer


@pytest.mark.parametrize(("question", "expected"), [
    # where a program stands in the ranking by budget (round 35's chat set)
    ("省エネの補助って予算の多さでいうと何番目？", "28件のうち5番目"),
    ("IT導入補助金は予算の大きさで何位？", "2番目"),
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
    # the office asked, though the question names the 窓口 the program runs: its 部局, not a sentence on the 窓口
    (["茨城県（令和2年度）のLINEとかSNSでいじめ相談できる窓口の件、担当はどこの課？"], "生徒指導推進室", "開設期間"),
])
def test_a_governments_records_answer_for_the_government_named(records_service, chat, questions, expected, absent):
    answer = chat(records_service, questions)
    assert expected in answer and absent not in answer, answer


LAYOUTS43 = FIXTURES / "scored-2026-12-07-s37" / "layouts43"
LAYOUTS44 = FIXTURES / "scored-2026-12-07-s37" / "layouts44"


@pytest.fixture(scope="module")
def guides_service(corpus_service):
    """A town's やさしい予算のあらまし (Q&A bubbles), a city's English budget highlights, a prefecture's 部局別 Markdown."""
    return corpus_service("round34-layouts43", documents_in(LAYOUTS43, ".txt", ".md"))


@pytest.fixture(scope="module")
def committee_service(corpus_service):
    """A 広域行政組合's 予算の概要, a council committee's 新規事業一覧 over two pages, a city's 事業シート workbook."""
    return corpus_service("round34-layouts44", documents_in(LAYOUTS44, ".txt", ".xlsx"))


@pytest.mark.parametrize(("question", "expected"), [
    # a Q&A bubble's answer is quoted with its question: 「Q. だれが使えるの？」 over 「A. 75歳以上で…」
    ("おでかけタクシー券ってだれがもらえるの？", "75歳以上"),
    ("学童保育の利用料はいくら？", "5,000円"),
    # two headings joined: the programs under either (the 部局 a Markdown list heads its tables with)
    ("こども未来部と教育委員会の主要事業を足すと全部でいくら？", "2,764,400千円"),
    # an English summary's program, its amount as written
    ("How much is the free school lunch program in Kitamine?", "¥1.86 billion"),
])
def test_guides_and_an_english_summary_answer(guides_service, question, expected):
    answer = guides_service.ask(question).answer
    assert expected in answer, answer


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # two offices joined: the programs of either, in every document
    ("高齢福祉課と障がい福祉課の事業をあわせると予算はいくら？", "高齢福祉課・障がい福祉課", "記載"),
    # a year names no total: 「令和8年度末現在高見込額」 (the union's bonds) is not the 学童 program's figure
    ("学童保育の運営費、令和8年度はいくら？", "", "現在高"),
])
def test_offices_joined_and_a_year_that_names_no_total(committee_service, question, expected, absent):
    answer = committee_service.ask(question).answer
    assert expected in answer and absent not in answer, answer


def test_a_list_continued_on_a_second_page_is_one_list(committee_service):
    """「令和８年度 新規事業一覧（続き）」 over the second page's repeated header: no heading of its own, so that the
    second page's nine programs are not a list apart."""
    listed = committee_service.find_programs(category="続き")
    assert listed == []


@pytest.fixture(scope="module")
def mhlw_service(corpus_service):
    """The real MHLW R2 second supplementary budget, read as records by its mapping (round 34's record set's)."""
    return corpus_service("round34-mhlw", {"mhlw-r02-hosei2.json": FIXTURES / "real" / "mhlw-r02-hosei2.json",
                                           "mhlw-r02-hosei2.json.mapping.toml":
                                           FIXTURES / "scored-2026-12-07-s37" / "recs33" / "mhlw-r02-hosei2.json.mapping.toml"})


def test_what_a_program_is_for_is_not_quoted_from_its_rows_year_line(mhlw_service):
    """「年度：令和２年度 厚生労働省第二次補正予算（案）の概要」 holds the question's 厚労省, 二次補正 and 令和2年度, as every
    row's does: no answer to what the money is for."""
    answer = mhlw_service.ask("厚労省の二次補正（令和2年度）の検疫の水際対策、63億円って何に使うの？").answer
    assert "待機施設" in answer and "年度：" not in answer, answer


NEWUSER39 = FIXTURES / "newuser39"


@pytest.fixture(scope="module")
def bilingual_service(corpus_service):
    """A city's English budget highlights beside a town's Japanese 事業シート workbook (newuser39's documents)."""
    return corpus_service("round34-newuser39", documents_in(NEWUSER39, ".txt", ".xlsx"))


def test_an_english_summarys_stated_total_answers_its_general_account(bilingual_service):
    """「The general account totals ¥86.4 billion」 in the summary's opening: the document's total, not the eight
    programs' sum."""
    answer = bilingual_service.ask("What is the general account total of Sakuragawa City?").answer
    assert "¥86.4 billion" in answer and "3,077,500,000" not in answer.split("。")[0], answer


@pytest.mark.parametrize(("question", "program"), [
    ("バスの事業の予算", "Community Bus Route Renewal"),
    ("多言語相談センターの予算は？", "Multilingual Consultation Center"),
    ("健康診断の予算は？", "Free Health Checkups Expansion"),
])
def test_a_japanese_question_finds_the_english_documents_program(bilingual_service, question, program):
    """The English its text writes for the question's words (bus, consultation …) meets it in BM25 as the dense model
    does: the program answered is the one the English document describes, not a Japanese program sharing a word."""
    answer = bilingual_service.ask(question)
    assert answer.citations and answer.citations[0].program_title == program, answer.answer


@pytest.mark.parametrize("questions", [
    ["ペットを飼ってる人への補助ってある？", "いくら？"],
    ["保育園の待機児童対策の予算は？", "担当は？"],
])
def test_a_follow_up_of_a_declined_question_is_declined_too(seed_service, conversation, questions):
    """No program shown (the first answer said the documents do not tell): the follow-up looks the first question up
    again, as unsure as it was then, and is no grounded answer about whatever program came first (it was
    ものづくり's 1000.0億円 for 「いくら？」)."""
    first, last = conversation(seed_service, questions[:1]), conversation(seed_service, questions)
    assert first.abstained and last.abstained and not last.citations, last.answer


@pytest.mark.parametrize(("questions", "expected", "absent"), [
    # 「見守り」, a verb's 連用形 standing as the topic, names the program whose text says 見守り
    (["ぼいらーの交換するのってどの事業？", "いくら？", "じゃあ見守りは？"], "高齢者見守りネットワーク事業", "温泉"),
    # "it" with a word or two of what is asked: the program shown, and which things it names (no budget inherited)
    (["What is the budget of the Multilingual Consultation Center?", "Which languages does it support?"],
     "Vietnamese", "¥64 million"),
])
def test_follow_ups_stay_or_move_as_the_user_means(bilingual_service, chat, questions, expected, absent):
    answer = chat(bilingual_service, questions)
    assert expected in answer and absent not in answer, answer


def test_a_workbook_of_forms_is_named_by_its_title_line(bilingual_service):
    """「令和8年度 梅ノ木町 事業シート」 over each form names the document (and so the town), and the forms' 「項目｜内容」
    header row is no field of any program: the town's programs are its six, not the corpus's fourteen."""
    assert "6件" in bilingual_service.ask("梅ノ木町の事業はいくつ？").answer
    workbook = [p for p in bilingual_service.index.programs if p.document.endswith(".xlsx") and p.kind == "program"]
    assert len(workbook) == 6 and not any(s.name == "項目" for p in workbook for s in p.sections)
    assert {p.budget.fiscal_year for p in workbook} == {2026}


def test_an_english_office_is_named_as_its_document_writes_it(bilingual_service):
    answer = bilingual_service.ask("How many programs does the International Affairs Division run?").answer
    assert answer.startswith("International Affairs Divisionの事業は3件"), answer


@pytest.mark.parametrize(("question", "count"), [
    # an amount written in English is a condition on budgets; the town named in romaji places it (no run of Latin
    # letters of the other document's title, 「abudgetover」's 「budge」, names that one)
    ("Which Umenoki programs have a budget over 20 million yen?", "3件"),
    ("Which programs cost more than ¥100 million?", "3件"),
])
def test_an_english_amount_condition_filters_the_programs(bilingual_service, question, count):
    answer = bilingual_service.ask(question).answer
    assert count in answer.split("。")[0], answer


def test_a_grant_asked_without_a_cap_word_gives_the_budget_when_no_cap_is_stated(committee_service):
    """「…の補助っていくら？」 of a program stating no cap per applicant: said so, and the program's budget given (what
    the question may mean too); asked 「上限」 by name, only said missing."""
    answer = committee_service.ask("すまーと農業の機械の補助っていくら？").answer
    assert "記載がありません" in answer and "12,000千円" in answer, answer
    capped = committee_service.ask("スマート農業機械導入支援事業の補助上限はいくら？").answer
    assert "12,000千円" not in capped, capped


LAYOUTS46 = FIXTURES / "scored-2026-12-07-s38" / "layouts46"


@pytest.fixture(scope="module")
def board_service(corpus_service):
    """A board of education's 学校別予算配当一覧 and 主要事業, a mayor's answers to budget requests, a 専決処分."""
    return corpus_service("round35-layouts46", documents_in(LAYOUTS46, ".txt", ".md"))


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # the city named with its board (「白鷺野市教育委員会」 in the title): that document's program, not another city's row
    ("白鷺野市で学校の体育館にエアコンつけるやつ、予算いくら？", "386,200千円", "312,000"),
    # a 「【問い合わせ先】」 label alone, in the last program's span, names no office: never 「担当は「」」
    ("白鷺野城跡発掘調査事業の電話番号は？", "0295", "「」"),
])
def test_a_boards_list_answers_for_its_city(board_service, question, expected, absent):
    answer = board_service.ask(question).answer
    assert expected in nfkc(answer) and absent not in answer, answer
