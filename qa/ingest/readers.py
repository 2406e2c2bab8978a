"""Reading corpus files (.txt, .md, .pdf, corpus.jsonl) into documents, skipping unreadable ones with a warning."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from qa.ingest.models import Document

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
PASSAGE_SUFFIXES = {".jsonl"}
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES | PASSAGE_SUFFIXES


class UnreadableDocument(ValueError):
    """A corpus file that cannot be read as text; the message says why."""


def corpus_files(corpus: Path) -> list[Path]:
    """Supported files of a corpus folder (or the one file given), in a stable order."""
    if corpus.is_file():
        return [corpus]
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                  and not p.name.startswith("."))


def _decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Shift_JIS, which Japanese offices still use."""
    if not data.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty")
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"{path.name}: looks binary (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text
    raise UnreadableDocument(f"{path.name}: not UTF-8 or Shift_JIS text")


def _check_text(text: str, path: Path) -> str:
    """Reject text that is mostly control characters or replacement marks (a mislabelled binary)."""
    if not text.strip():
        raise UnreadableDocument(f"{path.name}: no text in the file")
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    if bad > max(8, len(text) // 50):
        raise UnreadableDocument(f"{path.name}: looks binary ({bad} control characters), not text")
    return text


def read_text_file(path: Path) -> Document:
    """A .txt or .md document, text kept exactly as decoded."""
    text = _check_text(_decode(path.read_bytes(), path), path)
    return Document(name=path.name, path=str(path), text=text)


def read_pdf(path: Path) -> Document:
    """A text PDF: pages joined by a blank line, with each page's start offset kept for citations."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"{path.name}: not a readable PDF ({exc})") from exc
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise UnreadableDocument(f"{path.name}: the PDF has no extractable text (scanned images?)")
    return Document(name=path.name, path=str(path), text=text, page_starts=starts)


def read_passages(path: Path) -> list[Document]:
    """`{"id","title","text"}` lines: each a plain passage document without program structure."""
    lines = _decode(path.read_bytes(), path).splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        head = json.loads(first)
    except json.JSONDecodeError as exc:
        raise UnreadableDocument(f"{path.name}: not a JSON-lines passage file ({exc})") from exc
    if not isinstance(head, dict) or "text" not in head:
        raise UnreadableDocument(f"{path.name}: not a passage file (its lines have no 'text' field)")
    docs: list[Document] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc_id, text = str(record["id"]), str(record["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            log.warning("%s:%d: skipped, not a {id,title,text} line (%s)", path.name, number, exc)
            continue
        if text.strip():
            docs.append(Document(name=doc_id, path=str(path), text=text, title=str(record.get("title") or ""),
                           kind="passage"))
    return docs
