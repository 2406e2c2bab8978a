"""A council budget committee's 質疑応答要旨 / 審査の概要, read by `council_qa`: each program an official prices in an
answer is a program with its budget-year amount (last year's and the change where stated), a topic the official
declines to price is a program without an amount, and the question and the answer are its sections. The tuning
documents (forms26: 北浜市 【質問】/【答弁】 with the speaker on the mark's line, 緑川市 問（…）/答（…） under ア/イ topics) and
two other writers' (forms26-variants: 西原町 minutes naming the speaker after ○, 青山市 【質疑】 … ：text inline, 百万円)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KITAHAMA = FIXTURES / "forms26" / "kitahama_qa_r10.txt"
MIDORIKAWA = FIXTURES / "forms26" / "midorikawa_qa_r10.txt"
NISHIHARA = FIXTURES / "forms26-variants" / "nishihara_yosan_shinsa_kaigiroku_r10.txt"
AOYAMA = FIXTURES / "forms26-variants" / "aoyama_yosan_iinkai_shingi_r10.txt"
GUIDE_QA = FIXTURES / "forms21-variants" / "minatogawa_kurashi_hojokin_mondou_r8.txt"


def _read(path: Path) -> tuple[str, str, dict[str, Program]]:
    """The document's layout, its text, and its programs by title (NFKC)."""
    (doc,), programs = parse(path)
    return doc.layout, doc.text, {nfkc(p.title): p for p in programs if p.kind == "program"}


@pytest.mark.parametrize("path", [KITAHAMA, MIDORIKAWA, NISHIHARA, AOYAMA])
def test_a_committees_questions_and_answers_read_as_council_qa(path):
    assert _read(path)[0] == "council_qa"


def test_a_subsidy_guides_questions_name_no_councillor_and_stay_with_their_layout():
    assert _read(GUIDE_QA)[0] != "council_qa"


@pytest.mark.parametrize(("path", "title", "yen", "previous", "change"), [
    (KITAHAMA, "地域公共交通再編事業", 84_320_000, 61_500_000, 22_820_000),  # 「前年度の61,500千円に比べ22,820千円の増」
    (KITAHAMA, "ふるさと納税推進事業", 412_600_000, None, 14_200_000),  # 「寄附見込額は10億円」 first: no budget
    (KITAHAMA, "防災行政無線デジタル化事業", 268_950_000, None, None),  # 「3か年の総事業費は約7億円」 after: no budget
    (KITAHAMA, "病児保育事業", 41_250_000, None, None),  # named in prose, no brackets
    (KITAHAMA, "がん検診推進事業", 98_640_000, None, -2_580_000),  # 「前年度比2,580千円の減」
    (KITAHAMA, "小中学校体育館空調設備整備事業", 1_245_000_000, None, None),  # 「…」として…を計上
    (KITAHAMA, "子育て世帯家賃補助事業", 36_000_000, None, None),  # 「本事業は…予算額は」: the question's name
    (MIDORIKAWA, "移住定住促進事業", 28_400_000, 23_100_000, 5_300_000),
    (MIDORIKAWA, "認知症高齢者見守り事業", 6_400_000, None, None),  # 「…事業は640万円である」
    (MIDORIKAWA, "出産・子育て応援給付事業", 118_000_000, None, None),
    (MIDORIKAWA, "緑川駅周辺整備事業", 1_250_000_000, 870_000_000, 380_000_000),  # 総事業費 約38億円 first
    (MIDORIKAWA, "GIGAスクール端末更新事業", 396_000_000, None, None),  # 「上限5万5000円」 no budget
    (NISHIHARA, "町営バス運行事業", 123_000_000, 98_000_000, 25_000_000),  # 「昨年度は９，８００万円」
    (NISHIHARA, "ふるさと西原応援寄附金事業", 135_000_000, None, None),  # 寄附 in its name, 予算額 its label
    (NISHIHARA, "高校生等医療費助成事業", 10_500_000, None, None),  # a second program in one answer
    (NISHIHARA, "介護予防・日常生活支援総合事業", 214_000_000, 206_000_000, None),
    (AOYAMA, "私立保育所施設整備補助事業費", 186_000_000, 124_000_000, None),  # 186百万円
    (AOYAMA, "中小企業融資利子補給事業", 52_300_000, None, -4_100_000),
    (AOYAMA, "事業承継支援補助金", 15_000_000, None, None),  # 「あわせて、新規の「…」に15,000千円を計上」
])
def test_a_program_an_official_prices_has_its_budget_year_amount(path, title, yen, previous, change):
    budget = _read(path)[2][title].budget
    assert budget.yen == yen
    assert (budget.previous_year.yen if budget.previous_year else None) == previous
    assert (budget.change.yen if budget.change else None) == change


@pytest.mark.parametrize(("path", "titles"), [
    (KITAHAMA, ["市民会館の建替え", "ごみ処理施設の基幹的設備改良", "学校給食費の無償化"]),  # the topic, 「について」 off
    (MIDORIKAWA, ["庁舎の再編", "重層的支援体制整備事業", "市立病院への繰出金"]),  # the name the question asks about
    (NISHIHARA, ["新庁舎の建設", "学校給食費"]),  # 「お示しできる段階にございません」「現在算定中」
    (AOYAMA, ["斎場の改修"]),  # 「事業費は未定」
])
def test_a_topic_the_official_declines_to_price_is_a_program_without_an_amount(path, titles):
    programs = _read(path)[2]
    assert sorted(t for t, p in programs.items() if p.budget is None) == sorted(titles)


@pytest.mark.parametrize(("path", "count", "priced"), [
    (KITAHAMA, 21, 18), (MIDORIKAWA, 18, 15), (NISHIHARA, 8, 6), (AOYAMA, 6, 5),
])
def test_every_exchange_about_a_program_is_one_and_a_figure_of_another_kind_prices_none(path, count, priced):
    programs = _read(path)[2]  # (緑川市's 財政調整基金の残高 is a fund's balance, no program's)
    assert (len(programs), sum(p.budget is not None for p in programs.values())) == (count, priced)


@pytest.mark.parametrize(("path", "title", "asked", "answered", "department", "category"), [
    (KITAHAMA, "地域公共交通再編事業", "岡部 真一 委員", "デマンド型乗合タクシー", "総合政策部", "第1日 令和10年3月8日(水)"),
    (KITAHAMA, "市民会館の建替え", "柴田 洋平 委員", "総事業費は現在精査中", "総合政策部", "第1日 令和10年3月8日(水)"),
    (MIDORIKAWA, "保育士確保対策事業", "宮本 加奈子 委員", "就職祝金として1人20万円", "保育課",
     "健康福祉・市民環境関係(3月14日)"),
    (MIDORIKAWA, "市立病院への繰出金", "小西 浩一 委員", "現在精査中", None, "総括質疑(3月16日)"),  # 市長: no office
    (NISHIHARA, "町営バス運行事業", "運賃の見直し", "運賃改定の予定はございません", "企画財政課",
     "3月11日(水) 総務産業常任委員会所管分"),  # a follow-up without a topic asks on about the same one
    (AOYAMA, "放課後子ども教室推進事業", "指導員の確保", "必要な人数は確保できる見込み", "生涯学習課",
     "3月10日(火) 民生教育分科会"),  # 【再質疑】
])
def test_the_question_and_the_answer_are_the_programs_sections(path, title, asked, answered, department, category):
    _, text, programs = _read(path)
    program = programs[title]
    question = " ".join(nfkc(text[s.start:s.end]) for s in program.sections if s.name == "質疑")
    answer = " ".join(nfkc(text[s.start:s.end]) for s in program.sections if s.name == "答弁・概要")
    assert asked in question and answered in answer.replace("\n", "").replace(" ", "")
    assert program.start <= min(s.start for s in program.sections) and max(s.end for s in program.sections) <= program.end
    assert (program.department, program.category) == (department, category)


@pytest.mark.parametrize(("path", "title", "flags"), [
    (KITAHAMA, "子育て世帯家賃補助事業", ["新規"]),  # 「新規事業の「…」について」
    (KITAHAMA, "高齢者補聴器購入費助成事業", ["新規"]),  # 「「…」は新規事業で」
    (KITAHAMA, "新規就農者支援事業", []),  # 新規 in its name only
    (NISHIHARA, "高校生等医療費助成事業", ["新規"]),  # 「新規事業である「…」」
    (NISHIHARA, "子ども医療費助成事業", []),  # … said of the other program in its answer
    (AOYAMA, "事業承継支援補助金", ["新規"]),
])
def test_new_said_of_a_program_in_the_exchange_is_its_flag(path, title, flags):
    assert _read(path)[2][title].flags == flags
