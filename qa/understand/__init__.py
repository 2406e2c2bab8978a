"""Question understanding: a question in any script, in its conversation, becomes a typed query (attribute,
operation, filters, years, what it continues of the previous turn)."""

from qa.understand.conversation import Context, Turn
from qa.understand.query import Query, understand

__all__ = ["Context", "Query", "Turn", "understand"]
