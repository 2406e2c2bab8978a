"""Kinds found on round 18's sealed sets once they became tuning data (tests/fixtures/scored-2026-12-06-s21), each
answered by a general mechanism: a count asked in a noun no list names (「何道府県」), also after a turn that asked
the budget; a model code written with an English plural's s; contacts asked for (a way to reach a service quoted
from the program's text where its fields give none, an office level the department does not give said missing),
never read from a word that only tells the user's case (「電話や訪問で支援した場合」); a spend asked in the present
(「いくら使ってる？」) is the budget. The questions are the engineers' own, over rows of the real national review and the
real 防衛省 予算の概要.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.answer import Turn
from qa.ingest.normalize import nfkc
from qa.understand.query import understand
from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows


@pytest.fixture(scope="module")
def regulators(corpus_service):
    """The real national review's rows of 原子力規制委員会, 公正取引委員会 and 消費者庁 (102 programs)."""
    rows = review_rows(lambda r: r["ministry"] in ("原子力規制委員会", "公正取引委員会", "消費者庁"))
    return corpus_service("regulators19", {"rs-regulators.csv": review_csv(rows),
                                           "rs-regulators.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "counter"), [
    ("それって何道府県に配られてるの？", "道府県"),
    ("対象は何品目くらい？", "品目"),
    ("何路線が対象？", "路線"),
    ("にじゅうしき しょうじゅう は なんちょう かうの？", "丁"),  # a counter typed in kana
    ("何年度から始まった？", None),  # a year, no count
    ("何割くらい使われた？", None),  # a ratio
    ("何県の事業？", None),  # which prefecture, not how many
    ("何社かで組合を作ったら？", None),  # indefinite: some companies
    ("資料の何ページに載ってる？", None),  # where it stands, no count
])
def test_a_count_asked_in_any_noun_is_read_as_that_counter(question, counter):
    assert understand(question).counter == counter


def test_a_count_in_a_noun_no_list_names_is_answered_after_a_budget_turn(regulators):
    first = "原発の周りの放射線を監視するために自治体に出してる交付金、いくらついてるの？"
    shown = regulators.ask(first)
    assert "9,487,979,000円" in shown.answer, shown.answer
    answer = regulators.ask("それって何道府県に配られてるの？", history=[Turn("user", first), Turn("assistant", shown.answer)])
    assert not answer.abstained and "24道府県" in answer.answer and "9,487,979,000円" not in answer.answer, answer.answer


def test_a_model_code_written_with_a_plural_s_names_its_item(mod_service):
    answer = mod_service.ask("How many F-35Bs are in this budget?")
    first = mod_service.index.programs_by_id[answer.programs[0]] if answer.programs else None
    assert first is not None and "F-35B" in nfkc(first.title).replace("－", "-"), answer.programs


@pytest.mark.parametrize(("question", "attribute"), [
    ("放課後等デイで、子どもが通えないときに電話や訪問で支援した場合、何に補助が出るの？", None),  # the user's case
    ("その番号の名前と中身を両方知ってる人って、どのくらいいるの？", None),  # a number pointed at, not asked
    ("消費者ホットラインの電話番号は？", "contact"),
    ("何番にかければいい？", "contact"),
    ("電話で相談できる？", "contact"),
    ("それは何型の何番艦ですか？", None),  # a ship's number in its class
    ("民間の衛星写真を買うのに税金いくら使ってる？", "budget"),  # what is being spent: the budget
    ("実際にはいくら使ったの？", "actuals"),  # what was spent
])
def test_contact_and_spend_are_read_from_what_is_asked(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("question", "expected"), [
    # the program's fields give no number; its text says it set up a call centre answering by phone
    ("原発や規制のことで、個人でも電話で問い合わせできる窓口ってあるの？", "コールセンター"),
    # the hotline's number stands in its text
    ("消費者ホットラインの運用等の電話番号って何番？", "188"),
])
def test_a_way_to_reach_a_service_is_quoted_from_the_programs_text(regulators, question, expected):
    answer = regulators.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer
    assert answer.citations and expected in answer.citations[0].quote


@pytest.mark.parametrize(("question", "abstained", "expected"), [
    # the row names only the commission: the 課 asked is not given, who runs it is
    ("取適法（下請法）違反への措置の事業は、公正取引委員会のどの課が担当していますか。", True, "公正取引委員会"),
    # the row names its 課: answered
    ("国民生活センターの運営はどこの課の担当？", False, "地方協力課"),
])
def test_an_office_level_asked_is_answered_only_where_the_department_gives_it(regulators, question, abstained,
                                                                              expected):
    answer = regulators.ask(question)
    assert answer.abstained is abstained and expected in answer.answer, answer.answer


@pytest.fixture(scope="module")
def tax(corpus_service):
    """The real national review's rows of 国税庁 (10 programs)."""
    rows = review_rows(lambda r: r["ministry"] == "国税庁")
    return corpus_service("tax19", {"rs-tax.csv": review_csv(rows), "rs-tax.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # a bare いくら whose words describe a figure of the program's text: that figure, quoted
    ("国税庁の日本酒の輸出の事業で、2024年の酒類の輸出金額はいくら？", "1,337億円", "予算額"),
    # the budget named: the budget
    ("国税庁の日本酒の輸出の事業の予算はいくら？", "予算額", "1,337億円"),
])
def test_a_figure_the_question_describes_is_quoted_not_the_budget(tax, question, expected, absent):
    answer = tax.ask(question)
    assert not answer.abstained and expected in answer.answer and absent not in answer.answer, answer.answer


FORMS24 = Path(__file__).parents[1] / "fixtures" / "forms24"


@pytest.fixture(scope="module")
def reports(corpus_service):
    """Tuning documents of round 19's forms: two results reports (北浜市, 決算額 in 千円, a summary by 款 with 執行率;
    南陵区, in 円 with last year's 決算額) and a village's multi-year list exported as CSV (奥津川村, its 款 column coded 「9 教育費」), beside a
    town's list whose 款 column is not coded (緑川町)."""
    return corpus_service("reports19", {name: FORMS24 / name for name in (
        "kitahama_shi_seika_r7.txt", "nanryo_ku_seika_r6.txt", "okutsugawa_mura_jigyo_r8.csv",
        "midorikawa_machi_jigyo_r8.csv")})


@pytest.mark.parametrize(("question", "expected", "absent"), [
    # a 款's row of the summary table: the cell of the column the question names
    ("北浜市の民生費の執行率は何％でしたか？", "97.1%", "記載がありません"),
    # a program's block: its labelled figure, in the table's unit
    ("北浜市の移住定住促進事業の不用額は？", "2,330千円", "記載がありません"),
])
def test_a_figure_named_by_its_column_or_label_is_that_cell(reports, question, expected, absent):
    answer = reports.ask(question)
    assert not answer.abstained and expected in answer.answer and absent not in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("北浜市の移住定住促進事業、実際にいくら使った？", "45,870千円"),
    # what was spent, against last year's settled figure the block gives (19,352,600 − 15,860,000)
    ("南陵区の子ども食堂支援事業、実際に使った額は前の年からいくら増えた？", "決算額は19,352,600円で、前年度の15,860,000円から3,492,600円の増"),
])
def test_what_was_spent_of_a_results_report_is_its_settled_figure(reports, question, expected):
    answer = reports.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_coded_heading_of_the_named_document_is_its_category(reports):
    answer = reports.ask("奥津川村の一覧で、教育費に分類されている事業はいくつありますか？").answer
    assert "19件" in answer and "教育費" in answer, answer


@pytest.mark.parametrize(("question", "attribute"), [
    ("市道舗装修繕事業には国の補助金がいくら入りますか？", "funding"),  # the share other governments pay
    ("そのうち国や県から入ってくるお金は？", "funding"),
    ("それで不燃領域率はどのくらい改善したの？", "field_figure"),  # a rate of the program's outcome
    ("特定健診の受診率は何%？", "field_figure"),
    ("小規模事業者だと補助率いくつ？", "rate"),  # a subsidy's share stays a rate
    ("執行率は何％？", "actuals"),  # what was spent of the budget
])
def test_money_from_other_governments_and_rates_of_outcomes_are_read_as_asked(question, attribute):
    assert understand(question).attribute == attribute


@pytest.mark.parametrize(("question", "expected"), [
    # 「18,420人（前年度12,655人）」: the change of a counted outcome, computed
    ("北浜市の外国人宿泊者数は前の年度と比べて何人増えましたか？", "12,655人から18,420人へ、5,765人の増"),
    # 「61.8％（前年度60.4％）」: a rate's change in points
    ("南陵区の木造住宅密集地域不燃化推進事業で、不燃領域率は前年度からどれだけ上がった？", "1.4ポイントの増"),
])
def test_an_outcome_against_last_years_is_compared(reports, question, expected):
    answer = reports.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


def test_a_heading_numbered_in_roman_letters_is_named_by_its_words(corpus_service):
    shiomi = corpus_service("shiomi19", {"shiomi_shi_yosan_r8.txt": FORMS24 / "shiomi_shi_yosan_r8.txt"})
    answer = shiomi.ask("潮見市の予算案で、防災・安全の柱の中で一番お金をかけるのはどの事業ですか？").answer
    assert "防災・安全" in answer and "潮見港津波避難タワー整備事業" in answer, answer


@pytest.mark.parametrize(("question", "part"), [
    ("インバウンド型クールジャパン推進事業のうち、万博誘致にはいくら？", "万博誘致"),
    ("IT導入補助金のうち、セキュリティ対策にはいくら使われる？", "セキュリティ対策"),
    ("How much of the Inbound Cool Japan budget goes to the 2025 World Expo bid?", "2025 World Expo bid"),
])
def test_a_share_of_a_program_the_document_does_not_price_is_said_missing(seed_service, question, part):
    answer = seed_service.ask(question)
    assert answer.abstained and f"「{part}」" in answer.answer and "全体の予算額は" in answer.answer, answer.answer


def test_a_share_the_text_prices_is_still_answered(seed_service):
    answer = seed_service.ask("ものづくり補助金のうち、企業間データ活用型の補助上限はいくら？")
    assert not answer.abstained and "1,000万円" in answer.answer, answer.answer


NEWUSER24 = Path(__file__).parents[1] / "fixtures" / "newuser24"


@pytest.fixture(scope="module")
def fukamisawa(corpus_service):
    """A newcomer's results report (深見沢市 令和6年度, 予算現額/決算額/不用額 rows of bare figures in 千円)."""
    return corpus_service("fukamisawa19", {"fukamisawa-r6-seika.txt": NEWUSER24 / "fukamisawa-r6-seika.txt"})


@pytest.mark.parametrize(("question", "expected"), [
    # two cells named at once: both
    ("橋の修繕の予算現額と決算額を教えて", "予算現額は156,000千円、決算額は118,420千円"),
    # the user's last year, of a report on the year just closed: the report's own settled figure
    ("深見沢市の子育て応援給付金って、去年度は結局いくら使ったの？", "57,150千円"),
    # what the user pays (「年額2,000円の負担で」), not the program's money
    ("シニアパスって自分でいくら払うの？", "2,000円"),
    # a running total asked: the count the text calls 累計, not the year's
    ("防災ラジオって今までに何台配ったんですか", "12,480台"),
    ("防災ラジオは令和6年度に何台配った？", "3,150台"),
])
def test_a_results_report_answers_what_its_reader_asks(fukamisawa, question, expected):
    answer = fukamisawa.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("深見沢市で一番お金が余った（不用額が大きい）事業はどれ？", "中小企業デジタル化支援補助金で、不用額は13,650千円"),
    ("深見沢市で不用額が一番少ない事業は？", "有害鳥獣被害防止対策事業で、不用額は485千円"),
])
def test_programs_are_ranked_by_a_figure_the_question_names(fukamisawa, question, expected):
    answer = fukamisawa.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer


@pytest.fixture(scope="module")
def cabinet_office(corpus_service):
    """The real national review's rows of 内閣府 (257 programs)."""
    rows = review_rows(lambda r: r["ministry"] == "内閣府")
    return corpus_service("cao19", {"rs-cao.csv": review_csv(rows), "rs-cao.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "abstained"), [
    # whether a line can be called: the sentence describing it answers
    ("DVの相談って夜中でも電話できるの？", False),
    # the number itself asked: a sentence naming a free-dial line without its number does not answer
    ("DV相談プラスの電話番号を教えてください", True),
])
def test_a_number_asked_is_answered_only_by_a_sentence_writing_one(cabinet_office, question, abstained):
    answer = cabinet_office.ask(question)
    assert answer.abstained is abstained, answer.answer
