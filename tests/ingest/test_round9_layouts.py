"""Kinds found on round 8's scored documents (tests/fixtures/scored-2026-12-04-s11/layouts12, tuning data since) and
checked on earlier rounds' ledgers: a title printed letter-spaced or under a meeting's label or a sender's lines, a
ledger whose 説明 column opens each 事業 with ○ and explains it on indented lines, and a sheet saved as CSV whose
section rows head the rows under them."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.models import Document
from qa.ingest.normalize import unspaced
from qa.ingest.parse import describe, parse_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROUND8 = FIXTURES / "scored-2026-12-04-s11" / "layouts12"
ROUND6 = FIXTURES / "scored-2026-12-04-s9" / "layouts10"


@pytest.mark.parametrize(("line", "read"), [
    ("  令 和 ８ 年 度  ", "令和８年度"),
    ("北　嶺　町　一　般　会　計", "北嶺町一般会計"),
    ("１ 予算の規模", "１ 予算の規模"),  # a number before words is no letter spacing
    ("令和８年度 予算", "令和８年度 予算"),
])
def test_a_letter_spaced_line_reads_as_the_words_it_spells(line, read):
    assert unspaced(line) == read


@pytest.mark.parametrize(("opening", "title"), [
    ("\n\n        令 和 ８ 年 度\n\n   み な と 町 一 般 会 計 予 算 事 項 別 明 細 書\n", "令和８年度 みなと町一般会計予算事項別明細書"),
    ("                         資料２\n\n   令和８年度\n   はなみ市当初予算（案）の概要\n", "令和８年度 はなみ市当初予算（案）の概要"),
    ("      令和８年２月１日\n      はなみ市 企画部 財政課\n      電話 0120-00-1234（内線 21）\n\n   記 者 発 表 資 料\n"
     "   令和８年度 はなみ市予算について\n", "令和８年度 はなみ市予算について"),
])
def test_the_title_is_the_first_line_that_names_the_document(opening, title):
    doc = Document(name="d.txt", path="d.txt", text=opening + "\n１ 予算の規模\n", kind="budget")
    describe(doc)
    assert doc.title == title
    assert doc.period.startswith("令和８年度")  # the fiscal year, not the release date


@pytest.fixture(scope="module")
def round8():
    return parse_corpus(ROUND8)


@pytest.fixture(scope="module")
def round6():
    return parse_corpus(ROUND6)


def _of(parsed, stem: str):
    return [p for p in parsed.programs if p.document.startswith(stem)]


@pytest.mark.parametrize(("fixture", "stem", "program", "explained", "not_programs"), [
    # 「○町道除雪事業 96,400」 over 「除雪業務委託 88,000」「除雪車燃料費 8,400」「国：除雪費補助 24,000」
    ("round8", "hokurei", "町道除雪事業", "除雪業務委託", {"除雪業務委託", "除雪車燃料費", "国:除雪費補助"}),
    ("round8", "hokurei", "橋梁長寿命化修繕事業", "北嶺大橋", set()),
    # full-width indents (「　　医療費扶助」) under ○, and 事業 opened by ☆ beside ○
    ("round6", "miyasegawa", "子ども医療費助成事業", "医療費扶助", {"医療費扶助", "審査支払手数料等"}),
    ("round6", "miyasegawa", "帯状疱疹ワクチン接種事業", None, {"子どもの定期予防接種", "高齢者肺炎球菌予防接種"}),
])
def test_lines_indented_under_a_marked_ledger_entry_explain_it(request, fixture, stem, program, explained, not_programs):
    parsed = request.getfixturevalue(fixture)
    programs = {p.title: p for p in _of(parsed, stem)}
    assert program in programs and not not_programs & set(programs)
    if explained:
        text = parsed.documents[0].text if len(parsed.documents) == 1 else next(
            d.text for d in parsed.documents if d.name.startswith(stem))
        assert explained in programs[program].whole_text(text)


def test_section_rows_of_a_sheet_head_the_rows_under_them(round8):
    rows = {p.title: p for p in _of(round8, "aoba")}
    assert rows["青葉県観光誘客キャンペーン事業"].category == "３　観光・国際"
    assert rows["次世代半導体関連産業集積促進事業"].category == "１　産業振興・ものづくり"
    assert rows["次世代半導体関連産業集積促進事業"].flags == ["新規"]  # the 区分 column still flags it
    assert rows["合計"].category is None  # the grand total heads no section
    subtotals = [p for p in _of(round8, "aoba") if p.title == "小計"]
    assert [p.category for p in subtotals] == ["１　産業振興・ものづくり", "２　雇用・人材育成", "３　観光・国際"]


def test_a_title_less_row_with_marks_or_figures_is_still_skipped(tmp_path):
    from qa.ingest.records import read_table

    (tmp_path / "t.csv").write_text("区分,事業名,予算額(千円)\n１　子育て支援,,\n新規,保育事業,100\n,,\n,○,\n継続,給食事業,200\n,,300\n",
                                    encoding="utf-8")
    _, programs, warnings = read_table(tmp_path / "t.csv")
    assert [(p.title, p.category) for p in programs] == [("保育事業", "１　子育て支援"), ("給食事業", "１　子育て支援")]
    assert any("row(s) skipped" in w for w in warnings)


def test_a_part_of_records_of_two_years_is_linked_to_the_parent_row_of_its_own_year(tmp_path):
    """Records of two years name one program in each; a part (its category the program's title) belongs to its own
    year's row, so that a sum of that year adds the parent once."""
    import json

    from qa.ingest.records import read_table

    rows = [{"id": "a1", "item": "いじめ対策事業", "budget": "29,000千円", "title": "平成31年度 予算案", "cats": []},
            {"id": "b1", "item": "いじめ対策事業", "budget": "38,000千円", "title": "令和2年度 予算案", "cats": []},
            {"id": "b2", "item": "相談窓口の運営", "budget": "15,000千円", "title": "令和2年度 予算案",
             "cats": ["いじめ対策事業"]},
            {"id": "b3", "item": "SNS相談", "budget": "23,000千円", "title": "令和2年度 予算案", "cats": ["いじめ対策事業"]}]
    (tmp_path / "r.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "r.json.mapping.toml").write_text(
        'id = "id"\ntitle = "item"\nbudget = "budget"\nyear = { field = "title" }\ncategory = "cats"\n', encoding="utf-8")
    _, programs, _ = read_table(tmp_path / "r.json")
    by_id = {p.id.rsplit("-", 1)[-1]: p for p in programs}
    assert by_id["b2"].parent_id == by_id["b1"].id and by_id["b3"].parent_id == by_id["b1"].id
    assert by_id["a1"].parent_id is None


LAYOUTS13 = FIXTURES / "layouts13"


@pytest.fixture(scope="module")
def round9_tuning():
    return parse_corpus(LAYOUTS13)


@pytest.mark.parametrize(("stem", "title", "yen"), [
    # 「◎【新規】第２子保育料無償化事業」: the legend's mark ◎ goes with the flag
    ("shinonome", "第2子保育料無償化事業", 1_248_600_000),
    # a description indented under a whole name is no second line of it; a bracketed line is
    ("shinonome", "放課後児童クラブ運営支援事業", 986_200_000),
    ("shinonome", "避難所環境整備事業(トイレカー・段ボールベッド)", 96_800_000),
    # 「### 1 地域交通リ・デザイン総合支援事業 〔重点〕」: the number and the 〔flag〕 are not the name
    ("kokudo", "地域交通リ・デザイン総合支援事業", 24_850_000_000),
    # a Markdown table whose 事業期間 column is no second title column (unit 百万円 above it)
    ("kokudo", "流域治水推進交付金", 185_400_000_000),
    # a 補正's items under its table of 款 (whose 寄附金 and 予備費 rows are no ledger's 節)
    ("kirigasawa", "庁舎非常用発電設備更新事業", 38_500_000),
    ("kirigasawa", "町民プール改修事業", -4_200_000),
])
def test_round9_tuning_documents_read_their_programs(round9_tuning, stem, title, yen):
    programs = {p.title: p.budget.yen if p.budget else None for p in round9_tuning.programs if p.document.startswith(stem)}
    assert programs.get(title) == yen, sorted(programs)


def test_a_flag_in_tortoise_shell_brackets_is_a_flag():
    from qa.ingest.titles import bare_title

    assert bare_title("### 11 子育て世帯住まい改修支援事業 〔新規〕〔重点〕") == ("子育て世帯住まい改修支援事業", ["新規", "重点"], None)
    assert bare_title("庁舎照明LED化事業〔管財課〕") == ("庁舎照明LED化事業", [], "管財課")  # an office stays one


ROUND9_SEALED = FIXTURES / "scored-2026-12-04-s12" / "layouts13"


def test_numbered_rows_with_bare_figures_under_a_unit_line_are_items():
    """Round 9's sealed prefecture document (tuning since its end score): 「(1) 【拡充】第２子以降保育料無償化事業
    1,284,600」 under 「（単位：千円）」, last year's 「（前年度    962,300）」 on the line under it."""
    parsed = parse_corpus(ROUND9_SEALED)
    rows = {p.title: p for p in parsed.programs if p.document.startswith("asagi")}
    first = rows["第2子以降保育料無償化事業"]
    assert first.budget.yen == 1_284_600_000 and first.flags == ["拡充"]
    assert first.budget.previous_year is not None and first.budget.previous_year.yen == 962_300_000
    assert rows["産後ケア利用料助成事業"].budget.previous_year is None  # 「（前年度 －）」: none
    assert sum(p.kind == "item" for p in rows.values()) >= 20
