"""Web pages and XML exports (tests/fixtures/web16: five fictional documents a helper wrote from a brief naming the
forms while round 11 was sealed): a page is read as the text a reader sees, in the Markdown forms the text layouts
read; an XML export is read as the JSON value it stands for, through the records reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.html_text import html_to_text
from qa.ingest.parse import parse_corpus
from qa.ingest.xml_records import xml_value

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web16"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("web16")
    for path in WEB.iterdir():
        if path.suffix in (".html", ".htm", ".xml"):
            (corpus / path.name).write_bytes(path.read_bytes())
    return parse_corpus(corpus)


def test_every_program_the_writer_listed_is_read_with_its_title_and_yen(parsed):
    """47 programs over two CMS pages (tables, cards), a Shift_JIS ministry page of nested layout tables and two
    XML exports; one title keeps its 「（公共）」 as a flag, not in the title."""
    from qa.ingest.amounts import parse_yen
    from qa.ingest.normalize import nfkc

    read = {(Path(p.document).stem, nfkc(p.title).replace(" ", "")): p.budget.yen if p.budget else None
            for p in parsed.programs}
    truth = [json.loads(line) for line in (WEB / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]

    def yen(budget: str) -> int | None:
        figure = nfkc(budget).replace(",", "")
        return parse_yen(nfkc(budget)) if not figure.isdigit() else None

    found = [t for t in truth if (got := read.get((t["document"], nfkc(t["title"]).replace(" ", "")))) is not None
             and (yen(t["budget"]) in (None, got))]
    assert len(truth) == 47 and len(found) >= 46
    assert not parsed.skipped


@pytest.mark.parametrize(("title", "yen", "previous"), [
    ("産後ケア事業", 12_400_000, None),  # a table under 「（単位：千円）」, the 【新規】 mark a flag
    ("中小企業賃上げ・省力化投資支援事業", 520_000_000, 300_000_000),  # a card: 「<span class="label">拡充</span>」 a flag
    ("町営バス運行事業", 38_420_000, 36_900_000),  # XML, Japanese names, 千円 stated once in its metadata
    ("半導体関連産業人材育成事業", 214_800_000, 158_000_000),  # XML, English names, unit="yen"
])
def test_programs_of_web_pages_and_xml_exports(parsed, tmp_path, title, yen, previous):
    if title == "産後ケア事業":
        (tmp_path / "city.html").write_text(PAGE, encoding="utf-8")
        programs = parse_corpus(tmp_path).programs
    else:
        programs = parsed.programs
    program = next(p for p in programs if p.title == title)
    assert program.budget.yen == yen
    assert (program.budget.previous_year.yen if program.budget.previous_year else None) == previous


PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>令和8年度の主な事業｜北浜市</title>
<script>var x = "<td>1</td>";</script><style>td { color: red }</style></head>
<body><header><nav><ul><li>くらし</li><li>観光</li></ul></nav></header><div class="breadcrumb">ホーム ＞ 予算</div>
<main><h2>1 子育て</h2><table><caption>（単位：千円）</caption>
<thead><tr><th>事業名</th><th>予算額</th><th>前年度</th><th>担当課</th><th>概要</th></tr></thead>
<tbody><tr><td>【新規】産後ケア事業</td><td>12,400</td><td>－</td><td rowspan="2">こども家庭課</td><td>宿泊型ケア。<br>利用料の9割を助成。</td></tr>
<tr><td>放課後児童クラブ運営事業</td><td>184,300</td><td>176,900</td><td>32クラブ</td></tr>
<tr><td colspan="2">分野計</td><td>196,700</td><td></td><td></td></tr></tbody></table>
<section><h3>西口広場整備事業<span class="label-new">新規</span></h3><dl><dt>予算額</dt><dd>1億2,345万円</dd>
<dt>担当</dt><dd>都市計画課</dd></dl><ul><li>駅前広場を再整備</li></ul></section></main>
<footer>Copyright 北浜市 代表電話 0123-45-0000</footer></body></html>"""


def test_a_page_reads_as_markdown_without_its_site_chrome():
    text = html_to_text(PAGE)
    assert text.splitlines()[0] == "# 令和8年度の主な事業｜北浜市"
    assert "| 事業名 | 予算額 | 前年度 | 担当課 | 概要 |\n|---|---|---|---|---|" in text
    # a rowspan's text repeated below it, a colspan's extra cell empty, a line break in a cell as <br>
    assert "| 放課後児童クラブ運営事業 | 184,300 | 176,900 | こども家庭課 | 32クラブ |" in text
    assert "| 分野計 |  | 196,700 |  |  |" in text
    assert "宿泊型ケア。<br>利用料の9割を助成。" in text
    assert "### 西口広場整備事業【新規】" in text and "予算額：1億2,345万円" in text and "・駅前広場を再整備" in text
    assert "（単位：千円）" in text
    for chrome in ("くらし", "ホーム", "Copyright", "var x", "color"):
        assert chrome not in text


@pytest.mark.parametrize(("html", "expected"), [
    # a box of two rows without a header is layout: its cells are lines, not a table
    ("<table><tr><td>【総額】 100億円</td><td>対前年度比 103%</td></tr><tr><td>うち公共 20億円</td><td></td></tr>"
     "</table>", "【総額】 100億円\n対前年度比 103%\nうち公共 20億円\n"),
    # a table holding a table is layout
    ("<table><tr><td><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></td></tr></table>",
     "| a | b |\n|---|---|\n| 1 | 2 |\n"),
    # a table of labelled values (a card's facts) reads as a definition list does
    ("<h4>保育事業</h4><table><tr><th>予算額</th><td>36,800千円</td></tr><tr><th>前年度</th><td>―</td></tr>"
     "<tr><th>担当</th><td>保育課<br>電話 0495-31-2307</td></tr></table>",
     "#### 保育事業\n\n予算額：36,800千円\n前年度：―\n担当：保育課 電話 0495-31-2307\n"),
    # optional end tags closed as browsers close them
    ("<ul><li>一<li>二</ul><p>三<p>四", "・一\n・二\n\n三\n\n四\n"),
])
def test_layout_tables_and_optional_end_tags(html, expected):
    assert html_to_text(html) == expected


@pytest.mark.parametrize(("xml", "expected"), [
    ("<r><meta><単位>千円</単位></meta><list><item id='1'><名>A</名></item><item id='2'><名>B</名></item></list></r>",
     {"meta": {"単位": "千円"}, "list": {"item": [{"id": "1", "名": "A"}, {"id": "2", "名": "B"}]}}),
    # a unit attribute names the column as a header would; other attributes are keys beside the value
    ("<r><x><予算額 単位='千円'>5</予算額><補助 率='1/2'>あり</補助></x></r>",
     {"x": {"予算額（千円）": "5", "補助": "あり", "補助@率": "1/2"}}),
    ("<d xmlns='urn:a'><p><name>N</name></p><p><name>M</name></p></d>", {"p": [{"name": "N"}, {"name": "M"}]}),
])
def test_xml_reads_as_the_json_value_it_stands_for(xml, expected):
    assert xml_value(xml) == expected


def test_broken_xml_is_named_not_a_crash(tmp_path):
    (tmp_path / "bad.xml").write_text("<r><事業名>A</r>", encoding="utf-8")
    (tmp_path / "good.txt").write_text("○テスト事業　１億円\n", encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert [d.name for d in parsed.documents] == ["good.txt"]


def test_a_captioned_table_reads_its_rows_not_its_caption_or_header(tmp_path):
    """「<caption>子育て分野の主要事業（単位：千円）</caption>」 over 「予算額（千円）」: a unit in a header names no 1,000円
    program; a 小計 row is the table's total."""
    (tmp_path / "page.html").write_text(
        "<html><body><main><h2>1 子育て</h2><table><caption>子育て分野の主要事業（単位：千円）</caption>"
        "<tr><th>事業名</th><th>予算額（千円）</th><th>前年度</th><th>担当課</th></tr>"
        "<tr><td>保育料無償化事業</td><td>186,400</td><td>－</td><td>保育課</td></tr>"
        "<tr><td>給食費補助事業</td><td>243,750</td><td>231,200</td><td>学務課</td></tr>"
        "<tr><th>小計</th><td>430,150</td><td>231,200</td><td></td></tr></table></main></body></html>",
        encoding="utf-8")
    programs = parse_corpus(tmp_path).programs
    assert [(p.title, p.budget.yen, p.kind) for p in programs] == [
        ("保育料無償化事業", 186_400_000, "program"), ("給食費補助事業", 243_750_000, "program"),
        ("小計", 430_150_000, "total")]
