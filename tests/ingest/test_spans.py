"""Every amount the parser reads quotes its source exactly: `text[start:end]` is the figure as written.

Spans must be found on the stored text, not on a normalised copy whose length differs (NFKC turns Ⅱ into II, ㈱
into (株)): UX finding 3 quoted 「９５億円）」 for 「５９５億円」 after 「ＳＭ－３ブロックⅡＡ」.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest.amounts import parse_yen
from qa.ingest.items import parse_items
from qa.ingest.models import Amount, Document, Program
from qa.ingest.normalize import normalize, raw_span
from qa.ingest.parse import parse

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
DOCUMENTS = sorted([ROOT / "corpus" / "h29-hosei-yosan-gaiyou.txt", FIXTURES / "real" / "mod-r05-yosan.txt",
                    *(FIXTURES / "unseen").glob("*.txt"), *(FIXTURES / "unseen").glob("*.md"),
                    *(FIXTURES / "styles").glob("*")])


def _amounts(program: Program) -> list[Amount]:
    budget = program.budget
    if budget is None:
        return []
    return [a for a in (budget.previous_year, *budget.uchi) if a is not None and a.start is not None]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_amount_span_quotes_the_figure_as_written(path):
    docs, programs = parse(path)
    text = docs[0].text
    checked = 0
    for program in programs:
        budget = program.budget
        if budget is None:
            continue
        line = text[budget.start:budget.end]
        assert line.strip() == budget.text.strip() or budget.text in line, program.title
        assert not budget.amount_text.startswith(("*", " ")) and not budget.amount_text.endswith(("*", " "))
        if budget.yen is not None and budget.amount_text:
            assert parse_yen(normalize(budget.amount_text)) == budget.yen, program.title
        for amount in _amounts(program):
            quoted = text[amount.start:amount.end]
            assert quoted.strip() == amount.text, (program.title, quoted, amount.text)
            if amount.yen is not None:
                assert parse_yen(normalize(quoted)) == amount.yen, (program.title, quoted)
        checked += 1
    assert checked, f"{path.name}: no budget read"


def test_an_item_after_a_character_that_nfkc_lengthens_is_quoted_whole():
    text = "○弾道ミサイル対処\nＳＭ－３ブロックⅡＡ（５９５億円）、ＳＭ－６（１３６億円）、㈱テスト（１２億円）\n"
    doc = Document(name="d.txt", path="d.txt", text=text)
    budgets = {p.title: p.budget for p in parse_items(doc) if p.budget}
    quoted = {title: text[b.start:b.end] for title, b in budgets.items()}
    assert quoted.get("SM-3ブロックIIA") == "５９５億円" and quoted.get("SM-6") == "１３６億円", quoted


LENGTH_CHANGERS = ["Ⅱ", "Ａ", "㈱", "㌔", "ﾊﾟ", "**", "  ", "\u3000", "\u200b", "①", "Ⅻ", "ｶﾞ"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(LENGTH_CHANGERS), st.text(max_size=4)), max_size=12).map("".join),
       st.data())
def test_raw_span_maps_any_normalised_span_back_to_the_characters_it_came_from(raw, data):
    norm = normalize(raw)
    if not norm:
        return
    start = data.draw(st.integers(0, len(norm) - 1))
    end = data.draw(st.integers(start + 1, len(norm)))
    try:
        begin, stop = raw_span(raw, start, end)
    except ValueError:
        return  # no exact map exists (a composition across characters); callers fall back and say so
    assert norm[start:end].replace(" ", "") in normalize(raw[begin:stop]).replace(" ", "")


@pytest.mark.parametrize("title,dept,phone", [
    ("子ども食堂支援事業", "こども未来局 こども支援課", "092-000-1111"),
    ("病児保育事業", "こども未来局 保育課", "092-000-2222"),
    ("避難所Wi-Fi整備事業", "市民局 防災推進課", "092-000-3333"),
])
def test_a_list_rows_indented_contact_line_is_its_contact(title, dept, phone):
    """UX finding 6: 「　担当：… 課 092-…」 under a list row was not read, and contact questions said 記載なし."""
    docs, programs = parse(FIXTURES / "lists" / "ux3-shuyo.txt")
    program = next(p for p in programs if p.title == title)
    assert [(c.dept, c.phone) for c in program.contacts] == [(dept, phone)]
    contact = program.contacts[0]
    assert phone in docs[0].text[contact.start:contact.end]
