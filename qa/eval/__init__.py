"""Eval: run question sets through the service and report metrics (`load_questions`, `run`, `write_report`)."""

from qa.eval.datasets import EvalItem, load_questions
from qa.eval.report import write_report
from qa.eval.run import run

__all__ = ["EvalItem", "load_questions", "run", "write_report"]
