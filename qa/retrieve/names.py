"""Matching the program names a question uses: titles, names the document gives, sub-project names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

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
    """Scores programs by how much of one of their names the question contains.

    Names are found through an inverted index of their character trigrams: only names sharing a trigram with the
    question are scored (a name sharing none has no common run of three characters, so scores 0), without a pass
    over every program per question.
    """

    def __init__(self, programs: list[Program]) -> None:
        self.entries = [(p, program_names(p)) for p in programs if p.has_budget_structure]
        # Name id -> (entry, name); names are numbered in entry order, so candidates sorted by id keep it.
        self._names = [(entry, name) for entry, (_, names) in enumerate(self.entries) for name in names]
        postings: dict[str, list[int]] = {}
        for nid, (_, name) in enumerate(self._names):
            for gram in _trigrams(name):
                postings.setdefault(gram, []).append(nid)
        self._postings = {gram: np.asarray(ids, dtype=np.int64) for gram, ids in postings.items()}
        self.match = lru_cache(maxsize=512)(self._match)  # the same question is matched by several stages

    def _match(self, question: str) -> list[NameMatch]:
        """Programs named by the question, best first; a score of 1.0 means a whole name is in it."""
        q = key(question)
        lists = [self._postings[g] for g in _trigrams(q) if g in self._postings]
        if not lists:
            return []
        best: dict[int, tuple[float, str]] = {}
        for nid in np.unique(np.concatenate(lists)).tolist():
            entry, name = self._names[nid]
            run = common_run(q, name)
            if run < 3:
                continue
            # Coverage of the name, discounted for short runs that common words can make.
            score = run / len(name) * min(1.0, run / 6)
            if score > best.get(entry, (0.0, ""))[0]:
                best[entry] = (score, name)
        matches = [NameMatch(self.entries[e][0], score, name) for e, (score, name) in sorted(best.items())]
        return sorted(matches, key=lambda m: -m.score)
