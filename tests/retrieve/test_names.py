"""The trigram-chain name matcher gives the same runs, scores and order as `common_run` per name, at any floor."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from qa.ingest.normalize import common_run, key
from qa.retrieve.names import MIN_SCORE, NameIndex


def _program(pid: str, title: str, aliases: list[str]) -> SimpleNamespace:
    """The fields `program_names` reads, without a whole Program (shapes only matter here)."""
    return SimpleNamespace(id=pid, title=title, body_title=None, aliases=aliases, subprojects=[],
                           has_budget_structure=True)


def _reference(index: NameIndex, question: str, floor: float = MIN_SCORE) -> list[tuple[str, float, str]]:
    """The matcher as it was: `common_run` against every name sharing a trigram, best name per program."""
    q = key(question)
    best: dict[int, tuple[float, str]] = {}
    for entry, name in index._names:
        run = common_run(q, name)
        if run < 3:
            continue
        score = run / len(name) * min(1.0, run / 6)
        if score > best.get(entry, (0.0, ""))[0]:
            best[entry] = (score, name)
    ordered = sorted(sorted(best.items()), key=lambda item: -item[1][0])
    return [(index.entries[e][0].id, score, name) for e, (score, name) in ordered if score >= floor]


@pytest.mark.parametrize("prune_hits", [0, 50, NameIndex.PRUNE_HITS])
@pytest.mark.parametrize("seed", [3, 4])
def test_runs_match_common_run_on_repetitive_text(prune_hits: int, seed: int, monkeypatch) -> None:  # noqa: ANN001
    # A four-letter alphabet makes repeated trigrams, several diagonals per name and ties between names; names that
    # cannot reach the floor are dropped by their hit count before the sort from `prune_hits` hits on (0: always).
    monkeypatch.setattr(NameIndex, "PRUNE_HITS", prune_hits)
    rng = random.Random(seed)
    text = lambda n: "".join(rng.choice("あいうえ") for _ in range(n))  # noqa: E731
    programs = [_program(f"p{i}", text(rng.randint(3, 14)), [text(rng.randint(2, 9))]) for i in range(120)]
    index = NameIndex(programs)  # type: ignore[arg-type]
    for _ in range(300):
        question = text(rng.randint(0, 40))
        for floor in (0.0, MIN_SCORE, 0.8):
            got = [(m.program.id, m.score, m.name) for m in index.match(question, floor)]
            assert got == _reference(index, question, floor)


def test_real_names() -> None:
    programs = [_program("a", "IT導入補助金", ["サービス等生産性向上IT導入支援事業"]),
                _program("b", "ものづくり・商業・サービス生産性向上促進補助金", ["ものづくり補助金"]),
                _program("c", "小規模事業者持続化補助金", [])]
    index = NameIndex(programs)  # type: ignore[arg-type]
    for question in ("IT導入補助金とものづくり補助金の補助率は？", "持続化補助金の上限は？", "補助金", "", "天気"):
        assert [(m.program.id, m.score, m.name) for m in index.match(question)] == _reference(index, question)
        everything = [(m.program.id, m.score, m.name) for m in index.match(question, 0.0)]
        assert everything == _reference(index, question, 0.0)


def test_a_model_code_written_with_a_long_vowel_mark_is_named_as_typed_with_a_hyphen() -> None:
    # the national review writes 「CHー47J」; people type 「CH-47J」 (and a loanword's ー stays: 「スーパー」)
    index = NameIndex([_program("a", "CHー47Jの取得", []), _program("b", "スーパーコンピュータの整備", [])])
    assert [m.program.id for m in index.match("CH-47Jの取得はいくら？") if m.score >= 1.0] == ["a"]
    assert [m.program.id for m in index.match("スーパーコンピュータの整備の予算") if m.score >= 1.0] == ["b"]
