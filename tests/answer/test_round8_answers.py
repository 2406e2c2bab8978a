"""Kinds found on round 7's scored sets (now tuning data), each answered by a general mechanism: a ministry named by
its common short name, a ranking follow-up read the other way, an amount condition said with a budget verb, a ratio
as a reader says it, kana question words and loanwords typed in hiragana, and a listed name wrapped onto its
amount's line. The questions are the engineers' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.facts.operations import times
from qa.understand import Turn
from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows

BUREAUS = ("研究振興局", "科学技術・学術政策研究所")


def _last_of_conversation(service, turns: list[str]):
    """The answer to the last question, each asked with the turns before it."""
    history: list[Turn] = []
    for question in turns:
        answer = service.ask(question, history=list(history))
        history += [Turn("user", question), Turn("assistant", answer.answer)]
    return answer


@pytest.fixture(scope="module")
def review(corpus_service):
    """The review's rows of two 文部科学省 offices (and its 義務教育費国庫負担金), of 内閣府's 迎賓館 and of 公正取引委員会,
    and how many are 文部科学省's."""
    rows = review_rows(lambda r: (r["ministry"] == "文部科学省" and r["bureau"] in BUREAUS)
                       or r["ministry"] == "公正取引委員会" or (r["ministry"] == "内閣府" and r["bureau"] == "迎賓館")
                       or (r["ministry"] == "文部科学省" and r["projectName"] == "義務教育費国庫負担金に必要な経費"))
    service = corpus_service("mext", {"review.csv": review_csv(rows), "review.csv.mapping.toml": REVIEW_MAPPING})
    return service, sum(1 for r in rows if r["ministry"] == "文部科学省")


@pytest.mark.parametrize("question", ["文科省の事業はいくつ？", "文部科学省の事業はいくつ？"])
def test_a_ministry_named_by_its_short_name_or_in_full_filters_by_its_whole_name(review, question):
    service, mext = review
    first = service.ask(question).answer.splitlines()[0]
    assert f"{mext}件" in first and first.startswith("文部科学省の"), first  # never its part 「科学省」


@pytest.mark.parametrize("question", ["Which bureau is in charge of KAKENHI?", "科研費の担当は？"])
def test_a_programs_common_name_finds_the_program(review, question):
    service, _ = review
    answer = service.ask(question)
    assert not answer.abstained and "科学研究費助成事業" in answer.answer and "研究振興局" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "needed"), [
    ("60億円ついてる事業っていくつある？", "4件"),  # a budget verb after the amount makes it a condition
    ("60億円の予算が計上された事業は？", "4件"),
    ("IT導入補助金とものづくり補助金、予算は何倍ちがう？", "ちょうど2倍"),  # 1000億円 against 500億円
])
def test_amount_conditions_and_ratios_over_the_seed_document(seed_service, question, needed):
    answer = seed_service.ask(question)
    assert needed in answer.answer.splitlines()[0], answer.answer[:200]


def test_a_superlative_after_a_ranking_ranks_the_same_programs_the_other_way(seed_service):
    first = "今回の補正でいちばんお金がついてる事業はどれ？"
    shown = seed_service.ask(first).answer
    assert "ものづくり・商業・サービス経営力向上支援事業" in shown.splitlines()[0]
    then = seed_service.ask("逆にいちばん少ないのは？", history=[Turn("user", first), Turn("assistant", shown)])
    assert "最も小さい" in then.answer and "休廃止鉱山鉱害防止等工事費補助事業" in then.answer, then.answer[:200]


@pytest.mark.parametrize(("larger", "smaller", "said"), [
    (100_000_000_000, 50_000_000_000, "ちょうど2倍"),
    (150, 100, "約1.5倍"),
    (1000, 300, "約3.3倍"),  # one decimal, as papers and reporters write a ratio
    (302_877_816_000, 61_503_883_420, "約4.9倍"),
    (197, 100, "約2倍"),
    (104, 100, "約1.04倍"),  # two below 1.1, where one decimal would say no change
])
def test_a_ratio_is_said_exactly_when_it_is_whole(larger, smaller, said):
    assert times(larger, smaller) == said


@pytest.mark.parametrize(("typed", "read"), [
    ("きょねんよりふえた？", ["去年", "増えた"]),
    ("なんせき かうの？", ["何隻"]),
    ("なんにんが対象？", ["何人"]),
])
def test_question_words_typed_in_kana_are_read_back(seed_service, typed, read):
    restored = seed_service.answerer.restored(typed)
    assert all(word in restored for word in read), restored


def test_a_loanword_typed_in_hiragana_is_read_as_the_katakana_the_documents_write(mod_service):
    assert "グローバルホーク" in mod_service.answerer.restored("ぐろーばるほーくのいじせいびっていくら？")
    assert "トマホーク" in mod_service.answerer.restored("とまほーくはいくら？")


def test_a_listed_name_wrapped_onto_its_amounts_line_is_read_whole(mod_service):
    # 「・陸上自衛隊における佐賀駐屯地（仮称）新設に係る」 over 「施設整備（１，０６８億円）」
    answer = mod_service.ask("佐賀駐屯地の新設に係る施設整備の予算は？")
    assert not answer.abstained and "１，０６８億円" in answer.answer.splitlines()[0], answer.answer[:200]


def test_last_years_total_is_computed_from_the_stated_figure_and_its_change(mod_service):
    # 「6兆6,001億円を計上、前年度比で1兆4,213億円（27.4％）増」: 66,001 − 14,213 = 51,788億円
    answer = mod_service.ask("去年の防衛予算はいくらだった？")
    assert "5兆1,788億円" in answer.answer.splitlines()[0], answer.answer[:200]
    assert any("1兆4,213億円" in c.quote for c in answer.citations)


@pytest.fixture(scope="module")
def newsletter(corpus_service):
    town = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s10" / "layouts11"
    return corpus_service("newsletter", {"sasame.md": town / "sasame_r8_yosan_no_aramashi.md"})


def test_a_limit_asked_by_name_that_the_program_never_mentions_is_said_missing(newsletter):
    answer = newsletter.ask("補聴器の購入助成って所得制限ある？")
    assert answer.abstained and "所得制限" in answer.answer, answer.answer[:200]


@pytest.mark.parametrize(("question", "needed"), [
    ("放課後子ども教室の予算は前年度と比べてどれくらい増えた？", "160万円"),  # 420万円 − 260万円, both cited
    ("がん検診の無料化について聞きたい。問い合わせ先は？", "0868-72-3121"),  # the section's closing line
])
def test_a_newsletters_programs_answer_last_year_and_contact(newsletter, question, needed):
    answer = newsletter.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer[:200]


def test_a_question_naming_two_ministries_ranks_across_both(review):
    service, _ = review
    first = service.ask("文部科学省と内閣府のリストで、予算が一番大きい事業は？").answer.splitlines()[0]
    assert "義務教育費国庫負担金に必要な経費" in first and not first.startswith("文部科学省で"), first


@pytest.mark.parametrize(("turns", "needed"), [
    # a word only one title of the bureau's three holds names that program, not the bureau's list
    (["赤坂迎賓館の一般公開の経費っていくら？"], "657,565,000円"),
    # after a list of three, the one whose title holds the follow-up's word
    (["迎賓館の予算は？", "京都の方は？"], "233,540,000円"),
    # the program the last answer showed stays the one asked about, though the words are everyday ones
    (["義務教育費国庫負担金の予算を教えて", "国は先生の給料のどれくらいを持ってるの？"], "3分の1"),
])
def test_a_question_within_a_bureau_or_a_conversation_finds_its_program(review, turns, needed):
    service, _ = review
    answer = _last_of_conversation(service, turns)
    assert not answer.abstained and needed in answer.answer.splitlines()[0], answer.answer[:200]


@pytest.mark.parametrize(("turns", "needed"), [
    # 「【弾薬の確保】約８，２８３億円」 at the foot of its page heads the page's items
    (["弾薬の確保のページに載ってる弾薬の中で、一番予算が大きいのはどれ？"], "AIM-120"),
    # 「各種トラック等（２,６９１両：２４４億円）」: vehicles asked in 台 are counted in 両
    (["輸送力強化で買うトラックって何台？"], "2,691両"),
    # 「約２，６４３億円（他分野を除くと約２，３６３億円）」, asked right after the total
    (["サイバー領域の能力強化の予算は全部でいくら？", "他の分野とダブってる分を除くと？"], "約２，３６３億円"),
])
def test_a_national_overviews_areas_items_and_counts(mod_service, turns, needed):
    answer = _last_of_conversation(mod_service, turns)
    assert not answer.abstained and needed in answer.answer.splitlines()[0], answer.answer[:200]


def test_a_per_company_follow_up_stays_on_the_program_shown(seed_service):
    first = "IT導入の補助金って国の予算いくらついてるの？"
    shown = seed_service.ask(first).answer
    then = seed_service.ask("1社あたりはいくらもらえるの？", history=[Turn("user", first), Turn("assistant", shown)])
    assert "サービス等生産性向上IT導入支援事業費" in then.answer and "15万円" in then.answer, then.answer[:200]


def test_when_a_long_work_ends_is_answered_by_a_span_from_now(seed_service):
    answer = seed_service.ask("福島第一の廃炉っていつ終わる予定なの？")  # 「30～40年後の廃止措置終了を目指します」
    assert not answer.abstained and "30~40年後" in answer.answer.splitlines()[0], answer.answer[:200]


CARE = [
    {"no": "1", "name": "保育の受け皿の充実", "amount": "4,200,000千円", "dept": "こども未来局",
     "text": "保育士の処遇改善や保育所の運営を支援し、保育の質の向上を図る。"},
    {"no": "2", "name": "子育てを応援する環境づくり", "amount": "9,700,000千円", "dept": "こども未来局",
     "text": "保育所の新設や増改築により、3,000人分の保育の受け皿を確保する。また、一時預かり事業を継続して実施する。"},
]
CARE_MAPPING = """id = "no"
title = "name"
budget = "amount"
year = { value = "令和2年度当初予算" }
department = "dept"

[sections]
"概要" = "text"
"""


def test_a_count_stated_in_another_programs_text_is_found_there(corpus_service):
    import json

    service = corpus_service("care", {"care.json": json.dumps(CARE, ensure_ascii=False),
                                      "care.json.mapping.toml": CARE_MAPPING})
    answer = service.ask("保育の受け皿は何人分確保する？")  # the first program's title matches; its text has no count
    assert not answer.abstained and "3,000人分" in answer.answer, answer.answer[:200]
    assert "子育てを応援する環境づくり" in answer.answer


@pytest.fixture(scope="module")
def decks(corpus_service):
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "layouts12"
    return corpus_service("decks", {p.name: p for p in sorted(folder.glob("*.txt"))})


@pytest.mark.parametrize(("question", "needed"), [
    # 「令和８年度予算案額 ４，５００百万円」 and, in a note, 「※ 令和７年度補正予算 １２０億円と一体で」
    ("交通空白の対策に補正予算ではいくら出てる？", "１２０億円"),
    # the size table of a deck (a cell a line under 「令和８年度」「令和７年度」)
    ("桜ヶ丘市の来年度の一般会計はいくら？", "７８６億４，０００万円"),
    # 「☎ 環境部 ゼロカーボン推進課　０４２８－２２－３１１１（内線６５１）」
    ("蓄電池の補助金について聞きたいんですが、電話はどこにかければいい？", "内線651"),
])
def test_press_decks_answer_their_figures_and_contacts(decks, question, needed):
    answer = decks.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer[:200]
