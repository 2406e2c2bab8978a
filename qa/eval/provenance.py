"""Where a question set comes from: who wrote it, what they saw, whether it is tuning or held-out data.

A figure means something only with its provenance: a set written by someone who had read the code or another
set measures tuning, not generalisation. Every set carries a sidecar `NAME.provenance.toml` beside
`NAME.jsonl` (or `NAME.questions.jsonl`), and `qa eval` prints it above the scores:

    author = "a helper that saw only the document"
    saw = ["経済産業省 平成29年度補正予算の概要 (the document)"]
    role = "held-out"            # or "tuning": rules, thresholds or models were chosen on it
    written = "2026-12-03"
    first_scored = "c6a3169"     # the commit of the first score; after it, a held-out set is tuning data
    note = "…"
    answers = "any"              # optional: the strings of `answers` are alternatives (default "all": each required)
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Provenance(BaseModel):
    """The origin of one question set (see the module docstring for the file)."""

    model_config = ConfigDict(extra="forbid")

    author: str = Field(description="Who wrote the questions.")
    saw: list[str] = Field(description="What the author had read: documents, code, other sets.")
    role: Literal["tuning", "held-out"] = Field(description="tuning: something was chosen on it; held-out: not yet.")
    written: str = Field(description="When the set was written (YYYY-MM-DD).")
    first_scored: str | None = Field(None, description="The commit where the set was first scored, if it was.")
    note: str = ""
    answers: Literal["all", "any"] = Field(
        "all", description="all: an answer must state every string of `answers`; any: one of them (alternatives).")

    def line(self) -> str:
        """One line for a terminal: 「held-out · written 2026-12-03 by … · saw … · first scored at c6a3169」."""
        scored = f"first scored at {self.first_scored}" if self.first_scored else "not scored before"
        return f"{self.role} · written {self.written} by {self.author} · saw: {'; '.join(self.saw)} · {scored}"


def provenance_path(questions: Path) -> Path:
    """The sidecar of a question set: `a/b.jsonl` -> `a/b.provenance.toml`."""
    return questions.with_name(questions.name.removesuffix(".jsonl") + ".provenance.toml")


def read_provenance(questions: Path) -> Provenance | None:
    """The set's provenance, or None when it has no sidecar.

    Raises:
        ValueError: the sidecar exists but is not valid TOML or lacks a required field (the message names it).
    """
    path = provenance_path(questions)
    if not path.exists():
        return None
    try:
        return Provenance.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ValueError(f"{path.name}: {exc}") from exc


UNKNOWN = ("no provenance recorded: treat these figures as tuning "
           "(add NAME.provenance.toml beside the set: author, saw, role, written, first_scored)")
