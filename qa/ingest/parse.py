"""Entry points of ingest: one file, or a whole corpus folder with bad files skipped and reported."""

from __future__ import annotations

import logging
from pathlib import Path

from qa.ingest.models import Document, ParsedCorpus, Program, Section
from qa.ingest.readers import (
    PASSAGE_SUFFIXES,
    PDF_SUFFIXES,
    UnreadableDocument,
    corpus_files,
    read_passages,
    read_pdf,
    read_text_file,
)
from qa.ingest.structure import parse_structure

log = logging.getLogger(__name__)


def _passage_program(doc: Document) -> Program:
    """A plain passage as a one-section 'program', so that it indexes and cites like the rest."""
    return Program(id=doc.name, title=doc.title or doc.name, document=doc.name, start=0, end=len(doc.text),
                   sections=[Section(name="本文", start=0, end=len(doc.text))], kind="passage")


def parse(path: Path) -> tuple[list[Document], list[Program]]:
    """Parse one corpus file.

    Args:
        path: a .txt, .md, .pdf or passage .jsonl file.

    Returns:
        The documents read and their programs.

    Raises:
        UnreadableDocument: the file is empty, binary or not text.
    """
    suffix = path.suffix.lower()
    if suffix in PASSAGE_SUFFIXES:
        docs = list(read_passages(path))
        return docs, [_passage_program(d) for d in docs]
    doc = read_pdf(path) if suffix in PDF_SUFFIXES else read_text_file(path)
    lines = [ln.strip() for ln in doc.text.splitlines() if ln.strip()]
    doc.title = lines[0] if lines else doc.name
    programs = parse_structure(doc)
    if not programs:
        # No budget structure: the document still answers, as one passage.
        doc.kind = "passage"
        programs = [_passage_program(doc)]
        programs[0].id = doc.name
    return [doc], programs


def parse_corpus(corpus: Path) -> ParsedCorpus:
    """Parse every supported file of a corpus folder; unreadable files are skipped with a warning.

    Args:
        corpus: a folder (or a single file).

    Returns:
        Documents, programs (document order) and the warnings raised on the way.
    """
    result = ParsedCorpus()
    for path in corpus_files(corpus):
        try:
            docs, programs = parse(path)
        except UnreadableDocument as exc:
            message = f"skipped {exc}"
            log.warning(message)
            result.warnings.append(message)
            continue
        result.documents.extend(docs)
        result.programs.extend(programs)
    return result
