"""The parser finds every program of the seed document, checked against the hand-made oracle."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import key


def test_finds_all_28_programs_in_document_order(seed_parsed, seed_oracle):
    assert [key(p.title) for p in seed_parsed.programs] == [key(o["title"]) for o in seed_oracle]


def test_every_program_has_the_oracle_category_and_budget(seed_parsed, seed_oracle):
    for program, oracle in zip(seed_parsed.programs, seed_oracle, strict=True):
        assert key(program.category or "") == key(oracle["category"]), program.title
        assert program.budget is not None and program.budget.amount_oku_yen == oracle["budget_oku_yen"], program.title


def test_every_oracle_phone_number_is_attached_to_its_program(seed_parsed, seed_oracle):
    for program, oracle in zip(seed_parsed.programs, seed_oracle, strict=True):
        assert sorted(c.phone for c in program.contacts) == sorted(c["phone"] for c in oracle["contacts"]), program.title


def test_contact_departments_end_with_the_oracle_office(seed_parsed, seed_oracle):
    for program, oracle in zip(seed_parsed.programs, seed_oracle, strict=True):
        for got, want in zip(program.contacts, oracle["contacts"], strict=True):
            assert key(got.dept) == key(want["dept"]), (program.title, got.dept, want["dept"])


def test_implied_office_is_filled_in_for_a_bare_division_line(seed_parsed):
    manabi = seed_parsed.programs[0]
    assert manabi.contacts[2].dept == "中小企業庁 創業・新事業促進課"


def test_contacts_keyed_by_circled_numbers_point_to_their_subproject(seed_parsed):
    inbound = seed_parsed.programs[-1]
    expo = next(c for c in inbound.contacts if c.phone == "03-3501-0289")
    assert expo.subproject == "2025年国際博覧会誘致事業"


def test_untitled_program_takes_its_title_from_the_toc_and_starts_at_its_budget_line(seed_parsed):
    doc = seed_parsed.documents[0]
    venture = next(p for p in seed_parsed.programs if "ベンチャー・エコシステム" in p.title)
    assert doc.text[venture.start:].startswith("平成29年度補正予算額 **36.3億円**")
    assert [s.name for s in venture.subprojects][:4] == ["Startup セレクション", "IT人材連携促進事業",
                                                          "Startup ファクトリー", "Startup ゲートウェイ"]


def test_category_header_at_the_end_of_a_program_is_not_part_of_it(seed_parsed):
    doc = seed_parsed.documents[0]
    manabi = seed_parsed.programs[0]
    assert not doc.text[manabi.start:manabi.end].rstrip().endswith("生産性革命関連")


def test_program_continued_on_a_second_toc_line_spans_both_pages_and_keeps_the_name(seed_parsed):
    kumamoto = next(p for p in seed_parsed.programs if p.title.startswith("熊本地震"))
    assert kumamoto.pages[:2] == [22, 23]
    assert "熊本地震中小企業等グループ補助金" in kumamoto.aliases
    assert "中小企業等グループ補助金" in kumamoto.aliases


def test_uchi_part_of_a_budget_is_read(seed_parsed):
    program = next(p for p in seed_parsed.programs if p.title.startswith("生産性向上に向けた経営力強化"))
    assert [(u.label, u.amount_oku_yen) for u in program.budget.uchi] == [("財務省計上", 5.0)]


def test_section_spans_quote_the_document_exactly(seed_parsed):
    doc = seed_parsed.documents[0]
    for program in seed_parsed.programs:
        assert program.budget.text == doc.text[program.budget.start:program.budget.end].strip()
        for section in program.sections:
            quoted = doc.text[section.start:section.end]
            assert quoted == quoted.strip() and quoted
        names = [s.name for s in program.sections]
        assert "予算額" in names and "事業目的・概要" in names and "条件" in names, program.title


@pytest.mark.parametrize("title", ["AIシステム共同開発支援事業費", "サービス等生産性向上IT導入支援事業費",
                                   "IoTを活用した新市場創出促進事業"])
def test_toc_layout_spaces_are_removed_from_titles(seed_parsed, title):
    assert title in [p.title for p in seed_parsed.programs]


def test_ids_are_stable_across_parses(seed_parsed):
    from qa.ingest import parse_corpus
    from tests.conftest import CORPUS

    again = parse_corpus(CORPUS)
    assert [p.id for p in again.programs] == [p.id for p in seed_parsed.programs]
    assert len({p.id for p in seed_parsed.programs}) == 28


def test_a_parts_ceiling_per_applicant_is_no_budget_of_the_part(seed_parsed):
    """「1. 企業間データ活用型（補助上限額：1,000万円/者※、補助率2/3）」: 1,000万円 is what one applicant may get, not the
    type's budget (the program page had listed the three types at 0.25億円 in all; newcomer 37)."""
    program = next(p for p in seed_parsed.programs if p.title.startswith("ものづくり・商業・サービス"))
    assert [s.name for s in program.subprojects] == ["企業間データ活用型", "一般型", "小規模型"]
    assert all(s.amount is None for s in program.subprojects)
