"""The 事務事業見直し結果一覧 layout (qa.ingest.layouts.review_results) on the layouts27 document (北瀬川市) and the
variants of tests/fixtures/layouts27-variants (南河原町, 旭ヶ丘市): every reviewed 事務事業 a program, whether written
as a row of a ｜, | or │ table, a row of aligned columns with labelled lines under it or a 【No.N】 block of labelled
lines; its budget this year's 予算額 (none where 「－」 stands for an 統合), last year's its previous_year, its
見直し区分, 見直し内容, 効果額 and 実施時期 as sections, its department the 所管課, else its 部 heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.listed import program_titled as _program
from tests.ingest.listed import read, read_and_listed
from tests.ingest.listed import section_texts as _said

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KITASEGAWA = FIXTURES / "scored-2026-12-06-s26" / "layouts27" / "kitasegawa_r08_minaoshi.txt"
MINAMIKAWARA = FIXTURES / "layouts27-variants" / "minamikawara_r08_minaoshi.txt"
ASAHIGAOKA = FIXTURES / "layouts27-variants" / "asahigaoka_r08_minaoshi.txt"
DOCUMENTS = [KITASEGAWA, MINAMIKAWARA, ASAHIGAOKA]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_reviewed_program_is_read_with_this_years_budget_and_nothing_else(path: Path) -> None:
    layout, got, expected = read_and_listed(path)
    assert layout == "review_results"
    assert got == expected


@pytest.mark.parametrize(("path", "title", "previous_yen"), [
    (KITASEGAWA, "広報紙発行事業", 38_400_000),  # ｜ table: R7予算額 beside R8予算額
    (KITASEGAWA, "市民活動センター管理運営事業", 22_600_000),  # 「R7：22,600千円　→　R8：19,300千円」
    (KITASEGAWA, "ごみ収集運搬事業", 412_000_000),  # aligned columns
    (KITASEGAWA, "市営住宅管理事業", 128_400_000),  # 「令和７年度予算額：…　／　令和８年度予算額：…」
    (KITASEGAWA, "外国語指導助手配置事業", 62_400_000),  # | table, the budget grew
    (MINAMIKAWARA, "高齢者配食サービス事業", 7_420_000),  # 前年度予算額 / 本年度予算額 on two lines
    (ASAHIGAOKA, "ふるさと応援寄附推進事業", 48_600_000),  # │ box: 前年度予算 / 本年度予算
    (ASAHIGAOKA, "放課後児童クラブ運営事業", 286_400_000),  # 「令和7年度 … ⇒ 令和8年度 …」
])
def test_last_years_budget_is_the_previous_year_never_the_budget(path: Path, title: str, previous_yen: int) -> None:
    budget = _program(path, title).budget
    assert budget is not None and budget.previous_year is not None
    assert budget.previous_year.yen == previous_yen
    assert budget.fiscal_year == 2026 and budget.previous_year.fiscal_year == 2025


@pytest.mark.parametrize(("path", "title", "section", "value"), [
    (KITASEGAWA, "広報紙発行事業", "見直し区分", "縮小"),
    (KITASEGAWA, "広報紙発行事業", "効果額", "7,200"),
    (KITASEGAWA, "広報紙発行事業", "実施時期", "R8.4"),
    (KITASEGAWA, "広報紙発行事業", "見直し内容", "月2回の発行を月1回"),
    (KITASEGAWA, "市民表彰式典開催事業", "予算額", "－※3"),  # 統合: budgeted under the program it joins
    (KITASEGAWA, "消費生活講座開催事業", "予算額", "統合先に計上"),
    (KITASEGAWA, "支所証明書交付事業", "見直し内容", "よるコンビニ交付"),  # a value wrapped onto an indented line
    (KITASEGAWA, "支所証明書交付事業", "効果額", "5,500千円"),  # two labels on one line
    (KITASEGAWA, "支所証明書交付事業", "実施時期", "令和８年７月"),
    (KITASEGAWA, "環境フェア開催事業", "見直し区分", "統合"),  # aligned columns
    (KITASEGAWA, "有害鳥獣捕獲事業", "見直し内容", "ICTわな"),  # a labelled line under the row
    (KITASEGAWA, "有害鳥獣捕獲事業", "事業概要", "イノシシ"),
    (KITASEGAWA, "公園維持管理事業", "見直し内容", "アダプト制度"),
    (KITASEGAWA, "公園維持管理事業", "効果額", "3,700千円"),  # 「・見直し区分：縮小　　効果額：…　　実施時期：…」
    (MINAMIKAWARA, "例規集加除業務", "見直し区分", "廃止"),  # Markdown table
    (MINAMIKAWARA, "乳幼児紙おむつ支給事業", "予算額", "－"),
    (MINAMIKAWARA, "観光案内所運営事業", "見直し内容", "町観光協会"),
    (ASAHIGAOKA, "市政モニター事業", "効果額", "960"),
    (ASAHIGAOKA, "子育て情報誌発行事業", "見直し区分", "縮小"),  # 「区分：縮小 ／ 効果額：… ／ 実施時期：…」
    (ASAHIGAOKA, "子育て情報誌発行事業", "実施時期", "令和８年４月"),
])
def test_review_fields_are_sections(path: Path, title: str, section: str, value: str) -> None:
    assert any(value in said for said in _said(path, _program(path, title), section))


@pytest.mark.parametrize(("path", "title", "department", "category"), [
    (KITASEGAWA, "広報紙発行事業", "広報広聴課", "総務部"),
    (KITASEGAWA, "コミュニティバス運行事業", "地域交通課", "市民生活部"),
    (KITASEGAWA, "市営住宅管理事業", "住宅課", "都市建設部"),  # 「【No.23】市営住宅管理事業（住宅課）」
    (KITASEGAWA, "移動図書館車運行事業", "中央図書館", "教育委員会事務局"),
    (MINAMIKAWARA, "高齢者配食サービス事業", "高齢者支援係", "住民福祉課"),
    (ASAHIGAOKA, "ふるさと応援寄附推進事業", "シティプロモーション課", "企画部"),  # an office wrapped in its cell
    (ASAHIGAOKA, "し尿収集運搬事業", "環境部", "環境部"),  # no 所管課: the 部 heading
])
def test_the_office_is_the_department_else_the_group_heading(
        path: Path, title: str, department: str, category: str) -> None:
    program = _program(path, title)
    assert (program.department, program.category) == (department, category)


def test_the_effect_and_the_summary_table_are_never_programs_or_budgets() -> None:
    programs = read(KITASEGAWA)[2]
    titles = {p.title for p in programs}
    assert not titles & {"廃止", "縮小", "総務部", "合計", "見直し区分別", "部別"}
    assert _program(KITASEGAWA, "道路照明灯維持管理事業").budget.yen == 29_400_000  # not its 効果額 6,600千円
