"""A council's 予算特別委員会 質疑の概要 (問（委員）/答（課長） pairs under ■ section headings), read by `prose_items`: each
program's section heading is its category, 新規 said in prose is its flag, the answering office is its department, and
the 議会事務局 at the document's foot is no program's contact. The newcomer's instance (newuser22, 桜浜市) and a second
writer's (forms21-variants, 川辺町: ＜…＞ headings, 『』 names, 質問/答弁 marks); the speeches read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAKURAHAMA = FIXTURES / "newuser22" / "sakurahama_r8_yosantokubetsu.txt"
KAWABE = FIXTURES / "forms21-variants" / "kawabe_r8_yosan_shinsa_youshi.txt"
SPEECH = FIXTURES / "forms21" / "shinonomegawa_r8_shisei_houshin.txt"
GOVERNOR = FIXTURES / "forms21-variants" / "aomine_r8_teian_setsumei.txt"
TOWN = FIXTURES / "forms21-variants" / "kitamaki_r8_yosan_hensei_setsumei.txt"


def _programs(path: Path) -> dict[str, Program]:
    """The document's programs by title (NFKC)."""
    (doc,), programs = parse(path)
    assert doc.layout == ("council_qa" if path in (SAKURAHAMA, KAWABE) else "prose_items")
    return {nfkc(p.title): p for p in programs if p.kind == "program"}


@pytest.mark.parametrize(("path", "category", "titles", "yen"), [
    (SAKURAHAMA, "総務・企画関係", ["移住定住促進奨励金", "地域おこし協力隊事業", "DX推進事業"], 192_000_000),
    (SAKURAHAMA, "福祉・子育て関係", ["こども医療費助成事業", "放課後児童クラブ運営事業", "認知症高齢者見守り事業",
                                 "補聴器購入費助成事業"], 644_500_000),
    (SAKURAHAMA, "経済・環境関係", ["中小企業設備投資促進補助金", "創業支援事業", "桜浜港観光にぎわい事業",
                                "ゼロカーボン推進補助金"], 202_000_000),
    (SAKURAHAMA, "都市整備関係", ["市道舗装補修事業", "公園遊具更新事業"], 496_000_000),
    (KAWABE, "健康福祉関係", ["産後ケア事業", "帯状疱疹ワクチン接種助成事業", "地域食堂運営費補助金",
                           "フードドライブ推進事業"], 27_100_000),
    (KAWABE, "産業建設関係", ["空き家改修補助金", "観光PR動画制作事業", "町道橋りょう長寿命化事業"], 141_000_000),
])
def test_a_section_heading_is_the_category_of_the_programs_under_it(path, category, titles, yen):
    programs = _programs(path)
    under = sorted(t for t, p in programs.items() if p.category == category)
    assert under == sorted(titles)
    assert sum(programs[t].budget.yen for t in under) == yen


@pytest.mark.parametrize(("path", "title", "flags"), [
    (SAKURAHAMA, "移住定住促進奨励金", ["新規"]),  # 「新規の「移住定住促進奨励金」の予算額…」
    (SAKURAHAMA, "補聴器購入費助成事業", ["新規"]),  # 「…は新規か。」 answered 「新規事業です。」
    (SAKURAHAMA, "放課後児童クラブ運営事業", []),  # 「新たに２クラブを開設」: new clubs, not a new program
    (SAKURAHAMA, "地域おこし協力隊事業", []),
    (KAWABE, "学校給食費無償化事業", ["新規"]),  # 「『…』を新たに創設する」
    (KAWABE, "帯状疱疹ワクチン接種助成事業", ["新規"]),  # 「はい、新規事業です。」
    (KAWABE, "産後ケア事業", []),  # 「いいえ、継続事業です。」
    (KAWABE, "フードドライブ推進事業", ["新規"]),  # 「新規の『フードドライブ推進事業』」 in another program's answer
    (KAWABE, "地域食堂運営費補助金", []),  # … which says nothing new of the program asked about
    (KAWABE, "町道橋りょう長寿命化事業", []),  # 「新たに３橋の補修を始めます」
    (GOVERNOR, "多子世帯高校生等応援給付金", ["新規"]),  # 「…給付金を新たに創設することとし」
    (TOWN, "若者・子育て世帯定住促進補助金", ["新規"]),  # 「…補助金（3,000万円）を新たに設け」
    (TOWN, "新規就農者支援事業", []),  # 新規 in the name itself; 「…を拡充し」
    (SPEECH, "高齢者補聴器購入助成事業", ["新規"]),  # 「新たに高齢者補聴器購入助成事業として千二百万円を計上」
    (SPEECH, "放課後児童クラブ整備事業費", []),  # 「…新たに２か所のクラブを開設」
])
def test_new_said_in_prose_of_a_program_is_its_flag_and_never_another_programs(path, title, flags):
    assert _programs(path)[title].flags == flags


@pytest.mark.parametrize(("path", "title", "department"), [
    (SAKURAHAMA, "移住定住促進奨励金", "企画課"),
    (SAKURAHAMA, "DX推進事業", "情報政策課"),
    (SAKURAHAMA, "こども医療費助成事業", "こども家庭課"),
    (SAKURAHAMA, "公園遊具更新事業", "公園緑地課"),
    (KAWABE, "GIGA端末更新事業", "学校教育課"),  # 答弁（学校教育課長補佐）
    (KAWABE, "産後ケア事業", "健康福祉部"),  # 答弁（健康福祉部長）
    (KAWABE, "空き家改修補助金", "まちづくり推進課"),  # 答弁（まちづくり推進課主幹）
    (KAWABE, "フードドライブ推進事業", "福祉課"),  # named in the 福祉課長's answer
    (KAWABE, "観光PR動画制作事業", None),  # 答弁（副町長）: no office
])
def test_the_answering_office_is_the_programs_department(path, title, department):
    assert _programs(path)[title].department == department


@pytest.mark.parametrize("path", [SAKURAHAMA, KAWABE])
def test_the_council_secretariat_at_the_foot_is_no_programs_contact(path):
    assert all(not p.contacts for p in _programs(path).values())


@pytest.mark.parametrize(("path", "count", "yen"), [
    (SAKURAHAMA, 13, 1_534_500_000), (KAWABE, 9, 295_100_000),
    (SPEECH, 21, None), (GOVERNOR, 13, None), (TOWN, 8, None),
])
def test_minutes_and_speeches_read_the_same_programs(path, count, yen):
    programs = _programs(path)
    assert len(programs) == count
    if yen is not None:
        assert sum(p.budget.yen for p in programs.values()) == yen
