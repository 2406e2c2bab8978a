"""Round 22's documents (tuning data since their scoring): a committee's 予算審査報告書 names programs in its prose, and
a list of names set off in brackets (「人口減少への挑戦」「…防災・減災」「稼ぐ力の強化」の三つを重点分野に) or a quoted
clause (「…の増加により、…収支不足が続く見込み」) is no program with the figure of the next sentence."""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.ingest.listed import read_and_listed

COMMITTEE = FIXTURES / "scored-2026-12-06-s25" / "layouts26" / "uminari_r08_committee.txt"


def test_a_committee_reports_programs_are_the_ones_its_writer_listed():
    layout, got, listed = read_and_listed(COMMITTEE)
    assert layout == "prose_items"
    assert got == listed
