"""Answer: compose a short grounded answer with citations (`Answerer.answer`)."""

from qa.answer.compose import Answerer, Turn
from qa.answer.models import Answer, Citation

__all__ = ["Answer", "Answerer", "Citation", "Turn"]
