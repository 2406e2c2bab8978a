"""A JSON export whose programs are nested in the groups that run them (an API's response: departments, each with
its programs; or 部 → 課 → 事業) read without a mapping: every group walked, each program carrying its group's name
as its department."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.page_columns import reading_order
from qa.ingest.parse import parse_corpus

API = {"status": "ok", "meta": {"dataset": "北野市 令和9年度 主要事業一覧", "unit": "円", "fiscal_year": "令和9年度"},
       "departments": [
           {"code": "01", "name": "こども未来部", "programs": [
               {"id": "P01", "program_name": "こども食堂支援事業", "budget": 12000000, "previous_budget": 10000000,
                "summary": "地域のこども食堂に運営費を補助する。"},
               {"id": "P02", "program_name": "放課後児童クラブ運営事業", "budget": 30000000, "previous_budget": None,
                "summary": "放課後児童クラブを運営する。"}]},
           {"code": "02", "name": "建設部", "programs": [
               {"id": "P03", "program_name": "道路維持補修事業", "budget": 150000000, "previous_budget": 140000000,
                "summary": "市道の舗装を補修する。"}]}]}
# 部 → 課 → 事業, Japanese keys, figures in 千円 stated in the metadata.
TREE = {"資料名": "南浜町 令和9年度 主要事業", "単位": "千円",
        "部": [{"部名": "住民福祉部", "課": [
                   {"課名": "保健課", "事業": [{"事業名": "がん検診推進事業", "予算額": 16930},
                                              {"事業名": "予防接種事業", "予算額": 41000}]},
                   {"課名": "福祉課", "事業": [{"事業名": "高齢者見守り事業", "予算額": 8200}]}]},
               {"部名": "産業建設部", "課": [
                   {"課名": "農林課", "事業": [{"事業名": "有害鳥獣被害防止対策事業", "予算額": 21480}]}]}]}


@pytest.mark.parametrize(("value", "expected"), [
    (API, [("こども食堂支援事業", 12_000_000, 10_000_000, "こども未来部"),
           ("放課後児童クラブ運営事業", 30_000_000, None, "こども未来部"),
           ("道路維持補修事業", 150_000_000, 140_000_000, "建設部")]),
    (TREE, [("がん検診推進事業", 16_930_000, None, "住民福祉部 保健課"),
            ("予防接種事業", 41_000_000, None, "住民福祉部 保健課"),
            ("高齢者見守り事業", 8_200_000, None, "住民福祉部 福祉課"),
            ("有害鳥獣被害防止対策事業", 21_480_000, None, "産業建設部 農林課")]),
])
def test_programs_nested_in_their_groups_are_read_with_the_groups_name(tmp_path: Path, value: dict,
                                                                       expected: list) -> None:
    (tmp_path / "export.json").write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert not parsed.skipped
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.department)
            for p in parsed.programs if p.kind == "program"]
    assert rows == expected
    assert parsed.documents[0].title in ("北野市 令和9年度 主要事業一覧", "南浜町 令和9年度 主要事業")


MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "mixed-pages"


def test_a_page_with_a_summary_table_and_a_section_per_program_reads_each_program_once() -> None:
    """A ward's page of 新規・拡充事業 (written by the engineers in the form such pages take): the summary table's row
    of a program the page details gives what the section leaves out (its office, last year's figure), the unit
    stated at the end of the sentence above the table (「…以下のとおりです。（単位：千円）」) scales its figures, and no
    program is read twice (a sum over the page would add it twice)."""
    parsed = parse_corpus(MIXED)
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.department,
             p.flags) for p in parsed.programs if p.kind == "program"]
    assert rows == [("産後ケア利用料助成事業", 18_600_000, None, "子育て支援課", ["新規"]),
                    ("商店街空き店舗活用支援事業", 9_800_000, 6_500_000, "産業振興課", ["拡充"]),
                    ("防災備蓄倉庫整備事業", 42_300_000, None, "防災課", ["新規"])]
    assert all(p.contacts for p in parsed.programs if p.kind == "program")
    # the table's 合計 row (its label spanning the first columns) is the page's total; nothing is left unaccounted
    assert [(p.title, p.budget.yen) for p in parsed.programs if p.kind == "total"] == [("合計", 70_700_000)]
    assert not parsed.documents[0].warnings


TWO_COLUMNS = Path(__file__).resolve().parents[1] / "fixtures" / "two-columns"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_two_column_page_is_read_left_column_first() -> None:
    """A prefecture's 当初予算案の概要 as layout-kept PDF text (written by the engineers in that form): two programs
    side by side on every line, a page header and a page number across the page."""
    parsed = parse_corpus(TWO_COLUMNS)
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None)
            for p in parsed.programs if p.kind == "program" and p.document == "hamakaze-r9-gaiyo.txt"]
    assert rows == [("第2子保育料無償化事業", 125_400_000, None), ("学校給食費支援事業", 48_200_000, 30_100_000),
                    ("県産品販路拡大事業", 48_000_000, 45_000_000), ("中小企業DX推進補助金", 60_000_000, None),
                    ("防災備蓄倉庫整備事業", 42_300_000, None), ("住宅用太陽光発電設置補助金", 27_000_000, 18_000_000)]
    document = next(d for d in parsed.documents if d.name == "hamakaze-r9-gaiyo.txt")
    assert any("two columns" in w for w in document.warnings)
    text = document.text
    # the right column keeps its own indentation under its heading
    assert "\n(1) 県産品販路拡大事業\n    予算額 48,000千円" in text


@pytest.mark.parametrize("name", [
    "layouts/hosei/nishi-city-r08-hosei1.txt",  # a table of names and amounts, two columns of cells
    "layouts/ledgers3/asahino-r07-saishutsu.txt",  # a ledger: many cells a line
    "scored-2026-12-03-s7/layouts8/kankyo_r9_gaisan_pr.txt",  # a few lines with a note on the right
    "real/mod-r05-yosan.txt",
])
def test_a_page_that_is_not_two_columns_of_text_stays_as_it_is(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert reading_order(text) == (text, 0)


@pytest.mark.parametrize(("title", "categories"), [
    ("議会運営事業", ["議会費", "議会費", "議会費"]),
    ("プレミアム付商品券事業", ["商工費", "商工費", "商工振興費"]),
])
def test_a_ledger_heading_written_number_first_opens_its_level(title: str, categories: list[str]) -> None:
    """「１款　議会費」「１項　議会費」 alone on their lines (the number before the level's word) open the 款 and 項 of
    the programs under them, as 「款 1 議会費」 does."""
    parsed = parse_corpus(FIXTURES / "scored-2026-12-04-s13" / "layouts14")
    program = next(p for p in parsed.programs if p.title == title)
    assert program.categories == categories


def test_a_left_column_running_into_the_gutter_is_still_split_where_the_right_column_begins() -> None:
    """A newcomer's 当初予算案の概要 (two columns, a page header and a department name across them): a left line
    running past the others (「予算額 5億6,700万円（前年度 4億9,800万円）」) is cut where the right column begins, so
    no figure or contact goes to the program beside it."""
    parsed = parse_corpus(TWO_COLUMNS)
    rows = {p.title: (p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None,
                      [c.dept for c in p.contacts])
            for p in parsed.programs if p.kind == "program" and p.document == "aomine_r8_gaiyo.txt"}
    assert rows == {
        "青嶺っ子すくすく保育支援事業": (324_000_000, None, ["こども未来課"]),
        "県立高校ICT環境整備事業": (567_000_000, 498_000_000, ["教育庁高校教育課"]),
        "中小企業デジタル化推進補助金": (180_000_000, 120_000_000, ["産業振興課"]),
        "就農定着支援事業": (86_400_000, 79_200_000, ["農業経営課"]),
        "地域公共交通維持確保事業": (243_000_000, 251_000_000, ["交通政策課"]),
        "住宅耐震化促進事業": (95_000_000, 95_000_000, ["建築住宅課"]),
        "脱炭素住宅普及促進事業": (150_000_000, None, ["環境政策課"]),
        "医師確保対策推進事業": (382_000_000, 360_000_000, ["医療政策課"]),
    }


@pytest.mark.parametrize(("name", "content"), [
    ("api.json", json.dumps({"programs": [
        {"projectName": "子ども食堂運営支援事業", "budget": 12600, "type": "拡充"},
        {"projectName": "病児保育施設整備事業", "budget": 48000, "type": "新規"},
        {"projectName": "市道舗装長寿命化事業", "budget": 210000, "type": "継続"}], "unit": "千円"}, ensure_ascii=False)),
    ("list.csv", "事業名,種別,予算額（千円）\n子ども食堂運営支援事業,拡充,12600\n病児保育施設整備事業,新規,48000\n"
                 "市道舗装長寿命化事業,継続,210000\n"),
])
def test_a_column_of_markers_no_header_names_gives_the_flags(tmp_path: Path, name: str, content: str) -> None:
    """"type" or 「種別」 holding 新規 / 拡充 / 継続 in every row: the rows' flags, read by their values."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [(p.title, p.flags) for p in parsed.programs if p.kind == "program"] == [
        ("子ども食堂運営支援事業", ["拡充"]), ("病児保育施設整備事業", ["新規"]), ("市道舗装長寿命化事業", ["継続"])]


NESTED_LIST = """# 令和8年度 霞野市 当初予算 議会説明資料

（金額の単位：千円）

## 1 子育て・教育の充実

- 施策1-1 妊娠期からの切れ目ない支援
  - 事業1 産後ケア事業【拡充】
    - 予算額：48,200
    - 前年度：39,500
    - 担当課：こども家庭課
  - 事業2 こども医療費助成事業
    - 予算額：612,300
    - 担当課：こども家庭課
- 施策1-2 学びの環境整備
  - 事業3 小中学校体育館空調設置事業【新規】
    - 予算額：356,000
    - 担当課：教育総務課
"""
# Excel's export where the comma is a decimal separator: semicolons, a title line, a span written in both its cells.
SEMICOLONS = ("令和8年度 北野浦村 主要事業一覧;;;;;\n"
              "番号;事業名;予算額;予算額;担当課;補助率・上限\n"
              ";;令和８年度（千円）;令和７年度（千円）;;\n"
              "1;高齢者配食サービス事業;18,400;17,900;保健福祉課;\n"
              "2;移住定住促進住宅取得補助事業;25,000;20,000;企画課;補助率1/2、上限1,000千円\n")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("gikai.md", NESTED_LIST, [("産後ケア事業", 48_200_000, 39_500_000, "こども家庭課", ["拡充"]),
                               ("こども医療費助成事業", 612_300_000, None, "こども家庭課", []),
                               ("小中学校体育館空調設置事業", 356_000_000, None, "教育総務課", ["新規"])]),
    ("list.csv", SEMICOLONS, [("高齢者配食サービス事業", 18_400_000, 17_900_000, "保健福祉課", []),
                              ("移住定住促進住宅取得補助事業", 25_000_000, 20_000_000, "企画課", [])]),
])
def test_forms_a_newcomer_wrote_are_read(tmp_path: Path, name: str, content: str, expected: list) -> None:
    """A Markdown 議会説明資料 whose programs are list items with their figures nested under them (「- 事業1 …」 over
    「  - 予算額：48,200」, 「- 担当課：…」 the office), and a semicolon-separated CSV with a title line and a span
    written in each of its two cells over the years; forms a newcomer helper wrote, rewritten here by the engineers."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.department,
             p.flags) for p in parsed.programs if p.kind == "program"]
    assert rows == expected


PRESS_RELEASE = """記者発表資料
北浜町 総務部 財政課
電話 0999-12-3456

北浜町 令和8年度 6月補正予算（第1号）の概要について

【物価高騰対策】
町内の中小企業を支援するため、「中小企業エネルギー価格高騰対策支援金」として4,500万円を計上します。担当は産業振興課です。
また、低所得の子育て世帯を支援するため、「子育て世帯物価高騰対策給付金」に3,260万円を計上します（担当：福祉課）。

【観光振興】
「北浜海岸観光トイレ改修事業」に2,380万円を計上します（担当：商工観光課）。
夏に向けて「海水浴場安全対策事業」に1,450万円を計上し、監視員を増員します。担当は商工観光課です。

問い合わせ　北浜町 総務部 財政課　0999-12-3456
"""


def test_the_office_a_press_release_names_in_a_programs_sentence_is_its_department(tmp_path: Path) -> None:
    """「担当は産業振興課です」「（担当：福祉課）」 in each program's own sentence: its office, not the release's closing
    問い合わせ line (which stays the document's)."""
    (tmp_path / "release.txt").write_text(PRESS_RELEASE, encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [(p.title, p.budget.yen, p.department, [c.dept for c in p.contacts])
            for p in parsed.programs if p.kind == "program"] == [
        ("中小企業エネルギー価格高騰対策支援金", 45_000_000, "産業振興課", []),
        ("子育て世帯物価高騰対策給付金", 32_600_000, "福祉課", []),
        ("北浜海岸観光トイレ改修事業", 23_800_000, "商工観光課", []),
        ("海水浴場安全対策事業", 14_500_000, "商工観光課", [])]


def test_every_program_of_round_12s_sealed_documents_is_read() -> None:
    """Round 12's sealed documents (tuning data since their end score): a two-column text whose program lines are
    mostly figures, a nested JSON API response naming its programs by a bare "title", a page of a summary table and
    sections. 43 programs, each with the title and yen the writer listed."""
    from qa.ingest.amounts import parse_yen
    from qa.ingest.normalize import nfkc

    folder = FIXTURES / "scored-2026-12-04-s15" / "layouts16"
    read: dict[tuple[str, str], list[int | None]] = {}
    for p in parse_corpus(folder).programs:
        read.setdefault((Path(p.document).stem, nfkc(p.title).replace(" ", "")), []).append(
            p.budget.yen if p.budget else None)
    truth = [json.loads(line) for line in (folder / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    missed = [t["title"] for t in truth
              if parse_yen(nfkc(t["budget"])) not in read.get((t["document"], nfkc(t["title"]).replace(" ", "")), [])]
    assert len(truth) == 43 and not missed
