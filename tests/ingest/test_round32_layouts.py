"""Round 32's documents (tuning data since their scoring, `tests/fixtures/scored-2026-12-07-s35`): a prefecture's
部局別 主要事業一覧 as one workbook with a sheet per 部局, each under the same header."""

from __future__ import annotations

from qa.ingest.normalize import nfkc
from tests.conftest import FIXTURES
from tests.ingest.listed import listed_keys, read

WORKBOOK = FIXTURES / "scored-2026-12-07-s35" / "layouts39" / "hokurei_R8_bukyokubetsu_shuyojigyo.xlsx"


def test_a_workbook_with_a_sheet_per_office_is_read_through_every_sheet():
    """Six sheets, one per 部局, each a title, a unit row and the same header: every sheet's programs, and each
    sheet's 部局計 a total (not a program)."""
    _, _, programs = read(WORKBOOK)
    assert listed_keys(WORKBOOK) <= {(nfkc(p.title), p.budget.yen) for p in programs if p.budget}
    assert sorted(p.kind for p in programs if p.title == "部局計") == ["total"] * 6
