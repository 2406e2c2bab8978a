"""A city's 事務事業評価シート read as programs (qa/ingest/layouts/evaluation_sheets.py): forms22's two offices' sheets
(南川市 「項目：値」 cells, 北浦市 a ruled table) and two more offices' written to check the rules beyond them
(forms22-variants: 夕霧市 【】 labels, ■ headers, years as rows in 円, a page break inside a sheet; 白鷺町 labels set off
by spaces, a header over two lines, a budget stated on lines), forms23's two (東雲台市 sheets opened by a banner
「No.１　…事業」 between rules with no 事業名 label, years as columns over 当初予算額・予算現額・事業費総額（決算額）
rows in 円; 白鷺川市 ■ labels and years as rows in 千円 with no 本年度 in the table) and forms23-variants' two written
to check them (朝凪市 「【No.1】」 banners, years as rows under kinds as columns; 汐見町 「■シートNo.１」 banners between
＝ rules, a 「コストの推移」 in 円). Each sheet is one program: its 事業名, this year's
budget from its 事業費 table in yen, last year's figure, its department, its cells as sections, its direction as a
flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse, parse_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FORMS = FIXTURES / "forms22"
VARIANTS = FIXTURES / "forms22-variants"
MINAMIKAWA = FORMS / "minamikawa_hyoka_r09.txt"
KITAURA = FORMS / "kitaura_hyoka_r10.txt"
YUGIRI = VARIANTS / "yugiri_hyoka_r08.txt"
SHIRASAGI = VARIANTS / "shirasagi_hyoka_r08.txt"
SHINONOMEDAI = FIXTURES / "forms23" / "shinonomedai_shi_jigyo_hyokahyo.txt"
SHIRASAGIGAWA = FIXTURES / "forms23" / "shirasagigawa_shi_jimujigyo_hyoka.txt"
ASANAGI = FIXTURES / "forms23-variants" / "asanagi_hyoka_chosho_r09.txt"
SHIOMI = FIXTURES / "forms23-variants" / "shiomi_hyoka_r09.txt"
SHEETS = [MINAMIKAWA, KITAURA, YUGIRI, SHIRASAGI, SHINONOMEDAI, SHIRASAGIGAWA, ASANAGI, SHIOMI]


def _read(path: Path):
    (doc,), programs = parse(path)
    return doc, {nfkc(p.title): p for p in programs}


@pytest.fixture(scope="module")
def read():
    return {path.stem: _read(path) for path in SHEETS}


def _listed(folder: Path, document: str) -> list[tuple[str, int]]:
    rows = [json.loads(line) for line in (folder / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(nfkc(r["title"]), r["budget_yen"]) for r in rows if r["document"] == document]


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.stem)
def test_every_sheet_is_one_program_with_its_title_and_this_years_budget_in_yen(read, path):
    doc, programs = read[path.stem]
    listed = _listed(path.parent, path.stem)
    assert doc.layout == "evaluation_sheets", doc.layout_scores
    assert sorted((t, p.budget.yen) for t, p in programs.items()) == sorted(listed)


@pytest.mark.parametrize(("path", "title", "quoted", "previous", "previous_label"), [
    # years as columns: 本年度予算（Ｒ９）, not the 前年度決算 or 次年度見込 beside it; last year's is its 決算
    (MINAMIKAWA, "防災行政無線デジタル化事業", "212,300", 185_600_000, "前年度決算(R8)"),
    # a program begun this year: 「－」 in last year's column is no figure
    (MINAMIKAWA, "帯状疱疹ワクチン接種費用助成事業", "18,600", None, None),
    # years as rows: 「令和10年度　予算（本年度）」, last year's 「令和９年度　決算（前年度）」
    (KITAURA, "スクールソーシャルワーカー活用事業", "17,800", 15_600_000, "令和9年度 決算(前年度)"),
    (KITAURA, "市民健康ポイント事業", "2,000", 3_900_000, "令和9年度 決算(前年度)"),
    # years as rows in 円, the year before given as 当初予算 and 決算見込: its budget is last year's figure
    (YUGIRI, "高齢者配食サービス事業", "10,400,000", 9_200_000, "令和7年度当初予算"),
    # no 本年度 anywhere: the sheet's own year (令和８年度) places the budget among two 予算 columns
    (SHIRASAGI, "町営バス運行事業", "35,800", 32_400_000, "令和7年度予算"),
    (SHIRASAGI, "小中学校ICT支援員配置事業", "8,100", 8_100_000, "R7予算"),
    # a budget stated on lines of its own (「本年度予算額　1,500」 over 「前年度予算額　－」)
    (SHIRASAGI, "地域猫活動支援事業", "1,500", None, None),
    # years as columns over kinds as rows, the cost row the 決算 (「事業費総額（決算額）」, 「－」 this year): this year's
    # budget is the 当初予算額 row in the sheet's year's column (令和８年度), last year's the 当初予算額 before it
    (SHINONOMEDAI, "子育て世帯家賃補助事業", "23,400,000", 19_200_000, "令和7年度当初予算額"),
    (SHINONOMEDAI, "放課後児童クラブ運営事業", "281,940,000", 262_350_000, "令和7年度当初予算額"),
    # years as rows with no 本年度: 「「本年度」は令和７年度をいう」 places 「令和７年度予算」, not 「令和８年度見込」
    (SHIRASAGIGAWA, "高齢者見守りネットワーク推進事業", "8,420", 8_105_000, "令和6年度決算"),
    (SHIRASAGIGAWA, "市民農園管理事業", "1,850", 1_910_000, "令和6年度決算"),
    # the same with the years as rows, kinds as columns; a program new this year has dashes before it
    (ASANAGI, "地域公民館長寿命化改修事業", "70,400", 61_500_000, "令和8年度当初予算額"),
    (ASANAGI, "商工会議所創業塾補助事業", "1,500", None, None),
    (SHIOMI, "住宅用蓄電池設置費補助事業", "6,000,000", 4_000_000, "令和8年度当初予算額"),
])
def test_the_budget_is_the_column_the_sheet_names_this_years_budget_and_last_years_is_its_budget_or_settlement(
        read, path, title, quoted, previous, previous_label):
    doc, programs = read[path.stem]
    budget = programs[title].budget
    assert doc.text[budget.start:budget.end] == quoted
    assert (budget.previous_year.yen if budget.previous_year else None) == previous
    assert (budget.previous_year.label if budget.previous_year else None) == previous_label


@pytest.mark.parametrize(("path", "title", "year", "kind"), [
    (MINAMIKAWA, "子育て世帯家賃補助事業", 2027, "当初"),  # 「「本年度予算」は令和９年度当初予算額」
    (KITAURA, "河川・水路しゅんせつ事業", 2028, "当初"),  # 「「予算」は当初予算額である」
    (YUGIRI, "道路照明LED化推進事業", 2026, "当初"),
    (SHINONOMEDAI, "外国人住民生活相談事業", 2026, "当初"),  # 「当初予算額」 row in the 令和８年度 column
    (SHIRASAGIGAWA, "妊婦健康診査事業", 2025, ""),  # 「令和７年度予算」: a budget, not said to be the 当初
])
def test_the_budget_carries_the_year_and_kind_the_document_states(read, path, title, year, kind):
    budget = read[path.stem][1][title].budget
    assert (budget.fiscal_year, budget.budget_kind) == (year, kind)


@pytest.mark.parametrize(("path", "title", "department", "flags"), [
    (MINAMIKAWA, "子育て世帯家賃補助事業", "こども未来部 子育て支援課", ["拡充"]),
    (MINAMIKAWA, "帯状疱疹ワクチン接種費用助成事業", "健康福祉部 健康づくり課", ["新規", "継続"]),  # 【新規】 off the title
    (MINAMIKAWA, "防災行政無線デジタル化事業", "総務部 危機管理課", ["廃止"]),  # 「廃止（令和９年度で整備完了のため）」
    (MINAMIKAWA, "住宅用太陽光発電設備等設置補助事業", "市民生活部 環境政策課", ["縮小"]),
    (KITAURA, "不妊治療費助成事業", "健康こども部 こども家庭センター 母子保健係", ["縮小"]),
    (KITAURA, "市民健康ポイント事業", "健康こども部 健康増進課 健康づくり係", ["廃止"]),  # 「廃止（県事業へ統合）」
    (YUGIRI, "子育て応援タクシー利用助成事業", "こども家庭部 子育て支援課", ["新規", "継続"]),  # （新規）, ■継続
    (YUGIRI, "図書館電子書籍貸出サービス事業", "教育委員会 中央図書館", ["縮小"]),  # 「□拡充 □継続 ■縮小 □廃止」
    (SHIRASAGI, "地域猫活動支援事業", "住民生活課 環境係", ["新規", "継続"]),
    (SHIRASAGI, "結婚新生活支援事業", "住民生活課 戸籍住民係", ["縮小"]),
    (SHINONOMEDAI, "子育て世帯家賃補助事業", "こども未来部 子育て支援課(家庭支援係)", ["拡充"]),  # 「所管：」, 【今後の方向性】
    (SHIRASAGIGAWA, "地域猫不妊去勢手術費補助事業", "市民生活部 環境保全課(生活環境係)", ["継続"]),  # □拡充 ■継続
    (SHIOMI, "町営温水プール運営事業", "住民生活課 スポーツ振興係", ["継続"]),  # （内線３１２） is no part of its name
])
def test_the_office_and_its_direction_become_department_and_flags(read, path, title, department, flags):
    program = read[path.stem][1][title]
    assert (program.department, program.flags) == (department, flags)


@pytest.mark.parametrize(("path", "title", "section", "text"), [
    (MINAMIKAWA, "空き家改修支援事業", "目的", "空き家バンクに登録された空き家の改修を支援し、空き家の流通と移住者の住まい確保を進める。"),
    (MINAMIKAWA, "空き家改修支援事業", "対象", "南川市空き家バンクに登録された空き家を購入又は賃借して居住する者"),
    (MINAMIKAWA, "中小企業販路開拓支援事業", "今後の方向性", "継続"),
    (MINAMIKAWA, "高齢者見守りネットワーク事業", "根拠法令", "介護保険法第１１５条の４５（地域支援事業）、南川市高齢者見守りネットワーク事業実施要綱"),
    (KITAURA, "公園遊具更新事業", "目的", "劣化した遊具を計画的に更新し、公園を安全に利用できるようにする。"),
    (KITAURA, "公園遊具更新事業", "対象", "市が管理する都市公園６４か所の遊具（２８７基）"),
    (KITAURA, "地域おこし協力隊事業", "評価", "任期終了者７人のうち５人が市内に定住している。受入れ地区の要望も多い。"),
    (YUGIRI, "中学生海外派遣交流事業", "対象", "市立中学校の２年生（毎年度１６人を選考）"),
    (SHIRASAGI, "町営バス運行事業", "今後の方向性", "継続（令和９年度にデマンド交通への一部転換を検討）"),
])
def test_a_labelled_cell_is_a_section_quoting_its_value_exactly(read, path, title, section, text):
    doc, programs = read[path.stem]
    quoted = [doc.text[s.start:s.end] for s in programs[title].sections if s.name == section]
    assert text in quoted


@pytest.mark.parametrize(("path", "title", "words"), [
    # the 成果指標 under its label, its evaluation with the reasons, the table and its 財源 rows
    (MINAMIKAWA, "学校給食地産地消推進事業", {"成果目標": "地場産物の使用割合", "評価": "評価の理由：天候不順",
                                               "事業費の推移": "本年度予算（Ｒ９）", "財源内訳": "一般財源"}),
    (KITAURA, "河川・水路しゅんせつ事業", {"成果目標": "しゅんせつ実施延長", "事業費の推移": "令和10年度　予算（本年度）",
                                            "財源内訳": "36,000", "事業内容": "緊急浚渫推進事業債"}),
    # a sheet broken over two pages still holds its cells after the page's number and running header
    (YUGIRI, "道路照明LED化推進事業", {"事業内容": "約３００基ずつ", "事業費の推移": "令和８年度　　当初予算",
                                       "改善の内容": "３３０基"}),
])
def test_the_sheets_blocks_and_table_are_sections_of_their_program(read, path, title, words):
    doc, programs = read[path.stem]
    sections = programs[title].sections
    for name, word in words.items():
        assert any(word in doc.text[s.start:s.end] for s in sections if s.name == name), (name, word)


def test_a_sheet_spans_its_lines_and_no_other_sheets(read):
    doc, programs = read["kitaura_hyoka_r10"]
    ordered = sorted(programs.values(), key=lambda p: p.start)
    assert all(a.end < b.start for a, b in zip(ordered, ordered[1:], strict=False))
    first = ordered[0]
    assert doc.text[first.start:first.end].startswith("┏") and doc.text[first.start:first.end].endswith("┛")
    assert "評価結果の集計" not in doc.text[ordered[-1].start:ordered[-1].end]


@pytest.mark.parametrize(("path", "opening", "closing"), [
    # a sheet opened by its banner runs from the banner to its last cell, not into the next sheet's rule and banner
    (SHINONOMEDAI, "No.", "。"),
    (SHIOMI, "■シートNo.", "□廃止"),
    # 「══」 rules between sheets: the last cell's lines under them stay the sheet's (「（理由）…見直しを図る。」)
    (SHIRASAGIGAWA, "■ 事務事業名", "。"),
])
def test_a_sheet_opened_by_a_banner_or_divided_by_rules_spans_its_own_lines(read, path, opening, closing):
    doc, programs = read[path.stem]
    ordered = sorted(programs.values(), key=lambda p: p.start)
    assert all(a.end < b.start for a, b in zip(ordered, ordered[1:], strict=False))
    for program in ordered:
        text = doc.text[program.start:program.end]
        assert text.startswith(opening) and text.endswith(closing), text[:20] + "…" + text[-20:]
        assert text.count(opening) == 1
    first = doc.text[ordered[0].start:ordered[0].end]
    assert first.count("今後の方向性") == 1 and "\n\n" not in first.strip()


def test_the_yugiri_sheet_broken_by_a_page_lies_on_both_pages(read):
    _, programs = read["yugiri_hyoka_r08"]
    assert programs["道路照明LED化推進事業"].pages == [1, 2]


def test_other_forms_of_the_round_are_not_read_as_sheets():
    parsed = parse_corpus(FORMS)
    layouts = {d.name: d.layout for d in parsed.documents}
    assert layouts["aoba_hosei_r10_2.txt"] != "evaluation_sheets"
    assert layouts["chiiki_seikatsu_gaisan_r11.txt"] != "evaluation_sheets"
    assert layouts["shiranami_hosei_r10_9gatsu.txt"] != "evaluation_sheets"


def test_the_other_forms_of_forms23_are_not_read_as_sheets():
    """A banner opens a sheet only in a document without 事業名 cells, over labelled cells and a table of years: the
    round's 補正予算 and 概算要求 documents (numbered headings over labelled lines) are not sheets."""
    parsed = parse_corpus(FIXTURES / "forms23")
    layouts = {d.name: d.layout for d in parsed.documents}
    assert {name for name, layout in layouts.items() if layout == "evaluation_sheets"} == {
        SHINONOMEDAI.name, SHIRASAGIGAWA.name}


MARKDOWN_SHEETS = """東風市　令和９年度　事務事業評価シート

## シート１
| 項目 | 内容 |
|---|---|
| **事業名** | 公民館Wi-Fi整備事業【拡充】 |
| 所管課 | 生涯学習課 |
| 事業の目的 | 公民館で講座のオンライン配信ができるようにする。 |

事業費（単位：千円）
| 区分 | 令和８年度 | 令和９年度 | 令和１０年度 |
|---|---|---|---|
| 予算額 | 3,000 | 4,500 | 4,500 |
| 決算額 | 2,870 | － | － |

## シート２
| 項目 | 内容 |
|---|---|
| **事業名** | 公民館講座開催事業 |
| 所管課 | 生涯学習課 |

事業費（単位：千円）
| 区分 | 令和８年度 | 令和９年度 | 令和１０年度 |
|---|---|---|---|
| 予算額 | 1,200 | 1,100 | 1,100 |
| 決算額 | 1,150 | － | － |
"""


def test_a_markdown_sheet_with_years_as_columns_and_kinds_as_rows_reads_the_budget_row_of_the_sheets_year(tmp_path):
    path = tmp_path / "kochi_hyoka_r09.md"
    path.write_text(MARKDOWN_SHEETS, encoding="utf-8")
    (doc,), programs = parse(path)
    assert doc.layout == "evaluation_sheets"
    assert [(p.title, p.budget.yen, p.budget.previous_year.yen, p.flags) for p in programs] == [
        ("公民館Wi-Fi整備事業", 4_500_000, 3_000_000, ["拡充"]),
        ("公民館講座開催事業", 1_100_000, 1_200_000, []),
    ]
