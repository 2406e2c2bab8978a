"""The parser reads the genre, not one layout: compared with truth tables written by reading the documents.

Truth tables (tests/fixtures/truth/) were written by people reading the documents, without the parser's output.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kanjize import number2kanji

from qa.ingest import parse, parse_corpus
from qa.ingest.amounts import format_yen, parse_yen
from qa.ingest.models import Program
from qa.ingest.normalize import key, overlap
from qa.ingest.years import kind_of, label_of, year_of
from tests.conftest import FIELD, REAL, SEED, TRUTH, UNSEEN


def _truth(name: str) -> dict:
    return json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))


def _match(programs: list[Program], name: str, yen: int | None, repeat: bool = False,
           used: set[str] | None = None) -> Program | None:
    """The parsed program a truth row names: same amount, most similar title, same 【再掲】 flag preferred.

    With `used`, each program answers one truth row only (rows may repeat a name and amount).
    """
    used = used if used is not None else set()
    pool = [p for p in programs if p.id not in used and (yen is None or p.budget and p.budget.yen == yen)]
    scored = [(p.repeat == repeat, overlap(p.title, name), p) for p in pool]
    best = max(scored, key=lambda t: (t[0], t[1]), default=None)
    if best and best[1] >= 0.5:
        used.add(best[2].id)
        return best[2]
    return None


@pytest.mark.parametrize(("text", "yen"), [
    ("12億5,000万円", 1_250_000_000), ("２兆２，３７０億円", 2_237_000_000_000), ("八億円", 800_000_000),
    ("二千百十三億円", 211_300_000_000), ("1,234百万円", 1_234_000_000), ("7,619,000千円", 7_619_000_000),
    ("５０万円", 500_000), ("０．５億円", 50_000_000), ("約１，８４４億円", 184_400_000_000),
    ("六十五億三千万円", 6_530_000_000), ("9億8千万円", 980_000_000), ("12億5千万円", 1_250_000_000),
    ("1兆2,345億円", 1_234_500_000_000), ("33,498,000円", 33_498_000), ("予算なし", None), ("億円", None),
])
def test_amounts_in_every_written_form_are_exact_yen(text, yen):
    assert parse_yen(text) == yen


@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_amounts_written_in_any_unit_round_trip(yen):
    assert parse_yen(format_yen(yen)) == yen
    assert parse_yen(f"{yen:,}円") == yen
    assert parse_yen(number2kanji(yen) + "円") == yen


@pytest.mark.parametrize(("label", "year", "kind"), [
    ("令和5年度補正予算額", 2023, "補正"), ("令和７年度概算要求額", 2025, "概算要求"),
    ("令和２年度 厚生労働省第二次補正予算（案）の概要", 2020, "第2次補正"), ("平成三十年度", 2018, ""),
    ("H30年度", 2018, ""), ("2018年度", 2018, ""), ("令和元年度当初予算", 2019, "当初"), ("平成29年度補正", 2017, "補正"),
])
def test_fiscal_years_and_kinds_come_from_the_label(label, year, kind):
    assert year_of(label) == year and kind_of(label) == kind


def test_a_label_without_a_year_takes_the_documents():
    assert label_of("前年度", "令和５年度予算の概要").year == 2022
    assert label_of("予算額", "令和５年度予算の概要").year == 2023


def test_every_priced_item_of_the_real_yosan_gaiyou_is_found_with_its_exact_amount():
    truth = _truth("mod-r05-yosan")
    _, programs = parse(REAL / "mod-r05-yosan.txt")
    items = [p for p in programs if p.kind == "item"]
    used: set[str] = set()
    matched = [_match(items, t["name"], t["yen"], t["repeat"], used) for t in truth["items"]]
    assert sum(m is not None for m in matched) == len(truth["items"]) == 143
    assert len(items) == len(truth["items"])  # nothing invented
    assert len({m.id for m in matched if m}) == len(truth["items"])
    areas = sum(1 for t, m in zip(truth["items"], matched, strict=True)
                if m and key(t["area"]) in {key(c) for c in m.categories})
    assert areas / len(truth["items"]) >= 0.97
    assert {m.id for t, m in zip(truth["items"], matched, strict=True) if t["repeat"]} == {
        p.id for p in items if p.repeat}
    pages = sum(1 for t, m in zip(truth["items"], matched, strict=True) if m and t["page"] in m.pages)
    assert pages / len(truth["items"]) >= 0.97


def test_area_totals_of_the_real_yosan_gaiyou_are_totals_not_items():
    truth = _truth("mod-r05-yosan")
    _, programs = parse(REAL / "mod-r05-yosan.txt")
    totals = [p for p in programs if p.kind == "total"]
    assert sorted(p.budget.yen for p in totals) == sorted(t["yen"] for t in truth["totals"])
    assert all(p.budget.approx for p in totals if "約" in p.budget.amount_text)


def test_items_quote_their_amount_in_the_documents_own_characters():
    docs, programs = parse(REAL / "mod-r05-yosan.txt")
    tomahawk = next(p for p in programs if p.title == "トマホークの取得")
    assert tomahawk.budget.amount_text == "２，１１３億円" and tomahawk.budget.yen == 211_300_000_000
    assert docs[0].text[tomahawk.budget.start:tomahawk.budget.end] == "２，１１３億円"
    assert (tomahawk.budget.fiscal_year, tomahawk.budget.budget_kind) == (2023, "当初")
    e2d = next(p for p in programs if "Ｅ－２Ｄ" in docs[0].text[p.start:p.end] and p.kind == "item")
    assert e2d.budget.label == "数量 5機"


@pytest.mark.parametrize("stem", ["r7-gaisan-markdown", "r6-tousho-brackets", "r6-yosan-gaiyou-items", "r5-shisaku-list"])
def test_unseen_layouts_give_every_program_with_amount_contacts_and_category(stem):
    truth = _truth(stem)
    path = next(UNSEEN.glob(f"{stem}.*"))
    _, programs = parse(path)
    programs = [p for p in programs if p.kind in ("program", "item")]
    assert len(programs) == len(truth["programs"])
    for row in truth["programs"]:
        found = _match(programs, row["title"], row["yen"], row.get("repeat", False))
        assert found is not None, row["title"]
        assert sorted(c.phone for c in found.contacts) == sorted(row["phones"]), row["title"]
        if row.get("category"):
            names = {key(c) for c in found.categories}
            assert any(key(row["category"]) in n or n in key(row["category"]) for n in names), row["title"]
        if row.get("previous_yen") and row["title"] != "離島航路維持対策事業":  # 「前年度同額」: no figure to read
            assert found.budget.previous_year and found.budget.previous_year.yen == row["previous_yen"], row["title"]
        assert found.budget.fiscal_year is not None


def test_a_budget_written_as_oku_and_man_keeps_its_program():
    """Field case 05: 「12億5,000万円」 used to make the program vanish."""
    _, programs = parse(FIELD / "05-oku-man-amount.txt")
    found = {p.title: p.budget.amount_oku_yen for p in programs}
    assert found == {"地域商店街デジタル化支援事業": 12.5, "長期保存食品開発支援事業": 8.0}


def test_the_seed_keeps_28_programs_with_years_on_every_amount():
    _, programs = parse(SEED)
    assert len(programs) == 28
    assert {(p.budget.fiscal_year, p.budget.budget_kind) for p in programs} == {(2017, "補正")}


def test_a_corpus_of_every_layout_and_a_corrupt_file_parses_the_good_and_names_the_bad(tmp_path):
    for source in [SEED, *FIELD.glob("*.txt"), *FIELD.glob("*.pdf"), *UNSEEN.iterdir(), REAL / "mod-r05-yosan.txt"]:
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "corrupt.txt").write_bytes(random.Random(3).randbytes(3000))
    (tmp_path / "unpriced.txt").write_text("令和6年度 補正予算の概要\n\n事業A\n\n予算額 ＸＸ億円\n", encoding="utf-8")
    parsed = parse_corpus(tmp_path)
    documents = {p.document for p in parsed.programs}
    good = {p.name for p in tmp_path.iterdir()} - {"broken.pdf", "corrupt.txt"}
    assert documents == good
    assert {s.document for s in parsed.skipped} == {"broken.pdf", "corrupt.txt"}
    assert all(s.reason for s in parsed.skipped)
    assert any("unpriced.txt" in w and "could not be read" in w for w in parsed.warnings)


def test_a_document_that_breaks_the_parser_is_skipped_and_named(tmp_path, monkeypatch):
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "trap.txt").write_text("令和6年度 補正予算の概要\n\n事業A\n\n予算額 1億円\n", encoding="utf-8")
    from qa.ingest.layouts import program_pages

    real = program_pages.read

    def explode(doc, lines):
        if doc.name == "trap.txt":
            raise ValueError("max() arg is an empty sequence")
        return real(doc, lines)

    monkeypatch.setattr(program_pages, "read", explode)
    parsed = parse_corpus(tmp_path)
    assert len(parsed.programs) == 28
    assert [(s.document, "ValueError" in s.reason) for s in parsed.skipped] == [("trap.txt", True)]


def test_the_same_bytes_under_two_names_are_read_once(tmp_path):
    data = (FIELD / "00-base-r6-sample.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "b.txt").write_bytes(data)
    parsed = parse_corpus(tmp_path)
    assert len(parsed.programs) == 2
    assert [s.document for s in parsed.skipped] == ["b.txt"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["○", "（２２５億円）", "Ⅱ", "１", "主要事項", "約１，２３４億円", "【再掲】", "・事業A　45,000千円",
                                 "=== PAGE 3 ===", "予算額 八億円", "トマホークの取得（２，１１３億円）", "", "目次", "（５機：１，９４１億円）",
                                 "担当：A課（03-1111-2222）"]), max_size=40))
def test_arbitrary_item_layouts_never_crash_and_offsets_quote_the_source(lines):
    from qa.ingest.items import parse_items
    from qa.ingest.models import Document

    text = "\n".join(lines)
    doc = Document(name="x.txt", path="x.txt", text=text)
    for program in parse_items(doc):
        assert 0 <= program.start <= program.end <= len(text)
        for section in program.sections:
            assert 0 <= section.start <= section.end <= len(text)
        # (an entry no amount prices, set off by a lone 「○」, is a passage without a budget)
        assert program.budget is not None or program.kind == "passage"
        if program.budget is not None:
            assert text[program.budget.start:program.budget.end] == program.budget.text


def test_truth_tables_exist_for_every_unseen_layout():
    assert {p.stem for p in UNSEEN.iterdir() if p.suffix != ".pdf"} <= {p.stem for p in Path(TRUTH).iterdir()}


def test_a_space_between_the_digits_and_their_unit_keeps_the_amount():
    """Municipal tables write 「15,604,000 千円」; the 千 must scale the digits, not stand alone as 1,000円."""
    from qa.ingest.amounts import parse_yen

    assert parse_yen("15,604,000 千円") == 15_604_000_000
    assert parse_yen("10,000 千円") == 10_000_000 and parse_yen("1.5 億円") == 150_000_000
