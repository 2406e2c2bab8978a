"""Answer styles (words, sections, cues) and answer phrasings, loaded once from `phrases.ja.toml`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PHRASES = Path(__file__).with_name("phrases.ja.toml")


@dataclass(frozen=True)
class Intent:
    """An answer style: which words a question spends on it, where its answers stand, what they look like.

    Which style a question gets is decided by its attribute (`qa/understand/data/attributes.toml`, quote_as).
    """

    name: str
    words: frozenset[str]
    sections: tuple[str, ...]
    cue: re.Pattern[str] | None


@dataclass(frozen=True)
class Phrases:
    intents: tuple[Intent, ...]
    stopwords: frozenset[str]
    field_words: frozenset[str]
    answers: dict[str, str]
    abstain: dict[str, str]
    captions: tuple[re.Pattern[str], ...] = ()

    def is_caption(self, text: str) -> bool:
        """Whether a line is a figure's caption (「▼イメージ図」「（写真）」): it labels a picture, it proves nothing."""
        return any(p.search(text.strip()) for p in self.captions)

    def intent(self, name: str) -> Intent:
        return next(i for i in self.intents if i.name == name)


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    data = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    intents = tuple(
        Intent(name, _lemmas(set(spec["words"])),
               tuple(spec["sections"]), re.compile(spec["cue"]) if spec.get("cue") else None)
        for name, spec in data["intents"].items())
    field_words = _lemmas(set().union(*(i.words for i in intents)))
    captions = tuple(re.compile(p) for p in data.get("captions", {}).get("patterns", []))
    stopwords = set(data["stopwords"]["words"]) | set(data["stopwords"].get("english", []))
    return Phrases(intents, _lemmas(stopwords), field_words, data["answers"], data["abstain"],
                   captions)


def _lemmas(words: set[str]) -> frozenset[str]:
    """Words as written plus the lemmas the tokenizer turns them into (ある -> 有る), so lists match tokens."""
    from qa.index.tokenize import tokenize

    return frozenset(words | {t for w in words for t in tokenize(w)})
