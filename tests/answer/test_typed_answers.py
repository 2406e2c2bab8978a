"""Answers by kind of question, over real documents: field cases 03, 07, 22, 26, 27, 28 and others of their kinds."""

from __future__ import annotations

import json
import shutil

import pytest

from qa.answer import Turn
from qa.ingest.normalize import nfkc
from tests.conftest import FIELD, REAL, ROOT

pytestmark = pytest.mark.slow


def _field(name: str) -> list[str]:
    path = next(FIELD.glob(f"{name}-*.jsonl"))
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _exact_spans(service, answer) -> None:
    for c in answer.citations:
        assert service.index.documents[c.document].text[c.start:c.end] == c.text


@pytest.fixture(scope="module")
def city_service(embedder, tmp_path_factory):
    """A municipal list (福岡市 重要施策, 168 records in 千円, two programs of one title) read through its mapping."""
    from qa.service import QAService

    corpus = tmp_path_factory.mktemp("fukuoka")
    shutil.copy(REAL / "fukuoka-r02-juyoshisaku.json", corpus)
    shutil.copy(ROOT / "corpus" / "examples" / "fukuoka-r02-juyoshisaku.mapping.toml", corpus)
    return QAService.open(corpus / ".index", corpus, embedder=embedder, progress=False)


# -- numbers (field 03) and equal amounts (field 28) --------------------------------------------------------------
def test_a_budget_written_in_kanji_numerals_finds_the_program_of_that_amount(seed_service):
    five_hundred, thousand, digits = (seed_service.ask(q) for q in _field("03"))
    assert "サービス等生産性向上IT導入支援事業費" in five_hundred.answer and "500.0億円" in five_hundred.answer
    assert "ものづくり・商業・サービス経営力向上支援事業" in thousand.answer
    assert five_hundred.answer == digits.answer.replace("500億円", "五百億円")
    _exact_spans(seed_service, thousand)


def test_counting_programs_of_an_equal_budget_counts_only_those(seed_service):
    count, listing = (seed_service.ask(q) for q in _field("28"))
    assert "4件" in count.answer and "28件" not in count.answer
    for title in ("船舶建造", "研究拠点整備", "石油製品安定供給確保", "石油供給インフラ強じん化"):
        assert title in count.answer
    assert len(count.citations) == 4 and all(c.section == "予算額" for c in count.citations)
    assert "2件" in listing.answer and "事業承継・世代交代集中支援事業" in listing.answer


def test_an_amount_condition_in_any_unit_filters_the_table(city_service):
    answer = city_service.ask("五百億円を超える事業はいくつ？")
    # 290,796,559 / 131,474,090 / 71,066,541 / 61,595,858千円; 47,638,243千円 (476億円) is not over.
    assert answer.answer.startswith("予算額が五百億円を超える事業は4件です。")
    assert "47,638,243千円" not in answer.answer


# -- years (field 07) ----------------------------------------------------------------------------------------------
def test_a_year_the_document_does_not_cover_is_said_in_any_form(seed_service):
    for question in _field("07"):
        answer = seed_service.ask(question)
        assert answer.abstained, question
        assert "平成29年度" in answer.answer and "500.0億円" not in answer.answer, question


def test_the_year_the_document_covers_is_answered_when_asked_in_another_form(seed_service):
    answer = seed_service.ask("2017年度のIT導入支援事業の予算は？")
    assert not answer.abstained and "500.0億円" in answer.answer


# -- attributes (fields 26, 27) ------------------------------------------------------------------------------------
def test_per_applicant_amount_is_the_grant_not_the_program_budget(seed_service):
    for question in _field("26") + _field("27"):
        answer = seed_service.ask(question)
        assert "15万円~50万円" in nfkc(answer.answer), question
        assert "500.0億円" not in answer.answer and "1000.0億円" not in answer.answer, question
        assert answer.answer.startswith("サービス等生産性向上IT導入支援事業費の")  # the fact first
        _exact_spans(seed_service, answer)


def test_a_rate_is_said_first_and_applied_to_a_cost_with_the_cap(seed_service):
    rate = seed_service.ask("IT導入補助金の補助率は？")
    assert rate.answer.splitlines()[0] == "サービス等生産性向上IT導入支援事業費の補助率は1/2です。"
    applied = seed_service.ask("IT導入補助金で1,000万円かけたら補助はいくら？")
    assert "50万円" in applied.answer and "500万円" not in applied.answer  # 1/2 of it is over the 50万円 cap
    small = seed_service.ask("IT導入補助金で60万円かけたら補助はいくら？")
    assert "30万円" in small.answer


def test_a_rate_split_between_state_and_prefecture_is_quoted_with_both_shares(seed_service):
    answer = seed_service.ask("熊本のグループ補助金で、中小企業者の場合の国と県の負担の内訳を教えて。")
    assert "1/2" in answer.answer and "1/4" in answer.answer


def test_an_attribute_the_program_does_not_state_is_said_missing_with_the_program_as_related(seed_service):
    answer = seed_service.ask("IT導入補助金の申請締切はいつ？")
    assert answer.abstained and "申請期限" in answer.answer and "IT導入支援事業費" in answer.answer
    assert not answer.citations and answer.related


@pytest.mark.parametrize("question", ["IT導入補助金の公募期間は？", "IT導入補助金はいつから申請できる？"])
def test_an_application_period_the_program_does_not_state_is_said_missing(seed_service, question):
    answer = seed_service.ask(question)
    assert answer.abstained and "申請期限・期間の記載がありません" in answer.answer


def test_a_programs_contacts_are_all_given_with_their_sub_projects(seed_service):
    whole = seed_service.ask("インバウンド型クールジャパン推進事業の問い合わせ先は？")
    assert len(whole.citations) == 7 and "（2025年国際博覧会誘致事業）" in whole.answer
    one = seed_service.ask("インバウンド型クールジャパンビジネス環境整備事業の問い合わせ先は？")
    assert len(one.citations) == 2 and "クールジャパン政策課" in one.answer


def test_a_department_is_the_answer_when_a_table_gives_no_phone(city_service):
    answer = city_service.ask("ボートレース事業の担当はどこの局？")
    assert "経済観光文化局" in answer.answer and ("部局", "経済観光文化局") in {(c.section, c.text) for c in answer.citations}


@pytest.mark.parametrize("question", ["ボートレース事業はどこの役所が所管してる？", "Which bureau runs ボートレース事業?"])
def test_who_runs_a_table_program_is_its_ministry_and_department_each_cited_on_its_field(city_service, question):
    answer = city_service.ask(question)
    assert "福岡市" in answer.answer and "経済観光文化局" in answer.answer
    assert {(c.section, c.text) for c in answer.citations} == {("府省庁", "福岡市"), ("部局", "経済観光文化局")}
    text = city_service.index.documents[answer.citations[0].document].text
    assert all(text[c.start:c.end] == c.text for c in answer.citations)


def test_a_ranking_of_programs_whose_names_hold_a_word_keeps_only_those(city_service):
    answer = city_service.ask("名前に「子ども」が入る事業を予算の大きい順に3つ")
    titles = {c.program_title for c in answer.citations}
    assert len(titles) == 3 and all("子ども" in t for t in titles)


def test_a_phone_number_a_table_does_not_give_is_said_missing_with_the_department(city_service):
    answer = city_service.ask("ボートレース事業の問い合わせ先の電話番号を教えて")
    assert answer.abstained and "経済観光文化局" in answer.answer and not answer.citations


def test_two_programs_of_one_title_are_both_answered(city_service):
    answer = city_service.ask("アセットマネジメントの推進の予算はいくら？")
    assert "16,539千円" in answer.answer and "992,482千円" in answer.answer


# -- filters and operations --------------------------------------------------------------------------------------
def test_a_department_filter_matches_whole_names_only(city_service):
    answer = city_service.ask("水道局の事業の予算の合計は？")
    assert "下水道整備" not in answer.answer  # 道路下水道局, not 水道局
    assert "19,577,668千円" in answer.answer


def test_programs_of_an_agency_named_only_in_contacts_are_listed_with_the_contact_lines(seed_service):
    answer = seed_service.ask("中小企業庁が担当の事業を全部教えて")
    assert answer.answer.startswith("中小企業庁の事業は4件です。")
    for title in ("インバウンド型クールジャパン推進事業", "学びと社会の連携促進事業", "中小企業BCP策定支援事業"):
        assert title in answer.answer
    assert any(c.section == "担当・連絡先" and "中小企業庁" in c.text for c in answer.citations)


def test_a_full_new_question_is_not_answered_with_the_previous_questions_attribute(seed_service):
    history = [Turn("user", "予算額が一番大きい事業は？"), Turn("assistant", "…")]
    answer = seed_service.ask("ガソリンスタンドの災害対応を支援する事業はどんな支援をしますか？", history)
    assert answer.intent != "amount"


def test_a_count_by_department_is_computed_and_cited(city_service):
    answer = city_service.ask("消防局の事業はいくつ？")
    count = int(answer.answer.split("件")[0].split("は")[-1])
    budget_lines = [c for c in answer.citations if c.section == "予算額"]
    department_lines = [c for c in answer.citations if c.section == "部局"]
    assert count == len(budget_lines) == len(department_lines) > 0
    assert all(c.text == "消防局" for c in department_lines)
    _exact_spans(city_service, answer)


def test_a_ranking_follow_up_keeps_the_order(seed_service):
    first = "予算額が一番小さい事業は？"
    answer = seed_service.ask("じゃあ2番目は？", [Turn("user", first), Turn("assistant", "…")])
    assert "小さい" in answer.answer and "3.0億円" in answer.answer


def test_two_named_programs_are_compared_with_the_difference(seed_service):
    answer = seed_service.ask("IT導入補助金とものづくり補助金、どっちが多い？")
    assert "500.0億円大きい" in answer.answer and len(answer.citations) == 2


def test_a_share_of_the_whole_is_computed(seed_service):
    answer = seed_service.ask("IT導入補助金は全体の何%を占める？")
    assert "%" in answer.answer and "19.2%" in answer.answer  # 500.0 / 2607.7


def test_a_count_of_something_inside_one_program_is_not_a_count_of_programs(city_service):
    answer = city_service.ask("ふくおか応援寄付は何件くらいの寄附を見込んでる？")
    assert "168件" not in answer.answer


# -- kana, typos, English ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", ["じぎょうしょうけいのよさん", "じぎょうしょうけいのよさんはいくら", "事業承係の予算は？"])
def test_kana_only_and_misspelt_names_find_the_program(seed_service, question):
    answer = seed_service.ask(question)
    assert not answer.abstained and "事業承継・世代交代集中支援事業" in answer.answer and "50.0億円" in answer.answer


def test_a_common_name_typed_in_kana_is_read_back_through_the_alias_list(seed_service):
    answer = seed_service.ask("しょうきぼじぎょうしゃじぞくかほじょきんのほじょりつは？")
    assert answer.answer.startswith("小規模事業者支援パッケージ事業の補助率は2/3です。")


def test_an_english_question_is_answered_from_the_japanese_source(seed_service):
    chip, it = (seed_service.ask(q) for q in _field("22"))
    assert "AIチップ開発加速のための検証環境整備事業" in chip.answer and "17.0億円" in chip.answer
    assert "500.0億円" in it.answer
    assert chip.citations[0].section == "予算額"


# -- abstention ----------------------------------------------------------------------------------------------------
def test_an_opinion_question_is_not_answered_with_a_comparison(seed_service):
    answer = seed_service.ask("ものづくり補助金と持続化補助金、うちはどっちに申請すべき？")
    assert answer.abstained and "判断" in answer.answer


@pytest.mark.parametrize(("question", "needed"), [
    # An English organisation name is read in its document wording (board of education -> 教育委員会, JMdict).
    ("Which Board of Education program has the largest budget?", ["教育委員会", "安心して学ぶことができる教育環境の整備"]),
    ("How many programs does the board of education run?", ["教育委員会", "15件"]),
])
def test_an_english_question_filters_by_an_organisation_it_names_in_english(city_service, question, needed):
    answer = city_service.ask(question)
    assert all(n in answer.answer for n in needed), answer.answer[:200]
