"""Abbreviations people make of program names, read back into the names: 「雇調金」 for 雇用調整助成金, 「アセマネ」
for アセットマネジメント.

Japanese abbreviates a compound by the first character of each kanji word (雇用・調整・助成・金 -> 雇調金) or the first
two kana of each katakana word (アセット・マネジメント -> アセマネ), keeping the words' order. So an abbreviation is a
word of the question that no title contains, whose pieces begin words of one title in order, the first piece its
first word's. No list of abbreviations is kept: the titles of the index are the vocabulary, and a word that
could abbreviate two different titles abbreviates neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from qa.index.tokenize import tagged
from qa.ingest.normalize import key, nfkc

# Runs of kanji or katakana in a question: where an abbreviation can stand (「雇調金の拡充」 -> 雇調金, 拡充).
_RUN = re.compile(r"[一-龥々]{2,6}|[ァ-ヴー]{4,8}")
_KATAKANA = re.compile(r"[ァ-ヴー]+")
_KANJI = re.compile(r"[一-龥々]")


def _initials(title: str) -> list[str]:
    """The word starts of a title: the first character of a kanji word, the first two of a katakana word (long
    vowel marks dropped: スーパー -> スパ)."""
    out = []
    for word in tagged(nfkc(title)):
        surface = word.surface
        if _KATAKANA.fullmatch(surface):
            out.append(surface.replace("ー", "")[:2])
        elif surface:
            out.append(surface[0])
    return out


def _pieces(run: str) -> list[str]:
    """An abbreviation cut into the pieces that begin words: one character per kanji, two per katakana pair."""
    if _KATAKANA.fullmatch(run):
        run = run.replace("ー", "")
        return [run[i:i + 2] for i in range(0, len(run), 2)] if len(run) % 2 == 0 else []
    return list(run)


def _abbreviates(pieces: list[str], initials: list[str], inside: bool = False) -> bool:
    """Whether the pieces begin words of the title in order, the first piece its first word (or, `inside`, the
    pieces begin consecutive words anywhere in it: 「国体」 of 第７４回国民体育大会推進事業)."""
    if inside:
        return any(initials[i:i + len(pieces)] == pieces for i in range(len(initials)))
    if not pieces or not initials or initials[0] != pieces[0]:
        return False
    at = 1
    for piece in pieces[1:]:
        while at < len(initials) and initials[at] != piece:
            at += 1
        if at == len(initials):
            return False
        at += 1
    return True


class Abbreviations:
    """The titles of an index, ready to read abbreviations back (word starts computed on first use).

    Args:
        titles: program titles (duplicates are fine).
    """

    def __init__(self, titles: list[str]) -> None:
        self.titles = list(dict.fromkeys(titles))
        self._keys = "\n".join(key(t) for t in self.titles)
        self._initials: dict[str, list[str]] = {}

    def warm(self) -> None:
        """Make the title indexes now rather than on the first abbreviation asked (`Answerer.warm`)."""
        _ = self._by_first, self._by_char

    @cached_property
    def _by_first(self) -> dict[str, list[str]]:
        """First character -> titles beginning with it (NFKC): the only titles an abbreviation can be of; their
        words are tagged when first asked about, not all at start-up (200,000 titles take ~20 s to tag)."""
        out: dict[str, list[str]] = {}
        for title in self.titles:
            text = nfkc(title).lstrip()
            if text:
                out.setdefault(text[0], []).append(title)
        return out

    @cached_property
    def _by_char(self) -> dict[str, set[int]]:
        """Kanji -> the titles (by position) holding it, made on the first two-kanji abbreviation asked: the titles
        a two-kanji run can abbreviate are those holding both (a scan of every title per question grew with the
        table: 130 ms at 20,000 titles)."""
        out: dict[str, set[int]] = {}
        for n, title in enumerate(self.titles):
            for char in set(_KANJI.findall(nfkc(title))):
                out.setdefault(char, set()).add(n)
        return out

    def _initials_of(self, title: str) -> list[str]:
        cached = self._initials.get(title)
        if cached is None:
            cached = self._initials[title] = _initials(title)
        return cached

    def expand(self, question: str) -> list[str]:
        """The titles the question's abbreviations stand for (each abbreviation of exactly one title), in order.

        Returns:
            [] when the question has none: every run of kanji or katakana some title contains is a word of the
            documents, not an abbreviation.
        """
        found: list[str] = []
        for run in _RUN.findall(nfkc(question)):
            if key(run) in self._keys:
                continue
            pieces = _pieces(run)
            if len(pieces) < 2:
                continue
            if len(run) > 2:
                matches = [t for t in self._by_first.get(pieces[0][0], [])
                           if _abbreviates(pieces, self._initials_of(t))]
            else:
                # Two kanji (「国体」「入管」): the initials of two words side by side anywhere in one title (two
                # words apart would read ordinary words as abbreviations: 「金利」 of 金融機関利子補給); the titles
                # holding both characters in order are the only candidates.
                both = self._by_char.get(run[0], set()) & self._by_char.get(run[1], set())
                matches = [t for t in (self.titles[i] for i in sorted(both))
                           if _abbreviates(pieces, self._initials_of(t), True)]
            if len(matches) == 1 and matches[0] not in found:
                found.append(matches[0])
        return found


# A katakana clipping in a question: four to eight kana (「ガソスタ」「アセマネ」).
_CLIPPING = re.compile(r"(?<![ァ-ヴー])[ァ-ヴー]{4,8}(?![ァ-ヴー])")


def katakana_compounds(question: str, texts: Iterable[str]) -> dict[str, str]:
    """Katakana clippings of the question, each with the one compound the documents write that it clips:
    「ガソスタ」 -> ガソリンスタンド where a program's text (not its title) says ガソリンスタンド.

    A clipping is a run of kana no text contains, whose two-kana pieces begin the words of one katakana compound of
    the texts, in order (the same rule as titles'); a clipping of two different compounds is left as typed.

    Args:
        question: the question (any form; read NFKC).
        texts: the documents' texts as comparison keys (`qa.ingest.normalize.key`), searched in full.

    Returns:
        clipping (as the NFKC question writes it) -> compound; {} when it has none.
    """
    runs = _CLIPPING.findall(nfkc(question))
    if not runs:
        return {}
    texts = list(texts)
    found: dict[str, str] = {}
    for run in runs:
        if run in found or any(run in text for text in texts):
            continue
        pieces = _pieces(run)
        if len(pieces) < 2:
            continue
        # Each piece begins a word; a long vowel mark may stand inside it in the text (スパ of スーパー).
        pattern = re.compile("(?<![ァ-ヴー])" + "[ァ-ヴー]{0,8}?".join("ー?".join(map(re.escape, p)) for p in pieces)
                             + "[ァ-ヴー]*")
        compounds = {m.group(0) for text in texts for m in pattern.finditer(text)}
        clipped = [c for c in compounds if _abbreviates(pieces, _initials(c))]
        if len(clipped) == 1:
            found[run] = clipped[0]
    return found
