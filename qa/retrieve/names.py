"""Matching the program names a question uses: titles, names the document gives, sub-project names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.ingest.models import Program
from qa.ingest.normalize import common_run, key

_GENERIC_SUFFIX = re.compile(r"(?:支援|促進|推進|整備|対策)?(?:事業費|事業|補助金|支援)$")


@dataclass
class NameMatch:
    """How strongly a question names one program, and by which name."""

    program: Program
    score: float
    name: str


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


def program_names(program: Program) -> list[str]:
    """Every name a program goes by in the documents, with the generic 事業/事業費 ending dropped too."""
    # Sub-project headings that are short are usually field words (対象者, 補助率), not names.
    names = [program.title, program.body_title or "", *program.aliases,
             *(s.name for s in program.subprojects if len(key(s.name)) >= 5)]
    out = []
    for name in names:
        k = key(name)
        if len(k) >= 2:
            out.append(k)
            short = _GENERIC_SUFFIX.sub("", k)
            if len(short) >= 3 and short != k:
                out.append(short)
    return list(dict.fromkeys(out))


class NameIndex:
    """Scores programs by how much of one of their names the question contains."""

    def __init__(self, programs: list[Program]) -> None:
        self.entries = [(p, [(name, _trigrams(name)) for name in program_names(p)])
                        for p in programs if p.has_budget_structure]
        self.match = lru_cache(maxsize=512)(self._match)  # the same question is matched by several stages

    def _match(self, question: str) -> list[NameMatch]:
        """Programs named by the question, best first; a score of 1.0 means a whole name is in it."""
        q = key(question)
        q_grams = _trigrams(q)
        matches = []
        for program, names in self.entries:
            best, best_name = 0.0, ""
            for name, grams in names:
                if not grams & q_grams:
                    continue  # no common run of three characters: the score would be 0
                run = common_run(q, name)
                if run < 3:
                    continue
                # Coverage of the name, discounted for short runs that common words can make.
                score = run / len(name) * min(1.0, run / 6)
                if score > best:
                    best, best_name = score, name
            if best > 0:
                matches.append(NameMatch(program, best, best_name))
        return sorted(matches, key=lambda m: -m.score)
