"""A 予算の概要 sets 「○」 on a line of its own before each entry; an entry whose name line carries no amount is still an
entry of its own (the real 防衛省 令和５年度予算の概要, pp. 1-33)."""

from __future__ import annotations

from qa.ingest.parse import parse
from tests.conftest import FIXTURES

MOD = FIXTURES / "real" / "mod-r05-yosan.txt"


def _read():
    docs, programs = parse(MOD)
    return docs[0].text, programs


def test_an_item_s_text_stops_at_the_lone_bullet_of_the_next_entry():
    text, programs = _read()
    tomahawk = next(p for p in programs if p.title == "トマホークの取得")
    described = "".join(text[s.start:s.end] for s in tomahawk.sections if s.name == "概要")
    assert "イージス艦の垂直発射装置" in described and "１２式" not in described


def test_an_unpriced_entry_is_a_passage_of_its_own_never_counted():
    _, programs = _read()
    entry = next(p for p in programs if p.title.startswith("12式地対艦誘導弾能力向上型") and p.kind == "passage")
    assert entry.budget is None and not entry.countable
    assert entry.categories[-1] == "スタンド・オフ防衛能力"
