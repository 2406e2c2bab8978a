"""A table's mapping read from its own header row, for tables published without one.

Offices export their lists of programs (主要事業一覧, 重要施策) as CSV with a header row such as
「番号,事業名,担当課,予算額(千円),前年度予算額(千円),増減,事業概要,区分」. When no `NAME.mapping.toml` lies beside
such a file, the columns are recognised by the genre's header vocabulary (`data/table_headers.toml`): the title,
this year's and last year's budget (their unit from the header's 「(千円)」 when the cells are bare numbers), the
department, a category, an id and the text columns kept as sections. A header without a title column is no table
of programs: the file stays skipped and named, as before. What was inferred is said in a warning, so that an
operator can write a mapping where the guess is wrong.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from qa.ingest.normalize import nfkc
from qa.ingest.years import ERA_YEAR, era_name, year_of

_DATA = Path(__file__).parent / "data" / "table_headers.toml"
_UNIT_IN_HEADER = re.compile(r"[（(\[［【]\s*(?:単位\s*[:：]?\s*)?(?P<unit>百万円|千円|億円|円)\s*[)）\]］】]|(?P<bare>百万円|千円|億円)$")
_BRACKETS = re.compile(r"[（(\[［【][^）)\]］】]*[)）\]］】]")


@cache
def _raw() -> dict[str, Any]:
    """`data/table_headers.toml`, read once."""
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _vocabulary() -> dict[str, dict[str, list[re.Pattern[str]]]]:
    return {role: {k: [re.compile(p) for p in spec.get(k, [])] for k in ("patterns", "exclude")}
            for role, spec in _raw().items()}


@cache
def _english_sections() -> dict[str, str]:
    """An English section header (bare, lower-cased) -> the genre's name for it (purpose -> 目的)."""
    return dict(_raw()["sections"].get("english", {}))


# A unit an English field name ends with (「cap_yen」, 「amountJpy」, 「limit_thousand_yen」).
_ENGLISH_UNIT = re.compile(r"(?i)^(?P<name>.+?)_?(?P<unit>thousand_?yen|k_?yen|yen|jpy)$")


def english_field(key: str) -> tuple[str, str] | None:
    """An English field name inside a record's object, as the genre names it, with the unit its name gives:
    "cap_yen" -> ("上限", "円"), "rate" -> ("補助率", ""), "colour" -> None (not a name of the genre)."""
    bare = _bare(key)
    unit = ""
    if (match := _ENGLISH_UNIT.match(bare)) is not None:
        bare, unit = match["name"], "千円" if match["unit"].lower().startswith(("thousand", "k")) else "円"
    name = _english_sections().get(bare.lower())
    return (name, unit) if name else None


def _bare(header: str) -> str:
    """A header as matched: NFKC, brackets (units) and spaces removed."""
    # (「subsidy@rate」: an XML attribute's key, matched as 「subsidy_rate」)
    return re.sub(r"\s+", "", _BRACKETS.sub("", nfkc(header))).replace("@", "_")


def header_unit(header: str) -> str | None:
    """The unit a header gives its column's bare numbers: 「予算額(千円)」 -> 千円; None when it gives none."""
    match = _UNIT_IN_HEADER.search(nfkc(header).strip())
    return (match.group("unit") or match.group("bare")) if match else None


def column_label(header: str) -> str:
    """A column's name without the unit it gives its figures (the figure is written with it): 「2023年度(千円)」 ->
    「2023年度」, 「令和５年度決算」 as written."""
    return _UNIT_IN_HEADER.sub("", header.strip()).strip() or header.strip()


def figure_columns(keys: list[str]) -> tuple[str, str | None] | None:
    """The budget key and the last year's key (or None) of an object's keys, as a table's header would name them
    (「budget_amount」「prev_budget_amount」); None when no key names a budget."""
    budget = _pick("budget", keys, set())
    if budget is None:
        return None
    return budget, _pick("previous", keys, {budget})


@cache
def account_names() -> dict[str, str]:
    """An English key naming an account or a total (lower-cased) -> the genre's name (general_account -> 一般会計)."""
    return dict(_raw().get("accounts", {}).get("english", {}))


def _pick(role: str, headers: list[str], taken: set[str]) -> str | None:
    spec = _vocabulary()[role]
    for pattern in spec["patterns"]:
        for h in headers:
            bare = _bare(h)
            if h not in taken and pattern.search(bare) and not any(x.search(bare) for x in spec["exclude"]):
                return h
    return None


def infer_mapping(headers: list[str], keep_rest: bool = False) -> dict[str, Any] | None:
    """The mapping (as the keys of a `NAME.mapping.toml`) a table's column names imply, or None when they name no
    title column.

    Args:
        headers: the column names (a CSV's header row, a JSON record's keys), as written.

    Returns:
        {"title": ..., "budget": ..., "budget_unit": ..., "previous": ..., "ministry": ..., "department": ...,
        "category": ..., "flags": ..., "contact": ..., "id": ..., "sections": {header: header}}, only the keys
        found; the department is a list of two names when a 部局 column stands beside a 課 column. Columns named
        by their years alone (「令和6年度」「令和7年度」) give the budget, last year's figure, the rows' `year` and
        the other years' columns (`amounts`, a list of headers). With `keep_rest` (a sheet's header, where every
        column is something the office chose to publish), each column no role took and no section pattern names is
        kept as a section too (「うち寄附金充当額（円）」), a row number's column (「番号」) aside.
    """
    taken: set[str] = set()
    found: dict[str, Any] = {}
    for role in ("title", "budget", "previous", "ministry", "department", "category", "flags", "contact", "id"):
        column = _pick(role, headers, taken)
        if column is None and role == "category":
            column = _bracketed_role(role, headers, taken)
        if column is not None:
            found[role] = column
            taken.add(column)
    if "title" not in found:
        return None
    if found["title"].isascii() and "budget" not in found:
        return None  # an English "name" column alone (a list of staff, of places) is no table of programs
    if "department" in found and (second := _pick("department", headers, taken)) is not None:
        # 「担当部局」 and 「担当課」 side by side: the department is both, in the table's order (健康福祉部 子ども家庭課).
        taken.add(second)
        found["department"] = sorted([found["department"], second], key=headers.index)
    _budget_by_year(found, headers, taken)
    if "budget" not in found:
        _budget_of_year_columns(found, headers, taken)
    if "year" not in found and (column := _pick("year", headers, taken)) is not None:
        found["year"] = {"field": column}  # 「年度」: each row's own fiscal year (a table in long format)
        taken.add(column)
    for role in ("budget", "previous"):
        unit = header_unit(found[role]) if role in found else None
        if unit and "budget_unit" not in found:
            found["budget_unit"] = unit
    sections: dict[str, str] = {}
    for h in headers:
        bare = _bare(h)
        if h not in taken and any(p.search(bare) for p in _vocabulary()["sections"]["patterns"]):
            # an English header (purpose, overview) named as the genre's documents name the section (目的, 概要)
            own = _BRACKETS.sub("", h).strip()
            name = _english_sections().get(bare.lower(), own)
            sections[name if name not in sections else own] = h
    if keep_rest:
        for h in headers:
            # (another year's column stays out, as `_budget_of_year_columns` leaves it: only a mapping's `amounts`
            # keeps a third year, so that 「令和6年度は？」 is never answered from a 決算 column read by guess)
            if h not in taken and h not in sections.values() and not _ROW_NUMBER.match(_bare(h)) \
                    and year_of(nfkc(h)) is None and not _WESTERN_HEAD.match(_bare(h)):
                own = column_label(h)
                sections[own if own not in sections else h] = h
    if sections:
        found["sections"] = sections
    return found


# A column of row numbers, which says nothing of a program (「番号」「No.」「連番」「#」).
_ROW_NUMBER = re.compile(r"(?i)^(?:番号|連番|通し番号|項番|no\.?|#|\d*)$")


def _bracketed_role(role: str, headers: list[str], taken: set[str]) -> str | None:
    """A column whose role its bracketed note names (「寄附の使い道（分野）」: a category), when no header names
    the role in its own words; never a unit (「（千円）」)."""
    spec = _vocabulary()[role]
    for h in headers:
        if h in taken:
            continue
        for inner in re.findall(r"[（(\[［【]([^）)\]］】]+)[)）\]］】]", nfkc(h)):
            bare = re.sub(r"\s+", "", inner)
            if header_unit(f"({bare})") is None and any(p.search(bare) for p in spec["patterns"]) \
                    and not any(x.search(bare) for x in spec["exclude"]):
                return h
    return None


def _budget_by_year(found: dict[str, Any], headers: list[str], taken: set[str]) -> None:
    """Two budget columns told apart by their years (「令和8年度当初予算額」「令和7年度当初予算額」): the later is this
    year's budget, the earlier last year's (when no column says 前年度). In place."""
    if "budget" not in found or "previous" in found:
        return
    year = year_of(nfkc(found["budget"]))
    others = [h for h in headers if h not in taken and year_of(nfkc(h)) is not None
              and _pick("budget", [h], set()) == h]
    if year is None or not others:
        return
    other = others[0]
    other_year = year_of(nfkc(other))
    if other_year is None or other_year == year:
        return
    if other_year > year:
        found["budget"], other = other, found["budget"]
    found["previous"] = other
    taken.add(other)


# A year written in the Western calendar at a header's start (「2025年度」「FY2025」「2025」).
_WESTERN_HEAD = re.compile(r"^(?:FY|fy)?\s*(?P<year>(?:19|20)\d{2})(?:年度|年)?")
# A unit closing a header without brackets (「令和7年度千円」).
_TRAILING_UNIT = re.compile(r"(?:百万円|千円|億円)$")


@cache
def _year_afters() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in _raw().get("years", {}).get("after", [])]


def year_column(header: str) -> tuple[int, str] | None:
    """The fiscal year (Western) a column named by its year holds, and the kind written after the year:
    「令和7年度」 -> (2025, ""), 「令和６年度決算（千円）」 -> (2024, "決算"), 「R7当初」 -> (2025, "当初"),
    「FY2025」 -> (2025, ""); None for any other header (「予算額」「番号」「令和7年度の目標」)."""
    bare = _TRAILING_UNIT.sub("", _bare(header))
    match = ERA_YEAR.match(bare)
    year = year_of(match.group(0)) if match else None
    if match is None or year is None:
        match = _WESTERN_HEAD.match(bare)
        year = int(match.group("year")) if match else None
    if match is None or year is None:
        return None
    after = bare[match.end():]
    return (year, after) if any(p.search(after) for p in _year_afters()) else None


def _budget_of_year_columns(found: dict[str, Any], headers: list[str], taken: set[str]) -> None:
    """Columns named by their years alone (「令和5年度」「令和6年度」「令和7年度」, a town's multi-year list with no
    column naming the budget in words): the newest year's is the budget, its year the rows' fiscal year
    (`year`, 「令和7年度」, the kind written after the year kept: 「令和7年度当初」); the year before it last
    year's; the other years' columns are kept as figures (`amounts`) in the budget's unit. In place."""
    years = [(h, column) for h in headers if h not in taken and (column := year_column(h)) is not None]
    if not years:
        return
    newest = max(year for _, (year, _kind) in years)
    budget, (_, kind) = next((h, c) for h, c in years if c[0] == newest)
    found["budget"] = budget
    found["year"] = f"{era_name(newest)}{kind}"
    taken.add(budget)
    previous = next((h for h, (year, _kind) in years if year == newest - 1), None)
    if previous is not None:
        found["previous"] = previous
        taken.add(previous)
    others = [h for h, _ in years if h not in taken]
    if others:
        found["amounts"] = others
        taken.update(others)


def describe(found: dict[str, Any]) -> str:
    """One line saying which column was read as what (for the warning)."""
    parts = [f"{role}={'+'.join(found[role]) if isinstance(found[role], list) else found[role]}"
             for role in ("records", "title", "budget", "previous", "ministry", "department", "category", "flags", "contact",
                         "id")
             if role in found]
    if "budget_unit" in found:
        parts.append(f"unit={found['budget_unit']}")
    if "year" in found:
        parts.append(f"year={found['year']}")
    if "amounts" in found:
        parts.append("other years=" + "/".join(found["amounts"]))
    if "sections" in found:
        parts.append("sections=" + "/".join(found["sections"]))
    return ", ".join(parts)
