"""Round 22's documents (tuning data since their scoring): a committee's 予算審査報告書 names programs in its prose, and
a list of names set off in brackets (「人口減少への挑戦」「…防災・減災」「稼ぐ力の強化」の三つを重点分野に) or a quoted
clause (「…の増加により、…収支不足が続く見込み」) is no program with the figure of the next sentence. A document's title is
the line that names it, not the addressee, date or signer above it nor the page number beside it."""

from __future__ import annotations

import pytest

from qa.ingest.parse import parse
from tests.conftest import FIXTURES
from tests.ingest.listed import read_and_listed

COMMITTEE = FIXTURES / "scored-2026-12-06-s25" / "layouts26" / "uminari_r08_committee.txt"


def test_a_committee_reports_programs_are_the_ones_its_writer_listed():
    layout, got, listed = read_and_listed(COMMITTEE)
    assert layout == "prose_items"
    assert got == listed


@pytest.mark.parametrize(("name", "title"), [
    # the addressee, the date and the signing committee above it are not the title
    ("uminari_r08_committee.txt", "予算審査特別委員会審査報告書"),
    # the plan's name, then what this paper of it is
    ("saginohara_r08_facilityplan.txt", "鷺ノ原市公共施設等総合管理計画 個別施設の改修事業一覧（令和８年度～令和12年度）"),
    # the page number printed beside it is not
    ("kitamizusawa_r08_ledger.txt", "令和８年度\u3000北水沢町一般会計予算に関する説明書"),
])
def test_a_documents_title_is_the_line_that_names_it(name, title):
    [doc], _ = parse(COMMITTEE.parent / name)
    assert doc.title == title
