"""A question read after another in one chat, as the understanding tests ask it."""

from __future__ import annotations

from qa.understand import Query, Turn, understand


def after(first: str, then: str) -> Query:
    """`then` understood as the next question after `first` (its answer a placeholder that names nothing)."""
    return understand(then, [Turn("user", first), Turn("assistant", "…")])
