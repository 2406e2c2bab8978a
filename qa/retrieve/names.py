"""Matching the program names a question uses: titles, names the document gives, sub-project names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from qa.ingest.models import Program
from qa.ingest.normalize import key

# A trigram posting packs (name id << _POS_BITS | offset in the name): offsets < 2^16, names are titles.
_POS_BITS = 16
_POS_MASK = (1 << _POS_BITS) - 1
# The lowest score `NameIndex.match` lists by default: every user's bar is at least this (search 0.3, answers 0.8
# and 1.0). At 100k passages a question shares a run of three with ~1,300 programs' names, ~30 of them at 0.3 or
# more: the rest, kept in the match cache, were ~1,300 objects a question for the collector to walk.
MIN_SCORE = 0.3
# A model or code name inside a title (「回転翼哨戒機（SH-60L（仮称））の取得」「戦闘機（F-35B）」「PAC-3MSE」): letters and
# digits with a hyphen or two letters or more; people write it alone (「SH-60Lはいくら？」, "how many F-35B").
_TITLE_CODE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,6}-[A-Za-z0-9]*\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
                   r"|[A-Za-z]{2,6}\d{1,4}[A-Za-z0-9]*)(?![A-Za-z0-9])")
_GENERIC_SUFFIX = re.compile(r"(?:支援|促進|推進|整備|対策)?(?:事業費|事業|補助金|支援)$")


_CODE_KEY = re.compile(r"(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{2,8}")


# A long-vowel mark written between Latin letters or digits (「CHー47J」 in the national review's data) is the hyphen
# a model code is typed with (「CH-47J」), which `key` drops.
_CODE_DASH = re.compile(r"(?<=[a-z0-9])ー(?=[a-z0-9])")


def name_key(text: str) -> str:
    """`key` of a name or a question as names are matched: with a long-vowel mark inside a model code dropped too."""
    return _CODE_DASH.sub("", key(text))


def _run_score(run: np.ndarray, length: np.ndarray) -> np.ndarray:
    """A name's score for a common run with the question: the share of the name it covers, damped below six characters
    (what `NameIndex.match` ranks by; `NameIndex.runs` bounds it from above to leave names out)."""
    return run / length * np.minimum(1.0, run / 6)


def _standalone_code(question: str, name: str) -> bool:
    """Whether a name is a model code (its key of letters and digits, 「sm6」「f35a」) that the question writes with no
    letter or digit on either side (「、SM-6、」, not 「ASM-6」 or 「SM-61」)."""
    if not _CODE_KEY.fullmatch(name):
        return False
    # (the question with its hyphens and spaces inside codes removed, its other punctuation kept as boundaries)
    typed = re.sub(r"(?<=[a-z0-9])[-‐－―‑\s]+(?=[a-z0-9])", "", unicodedata.normalize("NFKC", question).lower())
    return re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", typed) is not None


def _is_katakana(ch: str) -> bool:
    return "ァ" <= ch <= "ヺ" or ch == "ー"


def _loanword_piece(question: str, name: str, run: int) -> bool:
    """Whether every common run of `run` characters of the question's and a name's keys is a piece of a katakana word
    begun earlier in both (「グローバル|ホーク」 and 「トマ|ホーク」): two different loanwords, not one name."""
    found = False
    for i in range(len(question) - run + 1):
        piece = question[i:i + run]
        j = name.find(piece)
        if j < 0:
            continue
        found = True
        if not (_is_katakana(piece[0]) and i > 0 and j > 0 and _is_katakana(question[i - 1])
                and _is_katakana(name[j - 1])):
            return False
    return found


@dataclass(slots=True)  # dozens made per question and cached: no per-instance dict
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
             *(s.name for s in program.subprojects if len(key(s.name)) >= 5),
             *_TITLE_CODE.findall(unicodedata.normalize("NFKC", program.title).replace("‐", "-").replace("−", "-"))]
    out = []
    for name in names:
        k = name_key(name)
        if len(k) >= 2:
            out.append(k)
            short = _GENERIC_SUFFIX.sub("", k)
            if len(short) >= 3 and short != k:
                out.append(short)
    return list(dict.fromkeys(out))


class NameIndex:
    """Scores programs by how much of one of their names the question contains.

    Names are found through an inverted index of their character trigrams *with positions*: a common substring of
    length L ≥ 3 starting at question offset i and name offset j is exactly L − 2 trigram hits (i + t, j + t) on one
    diagonal i − j, so the longest common run of every candidate name is the longest such chain + 2, found for all
    names at once with array operations. Same runs as `common_run` per name (a name sharing no trigram has no run
    of three, so scores 0), without a Python loop over the ~1,600 candidates a question has at 100k passages.
    """

    def __init__(self, programs: list[Program]) -> None:
        self.entries = [(p, program_names(p)) for p in programs if p.has_budget_structure]
        # Name id -> (entry, name); names are numbered in entry order, so candidates sorted by id keep it.
        self._names = [(entry, name) for entry, (_, names) in enumerate(self.entries) for name in names]
        self._programs = [program for program, _ in self.entries]  # entry -> program
        self._texts = [name for _, name in self._names]  # name id -> name
        self._entry_of = np.asarray([entry for entry, _ in self._names], dtype=np.int64)  # name id -> entry
        self._length = np.asarray([len(name) for _, name in self._names], dtype=np.int64)  # characters
        postings: dict[str, list[int]] = {}
        for nid, (_, name) in enumerate(self._names):
            for j in range(len(name) - 2):
                # name id and offset packed in one int64 (offsets < 2^16: names are short); one array per trigram.
                postings.setdefault(name[j:j + 3], []).append(nid << _POS_BITS | min(j, _POS_MASK))
        self._postings = {gram: np.asarray(ids, dtype=np.int64) for gram, ids in postings.items()}
        # How many programs bear each name: a model code borne by one program only names it on its own (「SM-6」),
        # one borne by several (「F-35A」: its acquisition, its upgrade) is weighed as any short name.
        bearers: dict[str, set[int]] = {}
        for entry, name in self._names:
            bearers.setdefault(name, set()).add(entry)
        self._bearers = {name: len(entries) for name, entries in bearers.items()}
        self._cached = lru_cache(maxsize=512)(self._match)  # the same question is matched by several stages

    def match(self, question: str, floor: float = MIN_SCORE) -> list[NameMatch]:
        """Programs named by the question with a score ≥ `floor`, best first; 1.0 means a whole name is in it.

        Score of a name = run / len(name) × min(1, run / 6), run = the longest common run of characters of the
        question's and the name's keys (coverage of the name, discounted for short runs that common words make);
        a program scores as its best name (the first of its names on a tie); equal scores keep program order."""
        return self._cached(question, floor)

    # Past this many trigram hits, names that cannot reach the floor are dropped before the sort (a cheap count).
    PRUNE_HITS = 4096

    def runs(self, text: str, floor: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """(name ids, longest common run of each with `name_key(text)`), names ascending, only names with a run ≥ 3;
        with `floor` > 0, names that cannot score `floor` may be left out.

        A run of L characters is L − 2 trigram hits, so a name's run is at most its hits + 2 (and its length): at a
        million passages a question's common trigrams (「の目的」, 「事業の」) hit hundreds of thousands of names once or
        twice, and counting hits per name (one pass) drops those before the sort that finds the runs."""
        q = name_key(text)
        hits, starts = [], []
        for i in range(len(q) - 2):
            found = self._postings.get(q[i:i + 3])
            if found is not None:
                hits.append(found)
                starts.append(np.full(len(found), i, dtype=np.int64))
        if not hits:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        packed = np.concatenate(hits)
        qi = np.concatenate(starts)
        nid = packed >> _POS_BITS
        if floor > 0 and len(nid) > self.PRUNE_HITS:
            most = np.minimum(np.bincount(nid, minlength=len(self._length)) + 2, self._length)  # a run's bound
            possible = (most >= 3) & (_run_score(most, self._length) >= floor)
            kept = possible[nid]
            packed, qi, nid = packed[kept], qi[kept], nid[kept]
            if not len(nid):
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        # Diagonal i − j shifted to be ≥ 0; one sort key (name, diagonal, question offset) orders every chain.
        diagonal = qi - (packed & _POS_MASK) + _POS_MASK
        width = len(q)
        order = np.argsort((nid * (width + _POS_MASK + 1) + diagonal) * width + qi)  # keys are unique: no tie to order
        nid, diagonal, qi = nid[order], diagonal[order], qi[order]
        # A chain breaks where the name or the diagonal changes, or the question offset skips one.
        breaks = np.ones(len(nid), dtype=bool)
        breaks[1:] = (nid[1:] != nid[:-1]) | (diagonal[1:] != diagonal[:-1]) | (qi[1:] != qi[:-1] + 1)
        chain = np.cumsum(breaks) - 1
        length = np.bincount(chain)  # trigram hits per chain
        chain_name = nid[breaks]
        # Longest chain per name: chains are grouped by name in ascending order, so a maximum per group.
        first = np.flatnonzero(np.r_[True, chain_name[1:] != chain_name[:-1]])
        return chain_name[first], np.maximum.reduceat(length, first) + 2

    def _match(self, question: str, floor: float) -> list[NameMatch]:
        nids, run = self.runs(question, floor)
        if not len(nids):
            return []
        score = _run_score(run, self._length[nids])
        if floor > 0:  # a program's best name is under the floor only when all its names are
            kept = score >= floor
            nids, score, run = nids[kept], score[kept], run[kept]
            if not len(nids):
                return []
        asked = name_key(question)
        if any(map(_is_katakana, asked)) and (
                inside := [i for i, (n, r) in enumerate(zip(nids.tolist(), run.tolist(), strict=True))
                           if r < self._length[n] and _loanword_piece(asked, self._texts[n], r)]):
            # 「グローバルホーク」 and 「トマホーク」 share 「ホーク」: a piece of two different loanwords names nothing
            kept = np.ones(len(nids), dtype=bool)
            kept[inside] = False
            nids, score, run = nids[kept], score[kept], run[kept]
            if not len(nids):
                return []
        whole = run >= self._length[nids]
        if whole.any() and (coded := [i for i in np.flatnonzero(whole & (score < 1.0)).tolist()
                                      if self._bearers[self._texts[int(nids[i])]] == 1
                                      and _standalone_code(question, self._texts[int(nids[i])])]):
            # A code written whole and on its own (「SM-6」, key 「sm6」, between 「、」s) that one program bears: a full
            # name, however short
            score = score.copy()
            score[coded] = 1.0
        entries = self._entry_of[nids]
        # Each entry's best name: highest score, the first name (lowest id) on a tie.
        order = np.lexsort((nids, -score, entries))
        firsts = order[np.r_[True, entries[order][1:] != entries[order][:-1]]]
        # Best first, programs in entry order on equal scores (the order a stable sort by score of entries gives).
        firsts = firsts[np.lexsort((entries[firsts], -score[firsts]))]
        programs, texts = self._programs, self._texts
        return [NameMatch(programs[e], s, texts[n])
                for e, s, n in zip(entries[firsts].tolist(), score[firsts].tolist(), nids[firsts].tolist(), strict=True)]
