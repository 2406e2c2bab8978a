"""A phone line inside a program's own text, as its contact: a slide's 「☎ 環境部 ゼロカーボン推進課　0428-22-3111」,
a deck's 「（こども政策課 017-734-9102）」 under a program's bullets. Found in press decks of cities, prefectures and
agencies (round 8 tuning decks) where no 「問い合わせ」 label opens the line; a layout that read the program's
contacts already keeps them.
"""

from __future__ import annotations

import re

from qa.ingest import layout as L
from qa.ingest.lines import lines_of
from qa.ingest.models import Document, Program
from qa.ingest.structure import _contacts

# A short line that is an office and a phone number: not a sentence (no 。), at most this many characters.
MAX_CHARS = 60
_OFFICE = re.compile(r"課|室|係|局|部|庁|省|センター|事務所|担当")


def phones_in_text(doc: Document, programs: list[Program]) -> int:
    """Give each program without contacts the office-and-phone lines inside its own span. Changes `programs` in
    place; returns how many programs got a contact."""
    lines = lines_of(doc)
    phone_lines = [i for i, line in enumerate(lines) if office_phone_line(line.norm)]
    if not phone_lines:
        return 0
    given = 0
    for program in programs:
        if program.contacts or program.kind != "program":
            continue
        inside = [i for i in phone_lines if program.start <= lines[i].start and lines[i].end <= program.end]
        found = _contacts(lines, inside) if inside else []
        found = [c for c in found if _office(c.dept)]
        if found:
            program.contacts = found
            given += 1
    return given


def office_phone_line(norm: str) -> bool:
    """Whether a (normalised) line is a short one holding a phone number and no sentence: an office and its phone."""
    return bool(L.PHONE.search(norm)) and len(norm) <= MAX_CHARS and "。" not in norm


def _office(dept: str) -> bool:
    """Whether a contact's text names an office (「保育課」「こども政策課」), not a stray word before a number."""
    return bool(_OFFICE.search(dept))
