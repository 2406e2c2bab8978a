"""Common names people use (IT導入補助金, 産総研): an editable `aliases.tsv` in the corpus folder expands queries."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from qa.ingest.normalize import key, nfkc, normalize

log = logging.getLogger(__name__)
ALIAS_FILE = "aliases.tsv"


BUILT_IN = Path(__file__).parent / "data" / ALIAS_FILE


def load_aliases(corpus: Path) -> list[tuple[str, str]]:
    """(what people say, what documents say) pairs: the genre's built-in common names (`data/aliases.tsv`), then
    the corpus's own `corpus/aliases.tsv` (missing file: the built-in ones alone), each pair once."""
    pairs = _read(BUILT_IN) + _read((corpus if corpus.is_dir() else corpus.parent) / ALIAS_FILE)
    return list(dict.fromkeys(pairs))


def _read(path: Path) -> list[tuple[str, str]]:
    """The pairs of one aliases file; a line that is not 'name<TAB>wording' is skipped with a warning."""
    if not path.exists():
        return []
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            log.warning("%s:%d: expected 'name<TAB>document wording'", path, number)
            continue
        pairs.append((normalize(parts[0]), normalize(parts[1])))
    return pairs


# What separates the names a question lists (「SM-6、03式中SAM（改善型）、基地防空用SAMを合計すると」).
_HIRAGANA = re.compile(r"[ぁ-ゖ]")
_LIST_SEPARATOR = re.compile(r"[、,，。?？!！\s]+|(?:と|や|を)(?=[^ぁ-ん])")


def expand(question: str, aliases: list[tuple[str, str]]) -> str:
    """The question with the document wording of every common name it uses appended. A name glued to more of a
    name (「03式中SAM（改善型）」「基地防空用SAM」) is appended as that whole name in the document's wording
    (「03式中距離地対空誘導弾（改善型）」), so that a title written out is still matched whole; of two names one holds
    (中SAM, SAM), the longer is read."""
    k = key(question)
    found = [(name, wording) for name, wording, name_key, wording_key in _keyed(tuple(aliases))
             if name_key and name_key in k and wording_key not in k]
    if not found:
        return question
    extra: list[str] = []
    for part in _LIST_SEPARATOR.split(nfkc(question)):
        here = [(name, wording, m) for name, wording in found
                if (m := re.search(re.escape(nfkc(name)), part, re.IGNORECASE)) is not None]
        if not here:
            continue
        name, wording, m = max(here, key=lambda h: len(h[0]))
        left, right = m.start(), m.end()  # the word around it: no hiragana (a particle ends it)
        while left > 0 and not _HIRAGANA.match(part[left - 1]):
            left -= 1
        while right < len(part) and not _HIRAGANA.match(part[right]):
            right += 1
        extra.append(f"{part[left:m.start()]}{wording}{part[m.end():right]}")
    extra += [wording for _, wording in found if wording not in extra and not any(wording in e for e in extra)]
    return f"{question} {' '.join(dict.fromkeys(extra))}"


def wording_of(word: str, aliases: list[tuple[str, str]]) -> str:
    """The document wording of a common name said alone (「再エネ」 -> 「再生可能エネルギー」), else the word itself:
    a filter on a word the documents never write would find nothing."""
    k = key(word)
    return next((wording for name, wording, name_key, _ in _keyed(tuple(aliases)) if name_key == k), word)


@lru_cache(maxsize=8)
def _keyed(aliases: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str, str]]:
    """Each pair with the comparison keys of both sides, computed once per alias list instead of per question."""
    return [(name, wording, key(name), key(wording)) for name, wording in aliases]
