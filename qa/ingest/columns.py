"""Rows of figures in columns, as a prefecture's 補正予算の説明書 sets its 款・項 and its 総括.

A 補正予算の説明書 laid out by columns heads each 款 and 項 with three figures: the budget before the amendment, the
amendment, and the budget after it, under a header that names them (「款・項　既決予算額　補正額　計」, other offices
「補正前の額　補正額　補正後の額」「既定予算額　補正予算額　計」), or with each figure labelled on the line itself
(「第２款　総務費　　補正前の額 41,860,200　補正額 217,500　補正後の額 42,077,700」). Figures are bare in the unit a
legend states once (「（単位：千円）」「金額の単位は千円」), or carry it each (「28,401,000千円」). Its 総括 tables set the
same columns by 款, closed by 「歳出合計」.

This module reads such a row: its name (a 款/項/目 when the classification's word marks it: 「２款」「第１項」「（款）」),
its figures with their columns (by a label on the line, else the header's order, else the arithmetic the columns
obey: before + amendment = after). The words (column names, levels, the revenue side) are the vocabulary's
(data/vocabulary.toml [field], [ledger] levels, [columns]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa.ingest.lines import PIPE
from qa.ingest.vocabulary import compact, header_field, is_total, vocabulary

# Column roles of a 補正 row: the budget before it, the amendment (the figure a program or total is read with), after.
BEFORE, AMENDMENT, AFTER = "before", "budget", "after"
_ROLES = (BEFORE, AMENDMENT, AFTER)
# One whitespace-free token of a row.
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Figure:
    """One figure of a row: its value in the row's unit (signed: △ is a decrease), the unit it carries itself (or
    None: the legend's), its label on the line (or ""), and its span in the line's normalised text (sign included)."""

    value: int
    unit: str | None
    label: str
    start: int
    end: int

    def yen(self, unit: tuple[str, int] | None) -> int | None:
        """The figure in yen: its own unit, else the stated one; None when neither is known (never guessed)."""
        units = vocabulary()["units"]["yen"]
        if self.unit is not None:
            return self.value * int(units[self.unit])
        return self.value * unit[1] if unit is not None else None

    def written(self, unit: tuple[str, int] | None) -> str:
        """The figure as an amount's text: its digits with the unit it is in (「286,000千円」, 「△45,000千円」)."""
        sign = "△" if self.value < 0 else ""
        return f"{sign}{abs(self.value):,}{self.unit or (unit[0] if unit else '')}"


@dataclass(frozen=True)
class Row:
    """A row of column figures: the name before them, its classification level (0 款, 1 項, 2 目; None for a row of
    a summary table such as 「歳出合計」 or 「４　健康福祉費」), and its figures by column role."""

    name: str
    level: int | None
    columns: dict[str, Figure]
    name_start: int
    name_end: int


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A figure token (sign, digits, a unit of the vocabulary), a level opening a name (「第２款」「１項」「（款）」),
    and a side of the 総括 (「（歳入）」「【歳出】」) from data/vocabulary.toml."""
    units = "|".join(sorted(map(re.escape, vocabulary()["units"]["yen"]), key=len, reverse=True))
    signs = "".join(re.escape(s) for s in vocabulary()["signs"]["negative"] if len(s) == 1)
    figure = re.compile(rf"^(?P<sign>[{signs}])?(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<unit>{units})?$")
    levels = "|".join(map(re.escape, vocabulary()["ledger"]["levels"]))
    # (「【２款　総務費】」: the whole 款 in brackets as a heading of the 説明, 美波県 of forms23; the brackets off)
    level = re.compile(rf"^(?:[【〔\[［]\s*(?=第?\s*\d))?(?:第?\s*\d{{1,3}}\s*(?P<a>{levels})|"
                       rf"[（(【〔\[［<＜]\s*(?P<b>{levels})\s*[)）】〕\]］>＞])\s*"
                       r"(?:\d{1,3}\s+)?(?P<name>[^\d\s].*?)(?:\s*[】〕\]］](?=\s|$))?$")
    sides = vocabulary()["columns"]
    words = "|".join(map(re.escape, [*sides["revenue"], *sides["expenditure"]]))
    side = re.compile(rf"^[（(【〔\[［<＜]?\s*(?P<side>{words})\s*[)）】〕\]］>＞]?(?:\s|$)")
    return figure, level, side


def _tokens(norm: str) -> list[re.Match[str]]:
    """The tokens of a normalised line, a table's verticals (｜) taken as gaps (positions kept)."""
    return list(_TOKEN.finditer(PIPE.sub(" ", norm)))


def _role(label: str, header: bool = False) -> str | None:
    """The column a label or header cell names (補正前の額/既決予算額 before, 補正額 the amendment, 補正後の額 after; in
    a header, 計 after too)."""
    if not label:
        return None
    if header and is_total(label):
        return AFTER  # 「計」 closing 既決予算額 | 補正額 | 計: the budget after the amendment (on a row it names the row)
    field = header_field(label)
    return field if field in _ROLES else None


def header_columns(norm: str) -> dict[str, str] | None:
    """The money columns a header line names, in order, role -> the header's word (「款・項 既決予算額 補正額 計」 ->
    before: 既決予算額, budget: 補正額, after: 計), or None: a header names the amendment and another money column,
    and holds no figure."""
    if re.search(r"\d", norm):
        return None
    named = [(r, t.group()) for t in _tokens(norm) if (r := _role(t.group(), header=True))]
    roles = dict(named)
    return roles if AMENDMENT in roles and len(roles) >= 2 and len(roles) == len(named) else None


def side_of(norm: str) -> str | None:
    """「revenue」 or 「expenditure」 for a line that opens one side of a 総括 (「（歳入）」「【歳出】」), else None."""
    match = _patterns()[2].match(norm)
    if not match:
        return None
    return "revenue" if match.group("side") in vocabulary()["columns"]["revenue"] else "expenditure"


def is_revenue(name: str) -> bool:
    """A row named for the revenue side (「歳入合計」): never the budget's spending total."""
    return any(w in compact(name) for w in vocabulary()["columns"]["revenue"])


def _figures(norm: str) -> tuple[list[Figure], int]:
    """The figures closing a line (each maybe labelled: 「補正額 217,500」) and where the text before them ends."""
    pattern = _patterns()[0]
    tokens = _tokens(norm)
    figures: list[Figure] = []
    k = len(tokens) - 1
    while k >= 0:
        token = tokens[k]
        text = token.group()
        start = token.start()
        if text in ("△", "▲") and figures and not figures[-1].label:
            k -= 1  # a sign set apart from its figure (「△ 45,000」)
            continue
        match = pattern.match(text)
        if match is None:
            break
        sign = -1 if match.group("sign") or (k > 0 and tokens[k - 1].group() in ("△", "▲")) else 1
        if k > 0 and tokens[k - 1].group() in ("△", "▲"):
            start = tokens[k - 1].start()
            k -= 1
        label = ""
        if k > 0 and _role(tokens[k - 1].group().rstrip(":：")):
            label = tokens[k - 1].group().rstrip(":：")
            k -= 1
        figures.append(Figure(sign * int(match.group("digits").replace(",", "")), match.group("unit"), label,
                              start, token.end()))
        k -= 1
    figures.reverse()
    end = tokens[k].end() if k >= 0 else 0
    return figures, end


def _columns(figures: list[Figure], header: dict[str, str] | None) -> dict[str, Figure] | None:
    """The figures by role: by their labels, else by the header's order, else by the columns' arithmetic (before +
    amendment = after, in the same unit); None when no role can be told."""
    if len(figures) < 2:
        return None  # (「補正額　286,000」 alone closing a program's line: its amount, no row of columns)
    if all(f.label for f in figures):
        roles = {_role(f.label): f for f in figures}
        return roles if AMENDMENT in roles and len(roles) == len(figures) else None
    if any(f.label for f in figures):
        return None
    if header is not None and len(header) == len(figures):
        return dict(zip(header, figures, strict=True))  # (a dict keeps the header's order)
    if len(figures) == 3 and len({f.unit for f in figures}) == 1 and figures[0].value + figures[1].value == figures[2].value:
        return dict(zip(_ROLES, figures, strict=True))
    return None


def level_of(name: str) -> tuple[int, str] | None:
    """The level (0 款, 1 項, 2 目, the vocabulary's order) and bare name of a classification's name (「２款　総務費」
    -> (0, 「総務費」), 「（項）企画費」 -> (1, 「企画費」)), or None."""
    match = _patterns()[1].match(name.strip())
    if not match:
        return None
    word = match.group("a") or match.group("b")
    return vocabulary()["ledger"]["levels"].index(word), match.group("name").strip()


def column_row(norm: str, header: dict[str, str] | None) -> Row | None:
    """A line as a row of column figures (a 款・項 line of the 説明, a row of the 総括), or None when its figures'
    columns cannot be told. `header` is the columns of the header line above it, if any (`header_columns`)."""
    figures, end = _figures(norm)
    columns = _columns(figures, header)
    head = norm[:end].strip()
    if columns is None and len(figures) == 1 and _role(figures[0].label) == AMENDMENT and level_of(head):
        # 「【２款　総務費】　　補正額　27,200千円」: a 款 heading the 説明 with its amendment alone (the other columns on
        # the 項's own line under it, or in the 総括)
        columns = {AMENDMENT: figures[0]}
    if columns is None or AMENDMENT not in columns:
        return None
    if not head or re.search(r"[。、]", head):
        return None
    found = level_of(head)
    start = len(norm) - len(norm.lstrip(" |"))
    if found is None:
        # a row of a summary table (「４　健康福祉費」「歳出合計」): its name without the table's verticals and number
        name = re.sub(r"^\d{1,3}\s+", "", PIPE.sub(" ", head).strip()).strip()
        return Row(name, None, columns, start, end) if name else None
    level, name = found
    return Row(name, level, columns, start, end)


def bare_level_line(norm: str) -> tuple[int, str] | None:
    """A 款/項/目 line without figures (「第２款　総務費」 over figures set elsewhere): its level and name, when the
    name ends as a classification's does (data/vocabulary.toml [ledger] level_endings)."""
    found = level_of(norm)
    if found is None or re.search(r"\d{2,}|[。、]", found[1]) or len(found[1]) > 20:
        return None
    name = found[1].split()[0]
    return (found[0], name) if name.endswith(tuple(vocabulary()["ledger"]["level_endings"])) else None
