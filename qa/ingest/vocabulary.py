"""The genre's shared vocabulary (header names, units, total words, markers), read once from data/vocabulary.toml.

Layouts ask here whether a header cell is a 事業名 or a 前年度 column, whether a row is a 小計, what unit a
「（単位：千円）」 line sets and which 【新規】 markers to take off a title; the words themselves live in the data file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest.normalize import nfkc

_DATA = Path(__file__).parent / "data" / "vocabulary.toml"


@cache
def vocabulary() -> dict[str, Any]:
    """The parsed vocabulary file (see its comments for each table).

    Raises:
        ValueError: a required table is missing (the file is checked on first use).
    """
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    for table in ("field", "units", "totals", "markers", "signs"):
        if table not in data:
            raise ValueError(f"{_DATA.name}: missing [{table}]")
    return data


def compact(text: str) -> str:
    """The form vocabulary words are compared in: NFKC, without spaces (「事 業 名」 -> 「事業名」)."""
    return re.sub(r"\s+", "", nfkc(text))


def header_field(cell: str) -> str | None:
    """The field a header cell names (number, title, budget, previous, change, department, summary), or None.

    Fields are tried in the data file's order; the first with a word in the cell wins.
    """
    text = compact(cell).strip("()（）[]【】")
    if not text or len(text) > 20:
        return None
    for field in vocabulary()["field"]:
        if text in field.get("exact", []) or any(w in text for w in field.get("words", [])):
            return str(field["name"])
    if _YEAR_ONLY.fullmatch(text):
        return "budget"  # 「令和８年度」 alone over a column of figures: that year's budget (an earlier year's: previous)
    return None


# A header cell that is a fiscal year and nothing else (「令和8年度」「R8年度」「2026年度」「FY2026」).
_YEAR_ONLY = re.compile(r"(?:(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)|20\d\d)\s*年度|FY\s*20\d\d)\s*(?:当初|当初案)?", re.IGNORECASE)


@cache
def repeating_fields() -> frozenset[str]:
    """Fields a header may hold several columns of (the 財源内訳 columns: 国庫支出金, 県支出金, 一般財源, ...)."""
    return frozenset(str(f["name"]) for f in vocabulary()["field"] if f.get("repeats"))


@cache
def _header_words() -> re.Pattern[str]:
    """Any word of any header field (for a quick test before a line is split into cells)."""
    words = {w for f in vocabulary()["field"] for w in [*f.get("words", []), *f.get("exact", [])]}
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def header_words(text: str) -> int:
    """How many header-field words a line holds (a table header holds three or more)."""
    return len(_header_words().findall(compact(text)))


@cache
def _unit_pattern() -> re.Pattern[str]:
    units = sorted(vocabulary()["units"]["yen"], key=len, reverse=True)
    markers = "|".join(map(re.escape, vocabulary()["units"]["markers"]))
    # (「単位：千円」, or a legend's 「金額の単位は千円」: a join word of the vocabulary)
    joins = "|".join(map(re.escape, [":", "：", *vocabulary()["units"].get("joins", [])]))
    return re.compile(rf"(?:{markers})\s*(?:{joins})?\s*(?P<unit>{'|'.join(map(re.escape, units))})")


def unit_in(text: str) -> tuple[str, int] | None:
    """A unit that a line or header cell declares (「（単位：千円）」 -> ("千円", 1000)), or None."""
    match = _unit_pattern().search(compact(text))
    if not match:
        return None
    unit = match.group("unit")
    return unit, int(vocabulary()["units"]["yen"][unit])


# A unit said in a sentence of a legend (「金額の単位は千円です」「金額は千円単位で表示し」「事業費は円単位」), not as
# 「（単位：千円）」.
_SAID_UNIT = re.compile(r"単位\s*(?:は|を|:)\s*(?P<a>百万円|千円|万円|億円|円)|(?P<b>百万円|千円|万円|億円|円)\s*単位")


def said_unit(texts: Iterable[str]) -> tuple[str, int] | None:
    """The unit a document states once for all its figures, from its NFKC lines in order: the first 「（単位：千円）」
    line or legend sentence that names one (「金額は千円単位で表示」 -> ("千円", 1000)); None when none does."""
    units = vocabulary()["units"]["yen"]
    for text in texts:
        declared = unit_in(text)
        if declared:
            return declared
        said = _SAID_UNIT.search(text)
        if said:
            unit = said.group("a") or said.group("b")
            return unit, int(units[unit])
    return None


def bare_unit(text: str) -> tuple[str, int] | None:
    """A unit written alone in a header cell's parentheses (「本年度(千円)」 -> ("千円", 1000)), or None."""
    declared = unit_in(text)
    if declared:
        return declared
    units = vocabulary()["units"]["yen"]
    match = re.search(r"[(（]\s*(" + "|".join(sorted(map(re.escape, units), key=len, reverse=True)) + r")\s*[)）]",
                      compact(text))
    return (match.group(1), int(units[match.group(1)])) if match else None


def without_note(text: str) -> str:
    """A name or header cell without a closing bracketed note (「本年度(千円)」 -> 「本年度」, 「計（再掲を除く）」 -> 「計」)."""
    return re.sub(r"[(（][^()（）]*[)）]$", "", text)


def is_total(name: str) -> bool:
    """A row name that is a total (合計, 小計, 計, 「こども未来局計」), never a program."""
    # 「柱１　計（再掲を除く）」: a note in brackets after the total word says what it adds, not what it is.
    text = without_note(compact(name)).strip("()（）【】[]・")
    totals = vocabulary()["totals"]
    if not text:
        return False
    if text in totals["exact"] or any(text.startswith(p) for p in totals["prefixes"]):
        return True
    if len(text) <= 20 and _balance().search(text):
        return True  # 「令和７年度末残高見込額」 under a fund's rows: the fund's balance, no program
    # 「こども未来局計」: a short name ending in 計 — but not 「会計」「設計」「統計」, which end words of their own
    # (「教育委員会計」「協議会計」 are a 委員会's and a 協議会's totals: an office ending in 会, then 計).
    return len(text) <= 16 and text.endswith(tuple(totals["suffixes"])) \
        and not re.search(r"(?:(?<!委員)(?<!議)会|設|統|集|時)計$", text)


@cache
def _balance() -> re.Pattern[str]:
    """A row name that is a fund's or a debt's standing (the vocabulary's totals balances, 「…残高見込額」)."""
    return re.compile("|".join(vocabulary()["totals"]["balances"]) + r"(?:見込|予定)?額?$")


def total_owner(name: str) -> str:
    """What a total row adds, from its name (a total by `is_total`'s suffixes): 「総務部　小計」 -> 「総務部」; "" for
    「合計」 (the whole table's)."""
    totals = vocabulary()["totals"]
    bare = name.strip()
    if compact(bare) in totals["exact"]:
        return ""
    for suffix in sorted(totals["suffixes"], key=len, reverse=True):
        if bare.endswith(suffix):
            return bare[: -len(suffix)].strip(" 　・")
    return ""


def is_grand_total(name: str) -> bool:
    """A total of the whole document (合計, 総計; a size block's 今回の補正額, 予算総額), which belongs to no section."""
    bare = compact(name).strip("()（）【】[]・")
    return bare in vocabulary()["totals"]["grand"] or bare in vocabulary().get("size", {}).get("whole", ())


@dataclass(frozen=True)
class Marker:
    """A flag written beside a name (「【新規】」), with its offsets in the name as given."""

    flag: str
    start: int
    end: int


@cache
def _marker_pattern() -> re.Pattern[str]:
    flags = sorted(vocabulary()["markers"]["flags"], key=len, reverse=True)
    pairs = vocabulary()["markers"]["brackets"]
    accounts = "|".join(vocabulary()["markers"].get("accounts", []))
    alternatives = "|".join(f"{re.escape(p[0])}\\s*(?P<f{n}>{'|'.join(map(re.escape, flags))})\\s*{re.escape(p[1])}"
                            for n, p in enumerate(pairs))
    if accounts:
        # (in square brackets only: 「…事業費補助（一般会計）」 and 「…（復興特別会計）」 are two programs' names)
        alternatives += "|" + "|".join(f"{re.escape(p[0])}\\s*(?P<a{n}>{accounts})\\s*{re.escape(p[1])}"
                                       for n, p in enumerate(pairs) if p[0] in "【［[〔")
    return re.compile(alternatives)


def markers_in(name: str) -> list[Marker]:
    """Bracketed flags in a name as written (【新規】, （拡充）, ［再掲］), left to right."""
    out = []
    for match in _marker_pattern().finditer(name):
        flag = next(v for k, v in match.groupdict().items() if v)
        flag = nfkc(flag)
        out.append(Marker(vocabulary()["markers"].get("canonical", {}).get(flag, flag), match.start(), match.end()))
    return out


@cache
def _bare_account() -> re.Pattern[str]:
    """An account's name closing a program's name without brackets, after an ending a name has (事業, 補助金, 費)."""
    accounts = "|".join(vocabulary()["markers"].get("accounts", [])) or "(?!)"
    return re.compile(rf"(?:(?<=事業)|(?<=費)|(?<=金))\s*(?P<account>{accounts})\s*$")


def strip_markers(name: str) -> tuple[str, list[str]]:
    """A name without its flag markers, and the flags (「【新規】子ども食堂支援事業」 -> ("子ども食堂支援事業", ["新規"]));
    a bare flag set off by a space before the name (「拡　児童相談所体制強化事業」) is one too."""
    found = markers_in(name)
    for marker in reversed(found):
        name = name[:marker.start] + name[marker.end:]
    flags = [m.flag for m in found]
    # 「地域ＧＸ産業立地促進補助金　【拡充】 エネルギー対策特別会計」: an account written bare after the name's ending
    if (account := _bare_account().search(nfkc(name))) is not None:
        name = nfkc(name)[:account.start()]
        flags.append(account.group("account"))
    bare = _bare_flag().match(normal := nfkc(name))
    if bare:
        flag = bare.group("flag")
        flags.insert(0, vocabulary()["markers"].get("canonical", {}).get(flag, flag))
        name = normal[bare.end():]
    return name.strip(), flags


@cache
def _bare_flag() -> re.Pattern[str]:
    flags = sorted(vocabulary()["markers"]["flags"], key=len, reverse=True)
    return re.compile(rf"^\s*(?P<flag>{'|'.join(map(re.escape, flags))})\s+(?=\S)")


def flags_in(cell: str) -> list[str]:
    """Flags written alone in a marker column (「新規」「拡充」「新・拡」 -> canonical flags); [] for anything else."""
    markers = vocabulary()["markers"]
    words = [w for w in re.split(r"[・/／、,，\s]+", compact(cell).strip("()（）【】[]")) if w]
    if not words or any(w not in markers["flags"] for w in words):
        return []
    return [markers.get("canonical", {}).get(w, w) for w in words]


def is_repeat(flags: list[str]) -> bool:
    """Flags that mark a 【再掲】 repeat of an item listed elsewhere (never summed twice)."""
    return any(f in vocabulary()["markers"]["repeat"] for f in flags)


@cache
def _figure_pattern() -> re.Pattern[str]:
    signs = "".join(re.escape(compact(s)) for s in vocabulary()["signs"]["negative"])
    return re.compile(rf"^(?P<sign>[{signs}])?(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)$")


def figure(text: str) -> Decimal | None:
    """A bare figure in a table cell (「4,679,148」「▲1,234」「△ 56」「12.5」) as a number, or None.

    The signs in the data file's [signs] (▲, △, a minus) make it negative: Japanese tables mark decreases so.
    """
    match = _figure_pattern().match(compact(text))
    if not match:
        return None
    try:
        value = Decimal(match.group("digits").replace(",", ""))
    except InvalidOperation:
        return None
    return -value if match.group("sign") else value
