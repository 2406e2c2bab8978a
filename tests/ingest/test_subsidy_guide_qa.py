"""A subsidy guide 「○○補助金 Q&Aと事業一覧」 (tests/fixtures/forms21, tuning data of round 17's forms, and two variants
by other writers in tests/fixtures/forms21-variants): a Q&A part (「Ｑ１．」/「Ａ１．」, 「問１２」/「答」, 「Q1．」/「A1．」)
under headings naming programs (〔…〕, 【…】, 「■…について」), and a program list whose names stand after a mark or inside
brackets (◇ ● ▼ ■ ◎ ★ 〈〉 《》 『』 「」 ［］ 〔〕 【】) over a 予算額 line with a colon, spaces or a leader of dots, under
section headings (【Ⅰ　…】, 第１ …, ＜１＞ …) that are categories, never programs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.amounts import parse_yen
from qa.ingest.lines import split_lines
from qa.ingest.models import Program
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse
from qa.ingest.structure import document_contact, find_anchors

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KITAURA = FIXTURES / "forms21" / "kitaura_miraitoshi_hojokin_qa_r8.txt"
MINATOGAWA = FIXTURES / "forms21-variants" / "minatogawa_kurashi_hojokin_mondou_r8.txt"
AOBA = FIXTURES / "forms21-variants" / "aomori_sangyo_joseikin_qa_r8.txt"


def _read(path: Path) -> tuple[str, list[Program]]:
    """(the document's text, its programs) as the corpus reads them."""
    (doc,), programs = parse(path)
    return doc.text, programs


def _listed(path: Path, listing: Path) -> list[tuple[str, int]]:
    """(title, yen) of every program the writer listed for this document in `listing`."""
    rows = [json.loads(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    return [(r["title"], parse_yen(r["budget"])) for r in rows if r["document"] == path.stem]


@pytest.mark.parametrize(("path", "listing", "count"), [
    (KITAURA, FIXTURES / "forms21" / "PROGRAMS.jsonl", 16),
    (MINATOGAWA, FIXTURES / "forms21-variants" / "PROGRAMS-hojokin-qa.jsonl", 9),
    (AOBA, FIXTURES / "forms21-variants" / "PROGRAMS-hojokin-qa.jsonl", 5),
])
def test_every_listed_program_is_read_with_its_exact_title_and_yen_and_nothing_else(path, listing, count):
    _, programs = _read(path)
    listed = _listed(path, listing)
    read = [(nfkc(p.title), p.budget.yen) for p in programs if p.kind == "program"]
    assert len(listed) == count
    assert sorted(read) == sorted((nfkc(t), y) for t, y in listed)


@pytest.mark.parametrize(("path", "title", "categories"), [
    (KITAURA, "省エネ設備導入支援事業", ["省エネ・脱炭素"]),  # 【Ⅰ　省エネ・脱炭素】 over ◇ marks
    (KITAURA, "賃上げ環境整備支援金", ["人材確保・賃上げ"]),  # 【Ⅳ　…】 over 〈〉 names
    (KITAURA, "制度融資利子補給事業", ["販路開拓・観光・金融"]),
    (MINATOGAWA, "放課後児童クラブ運営支援事業", ["子育て・教育"]),  # 第２　子育て・教育 over ［］
    (AOBA, "ものづくり人材育成助成金", ["令和8年度の事業", "人材育成・新分野進出"]),  # ＜２＞ under １．
])
def test_a_section_heading_of_the_list_is_the_category_of_the_programs_under_it(path, title, categories):
    _, programs = _read(path)
    assert next(p for p in programs if p.title == title).categories == categories


@pytest.mark.parametrize(("line", "yen", "previous"), [
    ("予算額………８，０００万円", 80_000_000, None),
    ("　　予算額………６，０００万円（前年度：４，５００万円）", 60_000_000, 45_000_000),
    ("予算額・・・・・・・・３６，０００千円（前年度　３０，０００千円）", 36_000_000, 30_000_000),
    ("予算額‥‥‥‥４億２，０００万円", 420_000_000, None),
    ("予算額 ……… 1,200万円", 12_000_000, None),
    ("予算額：４，２００万円", 42_000_000, None),
    ("予算額　１２０，０００千円", 120_000_000, None),
])
def test_a_budget_line_is_read_with_a_leader_colon_or_spaces_between_label_and_figure(line, yen, previous):
    """The shared budget-line reader (every layout that reads labelled budget lines), not this guide's alone."""
    lines = split_lines(f"◇物流効率化設備導入補助金\n{line}\n")
    warnings: list[str] = []
    (anchor,) = find_anchors(lines, 0, "", warnings)
    budget = anchor.budget
    assert (budget.yen, budget.previous_year.yen if budget.previous_year else None, warnings) == (yen, previous, [])


@pytest.mark.parametrize(("path", "title", "asked"), [
    # a 〔name〕 heading over its questions, and the program's 「〔Ｑ３～Ｑ５参照〕」
    (KITAURA, "省エネ設備導入支援事業", ["２分の１以内", "１，０００万円", "第２回：令和８年８月１７日"]),
    # questions that name the program only by a shorter name (「ＤＸ導入補助金の…」) under its heading
    (KITAURA, "小規模事業者DX導入補助金", ["４分の３以内", "１００万円", "令和９年１月２９日"]),
    # one heading naming two programs: each question goes to the program it names
    (KITAURA, "創業スタートアップ補助金", ["２分の１以内", "３００万円"]),
    (KITAURA, "事業承継支援補助金", ["３分の２以内", "７月３１日"]),
    (KITAURA, "賃上げ環境整備支援金", ["５万円（定額）", "１０月３０日"]),
    # 問／答 under 【name】 headings; a question naming another program goes to that one
    (MINATOGAWA, "住宅省エネリフォーム補助金", ["３分の１以内", "３０万円", "１２月２５日"]),
    (MINATOGAWA, "三世代同居住宅支援事業", ["２分の１以内", "上限５０万円", "令和９年１月２９日"]),
    # a Q&A part after the list, under 「■…について」 headings
    (AOBA, "生産性向上設備導入助成金", ["２分の１以内", "２，０００万円", "７月３１日"]),
    (AOBA, "産学連携研究開発助成金", ["県外の大学", "６月１９日"]),
])
def test_the_questions_and_answers_about_a_program_are_a_section_of_its_own_text(path, title, asked):
    text, programs = _read(path)
    program = next(p for p in programs if p.title == title)
    qa = [text[s.start:s.end] for s in program.sections if s.name == "Q&A"]
    assert qa and all(a in "\n".join(qa) for a in asked), qa
    assert all(a in program.whole_text(text) for a in asked)


@pytest.mark.parametrize(("path", "title", "absent"), [
    (KITAURA, "創業スタートアップ補助金", "事業承継支援補助金について"),  # the other program of the same heading
    (KITAURA, "省エネ設備導入支援事業", "複数のメニュー"),  # 〔共通事項〕: no program's
    (MINATOGAWA, "新婚・子育て世帯家賃補助事業", "問い合わせ先はどこですか"),  # an answer listing every program
    (AOBA, "生産性向上設備導入助成金", "一人当たりの助成額"),  # the next heading's
])
def test_a_question_about_something_else_is_not_in_the_programs_text(path, title, absent):
    text, programs = _read(path)
    program = next(p for p in programs if p.title == title)
    assert absent not in program.whole_text(text)


@pytest.mark.parametrize(("path", "title", "department", "phone"), [
    (KITAURA, "省エネ設備導入支援事業", "環境エネルギー課 エネルギー対策班", "0282-55-4130"),
    (KITAURA, "事業承継支援補助金", "北浦県事業承継・引継ぎ支援センター(公益財団法人北浦県産業振興財団内)", "0282-63-7701"),
    (MINATOGAWA, "新婚・子育て世帯家賃補助事業", "子育て支援課", "0476-22-3208"),
])
def test_a_contact_list_in_an_answer_gives_each_program_named_in_it_its_office_and_phone(path, title, department,
                                                                                           phone):
    _, programs = _read(path)
    program = next(p for p in programs if p.title == title)
    assert [(c.dept, c.phone) for c in program.contacts] == [(department, phone)]


@pytest.mark.parametrize(("path", "phone"), [
    (KITAURA, "０２８２－５５－４２０１"),  # 「発行：…課」 over 「ＴＥＬ …」 after the closing rule
    (AOBA, "０１７－７３４－９３２０"),  # the last question's answer, once the Q&A part is no program's text
])
def test_the_documents_own_contact_stays_outside_every_program(path, phone):
    text, programs = _read(path)
    span = document_contact(text, [(p.start, p.end) for p in programs])
    assert span is not None and phone in text[span[0]:span[1]]
    assert not any(phone in text[p.start:p.end] for p in programs)
