"""A prefecture's 補正予算の説明書 laid out by columns (forms22, item 2) reads into programs, 款・項 totals and the
document's total.

Two offices' instances are in tests/fixtures/forms22/ (青葉県: ○ lines with 「補正額　286,000」 in the unit its legend
states once; 白波県: （１） lines with 「１８５，０００千円」, labelled 款・項 figures); two more by the engineer in
tests/fixtures/forms22-variants/ (朝霧県: 補正前の額/補正額/補正後の額, 千円 after each figure, the office before the
name; 若菜県: full-width bare figures, 「補正額」 on the line under the name). Two more offices' in tests/fixtures/forms23/
(美波県: 「○　45,600千円　…事業（危機管理課）」, the figure before the name, 「【２款　総務費】　補正額　27,200千円」 and the
labelled 補正前の額/補正額/補正後の額 on the 項's own line; 高峰県: 「（デジタル推進課）…事業　98,400」, the office first, bare
figures under 既定予算額/今回補正額/補正後予算額, 〔国庫 …　一般 …〕 breakdowns, a 特別会計 of its own) and a third variant
(朝凪県: the three labelled columns on each program's own line, ◇ programs with the figure first, ▲ decreases, a
国民健康保険事業特別会計). Their programs (exact title, yen) are listed in PROGRAMS.jsonl / PROGRAMS-hosei.jsonl beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest import parse
from qa.ingest.models import Program
from qa.ingest.normalize import key
from qa.ingest.vocabulary import unit_in
from tests.conftest import FIXTURES

FORMS = FIXTURES / "forms22"
VARIANTS = FIXTURES / "forms22-variants"
FORMS23 = FIXTURES / "forms23"
DOCUMENTS = [FORMS / "aoba_hosei_r10_2.txt", FORMS / "shiranami_hosei_r10_9gatsu.txt",
             VARIANTS / "asagiri_hosei_r10_12.txt", VARIANTS / "wakana_hosei_r10_6.txt"]
# Figure before the name, office before the name, the columns on each program's own line (forms23 and a variant).
REORDERED = [FORMS23 / "minami_ken_hosei_yosan_setsumeisho.txt", FORMS23 / "takamine_ken_hoseiyosan_setsumei.txt",
             VARIANTS / "asanagi_hosei_r10_11.txt"]


def _listed(path: Path) -> list[dict]:
    """The writer's list of a document's programs (title, budget_yen)."""
    lists = [FORMS / "PROGRAMS.jsonl", VARIANTS / "PROGRAMS-hosei.jsonl", FORMS23 / "PROGRAMS.jsonl"]
    rows = [json.loads(line) for f in lists for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["document"] == path.stem]


def _text_of(path: Path, program: Program) -> str:
    """A program's text as its document holds it."""
    return path.read_text(encoding="utf-8")[program.start:program.end]


def _read(path: Path) -> tuple[str, list[Program]]:
    docs, programs = parse(path)
    assert docs[0].layout == "priced_items"
    return docs[0].text, programs


@pytest.mark.parametrize("path", DOCUMENTS + REORDERED, ids=lambda p: p.stem)
def test_every_program_reads_with_its_exact_title_and_hosei_amount_and_nothing_else_is_a_program(path: Path) -> None:
    _, programs = _read(path)
    read = sorted((key(p.title), p.budget.yen) for p in programs if p.countable)
    assert read == sorted((key(r["title"]), r["budget_yen"]) for r in _listed(path))
    assert all(p.budget.budget_kind == "補正" for p in programs if p.countable)


@pytest.mark.parametrize(("path", "title", "yen", "department", "categories", "flags"), [
    (DOCUMENTS[0], "地域公共交通物価高騰対策支援事業費", 286_000_000, "交通政策課", ["総務費", "企画費"], []),
    (DOCUMENTS[0], "避難所環境整備支援事業費", 150_000_000, "危機管理課", ["総務費", "防災費"], ["新規"]),
    (DOCUMENTS[0], "公共土木施設災害復旧事業費", 1_610_000_000, "河川課・道路保全課",
     ["災害復旧費", "公共土木施設災害復旧費"], []),
    (DOCUMENTS[1], "新型インフルエンザ等対策物資備蓄事業費", -45_000_000, "感染症対策課", ["衛生費", "公衆衛生費"], []),
    (DOCUMENTS[1], "市町DX共同調達支援事業費", 32_500_000, "デジタル政策課", ["総務費", "総務管理費"], ["新規"]),
    (DOCUMENTS[2], "県有施設照明LED化緊急対策事業費", 38_000_000, "管財課", ["総務費", "総務管理費"], []),
    (DOCUMENTS[2], "児童養護施設等整備費補助", -15_000_000, "こども家庭課", ["民生費", "児童福祉費"], []),
    (DOCUMENTS[2], "市町村物価高騰対策支援交付金", 24_000_000, "市町村課", ["総務費", "企画費"], ["新規"]),
    (DOCUMENTS[3], "県税キャッシュレス納付推進事業費", 12_000_000, "税務課", ["総務費", "総務管理費"], ["新規"]),
    (DOCUMENTS[3], "介護人材確保対策事業費", 56_000_000, "長寿社会課", ["民生費", "社会福祉費"], ["拡充"]),
    (DOCUMENTS[3], "感染症検査体制確保事業費", -20_000_000, "感染症対策課", ["衛生費", "公衆衛生費"], []),
    (REORDERED[0], "防災行政無線デジタル化整備事業", 45_600_000, "危機管理課", ["総務費", "総務管理費"], []),
    (REORDERED[0], "県庁舎照明LED化事業", -18_400_000, "管財課", ["総務費", "総務管理費"], []),
    (REORDERED[0], "台風第10号農地・農業用施設災害復旧事業", 168_700_000, "農村整備課",
     ["災害復旧費", "農林水産施設災害復旧費"], []),
    (REORDERED[1], "市町村共同利用型電子申請基盤整備事業", 98_400_000, "デジタル推進課", ["総務費", "総務管理費"], []),
    (REORDERED[1], "橋りょう長寿命化修繕事業", -120_000_000, "道路保全課", ["土木費", "道路橋りょう費"], []),
    (REORDERED[1], "設備導入資金貸付金", 150_000_000, "経営支援課", ["貸付金"], []),
    (REORDERED[2], "職員研修事業", -8_000_000, "人事課", ["総務費", "総務管理費"], []),
    (REORDERED[2], "河川総合開発事業", -110_000_000, "河川整備課", ["土木費", "河川費"], []),
    (REORDERED[2], "国保事務標準化システム移行事業", 64_000_000, "国保医療課", ["総務費", "総務管理費"], []),
], ids=lambda v: v.stem if isinstance(v, Path) else None)
def test_a_program_takes_its_office_as_department_its_kan_and_kou_as_categories_and_its_flags(
        path: Path, title: str, yen: int, department: str, categories: list[str], flags: list[str]) -> None:
    text, programs = _read(path)
    program = next(p for p in programs if p.countable and p.title == title)
    assert (program.budget.yen, program.department, program.categories, program.flags) == (
        yen, department, categories, flags)
    assert text[program.budget.start:program.budget.end] == program.budget.text  # the figure as written, quotable


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_the_zaigen_breakdown_and_the_explanation_are_the_programs_text_never_its_budget(path: Path) -> None:
    text, programs = _read(path)
    for p in (p for p in programs if p.countable):
        whole = text[p.start:p.end]
        assert "財源" in whole, p.title
        assert p.section("概要") is not None
        if (breakdown := p.section("財源内訳")) is not None:
            assert not breakdown.start <= p.budget.start < breakdown.end
    aoba = next(p for p in _read(DOCUMENTS[0])[1] if p.title == "避難所環境整備支援事業費")
    assert "補助率：２分の１" in _text_of(DOCUMENTS[0], aoba) and "補助上限額" in _text_of(DOCUMENTS[0], aoba)


@pytest.mark.parametrize(("path", "title", "categories", "yen", "columns"), [
    (DOCUMENTS[0], "総務費", [], 484_600_000, {"既決予算額": "38,215,400", "計": "38,700,000"}),
    (DOCUMENTS[0], "農林水産施設災害復旧費", ["災害復旧費"], 1_380_000_000, {"既決予算額": "620,000", "計": "2,000,000"}),
    (DOCUMENTS[1], "公衆衛生費", ["衛生費"], -45_000_000, {"補正前の額": "8,650,000", "補正後の額": "8,605,000"}),
    (DOCUMENTS[2], "道路橋りょう費", ["土木費"], 1_100_000_000,
     {"補正前の額": "33,900,000千円", "補正後の額": "35,000,000千円"}),
    (DOCUMENTS[3], "衛生費", [], -20_000_000, {"既定予算額": "３３，５００，０００", "計": "３３，４８０，０００"}),
], ids=lambda v: v.stem if isinstance(v, Path) else None)
def test_kan_and_kou_lines_are_totals_of_their_hosei_amount_with_the_other_columns_quoted(
        path: Path, title: str, categories: list[str], yen: int, columns: dict[str, str]) -> None:
    text, programs = _read(path)
    total = next(p for p in programs if p.kind == "total" and p.title == title and p.categories == categories)
    assert total.budget.yen == yen and not total.countable
    assert {s.name: text[s.start:s.end] for s in total.sections if s.name in columns} == columns


@pytest.mark.parametrize(("path", "title"), [(DOCUMENTS[0], "歳出合計"), (DOCUMENTS[1], "合計"),
                                             (DOCUMENTS[2], "歳出合計"), (DOCUMENTS[3], "歳出合計")],
                         ids=lambda v: v.stem if isinstance(v, Path) else None)
def test_the_soukatsu_spending_total_is_the_documents_total_and_the_programs_add_up_to_it(path: Path, title: str) -> None:
    _, programs = _read(path)
    grand = [p for p in programs if p.kind == "total" and p.title == title and not p.categories]
    assert len(grand) == 1  # the 歳出 side's only: 歳入合計 (the same figure) is no total of the programs
    assert not any("歳入" in p.title for p in programs)
    assert grand[0].budget.yen == sum(p.budget.yen for p in programs if p.countable)
    kan = [p for p in programs if p.kind == "total" and not p.categories and p.title.endswith("費")]
    assert sum(p.budget.yen for p in kan) == grand[0].budget.yen  # each 款 once (the 総括's 款 rows are no totals)


def test_the_overview_themes_above_the_kan_are_totals_never_summed_with_the_programs() -> None:
    _, programs = _read(DOCUMENTS[0])
    themes = {p.title: p for p in programs if p.title in ("物価高騰対策", "防災・減災、国土強靱化対策", "その他")}
    assert len(themes) == 3 and all(p.kind == "total" for p in themes.values())
    assert themes["物価高騰対策"].budget.yen == 3_708_000_000


def test_bare_figures_take_no_unit_when_the_document_states_none(tmp_path: Path) -> None:
    text = DOCUMENTS[0].read_text(encoding="utf-8")
    silent = text.replace("（単位：千円）", "").replace("金額の単位は千円。", "")
    (tmp_path / "aoba-without-unit.txt").write_text(silent, encoding="utf-8")
    _, programs = parse(tmp_path / "aoba-without-unit.txt")
    # (a bare 「286,000」 is never guessed to be 千円: no program or total takes a yen from a bare figure)
    assert not any(p.budget is not None and p.budget.yen in (286_000_000, 286_000, 484_600_000, 10_461_000_000)
                   for p in programs)


@pytest.mark.parametrize(("line", "unit"), [
    ("（凡例）○は補正予算に計上した事業を示す。金額の単位は千円。（　）内は所管課。", ("千円", 1000)),
    ("※　金額の単位は千円です。△は減額を表します。", ("千円", 1000)),
    ("（単位　千円）", ("千円", 1000)),
    ("（単位：百万円）", ("百万円", 1_000_000)),
    ("単位の説明は別紙による", None),
])
def test_a_legend_states_the_unit_of_bare_figures(line: str, unit: tuple[str, int] | None) -> None:
    assert unit_in(line) == unit


@pytest.mark.parametrize(("path", "title", "written"), [
    (REORDERED[0], "県庁舎照明LED化事業", "△18,400千円"),
    (REORDERED[0], "中小企業経営安定資金貸付金", "2,400,000千円"),
    (REORDERED[1], "県政広報誌発行事業", "△6,200"),
    (REORDERED[1], "医師修学資金貸与事業", "31,200"),
    (REORDERED[2], "職員研修事業", "▲8,000"),
    (REORDERED[2], "緊急浚渫推進事業", "1,000,000"),
], ids=lambda v: v.stem if isinstance(v, Path) else None)
def test_a_figure_before_the_name_or_after_an_office_first_is_the_budget_quoted_as_written(
        path: Path, title: str, written: str) -> None:
    text, programs = _read(path)
    program = next(p for p in programs if p.countable and p.title == title)
    assert text[program.budget.start:program.budget.end] == written
    assert text[program.sections[0].start:program.sections[0].end] == title.replace("LED", "ＬＥＤ")  # 事業名


@pytest.mark.parametrize("path", REORDERED, ids=lambda p: p.stem)
def test_every_reordered_program_has_its_zaigen_breakdown_as_a_section_never_its_budget(path: Path) -> None:
    _, programs = _read(path)
    for p in (p for p in programs if p.countable):
        breakdown = p.section("財源内訳")
        assert breakdown is not None, p.title  # 〔財源〕…, 財源内訳 …, or 〔国庫 …　一般 …〕 under the legend
        assert not breakdown.start <= p.budget.start < breakdown.end
        assert p.section("概要") is not None


@pytest.mark.parametrize(("path", "title", "categories", "yen"), [
    (REORDERED[0], "総務費", [], 27_200_000),
    (REORDERED[0], "農林水産施設災害復旧費", ["災害復旧費"], 168_700_000),
    (REORDERED[1], "道路橋りょう費", ["土木費"], -120_000_000),
    (REORDERED[1], "貸付金", [], 150_000_000),
    (REORDERED[2], "河川費", ["土木費"], 890_000_000),
], ids=lambda v: v.stem if isinstance(v, Path) else None)
def test_a_kan_or_kou_heading_the_programs_is_one_total_of_its_amendment_however_its_columns_are_written(
        path: Path, title: str, categories: list[str], yen: int) -> None:
    _, programs = _read(path)
    totals = [p for p in programs if p.kind == "total" and p.title == title and p.categories == categories]
    assert [p.budget.yen for p in totals] == [yen]  # (美波県's 【２款　総務費】 repeats its 款項別表's row: one total)
