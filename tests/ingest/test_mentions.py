"""A paragraph of prose elsewhere in a document that names a program by its title is that program's text too."""

from __future__ import annotations

import pytest

from qa.ingest.parse import parse
from qa.ingest.vocabulary import vocabulary
from tests.conftest import FIXTURES, SEED

SPEECH = FIXTURES / "forms27" / "shiomidai_shiseihoushin_r9.txt"  # a mayor's 施政方針: prose, then tables of programs
PROPOSAL = FIXTURES / "forms27" / "toryo_chiji_teian_r9.txt"  # a governor's: prose naming no program, tables in 万円
GUIDE = FIXTURES / "forms21" / "kitaura_miraitoshi_hojokin_qa_r8.txt"  # a subsidy guide with a common Q&A part
SECTION = vocabulary()["mentions"]["section"]


def _mentions(path):
    docs, programs = parse(path)
    text = docs[0].text
    return {p.title: [text[s.start:s.end] for s in p.sections if s.name == SECTION] for p in programs}


@pytest.mark.parametrize(("title", "said"), [
    ("高齢者補聴器購入費助成事業", "上限3万円"),  # the table row prices it; the prose gives its 対象 and 上限
    ("しおみ子育て応援給付金事業", "出生日の1年以上前から本市に"),
    ("中小企業DX推進補助金", "1件当たりの上限額を100万円"),
    ("新規就農者定着支援事業", "上限150万円"),
])
def test_a_paragraph_naming_a_program_read_from_a_table_row_becomes_its_text(title, said):
    assert any(said in m for m in _mentions(SPEECH)[title])


@pytest.mark.parametrize(("path", "title", "said"), [
    # 「予算額は4,620万円であります」 over a row 「帯状疱疹ワクチン接種費助成事業｜46,200」 in 千円
    (SPEECH, "帯状疱疹ワクチン接種費助成事業", "組換えワクチン1回1万円"),
    # 「…返還額の３分の２…予算額は３億１，５００万円であります」 over 「若者県内定着奨学金返還支援事業	31500」 in 万円
    (PROPOSAL, "若者県内定着奨学金返還支援事業", "３分の２"),
    (PROPOSAL, "スマート農業導入支援事業", "５００万円を上限"),
])
def test_a_paragraph_stating_one_programs_budget_without_its_name_becomes_its_text(path, title, said):
    assert any(said in m for m in _mentions(path)[title])


def test_a_paragraph_about_several_programs_is_none_of_theirs():
    # 〔共通事項〕「Ｑ２．複数のメニューに同時に申請することはできますか。」 names three programs as examples
    assert not any("複数のメニュー" in m for ms in _mentions(GUIDE).values() for m in ms)


def test_a_contents_line_naming_a_program_says_nothing_of_it():
    # The seed's table of contents (「○…事業..... 2」) names every program and describes none.
    assert not any(_mentions(SEED).values())
