"""Intent patterns and answer phrasings, loaded once from `phrases.ja.toml`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.ingest.normalize import nfkc

PHRASES = Path(__file__).with_name("phrases.ja.toml")


@dataclass(frozen=True)
class Intent:
    """A kind of question: how it is recognised, which words it spends, where its answers stand."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
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

    def intent(self, name: str) -> Intent:
        return next(i for i in self.intents if i.name == name)

    def detect(self, question: str) -> str | None:
        """The intent with the most pattern hits (earlier ones win ties); None when nothing matches."""
        text = nfkc(question)
        best, best_hits = None, 0
        for intent in self.intents:
            hits = sum(1 for p in intent.patterns if p.search(text))
            if hits > best_hits:
                best, best_hits = intent.name, hits
        return best


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    data = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    intents = tuple(
        Intent(name, tuple(re.compile(p) for p in spec["patterns"]), _lemmas(set(spec["words"])),
               tuple(spec["sections"]), re.compile(spec["cue"]) if spec.get("cue") else None)
        for name, spec in data["intents"].items())
    field_words = _lemmas(set().union(*(i.words for i in intents)))
    return Phrases(intents, _lemmas(set(data["stopwords"]["words"])), field_words, data["answers"], data["abstain"])


def _lemmas(words: set[str]) -> frozenset[str]:
    """Words as written plus the lemmas the tokenizer turns them into (ある -> 有る), so lists match tokens."""
    from qa.index.tokenize import tokenize

    return frozenset(words | {t for w in words for t in tokenize(w)})
