"""PDFs as they really are: radicals in the text layer, sentences hard-wrapped mid-word, vertical text.

Real files and the real parser: the field PDF (Chrome/Skia, with ⻑ U+2ED1 and ⾷ U+2FB7 in its text layer),
the field text wrapped at a fixed width, and PDFs made here with reportlab's built-in Japanese CID fonts.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from qa.answer.units import program_units
from qa.index.passages import make_passages
from qa.ingest.models import Document, Program
from qa.ingest.normalize import fold_radicals, nfkc, radical_table, unwrap, wrap_breaks
from qa.ingest.parse import parse
from qa.ingest.readers import read_passages, read_pdf, read_text_file

FIELD = Path(__file__).resolve().parent.parent / "fixtures" / "field"
PDF = FIELD / "10-pdf-radicals-and-wraps.pdf"
WRAPPED = FIELD / "11-hard-wrapped-lines.txt"
RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
FOOD = "長期保存食品開発支援事業"
RESERVATION = "商店街の店舗がキャッシュレス決済や予約システムを導入する費用を補助します。"
# Blocks of CJK unified ideographs (URO and extensions A–I); by range because Python 3.11's unicodedata
# (Unicode 14) does not name U+2B739, which the table maps ⺕ to (added in Unicode 15).
UNIFIED = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
           (0x2B820, 0x2CEAF), (0x2CEB0, 0x2EBEF), (0x2EBF0, 0x2EE5F), (0x30000, 0x3134F), (0x31350, 0x323AF)]


def _radicals_in(text: str) -> set[str]:
    return {ch for ch in text if ord(ch) in RADICALS}


def _program(programs: list[Program], title: str) -> Program:
    return next(p for p in programs if p.title == title)


# -- radicals --------------------------------------------------------------------------------------------
def test_radical_table_maps_every_radical_to_one_unified_ideograph():
    table = radical_table()
    assert len(table) == 328  # 114 supplement rows (U+2E81–U+2EF3) + 214 Kangxi radicals
    for code, ideograph in table.items():
        assert code in RADICALS and len(ideograph) == 1
        assert any(a <= ord(ideograph) <= b for a, b in UNIFIED), f"U+{code:04X} -> U+{ord(ideograph):04X}"
    # Every assigned radical is covered except U+2E80 CJK RADICAL REPEAT, which Unicode maps to nothing.
    assigned = {cp for cp in RADICALS if unicodedata.name(chr(cp), "").startswith(("CJK RADICAL", "KANGXI"))}
    assert assigned - set(table) == {0x2E80}
    # The Kangxi rows agree with NFKC, which the fold must not depend on but must not contradict.
    assert all(unicodedata.normalize("NFKC", chr(cp)) == table[cp] for cp in range(0x2F00, 0x2FD6))


def test_fold_round_trips_the_table_one_code_point_for_one():
    radicals = "".join(chr(cp) for cp in sorted(radical_table()))
    folded = fold_radicals(radicals)
    assert len(folded) == len(radicals)
    assert not _radicals_in(folded)
    assert fold_radicals("⻑期保存⾷品、⻘果、⻝料") == "長期保存食品、青果、食料"
    assert fold_radicals("長期") == "長期"  # text without radicals is returned as it is


def test_question_pasted_from_a_pdf_matches_the_folded_text():
    assert nfkc("⻑期保存⾷品開発⽀援事業") == FOOD


def test_text_and_passage_readers_fold_radicals_without_moving_offsets(tmp_path):
    raw = "⻑期保存⾷品の開発を⽀援します。\n⻘果の流通も対象です。\n"
    (tmp_path / "doc.txt").write_text(raw, encoding="utf-8")
    doc = read_text_file(tmp_path / "doc.txt")
    assert doc.text == "長期保存食品の開発を支援します。\n青果の流通も対象です。\n" and len(doc.text) == len(raw)
    record = {"id": "p1", "title": "⻑期保存", "text": raw}
    (tmp_path / "passages.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [passage] = read_passages(tmp_path / "passages.jsonl")
    assert passage.title == "長期保存" and passage.text == doc.text


def test_field_pdf_titles_and_text_use_the_ideographs():
    docs, programs = parse(PDF)
    [doc] = docs
    assert not _radicals_in(doc.text), "radicals left in the PDF text"
    assert doc.page_starts == [0]
    titles = [p.title for p in programs]
    assert FOOD in titles and "地域商店街デジタル化支援事業" in titles
    assert not any(_radicals_in(t) for t in titles)
    food = _program(programs, FOOD)
    assert food.budget is not None and food.budget.amount_oku_yen == 8.0
    assert "食品産業課" in doc.text[food.start:food.end]


# -- wrapped lines -----------------------------------------------------------------------------------------
def test_hard_wrapped_sentence_is_one_unit_with_exact_offsets():
    [doc], programs = parse(WRAPPED)
    units = program_units(_program(programs, "地域商店街デジタル化支援事業"), doc)
    [unit] = [u for u in units if "予約シス" in u.text]
    assert doc.text[unit.start:unit.end] == unit.text
    assert unit.text == "商店街の店舗がキャッシュレス決済や予約シス\nテムを導入する費用を補助します。"
    assert unwrap(doc.text, unit.start, unit.end) == RESERVATION
    # The other wrapped sentences of the file too: a break after 「食」 and one inside 「品目」.
    food_units = [unwrap(doc.text, u.start, u.end) for u in program_units(_program(programs, FOOD), doc)]
    assert "災害時に備え、常温で長期間保存できる食品の開発を支援します。" in food_units
    assert "令和8年度までに新しい保存食品を20品目開発します。" in food_units


def test_field_pdf_units_are_whole_sentences():
    [doc], programs = parse(PDF)
    quotes = [unwrap(doc.text, u.start, u.end) for p in programs for u in program_units(p, doc)
              if doc.text[u.start:u.end] == u.text]
    assert RESERVATION in quotes
    assert "決済端末の導入と予約サイトの構築を支援します。" in quotes
    assert not any(q.startswith(("約システム", "援します", "食品の開発")) for q in quotes)


def test_line_breaks_between_items_labels_and_paragraphs_stay():
    text = ("- 商店街の店舗がキャッシュレス決済や予約シス\nテムを導入する費用を補助します。\n"
            "- 決済端末の導入と予約サイトの構築を支援しま\n- 二つ目の項目です。\n"
            "基準利率\n中小企業事業1.16%\n"
            "商店街の店舗がキャッシュレス決済を導入する費用を補助します\n\n次の段落です。")
    breaks = wrap_breaks(text)
    assert [text[b - 2:b + 3] for b in breaks] == ["シス\nテム"]


@pytest.mark.parametrize(("text", "joined"), [
    # A short line (a narrow column) whose next line starts with a particle or verb ending continues it.
    ("※国内の工場で組み立てる方が、輸入に比べ\nてより安価となる。\n", ["比べ\nてよ"]),
    ("補助の対象は、市内の事業者のうち申請時\nに登録を受けた者とする。\n", ["請時\nに登"]),
    # A new item, a heading or a sentence of its own never does.
    ("補助率　1/2\n上限　50万円\n", []),
    ("事業の概要\nこの事業は店舗を支援する。\n", []),
])
def test_a_line_starting_with_a_particle_continues_the_line_before(text, joined):
    assert [text[b - 2:b + 3] for b in wrap_breaks(text)] == joined


def test_wrap_between_latin_words_keeps_one_space():
    line = "The subsidy covers cashless payment terminals and the web reservation"
    text = f"{line}\n  system of each shop.\n"
    assert unwrap(text) == f"{line} system of each shop.\n"


def test_index_text_sees_whole_words_while_the_passage_stays_exact():
    [doc], programs = parse(WRAPPED)
    passages = make_passages(programs, {doc.name: doc}, lambda text: True)
    [purpose] = [p for p in passages if "予約シス\nテム" in p.text]
    assert doc.text[purpose.start:purpose.end] == purpose.text
    assert RESERVATION in purpose.index_text()


def test_long_section_is_not_cut_inside_a_wrapped_sentence():
    [doc], programs = parse(WRAPPED)
    shop = _program(programs, "地域商店街デジタル化支援事業")
    # A model that fits one line at a time: every cut falls at a line break, but never at a wrap.
    passages = make_passages([shop], {doc.name: doc}, lambda text: "\n" not in text.strip("\n"))
    assert any(p.text.endswith("補助します。") and "予約シス\nテム" in p.text for p in passages)
    assert not any(p.text.startswith("テム") for p in passages)


# -- PDFs made with reportlab's Japanese CID fonts ----------------------------------------------------------
def _reportlab_pdf(path: Path) -> None:
    """Page 1: horizontal lines with full-width digits; page 2: vertical text drawn one glyph at a time."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3", isVertical=True))  # UniJIS-UCS2-V
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("HeiseiKakuGo-W5", 11)
    for n, line in enumerate(["令和６年度補正予算額　８．０億円（前年度　５．５億円）", "食品産業課　０３－２３４５－６７８９"]):
        c.drawString(50, height - 60 - 20 * n, line)
    c.showPage()
    c.setFont("HeiseiMin-W3", 12)
    x = width - 80
    for column in ["縦書きの事業概要です。", "予算額は３億円です。"]:  # right to left, each top-down
        for n, ch in enumerate(column):
            c.drawString(x, height - 60 - 14 * n, ch)
        x -= 24
    c.showPage()
    c.save()


def test_reportlab_pdf_keeps_full_width_digits_pages_and_vertical_text(tmp_path):
    path = tmp_path / "ja.pdf"
    _reportlab_pdf(path)
    doc = read_pdf(path)
    assert len(doc.page_starts) == 2
    first = doc.text[:doc.page_starts[1]]
    assert "令和６年度補正予算額　８．０億円（前年度　５．５億円）" in first
    assert "０３－２３４５－６７８９" in first  # full-width minus kept (pdfminer turns it into U+2212)
    # Vertical text comes from pypdf one glyph per line; the reader joins the run. Where the first column
    # ends is not in the text layer, so both columns read as one line.
    vertical = doc.text[doc.page_starts[1]:]
    assert "縦書きの事業概要です。予算額は３億円です。" in vertical
    assert doc.page_at(doc.text.index("縦書き")) == 2


# -- answers ------------------------------------------------------------------------------------------------
def _service(embedder, tmp_path: Path, source: Path):
    from qa.service import QAService

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(source, corpus)
    return QAService.open(tmp_path / "index", corpus, embedder=embedder, progress=False)


def _assert_exact(documents: dict[str, Document], citations) -> None:
    for c in citations:
        assert documents[c.document].text[c.start:c.end] == c.text


@pytest.mark.slow
def test_question_in_plain_kanji_finds_the_pdf_program(embedder, tmp_path):
    service = _service(embedder, tmp_path, PDF)
    answer = service.ask("長期保存できる食品の事業は？")
    assert not answer.abstained
    assert service.index.programs_by_id[answer.programs[0]].title == FOOD
    assert FOOD in answer.answer
    _assert_exact(service.index.documents, answer.citations)
    assert all(not _radicals_in(c.quote) and "\n" not in c.quote for c in answer.citations)


@pytest.mark.slow
def test_citation_of_a_wrapped_sentence_quotes_it_whole(embedder, tmp_path):
    service = _service(embedder, tmp_path, WRAPPED)
    answer = service.ask("予約システムの導入を補助する事業は？")
    _assert_exact(service.index.documents, answer.citations)
    [cited] = [c for c in answer.citations if "予約シス" in c.text]
    assert cited.quote == RESERVATION and "\n" in cited.text
    assert f"「{RESERVATION}」" in answer.answer
    assert json.loads(answer.model_dump_json())["citations"][0]["quote"] == cited.quote
