"""Round 26's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-06-s29/layouts30`): a
prefecture's 交付決定一覧 aligned by spaces with its columns written close together, a city's 予算説明会資料 answering
residents' questions with a program boxed under each answer or priced in its prose, and a town council's 議会だより whose
質疑 asks of programs by a part of their names."""

from __future__ import annotations

import pytest

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, program_titled, read

HERE = FIXTURES / "scored-2026-12-06-s29" / "layouts30"
GRANTS, BRIEFING, NEWSLETTER = (HERE / f"{name}.txt" for name in ("kitazumi_kofukettei_ichiran_r8",
                                                                  "asagirino_yosan_setsumeikai_r8",
                                                                  "shirasagidai_gikaidayori_r8_yosan"))


def test_every_row_of_a_space_aligned_grant_list_is_read_with_its_amount():
    layout, _, programs = read(GRANTS)
    got = {(nfkc(p.title), p.budget.yen) for p in programs if p.kind == "program" and p.budget}
    assert layout == "text_table" and listed_keys(GRANTS) <= got
    assert all(p.kind == "program" for p in programs if (nfkc(p.title), p.budget and p.budget.yen) in listed_keys(GRANTS))


@pytest.mark.parametrize(("title", "yen"), [("総務部計", 66_900_000), ("教育委員会計", 90_780_000),
                                            ("合計", 1_837_160_000)])
def test_a_grant_lists_office_subtotals_and_its_spaced_out_total_are_totals(title, yen):
    assert any(p.kind == "total" and p.title == title and p.budget.yen == yen for p in read(GRANTS)[2])


@pytest.mark.parametrize(("section", "text"), [("補助率", "55/100"), ("補助事業者(交付先)", "桐原市"),
                                               ("事業期間", "令和8年4月1日～令和11年3月31日")])
def test_a_grant_rows_cells_are_its_sections(section, text):
    _, doc_text, _ = read(GRANTS)
    program = program_titled(GRANTS, "社会資本整備総合交付金（道路）")
    assert program.department == "道路整備課"
    assert any(s.name == section and nfkc(text) in nfkc(doc_text[s.start:s.end]) for s in program.sections), program.sections


def test_a_briefings_answer_goes_to_the_program_boxed_under_it():
    _, text, _ = read(BRIEFING)
    program = program_titled(BRIEFING, "第２子以降保育料無償化事業")
    answers = [text[s.start:s.end] for s in program.sections if s.name == "Q&A"]
    assert answers and "1,150人" in answers[0]


def test_a_program_priced_in_an_answers_prose_is_read_beside_the_boxed_ones():
    program = program_titled(BRIEFING, "出産応援ギフト事業")
    assert program.kind == "program" and program.budget.yen == 96_000_000


def test_a_closing_list_of_the_documents_own_headings_gives_their_totals():
    fields = [p for p in read(BRIEFING)[2] if p.title.startswith("分野")]
    assert len(fields) == 5 and all(p.kind == "total" for p in fields)
    assert "※" not in fields[-1].title


@pytest.mark.parametrize(("title", "said"), [("鳥獣被害対策事業", "8,000円"), ("防災備蓄倉庫整備事業", "３か所")])
def test_a_council_question_naming_part_of_a_program_goes_to_it(title, said):
    _, text, _ = read(NEWSLETTER)
    program = program_titled(NEWSLETTER, title)
    assert any(said in text[s.start:s.end] for s in program.sections if s.name == "Q&A")
