"""A question in its conversation: what it continues of the previous turn, read once from the history.

The history is what the client sends: earlier user questions and the assistant's answers as text. A follow-up
refers to what the last answer *showed* (its text names the programs), not to what the previous question could be
re-read to mean; a full new question is answered on its own terms. The words that tell one from the other are data
(`data/conversation.toml`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "conversation.toml"


@dataclass(frozen=True)
class Turn:
    """One earlier message of the conversation: role "user" or "assistant", and its text."""

    role: str
    content: str


@dataclass(frozen=True)
class ConversationWords:
    anaphora: tuple[re.Pattern[str], ...]
    openers: tuple[re.Pattern[str], ...]
    topic_only: tuple[re.Pattern[str], ...]
    new_topic: tuple[re.Pattern[str], ...]
    topic_only_max_chars: int
    recent: tuple[tuple[int, tuple[re.Pattern[str], ...]], ...] = ()
    # How one uses a program (申し込み, 申請, 手続き): asked of the program shown, these name no other program.
    process: frozenset[str] = frozenset()


@cache
def conversation_words() -> ConversationWords:
    """The vocabulary, read once. Raises tomllib.TOMLDecodeError or re.error for a malformed data file."""
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))

    def compiled(name: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in data[name])

    return ConversationWords(anaphora=compiled("anaphora"), openers=compiled("openers"),
                             topic_only=compiled("topic_only"), new_topic=compiled("new_topic"),
                             topic_only_max_chars=int(data["topic_only_max_chars"]),
                             recent=tuple((int(n), tuple(re.compile(p) for p in patterns))
                                          for n, patterns in data.get("recent", {}).items()),
                             process=frozenset(data.get("process", [])))


@dataclass(frozen=True)
class Context:
    """Where a question stands in its conversation.

    Attributes:
        previous_question: the last user question with text, as typed ("" when there is none).
        shown: the text of the assistant's answer to it, what the user saw ("" when none was sent).
        earlier: the turns before the previous question, oldest first (to read the previous question in its own
            conversation).
        refers: the question points at what the last answer showed (「それの補助率は？」).
        continues: the question is elliptical (an anaphor, 「じゃあ…」, a short topic-only 「水素のほうは？」): it
            keeps the previous question's attribute when it asks none of its own.
        new_topic: the question opens a topic in its own words (「〜について」「〜の事業は？」, keywords 「省エネ 補助」).
        recent: how many of the last answers the question points at, one program each (「ふたつ合わせると？」: 2);
            0 when it points at none that way.
        answers: the assistant's answers, newest first (what `recent` points into).
    """

    previous_question: str
    shown: str
    earlier: tuple[Turn, ...]
    refers: bool
    continues: bool
    new_topic: bool = False
    recent: int = 0
    answers: tuple[str, ...] = ()


# An acronym in capitals (「IT導入補助金」 "the IT introduction subsidy"): lower-cased, 「IT」 would read as the pronoun.
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")


def context_of(text: str, history: list[Turn] | tuple[Turn, ...], question: str | None = None) -> Context | None:
    """The conversation context of a question, or None when no earlier user question has text.

    Args:
        text: the question, NFKC and lower-cased.
        history: earlier turns, oldest first; roles other than "user" and "assistant" are ignored, and so are
            empty messages. An assistant turn that was an error or an abstention is still what the user saw.
        question: the question as typed, when given: its acronyms in capitals are no pronouns.
    """
    turns = [t for t in history if t.role in ("user", "assistant") and t.content.strip()]
    last_user = next((i for i in range(len(turns) - 1, -1, -1) if turns[i].role == "user"), None)
    if last_user is None:
        return None
    shown = next((t.content for t in turns[last_user + 1:] if t.role == "assistant"), "")
    words = conversation_words()
    pointing = _ACRONYM.sub("□", unicodedata.normalize("NFKC", question)).lower() if question is not None else text
    refers = any(p.search(pointing) for p in words.anaphora)
    opener = any(p.search(text) for p in words.openers)
    topic_only = (len(text) <= words.topic_only_max_chars and any(p.search(text) for p in words.topic_only)
                  and not any(p.search(text) for p in words.new_topic))
    # Keywords separated by a space (「省エネ 補助」) are a search, not a sentence continuing the last one.
    # (English words are separated by spaces in any sentence: "is there a monthly limit per student?" is no search)
    keywords = bool(re.search(r"\S\s+\S", text)) and not re.search(r"[はがをにでの][?？]?$", text) \
        and not re.search(r"[a-z]{2,}\s+[a-z]+\s+[a-z]{2,}", text)
    new_topic = not refers and not opener and (keywords or any(p.search(text) for p in words.new_topic))
    recent = next((n for n, patterns in words.recent if any(p.search(text) for p in patterns)), 0)
    answers = tuple(t.content for t in reversed(turns) if t.role == "assistant")
    return Context(previous_question=turns[last_user].content, shown=shown, earlier=tuple(turns[:last_user]),
                   refers=refers, continues=refers or opener or topic_only, new_topic=new_topic, recent=recent,
                   answers=answers)
