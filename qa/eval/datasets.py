"""Question sets: our program questions (answers, program_ids, context) and external passage sets (positive_ids)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from qa.ingest.models import Program
from qa.ingest.normalize import key, overlap


class EvalItem(BaseModel):
    """One question with what a correct answer must contain and which programs/passages prove it."""

    id: str
    question: str
    type: str = "passage"
    context: list[str] = Field(default_factory=list)
    gold: list[str] = Field(default_factory=list, description="Gold program or passage ids, in our id space.")
    answers: list[str] = Field(default_factory=list)
    answers_rule: Literal["all", "any"] = Field(
        "all", description="all: the answer states every string; any: the strings are alternative forms of one "
                           "answer and stating one is enough (the set's provenance declares which).")

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


def _gold_titles(questions: Path) -> dict[str, str]:
    """Oracle program id -> title, from a `seed-programs.json`-style file beside the questions, if any."""
    for candidate in questions.parent.glob("*programs.json"):
        try:
            return {p["id"]: p["title"] for p in json.loads(candidate.read_text(encoding="utf-8"))}
        except (ValueError, KeyError, TypeError):
            continue
    return {}


def _map_to_programs(titles: list[str], programs: list[Program]) -> list[str]:
    """Our program ids for gold titles (by normalised title, best overlap)."""
    out = []
    for title in titles:
        best = max(programs, key=lambda p: overlap(title, p.title) + (1.0 if key(title) == key(p.title) else 0.0),
                   default=None)
        if best is not None and overlap(title, best.title) >= 0.8:
            out.append(best.id)
    return out


def load_questions(path: Path, programs: list[Program]) -> list[EvalItem]:
    """Read a question set in either format.

    Args:
        path: a .jsonl question file.
        programs: the indexed programs, to map gold program ids into our ids.

    Returns:
        The items, gold ids in our id space.
    """
    titles = _gold_titles(path)
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if "positive_ids" in record:
            items.append(EvalItem(id=str(record["id"]), question=record["question"], type="passage",
                                  gold=[str(i) for i in record["positive_ids"]], answers=record.get("answers", [])))
            continue
        # Gold programs by oracle id (mapped through a *programs.json beside the set) or by title as written.
        gold_titles = [titles.get(pid, pid) for pid in record.get("program_ids", [])] + list(
            record.get("program_titles", []))
        items.append(EvalItem(id=str(record["id"]), question=record["question"], type=record.get("type", "other"),
                              context=record.get("context") or [], gold=_map_to_programs(gold_titles, programs),
                              answers=record.get("answers", [])))
    return items
