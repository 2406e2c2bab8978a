"""A village's 広報誌 article 「当初予算のあらまし」 (tests/fixtures/forms20, tuning data): its programs are ● list rows
priced in 万円 with the office in brackets after the figure, some with the figure on the next line or a flag after
the office; a name the rows' descriptions quote (「みずなみ茶」) makes no prose of the list; and round 16's sealed
documents (scored, tuning since), whose article sets each office in square brackets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.amounts import parse_yen
from qa.ingest.normalize import nfkc
from qa.ingest.parse import parse, parse_corpus

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms20"


@pytest.fixture(scope="module")
def programs():
    return parse_corpus(FORMS).programs


def _missed(folder: Path, programs: list) -> tuple[int, list[str]]:
    """(programs the writer listed in `folder`/PROGRAMS.jsonl, the titles not read with their yen); a bare figure is
    in the table's 千円."""
    read = {(Path(p.document).stem, nfkc(p.title).replace(" ", "")): p.budget.yen if p.budget else None
            for p in programs}
    truth = [json.loads(line) for line in (folder / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]
    return len(truth), [t["title"] for t in truth if read.get((t["document"], nfkc(t["title"]).replace(" ", "")))
                        not in (parse_yen(nfkc(t["budget"])), parse_yen(nfkc(t["budget"]) + "千円"))]


def test_every_program_the_writer_listed_is_read_with_its_title_and_yen(programs):
    listed, missed = _missed(FORMS, programs)
    assert listed == 59 and not missed, missed


def test_a_list_of_priced_rows_is_read_as_items_not_as_names_in_prose():
    (doc,), _ = parse(FORMS / "mizunami_koho_r9.txt")
    assert doc.layout == "priced_items", doc.layout_scores


@pytest.mark.parametrize(("title", "yen", "department", "flags"), [
    ("子育て応援給付金", 12_000_000, "子育て支援課", []),  # the office in brackets after the figure
    ("放課後児童クラブ運営事業", 10_500_000, "子育て支援課", []),  # the figure alone on the next line
    ("中学校学習用タブレット端末更新事業", 21_600_000, "教育課", []),  # the figure and its office on the next line
    ("子ども医療費助成事業", 18_900_000, "住民福祉課", ["拡充"]),  # a flag after the office
])
def test_a_priced_row_keeps_its_office_and_flags_wherever_the_writer_set_them(programs, title, yen, department,
                                                                              flags):
    program = next(p for p in programs if p.title == title)
    assert (program.budget.yen, program.department, program.flags) == (yen, department, flags)


ROUND16 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-05-s19" / "layouts20"


def test_round_16s_documents_are_read_whole():
    """Round 16's sealed fictional documents (tuning since it was scored): the village article sets each office in
    square brackets (「●出産お祝い金支給事業　450万円［住民福祉課］」), which read no row before (42 of 65 programs)."""
    listed, missed = _missed(ROUND16, parse_corpus(ROUND16).programs)
    assert listed == 65 and not missed, missed
