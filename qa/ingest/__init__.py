"""Ingest: read a corpus folder into documents and programs (`parse`, `parse_corpus`)."""

from qa.ingest.models import Document, ParsedCorpus, Program
from qa.ingest.parse import parse, parse_corpus

__all__ = ["Document", "ParsedCorpus", "Program", "parse", "parse_corpus"]
