"""Tables published without a mapping: columns recognised from their own header row (qa.ingest.headers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.parse import parse_corpus
from qa.ingest.records import is_table, read_table

# A city's 主要事業一覧 as offices export it: BOM, CRLF, bare numbers in 千円 named in the header, △ decreases,
# a 区分 column of markers, a quoted cell with a line break, a 合計 row.
CITY_LIST = ("\ufeff番号,事業名,担当課,予算額(千円),前年度予算額(千円),増減,事業概要,区分\r\n"
             "1,こども食堂支援事業,こども政策課,12000,10000,2000,\"地域のこども食堂に\r\n運営費を補助する。\",拡充\r\n"
             "2,商店街にぎわい創出事業,商工振興課,8500,,8500,空き店舗の活用を支援する。,新規\r\n"
             "3,道路維持補修事業,道路課,90000,95000,△5000,市道の舗装を補修する。,継続\r\n"
             ",合計,,110500,105000,5500,,\r\n")
# A prefecture's list with other words for the same columns, units written in the cells.
PREF_LIST = ("No,施策名,所管課,令和8年度当初予算額,前年度当初予算額,内容\n"
             "1,県産材利用促進事業,林業振興課,3億2000万円,2億9000万円,県産材の住宅利用を補助する。\n"
             "2,観光誘客推進事業,観光課,1500万円,1200万円,海外向けの宣伝を行う。\n")

# Two budget columns told apart by their years (this year's the later), and a 部局 column beside a 課 column.
YEARS_LIST = ("No.,施策分野,事業名称,担当部局,担当課,令和8年度当初予算額（千円）,令和7年度当初予算額（千円）,事業の概要\n"
              "1,子育て,第2子保育料無償化事業,健康福祉部,子ども家庭課,\"125,400\",\"98,000\",第2子の保育料を無償化する。\n"
              "2,産業,県産品販路拡大事業,産業労働部,地域産業振興課,\"48,000\",,首都圏で県産品フェアを開催する。\n")
EARLIER_FIRST = ("事業名,令和7年度予算額(百万円),令和8年度予算額(百万円),所管局\n"
                 "GX推進事業,900,\"1,200\",環境局\n")

# A national table of programs: the ministry and its bureau in columns of their own.
NATIONAL_LIST = ("事業名,所管省庁,局・庁,予算額（千円）\n"
                 "里山保全推進事業,環境省,自然環境局,120000\n"
                 "消防団装備整備事業,総務省,消防庁,30000\n")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("city-shuyo-jigyo.csv", CITY_LIST, [("こども食堂支援事業", 12_000_000, 10_000_000, "こども政策課", ["拡充"]),
                                          ("商店街にぎわい創出事業", 8_500_000, None, "商工振興課", ["新規"]),
                                          ("道路維持補修事業", 90_000_000, 95_000_000, "道路課", ["継続"])]),
    ("pref-juten.csv", PREF_LIST, [("県産材利用促進事業", 320_000_000, 290_000_000, "林業振興課", []),
                                   ("観光誘客推進事業", 15_000_000, 12_000_000, "観光課", [])]),
    ("pref-years.csv", YEARS_LIST, [("第2子保育料無償化事業", 125_400_000, 98_000_000, "健康福祉部 子ども家庭課", []),
                                    ("県産品販路拡大事業", 48_000_000, None, "産業労働部 地域産業振興課", [])]),
    ("city-earlier-first.csv", EARLIER_FIRST, [("GX推進事業", 1_200_000_000, 900_000_000, "環境局", [])]),
    ("national.csv", NATIONAL_LIST, [("里山保全推進事業", 120_000_000, None, "自然環境局", []),
                                     ("消防団装備整備事業", 30_000_000, None, "消防庁", [])]),
])
def test_a_table_without_a_mapping_is_read_from_its_header(tmp_path: Path, name: str, text: str,
                                                            expected: list) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    assert is_table(path)
    doc, programs, warnings = read_table(path)
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.department,
             p.flags) for p in programs if p.kind == "program"]
    assert rows == expected
    assert any("columns read from its header" in w and "title=" in w for w in warnings)
    # Every figure cited is where the rendering says it is.
    for p in programs:
        assert doc.text[p.budget.start:p.budget.end] == p.budget.text
        if p.budget.previous_year:
            previous = p.budget.previous_year
            assert doc.text[previous.start:previous.end] == previous.text


def test_a_total_row_is_the_tables_total_never_a_program(tmp_path: Path) -> None:
    path = tmp_path / "city.csv"
    path.write_bytes(CITY_LIST.encode("utf-8"))
    _, programs, _ = read_table(path)
    totals = [(p.title, p.budget.yen) for p in programs if p.kind == "total"]
    assert totals == [("合計", 110_500_000)]


def test_a_description_column_becomes_a_section_with_its_line_break(tmp_path: Path) -> None:
    path = tmp_path / "city.csv"
    path.write_bytes(CITY_LIST.encode("utf-8"))
    doc, programs, _ = read_table(path)
    section = next(s for s in programs[0].sections if s.name == "事業概要")
    assert "運営費を補助する" in doc.text[section.start:section.end]


@pytest.mark.parametrize("header", ["a,b\n1,2\n", "日付,気温\n2026-01-01,3\n"])
def test_a_header_naming_no_program_column_stays_skipped_and_named(tmp_path: Path, header: str) -> None:
    (tmp_path / "loose.csv").write_text(header, encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [s.document for s in parsed.skipped] == ["loose.csv"]
    assert "no mapping" in parsed.skipped[0].reason


def test_the_index_fingerprint_takes_a_header_table_without_a_mapping(tmp_path: Path) -> None:
    from qa.index.store import corpus_fingerprint

    (tmp_path / "city.csv").write_bytes(CITY_LIST.encode("utf-8"))
    before = corpus_fingerprint(tmp_path)
    assert list(before) == ["city.csv"]
    (tmp_path / "city.mapping.toml").write_text('title = "事業名"\n', encoding="utf-8")
    assert corpus_fingerprint(tmp_path) != before  # a mapping written later makes the index stale


def test_files_in_a_hidden_folder_of_the_corpus_are_no_documents(tmp_path: Path) -> None:
    from qa.ingest.readers import corpus_files

    (tmp_path / "city.csv").write_bytes(CITY_LIST.encode("utf-8"))
    hidden = tmp_path / ".index"
    hidden.mkdir()
    (hidden / "documents.jsonl").write_text('{"name": "x"}\n', encoding="utf-8")
    (hidden / "params.index.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in corpus_files(tmp_path)] == ["city.csv"]
    assert parse_corpus(tmp_path).skipped == []


def test_markers_written_in_a_name_cell_are_flags(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("番号,事業名,担当課,予算額(千円)\n1,【新規】こども食堂支援事業,こども課,1200\n2,道路補修事業,道路課,5000\n",
                    encoding="utf-8")
    _, programs, _ = read_table(path)
    assert [(p.title, p.flags) for p in programs] == [("こども食堂支援事業", ["新規"]), ("道路補修事業", [])]


OPEN_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables7" / "kawanami-shi-r08-shuyo-jigyo.json"


def test_an_open_data_json_object_is_read_from_the_list_of_records_its_keys_name(tmp_path: Path) -> None:
    # One object: metadata (「単位」: 「百万円」), an account table 「予算規模」 and the programs 「主な事業」, as a city's
    # open-data portal exports them (written from a description of the layout; the figures are ours).
    path = tmp_path / OPEN_DATA.name
    path.write_bytes(OPEN_DATA.read_bytes())
    assert is_table(path)
    doc, programs, warnings = read_table(path)
    rows = [(p.title, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None, p.department,
             p.categories, p.flags, [c.phone for c in p.contacts]) for p in programs]
    assert rows == [
        # 所管局 and 担当課 side by side: both, in the export's order
        ("産後ケア事業", 245_600_000, 180_000_000, "こども未来局 母子保健課", ["子育て・教育"], ["拡充"], ["092-555-1201"]),
        ("学校体育館空調整備事業", 1_320_000_000, None, "教育委員会 施設課", ["子育て・教育"], ["新規"], []),
        ("商店街キャッシュレス化支援事業", 38_500_000, 42_000_000, "経済観光局 商業振興課", ["経済・観光"], ["継続"],
         ["092-555-3302"])]
    assert "records=主な事業" in warnings[0] and "unit=百万円" in warnings[0] and "year=令和8年度" in warnings[0]
    # the export's own name and year, from its metadata
    assert doc.title == "川波市 令和8年度当初予算 主な事業"
    assert [(p.budget.fiscal_year, p.budget.previous_year.fiscal_year if p.budget.previous_year else None)
            for p in programs] == [(2026, 2025), (2026, None), (2026, 2025)]


def test_a_boxed_pdfs_label_lines_give_each_figure_its_label_and_each_office_its_program() -> None:
    # 「事業名」「予算額」「前年度予算額」「担当」 each alone over its value, as text extracted from a boxed PDF
    # (written from a description of the layout; names and figures are ours).
    from qa.ingest.parse import parse

    warnings: list[str] = []
    _, programs = parse(Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables7"
                        / "sakaki-cho-r7-yosangaiyo.txt", warnings)
    rows = [(p.title, p.flags, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None,
             [(c.dept, c.phone) for c in p.contacts]) for p in programs if p.kind == "program"]
    assert rows == [("こども医療費助成事業", ["拡充"], 48_600_000, 41_200_000, [("住民課 子育て支援係", "内線215")]),
                    ("小学校トイレ洋式化事業", [], 22_000_000, None, [("教育委員会 学校教育係", "内線302")])]
    # 「前年度予算額」 names no year: the one before the document's 令和７年度
    assert programs[0].budget.fiscal_year == 2025 and programs[0].budget.previous_year.fiscal_year == 2024


def test_form_feeds_between_pages_give_each_program_its_page() -> None:
    from qa.ingest.parse import form_feed_pages

    assert form_feed_pages("表紙\f1ページ目\f2ページ目\f") == [0, 3, 9]
    assert form_feed_pages("改ページのない文書") == []


def test_a_policy_speechs_program_lines_give_last_years_figure_and_the_contact_in_brackets() -> None:
    # 「●【拡充】病児保育事業（４８，２００千円　前年度　３９，５００千円）」 and 「〔母子保健課〕（問合せ　母子保健課　電話 …）」
    # (written from a description of the layout; names and figures are ours).
    from qa.ingest.parse import parse

    warnings: list[str] = []
    _, programs = parse(Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "tables7"
                        / "kaede-shi-r7-shiseihoshin.txt", warnings)
    rows = [(p.title, p.flags, p.budget.yen, p.budget.previous_year.yen if p.budget.previous_year else None,
             p.department, [(c.dept, c.phone) for c in p.contacts]) for p in programs]
    assert rows == [("病児保育事業", ["拡充"], 48_200_000, 39_500_000, "子育て支援課", []),
                    # (its department: the office its own contact line names)
                    ("産前産後ヘルパー派遣事業", ["新規"], 6_800_000, None, "母子保健課", [("母子保健課", "0155-22-3141")]),
                    ("中小企業設備投資補助事業", [], 30_000_000, 30_000_000, "商工振興課", [])]


def test_a_ministry_column_is_the_rows_ministry(tmp_path: Path) -> None:
    path = tmp_path / "national.csv"
    path.write_bytes(NATIONAL_LIST.encode("utf-8"))
    _, programs, _ = read_table(path)
    assert [(p.ministry, p.department) for p in programs] == [("環境省", "自然環境局"), ("総務省", "消防庁")]
