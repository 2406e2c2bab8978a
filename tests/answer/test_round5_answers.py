"""Answers to kinds found in round 5's sets (scored once as held-out data, tuning data since; the questions here
are the engineers' own, over the same documents): everyday words for a share of the cost, for who runs a program and
for what was spent; a ratio of two programs; a topic changed mid-chat; two programs of one ministry summed; how long
a program runs; counts a sentence lists, added; rankings typed in kana; a loan's lowered rate; one program against
its own previous year.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.answer.conftest import REVIEW_MAPPING, review_csv, review_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAYOUTS6 = FIXTURES / "scored-2026-12-03-s5" / "layouts6"
# Real review rows: the 国税庁's and the 海上保安庁's whole lists, and single rows of other offices.
MINISTRIES = ("国税庁", "国土交通省海上保安庁")
ROWS = ("829", "21090", "427", "772", "732", "1384", "1380", "832")


@pytest.fixture(scope="module")
def review(corpus_service):
    rows = review_rows(lambda r: r["ministry"] in MINISTRIES or r["projectId"] in ROWS)
    return corpus_service("review5", {"review.csv": review_csv(rows), "review.csv.mapping.toml": REVIEW_MAPPING})


@pytest.mark.parametrize(("question", "needed", "abstains"), [
    ("不発弾の処理費用って国がどれくらい負担してくれるの？", "2分の1", False),  # a share, not the budget
    ("たばこ小売販売業調査ってどこがやってる？", "理財局", False),  # the office that runs it
    # what was spent, read from its column (the example mapping's 執行額), not the budget (393,128,000円)
    ("地域おこし協力隊の事業で、実際に使われた金額(執行額)はいくら？", "219,490,000円", False),
    ("国際放送の実施は、字幕番組とかの制作促進の何倍くらいの予算？", "約6倍", False),
    ("海保の航空機、整備と運航ではどっちが予算多い？", "航空機の整備に関する経費（", False),
    ("麻薬探知犬の訓練ってどれくらいの期間やるの？", "約4ヶ月", False),
])
def test_everyday_asks_of_review_rows_get_the_asked_kind_of_answer(review, question, needed, abstains):
    answer = review.ask(question)
    assert answer.abstained is abstains
    assert needed in answer.answer, answer.answer[:200]


@pytest.mark.parametrize(("turns", "needed", "not_said"), [
    # 「話かわるけど」 opens a topic: the dogs asked about before are not the customs boats
    (["麻薬探知犬の予算知りたい", "話変わるけど、税関の監視艇の予算は？"], "税関監視艇整備運航経費", "麻薬"),
    # the program shown before and the one named now, both of the 国税庁: their own sum, not the agency's
    (["国税庁の電話相談センターの運営費はいくら？", "国税庁の広報活動経費と足したらいくらになる？"], "813,790,384円", "件）"),
])
def test_follow_ups_change_topic_or_add_the_program_shown(review, chat, turns, needed, not_said):
    text = chat(review, turns)
    assert needed in text and not_said not in text.splitlines()[0], text[:200]


@pytest.mark.parametrize(("question", "needed"), [
    ("支援船って全部で何隻取得するの？", "計6隻"),  # 「えい船２隻、油船２隻、交通船１隻、特別機動船１隻」 added
    # two areas' stated totals: 「スタンド・オフ防衛能力」 is one name (a heading's), not two parts split at 「・」
    ("スタンド・オフ防衛能力と統合防空ミサイル防衛能力、予算の差はどれくらい？", "4,340億円"),
])
def test_details_of_the_budget_overview_are_added_or_compared(mod_service, question, needed):
    answer = mod_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer[:200]


def test_a_count_asked_without_in_all_is_not_added(mod_service):
    assert "計6隻" not in mod_service.ask("支援船って何隻取得するの？").answer


@pytest.mark.parametrize(("question", "needed"), [
    ("いちばん予算がすくない事業ってどれ？", "最も小さい"),
    # two programs named in everyday words, their budgets' difference (「の予算」 is what is asked, no name)
    ("廃炉の予算と熊本地震のグループ補助金、どっちがどれだけ多い？", "128.7億円"),
    ("IT導入の補助と、小さい店の販路開拓の支援パッケージ、予算の差ってどれくらい？", "380.0億円"),
    ("設備を買うのに公庫からお金借りたら金利下げてもらえるって本当？どれくらい？", "0.9%"),
])
def test_seed_questions_in_everyday_words(seed_service, question, needed):
    answer = seed_service.ask(question)
    assert not answer.abstained and needed in answer.answer, answer.answer[:200]


def test_one_program_against_its_previous_year_is_its_change_not_itself(corpus_service):
    service = corpus_service("layouts6", {p.name: p for p in LAYOUTS6.iterdir()
                                                   if p.suffix in (".txt", ".md") and p.stem != "LAYOUTS6"})
    answer = service.ask("河川改修・浸水対策事業は前年度と比べてどれくらい減った？")
    assert "165,000千円の減" in answer.answer, answer.answer[:200]


LAYOUTS9 = FIXTURES / "scored-2026-12-04-s8" / "layouts9"


@pytest.fixture(scope="module")
def shinonome(corpus_service):
    return corpus_service("shinonome", {"shinonome_hosei_r8_6gatsu.txt": LAYOUTS9 / "shinonome_hosei_r8_6gatsu.txt"})


@pytest.mark.parametrize(("turns", "needed"), [
    # 「・タクシー　１台あたり　３０千円」 is the program's detail (no row of its own), picked by the case named
    (["バスやタクシー会社への燃料費の支援って、予算いくら？", "タクシーは1台あたりいくらもらえるの？"], "30千円"),
    # 「補助率　国２／３、県１／６、市町村１／６」: the party asked
    (["放課後児童クラブをつくる補助金っていくら出てる？", "で、県はどのくらい負担するの？"], "県1/6"),
])
def test_the_case_or_party_a_follow_up_names_picks_its_own_figure(shinonome, chat, turns, needed):
    assert needed in chat(shinonome, turns).splitlines()[0]


def test_a_figure_per_thing_is_no_program_of_its_own(shinonome):
    titles = {p.title for p in shinonome.index.programs}
    assert "地域公共交通事業者燃料費支援事業" in titles
    assert not any("あたり" in t for t in titles)


@pytest.mark.parametrize(("question", "first", "not_listed"), [
    # 「新規事業を除くと」: rows without the marker (the new ones have no previous year and would top the list)
    ("新規事業を除くと、前年度から予算が一番増えたのはどの事業？", "ふるさと納税推進事業", "防災行政無線"),
    ("新規事業はいくつ？", "件です", "ふるさと納税"),
])
def test_a_marker_left_out_selects_the_rows_without_it(corpus_service, question, first, not_listed):
    service = corpus_service("mitaru", {"mitaru_shuyojigyo_r8.csv": LAYOUTS9 / "mitaru_shuyojigyo_r8.csv"})
    answer = service.ask(question)
    assert first in answer.answer.splitlines()[0] and not_listed not in answer.answer, answer.answer[:300]


CHANGES = """事業名,令和8年度予算額（千円）,令和7年度予算額（千円）,担当課
図書館運営事業,12000,12000,生涯学習課
道路維持補修事業,50000,42000,道路課
公園管理事業,8000,9500,公園課
"""


@pytest.mark.parametrize(("question", "needed", "not_listed"), [
    ("前の年と予算が全く同じ事業ってある？", "図書館運営事業", "道路"),
    ("前年度と同額の事業はいくつ？", "1件", "公園"),
    ("前年度より減った事業はいくつ？", "1件", "図書館"),  # a count of the changed, not of every program
])
def test_programs_unchanged_or_changed_from_last_year_are_listed_and_counted(corpus_service, question, needed,
                                                                              not_listed):
    service = corpus_service("changes", {"shuyo.csv": CHANGES})
    answer = service.ask(question)
    assert needed in answer.answer and not_listed not in answer.answer, answer.answer[:300]


@pytest.mark.parametrize(("question", "needed", "not_said"), [
    # an item listed again under another heading (【再掲】) with the same amount is one item, not two namesakes
    ("戦闘機(F-35A)の取得の予算は？", "１，０６９億円", "件あります"),
    # the year before the document's is the previous year a change is counted from, not a year it does not cover
    ("装備品の維持整備費、2022年と比べてどれだけ増えた？", "前年度", "令和4年度についての記載はありません"),
])
def test_a_repeat_is_one_item_and_last_year_named_is_the_previous_year(mod_service, question, needed, not_said):
    answer = mod_service.ask(question)
    assert needed in answer.answer and not_said not in answer.answer, answer.answer[:200]


@pytest.mark.parametrize(("questions", "needed"), [
    # a word the names hold, written before 「って名前の入った」; the chat's 「その…関係の」 means the same programs
    (["巡視船って名前の入った事業、いくつある？"], "3件"),
    (["巡視船って名前の入った事業、いくつある？", "その巡視船関係の事業、予算を合計するといくら？"], "114,977,327,894円"),
    (["巡視船って名前についた事業、何個ある？", "その中で予算が一番大きいのはどれ？"], "巡視船艇の整備に関する経費"),
])
def test_a_name_mention_and_the_chat_that_follows_it_keep_to_the_same_programs(review, chat, questions, needed):
    assert needed in chat(review, questions).splitlines()[0]
