"""A town's 総合戦略 事業実施計画・評価シート一覧 (a list of regional-revitalisation programs under 基本目標 → 施策) read by
qa/ingest/layouts/evaluation_sheets.py: 水端町's list (layouts25: 「［1-1-1］…事業　【継続】」 banners between ── rules,
「事業費（当初予算額）：8,640千円（R9当初 7,920千円）」, 「うち交付金充当額：」 lines, 【再掲】 sheets) and two more towns'
written to check the rules beyond it (layouts25-variants: 汐ノ谷村 ruled boxes with 事業名 cells in 円, 基本目標Ⅰ/施策①,
［前年度 …］ brackets; 風早町 「■事業No.1-1-1」 banners, bare figures in 千円 said once, 「（　）書きは前年度当初予算」,
「うち ○○交付金　3,600」 lines of the cost cell). Each 事業 is a program with its 事業費 as budget, the 交付金 as a part
(うち), the 担当課 as department, the KPI and 評価 as sections, the outline's headings as categories; a 【再掲】 sheet is
a repeat, never summed twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.models import Program
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MIZUHATA = FIXTURES / "scored-2026-12-06-s24" / "layouts25" / "mizuhata_r10_senryaku.txt"
SHIONOTANI = FIXTURES / "layouts25-variants" / "shionotani_r09_senryaku.txt"
KAZAHAYA = FIXTURES / "layouts25-variants" / "kazahaya_r11_senryaku.txt"
LISTS = [MIZUHATA, SHIONOTANI, KAZAHAYA]


@pytest.fixture(scope="module")
def read() -> dict[str, tuple[object, list[Program]]]:
    """Document stem -> (the document, its programs in order)."""
    out = {}
    for path in LISTS:
        (doc,), programs = parse(path)
        out[path.stem] = (doc, programs)
    return out


def _one(programs: list[Program], title: str, repeat: bool = False) -> Program:
    return next(p for p in programs if nfkc(p.title) == nfkc(title) and p.repeat == repeat)


def _listed(path: Path) -> list[tuple[str, int]]:
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return sorted((nfkc(r["title"]), r["yen"]) for r in rows if r["document"] == path.name)


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_every_program_is_read_with_its_title_and_this_years_budget_in_yen(read, path):
    doc, programs = read[path.stem]
    assert doc.layout == "evaluation_sheets", doc.layout_scores
    counted = sorted((nfkc(p.title), p.budget.yen) for p in programs if p.countable)
    assert counted == _listed(path)


@pytest.mark.parametrize(("path", "total_yen", "repeats"), [
    (MIZUHATA, 408_620_000, ["サテライトオフィス誘致事業", "地域おこし協力隊活用事業"]),  # its own 合計 (再掲を除く)
    (SHIONOTANI, 32_330_000, ["関係人口創出ワーケーション推進事業"]),
    (KAZAHAYA, 26_300_000, ["奨学金返還支援事業"]),  # its own 合計 of 基本方針別の事業費集計
])
def test_a_repeated_program_is_a_repeat_without_budget_so_the_sum_is_the_documents_total(read, path, total_yen, repeats):
    _, programs = read[path.stem]
    repeated = [p for p in programs if p.repeat]
    assert sorted(nfkc(p.title) for p in repeated) == sorted(repeats)  # its reference 「（1-2-2参照）」 taken off
    assert all(p.budget is None and not p.countable for p in repeated)
    assert sum(p.budget.yen for p in programs if p.countable) == total_yen


@pytest.mark.parametrize(("path", "title", "kind", "year", "previous", "parts"), [
    # 「事業費（当初予算額）：8,640千円（R9当初 7,920千円）」 over 「うち交付金充当額：4,320千円　［…推進事業］」
    (MIZUHATA, "みずはた茶ブランド強化事業", "当初", 2028, 7_920_000, [4_320_000]),
    # 「うち交付金充当額：―（交付金の充当なし）」: no part
    (MIZUHATA, "鳥獣被害対策事業", "当初", 2028, 5_200_000, []),
    (MIZUHATA, "小さな拠点整備事業（旧水端中学校跡地活用）", "当初", 2028, 12_500_000, [63_000_000]),
    # 「12,480,000円　［前年度 0円］」 and a 「うち交付金」 cell of a ruled box; the year from 「事業費は令和９年度当初予算額」
    (SHIONOTANI, "温泉街にぎわい創出事業", "当初", 2027, 0, [6_240_000]),
    (SHIONOTANI, "空き家バンク活用移住促進事業", "当初", 2027, 5_600_000, []),
    # bare figures in 千円: 「7,200（6,000）」 whose bracket 「（　）書きは前年度当初予算」, 「うち ○○交付金　3,600」
    (KAZAHAYA, "ものづくり企業DX支援事業", "当初", 2029, 6_000_000, [3_600_000]),
    # 「4,000（―）」: a program begun this year has no last year's figure
    (KAZAHAYA, "移住者起業支援事業", "当初", 2029, None, [2_000_000]),
])
def test_the_budget_is_this_years_initial_budget_with_last_years_and_the_grant_as_its_part(
        read, path, title, kind, year, previous, parts):
    _, programs = read[path.stem]
    budget = _one(programs, title).budget
    assert (budget.budget_kind, budget.fiscal_year) == (kind, year)
    assert (budget.previous_year.yen if budget.previous_year else None) == previous
    assert [u.yen for u in budget.uchi] == parts


@pytest.mark.parametrize(("path", "title", "categories", "department", "flags"), [
    (MIZUHATA, "サテライトオフィス誘致事業", ["基本目標1 地域の資源を生かした「しごと」をつくる", "施策1-2 創業の促進と働く場づくり"],
     "企画政策課 地域づくり係", ["拡充"]),  # 「※施策2-1にも掲載」 is a note, not part of the name
    (MIZUHATA, "「書かない窓口」DX推進事業", ["基本目標4 ずっと住み続けたい、安心なまちをつくる",
                                          "施策4-2 健康で安全・安心な暮らしの確保"], "総務課 デジタル推進係", ["拡充"]),
    (SHIONOTANI, "新規就農者定着支援事業", ["基本目標I 稼げる村の産業をつくる", "施策② 農業の担い手の確保"],
     "産業観光課 農林係", ["拡充"]),
    (KAZAHAYA, "お試し暮らし住宅運営事業", ["基本方針2 風早町に住みたい人を増やす", "(施策2-1)移住・交流の推進"],
     "まちづくり推進課", ["継続"]),
])
def test_the_outlines_headings_are_categories_and_the_office_its_department(read, path, title, categories, department,
                                                                            flags):
    _, programs = read[path.stem]
    program = _one(programs, title)
    assert [nfkc(c) for c in program.categories] == [nfkc(c) for c in categories]
    assert program.category == program.categories[-1]
    assert (program.department, program.flags) == (department, flags)


@pytest.mark.parametrize(("path", "title", "section", "holds"), [
    (MIZUHATA, "サテライトオフィス誘致事業", "成果目標", "②進出企業による新規雇用者数"),  # every KPI of the sheet
    (MIZUHATA, "サテライトオフィス誘致事業", "評価", "新規雇用は伸び悩んでいる"),
    (MIZUHATA, "サテライトオフィス誘致事業", "財源内訳", "拠点整備事業"),
    (MIZUHATA, "結婚新生活支援事業", "事業内容", "上限600,000円"),
    (SHIONOTANI, "空き家バンク活用移住促進事業", "成果目標", "目標値 15世帯"),
    (SHIONOTANI, "空き家バンク活用移住促進事業", "評価", "登録物件が不足"),
    (KAZAHAYA, "伝統工芸「風早塗」後継者育成事業", "成果目標", "目標値 5人"),
    (KAZAHAYA, "伝統工芸「風早塗」後継者育成事業", "評価", "研修修了生３人"),
])
def test_the_kpi_and_the_evaluation_are_sections_of_the_program(read, path, title, section, holds):
    doc, programs = read[path.stem]
    program = _one(programs, title)
    texts = [doc.text[s.start:s.end] for s in program.sections if s.name == section]
    assert any(holds in t for t in texts), texts


@pytest.mark.parametrize(("path", "last_title"), [
    (MIZUHATA, "「書かない窓口」DX推進事業"),  # 「２　基本目標別の集計」 and 「問い合わせ先：」 below it are the document's
    (SHIONOTANI, "子育て応援給付金事業"),  # the contact line under the last box is the village's
    (KAZAHAYA, "移住者起業支援事業"),
])
def test_the_last_program_ends_before_the_documents_own_summary_and_contact(read, path, last_title):
    doc, programs = read[path.stem]
    last = programs[-1]
    assert nfkc(last.title) == nfkc(last_title)
    assert not last.contacts
    assert "問い合わせ先" not in doc.text[last.start:last.end] and "合計" not in doc.text[last.start:last.end]
