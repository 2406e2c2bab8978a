"""Coverage, so nothing fails silently: the share of a document's amount lines its programs account for.

A layout fixture is read almost whole (≥ 80 %); prose with amounts that no layout reads is under 80 % and
warned of by name with its layout, and is still indexed as one passage. Tables are covered by construction.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.ingest import parse_corpus
from qa.ingest.coverage import LOW_COVERAGE, TABLE_NOTE, has_amount
from tests.conftest import FIXTURES, REAL

LAYOUTS = FIXTURES / "layouts"
PROSE = {
    "council-report.txt": "市議会報告\n\n昨年度は道路の補修に12億円を使いました。\n"
                          "今年度は学校の改修に3億5,000万円を見込んでいますが、詳細は未定です。\n"
                          "また、図書館の運営には約4,500万円がかかる見通しです。\n",
    "minutes.md": "# 委員会議事録\n\n委員から、子育て支援に４５，０００千円では足りないとの意見があった。\n"
                  "事務局は、前年度の実績２億円を踏まえて検討すると答えた。\n",
}


@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*.txt")), ids=lambda p: p.stem)
def test_a_layout_fixture_is_covered_at_least_80_percent_and_not_warned(path: Path, tmp_path: Path) -> None:
    shutil.copy(path, tmp_path)
    parsed = parse_corpus(tmp_path)
    [doc] = parsed.documents
    assert doc.amount_lines > 0 and doc.coverage is not None and doc.coverage >= LOW_COVERAGE, doc.coverage
    assert not any("coverage" in w for w in parsed.warnings)


@pytest.mark.parametrize(("name", "text"), sorted(PROSE.items()))
def test_prose_with_amounts_no_layout_reads_is_under_80_percent_warned_by_name_and_still_a_passage(
        name: str, text: str, tmp_path: Path) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    [doc] = parsed.documents
    assert doc.amount_lines >= 2 and doc.coverage is not None and doc.coverage < LOW_COVERAGE
    [warning] = [w for w in parsed.warnings if "coverage" in w]
    layout = doc.layout or "no layout scored"
    assert warning.startswith(f"{name}: no programs found") and layout in warning, warning
    assert "indexed as one passage (searchable and quotable)" in warning
    assert [(p.document, p.kind) for p in parsed.programs] == [(name, "passage")]  # searchable and quotable


def test_a_memo_without_amounts_or_layout_is_a_passage_without_a_warning(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text("会議メモ\n\n来週の打合せについて。\n", encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    assert parsed.documents[0].coverage == 1.0 and parsed.warnings == []


@pytest.mark.parametrize(("line", "counts"), [
    ("こども家庭センター運営事業　77,705千円", True), ("予算額（千円）", False), ("千円　　千円　　千円", False),
    ("（単位：百万円）", False), ("約１，８４４億円", True), ("八億円", True), ("来週の打合せ", False),
])
def test_a_unit_written_alone_is_not_an_amount(line: str, counts: bool) -> None:
    from qa.ingest.normalize import normalize

    assert has_amount(normalize(line)) is counts


def test_a_table_read_through_its_mapping_is_covered_by_construction(tmp_path: Path) -> None:
    shutil.copy(REAL / "fukuoka-r02-juyoshisaku.json", tmp_path)
    shutil.copy(FIXTURES.parent.parent / "corpus" / "examples" / "fukuoka-r02-juyoshisaku.mapping.toml", tmp_path)
    [doc] = parse_corpus(tmp_path).documents
    assert (doc.layout, doc.coverage, doc.coverage_note) == ("tables", 1.0, TABLE_NOTE)


def test_qa_programs_json_gives_each_documents_coverage(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from qa.cli import app

    shutil.copy(LAYOUTS / "kitakawa_r06_shuyo.txt", tmp_path)
    (tmp_path / "council-report.txt").write_text(PROSE["council-report.txt"], encoding="utf-8")
    result = CliRunner().invoke(app, ["programs", "--json", "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    docs = {d["name"]: d for d in json.loads(result.stdout)["documents"]}
    assert docs["kitakawa_r06_shuyo.txt"]["coverage"] >= LOW_COVERAGE
    assert docs["council-report.txt"]["coverage"] < LOW_COVERAGE and docs["council-report.txt"]["amount_lines"] == 3
    tree = CliRunner().invoke(app, ["programs", "--corpus", str(tmp_path)], env={"COLUMNS": "120"})
    assert "coverage 100%" in tree.stdout and "[passage, coverage 0%]" in tree.stdout
    assert "council-report.txt: no programs found" in tree.stderr


@pytest.mark.parametrize(("head", "counted"), [("（単位：千円）", 3), ("説明（千円）", 3), ("予算の説明", 0)])
def test_bare_figures_count_as_amount_lines_once_the_document_states_their_unit(head: str, counted: int) -> None:
    from qa.ingest.coverage import measure
    from qa.ingest.models import Document

    text = f"{head}\nア　土木管理事務運営　471,606\nイ　道路台帳整備　36,306\n第2条　1,000,000\n昭和30年 第12号\n"
    assert measure(Document(name="d.txt", path="d.txt", text=text), []) == (counted, 0)
