"""The parser reads budget documents of other years and layouts without code changes."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from qa.ingest import parse_corpus
from qa.ingest.amounts import format_oku, parse_amount
from tests.conftest import STYLES


@pytest.mark.parametrize(("text", "oku"), [
    ("123億円", 123.0), ("12.5億円", 12.5), ("1,234百万円", 12.34), ("５０万円", 0.005),
    ("1兆2,345億円", 12345.0), ("予算なし", None),
])
def test_amounts_are_read_in_oku_yen(text, oku):
    assert parse_amount(text) == oku


@pytest.mark.parametrize(("oku", "text"), [(17.0, "17.0億円"), (12.34, "12.34億円"), (1000.0, "1000.0億円")])
def test_amounts_are_written_like_the_documents(oku, text):
    assert format_oku(oku) == text


def test_markdown_document_with_million_yen_amounts_and_uchi_parts():
    parsed = parse_corpus(STYLES / "r5-hosei-markdown.md")
    titles = [p.title for p in parsed.programs]
    assert titles == ["小さな町工場デジタル化支援事業", "商店街キャッシュレス推進事業", "中山間地域の蓄電池導入支援事業"]
    first = parsed.programs[0]
    assert first.budget.amount_oku_yen == 12.34 and first.budget.year.startswith("令和5")
    assert [(u.label, u.amount_oku_yen) for u in first.budget.uchi] == [("デジタル人材分", 2.0)]
    assert [(c.dept, c.phone) for c in first.contacts] == [("架空省 地域産業局 ものづくり振興課", "03-1111-2222")]
    assert [(s.name, s.amount_oku_yen) for s in first.subprojects] == [("生産管理システム導入支援", 10.0),
                                                                       ("デジタル人材派遣事業", 2.34)]
    assert [p.category for p in parsed.programs] == ["地域産業の生産性向上", "地域産業の生産性向上", "防災・強靱化"]
    assert [p.pages for p in parsed.programs] == [[2, 3], [4], [5]]


def test_total_line_is_not_a_program():
    parsed = parse_corpus(STYLES / "r5-hosei-markdown.md")
    assert all("合計" not in p.budget.text for p in parsed.programs)


def test_previous_year_figures_inline_and_on_their_own_line():
    parsed = parse_corpus(STYLES / "r6-tousho-table.txt")
    first, second = parsed.programs
    assert first.title == "観光地の多言語案内整備事業"
    assert (first.budget.amount_oku_yen, first.budget.previous_year.amount_oku_yen) == (12.5, 12.0)
    assert second.budget.amount_oku_yen == 8.0
    assert second.budget.previous_year.amount_oku_yen == 10.0
    assert "令和5年度補正" in second.budget.previous_year.label


def test_contact_table_at_the_end_is_keyed_by_program_number():
    first, second = parse_corpus(STYLES / "r6-tousho-table.txt").programs
    assert [(c.dept, c.phone) for c in first.contacts] == [("観光庁 外客受入室", "03-2222-1111")]
    assert [(c.dept, c.phone) for c in second.contacts] == [("港湾局 環境技術課", "03-2222-3333")]
    assert "問い合わせ先" not in second.title


def _write_pdf(source: Path, target: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    pdf = canvas.Canvas(str(target), pagesize=A4)
    y = 800
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("【2】"):
            pdf.showPage()
            y = 800
        pdf.setFont("HeiseiKakuGo-W5", 10)
        pdf.drawString(40, y, line)
        y -= 16
    pdf.save()


def test_pdf_document_parses_with_page_numbers(tmp_path):
    pdf = tmp_path / "r6.pdf"
    _write_pdf(STYLES / "r6-tousho-table.txt", pdf)
    parsed = parse_corpus(pdf)
    assert [p.title for p in parsed.programs] == ["観光地の多言語案内整備事業", "港湾の脱炭素化実証事業"]
    assert [p.pages for p in parsed.programs] == [[1], [2]]
    doc = parsed.documents[0]
    budget = parsed.programs[1].budget
    assert doc.text[budget.start:budget.end] == "令和6年度予算額 8.0億円"


def test_bad_files_are_skipped_with_a_warning_naming_them(tmp_path, caplog):
    (tmp_path / "good.txt").write_text((STYLES / "r6-tousho-table.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    with caplog.at_level(logging.WARNING):
        parsed = parse_corpus(tmp_path)
    assert len(parsed.programs) == 2
    joined = "\n".join(parsed.warnings)
    for name in ("empty.txt", "binary.txt", "broken.pdf"):
        assert name in joined


def test_passage_jsonl_becomes_plain_passages(tmp_path):
    (tmp_path / "corpus.jsonl").write_text(
        '{"id": "a-1", "title": "東京", "text": "東京は日本の首都である。"}\nnot json\n'
        '{"id": "a-2", "title": "大阪", "text": "大阪は商業の町である。"}\n', encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [(p.id, p.kind, p.title) for p in parsed.programs] == [("a-1", "passage", "東京"), ("a-2", "passage", "大阪")]
