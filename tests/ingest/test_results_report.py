"""A city's 主要施策の成果報告書 read as programs and totals (qa/ingest/layouts/results_report.py): forms24's 北浜市
(labelled lines in 千円, ［事業の概要］ blocks, ■第２款 headings) and 南陵区 (円, 「所管課：…〔一般会計・福祉費〕」, ＜主な成果＞,
「（参考）前年度決算額」), forms25's 霧ヶ丘市 (figures in sentences in full-width digits, 【成果】 inline) and 潮見市 (款-項-目
codes over 「■…事業　（企画政策課）」, figures in a row under a row of labels), and the two offices of forms24-variants
written to check the rules beyond them (朝霧町 a boxed summary table, colon labels with bare figures in the legend's
千円; 白浜市 Markdown tables, 「1-1　…【課】」 titles, 施策の柱). Each block is one program: its title, its 決算額 in yen as
its budget, last year's 決算額, its office, the other figures and its text as sections; the 款 summary rows are
totals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse
from qa.ingest.vocabulary import is_grand_total

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KITAHAMA = FIXTURES / "forms24" / "kitahama_shi_seika_r7.txt"
NANRYO = FIXTURES / "forms24" / "nanryo_ku_seika_r6.txt"
KIRIGAOKA = FIXTURES / "forms25" / "res_kirigaoka.txt"
SHIOMI = FIXTURES / "forms25" / "res_shiomi.txt"
ASAGIRI = FIXTURES / "forms24-variants" / "asagiri_cho_seika_r8.txt"
SHIRAHAMA = FIXTURES / "forms24-variants" / "shirahama_shi_seika_r7.txt"
REPORTS = [KITAHAMA, NANRYO, KIRIGAOKA, SHIOMI, ASAGIRI, SHIRAHAMA]


def _read(path: Path):
    (doc,), programs = parse(path)
    return doc, programs


@pytest.fixture(scope="module")
def read():
    return {path.stem: _read(path) for path in REPORTS}


def _program(read, path: Path, title: str):
    doc, programs = read[path.stem]
    found = [p for p in programs if p.kind == "program" and nfkc(p.title) == nfkc(title)]
    assert len(found) == 1, [p.title for p in programs]
    return doc, found[0]


def _listed(path: Path) -> list[tuple[str, int]]:
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(nfkc(r["title"]), r["budget_yen"]) for r in rows if r["document"] == path.stem]


def _section(doc, program, name: str) -> str:
    texts = [doc.text[s.start:s.end] for s in program.sections if s.name == name]
    assert texts, [s.name for s in program.sections]
    return texts[0]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_every_block_is_one_program_with_its_title_and_its_settled_figure_in_yen(read, path):
    doc, programs = read[path.stem]
    assert doc.layout == "results_report", doc.layout_scores
    read_ = sorted((nfkc(p.title), p.budget.yen) for p in programs if p.kind == "program")
    assert read_ == sorted(_listed(path))
    assert all(p.budget.budget_kind == "決算" for p in programs if p.kind == "program")
    assert doc.coverage >= 0.9, doc.warnings


@pytest.mark.parametrize(("path", "title", "label", "quoted", "year"), [
    (KITAHAMA, "移住定住促進事業", "決算額", "45,870千円", "令和7年度"),
    (NANRYO, "出産・子育て応援事業", "決算額", "148,914,320円", "令和6年度"),
    # a sentence in full-width digits: the figure quoted as written, its label too
    (KIRIGAOKA, "子育て支援センター運営事業", "本年度の決算額", "６，６６０千円", "令和9年度"),
    # a row of figures under a row of labels: the figure under 決算額（円）
    (SHIOMI, "橋梁長寿命化修繕事業", "決算額", "75,149,760", "令和9年度"),
    # 支出済額 is the settled figure; a bare figure in the 千円 the legend states once
    (ASAGIRI, "デマンド交通運行事業", "支出済額", "23,918", "令和8年度"),
    (SHIRAHAMA, "避難所環境整備事業", "決算額", "27,096,800円", "令和7年度"),
])
def test_the_budget_is_the_settled_figure_quoted_as_written_with_its_label_and_year(read, path, title, label, quoted,
                                                                                     year):
    doc, program = _program(read, path, title)
    budget = program.budget
    assert (budget.label, doc.text[budget.start:budget.end], budget.year) == (label, quoted, year)


@pytest.mark.parametrize(("path", "title", "previous", "quoted"), [
    # 「（参考）前年度決算額」 under the program's text
    (NANRYO, "出産・子育て応援事業", 141_206_510, "141,206,510円"),
    (KIRIGAOKA, "子育て支援センター運営事業", 6_767_000, "６，７６７千円"),
    (ASAGIRI, "学校給食費補助事業", 20_540_000, "20,540"),
    # 「前年度の決算額は…」 in a sentence; a column of the row of figures
    (SHIRAHAMA, "病児保育事業", 8_118_000, "8,118,000円"),
    (SHIRAHAMA, "公園遊具更新事業", 41_505_000, "41,505,000"),
    # no figure last year (「－」), no line for it
    (SHIRAHAMA, "帯状疱疹ワクチン接種費用助成事業", None, None),
    (KITAHAMA, "移住定住促進事業", None, None),
])
def test_last_years_settled_figure_is_the_budgets_previous_year(read, path, title, previous, quoted):
    doc, program = _program(read, path, title)
    before = program.budget.previous_year
    if previous is None:
        assert before is None
        return
    assert (before.yen, doc.text[before.start:before.end], before.budget_kind) == (previous, quoted, "前年度")


def test_a_change_a_sentence_states_from_last_year_is_the_budgets_change(read):
    _, program = _program(read, KIRIGAOKA, "子育て支援センター運営事業")  # 「…と比べ１０７千円の減となった」
    assert program.budget.change.yen == -107_000


@pytest.mark.parametrize(("path", "title", "section", "quoted"), [
    (KITAHAMA, "移住定住促進事業", "予算現額", "予算現額　   48,200千円"),
    (KITAHAMA, "移住定住促進事業", "不用額", "不用額　  2,330千円"),
    (KITAHAMA, "移住定住促進事業", "財源内訳", "財源内訳（千円）　国庫支出金 12,000／県支出金 ―／地方債 ―／その他 20,000"
                                           "（ふるさと応援基金繰入金）／一般財源 13,870"),
    (NANRYO, "病児・病後児保育事業", "執行率", "執行率　90.5％"),
    (NANRYO, "病児・病後児保育事業", "予算科目", "〔一般会計・福祉費〕"),
    # a sentence wrapped mid-word (「執行\n率は」) is quoted whole; a 財源 sentence to its 。 over its lines
    (KIRIGAOKA, "出産・子育て応援給付金事業", "執行率", "執行\n　　　率は９６．４％"),
    (KIRIGAOKA, "出産・子育て応援給付金事業", "不用額", "不用額は１６９千円"),
    (KIRIGAOKA, "出産・子育て応援給付金事業", "財源内訳", "財源は、国庫支出金１，４９１千円、県支出金５５９千円、\n"
                                                      "　　　一般財源２，４２３千円である。"),
    # a carry-over said after its figure
    (KIRIGAOKA, "通学路安全対策事業", "翌年度繰越額", "１８，８１８千円を翌年度へ繰り越"),
    (SHIOMI, "橋梁長寿命化修繕事業", "翌年度繰越額", "30,176,000"),
    (SHIOMI, "橋梁長寿命化修繕事業", "執行率", "70.6%"),
    (SHIOMI, "移住定住促進事業", "予算科目", "〔2-1-6〕総務管理費／企画費"),
    (ASAGIRI, "デマンド交通運行事業", "当初予算額", "当初予算額：24,000"),
    (ASAGIRI, "鳥獣被害防止対策事業", "翌年度繰越額", "翌年度繰越額：2,100"),
    (ASAGIRI, "デマンド交通運行事業", "財源内訳", "財源：県支出金 6,000、その他 1,900（運賃収入）、一般財源 16,018"),
    (SHIRAHAMA, "子育て世帯訪問支援事業", "財源内訳", "（財源）国庫支出金 6,981,000円、県支出金 3,490,000円、一般財源 "
                                                   "3,491,400円"),
    (SHIRAHAMA, "公園遊具更新事業", "翌年度繰越額", "16,500,000円を翌年度に繰り越"),
])
def test_the_other_figures_are_sections_named_by_what_they_are_quoting_them_as_written(read, path, title, section,
                                                                                      quoted):
    doc, program = _program(read, path, title)
    assert _section(doc, program, section) == quoted


@pytest.mark.parametrize(("path", "title", "department", "category"), [
    (KITAHAMA, "図書館資料充実事業", "中央図書館", "第10款 教育費"),
    (NANRYO, "子ども食堂支援事業", "子ども家庭支援課", "基本目標1 子どもの笑顔が輝き、未来へはばたくまち"),
    # the office in brackets after the title
    (KIRIGAOKA, "不登校児童生徒支援事業", "教育支援センター", "基本目標1 子どもが健やかに育ち、学びあうまち"),
    (SHIOMI, "図書館運営事業", "中央図書館", "第10款 教育費"),
    (SHIOMI, "移住定住促進事業", "企画政策課", "第2款 総務費"),
    (ASAGIRI, "町道舗装長寿命化事業", "建設課", "8款 土木費"),
    (SHIRAHAMA, "産後ケア事業", "健康推進課", "施策の柱1 安心して子どもを産み育てられるまち"),
])
def test_the_office_is_the_department_and_the_heading_over_the_block_its_category(read, path, title, department,
                                                                                 category):
    _, program = _program(read, path, title)
    assert (program.department, program.category) == (department, category)


def test_a_contact_note_after_the_office_is_its_contact_and_a_flag_beside_the_title_a_flag(read):
    _, program = _program(read, ASAGIRI, "移住体験住宅運営事業")  # 「◆２　…事業（新規）」「所管：企画課（内線214）」
    assert program.flags == ["新規"]
    assert [(c.dept, c.phone) for c in program.contacts] == [("企画課", "内線214")]


@pytest.mark.parametrize(("path", "title", "section", "opening", "closing"), [
    (KITAHAMA, "放課後児童健全育成事業", "事業の概要", "・保護者が就労等により", "児童クラブを２か所新設した。"),
    (KITAHAMA, "放課後児童健全育成事業", "成果", "・児童クラブ数　27か所", "0人（前年度14人）"),
    (KITAHAMA, "放課後児童健全育成事業", "今後の方向性", "支援員の確保に向け", "処遇改善を図る。"),
    (NANRYO, "自転車駐車場整備事業", "成果", "◇第二自転車駐車場", "3,118台（前年度4,026台）"),
    # text under the title with no heading is the 事業の概要; 【成果】 with its text on the same line
    (KIRIGAOKA, "児童虐待防止対策事業", "事業の概要", "こども家庭センターにおいて", "一般財源３３，７５０千円である。"),
    (KIRIGAOKA, "児童虐待防止対策事業", "成果", "相談受付件数", "ほぼ横ばいで推移した。"),
    (SHIOMI, "防災行政無線整備事業", "成果", "屋外子局更新22局", "（前年度 2,642台）"),
    (ASAGIRI, "高齢者福祉タクシー助成事業", "今後の方向性", "利用率の低い地区があり", "見直す。"),
    (SHIRAHAMA, "子育て世帯訪問支援事業", "成果", "利用世帯数は148世帯", "となった。"),
])
def test_the_text_under_each_heading_is_a_section(read, path, title, section, opening, closing):
    doc, program = _program(read, path, title)
    text = _section(doc, program, section)
    assert text.startswith(opening) and text.endswith(closing), text


@pytest.mark.parametrize(("path", "title", "yen", "previous"), [
    (KITAHAMA, "民生費", 21_846_730_000, None),
    (KITAHAMA, "歳出合計", 52_638_040_000, None),
    (NANRYO, "合計", 93_105_741_909, None),
    # this year's and last year's 決算額 as columns, the last named by its year
    (KIRIGAOKA, "総務費", 3_920_115_000, 3_967_387_000),
    (SHIOMI, "予備費", 0, None),
    (ASAGIRI, "歳出合計", 6_837_455_000, None),
    (SHIRAHAMA, "合計", 38_699_461_000, 37_740_095_000),
])
def test_the_summary_tables_rows_are_totals_with_their_settled_figure(read, path, title, yen, previous):
    _, programs = read[path.stem]
    total = next(p for p in programs if p.title == title and p.kind == "total")
    assert total.budget.yen == yen
    assert (total.budget.previous_year.yen if total.budget.previous_year else None) == previous


@pytest.mark.parametrize(("path", "rows"), [(KITAHAMA, 14), (NANRYO, 12), (KIRIGAOKA, 13), (SHIOMI, 14), (ASAGIRI, 8),
                                            (SHIRAHAMA, 9)])
def test_every_row_of_the_summary_is_a_total_and_its_last_the_documents(read, path, rows):
    _, programs = read[path.stem]
    totals = [p for p in programs if p.kind == "total"]
    assert len(totals) == rows
    assert is_grand_total(totals[-1].title)
    assert not any(p.title.endswith("費") and p.kind == "program" for p in programs if p.title in {t.title for t in totals})


def test_a_block_spans_its_own_lines_and_no_other_programs(read):
    doc, programs = read[SHIOMI.stem]
    blocks = sorted((p for p in programs if p.kind == "program"), key=lambda p: p.start)
    for block, after in zip(blocks, blocks[1:], strict=False):
        assert block.end <= after.start
    _, program = _program(read, SHIOMI, "空き家対策事業")
    text = doc.text[program.start:program.end]
    assert text.startswith("〔8-6-1〕住宅費") and text.endswith("除却補助17件（前年度 15件）")


@pytest.mark.parametrize("path", [FIXTURES / "forms24" / "aomine_ken_yosan_r8.txt",
                                  FIXTURES / "forms24" / "shiomi_shi_yosan_r8.txt",
                                  FIXTURES / "newuser23" / "minatohama_r6_seika.txt",
                                  FIXTURES / "forms22" / "minamikawa_hyoka_r09.txt"], ids=lambda p: p.stem)
def test_other_forms_are_not_read_as_results_reports(path):
    (doc,), _ = parse(path)
    assert doc.layout != "results_report"
    assert doc.layout_scores.get("results_report", 0.0) == 0.0
