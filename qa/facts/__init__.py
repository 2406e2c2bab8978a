"""Fact queries over the table of programs: filters (year, department, category, amount, mention) and operations
(count, list, sum, max/min/n-th, compare, share), every figure computed from cited budget lines."""

from qa.facts.operations import Fact, answer_fact
from qa.facts.table import ProgramTable, Scope

__all__ = ["Fact", "ProgramTable", "Scope", "answer_fact"]
