"""A phone line inside a program's own text, as its contact: a slide's 「☎ 環境部 ゼロカーボン推進課　0428-22-3111」,
a deck's 「（こども政策課 017-734-9102）」 under a program's bullets. Found in press decks of cities, prefectures and
agencies (round 8 tuning decks) where no 「問い合わせ」 label opens the line; a layout that read the program's
contacts already keeps them.
"""

from __future__ import annotations

import re

from qa.ingest import layout as L
from qa.ingest.lines import Line, lines_of
from qa.ingest.models import Contact, Document, Program
from qa.ingest.structure import _contacts

# A short line that is an office and a phone number: not a sentence (no 。), at most this many characters.
MAX_CHARS = 60
# (「教育委員会 中央図書館」: a library, a museum or a committee is the office of its programs in a town's list)
_OFFICE = re.compile(r"課|室|係|局|部|庁|省|センター|事務所|担当|館$|委員会")


def phones_in_text(doc: Document, programs: list[Program]) -> int:
    """Give each program without contacts the office-and-phone lines inside its own span, or else the office-and-
    extension line (「（防災企画課　内線2114）」 under a program of a prefecture's 主要事業の概要: the office, reached by its
    extension). Changes `programs` in place; returns how many programs got a contact."""
    lines = lines_of(doc)
    phone_lines = [i for i, line in enumerate(lines) if office_phone_line(line.norm)]
    extension_lines = {i: match for i, line in enumerate(lines)
                       if (match := _OFFICE_EXTENSION.fullmatch(line.norm.strip())) is not None}
    if not phone_lines and not extension_lines:
        return 0
    given = 0
    for program in programs:
        if program.contacts or program.kind != "program":
            continue
        inside = [i for i in phone_lines if program.start <= lines[i].start and lines[i].end <= program.end]
        found = _contacts(lines, inside) if inside else []
        found = [c for c in found if _office(c.dept)]
        if not found:
            found = [_extension_contact(lines[i], match) for i, match in extension_lines.items()
                     if program.start <= lines[i].start and lines[i].end <= program.end][:1]
        if found:
            program.contacts = found
            given += 1
    return given


# A line that is an office and its extension alone, maybe in brackets (「（防災企画課　内線2114）」「担当：医療政策課 内線3041」).
_OFFICE_EXTENSION = re.compile(r"[（(]?\s*(?:(?:担当|問合せ|問い合わせ)\s*[:：]?\s*)?(?P<dept>[^\d（）()、。]{2,30}?"
                               r"(?:課|室|係|局|部|センター|事務所))\s*[（(]?\s*内線\s*(?P<ext>\d{2,6})\s*[)）]?\s*[)）]?")


def _extension_contact(line: Line, match: re.Match[str]) -> Contact:
    """The contact of an office-and-extension line (`match`, its `_OFFICE_EXTENSION` match): the office, its extension
    as the number to ask for (「内線2114」), spanning the line's text."""
    start = line.start + len(line.raw) - len(line.raw.lstrip())
    return Contact(dept=match.group("dept").strip(), phone=f"内線{match.group('ext')}", start=start,
                   end=line.start + len(line.raw.rstrip()))


def departments_from_contacts(programs: list[Program]) -> int:
    """Give each program without a department the office its own contact line names, when its span holds one office
    (「担当：子育て支援課 子育て支援係　☎0263-55-2141」 in a ◆ block): counts and lists by 課 then reach it. A contact
    outside the span (the document's closing 問い合わせ先) names no program's office. In place; returns how many."""
    given = 0
    for program in programs:
        if program.department or program.kind not in ("program", "item"):
            continue
        offices = {c.dept.strip() for c in program.contacts
                   if c.dept and c.start is not None and program.start <= c.start < program.end and _office(c.dept)}
        if len(offices) == 1:
            program.department = offices.pop()
            given += 1
    return given


def office_phone_line(norm: str) -> bool:
    """Whether a (normalised) line is a short one holding a phone number and no sentence: an office and its phone."""
    return bool(L.PHONE.search(norm)) and len(norm) <= MAX_CHARS and "。" not in norm


def _office(dept: str) -> bool:
    """Whether a contact's text names an office (「保育課」「こども政策課」), not a stray word before a number."""
    return bool(_OFFICE.search(dept))
