"""Reading a fixture document once, and the program list its writer gave beside it (`PROGRAMS.jsonl`)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from qa.ingest.models import Program
from qa.ingest.normalize import nfkc, normalize
from qa.ingest.parse import parse


@cache
def read(path: Path) -> tuple[str, str, list[Program]]:
    """(layout, text, programs) of one document, parsed once per test session."""
    docs, programs = parse(path)
    return docs[0].layout, docs[0].text, programs


def listed(path: Path) -> list[tuple[str, int | None]]:
    """The writer's (title, yen) list of one document; `PROGRAMS.jsonl` names it with or without its suffix."""
    rows = [json.loads(line) for line in (path.parent / "PROGRAMS.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    # (rounds 26 on write the yen as 「budget_yen」)
    return [(r["title"], r["yen"] if "yen" in r else r["budget_yen"]) for r in rows if r["document"] in (path.name, path.stem)]


def listed_keys(path: Path) -> set[tuple[str, int | None]]:
    """The writer's (title, yen) list of one document as a set, titles NFKC (as `nfkc` writes them)."""
    return {(nfkc(title), yen) for title, yen in listed(path)}


def read_and_listed(path: Path) -> tuple[str, list[tuple[str, int | None]], list[tuple[str, int | None]]]:
    """(layout, the (title, yen) of every program read, the writer's list normalised as titles are), both sorted."""
    layout, _, programs = read(path)
    got = sorted((p.title, p.budget.yen if p.budget else None) for p in programs if p.kind == "program")
    return layout, got, sorted((normalize(t), y) for t, y in listed(path))


def program_titled(path: Path, title: str) -> Program:
    """The program of one document whose title is `title` (normalised as titles are)."""
    return next(p for p in read(path)[2] if p.title == normalize(title))


def section_texts(path: Path, program: Program, section: str) -> list[str]:
    """The text of each section of `program` named `section`, in its document."""
    text = read(path)[1]
    return [text[s.start:s.end] for s in program.sections if s.name == section]
