"""Japanese tokenisation for BM25: fugashi (MeCab + UniDic) lemmas of content words on NFKC text."""

from __future__ import annotations

import csv
import re
import threading
from functools import lru_cache
from typing import Any, NamedTuple

from qa.ingest.normalize import nfkc

# Parts of speech that carry no topic: particles, auxiliaries, symbols, blanks.
DROP_POS = {"助詞", "助動詞", "補助記号", "空白", "記号"}
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_LATIN = re.compile(r"^[a-z0-9][a-z0-9.\-/]*$")


class Word(NamedTuple):
    """One MeCab morpheme, copied out of the tagger: its surface, the spaces before it, its UniDic features.

    A named tuple, not a frozen dataclass: one is made per morpheme inside the tagger's lock, and a frozen
    dataclass's `__init__` (`object.__setattr__` per field) cost more than the parse itself."""

    surface: str
    white_space: str
    feature: Any


_lock = threading.Lock()


@lru_cache(maxsize=1 << 14)  # a corpus repeats its words: most lookups hit (14 MB at most)
def _features(raw: str) -> Any:
    """The UniDic features of one morpheme from its raw CSV (`node.feature_raw`), as fugashi's `node.feature` gives
    them (quoted fields read as CSV, an unknown word's missing fields None), at a third of the cost: fugashi builds
    the tuple anew on every access, and building it was ~70 % of tokenising a program's text (13 of 18 ms for
    ~700 characters)."""
    fields = next(csv.reader([raw])) if '"' in raw else raw.split(",")
    kind = _tagger()[1]
    return kind(*fields, *([None] * (len(kind._fields) - len(fields))))


@lru_cache(maxsize=1)
def _tagger():  # type: ignore[no-untyped-def]
    """The tagger and the named tuple its dictionary's features come in (fugashi picks it by the field count)."""
    import fugashi

    tagger = fugashi.Tagger()
    return tagger, type(tagger("日本")[0].feature)


def tagged(text: str) -> list[Word]:
    """The morphemes of a text, read under one lock.

    A MeCab tagger is not thread-safe (at 16 concurrent /api/ask a shared one returned None for some texts:
    `bench/synthetic.py --curve`), and fugashi's words point into the tagger's buffer until the next parse, so they
    are copied out inside the lock. One tagger behind a lock, not one per thread: a tagger per thread held ~1.3 GB
    more at 16 clients; a parse takes ~0.1 ms, so the lock costs nothing measurable.
    """
    with _lock:
        return [Word(w.surface, w.white_space, _features(w.feature_raw)) for w in _tagger()[0](text)]


def nbest_paths(text: str, n: int) -> list[list[Word]]:
    """The n most likely segmentations of a text (see `tagged` for the lock)."""
    with _lock:
        return [[Word(node.surface, node.white_space, _features(node.feature_raw)) for node in path]
                for path in _tagger()[0].nbestToNodeList(text, n)]


def tokenize(text: str) -> list[str]:
    """Index terms of a text.

    Args:
        text: any text; normalised here (NFKC, lower case, thousands separators dropped).

    Returns:
        Lemmas of content words, with numbers and Latin words kept as written.
    """
    text = _THOUSANDS.sub("", nfkc(text).lower())
    terms: list[str] = []
    for word in tagged(text):
        feature = word.feature  # fugashi builds the feature tuple anew on every access
        pos = feature.pos1
        if pos in DROP_POS and not _LATIN.match(word.surface):
            continue
        lemma = feature.lemma if pos != "名詞" or feature.pos2 != "数詞" else None
        term = (lemma or word.surface).split("-")[0].lower() if lemma and not _LATIN.match(word.surface) else word.surface
        if term.strip():
            terms.append(term)
    return terms


# A verb's 連用形 (a content verb, not する/ある/いる) and the particles after which it stands as a noun.
_NOMINAL_VERB = re.compile(r"動詞,一般,連用形-一般")
_TOPIC_PARTICLES = frozenset({"は", "って", "も", "の", "が", "を"})


def content_nouns(text: str) -> list[str]:
    """Nouns (common, proper, unknown words) and Latin/number tokens: the words that say what a question is about."""
    text = _THOUSANDS.sub("", nfkc(text).lower())
    out = []
    words = tagged(text)
    for n, word in enumerate(words):
        feature = word.feature
        if _NOMINAL_VERB.fullmatch(f"{feature.pos1},{feature.pos2},{feature.cForm}") and n + 1 < len(words) \
                and words[n + 1].feature.pos1 == "助詞" and words[n + 1].surface in _TOPIC_PARTICLES:
            # 「じゃあ見守りは？」: a verb's 連用形 standing as the topic (見守り, read 見守る as the texts' is) is a noun
            out.append(feature.lemma.split("-")[0])
            continue
        if feature.pos1 == "名詞" or _LATIN.match(word.surface) or feature.pos1 == "接尾辞" and feature.pos2 == "名詞的":
            lemma = feature.lemma if feature.pos2 != "数詞" else None
            term = (lemma or word.surface).split("-")[0].lower() if lemma and not _LATIN.match(word.surface) else word.surface
            out.append(term)
    return out


def char_bigrams(text: str) -> list[str]:
    """Character bigrams of the NFKC text (spaces dropped): they match compounds that MeCab splits differently."""
    k = "".join(ch for ch in nfkc(text).lower() if not ch.isspace())
    return [k[i:i + 2] for i in range(len(k) - 1)]


def index_terms(text: str) -> list[str]:
    """BM25 terms: lemmas of content words plus character bigrams.

    Measured on the JaQuAD pack (bench/ and README): lemmas alone R@1 0.815, bigrams alone 0.825,
    both 0.840.
    """
    return tokenize(text) + char_bigrams(text)


def count_tokens(text: str) -> int:
    """How many MeCab (fugashi, UniDic) morphemes the NFKC text has, particles and symbols included: the honest
    "token" count of the OpenAI-compatible `usage` (this service runs no language model with tokens of its own).

    Args:
        text: any text.

    Returns:
        The number of morphemes (white space is not one).
    """
    return sum(1 for word in tagged(nfkc(text)) if word.surface.strip())
