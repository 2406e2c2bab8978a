"""An office line closing each program's block (「担当：教育総務課　学務係（内線412）」 under a 予算の概要's program,
「【担当：健康福祉部　医療政策課 …」 under a 補正 release's) is that program's own contact, inside its text: every
program had been given the first such line of the paper (newuser30's finding, found in four papers of three writers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest import parse
from tests.conftest import FIXTURES

NARUMISAWA = FIXTURES / "newuser30" / "r8-narumisawa-tousho-yosan-gaiyou.txt"
SAKURAGAWA = FIXTURES / "newuser21" / "sakuragawa-r9-gaiyou.txt"
SHINONOME = FIXTURES / "scored-2026-12-04-s8" / "layouts9" / "shinonome_hosei_r8_6gatsu.txt"
KITAKIRI = FIXTURES / "scored-2026-12-04-s9" / "layouts10" / "kitakiri_r8_yosan_gaiyo.txt"


@pytest.mark.parametrize(("path", "title", "offices"), [
    (NARUMISAWA, "出産・子育て応援給付金上乗せ事業", [("子育て支援課子育て支援係", "213")]),
    (NARUMISAWA, "学校給食費無償化事業", [("教育総務課学務係", "412")]),
    (NARUMISAWA, "放課後児童クラブ運営事業", [("子育て支援課子育て支援係", "215")]),
    (NARUMISAWA, "防災行政無線デジタル化事業", [("総務課防災係", "226")]),  # the last block, above the closing 問い合わせ先
    (SAKURAGAWA, "・第2子以降保育料無償化事業", [("子育て支援課", "215")]),  # a phone, then its extension in brackets
    (SAKURAGAWA, "・新規就農者支援事業", [("農政課", None)]),
    # two offices over two lines of one bracket close one block
    (SHINONOME, "医療機関・社会福祉施設等物価高騰対策支援事業", [("健康福祉部医療政策課", None), ("健康福祉部福祉政策課", None)]),
    (SHINONOME, "公衆浴場燃料費支援事業", [("健康福祉部生活衛生課", None)]),
    (KITAKIRI, "帯状疱疹ワクチン接種費助成事業", [("保健センター", None)]),
])
def test_the_office_line_closing_a_programs_block_is_its_own(path: Path, title: str, offices: list) -> None:
    docs, programs = parse(path)
    program = next(p for p in programs if p.title == title)
    text = docs[0].text
    assert [(c.dept, c.extension) for c in program.contacts] == offices
    assert program.department == offices[0][0]
    assert all(program.start <= c.start and c.end <= program.end for c in program.contacts)
    assert "担当" in text[program.start:program.end]


def test_a_pillar_over_programs_takes_none_of_their_offices() -> None:
    _, programs = parse(SHINONOME)
    pillar = next(p for p in programs if p.title == "物価高騰から県民生活・事業者を守る緊急対策")
    assert pillar.contacts == [] and pillar.department is None
