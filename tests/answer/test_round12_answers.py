"""Kinds found on round 11's scored sets (tuning data since), each answered by a general mechanism: a whole
document's sum asked with a sentence saying why (「議会への説明資料用です。」), with the document pointed at as 「この
一覧」「この表」, or with the ministries the table holds named (「A省とB省の事業」) is the document's sum, not a total
the documents do not give; which department, ministry or heading runs the most programs (or the largest budgets
added) is a ranking of groups. The questions are the engineers' own wording."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUKUOKA = ROOT / "tests" / "fixtures" / "real" / "fukuoka-r02-juyoshisaku.json"

TWO_MINISTRIES = """事業名,府省庁,局・庁,予算額（千円）
里山保全推進事業,環境省,自然環境局,120000
海洋ごみ対策事業,環境省,水・大気環境局,80000
国立公園整備事業,環境省,自然環境局,60000
地域情報化推進事業,総務省,情報流通行政局,50000
消防団装備整備事業,総務省,消防庁,30000
"""
# A municipal list whose departments are paths (部 then 課): groups are read at the level a question names.
CITY_LIST = """事業名,担当部,担当課,予算額（千円）
こども食堂支援事業,子ども未来部,子育て支援課,12000
放課後児童クラブ運営事業,子ども未来部,青少年課,30000
保育所整備事業,子ども未来部,保育課,90000
道路維持補修事業,建設部,道路課,150000
橋りょう長寿命化事業,建設部,道路課,40000
"""


@pytest.fixture(scope="module")
def seed(corpus_service):
    """The bundled PR document (平成29年度補正予算の概要)."""
    return corpus_service("seed12", {"h29-hosei-yosan-gaiyou.txt": ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt"})


@pytest.mark.parametrize("question", [
    "来週の委員会で使う資料です。この資料の事業の補正予算額を全部足すといくらですか。",
    "この資料に載っている事業の予算を全部合計すると？",
])
def test_a_whole_document_sum_asked_with_a_reason_is_the_documents_sum(seed, question):
    answer = seed.ask(question)
    assert not answer.abstained and "2607.7億円" in answer.answer.replace(",", ""), answer.answer


def test_a_sum_over_the_ministries_the_table_holds_is_the_tables_sum(corpus_service):
    service = corpus_service("two-ministries12", {"review.csv": TWO_MINISTRIES})
    answer = service.ask("この表（環境省と総務省の事業）に載っている予算額を全部合わせるといくら？")
    assert not answer.abstained and "340,000千円" in answer.answer, answer.answer


def test_a_list_pointed_at_as_this_list_is_summed_whole(corpus_service):
    service = corpus_service("fukuoka12", {
        "fukuoka-r02-juyoshisaku.json": FUKUOKA,
        "fukuoka-r02-juyoshisaku.mapping.toml": ROOT / "corpus" / "examples" / "fukuoka-r02-juyoshisaku.mapping.toml"})
    answer = service.ask("このリストに出ている施策の予算、ぜんぶ足したら総額いくら？")
    assert not answer.abstained and "（168件）" in answer.answer, answer.answer


@pytest.mark.parametrize(("files", "question", "expected"), [
    # counted, within the ministry named (a department named beside it is one of the groups, not a filter)
    ({"review.csv": TWO_MINISTRIES}, "環境省の局（水・大気環境局も含めて）で、事業の数が一番多いのはどこ？", "自然環境局で、2件"),
    ({"review.csv": TWO_MINISTRIES}, "予算の合計が最も大きい府省庁は？", "環境省で、260,000千円"),
    ({"review.csv": TWO_MINISTRIES}, "Which ministry has the fewest programs?", "総務省で、2件"),
    # a path of 部 and 課: the level the question names
    ({"city.csv": CITY_LIST}, "事業の数が一番多い部はどこ？", "子ども未来部で、3件"),
    ({"city.csv": CITY_LIST}, "どの課が一番予算を使っていますか", "道路課で、190,000千円"),
    ({"city.csv": CITY_LIST}, "事業が一番少ない部はどこ？", "建設部で、2件"),
])
def test_which_group_runs_the_most_programs_is_a_ranking_of_groups(corpus_service, files, question, expected):
    service = corpus_service("groups12", files)
    answer = service.ask(question)
    assert not answer.abstained and expected in answer.answer, answer.answer
    assert answer.citations, "the first group's programs are cited"


def test_the_office_of_the_largest_program_is_no_ranking_of_groups(corpus_service):
    service = corpus_service("groups12b", {"city.csv": CITY_LIST})
    answer = service.ask("一番予算が大きい事業はどこの課の担当？")
    assert "道路課" in answer.answer and "ごと" not in answer.answer, answer.answer


CONSULAR = """事業名,府省庁,局・庁,予算額（千円）
旅券関連業務,外務省,領事局,12797296
査証関連業務,外務省,領事局,659946
在外公館警備対策,外務省,大臣官房,3000000
"""


@pytest.mark.parametrize(("files", "questions", "expected"), [
    # another program by contrast, after a topic change: the same thing asked of it
    ("seed", ["廃炉・汚染水対策事業の予算は？", "話かわるけど、インバウンド型クールジャパン推進事業のほうは？"], "58.5億円"),
    # 「…の方は」 with words of another program (ビザ, the documents' 査証): that program, not the one shown
    ("consular", ["旅券関連業務の予算はいくら？", "じゃあビザの発給業務の方はいくら？"], "659,946千円"),
])
def test_a_follow_up_by_contrast_asks_another_program(seed, corpus_service, chat, files, questions, expected):
    service = seed if files == "seed" else corpus_service("consular12", {"review.csv": CONSULAR})
    assert expected in chat(service, questions)


def test_an_amount_condition_said_as_people_say_it_counts_programs(seed):
    answer = seed.ask("予算が100億円を超えてる事業っていくつある？")
    assert "4件" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("トマホークの取得の次に予算が大きいのは？", "島嶼防衛用高速滑空弾(能力向上型)の開発"),
    ("トマホークの次に高い装備は？", "島嶼防衛用高速滑空弾(能力向上型)の開発"),
    ("イージス・システム搭載艦の次に小さいのは？", "部隊新編及び新規装備品導入などに伴う施設整備等"),  # (counted upward)
])
def test_the_program_ranked_right_after_a_named_one_is_found(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert not answer.abstained and f"事業は{expected}で" in answer.answer, answer.answer


FLAGGED = """事業名,区分,担当課,予算額（千円）
こども食堂支援事業,新規,子育て支援課,12000
放課後児童クラブ運営事業,拡充,青少年課,30000
保育所整備事業,継続,保育課,90000
道路維持補修事業,新規,道路課,150000
"""


@pytest.mark.parametrize(("question", "expected"), [
    ("新規・拡充の事業はいくつ？", "3件"),  # markers joined: rows carrying either
    ("新規・拡充事業一覧のうち、新規の事業は何件ある？", "2件"),  # the list's name, then the marker alone
    ("新規の事業は何件？", "2件"),
])
def test_markers_joined_name_rows_carrying_either(corpus_service, question, expected):
    service = corpus_service("flags12", {"list.csv": FLAGGED})
    answer = service.ask(question)
    assert f"事業は{expected}" in answer.answer, answer.answer


@pytest.mark.parametrize(("question", "missing"), [
    ("哨戒艦の建造はどこの造船会社が受注していますか。", "造船会社"),  # a thing どこの asks, never named in the text
])
def test_a_thing_asked_that_the_program_never_names_is_said_missing(mod_service, question, missing):
    answer = mod_service.ask(question)
    assert answer.abstained and missing in answer.answer, answer.answer


def test_a_count_of_animals_the_program_never_states_is_said_missing(corpus_service):
    service = corpus_service("fish12", {"list.csv": "事業名,担当課,予算額（千円）,事業概要\n"
                                                    "浅海増養殖振興対策事業費補助金,水産課,1200,漁協が行うナマコの種苗生産に対する補助\n"
                                                    "サケ稚魚放流事業,水産課,3000,サケの稚魚100万尾を放流する\n"})
    assert service.ask("ナマコの種苗は何匹くらい放流する予定？").abstained
    answer = service.ask("サケの稚魚は何匹放流するの？")
    assert not answer.abstained and "100万尾" in answer.answer, answer.answer


def test_a_group_level_asked_is_read_in_the_documents_naming_it(corpus_service):
    """「一番事業が多い局は？」 over a ministry's table (局) and a city's list (部 and 課): the 局, not the city's 課."""
    service = corpus_service("levels12", {"review.csv": TWO_MINISTRIES, "city.csv": CITY_LIST})
    answer = service.ask("一番事業が多い局はどこ？")
    assert "自然環境局で、2件" in answer.answer and "課" not in answer.answer, answer.answer


def test_an_amount_of_another_thing_the_text_states_is_answered_from_its_sentence(corpus_service):
    service = corpus_service("copay12", {"list.csv": "事業名,担当課,予算額（千円）,事業概要\n"
                                                      "産後ケア事業,母子保健課,41200,\"利用上限を14日に拡大し、利用者負担を1日2,500円に引き下げる。\"\n"})
    answer = service.ask("産後ケアの利用者負担はいくら？")
    assert "2,500円" in answer.answer and "41,200千円" not in answer.answer, answer.answer


@pytest.mark.parametrize(("questions", "expected"), [
    (["戦闘機F-35Aの取得費はいくら？", "Bのほうは？"], "１，４３５億円"),  # the letter that tells F-35B from F-35A
    (["SM-3ブロックIIAの予算は？", "じゃあ6は？"], "１３６億円"),  # the number that tells SM-6 from SM-3
])
def test_a_follow_up_naming_only_another_models_letters_asks_that_model(mod_service, chat, questions, expected):
    assert expected in chat(mod_service, questions)


@pytest.mark.parametrize(("question", "expected"), [
    ("輸送力強化で買うヘリコプターは全部で何機？", "15機"),  # the items under the heading named
    ("ヘリコプターは全部で何機買うの？", "27機"),  # every item the thing names
])
def test_the_counts_of_the_items_a_thing_names_are_added(mod_service, question, expected):
    answer = mod_service.ask(question)
    assert f"合わせると{expected}" in answer.answer, answer.answer


def test_how_the_money_goes_is_read_from_the_scheme_lines(seed):
    """「国から誰にどういう形でお金が出るの？」: the PR sheet's 「国 / 委託 / 民間事業者等」 lines come first."""
    answer = seed.ask("学びと社会の連携促進事業って、国から誰にどういう形でお金が出るの？")
    assert not answer.abstained and "委託" in answer.answer.split("」")[0], answer.answer


def test_a_contact_asked_of_the_document_by_its_kind_is_the_documents_own(corpus_service):
    """「予算書について問い合わせたい」: the document's own contact line, not a program's."""
    service = corpus_service("doccontact12", {"town.md": (
        "# 令和８年度 北浦町 主要事業\n\n## 1 移住定住促進事業\n\n予算額 24,860千円\n\n空き家改修に補助（補助率1/2）\n\n"
        "## 2 地域公共交通対策事業\n\n予算額 38,540千円\n\nデマンド交通を運行する。\n\n"
        "※ この資料についてのお問い合わせは 北浦町 総務課 財政係（電話 0246-72-2111）まで\n")})
    answer = service.ask("北浦町の予算書について問い合わせたいんだけど電話番号は？")
    assert not answer.abstained and "0246-72-2111" in answer.answer, answer.answer


def test_a_program_named_by_most_of_its_words_under_a_ministry_is_that_program(corpus_service):
    """「総務省の字幕番組とか手話番組の制作支援って予算いくら？」: the ministry is a condition, but the other words name one
    program (its text says 制作促進, not 支援), whose budget is asked, not the ministry's list."""
    table = ("事業名,府省庁,局・庁,予算額（千円）,概要\n"
             "字幕番組、解説番組、手話番組等の制作促進,総務省,情報流通行政局,600000,字幕番組等の制作費を助成する\n"
             "地域情報化推進事業,総務省,情報流通行政局,50000,地域のデジタル化を推進する\n"
             "消防団装備整備事業,総務省,消防庁,30000,消防団の装備を整える\n"
             "里山保全推進事業,環境省,自然環境局,120000,里山を保全する\n")
    service = corpus_service("named12", {"review.csv": table})
    answer = service.ask("総務省の字幕番組とか手話番組の制作支援って予算いくら？")
    assert "600,000千円" in answer.answer and "件です" not in answer.answer, answer.answer
