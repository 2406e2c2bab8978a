"""Round 11's sealed fictional documents, tuning data since their end score (tests/fixtures/scored-2026-12-04-s14/
layouts15): a town's ledger as PDF text whose 節 and 説明 columns run together on one line, a city's web page whose
cards hold their figures in two-column tables of labelled values, and a prefecture's XML export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.ingest.parse import parse_corpus

ROUND11 = Path(__file__).resolve().parents[1] / "fixtures" / "scored-2026-12-04-s14" / "layouts15"


@pytest.fixture(scope="module")
def programs():
    return parse_corpus(ROUND11).programs


def test_every_program_the_writer_listed_is_read_with_its_title_and_yen(programs):
    from qa.ingest.amounts import parse_yen
    from qa.ingest.normalize import nfkc

    read = {(Path(p.document).stem, nfkc(p.title).replace(" ", "")): p.budget.yen if p.budget else None
            for p in programs}
    truth = [json.loads(line) for line in (ROUND11 / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()]

    def hit(t: dict) -> bool:
        got = read.get((t["document"], nfkc(t["title"]).replace(" ", "")))
        figure = nfkc(t["budget"]).replace(",", "")
        if figure.isdigit():  # a bare figure in the unit its document declares (千円)
            return got in (int(figure), int(figure) * 1000)
        return got == parse_yen(nfkc(t["budget"]))

    assert len(truth) == 36 and sum(hit(t) for t in truth) == 36


@pytest.mark.parametrize(("title", "yen"), [
    # 「○移住定住促進事業 24,860」 over its 「・移住支援金…」 lines, beside 節 lines whose figures wrapped
    # (「18 負担金補助」 over 「及び交付金 23,240」): a 事業, and no 節 name joined to a 説明 line is one
    ("移住定住促進事業", 24_860_000),
    ("住宅リフォーム促進事業", 10_000_000),  # on the line of a wrapped 目 name and a wrapped 節 head
])
def test_a_ledgers_business_beside_wrapped_setsu_lines_is_a_program(programs, title, yen):
    program = next(p for p in programs if p.title == title)
    assert program.kind == "program" and program.budget.yen == yen
    assert not any(p.title.startswith(("負担金補助", "使用料")) for p in programs)
