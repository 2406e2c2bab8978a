"""The 重点要望書 layout (qa.ingest.layouts.priority_requests) on the forms29 tuning document (早瀬市) and the variants
of tests/fixtures/forms29-variants (宮越市, 浜崎町): every related 事業 of a 要望事項 a program with its 令和８年度
要望額 (none where 「－」「未定」 or 「協議中」 is written), its 総事業費, 担当課 and its 要望事項's parts as sections; the
paper's closing 連絡先 its contact."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.normalize import normalize
from qa.ingest.structure import document_contact
from tests.ingest.listed import program_titled as _program
from tests.ingest.listed import read, read_and_listed
from tests.ingest.listed import section_texts as _said

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HAYASE = FIXTURES / "forms29" / "hayase_r08_yobo.txt"
MIYAKOSHI = FIXTURES / "forms29-variants" / "miyakoshi_r08_yobo.txt"
HAMASAKI = FIXTURES / "forms29-variants" / "hamasaki_cho_r08_yobo.txt"
DOCUMENTS = [HAYASE, MIYAKOSHI, HAMASAKI]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_related_project_is_read_with_its_request_and_nothing_else(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "priority_requests"
    assert got == expected


@pytest.mark.parametrize(("path", "title", "section", "value"), [
    (HAYASE, "国道462号早瀬バイパス整備事業", "要望額", "－"),  # a 直轄 project: no figure, said so
    (HAYASE, "国道462号早瀬バイパス整備事業", "総事業費", "38,600"),
    (HAYASE, "国道462号早瀬バイパス整備事業", "事業主体", "（直轄）"),  # the bracketed note under its name
    (HAYASE, "国道462号早瀬バイパス整備事業", "備考", "担当課はいずれも建設部"),
    (HAYASE, "市道早瀬駅東線整備事業", "要望先", "国土交通省 道路局"),
    (HAYASE, "市道早瀬駅東線整備事業", "要望内容", "社会資本整備"),
    (HAYASE, "市道早瀬駅東線整備事業", "現状と課題", "慢性的な渋滞"),
    (HAYASE, "早瀬市子ども医療費助成事業", "総事業費", "712,000"),  # labelled figures under the name
    (HAYASE, "急傾斜地崩壊対策事業（上ノ台地区）", "要望額", "－"),
    (MIYAKOSHI, "宮越駅周辺地区都市再生整備事業", "総事業費", "2,400"),  # a name wrapped over two ruled lines
    (MIYAKOSHI, "駅前広場バリアフリー化事業", "要望額", "未定"),
    (MIYAKOSHI, "宮越港北ふ頭岸壁改良事業", "要望内容", "北ふ頭岸壁"),  # 「◆要望の内容」
    (MIYAKOSHI, "宮越港北ふ頭岸壁改良事業", "現状と課題", "取扱貨物量"),  # 「◆要望の理由」
    (HAMASAKI, "浜崎漁港機能保全事業", "総事業費", "８億4,000万円"),  # amounts in a sentence
    (HAMASAKI, "浜崎漁港機能保全事業", "要望先", "水産庁"),
    (HAMASAKI, "浜崎中央線橋梁補修事業", "要望額", "県と協議中"),
])
def test_a_project_keeps_its_figures_and_its_request_parts_as_sections(
        path: Path, title: str, section: str, value: str) -> None:
    said = _said(path, _program(path, title), section)
    assert any(value in s for s in said), (section, said)


@pytest.mark.parametrize(("path", "title", "department", "extension", "category"), [
    (HAYASE, "国道462号早瀬バイパス整備事業", "道路整備課", "4312", "国道462号早瀬バイパスの整備促進について"),
    (HAYASE, "救急医療体制確保事業", "健康づくり課", "3340", "地域医療提供体制の確保について"),  # 担当課 | 内線 columns
    (HAYASE, "学校トイレ洋式化事業", "教育委員会事務局 教育総務課 施設係", "7214",  # one 担当課 line for the box
     "小中学校施設の老朽化対策及び空調整備に対する財政支援について"),
    (HAYASE, "指定避難所機能強化事業", "総務部 危機管理室", "2105", "防災・減災対策の推進について"),  # a line per row
    (MIYAKOSHI, "宮越駅周辺地区都市再生整備事業", "都市計画課", "431", "宮越駅周辺の都市再生について"),
    (MIYAKOSHI, "保育士確保緊急対策事業", "子育て支援課", "306", "保育人材の確保と保育施設整備への支援について"),
    (HAMASAKI, "漁港施設耐震化事業", "産業振興課", "316", "浜崎漁港の機能保全について"),  # 「（担当：…　内線 316）」
])
def test_a_project_is_run_by_its_office_under_its_request_heading(
        path: Path, title: str, department: str, extension: str, category: str) -> None:
    program = _program(path, title)
    assert program.department == department
    assert [c.extension for c in program.contacts] == [extension]
    assert program.category == normalize(category)


@pytest.mark.parametrize(("path", "title", "yen", "label"), [
    (HAYASE, "市道早瀬駅東線整備事業", 310_000_000, "令和８年度要望額"),  # 百万円 box
    (HAYASE, "学校トイレ洋式化事業", 95_300_000, "令和８年度要望額"),  # 千円 box
    (MIYAKOSHI, "宮越駅周辺地区都市再生整備事業", 320_500_000, "令和８年度要望額（百万円）"),  # the column's own unit
    (HAMASAKI, "浜崎漁港機能保全事業", 126_000_000, "要望額"),  # 「…１億2,600万円を要望する。」
])
def test_the_budget_is_the_years_request_scaled_by_its_unit(path: Path, title: str, yen: int, label: str) -> None:
    budget = _program(path, title).budget
    assert budget is not None and budget.yen == yen
    assert normalize(budget.label) == normalize(label)
    assert budget.fiscal_year == 2026


@pytest.mark.parametrize(("path", "first", "reaches"), [
    (HAYASE, "【本要望書に関する連絡先】", "0768-24-1111"),  # the phone five lines under the heading
    (MIYAKOSHI, "（本要望書についての問い合わせ先）", "0887-22-3111"),
    (HAMASAKI, "【連絡先】", "01456-2-1111"),
])
def test_the_papers_closing_contact_is_the_documents_contact(path: Path, first: str, reaches: str) -> None:
    _, text, programs = read(path)
    span = document_contact(text, [(p.start, p.end) for p in programs])
    assert span is not None
    block = text[span[0]:span[1]]
    assert block.startswith(first) and reaches in block
