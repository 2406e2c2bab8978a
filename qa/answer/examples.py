"""Example questions the served corpus answers: the chat page's welcome buttons (`GET /api/examples`).

Fixed examples named programs of the sample corpus (「IT導入補助金の補助率は？」): on any other corpus the first thing a
new user pressed was answered 「資料には見当たりません」. These are made from the served programs' own titles,
categories and text, and each is asked before it is offered: only questions the service answers are shown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from qa.ingest.models import Program
from qa.ingest.normalize import nfkc

# A title a button shows whole and a user would type: not a sentence-long review row.
SHORT_TITLE = range(3, 25)
# A heading's numbering (「１．」「(2)」「第３章」「Ⅱ．」, read after NFKC) is not what a user says.
_NUMBERING = re.compile(r"^\s*(?:第[0-9一二三四五六七八九十]+[章節款項]|[0-9]+[.．、)]|[(（][0-9]+[)）]|[IVX]+[.、]"
                        r"|[○●◆■□・])\s*")
# (a heading cut inside a quotation, 「新しい豊かさ」へのチャレンジ, reads as a broken button)
_BRACKET = re.compile(r"[「」『』()（）\[\]【】\"]")
# A 補助率 stated with its figure (「補助率:2/3」「補助率2/3」「(補助率:発電設備 定額)」), not a sheet's heading that
# names the word (「条件（対象者、対象行為、補助率等）」)
_RATE_STATED = re.compile(r"補助率[^、。\n()]{0,8}?(?:\d+/\d+|\d+分の\d+|\d+(?:\.\d+)?[%％]|定額)")
_NO_TOPIC = ("事業", "施策", "概要", "一覧")
RANK_QUESTION = "予算額が一番大きい事業は？"
TRIES = 3  # alternatives asked of one kind before it is given up


def _short(title: str) -> bool:
    return len(title) in SHORT_TITLE and "\n" not in title


def _topic(category: str) -> str:
    """A heading as a user would name the topic: numbering and brackets off."""
    return _NUMBERING.sub("", nfkc(category)).strip(" 　【】[]「」")


def candidates(programs: Iterable[Program], text_of: Callable[[Program], str]) -> list[list[str]]:
    """Questions worth offering, by kind: the rate of a program whose text states one, a program's budget, a
    topic's programs, the largest budget; each kind's alternatives best first (at most `TRIES`).

    Args:
        programs: the served table (programs, items, totals, passages), in document order.
        text_of: a program's text (its span of its document).

    Returns:
        One list per kind the corpus has; [] for a corpus without priced programs.
    """
    priced = [p for p in programs if p.countable and p.budget is not None]
    named = [p for p in priced if _short(p.title)]
    rated = [p for p in named if _RATE_STATED.search(nfkc(text_of(p)))][:TRIES]
    # (a heading that is itself a kind of program, 「主な事業」「新規事業」, is no topic: 「主な事業の事業は？」)
    topics = Counter(topic for p in priced for topic in {_topic(c) for c in p.categories}
                     if 2 <= len(topic) <= 14 and not _BRACKET.search(topic) and not topic.endswith(_NO_TOPIC))
    kinds = [[f"{p.title}の補助率は？" for p in rated],
             [f"{p.title}の予算はいくら？" for p in named if p not in rated][:TRIES],
             [f"{topic}の事業は？" for topic, n in topics.most_common(TRIES) if n >= 2],
             [RANK_QUESTION] if len(priced) >= 2 else []]
    return [kind for kind in kinds if kind]


def example_questions(programs: list[Program], text_of: Callable[[Program], str],
                      answered: Callable[[str], bool], limit: int = 4) -> list[str]:
    """Up to `limit` questions the service answers (`answered`: asked, not abstained): one of each kind of
    `candidates` first, then a second of each, so that four buttons show four kinds where the corpus has them.
    Asks at most `TRIES` questions of each kind a round."""
    kinds = candidates(programs, text_of)
    tried: set[str] = set()
    chosen: list[str] = []
    for _ in range(2):
        for alternatives in kinds:
            for question in [q for q in alternatives if q not in tried][:TRIES]:
                if len(chosen) == limit:
                    return chosen
                tried.add(question)
                if answered(question):
                    chosen.append(question)
                    break
    return chosen
