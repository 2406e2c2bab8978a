"""Question understanding: a question in any script becomes a typed query (attribute, operation, filters, years)."""

from qa.understand.query import Query, understand

__all__ = ["Query", "understand"]
