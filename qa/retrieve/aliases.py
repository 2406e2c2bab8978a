"""Common names people use (IT導入補助金, 産総研): an editable `aliases.tsv` in the corpus folder expands queries."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from qa.ingest.normalize import key, normalize

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


def expand(question: str, aliases: list[tuple[str, str]]) -> str:
    """The question with the document wording of every common name it uses appended."""
    k = key(question)
    extra = [wording for name, wording, name_key, wording_key in _keyed(tuple(aliases))
             if name_key and name_key in k and wording_key not in k]
    return question if not extra else f"{question} {' '.join(extra)}"


def wording_of(word: str, aliases: list[tuple[str, str]]) -> str:
    """The document wording of a common name said alone (「再エネ」 -> 「再生可能エネルギー」), else the word itself:
    a filter on a word the documents never write would find nothing."""
    k = key(word)
    return next((wording for name, wording, name_key, _ in _keyed(tuple(aliases)) if name_key == k), word)


@lru_cache(maxsize=8)
def _keyed(aliases: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str, str]]:
    """Each pair with the comparison keys of both sides, computed once per alias list instead of per question."""
    return [(name, wording, key(name), key(wording)) for name, wording in aliases]
