"""The vocabulary lives in data files; a TOML escape slip (「"\\bfares?\\b"」 is a backspace in a basic string) must
not turn a pattern into one that never matches."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

DATA = sorted((Path(__file__).resolve().parents[2] / "qa").glob("*/data/*.toml"))


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("path", DATA, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_pattern_in_a_data_file_holds_a_control_character(path):
    found = [s for s in strings(tomllib.loads(path.read_text(encoding="utf-8")))
             if any(ord(c) < 32 and c not in "\n\t" for c in s)]
    assert found == []


def test_the_data_files_are_found():
    assert len(DATA) >= 8


@pytest.mark.parametrize(("text", "counter", "figure"), [
    ("県立学校５校に医学コースを設置", "校", "5校"),  # after a word that ends in the counter: a count
    ("県立中高一貫教育校１０校を設置", "校", "10校"),
    ("児童生徒１人１台の端末を整備", "台", None),  # one per pupil: a ratio, no count
    ("3,000件の相談に対応", "件", "3,000件"),
])
def test_a_counter_cue_reads_counts_not_ratios(text, counter, figure):
    from qa.ingest.normalize import nfkc
    from qa.understand.vocabulary import vocabulary

    match = vocabulary().counters.cue(counter).search(nfkc(text))
    assert (match.group(0) if match else None) == figure
